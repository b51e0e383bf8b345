/**
 * Patches of entry points that were not rendered (no tool, a failed render, a remote base): the partial object each
 * patch sets, so the checks can look at the values it sets. Patch files of strategic-merge patches are linted on their
 * own already (they are objects of a file); what is built here are the patches that are no object of a file: inline
 * patches of a kustomization or of a Flux/Argo object, and JSON 6902 patches (a list of operations), inline or in a file.
 */
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { isRecord as isPlainObject } from '../k8s/index.js';
import type { Path } from '../shared/types.js';
import { kustomizationTree } from './kustomization.js';
import { identityOf, jsonOps, loadPatch } from './patches.js';
import { locateIn, type SourceCache } from './source.js';
import type { EntryPoint, PatchObject, PatchSource, PatchTarget, RenderRun, SourceLocation } from './types.js';

function realPathOf(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

function inside(root: string, p: string): boolean {
  const r = path.relative(root, p);
  return r === '' || (!r.startsWith('..') && !path.isAbsolute(r));
}

/** The API version of the workload kinds a JSON 6902 patch without `group`/`version` most often targets. */
const WORKLOAD_API_VERSIONS: Readonly<Record<string, string>> = {
  Pod: 'v1',
  Deployment: 'apps/v1',
  StatefulSet: 'apps/v1',
  DaemonSet: 'apps/v1',
  ReplicaSet: 'apps/v1',
  Job: 'batch/v1',
  CronJob: 'batch/v1',
};

/** The leaves (scalars, empty collections) under a value, as paths relative to it. */
function leaves(value: unknown, prefix: Path = []): Path[] {
  if (Array.isArray(value)) return value.length === 0 ? [prefix] : value.flatMap((v, i) => leaves(v, [...prefix, i]));
  if (isPlainObject(value)) {
    const keys = Object.keys(value).filter((k) => !k.startsWith('$'));
    return keys.length === 0 ? [prefix] : keys.flatMap((k) => leaves(value[k], [...prefix, k]));
  }
  return [prefix];
}

/** Put `value` at a JSON pointer's path, making the containers on the way; `-` appends. Returns the concrete path. */
function putAt(root: Record<string, unknown>, path: Path, value: unknown): Path | undefined {
  if (path.length === 0) return undefined;
  let node: unknown = root;
  const concrete: Array<string | number> = [];
  for (let i = 0; i < path.length; i++) {
    const last = i === path.length - 1;
    const next = path[i + 1];
    const fresh = () => (last ? structuredClone(value) : typeof next === 'number' || next === '-' ? [] : {});
    let segment = path[i];
    if (Array.isArray(node)) {
      if (segment === '-') segment = node.length;
      if (typeof segment !== 'number' || segment > node.length) return undefined;
      if (last || node[segment] === undefined || node[segment] === null || typeof node[segment] !== 'object') node[segment] = fresh();
      concrete.push(segment);
      node = node[segment];
    } else if (isPlainObject(node)) {
      const key = String(segment);
      if (last || !node[key] || typeof node[key] !== 'object') node[key] = fresh();
      concrete.push(key);
      node = node[key];
    } else return undefined;
  }
  return concrete;
}

function apiVersionOf(target: PatchTarget): string | undefined {
  if (target.version) return target.group ? `${target.group}/${target.version}` : target.version;
  return target.kind ? WORKLOAD_API_VERSIONS[target.kind] : undefined;
}

/** The partial objects one patch sets (one per strategic-merge document, one per JSON 6902 patch). */
export function patchObjectsOf(patch: PatchSource, cache: SourceCache): PatchObject[] {
  const loaded = loadPatch(cache, patch);
  if (!loaded) return [];
  const out: PatchObject[] = [];
  for (const document of loaded.documents) {
    const value = document.value;
    const locate = (p: Path): SourceLocation => {
      const { exact: _exact, ...at } = locateIn(loaded.source, document, p);
      return at;
    };
    if (patch.type === 'json6902' || Array.isArray(value)) {
      const target = patch.target ?? {};
      if (!target.kind) continue;
      const object: Record<string, unknown> = {};
      const values: PatchObject['values'] = [];
      for (const op of jsonOps(value)) {
        if ((op.op !== 'add' && op.op !== 'replace') || !op.hasValue) continue;
        const at = putAt(object, op.path, op.value);
        if (!at) continue;
        for (const leaf of leaves(op.value)) values.push({ path: [...at, ...leaf], location: locate([op.index, 'value', ...leaf]) });
      }
      if (values.length === 0) continue;
      const apiVersion = apiVersionOf(target);
      const metadata = isPlainObject(object.metadata) ? object.metadata : {};
      out.push({
        target,
        object: {
          ...(apiVersion ? { apiVersion } : {}),
          kind: target.kind,
          ...object,
          metadata: { ...(target.name ? { name: target.name } : {}), ...metadata },
        },
        values,
        filePath: loaded.source.filePath,
      });
      continue;
    }
    if (!isPlainObject(value)) continue;
    // A strategic-merge patch file is an object of its file, linted there; only an inline one is built here.
    if (!patch.inline) continue;
    const identity = identityOf(value);
    const target: PatchTarget = patch.target ?? { ...(identity.kind ? { kind: identity.kind } : {}), ...(identity.name ? { name: identity.name } : {}) };
    const kind = identity.kind ?? target.kind;
    if (!kind) continue;
    const values = leaves(value)
      .filter((p) => !(p.length === 1 && (p[0] === 'apiVersion' || p[0] === 'kind')))
      .filter((p) => !(p.length === 2 && p[0] === 'metadata' && (p[1] === 'name' || p[1] === 'namespace')))
      .map((p) => ({ path: p, location: locate(p) }));
    if (values.length === 0) continue;
    const apiVersion = typeof value.apiVersion === 'string' ? value.apiVersion : apiVersionOf({ ...target, kind });
    out.push({ target, object: { ...structuredClone(value), ...(apiVersion ? { apiVersion } : {}), kind }, values, filePath: loaded.source.filePath });
  }
  return out;
}

/**
 * The patches of the kustomize entry points a run did not render, as partial objects, each patch once. Patches of
 * kustomizations that a rendered entry point read are left out: the render checked what they set.
 */
export function unrenderedPatchObjects(run: Pick<RenderRun, 'entryPoints' | 'renders' | 'consumedFiles'>, cache: SourceCache, root: string): PatchObject[] {
  const rendered = new Set(run.renders.filter((r) => r.status === 'rendered').map((r) => r.entryPoint));
  const consumed = new Set(run.consumedFiles);
  const seen = new Set<string>();
  const out: PatchObject[] = [];
  const add = (patch: PatchSource) => {
    const key = `${patch.ref.filePath}\0${patch.ref.documentIndex}\0${patch.ref.path.join('\0')}`;
    if (seen.has(key) || (!patch.inline && patch.type !== 'json6902') || consumed.has(patch.ref.filePath)) return;
    // A patch file outside the repository, or a link out of it, is never read (Kustomize's load restrictor refuses it).
    if (!inside(realPathOf(root), realPathOf(patch.ref.filePath))) return;
    seen.add(key);
    out.push(...patchObjectsOf(patch, cache));
  };
  for (const entry of run.entryPoints.filter((e: EntryPoint) => e.tool === 'kustomize' && !rendered.has(e.id))) {
    for (const k of kustomizationTree(cache, entry.dir)) for (const patch of k.patches) add(patch);
    for (const { text: _text, ...patch } of entry.kustomize?.patches ?? []) add(patch);
  }
  return out;
}

/** Where a path of a patch object is set: the value at it, the first value under it, else the nearest value above it. */
export function locatePatchObject(patch: PatchObject, path: Path): SourceLocation {
  const key = (p: Path) => p.map(String).join('\0');
  const wanted = key(path);
  const exact = patch.values.find((v) => key(v.path) === wanted);
  if (exact) return exact.location;
  const below = patch.values.find((v) => v.path.length > path.length && key(v.path.slice(0, path.length)) === wanted);
  if (below) return below.location;
  let best: PatchObject['values'][number] | undefined;
  for (const v of patch.values)
    if (v.path.length < path.length && key(path.slice(0, v.path.length)) === key(v.path) && (!best || v.path.length > best.path.length)) best = v;
  return (best ?? patch.values[0]).location;
}

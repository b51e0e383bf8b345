/**
 * Rendering one kustomization entry point: a generated wrapper kustomization in a temporary folder lists the entry
 * folder (relative path, so Kustomize's default load restrictor holds) and turns on `buildMetadata:
 * [originAnnotations]`, which tells each object's source file through nested bases and components; the wrapper also
 * carries a Flux/Argo object's settings. The origin annotations are removed before anyone sees the objects.
 */
import { realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { objectsOf, parseText } from '../parse/index.js';
import { isRecord as isPlainObject } from '../k8s/index.js';
import type { KubeObject } from '../check-api.js';
import { CLUSTER_SCOPED_KINDS } from '../k8s/index.js';
import { kustomizationTree, type Kustomization } from './kustomization.js';
import { loadPatch, patchApplies } from './patches.js';
import { firstErrorLine, runTool, tempFolder, type KustomizeTool, type ToolRunOptions } from './run.js';
import type { SourceCache } from './source.js';
import type { EntryPoint, ObjectOrigin, PatchSource, RenderedObject } from './types.js';

export const ORIGIN_ANNOTATION = 'config.kubernetes.io/origin';

export interface EntryOutcome {
  status: 'rendered' | 'failed';
  objects: RenderedObject[];
  /** The tool's first error line, for a failure; `timedOut`/`overflow` say why it was stopped. */
  error?: string;
  timedOut?: boolean;
  overflow?: boolean;
  durationMs: number;
  consumed: string[];
}

/** The wrapper kustomization for an entry point (plain data; JSON is YAML). */
export function wrapperKustomization(entry: EntryPoint, wrapperDir: string): Record<string, unknown> {
  const s = entry.kustomize;
  const wrapper: Record<string, unknown> = {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: [path.relative(wrapperDir, entry.dir).split(path.sep).join('/')],
    buildMetadata: ['originAnnotations'],
  };
  if (s?.namespace) wrapper.namespace = s.namespace;
  if (s?.namePrefix) wrapper.namePrefix = s.namePrefix;
  if (s?.nameSuffix) wrapper.nameSuffix = s.nameSuffix;
  if (s?.images?.length) wrapper.images = s.images;
  if (s?.commonLabels) wrapper.commonLabels = s.commonLabels;
  if (s?.commonAnnotations) wrapper.commonAnnotations = s.commonAnnotations;
  if (s?.patches.length) wrapper.patches = s.patches.map((p) => ({ patch: p.text, ...(p.target ? { target: p.target } : {}) }));
  return wrapper;
}

function realPath(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

/** Remove the origin annotation (and an annotations map it leaves empty); returns the annotation's text. */
export function stripOrigin(object: Record<string, unknown>): string | undefined {
  const metadata = isPlainObject(object.metadata) ? object.metadata : undefined;
  const annotations = metadata && isPlainObject(metadata.annotations) ? metadata.annotations : undefined;
  if (!annotations || typeof annotations[ORIGIN_ANNOTATION] !== 'string') return undefined;
  const text = annotations[ORIGIN_ANNOTATION];
  delete annotations[ORIGIN_ANNOTATION];
  if (Object.keys(annotations).length === 0) delete metadata!.annotations;
  return text;
}

/** The patches that may apply to an object from `defining` (the kustomization that lists it), in applying order. */
function patchChain(tree: Kustomization[], defining: Kustomization | undefined, entry: EntryPoint): PatchSource[] {
  const byDir = new Map(tree.map((k) => [k.dir, k]));
  const parent = new Map<string, Kustomization>();
  for (const k of tree) for (const e of k.entries) if (e.isDir && e.absolute && !parent.has(e.absolute) && e.absolute !== k.dir) parent.set(e.absolute, k);
  const withComponents = (k: Kustomization, seen: Set<string>): PatchSource[] => {
    if (seen.has(k.dir)) return [];
    seen.add(k.dir);
    const fromComponents = k.entries
      .filter((e) => e.field === 'components' && e.absolute && byDir.has(e.absolute))
      .flatMap((e) => withComponents(byDir.get(e.absolute!)!, seen));
    return [...fromComponents, ...k.patches];
  };
  const out: PatchSource[] = [];
  const seen = new Set<string>();
  if (defining) {
    for (let k: Kustomization | undefined = defining; k; k = parent.get(k.dir)) out.push(...withComponents(k, seen));
  } else {
    for (const k of [...tree].reverse()) out.push(...withComponents(k, seen));
  }
  out.push(...(entry.kustomize?.patches ?? []).map(({ text: _text, ...p }) => p));
  return out;
}

/**
 * Kustomize's error without what the wrapper kustomization adds in front of it (`accumulating resources from
 * '<entry>': '<entry>' must resolve to a file': couldn't make target for path '<entry>': `), so the user reads the
 * entry point's own error.
 */
function withoutWrapper(stderr: string): string {
  return stderr
    .replace(/^\s+/, '')
    .replace(
      /^(error: )?accumulating resources: accumulation err='accumulating resources from '([^']*)': '\2' must resolve to a file': couldn't make target for path '\2': /,
      '$1',
    );
}

/** Render one kustomize entry point. */
export async function renderKustomizeEntry(
  entry: EntryPoint,
  tool: KustomizeTool,
  cache: SourceCache,
  run: ToolRunOptions & { root: string },
): Promise<EntryOutcome> {
  const temp = tempFolder();
  try {
    writeFileSync(path.join(temp.dir, 'kustomization.yaml'), JSON.stringify(wrapperKustomization(entry, temp.dir), null, 2));
    const result = await runTool(tool.command, tool.args(temp.dir), run);
    const tree = kustomizationTree(cache, entry.dir);
    const consumed = [...new Set(tree.flatMap((k) => [k.file, ...k.readFiles, ...k.entries.filter((e) => !e.isDir && e.absolute).map((e) => e.absolute!)]))];
    if (result.code !== 0 || result.timedOut || result.overflow || result.error) {
      const relDir = path.relative(temp.dir, entry.dir).split(path.sep).join('/');
      const line = firstErrorLine(
        withoutWrapper(
          (result.error ?? result.stderr)
            .split(relDir)
            .join(path.relative(run.root, entry.dir) || '.')
            .split(temp.dir)
            .join('<wrapper>')
            .split(run.root + path.sep)
            .join(''),
        ),
      );
      return { status: 'failed', objects: [], error: line, timedOut: result.timedOut, overflow: result.overflow, durationMs: result.durationMs, consumed };
    }
    const parsed = parseText(result.stdout, path.join(temp.dir, 'rendered.yaml'));
    const realRoot = realPath(run.root);
    const toRepo = (p: string) => (p.startsWith(realRoot + path.sep) && realRoot !== run.root ? path.join(run.root, p.slice(realRoot.length + 1)) : p);
    const definingOf = (filePath: string, generator: boolean) =>
      tree.find((k) => (generator ? k.file === filePath : k.entries.some((e) => !e.isDir && e.absolute === filePath)));
    const objects: RenderedObject[] = [];
    const origins = new Set<string>();
    for (const document of parsed.documents) {
      if (!isPlainObject(document.value)) continue;
      const object = document.value as KubeObject;
      const originText = stripOrigin(object);
      const originValue = originText ? parseText(originText, 'origin').documents[0]?.value : undefined;
      let origin: ObjectOrigin = { type: 'unknown', filePath: entry.file };
      let defining: Kustomization | undefined;
      let baseName: string | undefined;
      if (isPlainObject(originValue) && typeof originValue.path === 'string' && !originValue.repo) {
        const filePath = toRepo(path.resolve(temp.dir, originValue.path));
        origins.add(filePath);
        defining = definingOf(filePath, false);
        const doc = documentFor(cache, filePath, object);
        origin = doc ? { type: 'resource', ref: doc.ref } : { type: 'unknown', filePath };
        baseName = doc?.name;
      } else if (isPlainObject(originValue) && typeof originValue.configuredIn === 'string') {
        const filePath = toRepo(path.resolve(temp.dir, originValue.configuredIn));
        defining = definingOf(filePath, true);
        origin = { type: 'generator', filePath };
      }
      const names = [object.metadata?.name, baseName].filter((n): n is string => typeof n === 'string');
      const patches = patchChain(tree, defining, entry).filter((p) => {
        const loaded = loadPatch(cache, p);
        return loaded !== undefined && patchApplies(loaded, object, names);
      });
      const namespace = effectiveNamespace(object, entry.defaultNamespace);
      objects.push({ object, entryPoints: [entry.id], ...(namespace ? { namespace } : {}), origin, patches });
    }
    return { status: 'rendered', objects, durationMs: result.durationMs, consumed: [...new Set([...consumed, ...origins])].sort() };
  } finally {
    temp.remove();
  }
}

/** The document of `filePath` an object was rendered from: same kind, the name the rendered name holds (longest). */
function documentFor(
  cache: SourceCache,
  filePath: string,
  object: KubeObject,
): { ref: { filePath: string; documentIndex: number; path: Array<string | number> }; name?: string } | undefined {
  const file = cache.file(filePath);
  if (!file) return undefined;
  const raws = objectsOf(file).filter((r) => r.value.kind === object.kind);
  const rendered = typeof object.metadata?.name === 'string' ? object.metadata.name : '';
  const nameOf = (v: Record<string, unknown>) => (isPlainObject(v.metadata) && typeof v.metadata.name === 'string' ? v.metadata.name : undefined);
  const ranked = raws
    .map((r) => ({ r, name: nameOf(r.value) }))
    .filter((c) => c.name !== undefined && rendered.includes(c.name))
    .sort((a, b) => (b.name === rendered ? 1 : 0) - (a.name === rendered ? 1 : 0) || b.name!.length - a.name!.length);
  const pick = ranked[0] ?? (raws.length === 1 ? { r: raws[0], name: nameOf(raws[0].value) } : undefined);
  if (!pick) return undefined;
  return { ref: { filePath, documentIndex: pick.r.document.index, path: [...pick.r.basePath] }, ...(pick.name ? { name: pick.name } : {}) };
}

export function effectiveNamespace(object: KubeObject, fallback: string | undefined): string | undefined {
  const own = object.metadata?.namespace;
  if (typeof own === 'string' && own) return own;
  return CLUSTER_SCOPED_KINDS.has(object.kind) ? undefined : fallback;
}

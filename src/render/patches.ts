/**
 * Patches without Kustomize: which objects a patch targets, the values it sets (with their source positions), and
 * where in a patch a path of a patched object sits (strategic-merge list items matched by their merge key).
 */
import type { ParsedDocument } from '../parse/index.js';
import { isRecord as isPlainObject } from '../k8s/index.js';
import type { Path } from '../shared/types.js';
import { locateIn, SourceCache, type YamlSource } from './source.js';
import type { PatchSource, PatchTarget, SetValue } from './types.js';
import { readKustomization } from './kustomization.js';

/** Strategic-merge keys of the lists that Kubernetes merges item by item (the rest are replaced whole). */
export const MERGE_KEYS: Readonly<Record<string, string>> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  volumes: 'name',
  env: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  ports: 'containerPort',
  imagePullSecrets: 'name',
  hostAliases: 'ip',
  resourceClaims: 'name',
  topologySpreadConstraints: 'topologyKey',
};

/** A patch's documents with their source (an inline patch's positions are translated to its file). */
export interface LoadedPatch {
  patch: PatchSource;
  source: YamlSource;
  documents: ParsedDocument[];
}

export function loadPatch(cache: SourceCache, patch: PatchSource): LoadedPatch | undefined {
  const source = cache.yaml(patch.ref, patch.inline);
  if (!source) return undefined;
  const documents = patch.inline ? source.file.documents : source.file.documents.filter((d) => d.index === patch.ref.documentIndex);
  return { patch, source, documents };
}

/** The identity a strategic-merge patch document names. */
export function identityOf(value: unknown): PatchTarget {
  if (!isPlainObject(value)) return {};
  const target: PatchTarget = {};
  if (typeof value.apiVersion === 'string') {
    const slash = value.apiVersion.indexOf('/');
    target.group = slash === -1 ? '' : value.apiVersion.slice(0, slash);
    target.version = slash === -1 ? value.apiVersion : value.apiVersion.slice(slash + 1);
  }
  if (typeof value.kind === 'string') target.kind = value.kind;
  const metadata = isPlainObject(value.metadata) ? value.metadata : {};
  if (typeof metadata.name === 'string') target.name = metadata.name;
  if (typeof metadata.namespace === 'string') target.namespace = metadata.namespace;
  return target;
}

function selectorMatches(selector: string | undefined, values: unknown): boolean {
  if (!selector) return true;
  const map = isPlainObject(values) ? values : {};
  return selector.split(',').every((term) => {
    const t = term.trim();
    if (!t) return true;
    const neq = t.indexOf('!=');
    if (neq !== -1) return String(map[t.slice(0, neq).trim()] ?? '') !== t.slice(neq + 2).trim();
    const eq = t.indexOf('=');
    if (eq === -1) return t.startsWith('!') ? !(t.slice(1) in map) : t in map;
    return (
      String(map[t.slice(0, eq).trim()]) ===
      t
        .slice(eq + 1)
        .replace(/^=/, '')
        .trim()
    );
  });
}

function nameMatches(pattern: string, names: string[]): boolean {
  let re: RegExp | undefined;
  try {
    re = new RegExp(`^(?:${pattern})$`);
  } catch {
    re = undefined;
  }
  return names.some((n) => n === pattern || (re?.test(n) ?? false));
}

/**
 * Whether a patch's target (or, for a strategic-merge patch without one, its document's identity) selects an object.
 * `names`: the names the object had (in its base, and rendered); `object`: the rendered object.
 */
export function targets(target: PatchTarget, object: Record<string, unknown>, names: string[]): boolean {
  const identity = identityOf(object);
  if (target.kind !== undefined && target.kind !== identity.kind) return false;
  if (target.group !== undefined && target.group !== '' && target.group !== identity.group) return false;
  if (target.version !== undefined && target.version !== '' && target.version !== identity.version) return false;
  if (target.name !== undefined && !nameMatches(target.name, names)) return false;
  if (target.namespace !== undefined && identity.namespace !== undefined && !nameMatches(target.namespace, [identity.namespace])) return false;
  const metadata = isPlainObject(object.metadata) ? object.metadata : {};
  return selectorMatches(target.labelSelector, metadata.labels) && selectorMatches(target.annotationSelector, metadata.annotations);
}

/** Whether a loaded patch applies to an object (any of its documents, for a strategic-merge patch). */
export function patchApplies(loaded: LoadedPatch, object: Record<string, unknown>, names: string[]): boolean {
  if (loaded.patch.target) return targets(loaded.patch.target, object, names);
  if (loaded.patch.type === 'json6902') return false;
  return loaded.documents.some((d) => {
    const id = identityOf(d.value);
    return targets({ kind: id.kind, name: id.name }, object, names);
  });
}

/** A JSON pointer as a path: `~1` and `~0` decoded, digits as numbers, `-` kept. */
export function pointerPath(pointer: string): Path {
  if (pointer === '' || pointer === '/') return [];
  return pointer
    .replace(/^\//, '')
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}

export interface JsonOp {
  index: number;
  op: string;
  path: Path;
  value?: unknown;
  hasValue: boolean;
}

export function jsonOps(value: unknown): JsonOp[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((op, index) =>
    isPlainObject(op) && typeof op.op === 'string' && typeof op.path === 'string'
      ? [{ index, op: op.op, path: pointerPath(op.path), value: op.value, hasValue: 'value' in op }]
      : [],
  );
}

/**
 * The path in `other` (a patch or a base object) that corresponds to `path` in the rendered object `rendered`: keys
 * as they are, list items by their merge key (containers by name...), else by index. Stops where `other` has no node.
 */
export function correspond(rendered: unknown, path: Path, other: unknown): { path: Path; depth: number; value: unknown } {
  let r = rendered;
  let o = other;
  const out: Array<string | number> = [];
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    if (typeof segment === 'number') {
      if (!Array.isArray(o)) break;
      const item = Array.isArray(r) ? r[segment] : undefined;
      const key = MERGE_KEYS[String(path[i - 1])];
      let j: number;
      if (key && isPlainObject(item) && item[key] !== undefined) j = o.findIndex((x) => isPlainObject(x) && x[key] === item[key]);
      else j = segment < o.length ? segment : -1;
      if (j < 0) break;
      out.push(j);
      r = item;
      o = o[j];
    } else {
      if (!isPlainObject(o) || !(segment in o)) break;
      out.push(segment);
      r = isPlainObject(r) ? r[segment] : undefined;
      o = o[segment];
    }
  }
  return { path: out, depth: out.length, value: o };
}

const SKIPPED_KEYS = new Set(['apiVersion', 'kind']);

/** The leaves (scalars, empty collections) under a value, as paths relative to it. */
function leaves(value: unknown, prefix: Path = []): Array<{ path: Path; value: unknown }> {
  if (Array.isArray(value)) {
    if (value.length === 0) return [{ path: prefix, value }];
    return value.flatMap((v, i) => leaves(v, [...prefix, i]));
  }
  if (isPlainObject(value)) {
    const entries = Object.entries(value).filter(([k]) => !k.startsWith('$'));
    if (entries.length === 0) return [{ path: prefix, value }];
    return entries.flatMap(([k, v]) => leaves(v, [...prefix, k]));
  }
  return [{ path: prefix, value }];
}

function withoutExact<T extends { exact: boolean }>(location: T): Omit<T, 'exact'> {
  const { exact: _exact, ...rest } = location;
  return rest;
}

/**
 * The values a patch sets, each with the object it targets, its path in that object and its source position:
 * for a strategic-merge patch every leaf but apiVersion, kind, metadata.name and metadata.namespace; for a JSON 6902
 * patch the leaves of every `add`/`replace` value, under the op's path.
 */
export function setValuesOfPatch(patch: PatchSource, cache: SourceCache = new SourceCache()): SetValue[] {
  const loaded = loadPatch(cache, patch);
  if (!loaded) return [];
  const out: SetValue[] = [];
  for (const document of loaded.documents) {
    const value = document.value;
    if (patch.type === 'json6902' || Array.isArray(value)) {
      for (const op of jsonOps(value)) {
        if ((op.op !== 'add' && op.op !== 'replace') || !op.hasValue) continue;
        for (const leaf of leaves(op.value)) {
          out.push({
            target: patch.target ?? {},
            path: [...op.path, ...leaf.path],
            value: leaf.value,
            location: withoutExact(locateIn(loaded.source, document, [op.index, 'value', ...leaf.path])),
          });
        }
      }
      continue;
    }
    if (!isPlainObject(value)) continue;
    const identity = identityOf(value);
    const target: PatchTarget = patch.target ?? { ...(identity.kind ? { kind: identity.kind } : {}), ...(identity.name ? { name: identity.name } : {}) };
    for (const leaf of leaves(value)) {
      const [first, second] = leaf.path;
      if (leaf.path.length === 1 && SKIPPED_KEYS.has(String(first))) continue;
      if (first === 'metadata' && (second === 'name' || second === 'namespace') && leaf.path.length === 2) continue;
      out.push({ target, path: leaf.path, value: leaf.value, location: withoutExact(locateIn(loaded.source, document, leaf.path)) });
    }
  }
  return out;
}

/** The values every patch of one kustomization file sets (see setValuesOfPatch). */
export function setValuesOfKustomization(file: string, cache: SourceCache = new SourceCache()): SetValue[] {
  const k = readKustomization(cache, file);
  return k ? k.patches.flatMap((p) => setValuesOfPatch(p, cache)) : [];
}

/**
 * From parsed files to Resources: effective namespaces (metadata, or a kustomization's `namespace:`), Kustomize
 * patches marked as partial objects, and the index repository-wide checks query.
 */
import path from 'node:path';
import { CLUSTER_SCOPED_KINDS, isRecord, type KubeObject, type Resource, type ResourceIndex } from './check-api.js';
import { objectsOf, type ParsedFile, type RawObject } from './parse.js';

export interface SourceResource extends Resource {
  readonly raw: RawObject;
  readonly file: ParsedFile;
}

interface KustomizeFacts {
  namespace?: string;
  isPatch: boolean;
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Local paths named by a kustomization entry, relative to its folder; remote URLs are left out. */
function localPaths(dir: string, entries: string[]): string[] {
  return entries.filter((e) => !/^[a-z]+:\/\//i.test(e) && !e.startsWith('git@') && !e.includes('?ref=')).map((e) => path.resolve(dir, e));
}

/**
 * What kustomizations say about other files: which namespace they put them in and which are patches.
 * Nearest kustomization wins; a directory entry (a base) inherits the namespace unless its own kustomization sets one.
 */
export function kustomizeFacts(files: readonly ParsedFile[], objects: ReadonlyMap<ParsedFile, RawObject[]>): Map<string, KustomizeFacts> {
  const facts = new Map<string, KustomizeFacts>();
  const kustomizations = new Map<string, Record<string, unknown>>();
  for (const file of files) {
    for (const raw of objects.get(file) ?? []) {
      if (raw.value.kind === 'Kustomization' || raw.value.kind === undefined) kustomizations.set(path.dirname(file.filePath), raw.value);
    }
  }
  const filesByDir = new Map<string, string[]>();
  for (const file of files) {
    const dir = path.dirname(file.filePath);
    pushTo(filesByDir, dir, file.filePath);
  }

  const apply = (dir: string, namespace: string | undefined, seen: Set<string>) => {
    if (seen.has(dir)) return;
    seen.add(dir);
    const k = kustomizations.get(dir);
    if (!k) return;
    const ns = typeof k.namespace === 'string' && k.namespace ? k.namespace : namespace;
    const patchFiles = [
      ...stringList(k.patchesStrategicMerge),
      ...(Array.isArray(k.patches) ? k.patches : []).map((p) => (isRecord(p) && typeof p.path === 'string' ? p.path : undefined)),
      ...(Array.isArray(k.patchesJson6902) ? k.patchesJson6902 : []).map((p) => (isRecord(p) && typeof p.path === 'string' ? p.path : undefined)),
    ].filter((p): p is string => typeof p === 'string');
    for (const patch of localPaths(dir, patchFiles)) {
      const f = facts.get(patch) ?? { isPatch: false };
      facts.set(patch, { ...f, isPatch: true });
    }
    for (const entry of localPaths(dir, [...stringList(k.resources), ...stringList(k.bases), ...stringList(k.components)])) {
      if (kustomizations.has(entry) || filesByDir.has(entry)) {
        apply(entry, ns, seen);
      } else if (ns) {
        const f = facts.get(entry) ?? { isPatch: false };
        if (f.namespace === undefined) facts.set(entry, { ...f, namespace: ns });
      }
    }
  };
  // Deepest kustomizations first, so the nearest one's namespace wins.
  const dirs = [...kustomizations.keys()].sort((a, b) => b.split(path.sep).length - a.split(path.sep).length || a.localeCompare(b));
  for (const dir of dirs) apply(dir, undefined, new Set());
  return facts;
}

/** All resources of a set of parsed files. `linted` tells which files were asked for. */
export function resourcesOf(files: readonly ParsedFile[], linted: (file: ParsedFile) => boolean): SourceResource[] {
  const objects = new Map(files.map((file) => [file, objectsOf(file)]));
  const facts = kustomizeFacts(files, objects);
  const out: SourceResource[] = [];
  for (const file of files) {
    const fileFacts = facts.get(file.filePath);
    const isLinted = linted(file);
    for (const raw of objects.get(file)!) {
      const object = raw.value as KubeObject;
      const metadata = isRecord(object.metadata) ? object.metadata : undefined;
      const ownNamespace = typeof metadata?.namespace === 'string' && metadata.namespace ? metadata.namespace : undefined;
      const name =
        typeof metadata?.name === 'string' ? metadata.name : typeof metadata?.generateName === 'string' ? metadata.generateName : undefined;
      // Kustomize sets `namespace:` on namespaced objects only; a ClusterRole keeps none.
      const kind = typeof object.kind === 'string' ? object.kind : 'Kustomization';
      const namespace = ownNamespace ?? (CLUSTER_SCOPED_KINDS.has(kind) || kind === 'Kustomization' ? undefined : fileFacts?.namespace);
      out.push({
        object,
        apiVersion: typeof object.apiVersion === 'string' ? object.apiVersion : 'kustomize.config.k8s.io/v1beta1',
        kind,
        name,
        namespace,
        namespaceSource: ownNamespace ? 'metadata' : namespace ? 'kustomization' : undefined,
        filePath: file.filePath,
        documentIndex: raw.document.index,
        basePath: raw.basePath,
        isPatch: fileFacts?.isPatch ?? false,
        linted: isLinted,
        raw,
        file,
      });
    }
  }
  return out;
}

export function buildIndex(resources: readonly Resource[]): ResourceIndex {
  const byNamespace = new Map<string, Resource[]>();
  const byKind = new Map<string, Resource[]>();
  const byKey = new Map<string, Resource>();
  for (const r of resources) {
    if (r.isPatch) continue;
    if (r.namespace !== undefined) pushTo(byNamespace, r.namespace, r);
    pushTo(byKind, r.kind, r);
    if (r.name !== undefined) {
      const key = `${r.kind}\0${r.namespace ?? ''}\0${r.name}`;
      if (!byKey.has(key)) byKey.set(key, r);
    }
  }
  const all = resources.filter((r) => !r.isPatch);
  return {
    all,
    inNamespace: (ns) => byNamespace.get(ns) ?? [],
    ofKind: (kind) => byKind.get(kind) ?? [],
    find: (kind, ns, name) => byKey.get(`${kind}\0${ns ?? ''}\0${name}`),
  };
}

/**
 * From parsed files to Resources: effective namespaces (metadata, or a kustomization's `namespace:`), Kustomize
 * patches marked as partial objects, and the index repository-wide checks query.
 *
 * The engine reads a repository in two passes (see src/lint.ts): the index pass turns each file into plain
 * `FileEntries` (where each object sits and what the index keeps of it: see `indexedObject`) and lets the file go;
 * `buildRepository` turns every file's entries into the repository's Resources and index; the lint pass parses each
 * linted file again, and `attachFile` gives its Resources their full objects while its checks run.
 */
import path from 'node:path';
import { CLUSTER_SCOPED_KINDS, get, isRecord, podPathsOf } from '../k8s/index.js';
import type { KubeObject, Resource, ResourceIndex } from '../check-api.js';
import { objectsOf, type ParsedFile, type RawObject } from '../parse/index.js';
import type { Path } from '../shared/types.js';
import { exactJson, plainJson } from '../shared/written.js';

export interface SourceResource extends Resource {
  object: KubeObject;
  raw: RawObject;
  file: ParsedFile;
}

/** One object of a file as the index pass records it. */
export interface ObjectEntry {
  documentIndex: number;
  basePath: Path;
  /** What the index keeps of the object (indexedObject). */
  object: Record<string, unknown>;
  /**
   * A CustomResourceDefinition kept without its schemas (restoreSchemas puts back those the repository needs): the
   * versions that had one, and whether it had a `spec.validation` for a `spec.version` (the v1beta1 form).
   */
  trimmed?: TrimmedSchemas;
}

export interface TrimmedSchemas {
  versions: string[];
  legacy: boolean;
}

/** One file's objects, as plain data (they cross from worker threads). */
export interface FileEntries {
  filePath: string;
  objects: ObjectEntry[];
}

function metadataEssentials(metadata: unknown): Record<string, unknown> | undefined {
  if (!isRecord(metadata)) return undefined;
  const out: Record<string, unknown> = {};
  for (const key of ['name', 'generateName', 'namespace', 'labels'] as const) if (key in metadata) out[key] = metadata[key];
  return out;
}

/**
 * What the index keeps of an object: the whole object for `wholeKinds` (what checks list in `meta.reads`); for every other
 * kind its apiVersion, kind and metadata name, generateName, namespace and labels, and for workloads their pod
 * template's labels too. A check reads the whole object it checks; what it reads from *other* objects through the
 * index must be kept here (test/two-pass.test.ts compares the results with whole objects).
 */
export function indexedObject(value: Record<string, unknown>, wholeKinds: ReadonlySet<string>): Record<string, unknown> {
  const kind = value.kind;
  if (kind === undefined || (typeof kind === 'string' && wholeKinds.has(kind))) return value;
  const out: Record<string, unknown> = { apiVersion: value.apiVersion, kind };
  if ('metadata' in value) out.metadata = isRecord(value.metadata) ? metadataEssentials(value.metadata) : value.metadata;
  const metadataPath = podPathsOf(value)?.metadata;
  // A controller's pod template labels (a Pod's own labels are in its metadata, kept above).
  if (metadataPath && metadataPath.length > 1) {
    const podMetadata = get(value, metadataPath);
    if (isRecord(podMetadata)) {
      let node = out;
      for (const key of metadataPath.slice(0, -1)) node = node[key as string] = {};
      node.metadata = 'labels' in podMetadata ? { labels: podMetadata.labels } : {};
    }
  }
  return out;
}

/**
 * A CustomResourceDefinition without its schemas (`spec.versions[].schema`, `spec.validation`), which are most of a
 * repository's bytes where it vendors CRDs, and which schemas it had (as src/schema-crds.ts reads them); undefined
 * when it has none to drop.
 */
/** Whether a CRD's version has a schema as src/validate/schema-crds.ts takes it: its own, else `spec.validation`'s. */
function versionHasSchema(spec: Record<string, unknown>, version: Record<string, unknown>): boolean {
  return isRecord(version.schema) ? isRecord(version.schema.openAPIV3Schema) : isRecord(spec.validation) && isRecord(spec.validation.openAPIV3Schema);
}

function withoutSchemas(crd: Record<string, unknown>): { object: Record<string, unknown>; schemas: TrimmedSchemas } | undefined {
  const spec = crd.spec;
  if (!isRecord(spec)) return undefined;
  const versions = Array.isArray(spec.versions) ? spec.versions : [];
  if (!('validation' in spec) && !versions.some((v) => isRecord(v) && 'schema' in v)) return undefined;
  const validation = isRecord(spec.validation) && isRecord(spec.validation.openAPIV3Schema);
  const schemas: TrimmedSchemas = {
    versions: versions.filter((v) => isRecord(v) && typeof v.name === 'string' && versionHasSchema(spec, v)).map((v) => v.name as string),
    legacy: typeof spec.version === 'string' && validation,
  };
  const trimmed: Record<string, unknown> = { ...spec };
  delete trimmed.validation;
  if (Array.isArray(spec.versions)) {
    trimmed.versions = spec.versions.map((v: unknown) => {
      if (!isRecord(v) || !('schema' in v)) return v;
      const { schema: _schema, ...rest } = v;
      return rest;
    });
  }
  return { object: { ...crd, spec: trimmed }, schemas };
}

/**
 * The index pass's record of a parsed file; `trim`: CRDs without their schemas (see restoreSchemas). The record is a
 * copy that shares nothing with the parsed values: a string sliced out of a file's text keeps the whole text alive in
 * V8, and the index outlives the files. The copy is the entries' JSON text read back (JSON.parse makes strings of its
 * own), which the index cache keeps as it is (entriesJson); entries JSON does not carry exactly (`.inf`, `-0`) or that
 * reach an object twice (YAML aliases) are copied by structuredClone, which keeps both.
 */
export function entriesOf(
  file: ParsedFile,
  wholeKinds: ReadonlySet<string>,
  objects: readonly RawObject[] = objectsOf(file),
  trim = true,
  /** The file's values are known to be ones JSON carries exactly, reaching no object twice (plainJson). */
  plain = false,
): FileEntries {
  const entries: ObjectEntry[] = objects.map((raw) => {
    const entry: ObjectEntry = { documentIndex: raw.document.index, basePath: raw.basePath, object: indexedObject(raw.value, wholeKinds) };
    const trimmed = trim && raw.value.kind === 'CustomResourceDefinition' ? withoutSchemas(raw.value) : undefined;
    if (trimmed) {
      entry.object = trimmed.object;
      entry.trimmed = trimmed.schemas;
    }
    return entry;
  });
  // What the index keeps of the values (indexedObject, withoutSchemas) is plain if they are: objects of its own, and
  // the values' own (never one twice without an alias).
  const json = plain ? plainJson(entries) : exactJson(entries);
  if (json === undefined) return structuredClone({ filePath: file.filePath, objects: entries });
  const copy: FileEntries = { filePath: file.filePath, objects: JSON.parse(json) as ObjectEntry[] };
  ENTRIES_JSON.set(copy, json);
  return copy;
}

/** The JSON text of entries' objects that entriesOf read back as their copy (the index cache writes it as it is). */
const ENTRIES_JSON = new WeakMap<FileEntries, string>();

/** The JSON text of `entries.objects` when entriesOf made them from it (exactJson), else undefined. */
export function entriesJson(entries: FileEntries): string | undefined {
  return ENTRIES_JSON.get(entries);
}

/**
 * Put back the schemas the schema rule will read: for each apiVersion and kind that some object of the repository has,
 * the schema of the CRD that src/schema-crds.ts takes for it (the last CRD that defines that version; for the v1beta1
 * form, the first), read again from its file with `read`. A CRD whose file no longer holds it stays trimmed.
 *
 * `validated`: the apiVersions and kinds (`apiVersion/kind`) of the objects the run validates (the linted ones, and
 * those rendered); the schema rule validates no other object, so the kinds of the rest of the repository need no
 * schema (a pre-commit run that names one file reads only the CRDs of that file's kinds again). All when undefined.
 */
export function restoreSchemas(repository: Repository, read: ReadObjects, validated?: ReadonlySet<string>): void {
  const { used, kinds } = usedKinds(repository, validated);
  // Only the CRDs of the kinds used can win a key used (a partial repository takes in only their files).
  const crds = (kinds ? crdsDefining(repository.index, kinds) : repository.index.ofKind('CustomResourceDefinition')) as RepositoryResource[];
  const winners = new Map<string, RepositoryResource>();
  for (const crd of crds) {
    const spec = crd.object.spec;
    if (!isRecord(spec) || typeof spec.group !== 'string' || !isRecord(spec.names) || typeof spec.names.kind !== 'string') continue;
    const schemas = repository.trimmedOf(crd);
    if (!schemas) {
      // Kept whole: it wins where it has schemas, like a trimmed one, and needs nothing put back (a version without a
      // schema leaves an earlier CRD's, as the schema rule reads them).
      const versions = Array.isArray(spec.versions) ? spec.versions : [];
      for (const v of versions) {
        if (isRecord(v) && typeof v.name === 'string' && versionHasSchema(spec, v)) winners.delete(`${spec.group}/${v.name}/${spec.names.kind}`);
      }
      continue;
    }
    for (const version of schemas.versions) winners.set(`${spec.group}/${version}/${spec.names.kind}`, crd);
    const legacyKey = `${spec.group}/${spec.version}/${spec.names.kind}`;
    if (schemas.legacy && !winners.has(legacyKey)) winners.set(legacyKey, crd);
  }
  const wanted = new Map<string, Set<RepositoryResource>>();
  for (const [key, crd] of winners) {
    if (!used.has(key)) continue;
    const list = wanted.get(crd.filePath) ?? new Set();
    list.add(crd);
    wanted.set(crd.filePath, list);
  }
  for (const [filePath, crds] of wanted) {
    const list = [...crds];
    const values = read(filePath, list);
    list.forEach((crd, i) => {
      const value = values[i];
      if (value && value.kind === 'CustomResourceDefinition') crd.object = value as KubeObject;
    });
  }
}

/**
 * The apiVersions and kinds (`apiVersion/kind`) of the repository's objects that are `validated` (all when undefined).
 * When every kind validated is one of a linted object (a run that renders nothing), they are exactly those validated:
 * known without the rest of the repository (a partial one is not made whole for them), and so are their kinds.
 */
function usedKinds(repository: Repository, validated: ReadonlySet<string> | undefined): { used: ReadonlySet<string>; kinds?: ReadonlySet<string> } {
  const key = (r: Resource) => `${r.apiVersion}/${r.kind}`;
  if (validated) {
    const linted = repository.lintedResources();
    const lintedKeys = new Set(linted.map(key));
    let all = true;
    validated.forEach((k) => (all &&= lintedKeys.has(k)));
    if (all) return { used: validated, kinds: new Set(linted.filter((r) => validated.has(key(r))).map((r) => r.kind)) };
  }
  const used = new Set<string>();
  for (const r of repository.resources) {
    const k = key(r);
    if (!validated || validated.has(k)) used.add(k);
  }
  return { used };
}

/** Where an object sits in its file: its document and its path in it. */
export interface ObjectPlace {
  documentIndex: number;
  basePath: Path;
}

/**
 * The whole values of some objects of a file, read again after the index pass (CRD schemas, policy params): one per
 * place asked for, undefined where the file no longer holds an object.
 */
export type ReadObjects = (filePath: string, places: readonly ObjectPlace[]) => Array<Record<string, unknown> | undefined>;

/** A ReadObjects that parses the file with `read`. */
export function readObjectsWith(read: (filePath: string) => ParsedFile): ReadObjects {
  return (filePath, places) => {
    const objects = objectsOf(read(filePath));
    const key = (documentIndex: number, basePath: Path) => `${documentIndex}\0${basePath.join('\0')}`;
    const byPlace = new Map(objects.map((o) => [key(o.document.index, o.basePath), o.value]));
    return places.map((p) => byPlace.get(key(p.documentIndex, p.basePath)));
  };
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

/** A file name given as a bare string (an inline patch holds several lines). */
function bareFile(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' && !value.includes('\n') ? value : undefined;
}

/** A Kustomize component (`kustomize.config.k8s.io/...`), not a custom resource of another group named Component. */
function isKustomizeConfig(object: Record<string, unknown>, orNoApiVersion = false): boolean {
  if (object.apiVersion === undefined) return orNoApiVersion;
  return typeof object.apiVersion === 'string' && object.apiVersion.startsWith('kustomize.config.k8s.io/');
}

const KUSTOMIZATION_FILES = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);

/** The folder (repository-relative path) and namespace a Flux Kustomization or an Argo CD Application deploys into. */
function gitopsTarget(object: Record<string, unknown>): { path: string; namespace: string; recurse: boolean } | undefined {
  const apiVersion = typeof object.apiVersion === 'string' ? object.apiVersion : '';
  const spec = isRecord(object.spec) ? object.spec : undefined;
  if (!spec) return undefined;
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  if (object.kind === 'Kustomization' && apiVersion.startsWith('kustomize.toolkit.fluxcd.io/')) {
    const folder = text(spec.path);
    const namespace = text(spec.targetNamespace);
    return folder && namespace ? { path: folder, namespace, recurse: true } : undefined;
  }
  if (object.kind === 'Application' && apiVersion.startsWith('argoproj.io/')) {
    const source = isRecord(spec.source) ? spec.source : undefined;
    const destination = isRecord(spec.destination) ? spec.destination : undefined;
    const folder = text(source?.path);
    const namespace = text(destination?.namespace);
    // A chart (remote, or a folder with Chart.yaml) is rendered or passed over, not deployed file by file.
    if (!folder || !namespace || text(source?.chart)) return undefined;
    const directory = isRecord(source?.directory) ? source.directory : undefined;
    return { path: folder, namespace, recurse: directory?.recurse === true };
  }
  return undefined;
}

/**
 * `path.dirname(p)`, without scanning `p` a character at a time in JavaScript where the answer is the text before its
 * last separator (a POSIX path with a separator after its first character and none at its end: the walk's paths).
 * kustomizeFacts takes the folder of every file of the repository and of their folders: in a warm pre-commit run
 * (the index cache's), Node's dirname and basename, run cold, were most of the time it took (~1.5 ms of 1,314 files).
 */
export function parentPath(p: string): string {
  const at = path.sep === '/' ? p.lastIndexOf('/') : -1;
  // `//a`: Node's answer is `//` (a path that begins with two separators keeps them).
  return at > 1 && at < p.length - 1 ? p.slice(0, at) : path.dirname(p);
}

/** `path.basename(p)`, as parentPath is `path.dirname(p)`. */
export function lastName(p: string): string {
  const at = path.sep === '/' ? p.lastIndexOf('/') : -1;
  return at >= 0 && at < p.length - 1 ? p.slice(at + 1) : path.basename(p);
}

/**
 * The folders of the run's files, as kustomizeFacts asks about them, made on first use. A warm pre-commit run (the
 * index cache's) passes here with every path of the repository and, mostly, few kustomizations and GitOps objects: a
 * map of every file by folder, made interpreted for one question, cost more than the rest (~0.9 ms of 1,314 files with
 * three GitOps objects and no kustomization). So what a few GitOps objects deploy is looked up in the paths' text,
 * where indexOf passes over the files that do not match (each lookup reads the whole text: for more of them, the map
 * and its folders by name, made once, cost less); the map is made for a kustomization's entries.
 */
class RunFolders {
  /** The files of each folder (parentPath), in the order of the paths. */
  private byDir: Map<string, string[]> | undefined;
  /** Every folder with files and their ancestors, by name (foldersByName). */
  private byName: Map<string, Set<string>> | undefined;
  /** Every path, joined by NULs (no file system allows one in a path), where the separator is `/`. */
  private joined: string | null | undefined;

  /** `lookups`: how many GitOps objects will ask (folderOf, eachFile). */
  constructor(
    private readonly paths: readonly string[],
    private readonly lookups: number,
  ) {}

  /** Whether a file of the run is right in `dir`. */
  holdsFiles(dir: string): boolean {
    return this.filesByDir().has(dir);
  }

  /**
   * The folder a GitOps object's `path` names: paths are relative to the repository root, which the index does not
   * know, so the folder of the run (a folder with files, or an ancestor: a folder of folders) whose path ends with it,
   * nearest to the object's own folder (`from`); of two as near the shorter, then the one whose first file comes first.
   */
  folderOf(from: string, relative: string): string | undefined {
    const parts = relative.split('/').filter((p) => p !== '' && p !== '.');
    if (parts.length === 0 || parts.includes('..')) return undefined;
    const suffix = path.sep + parts.join(path.sep);
    const candidates = this.endingWith(suffix, parts[parts.length - 1]);
    const shared = (d: string) => {
      const a = d.split(path.sep);
      const b = from.split(path.sep);
      let n = 0;
      while (n < a.length && n < b.length && a[n] === b[n]) n++;
      return n;
    };
    return candidates.sort((a, b) => shared(b) - shared(a) || a.length - b.length)[0];
  }

  /**
   * Each file right in `dir`, and below it when `recurse`, in the order of the paths (the map gives them folder by
   * folder: the facts they get are the same, their Map's order aside, which nothing reads).
   */
  eachFile(dir: string, recurse: boolean, see: (filePath: string) => void): void {
    const below = dir + path.sep;
    const text = this.text();
    if (text === undefined) {
      const byDir = this.filesByDir();
      // Right in `dir`: its list; below it too: every folder's path read.
      if (!recurse) for (const f of byDir.get(dir) ?? []) see(f);
      else
        byDir.forEach((list, folder) => {
          if (folder === dir || folder.startsWith(below)) for (const f of list) see(f);
        });
      return;
    }
    // A file in `dir` or below starts with `dir/` (a path's parentPath is the text before a separator of it): the paths
    // that do are read, and their folder taken as the map would.
    for (let at = text.indexOf(below); at !== -1; at = text.indexOf(below, at + 1)) {
      if (at > 0 && text.charCodeAt(at - 1) !== 0) continue; // not the start of a path
      const f = text.slice(at, pathEnd(text, at));
      const folder = parentPath(f);
      if (folder === dir || (recurse && folder.startsWith(below))) see(f);
    }
  }

  /**
   * The run's folders (those with files and their ancestors, the root of the file system left out) whose path ends
   * with `suffix` (a separator, then names), each once, in the order of the first path below each.
   */
  private endingWith(suffix: string, name: string): string[] {
    const text = this.text();
    if (text === undefined) {
      this.byName ??= foldersByName([...this.filesByDir().keys()]);
      return [...(this.byName.get(name) ?? [])].filter((d) => d.endsWith(suffix));
    }
    const found = new Set<string>();
    // A folder of a path (parentPath, and theirs in turn) is the text before a separator of it. In a path without `//`
    // and not ending with `/`, every such text is one; in another, its folders are taken one by one.
    const needle = suffix + '/';
    let from = -1;
    let plain = true;
    for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) {
      const start = text.lastIndexOf('\0', at) + 1;
      if (start !== from) {
        from = start;
        const p = text.slice(start, pathEnd(text, at));
        plain = !p.includes('//') && !p.endsWith('/');
        if (!plain)
          for (let d = parentPath(p), parent = parentPath(d); d !== parent; d = parent, parent = parentPath(d)) if (d.endsWith(suffix)) found.add(d);
      }
      if (plain) found.add(text.slice(start, at + suffix.length));
    }
    return [...found];
  }

  private text(): string | undefined {
    if (path.sep !== '/' || this.lookups > TEXT_LOOKUPS) return undefined;
    if (this.joined === undefined) {
      try {
        // No NUL around: one string of every path made (~123 KB young for 1,314 paths), not a second one flattened.
        this.joined = this.paths.join('\0');
      } catch (error) {
        // Paths longer together than a string can be (~2^29 characters): the map, as for more lookups.
        if (!(error instanceof RangeError)) throw error;
        this.joined = null;
      }
    }
    return this.joined ?? undefined;
  }

  private filesByDir(): Map<string, string[]> {
    if (this.byDir) return this.byDir;
    const byDir = new Map<string, string[]>();
    const posix = path.sep === '/';
    // The folder of the path before and its list: the walk lists a folder's files together, and a path that is that
    // folder, a separator and a name has it as its parentPath (no slice of the path, no lookup).
    let dir = '';
    let list: string[] = [];
    for (const p of this.paths) {
      const n = dir.length;
      if (posix && n > 1 && p.length > n + 1 && p.charCodeAt(n) === 47 && p.startsWith(dir) && p.indexOf('/', n + 1) === -1) {
        list.push(p);
        continue;
      }
      dir = parentPath(p);
      const known = byDir.get(dir);
      if (known) (list = known).push(p);
      else byDir.set(dir, (list = [p]));
    }
    return (this.byDir = byDir);
  }
}

/**
 * Up to how many GitOps objects RunFolders looks up in the paths' text: each lookup reads every path there, the map a
 * path's folder (1,314 files: 3 lookups 0.9 ms -> 0.3, 10 1.1 -> 0.9; 30 of 13,140 files 29 -> 31 ms, 100 48 -> 101).
 */
const TEXT_LOOKUPS = 8;

/** Where the path of `text` (paths joined by NULs) that holds position `at` ends. */
function pathEnd(text: string, at: number): number {
  const end = text.indexOf('\0', at);
  return end === -1 ? text.length : end;
}

/** Every folder that holds a file of the run, and each of their ancestors (the root of the file system left out), by name. */
function foldersByName(dirs: readonly string[]): Map<string, Set<string>> {
  const byName = new Map<string, Set<string>>();
  for (const dir of dirs) {
    for (let d = dir, parent = parentPath(d); d !== parent; d = parent, parent = parentPath(d)) {
      const name = lastName(d);
      const set = byName.get(name);
      if (set?.has(d)) break; // its ancestors are in already
      if (set) set.add(d);
      else byName.set(name, new Set([d]));
    }
  }
  return byName;
}

/** Local paths named by a kustomization entry, relative to its folder; remote URLs are left out. */
function localPaths(dir: string, entries: string[]): string[] {
  return entries.filter((e) => !/^[a-z]+:\/\//i.test(e) && !e.startsWith('git@') && !e.includes('?ref=')).map((e) => path.resolve(dir, e));
}

/**
 * What kustomizations say about other files: which namespace they put them in and which are patches.
 * Nearest kustomization wins; a directory entry (a base) inherits the namespace unless its own kustomization sets one.
 */
export function kustomizeFacts(
  files: readonly FileEntries[],
  /**
   * The path of every file of the repository, when `files` are only some of them (those holding an object of
   * FACT_KINDS, the only objects read here, must be among them): which folders hold files.
   */
  paths: readonly string[] = files.map((f) => f.filePath),
): Map<string, KustomizeFacts> {
  const facts = new Map<string, KustomizeFacts>();
  const kustomizations = new Map<string, Record<string, unknown>>();
  // Flux Kustomizations and Argo CD Applications that deploy a folder of the repository into a namespace.
  const deployers: Array<{ from: string; path: string; namespace: string; recurse: boolean }> = [];
  for (const file of files) {
    for (const entry of file.objects) {
      const object = entry.object;
      const gitops = gitopsTarget(object);
      if (gitops) deployers.push({ from: path.dirname(file.filePath), ...gitops });
      // A kustomization file names no kind, or Kustomize's own `Kustomization` (not Flux's, which points at one).
      else if (
        object.kind === undefined ? KUSTOMIZATION_FILES.has(path.basename(file.filePath)) : object.kind === 'Kustomization' && isKustomizeConfig(object, true)
      )
        kustomizations.set(path.dirname(file.filePath), object);
      // A component (`kind: Component`) lists patches and resources as a kustomization does.
      else if (object.kind === 'Component' && isKustomizeConfig(object)) kustomizations.set(path.dirname(file.filePath), object);
    }
  }
  const folders = new RunFolders(paths, deployers.length);

  const apply = (dir: string, namespace: string | undefined, seen: Set<string>) => {
    if (seen.has(dir)) return;
    seen.add(dir);
    const k = kustomizations.get(dir);
    if (!k) return;
    const ns = typeof k.namespace === 'string' && k.namespace ? k.namespace : namespace;
    const patchFiles = [
      ...stringList(k.patchesStrategicMerge).map(bareFile),
      // A bare string under `patches` is Kustomize v1's list of strategic-merge patch files (v5 refuses it): a patch too.
      ...(Array.isArray(k.patches) ? k.patches : []).map((p) => (isRecord(p) && typeof p.path === 'string' ? p.path : bareFile(p))),
      ...(Array.isArray(k.patchesJson6902) ? k.patchesJson6902 : []).map((p) => (isRecord(p) && typeof p.path === 'string' ? p.path : undefined)),
    ].filter((p): p is string => typeof p === 'string');
    for (const patch of localPaths(dir, patchFiles)) {
      const f = facts.get(patch) ?? { isPatch: false };
      facts.set(patch, { ...f, isPatch: true });
    }
    for (const entry of localPaths(dir, [...stringList(k.resources), ...stringList(k.bases), ...stringList(k.components)])) {
      if (kustomizations.has(entry) || folders.holdsFiles(entry)) {
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
  // Then the namespace a Flux Kustomization (`targetNamespace`) or an Argo CD Application (`destination.namespace`)
  // deploys a folder into, for the objects that have none yet: through the folder's kustomization, else every file
  // of the folder (and below it for Flux, which builds a kustomization of them all, and an Argo `directory.recurse`).
  for (const d of deployers) {
    const dir = folders.folderOf(d.from, d.path);
    if (!dir) continue;
    if (kustomizations.has(dir)) {
      apply(dir, d.namespace, new Set());
      continue;
    }
    folders.eachFile(dir, d.recurse, (f) => {
      const fact = facts.get(f) ?? { isPatch: false };
      if (fact.namespace === undefined) facts.set(f, { ...fact, namespace: d.namespace });
    });
  }
  return facts;
}

/** A Resource of the repository: a SourceResource while its file is linted, its index entry the rest of the time. */
export type RepositoryResource = Resource & { object: KubeObject; raw?: RawObject; file?: ParsedFile };

/**
 * A file's index entries not decoded yet (the index cache's, src/engine/index-cache.ts): the kinds of its objects as
 * their Resources name them (kindsOf), and how to decode them.
 */
export interface PendingEntries {
  readonly filePath: string;
  readonly kinds: readonly string[];
  decode(): FileEntries;
  /** Decode every pending file of the run together (one JSON.parse), before most of them are decoded one by one. */
  decodeAll?(): void;
  /** Told how many files left unread (read by `decode`: src/engine/files.ts readEntriesLazily) are about to be read. */
  beforeReads?(count: number): void;
  /**
   * The entries of the file's objects whose kinds (objectKinds) meet `kinds`, without decoding the others (the index
   * cache keeps each object's kinds for a file of several): the entries, where each is among the file's (increasing),
   * and how many the file has; undefined when it cannot tell (then `decode`).
   */
  decodeKinds?(kinds: ReadonlySet<string>): PartEntries | undefined;
}

/** Some of a file's entries (PendingEntries' decodeKinds): `entries.objects[k]` is the file's entry `places[k]`. */
export interface PartEntries {
  entries: FileEntries;
  places: readonly number[];
  count: number;
}

/** A file as buildRepository takes it: its entries, or its entries still encoded. */
export type RepositoryFile = FileEntries | PendingEntries;

const isPending = (file: RepositoryFile): file is PendingEntries => !('objects' in file);

/** The kind of an object as its Resource names it: an object without a string kind is a kustomization file's. */
export function resourceKind(object: Record<string, unknown>): string {
  return typeof object.kind === 'string' ? object.kind : 'Kustomization';
}

/**
 * The key under which a file's kinds (kindsOf) list the kind a CustomResourceDefinition of it defines (its
 * `spec.names.kind`), beside the kinds of its objects: so that a question about the CRDs of one kind (crdsDefining: a
 * custom resource's schema or scope) takes in only the files that can answer it. An object whose own kind reads the
 * same is listed under it too; either way a file is only taken in for more questions than it can answer, never fewer.
 */
export const crdKindKey = (kind: string): string => `CustomResourceDefinition/${kind}`;

/** The kind a CustomResourceDefinition's object defines (`spec.names.kind`), when a string. */
export function crdNamesKind(object: Record<string, unknown>): string | undefined {
  const spec = object.spec;
  return isRecord(spec) && isRecord(spec.names) && typeof spec.names.kind === 'string' ? spec.names.kind : undefined;
}

/** Each kind of a file's objects as kindsOf lists them (in order, repeats included): an object's, then its CRD's key. */
function eachKind(entries: FileEntries, see: (kind: string) => boolean): boolean {
  for (const entry of entries.objects) {
    const kind = resourceKind(entry.object);
    if (!see(kind)) return false;
    if (kind !== 'CustomResourceDefinition') continue;
    const defined = crdNamesKind(entry.object);
    if (defined !== undefined && !see(crdKindKey(defined))) return false;
  }
  return true;
}

/** Where each string first is in a list. */
function firstPlaces(list: readonly string[]): Map<string, number> {
  const places = new Map<string, number>();
  list.forEach((k, i) => places.has(k) || places.set(k, i));
  return places;
}

/**
 * A file's entries with only the objects whose kinds (and CRD keys) are among `kinds`: a file left unread by a scan
 * of its kinds (src/engine/files.ts readEntriesLazily) and read when a question needs it holds what the scan saw, even
 * if it changed in between (a partial repository's answer about a kind, once given, never changes). The entries
 * themselves when they hold nothing else, as they do unless the file changed.
 */
export function withinKinds(entries: FileEntries, kinds: readonly string[]): FileEntries {
  const set = new Set(kinds);
  const listed = (entry: ObjectEntry) => {
    const kind = resourceKind(entry.object);
    if (!set.has(kind)) return false;
    const defined = kind === 'CustomResourceDefinition' ? crdNamesKind(entry.object) : undefined;
    return defined === undefined || set.has(crdKindKey(defined));
  };
  return entries.objects.every(listed) ? entries : { filePath: entries.filePath, objects: entries.objects.filter(listed) };
}

/** The kinds of a file's objects as their Resources name them, each once, and the keys of the kinds its CRDs define. */
export function kindsOf(entries: FileEntries): string[] {
  const kinds = new Set<string>();
  eachKind(entries, (kind) => {
    kinds.add(kind);
    return true;
  });
  return [...kinds];
}

/**
 * The kinds of each of a file's objects as kindsOf lists them (its kind, and a CRD's key), for a file of several objects
 * of different kinds; undefined for any other file (its objects are all taken in together).
 */
export function objectKinds(entries: FileEntries): string[][] | undefined {
  const { objects } = entries;
  if (objects.length < 2) return undefined;
  const lists: string[][] = [];
  let differ = false;
  for (const entry of objects) {
    const list = entryKinds(entry);
    if (lists.length > 0 && !sameList(list, lists[0])) differ = true;
    lists.push(list);
  }
  return differ ? lists : undefined;
}

/** An object's kinds as kindsOf lists them: its kind, and a CRD's key. */
export function entryKinds(entry: ObjectEntry): string[] {
  const kind = resourceKind(entry.object);
  const defined = kind === 'CustomResourceDefinition' ? crdNamesKind(entry.object) : undefined;
  return defined === undefined ? [kind] : [kind, crdKindKey(defined)];
}

/** Whether `kinds` are exactly the kinds of a file's objects (kindsOf, in its order), without making them. */
export function hasKinds(entries: FileEntries, kinds: readonly string[]): boolean {
  let seen = 0;
  // Where each kind is in `kinds` (made on the first kind out of order: most files have one kind, seen in order).
  let places: Map<string, number> | undefined;
  const all = eachKind(entries, (kind) => {
    if (seen < kinds.length && kinds[seen] === kind) seen++;
    else {
      places ??= firstPlaces(kinds);
      const at = places.get(kind) ?? -1;
      if (at < 0 || at >= seen) return false;
    }
    return true;
  });
  return all && seen === kinds.length;
}

/**
 * The kinds of the objects kustomizeFacts reads (kustomizations and Components, Flux Kustomizations, Argo CD
 * Applications): a repository built from part of its files holds every file with one, since they decide every other
 * file's namespace and whether it is a patch.
 */
export const FACT_KINDS: readonly string[] = ['Kustomization', 'Component', 'Application'];

export interface Repository {
  /** Every object, in the order files were given (linted files first, unless `rank` ordered them). */
  readonly resources: RepositoryResource[];
  index: ResourceIndex;
  /** The resources of each file, in the file's order. */
  readonly byFile: Map<string, RepositoryResource[]>;
  /** CRDs recorded without their schemas, and which they had (see restoreSchemas). */
  trimmed: Map<RepositoryResource, TrimmedSchemas>;
  /** Which schemas a CRD the repository holds was recorded without (`trimmed.get`, without taking in every CRD). */
  trimmedOf(crd: RepositoryResource): TrimmedSchemas | undefined;
  /** The resources of one file, in its order (`byFile.get`, without taking in every file of a partial repository). */
  resourcesOf(filePath: string): RepositoryResource[] | undefined;
  /** The resources of the linted files, in order (likewise). */
  lintedResources(): RepositoryResource[];
  /** Every resource of these kinds, Kustomize patches included, in order (likewise). */
  ofKinds(kinds: ReadonlySet<string>): RepositoryResource[];
  /**
   * Run `change` (which changes objects of these kinds: restoreParams) before any object of them is seen: at once, or,
   * in a partial repository that does not hold those kinds (nor a linted object of them), once a question could see
   * one (it asks for those kinds, for every object, or for a file with one).
   */
  before(kinds: ReadonlySet<string>, change: () => void): void;
}

/** The Resources of one file's entries; `trimmed` gets its trimmed CRDs. */
function fileResources(
  file: FileEntries,
  facts: ReadonlyMap<string, KustomizeFacts>,
  isLinted: boolean,
  trimmed: Map<RepositoryResource, TrimmedSchemas>,
): RepositoryResource[] {
  const fileFacts = facts.get(file.filePath);
  const own: RepositoryResource[] = [];
  for (const entry of file.objects) {
    const object = entry.object as KubeObject;
    const metadata = isRecord(object.metadata) ? object.metadata : undefined;
    const ownNamespace = typeof metadata?.namespace === 'string' && metadata.namespace ? metadata.namespace : undefined;
    const name = typeof metadata?.name === 'string' ? metadata.name : typeof metadata?.generateName === 'string' ? metadata.generateName : undefined;
    // Kustomize sets `namespace:` on namespaced objects only; a ClusterRole keeps none.
    const kind = resourceKind(object);
    const namespace = ownNamespace ?? (CLUSTER_SCOPED_KINDS.has(kind) || kind === 'Kustomization' ? undefined : fileFacts?.namespace);
    own.push({
      object,
      apiVersion: typeof object.apiVersion === 'string' ? object.apiVersion : 'kustomize.config.k8s.io/v1beta1',
      kind,
      name,
      namespace,
      namespaceSource: ownNamespace ? 'metadata' : namespace ? 'kustomization' : undefined,
      filePath: file.filePath,
      documentIndex: entry.documentIndex,
      basePath: entry.basePath,
      isPatch: fileFacts?.isPatch ?? false,
      linted: isLinted,
    });
    if (entry.trimmed) trimmed.set(own[own.length - 1], entry.trimmed);
  }
  return own;
}

/**
 * The repository's Resources and index, from every file's entries. `linted` tells which files were asked for.
 *
 * `demand`: the kinds the run can ask the index for (undefined: any). With it, and files whose entries are still
 * encoded (the index cache's), the repository is built from part of its files (PartRepository): its answers are the
 * same, the other files' entries decoded only when a question needs them.
 */
export function buildRepository(files: readonly RepositoryFile[], linted: (filePath: string) => boolean, demand?: Iterable<string>): Repository {
  if (demand && files.some(isPending)) return new PartRepository(files, linted, demand);
  const pending = files.filter(isPending);
  pending.find((p) => 'decodeAll' in p)?.decodeAll?.();
  const decoded = pending.length > 0 ? files.map((f) => (isPending(f) ? f.decode() : f)) : (files as readonly FileEntries[]);
  const facts = kustomizeFacts(decoded);
  const resources: RepositoryResource[] = [];
  const trimmed = new Map<RepositoryResource, TrimmedSchemas>();
  for (const file of decoded) resources.push(...fileResources(file, facts, linted(file.filePath), trimmed));
  return wholeRepository(resources, trimmed);
}

/** The repository of a list of Resources (as `buildRepository` made them, possibly copied to another thread). */
export function repositoryOf(resources: RepositoryResource[]): Repository {
  return wholeRepository(resources, new Map());
}

function wholeRepository(resources: RepositoryResource[], trimmed: Map<RepositoryResource, TrimmedSchemas>): Repository {
  const byFile = resourcesByFile(resources);
  return {
    resources,
    index: buildIndex(resources),
    byFile,
    trimmed,
    // `this.trimmed`: a repository with rendered objects added takes the map of the one it was made from (withRendered).
    trimmedOf(crd) {
      return this.trimmed.get(crd);
    },
    resourcesOf: (filePath) => byFile.get(filePath),
    lintedResources: () => resources.filter((r) => r.linted),
    ofKinds: (kinds) => resources.filter((r) => kinds.has(r.kind)),
    before: (_kinds, change) => change(),
  };
}

function resourcesByFile(resources: readonly RepositoryResource[]): Map<string, RepositoryResource[]> {
  const byFile = new Map<string, RepositoryResource[]>();
  for (const r of resources) {
    const own = byFile.get(r.filePath);
    if (own) own.push(r);
    else byFile.set(r.filePath, [r]);
  }
  return byFile;
}

/**
 * A repository built from part of its files (a run that names some files, the others' entries kept encoded by the
 * index cache): the files whose entries are decoded already (read this run: the linted ones among them), those
 * holding an object of FACT_KINDS (the namespace and patch facts of every file come from them), and those holding an
 * object of a kind the run can ask for (`demand`, from the linted files' kinds and the checks that apply to them).
 * The others' entries stay encoded, and cost neither decoding nor Resources, unless a question needs them: the part
 * answers exactly what it holds every object of (the kinds of FACT_KINDS and of the demand, and the files it holds);
 * anything else first takes in the files that can answer it, in their place among the files given: a kind it does
 * not hold (`index.ofKind`, `index.find`, `ofKinds`) the files with an object of it, a file (`resourcesOf`) that
 * file, and `index.all`, `index.inNamespace`, `resources` and `byFile` every file. Since each file's Resources depend
 * only on its entries and on the facts, what it answers is exactly what the whole repository answers, in its order,
 * and an answer once given never changes (a file taken in later holds no object of a kind held before); the demand
 * decides speed only.
 */
class PartRepository implements Repository {
  /**
   * Each file's resources, once its entries are decoded and built (in the order of `files`): all of them, or, for a file
   * in `partial`, those of the objects of the demand's kinds (its other objects are not decoded yet).
   */
  private readonly built: Array<RepositoryResource[] | undefined>;
  /** For a file built in part: where its resources are among its entries, and how many entries it has. */
  private readonly partial: Array<PartBuilt | undefined>;
  /** The kinds whose every object the part holds. */
  private readonly held = new Set<string>(FACT_KINDS);
  /** How many files are not built whole yet. */
  private left: number;
  /** The resources of the files built, in order, and by file. */
  private part: RepositoryResource[] = [];
  private partByFile = new Map<string, RepositoryResource[]>();
  private readonly facts: Map<string, KustomizeFacts>;
  private readonly trimmedCrds = new Map<RepositoryResource, TrimmedSchemas>();
  /** Where each path's files are among `files` (made on first use). */
  private places: Map<string, number[]> | undefined;
  /**
   * Where the files not built that hold objects of each kind are among `files`: made when a question first asks for
   * kinds beyond the demand (a run whose questions the demand foresees, as it should, never makes it).
   */
  private pendingByKind: Map<string, number[]> | undefined;
  /** Changes of objects of some kinds that wait for a file holding one (`before`). */
  private waiting: Array<{ kinds: ReadonlySet<string>; change: () => void }> = [];
  readonly index: ResourceIndex;
  private readonly resetIndex: (resources: readonly Resource[]) => void;

  constructor(
    private readonly files: readonly RepositoryFile[],
    private readonly linted: (filePath: string) => boolean,
    demand: Iterable<string>,
  ) {
    this.built = new Array<RepositoryResource[] | undefined>(files.length);
    this.partial = new Array<PartBuilt | undefined>(files.length);
    this.left = files.length;
    const made = makeIndex([], {
      holds: (kind) => this.left === 0 || (kind !== undefined && this.held.has(kind)),
      widen: (kinds) => (kinds === undefined ? this.takeIn() : this.want(kinds)),
    });
    this.index = made.index;
    this.resetIndex = made.reset;
    // Loops, no closures per file: a warm run of a whole repository passes here for every file, interpreted.
    const first = new Array<FileEntries | undefined>(files.length);
    const taken: FileEntries[] = [];
    const paths = new Array<string>(files.length);
    // What each kind asks of a pending file: to be taken in now (a kind held: FACT_KINDS), or once the facts are known
    // (a kind of the demand, not held yet); one lookup per kind of each file.
    const held = this.held;
    const roles = new Map<string, boolean>();
    held.forEach((kind) => roles.set(kind, true));
    for (const kind of demand) if (!held.has(kind)) roles.set(kind, false);
    const demanded: number[] = [];
    for (let i = 0; i < files.length; i++) {
      const f = files[i];
      paths[i] = f.filePath;
      let entries: FileEntries | undefined;
      if ('objects' in f) entries = f;
      else {
        const kinds = f.kinds;
        let take = linted(f.filePath);
        let wanted = false;
        for (let k = 0; !take && k < kinds.length; k++) {
          const role = roles.get(kinds[k]);
          if (role) take = true;
          else if (role === false) wanted = true;
        }
        if (take) entries = f.decode();
        else if (wanted) demanded.push(i);
      }
      if (entries) {
        first[i] = entries;
        taken.push(entries);
      }
    }
    this.facts = kustomizeFacts(taken, paths);
    for (let i = 0; i < first.length; i++) {
      const entries = first[i];
      if (entries) this.build(i, entries);
    }
    // Every object of the demand's kinds (what `want` does, its files found above): of a file of several kinds, only
    // those objects where the index cache can decode them alone (an install manifest's Namespace).
    const wanted = new Set<string>();
    roles.forEach((role, kind) => role || (wanted.add(kind), held.add(kind)));
    const whole: number[] = [];
    for (let d = 0; d < demanded.length; d++) {
      const i = demanded[d];
      const part = (files[i] as PendingEntries).decodeKinds?.(wanted);
      if (part && part.entries.objects.length < part.count && part.places.length === part.entries.objects.length) {
        this.built[i] = fileResources(part.entries, this.facts, this.linted(files[i].filePath), this.trimmedCrds);
        this.partial[i] = { places: part.places, count: part.count, kinds: wanted };
      } else whole.push(i);
    }
    if (whole.length > 0) this.takeIn(whole);
    else this.assemble();
  }

  get resources(): RepositoryResource[] {
    this.takeIn();
    return this.part;
  }

  get byFile(): Map<string, RepositoryResource[]> {
    this.takeIn();
    return this.partByFile;
  }

  /** Trimmed CRDs: every CRD taken in first. */
  get trimmed(): Map<RepositoryResource, TrimmedSchemas> {
    this.want(['CustomResourceDefinition']);
    return this.trimmedCrds;
  }

  trimmedOf(crd: RepositoryResource): TrimmedSchemas | undefined {
    // A CRD of the part: its file is built, and with it its entry here.
    return this.trimmedCrds.get(crd);
  }

  resourcesOf(filePath: string): RepositoryResource[] | undefined {
    // Every file of a linted path is built from the start (the lint pass asks for those).
    if (this.left > 0 && !this.linted(filePath)) {
      this.places ??= placesOf(this.files);
      const places = this.places.get(filePath);
      if (places) this.takeIn(places);
    }
    const own = this.partByFile.get(filePath);
    if (!own || this.waiting.length === 0) return own;
    this.release((waits) => own.some((r) => waits.has(r.kind)));
    return this.partByFile.get(filePath);
  }

  lintedResources(): RepositoryResource[] {
    // Every file of a linted path is built from the start.
    return this.part.filter((r) => r.linted);
  }

  ofKinds(kinds: ReadonlySet<string>): RepositoryResource[] {
    this.want(kinds);
    return this.part.filter((r) => kinds.has(r.kind));
  }

  before(kinds: ReadonlySet<string>, change: () => void): void {
    // A linted object is the lint pass's to change while its file is linted (attachFile): changed now.
    const now = this.left === 0 || [...kinds].some((k) => this.held.has(k)) || this.part.some((r) => r.linted && kinds.has(r.kind));
    if (now) change();
    else this.waiting.push({ kinds, change });
  }

  /**
   * Make the changes waiting (`before`) that `due` picks. Every way to see an object goes through one (the part's
   * objects of a kind not held are seen through `want`, every file through `takeIn`, a file through `resourcesOf`).
   */
  private release(due: (kinds: ReadonlySet<string>) => boolean): void {
    const ready = this.waiting.filter((w) => due(w.kinds));
    if (ready.length === 0) return;
    this.waiting = this.waiting.filter((w) => !ready.includes(w));
    for (const w of ready) w.change();
  }

  /** Hold every object of these kinds. */
  private want(kinds: Iterable<string>): void {
    const added: string[] = [];
    for (const kind of kinds) {
      if (this.held.has(kind)) continue;
      this.held.add(kind);
      added.push(kind);
    }
    if (added.length > 0) {
      const byKind = (this.pendingByKind ??= this.pendingKinds());
      const taken = new Set<number>();
      for (const kind of added) for (const i of byKind.get(kind) ?? []) taken.add(i);
      if (taken.size > 0) this.takeIn([...taken].sort((a, b) => a - b));
    }
    if (added.length > 0 && this.waiting.length > 0) this.release((waits) => added.some((k) => waits.has(k)));
  }

  /**
   * Where the files not built whole yet that hold objects of each kind are (all are pending: the others are built
   * first).
   */
  private pendingKinds(): Map<string, number[]> {
    const byKind = new Map<string, number[]>();
    for (let i = 0; i < this.files.length; i++) {
      if (this.built[i] !== undefined && this.partial[i] === undefined) continue;
      const kinds = (this.files[i] as PendingEntries).kinds;
      for (let k = 0; k < kinds.length; k++) pushTo(byKind, kinds[k], i);
    }
    return byKind;
  }

  /**
   * Decode and build the files not built whole yet at these places (all when undefined), then put the part together
   * again.
   */
  private takeIn(places?: readonly number[]): void {
    if (this.left === 0) return;
    const taken = (places ?? this.files.map((_, i) => i)).filter((i) => this.built[i] === undefined || this.partial[i] !== undefined);
    if (taken.length === 0) return;
    const pending = taken.map((i) => this.files[i] as PendingEntries);
    // Most of the files (a demand of every kind): one JSON.parse of them all costs less than one per file.
    if (taken.length * 2 > this.files.length) pending.find((p) => 'decodeAll' in p)?.decodeAll?.();
    const reads = pending.filter((p) => p.beforeReads !== undefined);
    if (reads.length > 0) reads[0].beforeReads!(reads.length);
    taken.forEach((i, n) => this.build(i, pending[n].decode()));
    this.assemble();
    // Every object can be seen now.
    if (this.left === 0) this.release(() => true);
  }

  private build(i: number, entries: FileEntries): void {
    const part = this.partial[i];
    if (part) this.complete(i, part, entries);
    else this.built[i] = fileResources(entries, this.facts, this.linted(entries.filePath), this.trimmedCrds);
    this.left--;
  }

  /**
   * A file built in part, built whole from all its entries: the resources made before stay (answers given name them),
   * in their places, and the others' are made. Entries that are not the file's (a damaged cache read again from a file
   * that changed) keep what was made first, then what else they hold.
   */
  private complete(i: number, part: PartBuilt, entries: FileEntries): void {
    const made = this.built[i]!;
    const { objects } = entries;
    const aligned =
      objects.length === part.count &&
      part.places.every(
        (place, k) => place < objects.length && made[k].documentIndex === objects[place].documentIndex && sameList(made[k].basePath, objects[place].basePath),
      );
    const at = new Set(part.places);
    const rest = aligned ? objects.filter((_, k) => !at.has(k)) : objects.filter((e) => !entryKinds(e).some((kind) => part.kinds.has(kind)));
    const others = fileResources({ filePath: entries.filePath, objects: rest }, this.facts, this.linted(entries.filePath), this.trimmedCrds);
    if (!aligned) {
      this.built[i] = made.concat(others);
    } else {
      const whole = new Array<RepositoryResource>(objects.length);
      part.places.forEach((place, k) => (whole[place] = made[k]));
      let o = 0;
      for (let k = 0; k < whole.length; k++) if (whole[k] === undefined) whole[k] = others[o++];
      this.built[i] = whole;
    }
    this.partial[i] = undefined;
  }

  /** The part's resources in the order of the files given, by file, and the index's maps made again from them. */
  private assemble(): void {
    const part: RepositoryResource[] = [];
    // Indexed loops: a for-of over every file of the repository makes an iterator result per file, interpreted.
    const built = this.built;
    for (let i = 0; i < built.length; i++) {
      const own = built[i];
      if (own) for (let k = 0; k < own.length; k++) part.push(own[k]);
    }
    this.part = part;
    this.partByFile = resourcesByFile(part);
    this.resetIndex(part);
  }
}

/** A file a PartRepository built in part: where its resources are among its entries, how many it has, and the kinds. */
interface PartBuilt {
  places: readonly number[];
  count: number;
  /** The kinds its resources were made for (the demand's): every object of them is among those resources. */
  kinds: ReadonlySet<string>;
}

/** Whether two lists hold the same keys in the same order (an object's path, its kinds). */
export const sameList = (a: ReadonlyArray<string | number>, b: ReadonlyArray<string | number>) => a.length === b.length && a.every((key, k) => key === b[k]);

/** Where each path is among the files given. */
function placesOf(files: readonly RepositoryFile[]): Map<string, number[]> {
  const places = new Map<string, number[]>();
  files.forEach((f, i) => pushTo(places, f.filePath, i));
  return places;
}

/**
 * Give a file's Resources their full objects, raw objects and file while the file is linted (they are the index's own
 * instances, so a check that compares what the index returns with the object it checks finds it). Returns the
 * SourceResources, or undefined when the file no longer holds the objects the index pass recorded. `detach` puts the
 * index's objects back, so the file can be let go.
 */
export function attachFile(
  repository: Repository,
  file: ParsedFile,
  objects: readonly RawObject[] = objectsOf(file),
): { resources: SourceResource[]; detach: () => void } | undefined {
  const own = repository.resourcesOf(file.filePath) ?? [];
  if (own.length !== objects.length) return undefined;
  for (let i = 0; i < own.length; i++) {
    if (own[i].documentIndex !== objects[i].document.index || own[i].basePath.join('\0') !== objects[i].basePath.join('\0')) return undefined;
  }
  const kept = own.map((r) => r.object);
  own.forEach((r, i) => {
    r.object = objects[i].value as KubeObject;
    r.raw = objects[i];
    r.file = file;
  });
  return {
    resources: own as SourceResource[],
    detach: () =>
      own.forEach((r, i) => {
        r.object = kept[i];
        r.raw = undefined;
        r.file = undefined;
      }),
  };
}

export function buildIndex(resources: readonly Resource[]): ResourceIndex {
  return makeIndex(resources).index;
}

/**
 * What the index of a partial repository (PartRepository) asks it: whether it holds every object of a kind (of every
 * kind when undefined), and to take in every object of some kinds (of every kind when undefined; this resets the
 * index's maps).
 */
interface IndexSource {
  holds(kind?: string): boolean;
  widen(kinds?: readonly string[]): void;
}

/** How the indexes made here list the CRDs that define some kinds (crdsDefining). */
const crdLists = new WeakMap<ResourceIndex, (kinds: ReadonlySet<string>) => readonly Resource[]>();

/**
 * The CustomResourceDefinitions of `index.ofKind` whose `spec.names.kind` is one of `kinds`, in its order: what
 * filtering every CRD gives, without taking in every CRD file of a partial repository (only those whose kinds list
 * crdKindKey of one of them). An index made elsewhere is filtered.
 */
export function crdsDefining(index: ResourceIndex, kinds: ReadonlySet<string>): readonly Resource[] {
  const list = crdLists.get(index);
  return list ? list(kinds) : definingOneOf(index.ofKind('CustomResourceDefinition'), kinds);
}

function definingOneOf(crds: readonly Resource[], kinds: ReadonlySet<string>): Resource[] {
  return crds.filter((r) => {
    const defined = crdNamesKind(r.object);
    return defined !== undefined && kinds.has(defined);
  });
}

/** How the indexes made here list the objects of some kinds (ofKindsInOrder). */
const kindLists = new WeakMap<ResourceIndex, (kinds: ReadonlySet<string>) => readonly Resource[]>();

/**
 * The objects of `index.all` whose kind is one of `kinds`, in its order: what filtering `index.all` gives, without
 * taking in every file of a partial repository (only those holding an object of these kinds). An index made elsewhere
 * (a plugin's, a test's) is filtered.
 */
export function ofKindsInOrder(index: ResourceIndex, kinds: ReadonlySet<string>): readonly Resource[] {
  const list = kindLists.get(index);
  return list ? list(kinds) : index.all.filter((r) => kinds.has(r.kind));
}

/** An index of `resources`, and how to make it again of others (the index's maps are made again on their next use). */
function makeIndex(resources: readonly Resource[], source?: IndexSource): { index: ResourceIndex; reset: (resources: readonly Resource[]) => void } {
  let all = resources.filter((r) => !r.isPatch);
  // Each map is made on its first use, from `all` (a copy, so what is added to `resources` later is not indexed, as
  // when they were made here): a run that names one file builds the whole repository's index, and its checks ask for
  // some kinds only (a staged PersistentVolumeClaim: no lookup by name nor namespace; 2,550 keys made for nothing).
  let byNamespace: Map<string, Resource[]> | undefined;
  let byKind: Map<string, Resource[]> | undefined;
  let byKey: Map<string, Resource> | undefined;
  const namespaces = () => {
    const map = new Map<string, Resource[]>();
    for (const r of all) if (r.namespace !== undefined) pushTo(map, r.namespace, r);
    return map;
  };
  const kinds = () => {
    const map = new Map<string, Resource[]>();
    for (const r of all) pushTo(map, r.kind, r);
    return map;
  };
  const keys = () => {
    const map = new Map<string, Resource>();
    for (const r of all) {
      if (r.name === undefined) continue;
      const key = `${r.kind}\0${r.namespace ?? ''}\0${r.name}`;
      if (!map.has(key)) map.set(key, r);
    }
    return map;
  };
  /** A partial repository's index answers once its part can: every object of `kind` (of every kind: undefined). */
  const exact = (kind?: string) => {
    if (source && !source.holds(kind)) source.widen(kind === undefined ? undefined : [kind]);
  };
  const index: ResourceIndex = {
    get all() {
      exact();
      return all;
    },
    inNamespace: (ns) => {
      exact();
      return (byNamespace ??= namespaces()).get(ns) ?? [];
    },
    ofKind: (kind) => {
      exact(kind);
      return (byKind ??= kinds()).get(kind) ?? [];
    },
    find: (kind, ns, name) => {
      exact(kind);
      return (byKey ??= keys()).get(`${kind}\0${ns ?? ''}\0${name}`);
    },
  };
  const reset = (next: readonly Resource[]) => {
    all = next.filter((r) => !r.isPatch);
    byNamespace = byKind = byKey = undefined;
  };
  kindLists.set(index, (wanted) => {
    // Every object of these kinds taken in at once (a partial repository), then `all` as it is then, filtered.
    if (source) {
      const missing = [...wanted].filter((k) => !source.holds(k));
      if (missing.length > 0) source.widen(missing);
    }
    return all.filter((r) => wanted.has(r.kind));
  });
  crdLists.set(index, (wanted) => {
    // The CRDs of these kinds taken in (a partial repository that does not hold every CRD), then those of the part.
    if (source && !source.holds('CustomResourceDefinition')) {
      const missing = [...wanted].map(crdKindKey).filter((k) => !source.holds(k));
      if (missing.length > 0) source.widen(missing);
    }
    return definingOneOf((byKind ??= kinds()).get('CustomResourceDefinition') ?? [], wanted);
  });
  return { index, reset };
}

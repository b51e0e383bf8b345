/**
 * Entry-point discovery: which kustomization folders, Helm charts, Flux Kustomizations/HelmReleases and Argo CD
 * Applications of a repository deploy something, with their settings. Nothing is rendered or fetched here.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { isRecord as isPlainObject } from '../k8s/index.js';
import type { Path } from '../shared/types.js';
import { isDirectory, isFile, isRemote, KUSTOMIZATION_NAMES, kustomizationFileOf, kustomizationTree, readKustomization, targetOf } from './kustomization.js';
import { outsideTreeReason } from '../read/index.js';
import { locateRef, readBytesWithin, SourceCache, textOf, textReader, type ReadText } from './source.js';
import type { DiscoveryResult, DocumentRef, EntryPoint, HelmSettings, KustomizeSettings, RenderDiagnostic } from './types.js';

/** The API groups of the objects that name entry points. */
const GITOPS_GROUPS = ['kustomize.toolkit.fluxcd.io', 'helm.toolkit.fluxcd.io', 'argoproj.io'];
/**
 * One of GITOPS_GROUPS as an apiVersion's group is written: not inside a longer name (`argocd.argoproj.io/refresh`,
 * `applications.argoproj.io`), and followed by the `/` before the version (or a double-quoted scalar's `\/`), not by the
 * end of a line (a CRD's `group: argoproj.io`). Only a file holding one is parsed to look for GitOps objects: an
 * install manifest of Argo CD (2 MB of CRDs and RBAC naming argoproj.io) is not.
 */
const GITOPS_API_VERSION = /(?<![\w.-])(?:kustomize\.toolkit\.fluxcd\.io|helm\.toolkit\.fluxcd\.io|argoproj\.io)[/\\]/;

/** Whether a file's text may hold a GitOps object (GITOPS_API_VERSION). Exported for its tests. */
export function mayHoldGitOpsObject(text: string): boolean {
  return GITOPS_API_VERSION.test(text);
}

/**
 * `mayHoldGitOpsObject` of a file's bytes without decoding them: each group is searched in the bytes (ASCII, found in
 * the bytes exactly where it is in their UTF-8 text) and only the character on each side of it is decoded. Exported for
 * its tests.
 */
export function bytesMayHoldGitOpsObject(bytes: Uint8Array): boolean {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const group of GITOPS_GROUPS) {
    for (let at = buffer.indexOf(group, 0, 'latin1'); at !== -1; at = buffer.indexOf(group, at + 1, 'latin1')) {
      if (GITOPS_API_VERSION.test(buffer.toString('latin1', Math.max(0, at - 1), at + group.length + 1))) return true;
    }
  }
  return false;
}

function rel(root: string, p: string): string {
  return path.relative(root, p).split(path.sep).join('/') || '.';
}

function inside(root: string, p: string): boolean {
  const r = path.relative(root, p);
  // Also once links are resolved (src/read/tree.ts): a base that is a link out of the tree, or into .git, is outside.
  return (r === '' || (!r.startsWith('..') && !path.isAbsolute(r))) && outsideTreeReason(root, p) === undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function stringMap(value: unknown): Record<string, string> | undefined {
  if (!isPlainObject(value)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
  return out;
}

/** Argo CD's image override `[old=]new[:tag][@digest]` as a Kustomize `images` entry. */
export function argoImage(spec: string): Record<string, string> {
  const eq = spec.indexOf('=');
  const left = eq === -1 ? undefined : spec.slice(0, eq);
  let right = eq === -1 ? spec : spec.slice(eq + 1);
  const out: Record<string, string> = {};
  const at = right.indexOf('@');
  if (at !== -1) {
    out.digest = right.slice(at + 1);
    right = right.slice(0, at);
  }
  const colon = right.lastIndexOf(':');
  let name = right;
  if (colon > right.lastIndexOf('/')) {
    out.newTag = right.slice(colon + 1);
    name = right.slice(0, colon);
  }
  out.name = left ?? name;
  if (left !== undefined && left !== name) out.newName = name;
  return out;
}

export interface DiscoverOptions {
  read?: ReadText;
  cache?: SourceCache;
}

/** Discover the entry points of a repository from its files (absolute paths) and root. */
export function discoverEntryPoints(files: readonly string[], root: string, options: DiscoverOptions = {}): DiscoveryResult {
  // Every YAML file is looked at for GitOps objects: as bytes (a search, no decoding), unless the caller reads text.
  const bytesWithin = options.read ? undefined : readBytesWithin(root);
  const read = options.read ?? textReader(bytesWithin!);
  const cache = options.cache ?? new SourceCache(read);
  const gitOpsText = (file: string): string | undefined => {
    if (!bytesWithin) {
      const text = read(file);
      return text !== undefined && mayHoldGitOpsObject(text) ? text : undefined;
    }
    const bytes = bytesWithin(file);
    return bytes && bytesMayHoldGitOpsObject(bytes) ? textOf(bytes) : undefined;
  };
  const diagnostics: RenderDiagnostic[] = [];
  const noticed = new Set<string>();
  const notice = (ref: DocumentRef, messageId: RenderDiagnostic['messageId'], message: string, entryPoint?: string) => {
    const at = locateRef(cache, ref);
    const key = `${at.filePath}:${at.line}:${at.column}:${messageId}`;
    if (noticed.has(key)) return;
    noticed.add(key);
    diagnostics.push({ ...at, severity: 0, messageId, message, ...(entryPoint ? { entryPoint } : {}) });
  };
  const unrenderable = new Set<string>();

  // Kustomizations and which folders other kustomizations list.
  const kustomizationFiles = files.filter((f) => KUSTOMIZATION_NAMES.includes(path.basename(f))).sort();
  const listed = new Set<string>();
  for (const file of kustomizationFiles) {
    const k = readKustomization(cache, file);
    if (!k) continue;
    for (const e of k.entries) if (e.isDir && e.absolute) listed.add(e.absolute);
  }
  const plainKustomize = new Map<string, EntryPoint>();
  for (const file of kustomizationFiles) {
    const dir = path.dirname(file);
    if (listed.has(dir) || plainKustomize.has(dir) || !readKustomization(cache, file)) continue;
    plainKustomize.set(dir, { id: `kustomize:${rel(root, dir)}`, tool: 'kustomize', dir, file });
  }

  // Helm charts that are not another chart's dependency (under its charts/, or named by a `file://` dependency).
  const plainHelm = new Map<string, EntryPoint>();
  const chartFiles = files.filter((f) => path.basename(f) === 'Chart.yaml').sort();
  const localDependencies = new Set(chartFiles.flatMap((f) => chartDependencies(cache, path.dirname(f)).flatMap((d) => (d.local ? [d.local] : []))));
  for (const file of chartFiles) {
    const dir = path.dirname(file);
    if (localDependencies.has(dir)) continue;
    const parent = path.dirname(dir);
    if (path.basename(parent) === 'charts' && existsSync(path.join(path.dirname(parent), 'Chart.yaml'))) continue;
    if (
      dir.split(path.sep).includes('charts') &&
      files.some((f) => path.basename(f) === 'Chart.yaml' && dir.startsWith(path.dirname(f) + path.sep + 'charts' + path.sep))
    )
      continue;
    plainHelm.set(dir, { id: `helm:${rel(root, dir)}`, tool: 'helm', dir, file, helm: { releaseName: 'release-name', valuesFiles: [], set: [] } });
  }

  // GitOps objects.
  const viaEntries: EntryPoint[] = [];
  const replaced = new Set<string>();
  for (const file of files.filter((f) => /\.ya?ml$/i.test(f)).sort()) {
    const text = gitOpsText(file);
    if (text === undefined) continue;
    const parsed = cache.fileOfText(file, text);
    for (const document of parsed.documents) {
      const value = document.value;
      if (!isPlainObject(value) || typeof value.apiVersion !== 'string') continue;
      const ref = (p: Path): DocumentRef => ({ filePath: file, documentIndex: document.index, path: p });
      const metadata = isPlainObject(value.metadata) ? value.metadata : {};
      const name = str(metadata.name) ?? '<unnamed>';
      const spec = isPlainObject(value.spec) ? value.spec : {};
      const idSuffix = `@${rel(root, file)}#${document.index}`;
      const group = value.apiVersion.split('/')[0];
      if (group === 'kustomize.toolkit.fluxcd.io' && value.kind === 'Kustomization' && str(spec.path)) {
        const dir = path.resolve(root, spec.path as string);
        const kfile = inside(root, dir) ? kustomizationFileOf(dir) : undefined;
        if (!kfile) continue;
        const settings: KustomizeSettings = { patches: [] };
        if (str(spec.targetNamespace)) settings.namespace = spec.targetNamespace as string;
        if (str(spec.namePrefix)) settings.namePrefix = spec.namePrefix as string;
        if (str(spec.nameSuffix)) settings.nameSuffix = spec.nameSuffix as string;
        if (Array.isArray(spec.images)) settings.images = spec.images;
        const patches = Array.isArray(spec.patches) ? spec.patches : [];
        patches.forEach((p, i) => {
          if (!isPlainObject(p) || typeof p.patch !== 'string') return;
          const target = targetOf(p.target);
          const type = /^\s*-/.test(p.patch) ? 'json6902' : 'strategic-merge';
          settings.patches.push({ type, ref: ref(['spec', 'patches', i, 'patch']), inline: true, text: p.patch, ...(target ? { target } : {}) });
        });
        viaEntries.push({
          id: `kustomize:${rel(root, dir)}${idSuffix}`,
          tool: 'kustomize',
          dir,
          file: kfile,
          via: { kind: 'FluxKustomization', name, ref: ref([]) },
          kustomize: settings,
          ...(settings.namespace ? { defaultNamespace: settings.namespace } : {}),
        });
        replaced.add(dir);
      } else if (group === 'helm.toolkit.fluxcd.io' && value.kind === 'HelmRelease') {
        const chartSpec = isPlainObject(spec.chart) && isPlainObject(spec.chart.spec) ? spec.chart.spec : undefined;
        const sourceKind = isPlainObject(chartSpec?.sourceRef) ? chartSpec.sourceRef.kind : undefined;
        // A HelmRelease without a chart is a patch of one (values for an overlay): nothing to render.
        if (spec.chartRef === undefined && (!chartSpec || typeof chartSpec.chart !== 'string')) continue;
        if (spec.chartRef !== undefined || !chartSpec || (sourceKind !== 'GitRepository' && sourceKind !== 'Bucket')) {
          const at = spec.chartRef !== undefined ? ['spec', 'chartRef'] : ['spec', 'chart', 'spec', 'chart'];
          notice(ref(at), 'remote', `remote chart of HelmRelease ${name} not fetched: its objects are not linted`);
          continue;
        }
        const dir = str(chartSpec.chart) ? path.resolve(root, chartSpec.chart as string) : undefined;
        if (!dir || !inside(root, dir) || !isFile(path.join(dir, 'Chart.yaml'))) {
          notice(
            ref(['spec', 'chart', 'spec', 'chart']),
            'notInRepository',
            `chart of HelmRelease ${name} is not a chart folder of this repository: not rendered`,
          );
          continue;
        }
        const helm: HelmSettings = {
          releaseName: str(spec.releaseName) ?? name,
          valuesFiles: (Array.isArray(chartSpec.valuesFiles) ? chartSpec.valuesFiles : [])
            .filter((f): f is string => typeof f === 'string')
            .map((f) => path.resolve(root, f))
            .filter((f) => inside(root, f)),
          set: [],
          ...(spec.values !== undefined ? { values: spec.values } : {}),
        };
        const namespace = str(spec.targetNamespace) ?? str(metadata.namespace);
        if (namespace) helm.namespace = namespace;
        viaEntries.push({
          id: `helm:${rel(root, dir)}${idSuffix}`,
          tool: 'helm',
          dir,
          file: path.join(dir, 'Chart.yaml'),
          via: { kind: 'FluxHelmRelease', name, ref: ref([]) },
          helm,
          ...(namespace ? { defaultNamespace: namespace } : {}),
        });
        replaced.add(dir);
      } else if (group === 'argoproj.io' && value.kind === 'Application') {
        const sources: Array<[unknown, Path]> = isPlainObject(spec.source)
          ? [[spec.source, ['spec', 'source']]]
          : Array.isArray(spec.sources)
            ? spec.sources.map((s, i) => [s, ['spec', 'sources', i]])
            : [];
        const destination = isPlainObject(spec.destination) ? spec.destination : {};
        const destinationNamespace = str(destination.namespace);
        sources.forEach(([source, at], i) => {
          if (!isPlainObject(source)) return;
          if (str(source.chart)) {
            notice(ref([...at, 'chart']), 'remote', `remote chart of Application ${name} not fetched: its objects are not linted`);
            return;
          }
          if (typeof source.path !== 'string') return;
          const dir = path.resolve(root, source.path);
          if (!inside(root, dir) || !isDirectory(dir)) {
            notice(ref([...at, 'path']), 'notInRepository', `path of Application ${name} is not a folder of this repository: not rendered`);
            return;
          }
          const suffix = idSuffix + (sources.length > 1 ? `.${i}` : '');
          const kfile = kustomizationFileOf(dir);
          const via = { kind: 'ArgoApplication' as const, name, ref: ref([]) };
          if (kfile) {
            const k = isPlainObject(source.kustomize) ? source.kustomize : {};
            const settings: KustomizeSettings = { patches: [] };
            if (str(k.namespace)) settings.namespace = k.namespace as string;
            if (str(k.namePrefix)) settings.namePrefix = k.namePrefix as string;
            if (str(k.nameSuffix)) settings.nameSuffix = k.nameSuffix as string;
            if (Array.isArray(k.images)) settings.images = k.images.map((img: unknown) => (typeof img === 'string' ? argoImage(img) : img));
            const labels = stringMap(k.commonLabels);
            if (labels) settings.commonLabels = labels;
            const annotations = stringMap(k.commonAnnotations);
            if (annotations) settings.commonAnnotations = annotations;
            (Array.isArray(k.patches) ? k.patches : []).forEach((p, pi) => {
              if (!isPlainObject(p)) return;
              const target = targetOf(p.target);
              if (typeof p.patch === 'string') {
                const type = /^\s*-/.test(p.patch) ? 'json6902' : 'strategic-merge';
                settings.patches.push({
                  type,
                  ref: ref([...at, 'kustomize', 'patches', pi, 'patch']),
                  inline: true,
                  text: p.patch,
                  ...(target ? { target } : {}),
                });
              } else if (typeof p.path === 'string') {
                const patchFile = path.resolve(dir, p.path);
                const text = inside(root, patchFile) ? read(patchFile) : undefined;
                if (text === undefined) return;
                const type = Array.isArray(cache.file(patchFile)?.documents[0]?.value) ? 'json6902' : 'strategic-merge';
                settings.patches.push({ type, ref: { filePath: patchFile, documentIndex: 0, path: [] }, inline: false, text, ...(target ? { target } : {}) });
              }
            });
            viaEntries.push({
              id: `kustomize:${rel(root, dir)}${suffix}`,
              tool: 'kustomize',
              dir,
              file: kfile,
              via,
              kustomize: settings,
              ...((settings.namespace ?? destinationNamespace) ? { defaultNamespace: settings.namespace ?? destinationNamespace } : {}),
            });
            replaced.add(dir);
          } else if (isFile(path.join(dir, 'Chart.yaml'))) {
            const h = isPlainObject(source.helm) ? source.helm : {};
            const helm: HelmSettings = {
              releaseName: str(h.releaseName) ?? name,
              valuesFiles: [...(Array.isArray(h.valueFiles) ? h.valueFiles : [])]
                .filter((f): f is string => typeof f === 'string' && !isRemote(f))
                .map((f) => path.resolve(dir, f))
                .filter((f) => inside(root, f)),
              set: (Array.isArray(h.parameters) ? h.parameters : [])
                .filter((p): p is Record<string, unknown> => isPlainObject(p) && typeof p.name === 'string')
                .map(
                  (p) =>
                    [p.name as string, typeof p.value === 'string' || typeof p.value === 'number' || typeof p.value === 'boolean' ? String(p.value) : ''] as [
                      string,
                      string,
                    ],
                ),
            };
            if (isPlainObject(h.valuesObject)) helm.values = h.valuesObject;
            else if (typeof h.values === 'string') helm.values = h.values;
            if (destinationNamespace) helm.namespace = destinationNamespace;
            viaEntries.push({
              id: `helm:${rel(root, dir)}${suffix}`,
              tool: 'helm',
              dir,
              file: path.join(dir, 'Chart.yaml'),
              via,
              helm,
              ...(destinationNamespace ? { defaultNamespace: destinationNamespace } : {}),
            });
            replaced.add(dir);
          }
        });
      }
    }
  }

  const entryPoints = [
    ...[...plainKustomize.values()].filter((e) => !replaced.has(e.dir)),
    ...[...plainHelm.values()].filter((e) => !replaced.has(e.dir)),
    ...viaEntries,
  ].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  // What cannot be rendered: remote bases and charts, folders outside the repository.
  for (const entry of entryPoints) {
    if (entry.tool === 'kustomize') {
      for (const k of kustomizationTree(cache, entry.dir)) {
        for (const e of k.entries) {
          const at = { filePath: k.file, documentIndex: k.documentIndex, path: [e.field, e.index] };
          if (e.remote) {
            notice(at, 'remote', `remote ${e.field === 'components' ? 'component' : 'base'} not fetched: ${e.value}`, entry.id);
            unrenderable.add(entry.id);
          } else if (e.absolute && !inside(root, e.absolute)) {
            notice(at, 'outsideRepository', `${e.value} is outside the repository: not rendered`, entry.id);
            unrenderable.add(entry.id);
          }
        }
        const remoteHelm = Array.isArray(k.value.helmCharts) && k.value.helmCharts.length > 0;
        if (remoteHelm)
          notice(
            { filePath: k.file, documentIndex: k.documentIndex, path: ['helmCharts'] },
            'remote',
            'helmCharts not rendered (remote charts are never fetched)',
            entry.id,
          );
      }
    } else {
      for (const dep of chartDependencies(cache, entry.dir)) {
        if (dep.local) continue;
        if (!dep.vendored) {
          notice(
            { filePath: path.join(entry.dir, 'Chart.yaml'), documentIndex: 0, path: ['dependencies', dep.index, 'repository'] },
            'remote',
            `remote chart dependency not fetched: ${dep.name}`,
            entry.id,
          );
          unrenderable.add(entry.id);
        }
      }
    }
  }
  return { entryPoints, diagnostics, unrenderable: [...unrenderable].sort() };
}

export interface ChartDependency {
  index: number;
  name: string;
  /** For `file://` dependencies: the folder. */
  local?: string;
  /** True when charts/ already holds it (folder or archive). */
  vendored: boolean;
}

/** The dependencies a Chart.yaml declares. */
export function chartDependencies(cache: SourceCache, dir: string): ChartDependency[] {
  const value = cache.file(path.join(dir, 'Chart.yaml'))?.documents[0]?.value;
  const deps = isPlainObject(value) && Array.isArray(value.dependencies) ? value.dependencies : [];
  let vendored: string[] = [];
  try {
    vendored = readdirSync(path.join(dir, 'charts'));
  } catch {
    /* no charts/ folder */
  }
  return deps.flatMap((d, index) => {
    if (!isPlainObject(d) || typeof d.name !== 'string') return [];
    const repository = typeof d.repository === 'string' ? d.repository : '';
    const isVendored = vendored.some((f) => f === d.name || (f.startsWith(`${d.name}-`) && f.endsWith('.tgz')));
    if (repository.startsWith('file://'))
      return [{ index, name: d.name, local: path.resolve(dir, repository.slice('file://'.length)), vendored: isVendored }];
    return [{ index, name: d.name, vendored: isVendored || repository === '' }];
  });
}

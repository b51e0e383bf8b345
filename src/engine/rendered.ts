/**
 * The render step of a run: what each GitOps entry point deploys, rendered by the real tools (src/render), becomes
 * Resources of the repository; the checks run on them, and every finding lands on the source line that set the value
 * (a patch, the base, a Helm template), naming the entry points that deploy it. Files that rendered entry points read
 * are not linted a second time on their own (docs/gitops.md).
 */
import path from 'node:path';
import { checkResource, compareMessages, dedupe } from '../check/index.js';
import { rulesForFile } from '../config/index.js';
import { CLUSTER_SCOPED_KINDS, get, isRecord, withPodTemplates } from '../k8s/index.js';
import { objectsOf, type ParsedFile } from '../parse/index.js';
import {
  discoverEntryPoints,
  entrySources,
  locatePatchObject,
  locateRendered,
  readTextWithin,
  renderRepository,
  SourceCache,
  unrenderedPatchObjects,
  type EntryPoint,
  type PatchObject,
  type RenderedObject,
  type RenderRun,
} from '../render/index.js';
import type { Repository, RepositoryResource } from '../resources/index.js';
import { UsageError } from '../shared/errors.js';
import type { LintMessage, LintResult } from '../shared/types.js';
import { applySuppressions } from '../suppress/index.js';
import type { Engine, LintOptions } from './engine.js';
import { toResult } from './file-pass.js';
import { readAndParse } from './files.js';

export interface Rendering {
  run: RenderRun;
  /** The rendered objects as Resources of the repository (whole objects), with the object each came from. */
  resources: Array<{ resource: RepositoryResource; rendered: RenderedObject }>;
  /** Files that rendered entry points read: linted through the render only. */
  consumed: ReadonlySet<string>;
  /**
   * The inline and JSON 6902 patches of entry points that were not rendered, as the partial objects they set: checked
   * for the values they set, as strategic-merge patch files are (docs/gitops.md).
   */
  patchObjects: PatchObject[];
}

/**
 * Render the entry points found among the run's files (linted, and read for repository-wide checks). Undefined when
 * the run does not render or the repository has no entry point.
 */
export async function renderForRun(
  engine: Engine,
  options: LintOptions,
  paths: readonly string[],
  root: string,
  run: { cacheFile?: string; named?: ReadonlySet<string> } = {},
): Promise<Rendering | undefined> {
  if (!engine.patchFallback) return undefined;
  const discovery = discoverEntryPoints(paths, root);
  if (discovery.entryPoints.length === 0 && discovery.diagnostics.length === 0) return undefined;
  const config = engine.resolved.config.render ?? {};
  const kustomize = options.kustomize ?? trustedProgram(config.kustomize, 'render.kustomize', root);
  const helm = options.helm ?? trustedProgram(config.helm, 'render.helm', root);
  const isKubectl = kustomize !== undefined && /^kubectl/.test(path.basename(kustomize));
  // With --cache, renders are reused while every file they read is unchanged (src/engine/render-cache.ts).
  const cacheModule = run.cacheFile ? await import('./render-cache.js') : undefined;
  const renderCache = cacheModule && run.cacheFile ? new cacheModule.RenderCache(cacheModule.renderCachePath(run.cacheFile)) : undefined;
  const named = run.named;
  const rendered = await renderRepository({
    files: paths,
    root,
    discovery,
    tools: { ...(kustomize ? (isKubectl ? { kubectl: kustomize } : { kustomize }) : {}), ...(helm ? { helm } : {}) },
    kustomizeEnableHelm: options.kustomizeEnableHelm,
    // A run that names some files (a pre-commit hook) renders only the entry points that read one of them.
    ...(named ? { only: (entry: EntryPoint, cache: SourceCache) => entrySources(entry, cache).some((f) => named.has(f)) } : {}),
    ...(renderCache ? { renderCache } : {}),
  });
  renderCache?.save();
  const entryPoints = new Map(rendered.entryPoints.map((e) => [e.id, e]));
  const sources = new SourceCache(readTextWithin(root));
  const resources = rendered.objects.map((o) => ({ resource: resourceOf(o, entryPoints, sources), rendered: o }));
  return {
    run: rendered,
    resources,
    consumed: new Set(rendered.consumedFiles),
    patchObjects: unrenderedPatchObjects(rendered, sources, root),
  };
}

/**
 * A program named by a config file, which may come from the linted tree: a bare name (looked up on PATH) or an
 * absolute path outside the repository. A path into the repository would let a pull request run a program it commits.
 */
function trustedProgram(value: string | undefined, key: string, root: string): string | undefined {
  if (value === undefined) return undefined;
  if (!value.includes('/') && !value.includes('\\')) return value;
  const rel = path.relative(root, value);
  if (path.isAbsolute(value) && (rel.startsWith('..') || path.isAbsolute(rel))) return value;
  throw new UsageError(
    `${key}: "${value}" must be a program name looked up on PATH or an absolute path outside the repository; a config file cannot name a program of the linted tree (use --kustomize or --helm on the command line)`,
  );
}

function originFile(o: RenderedObject): { filePath: string; documentIndex: number } {
  return o.origin.type === 'resource'
    ? { filePath: o.origin.ref.filePath, documentIndex: o.origin.ref.documentIndex }
    : { filePath: o.origin.filePath, documentIndex: 0 };
}

function resourceOf(o: RenderedObject, entryPoints: ReadonlyMap<string, EntryPoint>, sources: SourceCache): RepositoryResource {
  const object = o.object;
  const metadata = isRecord(object.metadata) ? object.metadata : undefined;
  const ownNamespace = typeof metadata?.namespace === 'string' && metadata.namespace ? metadata.namespace : undefined;
  const kind = typeof object.kind === 'string' ? object.kind : '';
  const fromEntry = o.entryPoints.map((id) => entryPoints.get(id)?.defaultNamespace).find((n) => n !== undefined);
  const namespace = ownNamespace ?? o.namespace ?? (CLUSTER_SCOPED_KINDS.has(kind) ? undefined : fromEntry);
  const { filePath, documentIndex } = originFile(o);
  return {
    object,
    apiVersion: typeof object.apiVersion === 'string' ? object.apiVersion : '',
    kind,
    name: typeof metadata?.name === 'string' ? metadata.name : typeof metadata?.generateName === 'string' ? metadata.generateName : undefined,
    namespace,
    namespaceSource: namespace === undefined ? undefined : ownNamespace && ownNamespace === sourceNamespace(o, sources) ? 'metadata' : 'kustomization',
    filePath,
    documentIndex,
    basePath: [],
    isPatch: false,
    linted: true,
  };
}

/** A patch's partial object as a Resource: a patch, so only what it sets is reported. */
function patchResource(patch: PatchObject): RepositoryResource {
  const object = patch.object as RepositoryResource['object'];
  const metadata = isRecord(object.metadata) ? object.metadata : undefined;
  const namespace = typeof metadata?.namespace === 'string' && metadata.namespace ? metadata.namespace : patch.target.namespace;
  return {
    object,
    apiVersion: typeof object.apiVersion === 'string' ? object.apiVersion : '',
    kind: typeof object.kind === 'string' ? object.kind : '',
    name: typeof metadata?.name === 'string' ? metadata.name : undefined,
    namespace,
    namespaceSource: namespace === undefined ? undefined : 'metadata',
    filePath: patch.filePath,
    documentIndex: 0,
    basePath: [],
    isPatch: true,
    linted: true,
  };
}

/** The namespace the object's own source document names, when it is one (a Kustomize `namespace:` does not show there). */
function sourceNamespace(o: RenderedObject, sources: SourceCache): string | undefined {
  if (o.origin.type !== 'resource') return undefined;
  const value = sources.document(o.origin.ref.filePath, o.origin.ref.documentIndex)?.value;
  const metadata = isRecord(value) && isRecord(value.metadata) ? value.metadata : undefined;
  return typeof metadata?.namespace === 'string' ? metadata.namespace : undefined;
}

/** How a message names an entry point: its folder from the repository root, and the GitOps object it came through. */
function entryLabel(entry: EntryPoint | undefined, id: string, root: string): string {
  if (!entry) return id;
  const dir = path.relative(root, entry.dir).split(path.sep).join('/') || '.';
  if (!entry.via) return dir;
  const via = { FluxKustomization: 'Flux Kustomization', FluxHelmRelease: 'Flux HelmRelease', ArgoApplication: 'Argo CD Application' }[entry.via.kind];
  return `${dir} (${via} "${entry.via.name}")`;
}

function listText(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** The repository with the rendered objects among its resources (the index repository-wide checks read). */
export function withRendered(repository: Repository, rendering: Rendering | undefined, build: (resources: RepositoryResource[]) => Repository): Repository {
  if (!rendering?.resources.length) return repository;
  const merged = build([...repository.resources, ...rendering.resources.map((r) => r.resource)]);
  merged.trimmed = repository.trimmed;
  return merged;
}

/**
 * The messages of the rendered objects and of the render itself, by the file they are reported in (only files of the
 * run's `linted` set). A finding found in several entry points' objects at the same line is one message naming them all.
 */
export function renderedMessages(
  engine: Engine,
  rendering: Rendering,
  repository: Repository,
  linted: ReadonlySet<string>,
  root: string,
): Map<string, LintMessage[]> {
  return withPodTemplates(engine.podTemplates, () => renderedMessagesNow(engine, rendering, repository, linted, root));
}

function renderedMessagesNow(
  engine: Engine,
  rendering: Rendering,
  repository: Repository,
  linted: ReadonlySet<string>,
  root: string,
): Map<string, LintMessage[]> {
  const sources = new SourceCache(readTextWithin(root));
  const entryPoints = new Map(rendering.run.entryPoints.map((e) => [e.id, e]));
  const byFile = new Map<string, LintMessage[]>();
  const add = (filePath: string, message: LintMessage) => {
    const list = byFile.get(filePath);
    if (list) list.push(message);
    else byFile.set(filePath, [message]);
  };
  // One message per rule, place and text; the entry points that gave it, in order.
  const merged = new Map<string, { filePath: string; message: LintMessage; labels: string[] }>();
  for (const { resource, rendered } of rendering.resources) {
    const rules = rulesForFile(engine.resolved, resource.filePath);
    const labels = rendered.entryPoints.map((id) => entryLabel(entryPoints.get(id), id, root));
    let filePath = resource.filePath;
    checkResource(
      { checks: engine.checks, rules, kubernetesVersion: engine.kubernetesVersion, index: repository.index, fixStrict: engine.fixStrict },
      resource,
      {
        locate: (p) => {
          const at = locateRendered(rendered, p, sources);
          filePath = at.filePath;
          return at;
        },
        report: (message) => {
          if (!linted.has(filePath)) return;
          const key = `${filePath}\0${message.ruleId}\0${message.line}\0${message.column}\0${message.message}`;
          const seen = merged.get(key);
          if (!seen) {
            merged.set(key, { filePath, message, labels: [...labels] });
            return;
          }
          for (const l of labels) if (!seen.labels.includes(l)) seen.labels.push(l);
        },
      },
    );
  }
  for (const patch of rendering.patchObjects) {
    if (!linted.has(patch.filePath)) continue;
    const resource = patchResource(patch);
    const rules = rulesForFile(engine.resolved, patch.filePath);
    // The checks that also run on patch files (the schema rule) read whole documents; this is a patch's values only.
    const checks = engine.checks.filter((c) => !c.meta.appliesToPatches);
    checkResource({ checks, rules, kubernetesVersion: engine.kubernetesVersion, index: repository.index, fixStrict: engine.fixStrict }, resource, {
      locate: (p) => locatePatchObject(patch, p),
      keep: (finding) => get(patch.object, finding.path) !== undefined,
      report: (message) => add(patch.filePath, message),
    });
  }
  for (const { filePath, message, labels } of merged.values()) {
    add(filePath, labels.length ? { ...message, message: `${message.message} (in ${listText(labels)})` } : message);
  }
  for (const d of rendering.run.diagnostics) {
    if (!linted.has(d.filePath)) continue;
    add(d.filePath, {
      ruleId: null,
      severity: d.severity,
      message: d.message,
      messageId: d.messageId,
      line: d.line,
      column: d.column,
      endLine: d.endLine,
      endColumn: d.endColumn,
    });
  }
  // One notice per missing tool, on the first linted file of an entry point it could not render.
  for (const missing of rendering.run.notRendered) {
    const files = missing.entryPoints.map((id) => entryPoints.get(id)?.file).filter((f): f is string => f !== undefined && linted.has(f));
    const count = missing.entryPoints.length;
    const text = `${missing.message} (${count} ${count === 1 ? 'entry point' : 'entry points'} not rendered: their files are linted one by one, patches for the values they set)`;
    if (files[0]) add(files[0], { ruleId: null, severity: 0, message: text, messageId: 'notRendered', line: 1, column: 1 });
  }
  return byFile;
}

/**
 * The result of a file that rendered entry points read: its own parse messages, and the rendered objects' and the
 * render's messages reported in it, with the file's suppression directives and the objects' annotations applied.
 */
export function renderedFileResult(engine: Engine, filePath: string, messages: readonly LintMessage[], rendering: Rendering): LintResult {
  const file: ParsedFile = readAndParse(filePath, engine.maxFileSize);
  // A Helm template that was rendered is not "passed over": its objects were checked through the render.
  const passedOver = file.notices.findIndex((n) => n.messageId === 'template');
  if (passedOver !== -1) file.notices.splice(passedOver, 1);
  return finishFile(engine, file, [...file.messages, ...messages], rendering, objectsOf(file).length);
}

/** A file linted on its own that rendered objects also report in: its result with their messages added. */
export function addRendered(engine: Engine, result: LintResult, messages: readonly LintMessage[], rendering: Rendering): LintResult {
  const file: ParsedFile = readAndParse(result.filePath, engine.maxFileSize);
  const extra = finishFile(engine, file, messages, rendering, 0);
  const merged: LintResult = {
    ...result,
    messages: [...result.messages, ...extra.messages].sort(compareMessages),
    suppressedMessages: [...result.suppressedMessages, ...extra.suppressedMessages].sort(compareMessages),
  };
  const notices = [...(result.notices ?? []), ...(extra.notices ?? [])];
  if (notices.length) merged.notices = notices.sort(compareMessages);
  return merged;
}

function finishFile(engine: Engine, file: ParsedFile, messages: readonly LintMessage[], rendering: Rendering, objectCount: number): LintResult {
  return withPodTemplates(engine.podTemplates, () => finishFileNow(engine, file, messages, rendering, objectCount));
}

function finishFileNow(engine: Engine, file: ParsedFile, messages: readonly LintMessage[], rendering: Rendering, objectCount: number): LintResult {
  const notices = messages.filter((m) => m.severity === 0);
  file.notices.push(...notices);
  const objects = rendering.resources.map((r) => r.resource);
  const split = applySuppressions(
    file,
    dedupe(
      messages.filter((m) => m.severity !== 0),
      engine.checks,
    ).sort(compareMessages),
    {
      knownIds: engine.knownIds,
      objects,
      reportUnused: engine.reportUnused,
      inlineConfig: engine.inlineConfig,
      requireReason: engine.requireReason,
    },
  );
  const result = toResult(file, split.messages, objectCount);
  result.suppressedMessages = split.suppressedMessages;
  return structuredClone(result);
}

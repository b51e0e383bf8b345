/**
 * The render stage: discover a repository's entry points, render each with the real tools (bounded, in parallel,
 * safely), and tell for every rendered object where it came from, so findings land on source lines.
 *
 *   const run = await renderRepository({ files, root });
 *   const sources = new SourceCache();
 *   for (const o of run.objects) ... locateRendered(o, finding.path, sources)
 */
import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { discoverEntryPoints } from './discover.js';
import { renderHelmEntry } from './helm.js';
import { renderKustomizeEntry, type EntryOutcome } from './kustomize.js';
import { DEFAULT_MAX_OUTPUT_BYTES, DEFAULT_TIMEOUT_MS, helmTool, kustomizeTool, type ToolPaths } from './run.js';
import { entrySources, toolFingerprint } from './inputs.js';
import { readTextWithin, SourceCache, type ReadText } from './source.js';
import type { DiscoveryResult, EntryPoint, EntryRender, NotRendered, RenderDiagnostic, RenderedObject, RenderRun } from './types.js';

export type * from './types.js';
export { discoverEntryPoints } from './discover.js';
export { locateRendered } from './map.js';
export { setValuesOfPatch, setValuesOfKustomization } from './patches.js';
export { locatePatchObject, unrenderedPatchObjects } from './fallback.js';

export { runTool, firstErrorLine, type ToolPaths } from './run.js';
export { entrySources } from './inputs.js';
export type { EntryOutcome } from './kustomize.js';
export { readTextWithin, SourceCache, type ReadText } from './source.js';

export interface RenderOptions {
  /** Every file of the repository (absolute paths). */
  files: readonly string[];
  /** The repository root (Flux paths are relative to it). */
  root: string;
  /** Explicit tool paths; otherwise `kustomize`, then `kubectl`, and `helm` are looked up on `pathEnv`. */
  tools?: ToolPaths;
  /** PATH to search tools on and give to them (default process.env.PATH). */
  pathEnv?: string;
  /** Per render (default 30 s); the tool's process group is killed after it. */
  timeoutMs?: number;
  /** Cap on a tool's stdout (default 64 MiB); the tool is killed beyond it. */
  maxOutputBytes?: number;
  /** Renders at once (default: one per core). */
  concurrency?: number;
  /** Pass `--enable-helm` to Kustomize (only when the user asks for it on the command line). */
  kustomizeEnableHelm?: boolean;
  /** Reads source files (default: the disk). */
  read?: ReadText;
  /** Entry points already discovered (default: discoverEntryPoints(files, root)). */
  discovery?: DiscoveryResult;
  /** Render only the entry points this says yes to (a run that names some files: those that read one of them). */
  only?: (entry: EntryPoint, sources: SourceCache) => boolean;
  /** Where renders are kept between runs (`--cache`): a render is reused while every file it read is unchanged. */
  renderCache?: RenderCacheStore;
}

/**
 * A store of renders. `key` says everything but file contents (the entry point and its settings, the tool and its
 * identity, the limits); `reads` the files the render read, whose contents the store checks before reusing it.
 */
export interface RenderCacheStore {
  lookup(key: string): EntryOutcome | undefined;
  store(key: string, outcome: EntryOutcome, reads: readonly string[]): void;
}

/** The cache key of one entry point's render (see RenderCacheStore). */
function renderKey(entry: EntryPoint, tool: { command: string; args: string[] }, limits: { timeoutMs: number; maxOutputBytes: number }): string {
  return createHash('sha256')
    .update(JSON.stringify({ entry, command: tool.command, fingerprint: toolFingerprint(tool.command), args: tool.args, limits }))
    .digest('hex');
}

export const KUSTOMIZE_MISSING = 'kustomize not found: install kustomize or kubectl, or pass --no-render';
export const HELM_MISSING = 'helm not found: install helm, or pass --no-render';

/** Run `work` over `items`, at most `limit` at once, results in input order. */
async function bounded<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

function realPathOf(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

function isInside(root: string, p: string): boolean {
  const r = path.relative(root, p);
  return r === '' || (!r.startsWith('..') && !path.isAbsolute(r));
}

function objectKey(o: RenderedObject): string {
  const origin = o.origin.type === 'resource' ? `${o.origin.ref.filePath}#${o.origin.ref.documentIndex}` : `${o.origin.type}:${o.origin.filePath}`;
  return `${origin}\0${o.namespace ?? ''}\0${JSON.stringify(o.object)}`;
}

/** Discover and render every entry point of a repository. Never throws for a bad repository. */
export async function renderRepository(options: RenderOptions): Promise<RenderRun> {
  const root = path.resolve(options.root);
  const read = options.read ?? readTextWithin(root);
  const cache = new SourceCache(read);
  const discovery = options.discovery ?? discoverEntryPoints(options.files, root, { read, cache });
  const unrenderable = new Set(discovery.unrenderable);
  const kustomize = kustomizeTool(options.tools ?? {}, options.pathEnv, options.kustomizeEnableHelm);
  const helm = helmTool(options.tools ?? {}, options.pathEnv);
  const run = {
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxOutputBytes: options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES,
    ...(options.pathEnv !== undefined ? { pathEnv: options.pathEnv } : {}),
    root,
  };
  const missing = new Map<'kustomize' | 'helm', string[]>();
  const diagnostics: RenderDiagnostic[] = [...discovery.diagnostics];
  const consumed = new Set<string>();

  const entryPoints = options.only ? discovery.entryPoints.filter((e) => options.only!(e, cache)) : discovery.entryPoints;
  const limits = { timeoutMs: run.timeoutMs, maxOutputBytes: run.maxOutputBytes };
  const realRoot = realPathOf(root);
  const outcomes = await bounded(entryPoints, options.concurrency ?? os.availableParallelism?.() ?? os.cpus().length, async (entry: EntryPoint) => {
    if (unrenderable.has(entry.id)) return { entry, status: 'skipped' as const };
    if (entry.tool === 'kustomize' && !kustomize) return { entry, status: 'toolMissing' as const };
    if (entry.tool === 'helm' && !helm) return { entry, status: 'toolMissing' as const };
    const key = options.renderCache
      ? entry.tool === 'kustomize'
        ? renderKey(entry, { command: kustomize!.command, args: kustomize!.args('<dir>') }, limits)
        : renderKey(entry, { command: helm!, args: [] }, limits)
      : undefined;
    const cached = key !== undefined ? options.renderCache!.lookup(key) : undefined;
    if (cached) return { entry, status: cached.status, outcome: cached };
    const outcome: EntryOutcome =
      entry.tool === 'kustomize' ? await renderKustomizeEntry(entry, kustomize!, cache, run) : await renderHelmEntry(entry, helm!, cache, run);
    // A render stopped by a limit may go through next time; any other outcome holds while its files are unchanged.
    if (key !== undefined && !outcome.timedOut && !outcome.overflow) {
      // Files outside the repository, or links out of it, are never read for the key (Kustomize's load restrictor
      // refuses them anyway).
      const reads = [...new Set([...outcome.consumed, ...entrySources(entry, cache)])].filter((f) => isInside(realRoot, realPathOf(f))).sort();
      options.renderCache!.store(key, outcome, reads);
    }
    return { entry, status: outcome.status, outcome };
  });

  const renders: EntryRender[] = [];
  const merged = new Map<string, RenderedObject>();
  for (const { entry, status, outcome } of outcomes as Array<{ entry: EntryPoint; status: EntryRender['status']; outcome?: EntryOutcome }>) {
    renders.push({ entryPoint: entry.id, status, durationMs: outcome?.durationMs ?? 0, objectCount: outcome?.objects.length ?? 0 });
    if (status === 'toolMissing') {
      const list = missing.get(entry.tool) ?? [];
      list.push(entry.id);
      missing.set(entry.tool, list);
      continue;
    }
    if (!outcome) continue;
    if (outcome.status === 'failed') {
      const toolName = entry.tool === 'kustomize' ? 'kustomize build' : 'helm template';
      const why = outcome.timedOut
        ? { messageId: 'renderTimeout' as const, message: `${toolName} timed out after ${run.timeoutMs} ms: not rendered` }
        : outcome.overflow
          ? { messageId: 'outputTooLarge' as const, message: `${toolName} wrote more than ${run.maxOutputBytes} bytes: not rendered` }
          : { messageId: 'renderFailed' as const, message: `${toolName} failed: ${outcome.error || 'no error output'}` };
      diagnostics.push({ filePath: entry.file, line: 1, column: 1, endLine: 1, endColumn: 1, severity: 2, ...why, entryPoint: entry.id });
      continue;
    }
    for (const f of outcome.consumed) consumed.add(f);
    for (const o of outcome.objects) {
      const key = objectKey(o);
      const seen = merged.get(key);
      if (seen) {
        if (!seen.entryPoints.includes(entry.id)) seen.entryPoints.push(entry.id);
      } else merged.set(key, o);
    }
  }
  const notRendered: NotRendered[] = [...missing].map(([tool, entryPoints]) => ({
    tool,
    message: tool === 'kustomize' ? KUSTOMIZE_MISSING : HELM_MISSING,
    entryPoints,
  }));
  return {
    entryPoints,
    renders,
    objects: [...merged.values()],
    consumedFiles: [...consumed].sort(),
    diagnostics,
    notRendered,
  };
}

/**
 * The programmatic API: lintFiles and lintText. Runs the stages in order (read → parse → resources → validate and
 * check → fix → suppress) over the files of a run, in two passes, on worker threads for big runs, from the cache when
 * nothing changed.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { compareMessages } from '../check/index.js';
import { notIgnoredByConfig, rulesForFile } from '../config/index.js';
import { applyFixes, contentDigest, MAX_FIX_PASSES, writeFixedFile, type FixFilter } from '../fix/index.js';
import { isWorkloadObject, podTemplateKindNames, withPodTemplates } from '../k8s/index.js';
import { decode, DEFAULT_MAX_FILE_SIZE, fatalMessage, isKustomizationFile, objectsOf, type ParsedFile, parseText, warmUpReader } from '../parse/index.js';
import { findRepositoryRoot, isWithin, MANIFEST_EXTENSIONS, notReadMessage, ReadAhead, walk } from '../read/index.js';
import {
  buildRepository,
  namespaceFactKinds,
  readObjectsWith,
  crdKindKey,
  resourceKind,
  repositoryOf,
  restoreSchemas,
  type FileEntries,
  type ReadObjects,
  type Repository,
  type RepositoryFile,
  type RepositoryResource,
  FACT_KINDS,
  scanKinds,
} from '../resources/index.js';
import { checks as builtinChecks } from '../../checks/index.js';
import { restoreParams, vapCheck } from '../policy/index.js';
import { UsageError } from '../shared/errors.js';
import { SCHEMA_RULE_ID } from '../validate/index.js';
import type { LintResult } from '../shared/types.js';
import { WriteError, writeFileSafely } from '../shared/write-file.js';
import { applyBaseline, readBaseline, renderBaseline } from '../suppress/index.js';
import { engineSettings, indexEntries, loadPolicyRuntime, makeEngine, type Engine, type LintOptions, type LintTextOptions } from './engine.js';
import { countResult, lintFile, lintStored } from './file-pass.js';
import { failedFile, indexReaders, ParsedStore, readAndParse, readEntries, readEntriesLazily, tooLargeMessage } from './files.js';
import { byPath, ResultOrder } from './result-order.js';
import { addRendered, renderedFileResult, renderedMessages, renderForRun, withRendered, type Rendering } from './rendered.js';
import type { IndexCache } from './index-cache.js';
import type { ReportCache } from './cache.js';

/** Lint files, folders and globs. Resolves to one result per file, sorted by path. */
export async function lintFiles(patterns: string | readonly string[], options: LintOptions = {}): Promise<LintResult[]> {
  return runFiles(patterns, options, undefined);
}

/**
 * lintFiles, with each result handed to `onResult` as soon as it and every result before it (in path order) are done,
 * so the caller can write it and let it go; the same results, in the same order. Runs whose results are only known
 * together (the cache, a baseline) hand them over at the end.
 */
export async function lintFilesStreamed(
  patterns: string | readonly string[],
  options: LintOptions,
  onResult: (result: LintResult) => void,
  /** With --cache: the report wanted, written from the cache when kept there (then no result is handed over). */
  report?: ReportCache,
): Promise<void> {
  for (const result of await runFiles(patterns, options, onResult, report)) onResult(result);
}

/**
 * How many files the runs of this process read and parsed (not those whose entries or results came from the index cache
 * or `--cache`), and whether one of them took entries from the index cache: what the bundled bin keys its code cache's
 * fit by (src/cli/command-script.ts). A cold pre-commit run reads the whole repository, a warm one the files staged and
 * the index cache's entries of the rest.
 */
let filesRead = 0;
let indexCacheUsed = false;
/**
 * Whether a run of this process wrote a new index cache (it read the whole repository), linting at most WARM_UP_FILES
 * files (a commit's, not `pre-commit run --all-files`'s: a warm-up lints them again), and found no entry point to
 * render (a warm-up would render again).
 */
let coldIndexRun = false;
const WARM_UP_FILES = 16;
/** Whether a run of this process found an entry point to render. */
let rendered = false;

/** The runs of this process so far: how many files they read and parsed, and whether one used the index cache. */
export function runsShape(): { size: number; warm: boolean } {
  return { size: filesRead, warm: indexCacheUsed };
}

/**
 * Whether the runs of this process so far wrote a new index cache and found no entry point to render: the same run
 * once more would be a warm one, read from that cache (what the bin's entry runs to compile a warm run's code:
 * src/cli/cli.ts warmUp). Then counts the runs after this call only (runsShape).
 */
export function startWarmRun(): boolean {
  if (!coldIndexRun || rendered) return false;
  filesRead = 0;
  indexCacheUsed = false;
  coldIndexRun = false;
  return true;
}

/** lintFiles; with `sink`, results that can be streamed go there and are not in the array returned. */
async function runFiles(patterns: string | readonly string[], options: LintOptions, sink: ((result: LintResult) => void) | undefined, report?: ReportCache) {
  await loadPolicyRuntime(options.config);
  const engine = makeEngine(options);
  const list = typeof patterns === 'string' ? [patterns] : patterns;
  const started = Date.now();
  const cacheModule = options.cache && !options.fix ? await import('./cache.js') : undefined;
  const cacheFile = cacheModule?.cacheFilePath(options.cacheLocation, engine.cwd);
  checkBaselineExists(engine, options);
  checkConfigRootHolds(engine, options, list);
  // The linted tree: no file whose real path leaves it (or enters .git) is read.
  const treeRoot = path.resolve(engine.cwd, options.root || engine.resolved.config.root || findRepositoryRoot(engine.cwd));
  // A `--cache` run keeps the walk of its folders in the index cache: an unchanged repository is not walked again.
  const walkCache = cacheFile && options.indexCache !== false ? (await import('./index-cache.js')).openIndexCache(engine, treeRoot, started) : undefined;
  const walkedTree = await walk(list, {
    ...walkIgnores(engine, options),
    cwd: engine.cwd,
    root: treeRoot,
    errorOnUnmatchedPattern: options.errorOnUnmatchedPattern ?? true,
    ...(walkCache ? { cache: walkCache.walk } : {}),
  });
  const { files: walked, unreadable: unreadableFolders } = walkedTree;
  const keep = notIgnored(engine, options);
  const refused = walkedTree.refused.filter((r) => keep(r.path));
  const all = walked.filter(keep);
  if (all.length === 0 && refused.length === 0 && walked.length > 0 && options.errorOnUnmatchedPattern !== false) {
    // Folders and globs whose files the ignore patterns all remove: as ESLint says. Files named one by one (a
    // pre-commit hook's) are simply skipped.
    const pattern = (list.length ? list : ['.']).find((p) => !walked.includes(path.resolve(engine.cwd, p)));
    if (pattern !== undefined) {
      throw new UsageError(`All files matched by "${pattern}" are ignored.\nRemove "${pattern}" from the paths, or lint the files with --no-ignore.`);
    }
  }
  const { index: shard = 1, count: shards = 1 } = options.shard ?? {};
  const files = shards > 1 ? all.filter((_, i) => i % shards === shard - 1) : all;
  const inShard = new Set(files);
  // A shard reads the others' files for repository-wide checks, in the order an unsharded run reads them. The index
  // cache keeps what the index pass made of the rest of the repository (and its walk) between runs.
  const { paths: repositoryRest, indexCache } = await repositoryPaths(engine, options, list, all, started, walkCache);
  const extraPaths = all.filter((f) => !inShard.has(f)).concat(repositoryRest);
  const failedFolders = shard === 1 ? unreadableFolders : [];
  const refusedFiles = shard === 1 ? refused : [];
  // What GitOps entry points deploy, rendered first; files the renders read are then linted through them only.
  const renderRoot = path.resolve(engine.cwd, options.root || engine.resolved.config.root || findRepositoryRoot(engine.cwd));
  // A run that names some files (the repository read besides them) renders only the entry points that read one.
  const renderRun = { ...(cacheFile ? { cacheFile } : {}), ...(repositoryRest.length > 0 ? { named: new Set(all) } : {}) };
  const rendering = options.fix ? undefined : await renderForRun(engine, options, all.concat(repositoryRest), renderRoot, renderRun);
  // Any entry point found: a warm-up would render again (a failing or slow renderer twice).
  if (rendering) rendered = true;
  let cache: import('./cache.js').RunCache | undefined;
  if (cacheModule && cacheFile) {
    // A report is kept only for runs whose output is their results (a baseline's file can change between runs).
    cache = new cacheModule.RunCache(cacheFile, started, engine.cwd, options.baseline ? undefined : report);
    // A rendered run's results also depend on what the renders made (themselves cached by the files they read) and
    // on the files they read that the run does not walk (generators' sources, chart helpers).
    const walkedSet = new Set(files.concat(extraPaths));
    const renderInputs = rendering ? rendering.run.consumedFiles.filter((f) => !walkedSet.has(f)) : [];
    const hit = cache.lookup({
      settings: {
        ...(cacheSettings(engine, options, [...failedFolders, ...refusedFiles]) as object),
        ...(rendering ? { rendered: renderDigest(rendering) } : {}),
      },
      linted: files,
      indexed: extraPaths.concat(renderInputs),
      schemaDirs: engine.schemaDirs,
      maxFileSize: options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
    });
    if (hit) {
      (indexCache ?? walkCache)?.save();
      return withBaseline(engine, options, hit);
    }
  }
  const rank = shards > 1 ? new Map(all.concat(repositoryRest).map((f, i) => [f, i])) : undefined;
  const failed = [
    ...failedFolders.map((u) => failedFile(u.path, fatalMessage(`Cannot read folder: ${u.reason}`, 1, 1, { messageId: 'unreadable' }))),
    ...refusedFiles.map((r) => failedFile(r.path, fatalMessage(notReadMessage(r.reason), 1, 1, { messageId: 'outsideTree' }))),
  ];
  // A shard with no files of its own has nothing to report: the others' files are not needed.
  const indexed = files.length + failed.length ? extraPaths : [];
  let results: LintResult[];
  if (options.fix) {
    const progress = progressCounter(options, files.length + indexed.length);
    // The digest of each file's bytes: its fixes are written only over the same content (writeFixes).
    const digests = new Map<string, string>();
    filesRead += files.length + indexed.length;
    const parsed = [...files.map((f) => progress(readAndParse(f, options.maxFileSize, true, (bytes) => digests.set(f, contentDigest(bytes))))), ...failed];
    // One file at a time: each is let go once its entries are made.
    const extra = indexed.map((f) => progress(indexOnly(engine, f, indexCache)));
    await loadPolicyRuntime(engine.resolved.config, objectValues(parsed, extra));
    const unfixed = new Map<string, LintResult>();
    results = lintAndFix(engine, parsed, extra, rank, options.fix, unfixed);
    for (const result of results) {
      const digest = digests.get(result.filePath);
      const before = unfixed.get(result.filePath);
      if (result.output !== undefined && digest && before) fixRecords.set(result, { digest, before });
    }
  } else {
    const consumed = rendering?.consumed ?? new Set<string>();
    const direct = consumed.size ? files.filter((f) => !consumed.has(f)) : files;
    const indexedDirect = consumed.size ? indexed.filter((f) => !consumed.has(f)) : indexed;
    // Streamed only when nothing needs every result first (the cache saves them, the baseline counts them).
    const streamTo = sink && !cache && !options.baseline ? sink : undefined;
    results = await lintPaths({
      engine,
      options,
      files: direct,
      indexed: indexedDirect,
      failed,
      rank,
      rendering,
      linted: files,
      root: renderRoot,
      indexCache,
      sink: streamTo,
    });
  }
  (indexCache ?? walkCache)?.save();
  if (indexCache?.writtenAnew && files.length <= WARM_UP_FILES) coldIndexRun = true;
  cache?.save(results);
  return withBaseline(engine, options, results);
}

/** The objects of parsed files and of index entries, for loadPolicyRuntime. */
function objectValues(files: readonly ParsedFile[], entries: readonly FileEntries[]): Array<{ kind?: unknown }> {
  return files.flatMap((f) => objectsOf(f).map((o): { kind?: unknown } => o.value)).concat(entries.flatMap((e) => e.objects.map((o) => o.object)));
}

function progressCounter(options: LintOptions, total: number): <T>(value: T) => T {
  let done = 0;
  return (value) => {
    options.onProgress?.(++done, total);
    return value;
  };
}

function progressBy(progress: <T>(value: T) => T, n: number): void {
  for (let i = 0; i < n; i++) progress(undefined);
}

/** How many worker threads a run of `fileCount` files uses (0: none). Exported for its tests. */
export function threadsFor(options: LintOptions, fileCount: number): number {
  return threadPlan(options, fileCount).workers;
}

/**
 * The threads of a run: `workers` worker threads, and whether the calling thread lints its share of the files with
 * them (`shares`) or only hands the files out and writes the results (a number of threads asked for).
 */
export interface ThreadPlan {
  workers: number;
  shares: boolean;
}

/** How a run of `fileCount` files shares its work between threads. Exported for its tests. */
export function threadPlan(options: LintOptions, fileCount: number): ThreadPlan {
  const none = { workers: 0, shares: true };
  const setting = options.concurrency ?? 'auto';
  if (setting === 'off' || options.checks || options.pluginChecks?.length || options.fix || options.onCheckTime) return none;
  if (setting !== 'auto') return { workers: setting, shares: false };
  // Starting a thread and warming it up costs about as much as linting a few hundred files; on two cores that share
  // their caches the threads gain little below a couple of thousand files (docs/performance.md).
  // Cores are counted (node:os) only for a run that could use two threads.
  const threads = fileCount < BIG_RUN ? 0 : Math.min(autoThreads(), Math.floor(fileCount / 1000));
  // The calling thread is one of them: one isolate (engine, heap, copy of the repository) less than a worker each.
  return threads >= 2 ? { workers: threads - 1, shares: true } : none;
}

/**
 * The threads `auto` may use, the calling thread one of them: one per core from three cores. On two, V8's own helper
 * threads (concurrent marking, parallel scavenges) already keep the second core busy while a run works on one thread,
 * and a second thread costs more CPU (it warms up its own engine; index entries, the repository's Resources and the
 * results are copied between threads; two heaps collect garbage) for little gain in wall time, and its heap and its
 * copy of the repository take the peak memory of a 10-copy corpus run from ~215 MB to ~340 MB (docs/performance.md).
 */
function autoThreads(): number {
  const cores = availableParallelism();
  return cores >= 3 ? cores : 0;
}

/** From this many files, a run caps how far V8 lets its heaps grow (src/engine/heap-growth.ts). */
const BIG_RUN = 2000;
/**
 * An index pass that skims at least this many files warms the block reader up first (warmUpReader): the 1,314-file
 * corpus's first pre-commit run gained by it, a hook run in the 29-file examples/ repository lost 1.4 ms.
 */
const WARM_UP_SKIMS = 200;

/**
 * Before many files left unread by a lazy index pass are read at once (a question about a kind many files hold, in the
 * run or a later one): the block reader's warm-up, as before an index pass of as many files (a later pre-commit run
 * that read the workloads of the real corpus, 530 files: 2.55 -> 2.25 G instructions).
 */
function warmUpForReads(count: number): void {
  if (count >= WARM_UP_SKIMS) warmUpReader();
}

/** lintPathsNow, with the heaps' growth capped for a big run. */
async function lintPaths(run: PathsRun): Promise<LintResult[]> {
  if (run.files.length + run.indexed.length < BIG_RUN) return lintPathsNow(run);
  const heap = await import('./heap-growth.js');
  const release = heap.capHeapGrowth();
  // On this thread, the young generation is held small too when it lints (worker threads have heaps of their own,
  // their young generations limited by the pool).
  const young = threadPlan(run.options, run.files.length + run.indexed.length).shares ? heap.capYoungGeneration() : undefined;
  try {
    return await lintPathsNow(young ? { ...run, tick: () => young.tick() } : run);
  } finally {
    young?.release();
    release();
  }
}

/**
 * Lint files on disk in two passes, so no more than a few files are held at once: the index pass reads each file (the
 * linted ones and those read for repository-wide checks) and keeps only its index entries; the lint pass reads each
 * linted file again, checks it against the repository and keeps only its result. Files a pass has just read are kept
 * for the next while they fit in a small budget, so small repositories are parsed once. With worker threads, both
 * passes run on them (src/pool.ts); the results are the same.
 */
async function lintPathsNow(run: PathsRun): Promise<LintResult[]> {
  const { engine, options } = run;
  // Entries the index cache holds for files only indexed (by their place among them): those files are not read, and
  // their entries are decoded only when the repository needs them (buildRepository's demand). An array, not a map by
  // path: a warm run looks up every file of the repository.
  let knownCount = 0;
  const { indexCache } = run;
  if (indexCache) {
    for (const f of run.files) indexCache.note(f);
    // Entries that do not decode (a damaged cache file), or that a run left unread: the file is read then.
    const read = (f: string) => readIndexEntries(engine, f, indexCache);
    const { indexed } = run;
    const known = new Array<RepositoryFile | undefined>(indexed.length);
    for (let i = 0; i < indexed.length; i++) {
      const entries = indexCache.lookupPending(indexed[i], read, warmUpForReads);
      known[i] = entries;
      if (entries) knownCount++;
    }
    run = { ...run, known, knownCount };
  }
  const toRead = run.files.length + run.indexed.length - knownCount;
  filesRead += toRead;
  if (knownCount > 0) indexCacheUsed = true;
  const plan = threadPlan(options, toRead);
  const threads = plan.workers;
  const pools = threads ? await import('./pool.js') : undefined;
  if (pools?.workersAvailable()) {
    // Threads hand files around in path order, so a file kept from the index pass is often linted by another thread:
    // none are kept unless asked (docs/performance.md).
    const pooled = { ...run, options: { ...options, keepParsed: options.keepParsed ?? 0 } };
    const pool = await pools.startPool(threads, engineSettings(engine, pooled.options), undefined, pools.workerLimits(plan.shares));
    // Results already streamed are not streamed again when the run is done again on this thread.
    let sent = 0;
    const { sink } = run;
    try {
      const counted = (result: LintResult) => {
        sent++;
        sink?.(result);
      };
      return await twoPasses(sink ? { ...pooled, sink: counted } : pooled, pool, plan.shares);
    } catch (error) {
      // A thread that failed (out of memory on a huge file, say): the run is done again here. An error of kubeward's
      // own would come back the same way on this thread, and is thrown from there.
      if (!pools.isThreadFailure(error)) throw error;
      process.emitWarning(`${(error as Error).message}; linting again on one thread`, { code: 'KUBEWARD_THREAD_FAILED' });
    } finally {
      await pool.close();
    }
    if (sink && sent > 0) {
      let skip = sent;
      const rest = (result: LintResult) => {
        if (skip > 0) skip--;
        else sink(result);
      };
      return twoPasses({ ...run, sink: rest }, undefined);
    }
  }
  // A big run on this thread has its files read by a read-ahead thread (src/read/read-ahead.ts) while it parses and
  // checks them: the system calls (open, fstat, read, close) were about a tenth of its time (docs/performance.md).
  const ahead = run.files.length + run.indexed.length - knownCount >= BIG_RUN ? ReadAhead.start() : undefined;
  try {
    return await twoPasses({ ...run, ahead }, undefined);
  } finally {
    ahead?.close();
  }
}

/** A run over files on disk: linted files, files only indexed, folders that could not be read, and the files' order. */
interface PathsRun {
  engine: Engine;
  options: LintOptions;
  files: readonly string[];
  indexed: readonly string[];
  failed: readonly ParsedFile[];
  rank: Map<string, number> | undefined;
  /** The run's renders, and every file the run lints (those linted through the renders too), and the root. */
  rendering?: Rendering;
  linted?: readonly string[];
  root?: string;
  /**
   * The index cache (src/index-cache.ts), and the entries it held for files only indexed (still encoded), by their
   * place in `indexed`, and how many.
   */
  indexCache?: IndexCache;
  known?: ReadonlyArray<RepositoryFile | undefined>;
  knownCount?: number;
  /** Receives each result in path order as soon as it can; the array returned is then empty. */
  sink?: (result: LintResult) => void;
  /** Called after each file read on this thread (the young generation's cap, src/engine/heap-growth.ts). */
  tick?: () => void;
  /** The read-ahead thread of a big run on this thread (src/read/read-ahead.ts). */
  ahead?: ReadAhead;
}

async function twoPasses(
  { engine, options, files, indexed, failed, rank, rendering, linted, root, indexCache, known, knownCount = 0, sink, tick, ahead }: PathsRun,
  pool: import('./pool.js').Pool | undefined,
  /** With a pool: whether this thread lints its share of the files too (ThreadPlan). */
  shares = false,
): Promise<LintResult[]> {
  const paths = files.concat(indexed);
  // A file counts as done once its last pass is: the lint pass for linted files, the index pass for the others.
  const progress = progressCounter(options, paths.length);
  const lintedCount = files.length;
  const indexProgress = (n: number, from: number) => {
    for (let i = from; i < from + n; i++) if (i >= lintedCount) progress(undefined);
  };
  // Files whose entries the index cache held are done (they are never linted files).
  const toRead = known && knownCount > 0 ? files.concat(indexed.filter((_, i) => known[i] === undefined)) : paths;
  progressBy(progress, paths.length - toRead.length);
  const readers = indexReaders(engine);
  // Files only indexed are not skimmed where the scan of their text tells the kinds they may hold (readEntriesLazily):
  // a partial repository (runRepository's demand) reads them again if a question needs one of those kinds. Not with
  // threads or renders (their repository is whole), nor a check of repository scope that is not kubeward's own (its
  // reads are not trusted: the whole repository is built), where each file would be read twice.
  const again = (f: string) => readIndexEntries(engine, f, indexCache, readers);
  const lazy = options.lazyIndex !== false && !pool && !rendering && lintedCount > 0 && toRead.length > lintedCount && ownRepositoryChecks(options);
  // (A lazy pass skims few files: the warm-up cost a first pre-commit run 3% more instructions, 1.39 -> 1.44 G.)
  if (!lazy && toRead.length >= lintedCount + WARM_UP_SKIMS) warmUpReader();
  const store = new ParsedStore(readers.entries, options.keepParsed, readers.skim, ahead);
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  ahead?.begin(toRead, maxFileSize);
  // The index cache keeps the entries of the files read, with the hash of their bytes (read on this thread).
  const hashes: Array<string | undefined> = [];
  // On this thread, one file at a time (synchronously), so only one is held beyond what the store keeps; files only
  // indexed are skimmed (src/resources/skim.ts: only what the index keeps is built) or read for their values, and never kept.
  const hashed = (i: number) => (indexCache ? (bytes: Uint8Array) => (hashes[i] = indexCache.hashOf(bytes)) : undefined);
  const indexHere = (f: string, i: number) => {
    const onBytes = hashed(i);
    const entries =
      i < lintedCount ? store.index(f, options.maxFileSize, onBytes) : readEntries(f, options.maxFileSize, readers.entries, readers.skim, onBytes, ahead);
    tick?.();
    return entries;
  };
  // The files whose kinds the run's partial repository takes in at once (the kustomization and GitOps kinds, and the
  // demand, known from the linted files, read first) are skimmed at once (no second read): the others are left.
  const lintedRead: FileEntries[] = [];
  let takenIn: { has(kind: string): boolean } | undefined;
  const scan = (text: string, filePath: string) => {
    const kinds = scanKinds(text, isKustomizationFile(filePath, {}));
    return kinds && !kinds.some((k) => takenIn!.has(k)) ? kinds : undefined;
  };
  const indexLazily = (f: string, i: number): RepositoryFile => {
    if (i < lintedCount) {
      const made = indexHere(f, i);
      lintedRead.push(made);
      return made;
    }
    if (!takenIn) {
      // (No demand: the whole repository is built, every file skimmed now.)
      const demand = demandOf(engine, options, lintedRead, isOneOf(new Set(files)));
      takenIn = demand ? new Set([...FACT_KINDS, ...demand]) : { has: () => true };
      // A demand of every workload (the namespace checks of a linted workload or Namespace) skims most files of a
      // repository now: the reader warmed up first, as before an eager index pass (a first pre-commit run naming a
      // Deployment in the real corpus: 3.29 -> 2.92 G instructions; naming a PVC, a warm-up would cost 5% more).
      const workloads = withPodTemplates(engine.podTemplates, podTemplateKindNames);
      if (toRead.length >= lintedCount + WARM_UP_SKIMS && (!demand || workloads.some((k) => demand.has(k)))) warmUpReader();
    }
    const entries = readEntriesLazily(f, options.maxFileSize, readers.entries, readers.skim, scan, again, hashed(i), ahead, warmUpForReads);
    tick?.();
    return entries;
  };
  let read: RepositoryFile[] | undefined = pool
    ? await pool.index(toRead, indexProgress, shares ? indexHere : undefined)
    : toRead.map((f, i) => {
        const entries = lazy ? indexLazily(f, i) : indexHere(f, i);
        indexProgress(1, i);
        return entries;
      });
  // (A suspended async function keeps its locals: the linted files' entries are the repository's to hold from here.)
  lintedRead.length = 0;
  if (indexCache) toRead.forEach((f, i) => indexCache.record(f, read![i], hashes[i]));
  let entries: RepositoryFile[] | undefined = read;
  if (known && toRead !== paths) {
    // Both in the order of `paths`: the files read, and the files known, by their places.
    entries = new Array<RepositoryFile>(paths.length);
    let r = 0;
    for (let i = 0; i < paths.length; i++) entries[i] = (i >= lintedCount ? known[i - lintedCount] : undefined) ?? read[r++];
  }
  read = undefined;
  for (const file of failed) entries.push(indexEntries(engine, file));
  const lintedSet = new Set([...files, ...failed.map((f) => f.filePath)]);
  if (rank) entries.sort((a, b) => (rank.get(a.filePath) ?? Infinity) - (rank.get(b.filePath) ?? Infinity));
  const lintOrder = files.length > 1 ? [...files].sort(byPath) : files;
  // The lint pass reads again the files the store did not keep, in its order.
  ahead?.begin(
    lintOrder.filter((f) => !store.holds(f)),
    maxFileSize,
  );
  let repository: Repository | undefined = runRepository(engine, options, entries, lintedSet, rendering, indexCache, pool !== undefined);
  // A suspended async function keeps its locals: what this thread lets go is set aside (the repository holds what it
  // needs of the entries; with threads, they hold the repository).
  // eslint-disable-next-line no-useless-assignment -- a suspended async function would keep it alive
  entries = undefined;
  // CEL only when the vap check needs it for the files linted here (renders and threads lint other objects too).
  await loadPolicyRuntime(engine.resolved.config, repository.index, pool || rendering ? undefined : repository.lintedResources());
  // What the renders' objects get: messages at the source lines they came from, known before any file is linted (they
  // need the repository and the renders, not the files' results), so results with renders stream as the others do.
  const rendered = rendering && renderedResults(engine, rendering, repository, new Set(linted ?? files), root ?? engine.cwd);
  // Results come in path order (src/engine/result-order.ts): to the sink as they are done, or into the array.
  const results: LintResult[] = [];
  const others = failed.map((f) => f.filePath).concat(rendered?.only.map((r) => r.filePath) ?? []);
  const emit = sink ?? ((r: LintResult) => results.push(r));
  const order = new ResultOrder(others.length ? lintOrder.concat(others).sort(byPath) : lintOrder, rendered ? (r) => emit(rendered.add(r)) : emit);
  // Files that could not be read first, then files linted through renders only: they wait (few and small) until their
  // turn in the order.
  for (const file of failed) order.add(lintFile(engine, file, repository));
  for (const result of rendered?.only ?? []) order.add(result);
  // A result streamed from this thread is formatted and let go at once (ResultOrder holds none: files are linted in
  // its order; when threads lint with it, it waits at most for the few batches they were handed before), so it cannot
  // keep its file's text alive long and is not copied (lintFile); results kept are.
  const copy = !sink;
  // Files that hold only CRDs are linted from their values first (lintRead): they seldom get a finding.
  const lintHere = (f: string) => {
    const result = lintStored(engine, store, f, options.maxFileSize, repository!, copy, !options.onCheckTime);
    tick?.();
    return result;
  };
  if (pool) {
    const lintPass = pool.lint(
      repository.resources,
      lintOrder,
      (n) => progressBy(progress, n),
      (batch) => batch.forEach((r) => order.add(r)),
      shares ? lintHere : undefined,
    );
    // The threads have the repository now (unless this thread lints too).
    if (!shares) repository = undefined;
    await lintPass;
  } else {
    for (const f of lintOrder) {
      order.add(lintHere(f));
      progress(undefined);
    }
  }
  order.finish();
  return results;
}

/**
 * The renders' part of a run's results: `add` puts the messages found in a file's rendered objects into its result,
 * and `only` holds the results of the files linted through renders only (their messages, or none).
 */
function renderedResults(
  engine: Engine,
  rendering: Rendering,
  repository: Repository,
  linted: ReadonlySet<string>,
  root: string,
): { add: (result: LintResult) => LintResult; only: LintResult[] } {
  const messages = renderedMessages(engine, rendering, repository, linted, root);
  const only: LintResult[] = [];
  for (const f of linted) if (rendering.consumed.has(f)) only.push(countResult(renderedFileResult(engine, f, messages.get(f) ?? [], rendering)));
  const made = new Set(only);
  return {
    add: (result) => {
      const extra = made.has(result) ? undefined : messages.get(result.filePath);
      return extra ? countResult(addRendered(engine, result, extra, rendering)) : result;
    },
    only,
  };
}

/**
 * The repository the lint pass checks against: the index entries' Resources, CRD schemas and params put back, renders
 * added. Built from the files its checks can ask about (demandOf), when the index cache left entries encoded and this
 * thread lints alone, without renders (worker threads are handed every Resource; renders are checked against the whole).
 */
function runRepository(
  engine: Engine,
  options: LintOptions,
  entries: RepositoryFile[],
  lintedSet: ReadonlySet<string>,
  rendering: Rendering | undefined,
  indexCache: IndexCache | undefined,
  pooled: boolean,
): Repository {
  const isLinted = isOneOf(lintedSet);
  const demand = pooled || rendering ? undefined : demandOf(engine, options, entries, isLinted);
  const fromFiles = buildRepository(entries, isLinted, demand);
  const readObjects = objectsReader(options.maxFileSize, indexCache);
  restoreSchemas(
    fromFiles,
    readObjects,
    validatedKinds(
      fromFiles.lintedResources(),
      rendering?.resources.map((r) => r.resource),
    ),
  );
  restoreParams(
    fromFiles,
    readObjects,
    engine.wholeKinds,
    rendering?.resources.map((r) => r.resource),
  );
  return withRendered(fromFiles, rendering, repositoryOf);
}

/**
 * Kinds the engine asks the index for whole, whatever the files linted: ValidatingAdmissionPolicies and their bindings
 * (restoreParams, and whether CEL is needed: policiesApply). CRDs are asked for by the kind they define (crdsDefining:
 * the schema rule, restoreSchemas, kindScope), so the demand names the CRDs of the linted kinds (crdKindKey).
 */
const ENGINE_DEMAND = ['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding'];

/**
 * The kinds a run's checks can ask the index for, given the objects it lints (`entries` of `lintedSet`): ENGINE_DEMAND,
 * the CRDs of the linted kinds (their schemas and scopes; a check that reads CRDs asks for the scope of the kinds it
 * checks, or, for RBAC resources, for every CRD: taken in then), and the `meta.reads` of
 * every repository-wide check that is on for a linted file and whose `meta.kinds` can apply to a linted object (any
 * object when the config has `podTemplates`; `meta.apiGroups` aside). A question about another kind is still answered
 * exactly (the repository takes in that kind's files first), only later: this decides speed, never answers.
 *
 * A check that looks at namespaces as a whole (a check of Namespaces and workloads that reads Namespaces:
 * namespace-network-policy and the like) on a linted Namespace or workload asks namespacesOf, which reads every
 * workload, quota and policy of the repository: those kinds (namespaceFactKinds) are demanded too, so their files are
 * decoded before the lint pass (taking files in during the lint pass cost more than decoding them first: their objects
 * outlive the lint's young garbage). Undefined (every file, decoded before the lint pass) when such a check is not
 * kubeward's own (a plugin's `reads` are not trusted).
 */
function demandOf(engine: Engine, options: LintOptions, entries: readonly RepositoryFile[], isLinted: (file: string) => boolean): Set<string> | undefined {
  const linted: Array<{ kind: string; apiVersion: unknown; filePath: string }> = [];
  // An indexed loop: entries are every file of the repository (a for-of makes an iterator result per file, interpreted).
  for (let i = 0; i < entries.length; i++) {
    const file = entries[i];
    if (!isLinted(file.filePath)) continue;
    // Linted files are read, never left encoded (should one be, the whole repository is built).
    if (!('objects' in file)) return undefined;
    for (const { object } of file.objects) linted.push({ kind: resourceKind(object), apiVersion: object.apiVersion, filePath: file.filePath });
  }
  const kinds = new Set(ENGINE_DEMAND);
  if (linted.length === 0) return kinds;
  for (const r of linted) kinds.add(crdKindKey(r.kind));
  const given = new Set([...(options.checks ?? []), ...(options.pluginChecks ?? [])].map((c) => c.meta));
  const files = [...new Set(linted.map((r) => r.filePath))];
  const lintedKinds = new Set(linted.map((r) => r.kind));
  const summarized = withPodTemplates(engine.podTemplates, () => linted.filter((r) => r.kind === 'Namespace' || isWorkloadObject(r)));
  // What namespacesOf reads (every workload, quota and policy): the workload kinds with the config's podTemplates.
  const namespaceKinds = withPodTemplates(engine.podTemplates, namespaceFactKinds);
  for (const check of engine.checks) {
    const { meta } = check;
    if (meta.scope !== 'repository') continue;
    const applies = !meta.kinds || engine.podTemplates.length > 0 || meta.kinds.some((k) => lintedKinds.has(k));
    if (!applies || !files.some((f) => (rulesForFile(engine.resolved, f).get(meta.id)?.severity ?? 0) > 0)) continue;
    if (given.has(meta) && !builtinMeta.has(meta)) return undefined;
    const wholeNamespaces = meta.kinds?.includes('Namespace') && meta.reads?.includes('Namespace');
    if (wholeNamespaces && summarized.some((r) => meta.kinds!.includes(r.kind) || engine.podTemplates.length > 0)) {
      for (const kind of namespaceKinds) {
        kinds.add(kind);
        kinds.add(crdKindKey(kind));
      }
    }
    // CRDs: those of the kinds above (what a built-in check that reads CRDs asks for, but for RBAC resources).
    for (const kind of meta.reads ?? []) if (kind !== 'CustomResourceDefinition') kinds.add(kind);
  }
  return kinds;
}

/**
 * Whether a path is one of `paths`: when they are a few (the files a pre-commit run names), compared one by one, not
 * looked up in the Set, which hashes each path asked about (a warm run asks about every file of the repository, and
 * nothing else hashes their paths).
 */
function isOneOf(paths: ReadonlySet<string>): (file: string) => boolean {
  if (paths.size > 16) return (file) => paths.has(file);
  const list = [...paths];
  return (file) => list.includes(file);
}

/** A digest of what the renders made (entry points, objects, diagnostics), for the run cache's key. */
function renderDigest(rendering: Rendering): string {
  const { renders, ...made } = rendering.run;
  return createHash('sha256')
    .update(JSON.stringify({ made, statuses: renders.map((r) => [r.entryPoint, r.status]) }))
    .digest('hex');
}

/** The metadata of the built-in checks (the schema rule's aside: each run makes its check). */
const builtinMeta = new Set([...builtinChecks, vapCheck].map((c) => c.meta));

/** Everything besides file contents that decides a run's results, as plain data, for the cache key. */
function cacheSettings(engine: Engine, options: LintOptions, failedFolders: ReadonlyArray<{ path: string; reason: string }>): unknown {
  return {
    cwd: engine.cwd,
    config: engine.resolved.config,
    baseDir: engine.resolved.baseDir,
    cliRules: engine.resolved.cliRules ?? {},
    kubernetesVersion: engine.kubernetesVersion,
    schemaDirs: engine.schemaDirs,
    strictCrds: options.strictCrds ?? null,
    maxFileSize: options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
    reportUnused: engine.reportUnused,
    inlineConfig: engine.inlineConfig,
    requireReason: engine.requireReason,
    root: options.root ?? null,
    // A built-in check's metadata is kubeward's own code, whose build is in the key: its id stands for it (the
    // metadata of every check is 50 KB of JSON to sort and compare on each warm run).
    checks: engine.checks.map((c) => (builtinMeta.has(c.meta) || (c.meta.id === SCHEMA_RULE_ID && !options.checks) ? c.meta.id : c.meta)),
    failedFolders,
  };
}

/** Lint text as if it were the file `filePath` (default `<text>`). */
export async function lintText(text: string | Uint8Array, options: LintTextOptions = {}): Promise<LintResult[]> {
  await loadPolicyRuntime(options.config);
  const engine = makeEngine(options);
  checkBaselineExists(engine, options);
  // `<stdin>` and `<text>` are names, not paths.
  const filePath = !options.filePath ? '<text>' : /^<.*>$/.test(options.filePath) ? options.filePath : path.resolve(engine.cwd, options.filePath);
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  let parsed: ParsedFile;
  if (typeof text === 'string') {
    const size = text.length > maxFileSize / 3 ? Buffer.byteLength(text) : 0;
    parsed = size > maxFileSize ? failedFile(filePath, tooLargeMessage(size, maxFileSize)) : parseText(text, filePath);
  } else {
    // Bytes (standard input) are read like a file: size limit, BOM, UTF-16, binary and invalid UTF-8 detected.
    const decoded = text.length > maxFileSize ? { error: tooLargeMessage(text.length, maxFileSize) } : decode(text);
    parsed = 'error' in decoded ? failedFile(filePath, decoded.error) : parseText(decoded.text, filePath, decoded.bomLength);
  }
  const extra = options.root ? await repositoryEntries(engine, options, [], [filePath]) : [];
  await loadPolicyRuntime(engine.resolved.config, objectValues([parsed], extra));
  return withBaseline(engine, options, lintAndFix(engine, [parsed], extra, undefined, options.fix ?? false));
}

/** A `--baseline` file that is missing is an error (before any file is read) unless `--update-baseline` asks to create it. */
function checkBaselineExists(engine: Engine, options: LintOptions): void {
  if (!options.baseline || options.updateBaseline) return;
  const file = path.resolve(engine.cwd, options.baseline);
  if (existsSync(file)) return;
  const shown = path.relative(engine.cwd, file).split(path.sep).join('/') || file;
  // A pull request that deletes the baseline must not turn every finding into a recorded one.
  throw new UsageError(`Baseline ${shown} not found; pass --update-baseline to create it (with today's findings)`);
}

/** The paths linted must lie inside a config's `root` (a config in the tree cannot widen the run to the machine). */
function checkConfigRootHolds(engine: Engine, options: LintOptions, patterns: readonly string[]): void {
  const root = engine.resolved.config.root;
  if (options.root !== undefined || !root) return;
  for (const pattern of patterns.length ? patterns : ['.']) {
    if (pattern === '-') continue;
    const prefix = pattern.split(/[*?[\]{}()!]/)[0];
    if (isWithin(root, path.resolve(engine.cwd, prefix || '.'))) continue;
    const shownRoot = path.relative(engine.cwd, root).split(path.sep).join('/') || '.';
    throw new UsageError(`"${pattern}" lies outside the config's root "${shownRoot}"; lint paths inside it, or change root in the config file`);
  }
}

/** Apply (or record) the baseline: findings it lists move to suppressedMessages. */
async function withBaseline(engine: Engine, options: LintOptions, results: LintResult[]): Promise<LintResult[]> {
  if (!options.baseline) return results;
  const file = path.resolve(engine.cwd, options.baseline);
  const shown = path.relative(engine.cwd, file).split(path.sep).join('/') || file;
  let counts = options.updateBaseline ? undefined : readBaseline(file, shown);
  let justification = `listed in the baseline ${shown}`;
  if (!counts && !options.updateBaseline) {
    throw new UsageError(`Baseline ${shown} not found; pass --update-baseline to create it (with today's findings)`);
  }
  if (!counts) {
    writeFileSafely(file, renderBaseline(results, file), { what: 'the baseline', base: engine.cwd, shown, mode: 0o644 });
    counts = readBaseline(file, shown)!;
    justification = `recorded in the baseline ${shown}`;
  }
  for (const result of applyBaseline(results, counts, file, justification)) {
    result.suppressedMessages.sort(compareMessages);
    countResult(result);
  }
  return results;
}

/** The index entries of every manifest of the repository that is not linted; only when files were named. */
async function repositoryEntries(engine: Engine, options: LintOptions, patterns: readonly string[], linted: readonly string[]): Promise<FileEntries[]> {
  const { paths, indexCache } = await repositoryPaths(engine, options, patterns, linted);
  const entries = paths.map((f) => indexOnly(engine, f, indexCache));
  indexCache?.save();
  return entries;
}

/** The entries of a file only indexed: from the index cache when it holds them, else read (and kept in it). */
function indexOnly(engine: Engine, filePath: string, indexCache: IndexCache | undefined): FileEntries {
  return indexCache?.lookup(filePath) ?? readIndexEntries(engine, filePath, indexCache);
}

/** The entries of a file only indexed, read and parsed (and kept in the index cache). */
function readIndexEntries(engine: Engine, filePath: string, indexCache: IndexCache | undefined, readers = indexReaders(engine)): FileEntries {
  let hash: string | undefined;
  const onBytes = indexCache ? (bytes: Uint8Array) => (hash = indexCache.hashOf(bytes)) : undefined;
  const entries = readEntries(filePath, engine.maxFileSize, readers.entries, readers.skim, onBytes);
  indexCache?.record(filePath, entries, hash);
  return entries;
}

/**
 * Whether no check of repository scope given to the run (`checks`, `pluginChecks`) is other than kubeward's own: the
 * `meta.reads` of another are not trusted, so demandOf builds the whole repository for it.
 */
function ownRepositoryChecks(options: LintOptions): boolean {
  return ![...(options.checks ?? []), ...(options.pluginChecks ?? [])].some((c) => c.meta.scope === 'repository' && !builtinMeta.has(c.meta));
}

/** The apiVersions and kinds of the objects the schema rule validates: those linted, and those rendered. */
function validatedKinds(resources: readonly RepositoryResource[], rendered: readonly RepositoryResource[] = []): Set<string> {
  const kinds = new Set<string>();
  for (const r of resources) if (r.linted) kinds.add(`${r.apiVersion}/${r.kind}`);
  for (const r of rendered) kinds.add(`${r.apiVersion}/${r.kind}`);
  return kinds;
}

/** How objects are read again after the index pass (CRD schemas, policy params): through the index cache when on. */
function objectsReader(maxFileSize: number | undefined, indexCache: IndexCache | undefined): ReadObjects {
  const read = indexCache
    ? indexCache.readObjects((f, onBytes) => readAndParse(f, maxFileSize, false, onBytes))
    : readObjectsWith((f) => readAndParse(f, maxFileSize, false));
  // The objects read stay in the repository until the run ends: copied, so that no string of theirs is a slice of
  // their file's text, which would keep the whole text alive in V8 (CRD files of megabytes).
  return (filePath, places) => structuredClone(read(filePath, places));
}

/**
 * The manifests of the repository a run reads besides its own files (only when files were named, or `root` given),
 * and the index cache of that repository when it is on (`indexCache`, default true): it keeps the walk and what the
 * index pass made of each file between runs (src/engine/index-cache.ts).
 */
async function repositoryPaths(
  engine: Engine,
  options: LintOptions,
  patterns: readonly string[],
  linted: readonly string[],
  started = Date.now(),
  /** The index cache of the repository when the run has opened it already (for the walk of a `--cache` run). */
  opened?: IndexCache,
): Promise<{ paths: string[]; indexCache?: IndexCache }> {
  if (options.root === false) return { paths: [] };
  const anyRepositoryCheck = engine.checks.some(
    (c) => c.meta.scope === 'repository' && (rulesForFile(engine.resolved, path.join(engine.cwd, 'x.yaml')).get(c.meta.id)?.severity ?? 0) > 0,
  );
  if (!anyRepositoryCheck) return { paths: [] };
  // Folders given on the command line are the whole world; only named files (a pre-commit hook) widen it.
  const namedFiles = patterns.filter((p) => p !== '-' && MANIFEST_EXTENSIONS.includes(path.extname(p).slice(1).toLowerCase()));
  if (!options.root && namedFiles.length === 0) return { paths: [] };
  const root = path.resolve(engine.cwd, options.root || engine.resolved.config.root || findRepositoryRoot(engine.cwd));
  const indexCache =
    options.indexCache === false
      ? undefined
      : ((opened?.root === root ? opened : undefined) ?? (await import('./index-cache.js')).openIndexCache(engine, root, started));
  const { files, empty } = await walk([root], {
    ...walkIgnores(engine, options),
    cwd: root,
    root,
    errorOnUnmatchedPattern: false,
    ...(indexCache ? { cache: indexCache.walk } : {}),
  });
  if (empty.length && !existsSync(root)) throw new UsageError(`The repository root "${root}" does not exist (set by --root, or the config's root)`);
  const done = isOneOf(new Set(linted));
  const keep = notIgnored(engine, options);
  const paths = files.filter((f) => !done(f) && keep(f));
  return paths.length ? { paths, ...(indexCache ? { indexCache } : {}) } : { paths };
}

/** What the walk ignores: the config's `ignorePatterns` (none with `ignore: false`, which also skips ignore files). */
function walkIgnores(engine: Engine, options: LintOptions): { ignore: boolean; ignorePatterns?: string[]; ignoreFiles?: LintOptions['ignoreFiles'] } {
  return {
    ignore: options.ignore !== false,
    ignorePatterns: engine.resolved.config.ignorePatterns,
    ...(options.ignoreFiles ? { ignoreFiles: options.ignoreFiles } : {}),
  };
}

/** Files not ignored by the config's `ignorePatterns` (relative to its folder) nor the options' (relative to cwd). */
function notIgnored(engine: Engine, options: LintOptions): (file: string) => boolean {
  if (options.ignore === false) return () => true;
  const byConfig = notIgnoredByConfig(engine.resolved.config.ignorePatterns, engine.resolved.baseDir);
  const byOptions = notIgnoredByConfig(options.ignorePatterns ? [...options.ignorePatterns] : undefined, engine.cwd);
  return (file) => byConfig(file) && byOptions(file);
}

/** Lint files held in memory (standard input, text, files being fixed), with the entries of the other files read. */
function lintParsedFiles(engine: Engine, linted: ParsedFile[], extra: readonly FileEntries[], rank?: Map<string, number>): LintResult[] {
  const entries = linted.map((f) => indexEntries(engine, f)).concat(extra);
  if (rank) entries.sort((a, b) => (rank.get(a.filePath) ?? Infinity) - (rank.get(b.filePath) ?? Infinity));
  const lintedPaths = new Set(linted.map((f) => f.filePath));
  const repository = buildRepository(entries, (f) => lintedPaths.has(f));
  const inMemory = new Map(linted.map((f) => [f.filePath, f]));
  const readObjects = readObjectsWith((f) => inMemory.get(f) ?? readAndParse(f, engine.maxFileSize, false));
  restoreSchemas(repository, readObjects, validatedKinds(repository.lintedResources()));
  restoreParams(repository, readObjects, engine.wholeKinds);
  return linted.map((file) => lintFile(engine, file, repository)).sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0));
}

/**
 * Lint, apply the fixes of the reported messages, parse the fixed text and lint again, until a pass changes nothing
 * (at most MAX_FIX_PASSES passes); the files are linted together (repository-wide checks see every file).
 * Results are those of the last pass; a file whose text changed gets `output`, with its byte order mark.
 */
function lintAndFix(
  engine: Engine,
  files: ParsedFile[],
  extra: readonly FileEntries[],
  rank: Map<string, number> | undefined,
  filter: FixFilter,
  /** Receives each file's result before any fix (what the file on disk still has when its fixes cannot be written). */
  unfixed?: Map<string, LintResult>,
): LintResult[] {
  const original = new Map(files.map((f) => [f, f.text]));
  const originOf = new Map<ParsedFile, ParsedFile>(files.map((f) => [f, f]));
  let current = files;
  let results: LintResult[];
  for (let pass = 0; ; pass++) {
    results = lintParsedFiles(engine, current, extra, rank);
    if (pass === 0 && unfixed) for (const r of results) unfixed.set(r.filePath, r);
    if (!filter || pass === MAX_FIX_PASSES) break;
    const byPath = new Map(results.map((r) => [r.filePath, r]));
    let changed = false;
    current = current.map((file) => {
      const result = byPath.get(file.filePath);
      if (!result || file.messages.some((m) => m.fatal)) return file;
      const fixes = result.messages.filter((m) => m.fix && (filter === true || filter(m))).map((m) => m.fix!);
      if (fixes.length === 0) return file;
      const { output } = applyFixes(file.text, fixes);
      if (output === file.text) return file;
      const next = parseText(output, file.filePath, file.bomLength);
      // A fix that breaks the file is never kept (it would be a kubeward bug): the file stays as it was.
      if (next.messages.some((m) => m.fatal) || next.documents.some((d) => d.broken)) return file;
      changed = true;
      originOf.set(next, originOf.get(file)!);
      return next;
    });
    if (!changed) break;
  }
  const fixedText = new Map<string, ParsedFile>(current.map((f) => [f.filePath, f]));
  for (const result of results) {
    const file = fixedText.get(result.filePath);
    if (!file) continue;
    const before = original.get(originOf.get(file)!);
    if (before !== undefined && file.text !== before) result.output = (file.bomLength ? '\uFEFF' : '') + file.text;
  }
  return results;
}

/** What `writeFixes` needs of a fixed file: the digest of the bytes linted, and the result before any fix. */
const fixRecords = new WeakMap<LintResult, { digest: string; before: LintResult }>();

/**
 * Write the fixed files of a `--fix` run (`output` of its results), each through a fresh file renamed over it, and
 * only while the file still holds what was linted. A file that cannot be written (read-only, a link, changed during
 * the run) keeps its content; its result becomes that of the file as it is (the findings before any fix) with one
 * error saying why, and the other files are still written. Returns the number of files written.
 */
export function writeFixes(results: LintResult[], cwd: string = process.cwd()): number {
  let written = 0;
  for (const result of results) {
    if (result.output === undefined) continue;
    const record = fixRecords.get(result);
    const shown = path.relative(cwd, result.filePath).split(path.sep).join('/') || result.filePath;
    try {
      writeFixedFile(result.filePath, result.output, record?.digest, shown);
      written++;
    } catch (error) {
      if (!(error instanceof WriteError)) throw error;
      const before = record?.before ?? result;
      const notWritten = fatalMessage(`Fixes not written: ${error.reason}`, 1, 1, { messageId: 'fixNotWritten' });
      result.messages = [notWritten, ...before.messages.filter((m) => m !== notWritten)];
      result.suppressedMessages = before.suppressedMessages;
      delete result.output;
      countResult(result);
    }
  }
  return written;
}

/**
 * The programmatic API: lintFiles and lintText. Runs the stages in order (walk → parse → validate/check → report
 * data) and owns what no check may do: severity, kind filtering, positions, messages, sorting and counting.
 */
import fsSync, { constants as fsConstants } from 'node:fs';
import fs from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { checks as builtinChecks } from '../../checks/index.js';
import { resourceId, type Check, type CheckContext, type Finding } from '../check-api.js';
import { checkConfig, rulesForFile, type KubewardConfig, type ResolvedConfig, type RuleSetting, type RuleState } from '../config/config.js';
import { decode, DEFAULT_MAX_FILE_SIZE, fatalMessage, formatPath, locate, objectsOf, parseText, type ParsedFile } from '../parse/index.js';
import { attachFile, buildRepository, entriesOf, restoreSchemas, type FileEntries, type Repository, type SourceResource } from '../resources/resources.js';
import type { FixObject, LintMessage, LintResult, Severity, SuggestionObject } from '../shared/types.js';
import { applySuppressions } from '../suppress/suppress.js';
import { applyBaseline, readBaseline, renderBaseline } from '../suppress/baseline.js';
import { SCHEMA_RULE_ID } from '../config/config.js';
import { notIgnoredByConfig } from '../config/config-file.js';
import { appendDocumentEdit, fixToEdit, lintAndFix, type FixFilter } from '../fix/fix.js';
import { findRepositoryRoot, fsErrorReason, MANIFEST_EXTENSIONS, walk } from '../read/walk.js';
import { assertKnownKubernetesVersion, createSchemaCheck, LATEST_KUBERNETES_VERSION } from '../validate/validate.js';

/** The newest version kubeward ships schemas for. */
export const DEFAULT_KUBERNETES_VERSION = LATEST_KUBERNETES_VERSION;

export interface LintOptions {
  cwd?: string;
  /** A config object (already loaded). Defaults to `{}`: the recommended preset. */
  config?: KubewardConfig;
  /** The folder override globs are relative to (the config file's folder). Defaults to cwd. */
  configBaseDir?: string;
  /** Rule settings that win over the config (the command line's `--rule`). */
  rules?: Record<string, RuleSetting>;
  /** The checks to run. Defaults to every built-in check. */
  checks?: readonly Check[];
  kubernetesVersion?: string;
  /**
   * The repository root: when only some files are linted (a pre-commit hook names the staged files), repository-wide
   * checks still read every manifest below it. Defaults to `config.root`, else the git root. `false` turns it off.
   */
  root?: string | false;
  /** Report `kubeward-disable` directives that suppressed nothing: true or 'warn' (a warning), 'error', 'off'. */
  reportUnusedDisableDirectives?: boolean | 'off' | 'warn' | 'error';
  /**
   * A baseline file (relative to cwd): when it exists, findings it lists move to `suppressedMessages`; when it does not
   * (or with `updateBaseline`), it is written with today's findings, which are then all suppressed.
   */
  baseline?: string;
  updateBaseline?: boolean;
  /** Schema folders laid out `{group}/{kind}_{version}.json` (relative to cwd), added to the config's `schemas`. */
  schemaDirs?: readonly string[];
  /** A custom resource with no schema is an error (default: the config's `strictCrds`, else an info notice). */
  strictCrds?: boolean;
  /** Files larger than this many bytes get one fatal message instead of being parsed (default 10 MiB). */
  maxFileSize?: number;
  /**
   * Apply fixes (ESLint's `fix`): true for every fix, or a predicate that picks messages. Results then carry the
   * fixed text in `output` when it changed; nothing is written (the CLI's --fix writes it).
   */
  fix?: FixFilter;
  /** Fixes use their stricter alternative where a check has one (`--fix-type strict`: drop ALL capabilities). */
  fixStrict?: boolean;
  /**
   * Serve an unchanged run from the cache file `cacheLocation` (default `.kubewardcache` in cwd; a folder holds that
   * file), and record fresh runs in it. Any change to a linted or indexed file re-lints all (see src/cache.ts).
   * Runs that fix neither read nor write it; `checks` given here must be code that only changes with kubeward.
   */
  cache?: boolean;
  cacheLocation?: string;
  /**
   * Lint only shard `index` (1-based) of `count`: the sorted files whose position modulo `count` is `index - 1`. The
   * other files are still read for repository-wide checks, so the shards' results together equal an unsharded run.
   */
  shard?: { index: number; count: number };
  /**
   * Worker threads for big runs (ESLint's `concurrency`): a number of threads, 'auto' (the default: one per core once
   * there are at least 1,000 files per thread, else none) or 'off'. Results are the same either way. Runs that fix, or
   * that are given `checks`, always run on the calling thread.
   */
  concurrency?: number | 'auto' | 'off';
  /** Bytes of parsed files kept between the two passes instead of read again (default 4 MiB, per thread). */
  keepParsed?: number;
  /** Called as files are done: files done, files in all (linted, and read for repository-wide checks). */
  onProgress?: (done: number, total: number) => void;
}

export interface LintTextOptions extends LintOptions {
  filePath?: string;
}

export interface Engine {
  resolved: ResolvedConfig;
  checks: readonly Check[];
  schemaDirs: string[];
  kubernetesVersion: string;
  cwd: string;
  knownIds: Set<string>;
  reportUnused: Severity;
  fixStrict: boolean;
  maxFileSize: number;
}

export function makeEngine(options: LintOptions): Engine {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const config = options.config ?? {};
  const kubernetesVersion = options.kubernetesVersion ?? config.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION;
  assertKnownKubernetesVersion(kubernetesVersion);
  const schemaDirs = [...(config.schemas ?? []).map((d) => path.resolve(options.configBaseDir ?? cwd, d)), ...(options.schemaDirs ?? []).map((d) => path.resolve(cwd, d))];
  const checks = options.checks ?? [createSchemaCheck({ schemaDirs, strictCrds: options.strictCrds ?? config.strictCrds }), ...builtinChecks];
  const resolved: ResolvedConfig = { config, baseDir: options.configBaseDir ?? cwd, checks, cliRules: options.rules };
  checkConfig(resolved);
  const unused = options.reportUnusedDisableDirectives;
  const reportUnused: Severity = unused === true || unused === 'warn' ? 1 : unused === 'error' ? 2 : 0;
  const knownIds = new Set([SCHEMA_RULE_ID, ...checks.map((c) => c.meta.id)]);
  return {
    resolved,
    checks,
    schemaDirs,
    kubernetesVersion,
    cwd,
    knownIds,
    reportUnused,
    fixStrict: Boolean(options.fixStrict),
    maxFileSize: options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
  };
}

/**
 * Read and parse one file. Never throws and never hangs: an unreadable file, a FIFO, socket or device named like a
 * manifest, a dangling link or a link loop, a file over `maxFileSize` bytes, binary or badly encoded bytes all become
 * one fatal message for that file. Reads are synchronous: a few system calls per file cost microseconds, where a
 * round trip through libuv's thread pool per call costs a millisecond (a thread that reads files one after another,
 * as a worker does, would spend most of its time waiting).
 */
/** Whether the fast path builds node trees (positions): always, never, or decided by the file's size in bytes. */
export type Trees = boolean | ((size: number) => boolean);

export function readAndParse(filePath: string, maxFileSize: number = DEFAULT_MAX_FILE_SIZE, trees: Trees = true): ParsedFile {
  const read = readBytes(filePath, maxFileSize);
  if ('error' in read) return failedFile(filePath, read.error);
  const decoded = decode(read.bytes);
  if ('error' in decoded) return failedFile(filePath, decoded.error);
  return parseText(decoded.text, filePath, decoded.bomLength, { trees: typeof trees === 'function' ? trees(read.bytes.length) : trees });
}

function tooLargeMessage(size: number, maxFileSize: number): LintMessage {
  const mib = (n: number) => (n >= 104_858 ? `${Math.round((n / 1024 / 1024) * 10) / 10} MiB` : `${n} bytes`);
  return fatalMessage(
    `File too large: ${mib(size)}, over the ${mib(maxFileSize)} limit, so it was not parsed; split it, or raise the limit with --max-file-size`,
    1,
    1,
    { messageId: 'tooLarge' },
  );
}

function readBytes(filePath: string, maxFileSize: number): { bytes: Uint8Array } | { error: LintMessage } {
  const unreadable = (reason: string) => ({ error: fatalMessage(`Cannot read file: ${reason}`, 1, 1, { messageId: 'unreadable' }) });
  let fd: number | undefined;
  try {
    // O_NONBLOCK: opening a FIFO named like a manifest must not wait forever for a writer.
    fd = fsSync.openSync(filePath, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0));
    const stat = fsSync.fstatSync(fd);
    if (stat.isDirectory()) return unreadable(fsErrorReason({ code: 'EISDIR' }));
    if (!stat.isFile()) {
      const what = stat.isFIFO() ? 'a FIFO' : stat.isSocket() ? 'a socket' : stat.isCharacterDevice() || stat.isBlockDevice() ? 'a device' : 'a special file';
      return unreadable(`${what}, not a regular file; kubeward reads regular files only`);
    }
    if (stat.size > maxFileSize) return { error: tooLargeMessage(stat.size, maxFileSize) };
    const bytes = fsSync.readFileSync(fd);
    if (bytes.length > maxFileSize) return { error: tooLargeMessage(bytes.length, maxFileSize) };
    return { bytes };
  } catch (error) {
    return unreadable(fsErrorReason(error));
  } finally {
    if (fd !== undefined) fsSync.closeSync(fd);
  }
}

function failedFile(filePath: string, message: LintMessage): ParsedFile {
  const file = parseText('', filePath);
  file.messages.push(message);
  return file;
}

/** Lint files, folders and globs. Resolves to one result per file, sorted by path. */
export async function lintFiles(patterns: string | readonly string[], options: LintOptions = {}): Promise<LintResult[]> {
  const engine = makeEngine(options);
  const list = typeof patterns === 'string' ? [patterns] : patterns;
  const started = Date.now();
  const cacheModule = options.cache && !options.fix ? await import('./cache.js') : undefined;
  const cacheFile = cacheModule?.cacheFilePath(options.cacheLocation, engine.cwd);
  // The cache file is read while the tree is walked.
  const cacheBytes = cacheFile ? fs.readFile(cacheFile).catch(() => undefined) : undefined;
  const { files: walked, unreadable } = await walk(list, { cwd: engine.cwd, ignorePatterns: engine.resolved.config.ignorePatterns });
  const all = walked.filter(notIgnoredByConfig(engine.resolved.config.ignorePatterns, engine.resolved.baseDir));
  const { index: shard = 1, count: shards = 1 } = options.shard ?? {};
  const files = shards > 1 ? all.filter((_, i) => i % shards === shard - 1) : all;
  const inShard = new Set(files);
  // A shard reads the others' files for repository-wide checks, in the order an unsharded run reads them.
  const repositoryRest = await repositoryPaths(engine, options, list, all);
  const extraPaths = [...all.filter((f) => !inShard.has(f)), ...repositoryRest];
  const failedFolders = shard === 1 ? unreadable : [];
  let cache: import('./cache.js').RunCache | undefined;
  if (cacheModule && cacheFile) {
    cache = new cacheModule.RunCache(cacheFile, started, await cacheBytes);
    const hit = cache.lookup({
      settings: cacheSettings(engine, options, failedFolders),
      linted: files,
      indexed: extraPaths,
      schemaDirs: engine.schemaDirs,
      maxFileSize: options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
    });
    if (hit) return withBaseline(engine, options, hit);
  }
  const rank = shards > 1 ? new Map([...all, ...repositoryRest].map((f, i) => [f, i])) : undefined;
  const failed = failedFolders.map((u) => failedFile(u.path, fatalMessage(`Cannot read folder: ${u.reason}`, 1, 1, { messageId: 'unreadable' })));
  // A shard with no files of its own has nothing to report: the others' files are not needed.
  const indexed = files.length + failed.length ? extraPaths : [];
  let results: LintResult[];
  if (options.fix) {
    const progress = progressCounter(options, files.length + indexed.length);
    const parsed = [...files.map((f) => progress(readAndParse(f, options.maxFileSize))), ...failed];
    // One file at a time: each is let go once its entries are made.
    const extra = indexed.map((f) => progress(entriesOf(readAndParse(f, options.maxFileSize, false))));
    results = lintAndFix(parsed, (current) => lintParsedFiles(engine, current, extra, rank), options.fix);
  } else {
    results = await lintPaths({ engine, options, files, indexed, failed, rank });
  }
  cache?.save(results);
  return withBaseline(engine, options, results);
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

/** How many worker threads a run of `fileCount` files uses (0: none). */
function threadsFor(options: LintOptions, fileCount: number): number {
  const setting = options.concurrency ?? 'auto';
  if (setting === 'off' || options.checks || options.fix) return 0;
  // Starting a thread and warming it up costs about as much as linting a few hundred files; on two cores that share
  // their caches the threads gain little below a couple of thousand files (docs/performance.md).
  const threads = setting === 'auto' ? Math.min(availableParallelism(), Math.floor(fileCount / 1000)) : setting;
  return threads >= 2 || (setting !== 'auto' && threads >= 1) ? threads : 0;
}

/**
 * Lint files on disk in two passes, so no more than a few files are held at once: the index pass reads each file (the
 * linted ones and those read for repository-wide checks) and keeps only its index entries; the lint pass reads each
 * linted file again, checks it against the repository and keeps only its result. Files a pass has just read are kept
 * for the next while they fit in a small budget, so small repositories are parsed once. With worker threads, both
 * passes run on them (src/pool.ts); the results are the same.
 */
async function lintPaths(run: PathsRun): Promise<LintResult[]> {
  const { engine, options } = run;
  const threads = threadsFor(options, run.files.length + run.indexed.length);
  const pools = threads ? await import('./pool.js') : undefined;
  if (pools?.workersAvailable()) {
    const pool = await pools.startPool(threads, engineSettings(engine, options));
    try {
      return await twoPasses(run, pool);
    } catch (error) {
      // A thread that failed (out of memory on a huge file, say): the run is done again here. An error of kubeward's
      // own would come back the same way on this thread, and is thrown from there.
      if (!pools.isThreadFailure(error)) throw error;
      process.emitWarning(`${(error as Error).message}; linting again on one thread`, { code: 'KUBEWARD_THREAD_FAILED' });
    } finally {
      await pool.close();
    }
  }
  return twoPasses(run, undefined);
}

/** A run over files on disk: linted files, files only indexed, folders that could not be read, and the files' order. */
interface PathsRun {
  engine: Engine;
  options: LintOptions;
  files: readonly string[];
  indexed: readonly string[];
  failed: readonly ParsedFile[];
  rank: Map<string, number> | undefined;
}

async function twoPasses({ engine, options, files, indexed, failed, rank }: PathsRun, pool: import('./pool.js').Pool | undefined): Promise<LintResult[]> {
  const paths = [...files, ...indexed];
  // A file counts as done once its last pass is: the lint pass for linted files, the index pass for the others.
  const progress = progressCounter(options, paths.length);
  const lintedCount = files.length;
  const indexProgress = (n: number, from: number) => {
    for (let i = from; i < from + n; i++) if (i >= lintedCount) progress(undefined);
  };
  const store = new ParsedStore(options.keepParsed);
  // On this thread, one file at a time (synchronously), so only one is held beyond what the store keeps.
  const entries: FileEntries[] = pool
    ? await pool.index(paths, indexProgress)
    : paths.map((f, i) => {
        const entries = store.index(f, options.maxFileSize);
        indexProgress(1, i);
        return entries;
      });
  for (const file of failed) entries.push(entriesOf(file));
  const lintedSet = new Set([...files, ...failed.map((f) => f.filePath)]);
  if (rank) entries.sort((a, b) => (rank.get(a.filePath) ?? Infinity) - (rank.get(b.filePath) ?? Infinity));
  const repository = buildRepository(entries, (f) => lintedSet.has(f));
  restoreSchemas(repository, (f) => readAndParse(f, options.maxFileSize, false));
  const results = pool
    ? await pool.lint(repository.resources, files, (n) => progressBy(progress, n))
    : files.map((f) => lintFile(engine, progress(store.take(f, options.maxFileSize)), repository));
  for (const file of failed) results.push(lintFile(engine, file, repository));
  return results.sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0));
}

/**
 * The index pass's reading, and files kept for the lint pass within a budget of bytes: a file that fits is parsed
 * with node trees and kept; the others are read for their values only (half the work) and read again when linted.
 */
export class ParsedStore {
  private readonly kept = new Map<string, ParsedFile>();
  private room: number;

  constructor(budget = DEFAULT_KEEP_PARSED) {
    this.room = budget;
  }

  /** Read a file for the index pass: its index entries. */
  index(filePath: string, maxFileSize?: number): FileEntries {
    let keep = false;
    const parsed = readAndParse(filePath, maxFileSize, (size) => (keep = size <= this.room));
    if (keep) {
      this.room -= parsed.text.length;
      this.kept.set(filePath, parsed);
    }
    return entriesOf(parsed);
  }

  /** The file for the lint pass: the one kept, or read again. */
  take(filePath: string, maxFileSize?: number): ParsedFile {
    const file = this.kept.get(filePath);
    if (!file) return readAndParse(filePath, maxFileSize);
    this.kept.delete(filePath);
    return file;
  }
}

export const DEFAULT_KEEP_PARSED = 4 * 1024 * 1024;

/** What a worker thread needs to build the same engine: the options, as plain data. */
export interface EngineSettings {
  options: Omit<LintOptions, 'onProgress' | 'checks' | 'fix' | 'cache' | 'cacheLocation' | 'baseline' | 'updateBaseline' | 'shard'>;
}

function engineSettings(engine: Engine, options: LintOptions): EngineSettings {
  return {
    options: {
      cwd: engine.cwd,
      config: engine.resolved.config,
      configBaseDir: engine.resolved.baseDir,
      rules: options.rules,
      kubernetesVersion: engine.kubernetesVersion,
      schemaDirs: options.schemaDirs,
      strictCrds: options.strictCrds,
      maxFileSize: options.maxFileSize,
      reportUnusedDisableDirectives: options.reportUnusedDisableDirectives,
      fixStrict: options.fixStrict,
      root: options.root,
      keepParsed: options.keepParsed,
    },
  };
}

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
    root: options.root ?? null,
    checks: engine.checks.map((c) => c.meta),
    failedFolders,
  };
}

/** Lint text as if it were the file `filePath` (default `<text>`). */
export async function lintText(text: string | Uint8Array, options: LintTextOptions = {}): Promise<LintResult[]> {
  const engine = makeEngine(options);
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
  return withBaseline(engine, options, lintAndFix([parsed], (files) => lintParsedFiles(engine, files, extra), options.fix ?? false));
}

/** Apply (or record) the baseline: findings it lists move to suppressedMessages. */
async function withBaseline(engine: Engine, options: LintOptions, results: LintResult[]): Promise<LintResult[]> {
  if (!options.baseline) return results;
  const file = path.resolve(engine.cwd, options.baseline);
  const shown = path.relative(engine.cwd, file).split(path.sep).join('/') || file;
  let counts = options.updateBaseline ? undefined : readBaseline(file, shown);
  let justification = `listed in the baseline ${shown}`;
  if (!counts) {
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, renderBaseline(results, file));
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
  const paths = await repositoryPaths(engine, options, patterns, linted);
  return paths.map((f) => entriesOf(readAndParse(f, options.maxFileSize, false)));
}

async function repositoryPaths(engine: Engine, options: LintOptions, patterns: readonly string[], linted: readonly string[]): Promise<string[]> {
  if (options.root === false) return [];
  const anyRepositoryCheck = engine.checks.some(
    (c) => c.meta.scope === 'repository' && (rulesForFile(engine.resolved, path.join(engine.cwd, 'x.yaml')).get(c.meta.id)?.severity ?? 0) > 0,
  );
  if (!anyRepositoryCheck) return [];
  // Folders given on the command line are the whole world; only named files (a pre-commit hook) widen it.
  const namedFiles = patterns.filter((p) => p !== '-' && MANIFEST_EXTENSIONS.includes(path.extname(p).slice(1).toLowerCase()));
  if (!options.root && namedFiles.length === 0) return [];
  const root = path.resolve(engine.cwd, options.root || engine.resolved.config.root || findRepositoryRoot(engine.cwd));
  const { files } = await walk([root], { cwd: root, ignorePatterns: engine.resolved.config.ignorePatterns });
  const done = new Set(linted);
  return files.filter((f) => !done.has(f));
}

function messageText(template: string, data: Record<string, string | number>): string {
  return template.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (whole, key: string) => (key in data ? String(data[key]) : whole));
}

function kindMatches(kinds: readonly string[] | undefined, resource: SourceResource): boolean {
  if (!kinds) return true;
  const group = resource.apiVersion.includes('/') ? resource.apiVersion.slice(0, resource.apiVersion.lastIndexOf('/')) : '';
  return kinds.includes(resource.kind) || kinds.includes(`${group}/${resource.kind}`);
}

/** The text edit of a finding's fix, as ESLint's message `fix`; nothing when the check is not fixable or refuses. */
function fixOf(check: Check, finding: Finding, target: SourceResource, strict: boolean): { fix?: FixObject } {
  if (!check.meta.fixable || !finding.fix || finding.level === 'info') return {};
  const edit = fixToEdit(target, (strict && finding.fix.strict) || finding.fix);
  return edit ? { fix: edit } : {};
}

/** ESLint's message `suggestions`: the ones whose edit kubeward can make; never applied by --fix. */
function suggestionsOf(check: Check, finding: Finding, target: SourceResource): { suggestions?: SuggestionObject[] } {
  if (!check.meta.hasSuggestions || !finding.suggestions || finding.level === 'info') return {};
  const suggestions: SuggestionObject[] = [];
  for (const s of finding.suggestions) {
    const edit = s.fix.op === 'appendDocument' ? appendDocumentEdit(target, s.fix) : fixToEdit(target, s.fix);
    if (edit) suggestions.push({ desc: s.desc, fix: edit });
  }
  return suggestions.length ? { suggestions } : {};
}

function severityOf(state: RuleState, finding: Finding): 1 | 2 {
  if (!state.strict && state.severity === state.defaultSeverity && finding.level) return finding.level === 'error' ? 2 : 1;
  return state.severity === 2 ? 2 : 1;
}

/** Lint files held in memory (standard input, text, files being fixed), with the entries of the other files read. */
function lintParsedFiles(engine: Engine, linted: ParsedFile[], extra: readonly FileEntries[], rank?: Map<string, number>): LintResult[] {
  const entries = [...linted.map((f) => entriesOf(f)), ...extra];
  if (rank) entries.sort((a, b) => (rank.get(a.filePath) ?? Infinity) - (rank.get(b.filePath) ?? Infinity));
  const lintedPaths = new Set(linted.map((f) => f.filePath));
  const repository = buildRepository(entries, (f) => lintedPaths.has(f));
  const inMemory = new Map(linted.map((f) => [f.filePath, f]));
  restoreSchemas(repository, (f) => inMemory.get(f) ?? readAndParse(f, engine.maxFileSize, false));
  return linted.map((file) => lintFile(engine, file, repository)).sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0));
}

/**
 * Lint one parsed file against the repository: every check on each of its objects, positions, fixes and
 * suggestions, then suppressions. Its Resources are the index's own, given their full objects meanwhile.
 */
export function lintFile(engine: Engine, file: ParsedFile, repository: Repository): LintResult {
  const objects = objectsOf(file);
  // The index pass saw other objects (the file changed in between): lint what is there now, outside the index.
  const attached = attachFile(repository, file, objects) ?? attachFile(buildRepository([entriesOf(file, objects)], () => true), file, objects)!;
  const messages = [...file.messages];
  const rules = rulesForFile(engine.resolved, file.filePath);
  try {
    for (const resource of attached.resources) {
      for (const check of engine.checks) {
        const state = rules.get(check.meta.id);
        if (!state || state.severity === 0) continue;
        if (resource.isPatch && check.meta.id !== 'schema') continue;
        if (!kindMatches(check.meta.kinds, resource)) continue;
        const context: CheckContext = { options: state.options, kubernetesVersion: engine.kubernetesVersion, index: repository.index };
        let findings: Finding[];
        try {
          findings = [...check.check(resource, context)];
        } catch (error) {
          const at = locate(resource.raw.document, resource.basePath, file.lineCounter, file.text);
          messages.push({
            ruleId: check.meta.id,
            severity: 2,
            message: `Internal error in check "${check.meta.id}" on ${resourceId(resource)}: ${(error as Error)?.message ?? String(error)}. Please report it; the other checks still ran`,
            messageId: 'internalError',
            line: at.line,
            column: at.column,
            object: resourceId(resource),
          });
          continue;
        }
        for (const finding of findings) {
          const template = check.meta.messages[finding.messageId];
          if (template === undefined) throw new Error(`Check "${check.meta.id}" reported unknown messageId "${finding.messageId}"`);
          const fullPath = [...resource.basePath, ...finding.path];
          const at = locate(resource.raw.document, fullPath, file.lineCounter, file.text, finding.pointAt);
          const data = { object: `${resource.kind} "${resource.name ?? '<unnamed>'}"`, ...finding.data };
          (finding.level === 'info' ? file.notices : messages).push({
            ruleId: check.meta.id,
            severity: finding.level === 'info' ? 0 : severityOf(state, finding),
            message: messageText(template, data),
            messageId: finding.messageId,
            line: at.line,
            column: at.column,
            endLine: at.endLine,
            endColumn: at.endColumn,
            remediation: check.meta.remediation,
            object: resourceId(resource),
            path: formatPath(finding.path),
            ...fixOf(check, finding, resource, engine.fixStrict),
            ...suggestionsOf(check, finding, resource),
          });
        }
      }
    }
    const split = applySuppressions(file, dedupe(messages).sort(compareMessages), {
      knownIds: engine.knownIds,
      objects: attached.resources,
      reportUnused: engine.reportUnused,
    });
    const result = toResult(file, split.messages, attached.resources.length);
    result.suppressedMessages = split.suppressedMessages;
    // Results outlive the file: copy them, so that no string of theirs is a slice of the file's text, which would keep
    // the whole text alive.
    return structuredClone(result);
  } finally {
    attached.detach();
  }
}

export function compareMessages(a: LintMessage, b: LintMessage): number {
  return a.line - b.line || a.column - b.column || byCodePoint(a.ruleId ?? '', b.ruleId ?? '') || byCodePoint(a.message, b.message);
}

/** Plain string order: the same on every machine, and no ICU collator to load (a few milliseconds a run). */
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * One problem, one message: drop exact repeats, and a schema "apiVersion not served" message where no-deprecated-api
 * already reports the same apiVersion (it says more: when the API was deprecated and removed). With
 * no-deprecated-api turned off, the schema message stays.
 */
function dedupe(messages: LintMessage[]): LintMessage[] {
  const seen = new Set<string>();
  const deprecated = new Set(messages.filter((m) => m.ruleId === 'no-deprecated-api').map((m) => `${m.line}\0${m.column}`));
  return messages.filter((m) => {
    if (m.ruleId === 'schema' && m.messageId === 'replacedApiVersion' && deprecated.has(`${m.line}\0${m.column}`)) return false;
    const key = `${m.ruleId}\0${m.line}\0${m.column}\0${m.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function toResult(file: ParsedFile, all: LintMessage[], objectCount: number): LintResult {
  const messages = dedupe(all).sort(compareMessages);
  const result: LintResult = {
    filePath: file.filePath,
    messages,
    suppressedMessages: [],
    errorCount: 0,
    fatalErrorCount: 0,
    warningCount: 0,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
    objectCount,
  };
  if (file.notices.length) result.notices = [...file.notices].sort(compareMessages);
  return countResult(result);
}

/** Recount a result's totals from its messages (after suppression, fixes...). */
export function countResult(result: LintResult): LintResult {
  result.errorCount = result.messages.filter((m) => m.severity === 2).length;
  result.fatalErrorCount = result.messages.filter((m) => m.fatal).length;
  result.warningCount = result.messages.filter((m) => m.severity === 1).length;
  result.fixableErrorCount = result.messages.filter((m) => m.severity === 2 && m.fix).length;
  result.fixableWarningCount = result.messages.filter((m) => m.severity === 1 && m.fix).length;
  return result;
}

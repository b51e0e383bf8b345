/**
 * The programmatic API: lintFiles and lintText. Runs the stages in order (walk → parse → validate/check → report
 * data) and owns what no check may do: severity, kind filtering, positions, messages, sorting and counting.
 */
import { constants as fsConstants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { checks as builtinChecks } from '../checks/index.js';
import { resourceId, type Check, type CheckContext, type Finding } from './check-api.js';
import { checkConfig, rulesForFile, type KubewardConfig, type ResolvedConfig, type RuleSetting, type RuleState } from './config.js';
import { decode, DEFAULT_MAX_FILE_SIZE, fatalMessage, parseText, type ParsedFile } from './parse.js';
import { formatPath, locate } from './position.js';
import { buildIndex, resourcesOf, type SourceResource } from './resources.js';
import type { FixObject, LintMessage, LintResult, Severity, SuggestionObject } from './types.js';
import { applySuppressions } from './suppress.js';
import { applyBaseline, readBaseline, renderBaseline } from './baseline.js';
import { SCHEMA_RULE_ID } from './config.js';
import { notIgnoredByConfig } from './config-file.js';
import { appendDocumentEdit, fixToEdit, lintAndFix, type FixFilter } from './fix.js';
import { findRepositoryRoot, fsErrorReason, MANIFEST_EXTENSIONS, walk } from './walk.js';
import { assertKnownKubernetesVersion, createSchemaCheck, LATEST_KUBERNETES_VERSION } from './validate.js';

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
  /** Called as each file is read and parsed: files done, files in all (linted and read for repository-wide checks). */
  onProgress?: (done: number, total: number) => void;
}

export interface LintTextOptions extends LintOptions {
  filePath?: string;
}

interface Engine {
  resolved: ResolvedConfig;
  checks: readonly Check[];
  schemaDirs: string[];
  kubernetesVersion: string;
  cwd: string;
  knownIds: Set<string>;
  reportUnused: Severity;
  fixStrict: boolean;
}

function makeEngine(options: LintOptions): Engine {
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
  };
}

/** At most this many files are open for reading at once (thousands of files must not exhaust descriptors). */
const READ_CONCURRENCY = 64;
let reading = 0;
const waitingReads: Array<() => void> = [];

/**
 * Read and parse one file. Never throws and never hangs: an unreadable file, a FIFO, socket or device named like a
 * manifest, a dangling link or a link loop, a file over `maxFileSize` bytes, binary or badly encoded bytes all become
 * one fatal message for that file.
 */
export async function readAndParse(filePath: string, maxFileSize: number = DEFAULT_MAX_FILE_SIZE): Promise<ParsedFile> {
  while (reading >= READ_CONCURRENCY) await new Promise<void>((resolve) => waitingReads.push(resolve));
  reading++;
  let read: { bytes: Uint8Array } | { error: LintMessage };
  try {
    read = await readBytes(filePath, maxFileSize);
  } finally {
    reading--;
    waitingReads.shift()?.();
  }
  if ('error' in read) return failedFile(filePath, read.error);
  const decoded = decode(read.bytes);
  if ('error' in decoded) return failedFile(filePath, decoded.error);
  return parseText(decoded.text, filePath, decoded.bomLength);
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

async function readBytes(filePath: string, maxFileSize: number): Promise<{ bytes: Uint8Array } | { error: LintMessage }> {
  const unreadable = (reason: string) => ({ error: fatalMessage(`Cannot read file: ${reason}`, 1, 1, { messageId: 'unreadable' }) });
  let handle: fs.FileHandle | undefined;
  try {
    // O_NONBLOCK: opening a FIFO named like a manifest must not wait forever for a writer.
    handle = await fs.open(filePath, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0));
    const stat = await handle.stat();
    if (stat.isDirectory()) return unreadable(fsErrorReason({ code: 'EISDIR' }));
    if (!stat.isFile()) {
      const what = stat.isFIFO() ? 'a FIFO' : stat.isSocket() ? 'a socket' : stat.isCharacterDevice() || stat.isBlockDevice() ? 'a device' : 'a special file';
      return unreadable(`${what}, not a regular file; kubeward reads regular files only`);
    }
    if (stat.size > maxFileSize) return { error: tooLargeMessage(stat.size, maxFileSize) };
    const bytes = await handle.readFile();
    if (bytes.length > maxFileSize) return { error: tooLargeMessage(bytes.length, maxFileSize) };
    return { bytes };
  } catch (error) {
    return unreadable(fsErrorReason(error));
  } finally {
    await handle?.close().catch(() => undefined);
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
  const total = files.length + extraPaths.length;
  let done = 0;
  const read = (f: string) =>
    readAndParse(f, options.maxFileSize).then((p) => {
      options.onProgress?.(++done, total);
      return p;
    });
  const parsed = await Promise.all(files.map(read));
  for (const u of failedFolders) parsed.push(failedFile(u.path, fatalMessage(`Cannot read folder: ${u.reason}`, 1, 1, { messageId: 'unreadable' })));
  // A shard with no files of its own has nothing to report: the others' files are not needed.
  const extra = parsed.length ? await Promise.all(extraPaths.map(read)) : [];
  const rank = shards > 1 ? new Map([...all, ...repositoryRest].map((f, i) => [f, i])) : undefined;
  const results = lintAndFix(parsed, (files) => lintParsed(engine, files, extra, rank), options.fix ?? false);
  cache?.save(results);
  return withBaseline(engine, options, results);
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
  const extra = options.root ? await repositoryFiles(engine, options, [], [filePath]) : [];
  return withBaseline(engine, options, lintAndFix([parsed], (files) => lintParsed(engine, files, extra), options.fix ?? false));
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

/** Every manifest of the repository that is not linted, for repository-wide checks; only when files were named. */
async function repositoryFiles(engine: Engine, options: LintOptions, patterns: readonly string[], linted: readonly string[]): Promise<ParsedFile[]> {
  return Promise.all((await repositoryPaths(engine, options, patterns, linted)).map((f) => readAndParse(f, options.maxFileSize)));
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

/** `rank`: the files' order (by path) when it is not linted-then-extra, so a shard indexes objects as an unsharded run does. */
function lintParsed(engine: Engine, linted: ParsedFile[], extra: ParsedFile[], rank?: Map<string, number>): LintResult[] {
  const lintedSet = new Set(linted);
  const ordered = [...linted, ...extra];
  if (rank) ordered.sort((a, b) => (rank.get(a.filePath) ?? Infinity) - (rank.get(b.filePath) ?? Infinity) || 0);
  const resources = resourcesOf(ordered, (f) => lintedSet.has(f));
  const index = buildIndex(resources);
  const messagesByFile = new Map<ParsedFile, LintMessage[]>(linted.map((f) => [f, [...f.messages]]));
  const rulesByFile = new Map<string, Map<string, RuleState>>();
  const rulesOf = (filePath: string) => {
    let table = rulesByFile.get(filePath);
    if (!table) rulesByFile.set(filePath, (table = rulesForFile(engine.resolved, filePath)));
    return table;
  };

  for (const resource of resources) {
    // Objects of files that are only read for context are checked too: a repository-wide finding may land elsewhere.
    const rules = rulesOf(resource.filePath);
    for (const check of engine.checks) {
      const state = rules.get(check.meta.id);
      if (!state || state.severity === 0) continue;
      if (!resource.linted && check.meta.scope !== 'repository') continue;
      if (resource.isPatch && check.meta.id !== 'schema') continue;
      if (!kindMatches(check.meta.kinds, resource)) continue;
      const context: CheckContext = { options: state.options, kubernetesVersion: engine.kubernetesVersion, index };
      let findings: Finding[];
      try {
        findings = [...check.check(resource, context)];
      } catch (error) {
        if (!resource.linted) continue;
        const at = locate(resource.raw.document, resource.basePath, resource.file.lineCounter, resource.file.text);
        messagesByFile.get(resource.file)!.push({
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
        const target = (finding.resource as SourceResource | undefined) ?? resource;
        if (!target.linted) continue;
        const targetRules = target === resource ? rules : rulesOf(target.filePath);
        const targetState = targetRules.get(check.meta.id);
        if (!targetState || targetState.severity === 0) continue;
        const template = check.meta.messages[finding.messageId];
        if (template === undefined) throw new Error(`Check "${check.meta.id}" reported unknown messageId "${finding.messageId}"`);
        const fullPath = [...target.basePath, ...finding.path];
        const at = locate(target.raw.document, fullPath, target.file.lineCounter, target.file.text, finding.pointAt);
        const data = { object: `${target.kind} "${target.name ?? '<unnamed>'}"`, ...finding.data };
        (finding.level === 'info' ? target.file.notices : messagesByFile.get(target.file)!).push({
          ruleId: check.meta.id,
          severity: finding.level === 'info' ? 0 : severityOf(targetState, finding),
          message: messageText(template, data),
          messageId: finding.messageId,
          line: at.line,
          column: at.column,
          endLine: at.endLine,
          endColumn: at.endColumn,
          remediation: check.meta.remediation,
          object: resourceId(target),
          path: formatPath(finding.path),
          ...fixOf(check, finding, target, engine.fixStrict),
          ...suggestionsOf(check, finding, target),
        });
      }
    }
  }

  const objectCounts = new Map<ParsedFile, number>();
  const objectsByFile = new Map<ParsedFile, SourceResource[]>();
  for (const r of resources) {
    objectCounts.set(r.file, (objectCounts.get(r.file) ?? 0) + 1);
    const list = objectsByFile.get(r.file);
    if (list) list.push(r);
    else objectsByFile.set(r.file, [r]);
  }
  return linted
    .map((file) => {
      const objects = objectsByFile.get(file) ?? [];
      const split = applySuppressions(file, dedupe(messagesByFile.get(file)!).sort(compareMessages), {
        knownIds: engine.knownIds,
        objects,
        reportUnused: engine.reportUnused,
      });
      const result = toResult(file, split.messages, objectCounts.get(file) ?? 0);
      result.suppressedMessages = split.suppressedMessages;
      return result;
    })
    .sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0));
}

export function compareMessages(a: LintMessage, b: LintMessage): number {
  return a.line - b.line || a.column - b.column || (a.ruleId ?? '').localeCompare(b.ruleId ?? '') || a.message.localeCompare(b.message);
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

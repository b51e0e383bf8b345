#!/usr/bin/env node
/**
 * The `kubeward` command: arguments → lintFiles/lintText → a formatter → stdout or a file → exit code
 * (0 no errors, 1 errors or too many warnings, 2 usage or fatal error).
 */
import fs from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { checks } from '../../checks/index.js';
import {
  checkConfig,
  ConfigError,
  configSearchStart,
  effectiveConfig,
  levelToSeverity,
  listChecks,
  loadConfigWithCel,
  loadPlugins,
  policyWarnings,
  SCHEMA_RULE_ID,
  type ResolvedConfig,
  type RuleSetting,
} from '../config/index.js';
import {
  checkCatalogue,
  countResult,
  DEFAULT_KUBERNETES_VERSION,
  lintFiles,
  lintFilesStreamed,
  lintText,
  startWarmRun,
  writeFixes,
  type LintOptions,
  type ReportCache,
} from '../engine/index.js';
import { parseFixTypes } from '../fix/index.js';
import { findRepositoryRoot, walk } from '../read/index.js';
import { loadFormatter, loadReportStream, rulesMeta } from '../report/index.js';
import { UsageError } from '../shared/errors.js';
import { descriptorWriter, isTerminal } from './stdio.js';
import { parseCommandLine } from './args.js';
import { COMMAND_OPTIONS } from './options.js';
import type { LintResult } from '../shared/types.js';
import type { FormatterContext } from '../report/index.js';
import { VERSION } from '../shared/version.js';
import { isEntryModule } from '../shared/entry.js';
import { writeFileSafely } from '../shared/write-file.js';
import { fileOutput, recordingOutput, stdoutOutput } from './report-output.js';
// The bin's entry writes the command script's code cache with the script's own code (src/cli/code-cache-write.ts), and
// keeps it for runs of about the size of the one that wrote it (src/cli/command-script.ts).
export { writeCodeCache } from './code-cache-write.js';
export { runsShape as runShape } from '../engine/index.js';

export const HELP = `kubeward [options] [path|glob|- ...]

Lint Kubernetes manifests for security problems. Paths are files, folders or globs
(default: the current folder); "-" reads one file from standard input.

Output:
  -f, --format NAME          stylish (default), json, sarif, github, junit, checkstyle, compact,
                             unix, visualstudio, or any eslint-formatter-NAME package or formatter
                             file (loaded from the working folder: see docs/security.md)
  -o, --output-file FILE     write the report to FILE instead of standard output
      --color, --no-color    force or disable colours (NO_COLOR and FORCE_COLOR are honoured)
      --quiet                report errors only
      --max-warnings N       exit 1 when there are more than N warnings

Linting:
      --kubernetes-version X.Y   the Kubernetes version to validate against, 1.25 to 1.36 (default: latest)
      --schema-dir DIR       extra schemas for custom resources, laid out {group}/{kind}_{version}.json; repeatable
      --strict-crds          a custom resource with no schema is an error (default: an info notice)
      --rule ID:LEVEL        set a check's level (off, warn, error or 0, 1, 2; "ID: 2" too); repeatable,
                             wins over the config
      --root DIR             repository root read by repository-wide checks when only some files are named
      --stdin-filename NAME  the file name to show for standard input
      --max-file-size MB     files larger than MB mebibytes are reported, not parsed (default: 10)
      --no-error-on-unmatched-pattern   a path or glob that matches no file is not an error (by default it
                             exits 2: "No files matching the pattern ... were found.")

Ignoring files:
      --ignore-pattern PATTERN   files matching PATTERN (a glob relative to the current folder) are not linted;
                             repeatable, added to .gitignore, .kubewardignore and the config's ignorePatterns
      --no-ignore            lint what .gitignore, .kubewardignore, ignorePatterns and --ignore-pattern leave out
                             (node_modules and .git are never entered)
      --no-warn-ignored      say nothing of a file named on the command line that is ignored (by default it
                             gets a warning, as in ESLint; pre-commit's hook passes this option)

GitOps rendering (see docs/gitops.md):
      --no-render            lint files one by one: no kustomize or helm run
      --kustomize PATH       the kustomize or kubectl program (default: kustomize, else kubectl, on PATH)
      --helm PATH            the helm program (default: helm on PATH)
      --kustomize-enable-helm  let Kustomize inflate Helm charts (runs helm; off by default)

Speed:
      --cache                reuse the last results when nothing changed: no file linted or read for
                             repository-wide checks, no config, option or kubeward version; any change
                             re-lints everything (never with --fix)
      --cache-location PATH  the cache file, or a folder to hold it (default: .kubewardcache)
      --no-index-cache       do not keep the repository's index between runs (kept by default in the user's
                             cache folder, so a run naming a few files reads only the files that changed)
      --shard I/N            lint only part I of N (1 <= I <= N) of the sorted files, for CI matrix jobs;
                             every file is still read for repository-wide checks
      --concurrency N        worker threads: a number, auto (default: on 3 cores or more, one thread per
                             core and 1,000 files, the calling thread one of them) or off; results are the
                             same either way

Configuration:
  -c, --config FILE          use this config file (default: .kubeward.yaml, .kubeward.yml, .kubeward.json or
                             package.json "kubeward", searched from the linted path upwards)
      --no-config            use no config file
      --print-config FILE    print the effective config for FILE as JSON and exit
      --list-checks          list every check: id, level after the config, scope, docs URL
      --explain ID           print a check's documentation and how to turn it off or change its level
      --init                 write a starter .kubeward.yaml here (never over an existing config; asks two
                             questions on a terminal, none otherwise)
      --no-plugins           refuse a config that names plugins (JavaScript from node_modules): exit 2;
                             use it where the linted tree is untrusted (docs/security.md)

Suppressions:
      --report-unused-disable-directives           warn about kubeward-disable directives that suppress nothing
      --report-unused-disable-directives-severity LEVEL   the same, at level off, warn or error (0, 1, 2)
      --no-inline-config     ignore every kubeward-disable directive and ignore-check.kubeward.io annotation:
                             every finding is reported (the baseline still applies)
      --require-reason       a directive without " -- reason" (an annotation with an empty value) is reported
                             as a warning and suppresses nothing
      --baseline FILE        report only findings not in FILE; when FILE does not exist, record today's findings
      --update-baseline      rewrite the --baseline FILE with today's findings

Fixing:
      --fix                  repair what can be repaired safely, in place (comments and formatting kept)
      --fix-dry-run          the same, without writing: the JSON report's "output" holds each fixed file
      --fix-type TYPE        fix only these: check ids, "strict" (drop ALL capabilities instead of NET_RAW);
                             comma-separated or repeatable; see docs/fixing.md

Other:
      --stats                after the report, a table on standard error of each check's findings and time
                             (lints on one thread, without the cache)
  -h, --help                 show this help
  -v, --version              show the version

Exit codes: 0 no errors, 1 errors found (or --max-warnings exceeded), 2 usage or fatal error.
Docs: https://github.com/kubeward/kubeward#readme`;

interface Io {
  stdout: (s: string) => void;
  /** Standard output for bytes (a report --cache kept); without it, bytes are decoded and given to `stdout`. */
  stdoutBytes?: (bytes: Uint8Array) => void;
  stderr: (s: string) => void;
  stdin: () => Promise<string | Uint8Array>;
  isTTY: boolean;
  /** Standard error is a terminal: the progress line may be drawn there (never in CI). */
  stderrIsTTY?: boolean;
  /** Milliseconds before the progress line appears (default 1000); tests set 0. */
  progressDelay?: number;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Standard input is a terminal: `--init` asks its questions through `ask` (none otherwise). */
  stdinIsTTY?: boolean;
  ask?: (question: string) => Promise<string | undefined>;
}

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function parseRule(value: string): [string, RuleSetting] {
  const at = value.lastIndexOf(':');
  if (at <= 0) throw new UsageError(`--rule expects ID:LEVEL (e.g. --rule image-tag:off), got "${value}"`);
  const id = value.slice(0, at).trim();
  const text = value.slice(at + 1).trim();
  // 0, 1 and 2 are levels too, as the config and ESLint's --rule take them.
  const level = /^[012]$/.test(text) ? Number(text) : text;
  levelToSeverity(level, `--rule ${id}`);
  return [id, level as RuleSetting];
}

/** `--report-unused-disable-directives-severity`: off, warn, error, or 0, 1, 2. */
function parseUnusedSeverity(value: string | undefined): 'off' | 'warn' | 'error' | undefined {
  if (value === undefined) return undefined;
  const level = ({ '0': 'off', '1': 'warn', '2': 'error', off: 'off', warn: 'warn', error: 'error' } as const)[value.trim() as 'off'];
  if (!level) throw new UsageError(`--report-unused-disable-directives-severity expects off, warn or error (or 0, 1, 2), got "${value}"`);
  return level;
}

/**
 * Asks on the terminal, one line per question (`--init`). One reader for every question, so lines typed (or pasted)
 * ahead are kept for the next one; it is paused between questions, so it never keeps the process alive.
 */
function terminalAsk(): (question: string) => Promise<string | undefined> {
  let rl: ReturnType<typeof createInterface> | undefined;
  const lines: string[] = [];
  const waiting: Array<(line: string | undefined) => void> = [];
  let closed = false;
  return (question) => {
    if (!rl) {
      rl = createInterface({ input: process.stdin, output: process.stderr, terminal: false });
      rl.on('line', (line) => (waiting.length ? waiting.shift()!(line) : lines.push(line)));
      rl.on('close', () => {
        closed = true;
        for (const resolve of waiting.splice(0)) resolve(undefined);
      });
    }
    process.stderr.write(question);
    if (lines.length) return Promise.resolve(lines.shift());
    if (closed) return Promise.resolve(undefined);
    rl.resume();
    return new Promise((resolve) => {
      waiting.push((line) => {
        rl?.pause();
        resolve(line);
      });
    });
  };
}

function useColor(values: Record<string, unknown>, io: Io): boolean {
  if (values['no-color']) return false;
  if (values.color) return true;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  return io.isTTY && !values['output-file'];
}

/** `--fix`, `--fix-dry-run` and `--fix-type` → the lint options that fix. */
function fixOptions(values: Record<string, any>, positionals: readonly string[]): Pick<LintOptions, 'fix' | 'fixStrict'> {
  if (values.fix && values['fix-dry-run']) throw new UsageError('--fix and --fix-dry-run cannot be used together');
  if (!values.fix && !values['fix-dry-run']) {
    if (values['fix-type']) throw new UsageError('--fix-type needs --fix or --fix-dry-run');
    return {};
  }
  if (values.fix && positionals.includes('-')) throw new UsageError('--fix cannot write to standard input; use --fix-dry-run');
  try {
    const types = parseFixTypes(
      values['fix-type'] ?? [],
      checks.filter((c) => c.meta.fixable).map((c) => c.meta.id),
    );
    return { fix: types.filter, fixStrict: types.strict };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** A program named on the command line: a bare name is looked up on PATH, a path is taken from the working folder. */
function programPath(value: string, cwd: string): string {
  return value.includes('/') || value.includes(path.sep) ? path.resolve(cwd, value) : value;
}

/** `--concurrency`: a whole number of threads (1 or more), `auto` or `off`. */
export function parseConcurrency(value: string): number | 'auto' | 'off' {
  const v = value.trim().toLowerCase();
  if (v === 'auto' || v === 'off') return v;
  if (/^\d+$/.test(v) && Number(v) >= 1) return Number(v);
  throw new UsageError(`--concurrency expects a number of threads (1 or more), auto or off, got "${value}"`);
}

/** `--shard I/N`: whole numbers with 1 <= I <= N. */
export function parseShard(value: string): { index: number; count: number } {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || !(index >= 1) || !(index <= count)) {
    throw new UsageError(`--shard expects I/N with 1 <= I <= N (e.g. --shard 2/4 for the second of four jobs), got "${value}"`);
  }
  return { index, count };
}

/** ESLint's warning on a file named on the command line that an ignore file or pattern leaves out. */
export const IGNORED_FILE_MESSAGE =
  'File ignored because of a matching ignore pattern. Use "--no-ignore" to disable file ignore settings or use "--no-warn-ignored" to suppress this warning.';

/** One result with ESLint's warning for each named file the run did not lint (an ignore file or pattern left it out). */
function ignoredResults(named: readonly string[], results: readonly LintResult[], cwd: string): LintResult[] {
  const linted = new Set(results.map((r) => r.filePath));
  const ignored = [...new Set(named.map((p) => path.resolve(cwd, p)))].filter((f) => !linted.has(f));
  return ignored.map((filePath) =>
    countResult({
      filePath,
      messages: [{ ruleId: null, fatal: false, severity: 1, message: IGNORED_FILE_MESSAGE, messageId: 'fileIgnored', line: 1, column: 1 }],
      suppressedMessages: [],
      errorCount: 0,
      fatalErrorCount: 0,
      warningCount: 0,
      fixableErrorCount: 0,
      fixableWarningCount: 0,
    }),
  );
}

/** What the end of a run needs of its results, kept as they go by (a streamed report lets each result go). */
interface Tally {
  /** Results of files linted (not the warnings on ignored named files). */
  files: number;
  linted: string[];
  errors: number;
  warnings: number;
  /** Findings the baseline recorded. */
  recorded: number;
}

function newTally(): Tally {
  return { files: 0, linted: [], errors: 0, warnings: 0, recorded: 0 };
}

/** Count a reported result; `linted`: a file's own result (not the warning on an ignored named file). */
function count(tally: Tally, result: LintResult, linted: boolean): void {
  tally.errors += result.errorCount;
  tally.warnings += result.warningCount;
  if (!linted) return;
  tally.files++;
  tally.linted.push(result.filePath);
  for (const m of result.suppressedMessages) if (m.suppressions?.some((s) => s.kind === 'baseline')) tally.recorded++;
}

/** The lint of the last run, to run again quietly (warmUp); undefined when it must not be. */
let warmUpLint: (() => Promise<unknown>) | undefined;

/**
 * After a first pre-commit run that wrote a new index cache (the whole repository read) and found no entry point to
 * render: the same lint once more, quietly, which reads that cache as the next commit's run will, so that the code
 * cache the bin's entry writes next holds a warm run's code too (the kept walk's check, the index table, the
 * repository built in part), and says it is a warm run's (src/cli/command-script.ts). The next run then compiles none of it: about 4 ms of
 * a second commit's 45 (docs/performance.md, "warm-up"). Anything that fails is let go; nothing is printed.
 */
export async function warmUp(): Promise<void> {
  const lint = warmUpLint;
  warmUpLint = undefined;
  if (!lint || !startWarmRun()) return;
  try {
    await lint();
  } catch {
    // Only the code cache loses.
  }
}

/** Run the command line; resolves to the exit code. */
export async function run(argv: string[], io: Io): Promise<number> {
  let values: Record<string, any>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseCommandLine(argv, COMMAND_OPTIONS));
  } catch (error) {
    io.stderr(`kubeward: ${(error as Error).message}\nRun "kubeward --help" for usage.\n`);
    return 2;
  }
  if (values.help) {
    io.stdout(`${HELP}\n`);
    return 0;
  }
  if (values.version) {
    io.stdout(`${VERSION}\n`);
    return 0;
  }

  try {
    if (values.init) {
      io.stdout(await (await import('./init.js')).init(io.cwd, io.stdinIsTTY ? io.ask : undefined));
      return 0;
    }
    let maxWarnings = -1;
    if (values['max-warnings'] !== undefined) {
      maxWarnings = Number(values['max-warnings']);
      if (!Number.isInteger(maxWarnings) || maxWarnings < 0) throw new UsageError(`--max-warnings expects a whole number, got "${values['max-warnings']}"`);
    }
    const maxFileSize = values['max-file-size'] === undefined ? undefined : Number(values['max-file-size']);
    if (maxFileSize !== undefined && !(maxFileSize > 0))
      throw new UsageError(`--max-file-size expects a size in MiB above 0, got "${values['max-file-size']}"`);
    const rules = Object.fromEntries(((values.rule as string[] | undefined) ?? []).map(parseRule));
    // The config is resolved once per run, from the linted paths' folder (or the file --print-config names).
    const searchPaths = values['print-config'] !== undefined ? [values['print-config'] as string] : positionals;
    const configFile = await loadConfigWithCel({
      searchFrom: configSearchStart(searchPaths, io.cwd),
      cwd: io.cwd,
      configFile: values.config,
      noConfig: values['no-config'],
    });
    // Plugins are code: loaded only from the repository's node_modules, refused with --no-plugins, before any file is read.
    const pluginChecks = await loadPlugins(configFile.config, configFile.baseDir, {
      allow: !values['no-plugins'],
      takenIds: new Set(checkCatalogue({ config: configFile.config }).map((c) => c.meta.id)),
    });
    const unusedSeverity = parseUnusedSeverity(values['report-unused-disable-directives-severity'] as string | undefined);
    if (values['update-baseline'] && !values.baseline) throw new UsageError('--update-baseline needs --baseline FILE');
    const fixing = fixOptions(values, positionals);
    const shard = values.shard === undefined ? undefined : parseShard(values.shard);
    if (shard && positionals.includes('-')) throw new UsageError('--shard cannot be used with standard input');
    if (shard && (values['update-baseline'] || (values.baseline && !fs.existsSync(path.resolve(io.cwd, values.baseline))))) {
      throw new UsageError('--shard cannot record a baseline (each shard sees only its files); record it once without --shard');
    }
    const options: LintOptions = {
      cwd: io.cwd,
      config: configFile.config,
      configBaseDir: configFile.filePath ? configFile.baseDir : io.cwd,
      rules,
      ...(pluginChecks.length ? { pluginChecks } : {}),
      ...(unusedSeverity !== undefined
        ? { reportUnusedDisableDirectives: unusedSeverity }
        : values['report-unused-disable-directives']
          ? { reportUnusedDisableDirectives: true }
          : {}),
      ...(values.baseline ? { baseline: values.baseline, updateBaseline: Boolean(values['update-baseline']) } : {}),
      kubernetesVersion: values['kubernetes-version'],
      ...(values['schema-dir'] ? { schemaDirs: values['schema-dir'] } : {}),
      ...(values['strict-crds'] ? { strictCrds: true } : {}),
      ...(values.root ? { root: values.root } : {}),
      ...(values['no-render'] ? { render: false } : {}),
      ...(values['no-index-cache'] ? { indexCache: false } : {}),
      ...(values.kustomize ? { kustomize: programPath(values.kustomize, io.cwd) } : {}),
      ...(values.helm ? { helm: programPath(values.helm, io.cwd) } : {}),
      ...(values['kustomize-enable-helm'] ? { kustomizeEnableHelm: true } : {}),
      ...(maxFileSize !== undefined ? { maxFileSize: Math.round(maxFileSize * 1024 * 1024) } : {}),
      ...fixing,
      ...(values.cache ? { cache: true, ...(values['cache-location'] !== undefined ? { cacheLocation: values['cache-location'] } : {}) } : {}),
      ...(shard ? { shard } : {}),
      ...(values.concurrency !== undefined ? { concurrency: parseConcurrency(values.concurrency) } : {}),
      ...(values['no-ignore'] ? { ignore: false } : {}),
      ...(values['ignore-pattern'] ? { ignorePatterns: values['ignore-pattern'] as string[] } : {}),
      ...(values['no-inline-config'] ? { allowInlineConfig: false } : {}),
      ...(values['require-reason'] ? { requireReason: true } : {}),
      ...(values['no-error-on-unmatched-pattern'] ? { errorOnUnmatchedPattern: false } : {}),
    };
    // --stats: each check's time on each object, on one thread and without the cache (a cache hit runs no check).
    const stats = values.stats ? (await import('./stats.js')).createStats() : undefined;
    if (stats) {
      options.onCheckTime = (id, ms) => stats.onCheckTime(id, ms);
      delete options.cache;
    }
    if (values['print-config'] !== undefined || values['list-checks'] || values.explain !== undefined) {
      const runChecks = checkCatalogue({ config: configFile.config, pluginChecks }).filter((c) => c.meta.id !== SCHEMA_RULE_ID);
      const resolved: ResolvedConfig = { config: configFile.config, baseDir: options.configBaseDir!, checks: runChecks, cliRules: rules };
      checkConfig(resolved);
      if (values.explain !== undefined) {
        const withSchema: ResolvedConfig = { ...resolved, checks: checkCatalogue({ config: configFile.config, pluginChecks }) };
        io.stdout((await import('./explain.js')).explain(values.explain, withSchema));
      } else if (values['list-checks']) {
        io.stdout(`${listChecks(resolved)}\n`);
      } else {
        const target = path.resolve(io.cwd, values['print-config']);
        const kubernetesVersion = values['kubernetes-version'] ?? configFile.config.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION;
        const effective = effectiveConfig(resolved, target, {
          configFile: configFile.filePath,
          kubernetesVersion,
          cwd: io.cwd,
          linterOptions: {
            ...(values['no-inline-config'] ? { noInlineConfig: true } : {}),
            ...(options.reportUnusedDisableDirectives !== undefined ? { reportUnusedDisableDirectives: options.reportUnusedDisableDirectives } : {}),
            ...(values['require-reason'] ? { requireReason: true } : {}),
          },
        });
        io.stdout(`${JSON.stringify(effective, null, 2)}\n`);
      }
      return 0;
    }
    const baselineExisted = values.baseline ? !values['update-baseline'] && fs.existsSync(path.resolve(io.cwd, values.baseline)) : true;
    const formatter = await loadFormatter(values.format, io.cwd);

    // Files named one by one, for the warning on those an ignore file or pattern leaves out (as ESLint's).
    const namedFiles = positionals.filter((p) => p !== '-' && fs.statSync(path.resolve(io.cwd, p), { throwIfNoEntry: false })?.isFile());
    const stdinCount = positionals.filter((p) => p === '-').length;
    if (stdinCount > 0 && positionals.length > 1) throw new UsageError('"-" (standard input) cannot be combined with other paths');
    const color = useColor(values, io);
    // Paths in SARIF and annotations are relative to the repository root (--root, else the git root), not the cwd.
    const root = path.resolve(io.cwd, values.root ?? findRepositoryRoot(io.cwd));
    const catalogue = checkCatalogue({ config: configFile.config, pluginChecks });
    // rulesMeta made when a formatter first reads it (the built-in stylish and json never do: ~0.05 ms of a one-file
    // run); a formatter may still replace it.
    let meta: FormatterContext['rulesMeta'] | undefined;
    const context: FormatterContext = {
      cwd: io.cwd,
      color,
      get rulesMeta() {
        return (meta ??= rulesMeta(catalogue));
      },
      set rulesMeta(value) {
        meta = value;
      },
      root,
      checks: catalogue,
    };
    // A file named on the command line and not linted was left out by an ignore file or pattern: ESLint warns of it
    // rather than skipping it silently (not with --shard, whose other files are other jobs').
    const warnIgnored = !(values['no-warn-ignored'] || values['no-ignore'] || values.quiet || shard || stdinCount);
    const quiet = (r: LintResult) => countResult({ ...r, messages: r.messages.filter((m) => m.severity === 2), notices: undefined });
    // A built-in format is written as the results come (src/report/stream.ts), unless the run needs every result
    // first: --fix writes the files before the report, --stats reads every result, and the warning on an ignored named
    // file is sorted in among the results.
    const stream = stdinCount || values.fix || stats || (warnIgnored && namedFiles.length) ? undefined : await loadReportStream(values.format);
    // The same lint once more, its results let go, is what the bin's entry runs after a first run that wrote a new index
    // cache (warmUp): not a run that writes files (--fix, --cache, a baseline), reads standard input, or times checks.
    warmUpLint = stdinCount || options.fix || options.cache || options.baseline || stats ? undefined : () => lintFiles(positionals, options);
    let results: LintResult[];
    let ignoredNamed: LintResult[] = [];
    let tally: Tally;
    if (stream) {
      const { createProgress, progressEnabled } = await import('./progress.js');
      const progress = createProgress({ write: io.stderr, enabled: progressEnabled(Boolean(io.stderrIsTTY), io.env), delay: io.progressDelay });
      const report = stream(context);
      const hold = report.head !== undefined;
      const output = values['output-file']
        ? // Never through a link the tree planted, never half written (src/shared/write-file.ts).
          fileOutput(path.resolve(io.cwd, values['output-file']), { what: 'the report', base: io.cwd, shown: values['output-file'] }, { hold })
        : stdoutOutput(io.stdout, { hold, beforeWrite: () => progress.end(), ...(io.stdoutBytes ? { bytes: io.stdoutBytes } : {}) });
      tally = newTally();
      // --cache keeps the report with the results (not with --fix or a baseline: src/engine/lint.ts): a run with the
      // same inputs and report options writes it again.
      const kept: ReportCache | undefined =
        options.cache && !options.fix && !options.baseline
          ? { key: JSON.stringify([values.format, color, Boolean(values.quiet), io.cwd, root, process.env.GITHUB_WORKSPACE ?? '']) }
          : undefined;
      const recorded = kept ? recordingOutput(output) : undefined;
      try {
        await lintFilesStreamed(
          positionals,
          { ...options, onProgress: progress.update },
          (result) => {
            const shown = values.quiet ? quiet(result) : result;
            count(tally, shown, true);
            (recorded ?? output).write(report.result(shown));
          },
          kept,
        );
        progress.end();
        if (kept?.served) {
          output.replay(kept.served.source);
          tally = kept.served.counts as Tally;
        } else {
          (recorded ?? output).finish(report.end(), report.head?.());
          if (recorded) kept?.keep?.({ text: recorded.text(), counts: tally });
        }
      } catch (error) {
        progress.end();
        output.abort();
        throw error;
      }
      results = [];
    } else {
      if (stdinCount) {
        const text = await io.stdin();
        results = await lintText(text, { ...options, filePath: values['stdin-filename'] ?? '<stdin>' });
      } else {
        const { createProgress, progressEnabled } = await import('./progress.js');
        const progress = createProgress({ write: io.stderr, enabled: progressEnabled(Boolean(io.stderrIsTTY), io.env), delay: io.progressDelay });
        try {
          results = await lintFiles(positionals, { ...options, onProgress: progress.update });
        } finally {
          progress.end();
        }
      }
      // A file that cannot be fixed (read-only, changed during the run) gets an error of its own; the others are written.
      if (values.fix) writeFixes(results, io.cwd);
      ignoredNamed = warnIgnored ? ignoredResults(namedFiles, results, io.cwd) : [];
      if (values.quiet) results = results.map(quiet);
      const reported = ignoredNamed.length
        ? [...results, ...ignoredNamed].sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0))
        : results;
      const report = await formatter(reported, context);
      if (values['output-file']) {
        const out = path.resolve(io.cwd, values['output-file']);
        // Never through a link the tree planted, never half written (src/shared/write-file.ts).
        writeFileSafely(out, report, { what: 'the report', base: io.cwd, shown: values['output-file'] });
      } else if (report) {
        io.stdout(report.endsWith('\n') ? report : `${report}\n`);
      }
      tally = newTally();
      for (const result of results) count(tally, result, true);
      for (const result of ignoredNamed) count(tally, result, false);
    }
    if (stats) io.stderr(stats.table(results));
    if (!baselineExisted) {
      const recorded = tally.recorded;
      io.stderr(
        `kubeward: recorded ${recorded} finding${recorded === 1 ? '' : 's'} in the baseline ${values.baseline}; later runs with --baseline report only new findings\n`,
      );
    }
    if (tally.files === 0 && shard) {
      io.stderr(`kubeward: shard ${shard.index}/${shard.count} has no files (there are fewer files than shards)\n`);
    } else if (tally.files === 0 && ignoredNamed.length === 0) {
      io.stderr(`kubeward: no YAML or JSON files found in ${positionals.length ? positionals.map((p) => `"${p}"`).join(', ') : 'the current folder'}\n`);
    }
    // Policy the linted tree's config files change is said out loud (src/config/visibility.ts).
    if (!stdinCount) {
      const ignorePatterns = configFile.config.ignorePatterns ?? [];
      const allIgnored = tally.files === 0 && ignorePatterns.length ? (await walk(positionals, { cwd: io.cwd })).files.length : 0;
      const resolvedForRun: ResolvedConfig = { config: configFile.config, baseDir: options.configBaseDir!, checks: catalogue, cliRules: rules };
      const linted = tally.linted;
      for (const warning of policyWarnings({
        resolved: resolvedForRun,
        configFile: configFile.filePath,
        linted,
        allIgnoredByPatterns: allIgnored,
        root,
        cwd: io.cwd,
      })) {
        io.stderr(`kubeward: warning: ${warning}\n`);
      }
    }
    if (tally.errors > 0) return 1;
    if (maxWarnings >= 0 && tally.warnings > maxWarnings) {
      io.stderr(`kubeward found too many warnings (maximum: ${maxWarnings}).\n`);
      return 1;
    }
    return 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      io.stderr(`kubeward: ${error.message}\n`);
      return 2;
    }
    io.stderr(`kubeward: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
    return 2;
  }
}

/**
 * A writer to standard output or error that outlives its reader. When the reader goes away (`kubeward | head` closes
 * the pipe after ten lines), writing fails with EPIPE: kubeward then stops writing to that stream, quietly, as Unix
 * tools do when SIGPIPE ends them, and the run finishes with its own exit code. Any other failure (`kubeward >
 * /dev/full`: ENOSPC) is passed to `onFailure` once, as one line; later writes are dropped.
 */
export function streamWriter(
  stream: NodeJS.WritableStream | StandardStream,
  name: string,
  onFailure: (message: string) => void,
): (s: string | Uint8Array) => void {
  let closed = false;
  const fail = (error: unknown) => {
    if (closed) return;
    closed = true;
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (code === 'EPIPE') return;
    // "ENOSPC: no space left on device, write" → "no space left on device"
    const reason = String((error as Error)?.message ?? error)
      .replace(/^[A-Z]+: /, '')
      .replace(/, write$/, '');
    onFailure(`kubeward: cannot write to standard ${name}: ${reason}\n`);
  };
  let write: (s: string | Uint8Array) => void;
  if ('make' in stream) write = descriptorWriter(stream.fd, stream.make, fail);
  else {
    // Asynchronous failures (a pipe) arrive as 'error' events; without a listener Node.js prints a stack trace.
    stream.on('error', fail);
    write = (s) => stream.write(s);
  }
  return (s) => {
    if (closed) return;
    try {
      write(s);
    } catch (error) {
      fail(error);
    }
  };
}

/** This process's standard output or error by its descriptor, the stream made on first need (src/cli/stdio.ts). */
interface StandardStream {
  fd: 1 | 2;
  make: () => NodeJS.WritableStream;
}

/** Run the command with this process's arguments, streams and environment; its exit code becomes the process's. */
export function runFromProcess(): Promise<void> {
  let outputFailed = false;
  // Standard error that cannot be written has no one to tell: its lines are dropped, the exit code stays.
  const stderr = streamWriter({ fd: 2, make: () => process.stderr }, 'error', () => {});
  const stdout = streamWriter({ fd: 1, make: () => process.stdout }, 'output', (message) => {
    outputFailed = true;
    process.exitCode = 2;
    stderr(message);
  });
  return run(process.argv.slice(2), {
    stdout,
    stdoutBytes: stdout,
    stderr,
    stdin: readStdin,
    isTTY: isTerminal(1, () => Boolean(process.stdout.isTTY)),
    stderrIsTTY: isTerminal(2, () => Boolean(process.stderr.isTTY)),
    // Read only by --init: making process.stdin opens it as a stream (Node's fs/promises and readline modules).
    get stdinIsTTY() {
      return Boolean(process.stdin.isTTY);
    },
    ask: terminalAsk(),
    env: process.env,
    cwd: process.cwd(),
  }).then(
    (code) => {
      // A report that could not be written whole is a failed run; a reader that left early (EPIPE) is not.
      process.exitCode = outputFailed ? 2 : code;
    },
    (error) => {
      stderr(`kubeward: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
      process.exitCode = 2;
    },
  );
}

/** True in the bundles' command script (scripts/bundle-action.mjs, buildCommandScript); undefined in tsc's output. */
declare const KUBEWARD_COMMAND_SCRIPT: boolean | undefined;
// Run as node's script (tsc's output, dist/src/cli/cli.js). The bundled command is run by the bin's entry, never by
// node itself, so it skips the check: two realpaths, a stat of every folder above the bin and the script.
if (typeof KUBEWARD_COMMAND_SCRIPT === 'undefined' && isEntryModule(import.meta.url)) void runFromProcess();

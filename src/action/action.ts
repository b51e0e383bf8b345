/**
 * The GitHub Action (action.yml runs the bundle of main.ts, action-dist/index.js, on `node24`).
 *
 * Reads its inputs through the runner (runner.ts), lints through the programmatic API, then:
 * - annotates findings (`format: github`) within GitHub's limits, ranked: lines the pull request changed first, then
 *   errors, then by check; or prints another built-in format;
 * - appends every finding to the job summary as a Markdown table, cut to stay under GitHub's 1 MiB limit, with the
 *   policy section on a pull request (policy.ts) and suggested fixes;
 * - writes the SARIF file when `sarif-file` is set, never through a link;
 * - sets the outputs `error-count`, `warning-count`, `sarif-file`;
 * - exits 1 when the `fail-level` (or `--max-warnings` in `args`) is reached, 2 on a usage or config error.
 *
 * On a pull request the config, the baseline and the ignore files (`.gitignore`, `.kubewardignore`) come from the
 * base commit (`config-from: base`, base.ts): the tree is the pull request's, and so is any config in it. Configs are YAML and JSON, never code; plugins are refused on
 * pull_request_target and on forks; a format that is not built in is loaded only when the workflow allows it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, levelToSeverity, loadConfig, loadPlugins, type KubewardConfig, type ResolvedConfigFile, type RuleSetting } from '../config/index.js';
import { checkCatalogue, countResult, lintFiles, type LintOptions } from '../engine/index.js';
import type { IgnoreFileSet } from '../read/index.js';
import { builtinFormatters, loadFormatter, relativeToRoot, rulesMeta } from '../report/index.js';
import type { FormatterContext } from '../report/index.js';
import { readBaseline } from '../suppress/index.js';
import type { LintMessage, LintResult } from '../shared/types.js';
import { UsageError } from '../shared/errors.js';
import { writeFileSafely } from '../shared/write-file.js';
import { parseActionArgs, type ArgsValues } from './args.js';
import { baseBaseline, baseConfig } from './base.js';
import { hasCommit, ignoreFilesAt, pullRequestDiff, pullRequestOf, relativeToTop, topLevel, type Diff, type PullRequest } from './git.js';
import { markdownCell, plural } from './markdown.js';
import { compareRuns, DIRECTIVE, IGNORE_FILE, levels, loweredChecks, policySummary, type PolicyChange } from './policy.js';
import type { AnnotationLevel, Runner } from './runner.js';

export { markdownCell } from './markdown.js';
export type { Runner } from './runner.js';

export interface ActionIo {
  env: NodeJS.ProcessEnv;
  cwd: string;
  runner: Runner;
}

export type FailLevel = 'error' | 'warning' | 'none';

/** GitHub refuses a step summary larger than 1 MiB. */
export const SUMMARY_LIMIT = 1024 * 1024;

/** Annotations GitHub shows per step and type; more are dropped silently (and a job shows at most 50). */
export const ANNOTATION_LIMITS: Record<AnnotationLevel, number> = { error: 10, warning: 10, notice: 10 };

interface Row {
  changed: boolean;
  rank: number;
  order: number;
  text: string;
}

const levelOf = (m: LintMessage): AnnotationLevel => (m.fatal || m.severity === 2 ? 'error' : m.severity === 1 ? 'warning' : 'notice');
const RANK: Record<AnnotationLevel, number> = { error: 0, warning: 1, notice: 2 };

/** Whether a finding lies on a line the pull request changed (any line of its range). */
export type ChangedTest = (filePath: string, message: LintMessage) => boolean;

/** The job summary: a heading, the totals, and one table row per finding (changed lines first, then most severe), under `limit` bytes. */
export function jobSummary(
  results: LintResult[],
  options: { workspace: string; rulesMeta: FormatterContext['rulesMeta']; limit?: number; sarifFile?: string; changed?: ChangedTest },
): string {
  const limit = options.limit ?? SUMMARY_LIMIT;
  const errors = results.reduce((n, r) => n + r.errorCount, 0);
  const warnings = results.reduce((n, r) => n + r.warningCount, 0);
  const suppressed = results.reduce((n, r) => n + r.suppressedMessages.length, 0);
  const withFindings = results.filter((r) => r.messages.length > 0).length;
  let head = '## kubeward\n\n';
  if (errors + warnings === 0) {
    head += `No problems found in ${plural(results.length, 'file')}.`;
  } else {
    head += `**${plural(errors, 'error')}, ${plural(warnings, 'warning')}** in ${withFindings} of ${plural(results.length, 'file')}.`;
  }
  if (suppressed > 0) head += ` ${plural(suppressed, 'finding')} suppressed (see the SARIF file or \`--format json\`).`;

  const rows: Row[] = [];
  for (const result of results) {
    const file = relativeToRoot(result.filePath, options.workspace) ?? result.filePath;
    for (const m of [...result.messages, ...(result.notices ?? [])] as LintMessage[]) {
      const level = levelOf(m);
      const severity = level === 'notice' ? 'info' : level;
      const changed = options.changed?.(result.filePath, m) ?? false;
      const url = m.ruleId ? options.rulesMeta[m.ruleId]?.docs?.url : undefined;
      const check = m.ruleId ? (url ? `[${markdownCell(m.ruleId)}](${url})` : markdownCell(m.ruleId)) : m.fatal ? 'parse error' : 'notice';
      const message = m.remediation ? `${markdownCell(m.message)}<br>*How to fix:* ${markdownCell(m.remediation)}` : markdownCell(m.message);
      const location = `${markdownCell(`${file}:${m.line}:${m.column}`)}${changed ? ' (changed)' : ''}`;
      rows.push({ changed, rank: RANK[level], order: rows.length, text: `| ${severity} | ${location} | ${check} | ${message} |\n` });
    }
  }
  const changedCount = rows.filter((r) => r.changed && r.rank < 2).length;
  if (options.changed && errors + warnings > 0) head += ` ${changedCount} of them ${changedCount === 1 ? 'is' : 'are'} on lines this pull request changed.`;
  head += '\n';
  if (rows.length === 0) return head;
  rows.sort((a, b) => Number(b.changed) - Number(a.changed) || a.rank - b.rank || a.order - b.order);

  let out = `${head}\n| Severity | Location | Check | Message |\n| --- | --- | --- | --- |\n`;
  // Room for the closing note, whatever its numbers.
  const budget = limit - 512;
  let size = Buffer.byteLength(out);
  let shown = 0;
  for (const row of rows) {
    const bytes = Buffer.byteLength(row.text);
    if (size + bytes > budget) break;
    out += row.text;
    size += bytes;
    shown++;
  }
  if (shown < rows.length) {
    const where = options.sarifFile ? `the SARIF file ${markdownCell(options.sarifFile)}` : 'the SARIF file (the `sarif-file` input)';
    out += `\n${rows.length - shown} more ${rows.length - shown === 1 ? 'finding is' : 'findings are'} not shown: GitHub limits the job summary to 1 MiB. Every finding is in ${where}, or run kubeward locally.\n`;
  }
  return out;
}

/**
 * Suggested fixes for the job summary: for each finding kubeward can fix (`fix: { range, text }`), the lines it changes
 * as a diff, so a reviewer can apply them by hand or run `kubeward --fix`. At most `max` suggestions, under `limit`
 * bytes. `read` returns a file's text (ranges count from after a byte order mark, as ESLint's do).
 */
export function fixSuggestions(results: LintResult[], options: { workspace: string; limit: number; max?: number; read?: (file: string) => string }): string {
  const read = options.read ?? ((file: string) => fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  const max = options.max ?? 50;
  const fixes = results.flatMap((r) => r.messages.filter((m) => m.fix).map((m) => ({ result: r, message: m })));
  if (fixes.length === 0) return '';
  let out = `\n### Suggested fixes\n\n\`kubeward --fix\` applies ${fixes.length === 1 ? '1 fix' : `${fixes.length} fixes`}; each changes only the lines shown.\n`;
  let shown = 0;
  for (const { result, message } of fixes) {
    if (shown >= max) break;
    let text: string;
    try {
      text = read(result.filePath);
    } catch {
      continue;
    }
    const [start, end] = message.fix!.range;
    if (start < 0 || end > text.length || start > end) continue;
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    const next = text.indexOf('\n', end);
    const lineEnd = next === -1 ? text.length : next;
    const before = text.slice(lineStart, lineEnd).replace(/\r/g, '');
    const after = (text.slice(lineStart, start) + message.fix!.text + text.slice(end, lineEnd)).replace(/\r/g, '');
    const diff = lineDiff(before.split('\n'), after.split('\n'));
    const file = relativeToRoot(result.filePath, options.workspace) ?? result.filePath;
    const block = `\n**${markdownCell(`${file}:${message.line}:${message.column}`)}** ${markdownCell(message.ruleId ?? '')}\n\n\`\`\`\`diff\n${diff}\n\`\`\`\`\n`;
    if (Buffer.byteLength(out + block) > options.limit) break;
    out += block;
    shown++;
  }
  if (shown < fixes.length) out += `\n${fixes.length - shown} more not shown: run \`kubeward --fix-dry-run --format json\` to see them all.\n`;
  return out;
}

/** A diff of two runs of lines: unchanged lines at either end as context, the rest as removed and added. */
function lineDiff(before: string[], after: string[]): string {
  let head = 0;
  while (head < before.length && head < after.length && before[head] === after[head]) head++;
  let tail = 0;
  while (tail < before.length - head && tail < after.length - head && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
  return [
    ...before.slice(0, head).map((l) => ` ${l}`),
    ...before.slice(head, before.length - tail).map((l) => `-${l}`),
    ...after.slice(head, after.length - tail).map((l) => `+${l}`),
    ...before.slice(before.length - tail).map((l) => ` ${l}`),
  ].join('\n');
}

export interface Annotation {
  level: AnnotationLevel;
  message: string;
  properties: { title: string; file?: string; startLine?: number; endLine?: number; startColumn?: number; endColumn?: number };
}

/**
 * The annotations to make: ranked (changed lines first, then errors before warnings before notices, then by check id,
 * then in report order), at most ANNOTATION_LIMITS of each type, and one last notice counting what was left out.
 * With `onlyChanged`, findings off the changed lines are left out (the summary still lists them).
 */
export function annotations(
  results: readonly LintResult[],
  options: { root: string; changed?: ChangedTest; onlyChanged?: boolean; moreHint?: string },
): Annotation[] {
  const items = results.flatMap((result) =>
    [...result.messages, ...(result.notices ?? [])].map((message) => ({
      result,
      message,
      level: levelOf(message),
      changed: options.changed?.(result.filePath, message) ?? false,
    })),
  );
  const order = new Map(items.map((item, i) => [item, i]));
  const check = (m: LintMessage) => m.ruleId ?? '';
  items.sort(
    (a, b) =>
      Number(b.changed) - Number(a.changed) ||
      RANK[a.level] - RANK[b.level] ||
      (check(a.message) < check(b.message) ? -1 : check(a.message) > check(b.message) ? 1 : 0) ||
      order.get(a)! - order.get(b)!,
  );
  const eligible = options.onlyChanged && options.changed ? items.filter((i) => i.changed) : items;
  const offDiff = items.length - eligible.length;
  const counts = { error: 0, warning: 0, notice: 0 };
  for (const item of eligible) counts[item.level]++;
  const overflow =
    counts.error > ANNOTATION_LIMITS.error || counts.warning > ANNOTATION_LIMITS.warning || counts.notice > ANNOTATION_LIMITS.notice - (offDiff ? 1 : 0);
  const needsNote = overflow || offDiff > 0;
  const shown = { error: 0, warning: 0, notice: 0 };
  const left = { error: 0, warning: 0, notice: 0 };
  const out: Annotation[] = [];
  for (const item of eligible) {
    const limit = ANNOTATION_LIMITS[item.level] - (item.level === 'notice' && needsNote ? 1 : 0);
    if (shown[item.level] >= limit) {
      left[item.level]++;
      continue;
    }
    shown[item.level]++;
    const { message: m, result } = item;
    const title = m.ruleId ? `kubeward ${m.ruleId}` : m.fatal ? 'kubeward parse error' : 'kubeward';
    let text = m.message;
    if (m.remediation) text += `\nHow to fix: ${m.remediation}`;
    const file = relativeToRoot(result.filePath, options.root);
    if (file === undefined) {
      out.push({ level: item.level, message: `${result.filePath}:${m.line}:${m.column}: ${text}`, properties: { title } });
      continue;
    }
    out.push({
      level: item.level,
      message: text,
      properties: {
        title,
        file,
        startLine: m.line || 1,
        ...(m.endLine !== undefined ? { endLine: m.endLine } : {}),
        startColumn: m.column || 1,
        ...(m.endColumn !== undefined ? { endColumn: m.endColumn } : {}),
      },
    });
  }
  if (needsNote) {
    const leftTotal = left.error + left.warning + left.notice;
    const parts = (['error', 'warning', 'notice'] as const).filter((c) => left[c] > 0).map((c) => plural(left[c], c));
    const sentences: string[] = [];
    if (leftTotal > 0) {
      sentences.push(
        `${leftTotal} of ${plural(eligible.length, 'finding')}${options.onlyChanged ? ' on changed lines' : ''} not annotated (${parts.join(', ')}): GitHub shows at most ${ANNOTATION_LIMITS.error} errors, ${ANNOTATION_LIMITS.warning} warnings and ${ANNOTATION_LIMITS.notice} notices per step.`,
      );
    }
    if (offDiff > 0)
      sentences.push(`${plural(offDiff, 'finding')} on lines the pull request did not change ${offDiff === 1 ? 'is' : 'are'} not annotated (only-changed).`);
    sentences.push(options.moreHint ?? 'Every finding is in the job summary.');
    out.push({ level: 'notice', message: sentences.join(' '), properties: { title: 'kubeward: more findings' } });
  }
  return out;
}

/** A boolean input: true or false (any case), else the default when empty. */
function booleanInput(runner: Runner, name: string, fallback: boolean): boolean {
  const value = runner.getInput(name).toLowerCase();
  if (value === '') return fallback;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new UsageError(`the ${name} input must be true or false, got "${runner.getInput(name)}"`);
}

/**
 * Whether the run may load the config's plugins (JavaScript): the `plugins` input, `auto` by default, which refuses
 * them on `pull_request_target` and on pull requests from forks, where the tree is someone else's and the job holds
 * the base repository's token.
 */
export function pluginsAllowed(input: string, env: NodeJS.ProcessEnv, pr = pullRequestOf(env)): boolean {
  const value = (input || 'auto').toLowerCase();
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (value !== 'auto') throw new UsageError(`the plugins input must be auto, true or false, got "${input}"`);
  if (env.GITHUB_EVENT_NAME === 'pull_request_target') return false;
  if (env.GITHUB_EVENT_NAME !== 'pull_request') return true;
  return pr !== undefined && !pr.fromFork;
}

/** `--rule ID:LEVEL` as the command line reads it. */
function parseRule(value: string): [string, RuleSetting] {
  const at = value.lastIndexOf(':');
  if (at <= 0) throw new UsageError(`the args input: --rule expects ID:LEVEL (e.g. --rule image-tag:off), got "${value}"`);
  const id = value.slice(0, at).trim();
  const level = value.slice(at + 1).trim();
  levelToSeverity(level, `--rule ${id}`);
  return [id, level as RuleSetting];
}

/** A program named in `args`: a bare name on PATH, or a path outside the checkout (the pull request can change what is inside). */
function programPath(value: string, workspace: string, option: string): string {
  if (!value.includes('/')) return value;
  const file = path.resolve(workspace, value);
  if (relativeToRoot(file, workspace) !== undefined) {
    throw new UsageError(`the args input: ${option} ${value} is inside the checkout, which a pull request can change; name a program on PATH or outside it`);
  }
  return file;
}

/** The lint options `args` sets (the command line's meanings). */
function lintOptionsOf(values: ArgsValues, workspace: string): { options: Partial<LintOptions>; maxWarnings: number; quiet: boolean } {
  let maxWarnings = -1;
  if (values['max-warnings'] !== undefined) {
    maxWarnings = Number(values['max-warnings']);
    if (!Number.isInteger(maxWarnings) || maxWarnings < 0)
      throw new UsageError(`the args input: --max-warnings expects a whole number, got "${values['max-warnings']}"`);
  }
  const maxFileSize = values['max-file-size'] === undefined ? undefined : Number(values['max-file-size']);
  if (maxFileSize !== undefined && !(maxFileSize > 0))
    throw new UsageError(`the args input: --max-file-size expects a size in MiB above 0, got "${values['max-file-size']}"`);
  const unused = values['report-unused-disable-directives-severity'];
  if (unused !== undefined && !['off', 'warn', 'error'].includes(unused)) {
    throw new UsageError(`the args input: --report-unused-disable-directives-severity expects off, warn or error, got "${unused}"`);
  }
  let shard: { index: number; count: number } | undefined;
  if (values.shard !== undefined) {
    const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(values.shard);
    const index = Number(m?.[1]);
    const count = Number(m?.[2]);
    if (!m || !(index >= 1) || !(index <= count)) throw new UsageError(`the args input: --shard expects I/N with 1 <= I <= N, got "${values.shard}"`);
    shard = { index, count };
  }
  let concurrency: number | 'auto' | 'off' | undefined;
  if (values.concurrency !== undefined) {
    const v = values.concurrency.trim().toLowerCase();
    if (v === 'auto' || v === 'off') concurrency = v;
    else if (/^\d+$/.test(v) && Number(v) >= 1) concurrency = Number(v);
    else throw new UsageError(`the args input: --concurrency expects a number of threads (1 or more), auto or off, got "${values.concurrency}"`);
  }
  const options: Partial<LintOptions> = {
    ...(values.rule ? { rules: Object.fromEntries(values.rule.map(parseRule)) } : {}),
    ...(unused !== undefined
      ? { reportUnusedDisableDirectives: unused as 'off' | 'warn' | 'error' }
      : values['report-unused-disable-directives']
        ? { reportUnusedDisableDirectives: true }
        : {}),
    ...(values['schema-dir'] ? { schemaDirs: values['schema-dir'] } : {}),
    ...(values['strict-crds'] ? { strictCrds: true } : {}),
    ...(values.root ? { root: values.root } : {}),
    ...(values['no-render'] ? { render: false } : {}),
    ...(values.kustomize ? { kustomize: programPath(values.kustomize, workspace, '--kustomize') } : {}),
    ...(values.helm ? { helm: programPath(values.helm, workspace, '--helm') } : {}),
    ...(values['kustomize-enable-helm'] ? { kustomizeEnableHelm: true } : {}),
    ...(maxFileSize !== undefined ? { maxFileSize: Math.round(maxFileSize * 1024 * 1024) } : {}),
    ...(values.cache ? { cache: true, ...(values['cache-location'] !== undefined ? { cacheLocation: values['cache-location'] } : {}) } : {}),
    ...(shard ? { shard } : {}),
    ...(concurrency !== undefined ? { concurrency } : {}),
    ...(values['no-ignore'] ? { ignore: false } : {}),
    ...(values['ignore-pattern'] ? { ignorePatterns: values['ignore-pattern'] } : {}),
    ...(values['no-inline-config'] ? { allowInlineConfig: false } : {}),
    ...(values['require-reason'] ? { requireReason: true } : {}),
  };
  return { options, maxWarnings, quiet: Boolean(values.quiet) };
}

/** Sum of a baseline file's entry counts, 0 when it is missing or unreadable. */
function baselineSize(file: string | undefined): number {
  if (!file) return 0;
  try {
    return [...(readBaseline(file) ?? new Map<string, number>()).values()].reduce((n, c) => n + c, 0);
  } catch {
    return 0;
  }
}

const sameConfig = (a: KubewardConfig, b: KubewardConfig) => JSON.stringify(a) === JSON.stringify(b);

const sameIgnoreFiles = (a: IgnoreFileSet, b: IgnoreFileSet) =>
  a.files.size === b.files.size && [...a.files].every(([rel, text]) => b.files.get(rel) === text);

/**
 * The ignore files of `commit` for the walk of a run in `workspace`: rooted at the top folder as the workspace's path
 * names it (the walk compares paths as named, and the top folder is a real path).
 */
function ignoreFileSet(workspace: string, top: string, commit: string, which: string): IgnoreFileSet {
  const files = ignoreFilesAt(top, commit);
  if (!files) throw new UsageError(`git could not list the ignore files (.gitignore, .kubewardignore) of ${which}`);
  return { root: path.resolve(workspace, path.relative(fs.realpathSync(workspace), top)), files };
}

/** Run the Action; resolves to the process exit code. */
export async function runAction(io: ActionIo): Promise<number> {
  const { env, runner } = io;
  const workspace = path.resolve(io.cwd, env.GITHUB_WORKSPACE || '.');
  const cleanups: Array<() => void> = [];
  try {
    const { values: args, positionals } = parseActionArgs(runner.getInput('args'));
    const paths = [
      ...runner
        .getInput('paths')
        .split(/\r?\n/)
        .map((p) => p.trim())
        .filter(Boolean),
      ...positionals,
    ];
    const configInput = runner.getInput('config');
    const format = runner.getInput('format') || 'github';
    const kubernetesVersion = runner.getInput('kubernetes-version') || undefined;
    const failLevel = (runner.getInput('fail-level') || 'error') as FailLevel;
    if (!['error', 'warning', 'none'].includes(failLevel)) throw new UsageError(`the fail-level input must be error, warning or none, got "${failLevel}"`);
    const sarifInput = runner.getInput('sarif-file');
    const baselineInput = runner.getInput('baseline');
    const onlyChanged = booleanInput(runner, 'only-changed', false);
    const externalFormatters = booleanInput(runner, 'external-formatters', false);
    const configFrom = (runner.getInput('config-from') || 'base').toLowerCase();
    if (configFrom !== 'base' && configFrom !== 'head')
      throw new UsageError(`the config-from input must be base or head, got "${runner.getInput('config-from')}"`);
    if (configInput && /\.[cm]?[jt]sx?$/i.test(configInput)) {
      throw new UsageError(
        `the config input names "${configInput}": the Action reads YAML and JSON configs only and never runs code from the repository (pull requests can change it)`,
      );
    }
    if (configInput && args['no-config']) throw new UsageError('the config input and --no-config in the args input cannot be used together');
    if (format !== 'github' && !Object.hasOwn(builtinFormatters, format) && !externalFormatters) {
      throw new UsageError(
        `the format input names "${format}", which is not a built-in format (${Object.keys(builtinFormatters).join(', ')}): loading it would run JavaScript from the checkout (an eslint-formatter-* package of its node_modules, or a file), which a pull request can change. Set external-formatters: true in the workflow to allow it where the checkout is trusted`,
      );
    }
    const lint = lintOptionsOf(args, workspace);

    // The pull request, its base commit and what it changed.
    const pr: PullRequest | undefined = pullRequestOf(env);
    const top = topLevel(workspace);
    const root = top ?? workspace;
    let diff: Diff | undefined;
    const fromBase = pr !== undefined && configFrom === 'base' && !args['no-config'];
    if (pr) {
      const short = pr.baseSha.slice(0, 7);
      if (!top || !hasCommit(top, pr.baseSha)) {
        const why = top
          ? `the pull request's base commit ${short} is not in the checkout: set fetch-depth: 0 on actions/checkout`
          : `the workspace ${workspace} is not a git checkout: run actions/checkout first`;
        if (fromBase)
          throw new UsageError(
            `${why}. kubeward reads the config and the baseline from the base commit on a pull request (or set config-from: head to use the pull request's own)`,
          );
        runner.annotate('warning', `${why} to rank annotations by the lines the pull request changed`, { title: 'kubeward' });
      } else {
        diff = pullRequestDiff(top, pr.baseSha);
      }
    }
    const changed: ChangedTest | undefined = diff
      ? (filePath, m) => {
          const rel = relativeToTop(root, filePath);
          const lines = rel === undefined ? undefined : diff.changed.get(rel);
          if (!lines) return false;
          for (let line = m.line; line <= (m.endLine ?? m.line); line++) if (lines.has(line)) return true;
          return false;
        }
      : undefined;

    // The config: the base commit's on a pull request, else the checkout's.
    const loadHead = (): ResolvedConfigFile =>
      args['no-config'] ? { config: {}, baseDir: workspace } : loadConfig({ searchFrom: workspace, cwd: workspace, configFile: configInput || undefined });
    let active: ResolvedConfigFile;
    let head: ResolvedConfigFile | undefined;
    let headError: string | undefined;
    if (fromBase) {
      active = baseConfig({ env, workspace, top: top!, commit: pr.baseSha, configFile: configInput || undefined });
      try {
        head = loadHead();
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        headError = `the pull request's config is invalid: ${error.message}`;
      }
    } else {
      active = loadHead();
    }
    // The ignore files: the base commit's on a pull request, as the config (a pull request that adds a manifest to
    // .kubewardignore must not hide it); the head's are compared with them for the summary.
    const withIgnores = fromBase && lint.options.ignore !== false;
    const baseIgnores = withIgnores ? ignoreFileSet(workspace, top!, pr.baseSha, `the base commit ${pr.baseSha.slice(0, 7)}`) : undefined;
    const headIgnores = withIgnores ? ignoreFileSet(workspace, top!, 'HEAD', 'the checkout (HEAD)') : undefined;
    const ignoresChanged = baseIgnores !== undefined && headIgnores !== undefined && !sameIgnoreFiles(baseIgnores, headIgnores);
    const allowPlugins = pluginsAllowed(runner.getInput('plugins'), env, pr) && !args['no-plugins'];
    const pluginChecks = await loadPlugins(active.config, active.baseDir, {
      allow: allowPlugins,
      takenIds: new Set(checkCatalogue({ config: active.config }).map((c) => c.meta.id)),
    });

    // The baseline: the base commit's on a pull request, else the checkout's; a missing one is an error, never a
    // silent recording of today's findings.
    let baselineFile: string | undefined;
    let baselineMissingAtBase = false;
    const baselineAbs = baselineInput ? path.resolve(workspace, baselineInput) : undefined;
    const baselineShown = baselineAbs ? (relativeToTop(root, baselineAbs) ?? baselineAbs) : undefined;
    if (baselineAbs && fromBase) {
      const copy = baseBaseline({ env, top: top!, commit: pr.baseSha, file: baselineAbs });
      if (copy) {
        cleanups.push(copy.dispose);
        baselineFile = copy.path;
      } else {
        baselineMissingAtBase = true;
      }
    } else if (baselineAbs) {
      if (!fs.statSync(baselineAbs, { throwIfNoEntry: false })?.isFile()) {
        throw new ConfigError(
          `the baseline ${baselineInput} does not exist: record it with kubeward --baseline ${baselineInput} --update-baseline and commit it, or remove the baseline input`,
          'baseline',
        );
      }
      baselineFile = baselineAbs;
    }

    const optionsFor = (
      config: ResolvedConfigFile,
      baseline: string | undefined,
      plugins: typeof pluginChecks,
      ignoreFiles?: IgnoreFileSet,
    ): LintOptions => ({
      cwd: workspace,
      config: config.config,
      configBaseDir: config.baseDir,
      kubernetesVersion,
      ...lint.options,
      ...(plugins.length ? { pluginChecks: plugins } : {}),
      ...(baseline ? { baseline, updateBaseline: false } : {}),
      ...(ignoreFiles ? { ignoreFiles } : {}),
      // The Action warns about paths with no manifest itself (a workflow annotation) rather than failing.
      errorOnUnmatchedPattern: false,
    });
    const quiet = (results: LintResult[]) =>
      lint.quiet ? results.map((r) => countResult({ ...r, messages: r.messages.filter((m) => m.severity === 2), notices: undefined })) : results;
    const targets = paths.length ? paths : ['.'];
    const results = quiet(await lintFiles(targets, optionsFor(active, baselineFile, pluginChecks, baseIgnores)));

    // What the pull request's own config and baseline would change.
    let change: PolicyChange | undefined;
    if (fromBase) {
      const directives = (diff?.added ?? []).filter((l) => DIRECTIVE.test(l.text)).map((l) => ({ file: l.file, line: l.line }));
      const ignoreLines = (diff?.added ?? [])
        .filter((l) => IGNORE_FILE.test(l.file) && l.text.trim() !== '' && !l.text.trimStart().startsWith('#'))
        .map((l) => ({ file: l.file, line: l.line }));
      const headBaselineExists = baselineAbs !== undefined && fs.statSync(baselineAbs, { throwIfNoEntry: false })?.isFile() === true;
      const baselineChanged = baselineAbs !== undefined && (!diff || diff.changed.has(baselineShown!));
      const configChanged = head !== undefined && !sameConfig(head.config, active.config);
      change = {
        configFile: head?.filePath ? (relativeToTop(root, head.filePath) ?? head.filePath) : undefined,
        baselineFile: baselineShown,
        lowered: [],
        newlyIgnored: [],
        hidden: new Map(),
        added: 0,
        directives,
        ignoreLines,
        baselineAdded: Math.max(0, (headBaselineExists ? baselineSize(baselineAbs) : 0) - baselineSize(baselineFile)),
        ...(headError ? { unavailable: headError } : diff ? {} : { unavailable: 'git diff of the pull request failed: its suppressions are not counted' }),
      };
      // The run the pull request's own policy would make: its config (the base commit's when its own is invalid, so
      // that what its ignore files hide is still counted), baseline and ignore files.
      const other = head ?? (ignoresChanged ? active : undefined);
      if (other && ((head && (configChanged || baselineChanged)) || ignoresChanged)) {
        const catalogue = checkCatalogue({ config: active.config, pluginChecks });
        try {
          const headPlugins = other === active ? pluginChecks : await loadPlugins(other.config, other.baseDir, { allow: false, takenIds: new Set() });
          const headCatalogue = checkCatalogue({ config: other.config, pluginChecks: headPlugins });
          change.lowered = loweredChecks(levels(active.config, active.baseDir, catalogue), levels(other.config, other.baseDir, headCatalogue));
          const headBaseline = head ? (headBaselineExists ? baselineAbs : undefined) : baselineFile;
          const headResults = quiet(await lintFiles(targets, optionsFor(other, headBaseline, headPlugins, headIgnores)));
          const compared = compareRuns(results, headResults);
          change.newlyIgnored = compared.newlyIgnored.map((f) => relativeToTop(root, f) ?? f);
          change.hidden = compared.hidden;
          change.added = compared.added;
        } catch (error) {
          if (!(error instanceof ConfigError || error instanceof UsageError)) throw error;
          change.unavailable = `the pull request's config could not be compared: ${error.message}`;
        }
      }
    }

    const checks = checkCatalogue({ config: active.config, pluginChecks });
    const meta = rulesMeta(checks);
    const context: FormatterContext = { cwd: workspace, color: false, rulesMeta: meta, root, checks };
    const sarifFile = sarifInput ? path.resolve(workspace, sarifInput) : undefined;

    if (format === 'github') {
      const hint = `Every finding is in the job summary${sarifFile ? ' and the SARIF file' : ''}.`;
      for (const a of annotations(results, { root, changed, onlyChanged, moreHint: hint })) runner.annotate(a.level, a.message, a.properties);
      if (onlyChanged && !changed) runner.log('kubeward: only-changed applies to pull requests; every finding may be annotated');
    } else {
      const formatter = await loadFormatter(format, workspace, {
        external: externalFormatters,
        refusal: 'the Action loads only built-in formats unless the workflow sets external-formatters: true',
      });
      const report = await formatter(results, context);
      if (report) runner.log(report);
    }
    if (results.length === 0) {
      runner.annotate('warning', `No YAML or JSON files found in ${paths.length ? paths.join(', ') : 'the workspace'}: check the paths input`, {
        title: 'kubeward',
      });
    }

    if (sarifFile) {
      writeFileSafely(sarifFile, await (await loadFormatter('sarif', workspace))(results, context), {
        what: 'the SARIF file',
        base: workspace,
        shown: sarifInput,
      });
    }

    const errors = results.reduce((n, r) => n + r.errorCount, 0);
    const warnings = results.reduce((n, r) => n + r.warningCount, 0);
    const existing = runner.summarySize();
    if (existing !== undefined) {
      const limit = Math.max(4096, SUMMARY_LIMIT - existing);
      let summary = jobSummary(results, { workspace: root, rulesMeta: meta, limit, sarifFile: sarifInput || undefined, changed });
      if (fromBase) {
        summary += policySummary({
          base: pr.baseSha,
          configFile: active.filePath ? (relativeToTop(root, active.filePath) ?? active.filePath) : undefined,
          baselineFile: baselineFile ? baselineShown : undefined,
          baselineMissing: baselineMissingAtBase,
          ignoreFiles: baseIgnores !== undefined,
          change,
        });
      }
      const suggestions = fixSuggestions(results, { workspace: root, limit: limit - Buffer.byteLength(summary) });
      await runner.appendSummary(summary + suggestions);
    }
    runner.setOutput('error-count', String(errors));
    runner.setOutput('warning-count', String(warnings));
    runner.setOutput('sarif-file', sarifFile ?? '');

    const failed = failLevel === 'none' ? false : failLevel === 'warning' ? errors + warnings > 0 : errors > 0;
    if (failed) {
      runner.log(`kubeward: ${plural(errors, 'error')} and ${plural(warnings, 'warning')} (fail-level: ${failLevel})`);
      return 1;
    }
    if (lint.maxWarnings >= 0 && warnings > lint.maxWarnings) {
      runner.log(`kubeward found too many warnings (maximum: ${lint.maxWarnings}).`);
      return 1;
    }
    return 0;
  } catch (error) {
    const known = error instanceof UsageError || error instanceof ConfigError;
    runner.annotate('error', known ? error.message : `internal error: ${(error as Error)?.stack ?? String(error)}`, { title: 'kubeward' });
    return 2;
  } finally {
    for (const cleanup of cleanups) cleanup();
  }
}

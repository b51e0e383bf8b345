#!/usr/bin/env node
/**
 * The GitHub Action's entry point (action.yml runs `node dist/src/action.js`).
 *
 * Reads its inputs from `INPUT_*` variables, lints through the programmatic API, then:
 * - prints annotations (`--format github`, most severe first, within GitHub's per-step limits) or another format;
 * - appends every finding to the job summary (`$GITHUB_STEP_SUMMARY`) as a Markdown table, cut to stay under GitHub's
 *   1 MiB limit with a note saying how many rows were left out;
 * - writes the SARIF file when `sarif-file` is set;
 * - sets the outputs `error-count`, `warning-count`, `sarif-file` in `$GITHUB_OUTPUT` with the `name<<DELIMITER` form;
 * - exits 1 when the `fail-level` is reached, 2 on a usage or config error.
 *
 * It reads configuration with resolveConfigFor, which parses YAML and JSON only: a pull request can change the config,
 * so nothing from the repository is ever executed; a JavaScript config named in the `config` input is refused.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, loadPlugins, resolveConfigFor } from '../config/index.js';
import { checkCatalogue, lintFiles } from '../engine/index.js';
import { githubFormatter, loadFormatter, relativeToRoot, rulesMeta } from '../report/index.js';
import type { LintMessage, LintResult } from '../shared/types.js';
import type { FormatterContext } from '../report/index.js';
import { UsageError } from '../shared/errors.js';
import { isEntryModule } from '../shared/entry.js';
import { writeFileSafely } from '../shared/write-file.js';

export interface ActionIo {
  env: NodeJS.ProcessEnv;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
}

export type FailLevel = 'error' | 'warning' | 'none';

/** GitHub refuses a step summary larger than 1 MiB. */
export const SUMMARY_LIMIT = 1024 * 1024;

/**
 * An input as the Actions runner passes it: `INPUT_` + the name upper-cased with spaces as `_` (hyphens kept, so
 * `INPUT_FAIL-LEVEL`); the `INPUT_FAIL_LEVEL` spelling, which action.yml's composite step sets, is read too.
 */
export function getInput(env: NodeJS.ProcessEnv, name: string): string {
  for (const key of [`INPUT_${name.replace(/ /g, '_').toUpperCase()}`, `INPUT_${name.replace(/[ -]/g, '_').toUpperCase()}`]) {
    const value = env[key];
    if (value !== undefined && value.trim() !== '') return value.trim();
  }
  return '';
}

/** One `name<<DELIMITER` block for `$GITHUB_OUTPUT`, with a delimiter the value cannot contain. */
export function outputBlock(name: string, value: string, delimiter = `ghadelimiter_${randomUUID()}`): string {
  if (name.includes(delimiter) || value.includes(delimiter)) throw new Error(`Unexpected input: name or value contains the delimiter ${delimiter}`);
  return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
}

/** Text for one Markdown table cell: no HTML, no table breaks, no formatting from file names or messages. */
export function markdownCell(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|~#!])/g, '\\$1')
    .replace(/\r\n|\r|\n/g, '<br>');
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

interface Row {
  rank: number;
  order: number;
  text: string;
}

/** The job summary: a heading, the totals, and one table row per finding (most severe first), under `limit` bytes. */
export function jobSummary(
  results: LintResult[],
  options: { workspace: string; rulesMeta: FormatterContext['rulesMeta']; limit?: number; sarifFile?: string },
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
  head += '\n';

  const rows: Row[] = [];
  for (const result of results) {
    const file = relativeToRoot(result.filePath, options.workspace) ?? result.filePath;
    for (const m of [...result.messages, ...(result.notices ?? [])] as LintMessage[]) {
      const rank = m.fatal || m.severity === 2 ? 0 : m.severity === 1 ? 1 : 2;
      const severity = ['error', 'warning', 'info'][rank];
      const url = m.ruleId ? options.rulesMeta[m.ruleId]?.docs?.url : undefined;
      const check = m.ruleId ? (url ? `[${markdownCell(m.ruleId)}](${url})` : markdownCell(m.ruleId)) : m.fatal ? 'parse error' : 'notice';
      const message = m.remediation ? `${markdownCell(m.message)}<br>*How to fix:* ${markdownCell(m.remediation)}` : markdownCell(m.message);
      rows.push({ rank, order: rows.length, text: `| ${severity} | ${markdownCell(`${file}:${m.line}:${m.column}`)} | ${check} | ${message} |\n` });
    }
  }
  if (rows.length === 0) return head;
  rows.sort((a, b) => a.rank - b.rank || a.order - b.order);

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

/**
 * Whether the run may load the config's plugins (JavaScript): the `plugins` input, `auto` by default, which refuses
 * them on `pull_request_target` and on pull requests from forks, where the tree is someone else's and the job holds
 * the base repository's token.
 */
export function pluginsAllowed(env: NodeJS.ProcessEnv): boolean {
  const input = (getInput(env, 'plugins') || 'auto').toLowerCase();
  if (input === 'true') return true;
  if (input === 'false') return false;
  if (input !== 'auto') throw new UsageError(`the plugins input must be auto, true or false, got "${input}"`);
  if (env.GITHUB_EVENT_NAME === 'pull_request_target') return false;
  if (env.GITHUB_EVENT_NAME !== 'pull_request' || !env.GITHUB_EVENT_PATH) return true;
  try {
    const event = JSON.parse(fs.readFileSync(env.GITHUB_EVENT_PATH, 'utf8'));
    const head = event?.pull_request?.head?.repo;
    const base = event?.pull_request?.base?.repo;
    return !(head?.fork === true || (head?.full_name && base?.full_name && head.full_name !== base.full_name));
  } catch {
    return false;
  }
}

function failed(level: FailLevel, errors: number, warnings: number): boolean {
  if (level === 'none') return false;
  return level === 'warning' ? errors + warnings > 0 : errors > 0;
}

/** Run the Action; resolves to the process exit code. */
export async function runAction(io: ActionIo): Promise<number> {
  const { env } = io;
  const workspace = path.resolve(io.cwd, env.GITHUB_WORKSPACE || '.');
  try {
    const paths = getInput(env, 'paths')
      .split(/\r?\n/)
      .map((p) => p.trim())
      .filter(Boolean);
    const configFile = getInput(env, 'config');
    const format = getInput(env, 'format') || 'github';
    const kubernetesVersion = getInput(env, 'kubernetes-version') || undefined;
    const failLevel = (getInput(env, 'fail-level') || 'error') as FailLevel;
    if (!['error', 'warning', 'none'].includes(failLevel)) {
      throw new UsageError(`the fail-level input must be error, warning or none, got "${failLevel}"`);
    }
    const sarifInput = getInput(env, 'sarif-file');
    if (configFile && /\.[cm]?[jt]sx?$/i.test(configFile)) {
      throw new UsageError(
        `the config input names "${configFile}": the Action reads YAML and JSON configs only and never runs code from the repository (pull requests can change it)`,
      );
    }

    const { config, baseDir } = await resolveConfigFor({ cwd: workspace, configFile: configFile || undefined });
    const pluginChecks = await loadPlugins(config, baseDir, {
      allow: pluginsAllowed(env),
      takenIds: new Set(checkCatalogue({ config }).map((c) => c.meta.id)),
    });
    const results = await lintFiles(paths.length ? paths : ['.'], {
      cwd: workspace,
      config,
      configBaseDir: baseDir,
      kubernetesVersion,
      ...(pluginChecks.length ? { pluginChecks } : {}),
    });
    const checks = checkCatalogue({ config, pluginChecks });
    const meta = rulesMeta(checks);
    const context: FormatterContext = { cwd: workspace, color: false, rulesMeta: meta, root: workspace, checks };
    const sarifFile = sarifInput ? path.resolve(workspace, sarifInput) : undefined;

    const formatter =
      format === 'github'
        ? await githubFormatter({
            workspace,
            moreHint: `Every finding is in the job summary${sarifFile ? ' and the SARIF file' : ''}.`,
          })
        : await loadFormatter(format, workspace);
    const report = await formatter(results, context);
    if (report) io.stdout(report.endsWith('\n') ? report : `${report}\n`);
    if (results.length === 0) {
      io.stdout(
        `::warning title=kubeward::No YAML or JSON files found in ${paths.length ? paths.join(', ').replace(/[\r\n%]/g, ' ') : 'the workspace'}: check the paths input\n`,
      );
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
    if (env.GITHUB_STEP_SUMMARY) {
      const existing = fs.statSync(env.GITHUB_STEP_SUMMARY, { throwIfNoEntry: false })?.size ?? 0;
      const limit = Math.max(4096, SUMMARY_LIMIT - existing);
      const summary = jobSummary(results, { workspace, rulesMeta: meta, limit, sarifFile: sarifInput || undefined });
      const suggestions = fixSuggestions(results, { workspace, limit: limit - Buffer.byteLength(summary) });
      fs.appendFileSync(env.GITHUB_STEP_SUMMARY, summary + suggestions);
    }
    if (env.GITHUB_OUTPUT) {
      fs.appendFileSync(
        env.GITHUB_OUTPUT,
        outputBlock('error-count', String(errors)) + outputBlock('warning-count', String(warnings)) + outputBlock('sarif-file', sarifFile ?? ''),
      );
    }
    if (failed(failLevel, errors, warnings)) {
      io.stderr(`kubeward: ${plural(errors, 'error')} and ${plural(warnings, 'warning')} (fail-level: ${failLevel})\n`);
      return 1;
    }
    return 0;
  } catch (error) {
    const known = error instanceof UsageError || error instanceof ConfigError;
    const text = known ? error.message : `internal error: ${(error as Error)?.stack ?? String(error)}`;
    io.stdout(`::error title=kubeward::${text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}\n`);
    return 2;
  }
}

if (isEntryModule(import.meta.url)) {
  runAction({ env: process.env, stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s), cwd: process.cwd() }).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`kubeward: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
      process.exitCode = 2;
    },
  );
}

/**
 * GitHub Actions workflow commands: one `::error` / `::warning` / `::notice` annotation per finding, which GitHub shows
 * on the pull request's diff.
 *
 * - Paths are relative to the workspace (`GITHUB_WORKSPACE` when the formatter is loaded inside Actions, else the
 *   context's root or cwd). A file outside it cannot be annotated on a diff: its findings are annotated without
 *   `file=`, with the path at the start of the message.
 * - Data and properties are escaped as GitHub's toolkit does (`%`, CR and LF in data; also `:` and `,` in
 *   properties), so a file name or message holding a newline or `::` cannot start a command of its own; before that,
 *   every value is made inert (control characters, ESC among them, as visible escapes), so none reaches the log.
 * - GitHub shows at most 10 errors, 10 warnings and 10 notices per step (50 per job) and drops the rest silently:
 *   the most severe findings are annotated first, and one last notice says how many were left out.
 */
import path from 'node:path';
import type { LintMessage, LintResult } from '../shared/types.js';
import type { Formatter, FormatterContext } from './types.js';
import { relativeToRoot, rootOf } from './paths.js';
import { type StreamFormatter, wholeReport } from './stream.js';
import { inert, printable } from './text.js';

/** GitHub's limits per step, by annotation type. */
export const ANNOTATION_LIMITS = { error: 10, warning: 10, notice: 10 } as const;

type Command = keyof typeof ANNOTATION_LIMITS;

/** Escape a command's message, as @actions/core's `escapeData`. */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escape a command's property value, as @actions/core's `escapeProperty`. */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** One workflow command line: `::name key=value,key=value::message`. */
export function workflowCommand(name: string, properties: Record<string, string | number | undefined>, message: string): string {
  const props = Object.entries(properties)
    .filter(([, value]) => value !== undefined && value !== '')
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
    .join(',');
  return `::${name}${props ? ` ${props}` : ''}::${escapeData(message)}`;
}

function commandOf(message: LintMessage): Command {
  if (message.fatal || message.severity === 2) return 'error';
  return message.severity === 1 ? 'warning' : 'notice';
}

function annotation(command: Command, result: LintResult, message: LintMessage, base: string): string {
  const found = relativeToRoot(result.filePath, base);
  const relative = found === undefined ? undefined : inert(found);
  const title = message.ruleId ? `kubeward ${inert(message.ruleId)}` : message.fatal ? 'kubeward parse error' : 'kubeward';
  let text = printable(message.message);
  if (message.remediation) text += `\nHow to fix: ${printable(message.remediation)}`;
  if (relative === undefined) {
    return workflowCommand(command, { title }, `${inert(result.filePath)}:${message.line}:${message.column}: ${text}`);
  }
  const properties: Record<string, string | number | undefined> = { file: relative, line: message.line || 1 };
  if (message.endLine !== undefined) properties.endLine = message.endLine;
  properties.col = message.column || 1;
  if (message.endColumn !== undefined) properties.endColumn = message.endColumn;
  properties.title = title;
  return workflowCommand(command, properties, text);
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export interface GithubFormatterOptions {
  /** The folder annotation paths are relative to; defaults to the context's root, else its cwd. */
  workspace?: string;
  /** Said after the count of findings left out, e.g. where to read all of them. */
  moreHint?: string;
}

/**
 * The annotations as a stream: only the first annotations of each type (all GitHub shows) are kept, and every line is
 * written at the end, most severe first.
 */
export function createGithubStream(options: GithubFormatterOptions = {}): StreamFormatter {
  return (context: FormatterContext) => {
    const base = options.workspace ? path.resolve(options.workspace) : rootOf(context);
    const kept: Record<Command, string[]> = { error: [], warning: [], notice: [] };
    const count: Record<Command, number> = { error: 0, warning: 0, notice: 0 };
    return {
      result(result) {
        for (const message of [...result.messages, ...(result.notices ?? [])]) {
          const command = commandOf(message);
          // Within a level, the order of the report (file, then line).
          if (count[command]++ < ANNOTATION_LIMITS[command]) kept[command].push(annotation(command, result, message, base));
        }
        return '';
      },
      end() {
        const commands: Command[] = ['error', 'warning', 'notice'];
        // Keep one notice for the "left out" line when anything overflows.
        const overflow = commands.some((c) => count[c] > ANNOTATION_LIMITS[c] - (c === 'notice' ? 1 : 0));
        const lines: string[] = [];
        const left: Record<Command, number> = { error: 0, warning: 0, notice: 0 };
        for (const c of commands) {
          const limit = ANNOTATION_LIMITS[c] - (c === 'notice' && overflow ? 1 : 0);
          lines.push(...kept[c].slice(0, limit));
          left[c] = Math.max(0, count[c] - limit);
        }
        const total = count.error + count.warning + count.notice;
        const leftTotal = left.error + left.warning + left.notice;
        if (leftTotal > 0) {
          const parts = commands.filter((c) => left[c] > 0).map((c) => plural(left[c], c));
          const hint = options.moreHint ?? 'Run kubeward locally (or use --format sarif) to see every finding.';
          lines.push(
            workflowCommand(
              'notice',
              { title: 'kubeward: more findings' },
              `${leftTotal} of ${plural(total, 'finding')} not annotated (${parts.join(', ')}): GitHub shows at most ${ANNOTATION_LIMITS.error} errors, ${ANNOTATION_LIMITS.warning} warnings and ${ANNOTATION_LIMITS.notice} notices per step. ${hint}`,
            ),
          );
        }
        return lines.length ? `${lines.join('\n')}\n` : '';
      },
    };
  };
}

export function createGithubFormatter(options: GithubFormatterOptions = {}): Formatter {
  return wholeReport(createGithubStream(options));
}

/** Paths relative to the context's root (or cwd). `--format github` loads it with `GITHUB_WORKSPACE` as the base. */
export const github: Formatter = createGithubFormatter();

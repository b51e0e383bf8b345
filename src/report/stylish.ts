/**
 * ESLint's "stylish" layout: the file path, then `line:column  severity  message  rule-id` rows aligned as a table,
 * then a summary. Byte for byte what ESLint prints for the same results, so editors' `$eslint-stylish` problem
 * matchers read it. kubeward's info notices (never counted) are printed as `info` rows.
 *
 * Paths, messages and rule ids are printed inert (control characters as visible escapes), so a value from the linted
 * tree cannot start a line of its own; a report that would grow too long ends with how many messages it left out.
 */
import type { LintMessage } from '../shared/types.js';
import { isWhiteSpace } from '../shared/white-space.js';
import type { Formatter } from './types.js';
import { stripAnsi, styles } from './ansi.js';
import { type StreamFormatter, wholeReport } from './stream.js';
import { inert, lineStart, OutputBudget, printable } from './text.js';

const plural = (word: string, count: number) => (count === 1 ? word : `${word}s`);

/** Rows of cells → lines; columns separated by two spaces, aligned left except those marked 'r'. */
function table(rows: string[][], align: Array<'l' | 'r'>): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, stripAnsi(cell).length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => {
          const pad = ' '.repeat(widths[i] - stripAnsi(cell).length);
          return align[i] === 'r' ? pad + cell : cell + pad;
        })
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/*
 * The two edits of each row below are loops, not regular expressions: V8 compiles an expression on its first two
 * uses, 20 to 50 µs apiece, a noticeable part of a one-file run (test/stylish-text.test.ts compares them with the
 * expressions they replace: `/([^ ])\.$/u` → `$1`, and `/(\d+)\s+(\d+)/u` → dim(`l:col`)).
 */

/** `text` without a last `.` that follows a character other than a space (ESLint's stylish drops it). */
export function withoutFinalDot(text: string): string {
  const n = text.length;
  return n >= 2 && text.charCodeAt(n - 1) === 0x2e /* . */ && text.charCodeAt(n - 2) !== 0x20 ? text.slice(0, -1) : text;
}

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

/** A row's first `digits blanks digits` (its line and column) as `line:column`, styled by `dim`. */
export function lineAndColumn(row: string, dim: (s: string) => string): string {
  const n = row.length;
  let i = 0;
  while (i < n) {
    if (!isDigit(row.charCodeAt(i))) {
      i++;
      continue;
    }
    // A run of digits: the pair starts here or at no digit of this run (each would end where this one ends).
    let j = i + 1;
    while (j < n && isDigit(row.charCodeAt(j))) j++;
    let k = j;
    while (k < n && isWhiteSpace(row.charCodeAt(k))) k++;
    if (k > j && k < n && isDigit(row.charCodeAt(k))) {
      let end = k + 1;
      while (end < n && isDigit(row.charCodeAt(end))) end++;
      return `${row.slice(0, i)}${dim(`${row.slice(i, j)}:${row.slice(k, end)}`)}${row.slice(end)}`;
    }
    i = j;
  }
  return row;
}

/** Colour's closing (and opening) reset, as `styles(true).reset` wraps the whole report. */
const RESET = '\u001b[0m';

export const stylishStream: StreamFormatter = (context) => {
  const c = styles(context.color);
  let errorCount = 0;
  let warningCount = 0;
  let fixableErrorCount = 0;
  let fixableWarningCount = 0;
  let summaryColor: 'yellow' | 'red' = 'yellow';
  const budget = new OutputBudget(context.maxOutput);
  // The report's opening (a blank line, after the colour reset) is written with its first text: a report with nothing
  // to say is empty, as ESLint's.
  let started = false;
  const open = () => {
    if (started) return '';
    started = true;
    return context.color ? `${RESET}\n` : '\n';
  };

  return {
    result(result) {
      const messages: LintMessage[] = [...result.messages, ...(result.notices ?? [])].sort((a, b) => a.line - b.line || a.column - b.column);
      errorCount += result.errorCount;
      warningCount += result.warningCount;
      fixableErrorCount += result.fixableErrorCount;
      fixableWarningCount += result.fixableWarningCount;
      if (messages.length === 0) return '';
      const header = lineStart(result.filePath);
      if (!budget.take(header.length)) {
        budget.left += messages.length - 1;
        return '';
      }
      const rows: string[][] = [];
      for (const message of messages) {
        const text = withoutFinalDot(printable(message.message));
        const ruleId = inert(message.ruleId ?? '');
        if (!budget.take(text.length + ruleId.length + 32)) continue;
        let type: string;
        if (message.fatal || message.severity === 2) {
          type = c.red('error');
          summaryColor = 'red';
        } else if (message.severity === 1) {
          type = c.yellow('warning');
        } else {
          type = c.cyan('info');
        }
        rows.push(['', String(message.line || 0), String(message.column || 0), type, text, c.dim(ruleId)]);
      }
      if (rows.length === 0) return '';
      const lines = table(rows, ['l', 'r', 'l'])
        .split('\n')
        .map((line) => lineAndColumn(line, c.dim))
        .join('\n');
      return `${open()}${c.underline(header)}\n${lines}\n\n`;
    },

    end() {
      let tail = '';
      const more = budget.moreLine();
      if (more) tail += `${more}\n\n`;
      const total = errorCount + warningCount;
      if (total > 0) {
        const color = c[summaryColor];
        tail += color(
          c.bold(
            `\u2716 ${total}${plural(' problem', total)} (${errorCount}${plural(' error', errorCount)}, ${warningCount}${plural(' warning', warningCount)})\n`,
          ),
        );
        if (fixableErrorCount > 0 || fixableWarningCount > 0) {
          tail += color(
            c.bold(
              `  ${fixableErrorCount}${plural(' error', fixableErrorCount)} and ${fixableWarningCount}${plural(' warning', fixableWarningCount)} potentially fixable with the \`--fix\` option.\n`,
            ),
          );
        }
      }
      // No problems: ESLint prints nothing; kubeward still shows its notices when there are any.
      if (!started && !tail) return '';
      return `${open()}${tail}${context.color ? RESET : ''}`;
    },
  };
};

export const stylish: Formatter = wholeReport(stylishStream);

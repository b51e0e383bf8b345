/**
 * Built-in formatters as streams: each result's text is made as soon as the result is known (results come one by one,
 * in path order), and what depends on every result (totals, summaries, closing tags, SARIF's rule table) at the end.
 * The whole-array formatter of the same format is the stream run over the array (`wholeReport`), so both give the same
 * text byte for byte.
 */
import type { LintResult } from '../shared/types.js';
import type { Formatter, FormatterContext } from './types.js';

export interface ReportStream {
  /** The text for one more result, written after everything before it. */
  result(result: LintResult): string;
  /** The closing text (totals, summaries, closing tags), once every result was given. */
  end(): string;
  /**
   * Text that goes before everything else but is known only once every result was given (SARIF's rules, artifacts
   * and notifications precede its results). Asked for after `end`. A stream without it writes its text in order.
   */
  head?(): string;
}

/** A report stream for one run: made with the formatter's context, fed every result, then ended. */
export type StreamFormatter = (context: FormatterContext) => ReportStream;

/** The whole-array formatter of a stream: the same text as streaming the results one by one. */
export function wholeReport(stream: StreamFormatter): Formatter {
  return (results, context) => {
    const report = stream(context);
    let body = '';
    for (const result of results) body += report.result(result);
    const end = report.end();
    return (report.head?.() ?? '') + body + end;
  };
}

/**
 * What every text formatter does to what it prints: values and paths made inert (no line breaks, no terminal escape
 * sequences, no line that starts a GitHub workflow command), message texts bounded, and the whole report cut before it
 * grows past what a JavaScript string can hold, with a last line saying how many messages were left out.
 */
import { excerpt, inert, MAX_MESSAGE } from '../shared/inert.js';

export { inert } from '../shared/inert.js';

/** A message's text as printed: inert, at most MAX_MESSAGE characters. */
export function printable(text: string): string {
  return excerpt(text, MAX_MESSAGE);
}

/**
 * A value that starts a line of output (a file path): inert, and never starting with `::` (leading blanks included,
 * as the Actions runner trims them), which the runner would read as a workflow command.
 */
export function lineStart(text: string): string {
  const safe = inert(text);
  return safe.trimStart().startsWith('::') ? `./${safe}` : safe;
}

/** What JSON.stringify leaves raw though a terminal or a reader may act on it: C1 controls, line separators, bidi controls. */
const JSON_RAW = /[\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;

/**
 * JSON text with the characters JSON.stringify leaves raw but a terminal may act on (U+009B is a one-character CSI)
 * written as `\uXXXX` escapes: the same JSON value (JSON.parse gives back the same strings), printed inert. JSON
 * escapes the C0 controls (line breaks, ESC) itself.
 */
export function jsonInert(text: string): string {
  JSON_RAW.lastIndex = 0;
  return JSON_RAW.test(text) ? text.replace(JSON_RAW, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : text;
}

/** Characters of output a text formatter writes before it stops (V8's strings end at 2^29 - 24). */
export const MAX_OUTPUT = 64 * 1024 * 1024;

/** Counts what a formatter has written, and what it left out once the report is full. */
export class OutputBudget {
  private used = 0;
  /** Messages left out. */
  left = 0;

  constructor(private readonly max = MAX_OUTPUT) {}

  /** Whether `chars` more characters fit; when they do not, the message they print is counted as left out. */
  take(chars: number): boolean {
    if (this.left === 0 && this.used + chars <= this.max) {
      this.used += chars;
      return true;
    }
    this.left++;
    return false;
  }

  /** The closing line, when messages were left out: `N more messages not shown: ...`. */
  moreLine(): string | undefined {
    if (this.left === 0) return undefined;
    return `${this.left.toLocaleString('en-US')} more ${this.left === 1 ? 'message' : 'messages'} not shown: the report reached its limit of ${this.max.toLocaleString('en-US')} characters; lint fewer files at a time`;
  }
}

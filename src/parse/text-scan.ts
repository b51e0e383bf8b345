/** Small scans over YAML text shared by the two fast readers (block-reader.ts, fast-reader.ts). */
import { TreeMap, TreeSeq, type TreeNode } from './tree.js';

const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;

/**
 * A run of spaces: a sticky regular expression finds where it ends two to four times faster than a loop of charCodeAt
 * (V8 compiles it to a tight loop of its own), and the indentation of every line is scanned once or twice.
 */
const SPACES = / */y;

/** The offset after the spaces from `at` (at most the text's length). */
export function afterSpaces(text: string, at: number): number {
  SPACES.lastIndex = at;
  return SPACES.test(text) ? SPACES.lastIndex : at;
}

/** A character no plain scalar of the block reader starts with (some could, followed by a non-blank: left to js-yaml). */
export function isIndicator(c: number): boolean {
  return c < 128 && INDICATORS[c] === 1;
}

const INDICATORS = new Uint8Array(128);
for (const c of '-?:,[]{}#&*!|>\'"%@`') INDICATORS[c.charCodeAt(0)] = 1;

/** What may follow the `-` that starts a plain key (a character, so not the end of the text: NaN is not one). */
function isDashKeyStart(c: number): boolean {
  return !Number.isNaN(c) && c !== 0x2d && !isBlankCode(c);
}

/**
 * Whether the character at `at` may start a plain key of the block reader: any but an indicator, and `-` followed by
 * what is neither a blank nor another `-` (`-Xmx: 1g`, JVM options).
 */
export function startsPlainKey(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  return !isIndicator(c) || (c === 0x2d && isDashKeyStart(text.charCodeAt(at + 1)));
}

/** A space, tab or line break. */
export function isBlankCode(c: number): boolean {
  return c === SPACE || c === TAB || c === LF || c === CR;
}

/** The 0-based column of offset `at`. */
export function columnOf(text: string, at: number): number {
  return at - (text.lastIndexOf('\n', at - 1) + 1);
}

/** Back from `at` over blanks and line breaks. */
export function trimBack(text: string, from: number, at: number): number {
  while (at > from && isBlankCode(text.charCodeAt(at - 1))) at--;
  return at;
}

/** The offset after the line break that ends the line holding `at - 1` (or the end of the text). */
export function endOfLine(text: string, at: number): number {
  if (at > 0 && text.charCodeAt(at - 1) === LF) return at;
  const nl = text.indexOf('\n', at);
  return nl === -1 ? text.length : nl + 1;
}

/**
 * YAML limits an implicit key to 1024 characters (libyaml, and so Kubernetes, refuses longer ones); js-yaml does not.
 * Only lines longer than that are looked at: one whose first `: ` comes later holds such a key.
 */
export function hasLongImplicitKey(text: string): boolean {
  let lineStart = 0;
  while (text.length - lineStart > 1024) {
    // The lines that end within 1,024 characters of lineStart are short: skip them all at once (a search per line was
    // one call per ~40 characters of every file, twice a run).
    const nl = text.lastIndexOf('\n', lineStart + 1024);
    if (nl >= lineStart) {
      lineStart = nl + 1;
      continue;
    }
    // No line break there: the line at lineStart is longer than 1,024 characters.
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    if (text.slice(lineStart, lineEnd).search(/:(?:\s|$)/) > 1024) return true;
    lineStart = lineEnd + 1;
  }
  return false;
}

/**
 * Where `yaml` ends a block collection starting at `start` whose last node is `last`: where a block collection there
 * ends, else after the line break of the line `last` ends on; undefined when a comment follows indented deeper than
 * the collection (after blank lines or not), which may belong to it by rules of the `yaml` parser not copied here (one
 * indented less belongs to an enclosing node; one at its column, to none, unless a flush sequence ends there).
 */
export function blockEnd(text: string, last: TreeNode, start: number): number | undefined {
  // A map whose last value is a sequence written flush with its keys: a comment at their column is in doubt too.
  const flush = last instanceof TreeSeq && !last.flow && columnOf(text, last.start) === columnOf(text, start);
  const end = endOfLine(text, last.end);
  for (let at = end; at < text.length; at++) {
    const c = text.charCodeAt(at);
    if (c === 0x23) {
      if (columnOf(text, at) > columnOf(text, start) - (flush ? 1 : 0)) return undefined;
      break;
    }
    if (!isBlankCode(c)) break;
  }
  return (last instanceof TreeMap || last instanceof TreeSeq) && !last.flow ? last.end : end;
}

/**
 * The kind scan: which kinds a file's objects MAY have, read from its text by a few searches and regular expressions,
 * without reading it as YAML (no parse, no value built, no loop over the lines of a schema). The index pass uses it
 * to leave a file it does not lint unread until some question asks about one of its kinds.
 *
 * `scanKinds` gives undefined ("not sure": the caller reads the file now) or kinds that are a superset of what the
 * index pass makes of the file: each object's kind as its Resource names it (`kindsOf`), and `crdKindKey(K)` for each
 * CustomResourceDefinition whose `spec.names.kind` is the string K. A wrong answer would silently drop objects from
 * repository-wide checks, so it gives up on anything it does not read for sure; listing a kind the file does not
 * hold only costs a read. What it relies on, and why each is sure:
 * - Documents are split at `---` and `...` lines (column 0, nothing after but a comment), as every reader splits
 *   them whatever is open there (js-yaml throws inside a quoted scalar or a flow collection; the `yaml` package ends
 *   the document, which is then broken).
 * - A document's first content line is a plain key at column 0, so its root is a block map whose keys are at column
 *   0. Its kind is its first column-0 line `kind: Token` (plain, single- or double-quoted, the next line not
 *   indented, so no multi-line scalar). Any other `kind` key (a second line, quoted, explicit, tagged, an alias) is
 *   a duplicate key, and every reader refuses the document; a merge key (`<<`) does not override a key of the map.
 * - js-yaml reads a multi-line quoted scalar or flow collection over lines less indented than it should (a warning,
 *   not an error), so a column-0 `kind:` line can be text inside a string opened above it, and the document kindless
 *   (a Kustomization, in a kustomization.yaml). So every line from the document's first to the last one relied on
 *   must be "closed" (`LINE`): no quoted scalar or flow collection left open at its end, nothing unusual (anchors,
 *   tags, aliases, explicit keys); block scalars' text is passed over.
 * - A document without a plain `kind` key: given up where the file's name is one kustomize reads (it is a
 *   Kustomization there); elsewhere it holds no object, unless a column-0 line is a kind key of another form (quoted,
 *   explicit, tagged, anchored, an alias, a merge key: ODD_KEY), where it gives up.
 * - A CRD's `spec.names.kind`: the first column-0 `spec:` (empty value), the spec map's indentation from its first
 *   content line (a plain key), the first `names:` at that indentation with no line less indented before it, then
 *   the same for `kind:` in names. A second `spec`, `names` or `kind` of any form is a duplicate key (refused).
 */
import { NOT_RESOLVED, resolvePlain } from '../parse/index.js';
import { crdKindKey } from './resources.js';

const CRD = 'CustomResourceDefinition';

/** A marker line: `---` or `...`, then nothing but spaces and a comment. */
const MARKER = /(?:---|\.\.\.)(?: *| +#[^\n]*)(?:\n|$)/y;
/** Blank and comment lines. */
const SKIP = /(?: *(?:#[^\n]*)?(?:\n|$))*/y;
/** A plain key at column 0 (the first content line of a document). */
const ROOT_KEY = /[A-Za-z_][A-Za-z0-9_./-]*[ ]*:(?=[ \n]|$)/y;
/** A plain key after its indentation (the first content line of a nested map). */
const NESTED_KEY = /( +)[A-Za-z_][A-Za-z0-9_./-]*[ ]*:(?=[ \n]|$)/y;
/** After a key's name: whether it is that key (`kind :` is; `kinds:`, `kind x:` are other keys). Tabs: see VALUE. */
const KEY_COLON = /[ \t]*:/y;
/**
 * After a key's name: a one-token value on the same line, plain or quoted (no escape, no inner quote), then a comment
 * or nothing (trailing tabs too: some editors leave them). Anything else (empty, anchor, alias, tag, block scalar,
 * flow, `#` without a blank before it, a tab inside the value) fails.
 */
const VALUE = / *: +(?:([A-Za-z][A-Za-z0-9]*)|"([A-Za-z][A-Za-z0-9]*)"|'([A-Za-z][A-Za-z0-9]*)')(?:[ \t]+#[^\n]*|[ \t]*)(?=\n|$)/y;
/** After a key's name: an empty value (a block map on the lines below), then a comment or nothing. */
const EMPTY_VALUE = / *:(?: +(?:#[^\n]*)?)?(?=\n|$)/y;
/** From a line end: blank lines, then the next line's indentation. */
const NEXT_INDENT = /\n(?: *\n)*( *)/y;
/** A line that begins with spaces and then a tab: indentation this scan would count wrong. */
const TAB_INDENT = /^ *\t/m;

const Q2 = String.raw`"(?:[^"\\\n]|\\[^\n])*"`;
const Q1 = String.raw`'(?:[^'\n]|'')*'`;
/** A flow collection closed on its line, without nesting or comments. */
const FLOW = String.raw`\[(?:[^\[\]{}"'\n#]|${Q2}|${Q1})*\]|\{(?:[^\[\]{}"'\n#]|${Q2}|${Q1})*\}`;
/** What a plain scalar may begin with: no indicator, or `-`, `?`, `:` before a character that is not a blank. */
const PLAIN_FIRST = String.raw`(?:[^\s"'#\[\]{},&*!|>%@\x60?:-]|[?:-](?=\S))`;
/**
 * A closed line: indentation (1), sequence markers, a key (plain or quoted), a value closed on the line (quoted,
 * flow, plain) or a block scalar header without an indentation indicator (4), a comment. A line that does not match
 * may leave something open that js-yaml would read over the lines below (a string, a flow collection), or be
 * something unusual (an anchor, a tag, an alias, an explicit key); the scan gives up on it. Every part that could
 * be matched in several ways is taken whole (`(?=(x))\N`, an atomic group), so a failing line costs time linear
 * in its length: a plain key runs to its colon, a plain value (with any comment) to the line's end or to a colon
 * and a blank (no such value: a line `a: b: c` fails).
 */
const LINE = new RegExp(
  [
    String.raw`( *)(?=[^ ]|$)`,
    String.raw`(?=((?:-(?=[ \n]|$) *)*))\2`,
    String.raw`(?:(?:${Q2} *|${Q1} *|(?=(${PLAIN_FIRST}[^\n:#]*))\3):(?: +(?=[^ ]|$)|(?=\n|$)))?`,
    String.raw`(?:(?:${Q2}|${Q1}|${FLOW}|([|>][+-]?)) *(?:#[^\n]*)?|(?=(${PLAIN_FIRST}(?:[^\n:]|:(?=[^ \t\n]))*))\5| *(?:#[^\n]*)?)`,
    String.raw`(?=\n|$)`,
  ].join(''),
  'y',
);
/** A line whose value is a quoted scalar that does not end on it: the quote (4). */
const OPEN_QUOTE = new RegExp(
  [
    String.raw`( *)(?=[^ ]|$)`,
    String.raw`(?=((?:-(?=[ \n]|$) *)*))\2`,
    String.raw`(?:(?:${Q2} *|${Q1} *|(?=(${PLAIN_FIRST}[^\n:#]*))\3): +)?`,
    String.raw`(?=(["']))`,
  ].join(''),
  'y',
);
/** A double- or single-quoted scalar, over any number of lines. */
const QUOTED2 = /"(?:[^"\\]|\\[^])*"/y;
const QUOTED1 = /'(?:[^']|'')*'/y;
/** After a closed value: a comment or nothing to the line's end. */
const TAIL = / *(?:#[^\n]*)?(?=\n|$)/y;
/** The sequence markers and key before a block scalar header: where the node holding the scalar begins. */
const HEADER_AT = /( *)(?:-(?: +))*/y;

/**
 * The kinds a file's objects may have, with `crdKindKey(K)` for each CRD's `spec.names.kind`: a superset of what the
 * index pass makes of `text` (the decoded text, without its byte order mark), or undefined when not sure.
 */
export function scanKinds(
  text: string,
  /**
   * The file's name is one kustomize reads (`kustomization.yaml`, `kustomization.yml`, `Kustomization`: isKustomizationFile),
   * where a document without a kind is a Kustomization: the scan gives up on such a document. False: such a document
   * (a chart's values, a workflow) holds no object, when no column-0 line could be a kind key of another form.
   */
  kustomizationName = true,
): string[] | undefined {
  try {
    return scanText(text, kustomizationName);
  } catch {
    // A text that overflows the regular expressions' backtracking stack (lines of megabytes): not sure.
    return undefined;
  }
}

function scanText(text: string, kustomizationName: boolean): string[] | undefined {
  // Line ends and byte order marks that the readers treat apart (U+2028 and U+2029 are line starts to the regular
  // expressions that split documents for the `yaml` package); tabs among indentation.
  if (text.includes('\r') || text.includes('\uFEFF') || text.includes('\u2028') || text.includes('\u2029')) return undefined;
  if (text.includes('\t') && TAB_INDENT.test(text)) return undefined;
  // A document marker the `yaml` package may take for one though it is not at column 0 (after an open flow collection,
  // or a block scalar header): the scan would not split the text there.
  if (strayMarker(text, '---') || strayMarker(text, '...')) return undefined;
  const out = new Set<string>();
  const kindless = kustomizationName ? undefined : new Kindless(text);
  const kinds = new KindLines(text);
  // The next `---` and `...` lines: found by two searches of the text in all (`\n---` would cost twice as much:
  // a search for a pattern that begins with a line break stops at every line).
  let dashes = markerLine(text, '---', 0);
  let dots = markerLine(text, '...', 0);
  let start = 0;
  for (;;) {
    const end = Math.min(dashes, dots);
    if (!scanDocument(text, start, end, out, kinds, kindless)) return undefined;
    if (end === text.length) return [...out];
    MARKER.lastIndex = end;
    if (!MARKER.test(text)) return undefined;
    start = MARKER.lastIndex;
    if (dashes < start) dashes = markerLine(text, '---', start);
    if (dots < start) dots = markerLine(text, '...', start);
  }
}

/**
 * Whether `marker` (`---` or `...`) is somewhere followed by a blank or a line end, and preceded on its line by blanks
 * only (an indented marker) or by a block scalar header and blanks: there the `yaml` package may start a document.
 */
function strayMarker(text: string, marker: string): boolean {
  for (let at = text.indexOf(marker, 1); at >= 0; at = text.indexOf(marker, at + 1)) {
    const after = at + 3 < text.length ? text.charCodeAt(at + 3) : 0x0a;
    if (after !== 0x0a && after !== 0x20 && after !== 0x09) continue;
    let i = at - 1;
    while (i >= 0 && (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09)) i--;
    if (i === at - 1) continue;
    if (i < 0 || text.charCodeAt(i) === 0x0a) return true;
    while (i >= 0 && isHeaderIndicator(text.charCodeAt(i))) i--;
    if (i >= 0 && (text.charCodeAt(i) === 0x7c || text.charCodeAt(i) === 0x3e)) return true;
  }
  return false;
}

/** `-`, `+` or a digit: what may follow `|` or `>` in a block scalar header. */
function isHeaderIndicator(c: number): boolean {
  return c === 0x2d || c === 0x2b || (c >= 0x30 && c <= 0x39);
}

/** The start of the first line at or after `from` that begins with `marker`, or the text's length. */
function markerLine(text: string, marker: string, from: number): number {
  for (let at = text.indexOf(marker, from); at >= 0; at = text.indexOf(marker, at + 1)) {
    if (at === 0 || text.charCodeAt(at - 1) === 0x0a) return at;
  }
  return text.length;
}

/**
 * The kinds of the document from `start` to `end` (line starts), added to `out`; false when not sure. Its kind is its
 * first column-0 `kind` key: a second one makes a duplicate key, and every reader refuses the document.
 */
function scanDocument(text: string, start: number, end: number, out: Set<string>, kinds: KindLines, kindless?: Kindless): boolean {
  SKIP.lastIndex = start;
  SKIP.test(text);
  const first = SKIP.lastIndex;
  // Blank and comment lines only: no object.
  if (first >= end) return true;
  // A `%` directive, a flow or JSON document, an indented root, a root that is a sequence or a scalar...
  ROOT_KEY.lastIndex = first;
  if (!ROOT_KEY.test(text)) return false;
  const at = kinds.within(first, end);
  // A document without a kind key (or with one this scan does not read) may be a Kustomization (kustomization.yaml).
  // Elsewhere it holds no object when no line may be a kind key of another form (ODD_KEY), nor hide one: every line
  // closed (js-yaml reads `kind` then `: Pod` on the next line as a key, and a key after a flow collection closed on a
  // later line).
  if (at < 0) return kindless !== undefined && kindless.none(first, end) && closedLines(text, first, end - 1);
  const kind = valueAt(text, at + 4, 0);
  // A List's objects are its items.
  if (kind === undefined || kind.endsWith('List')) return false;
  let crd: CrdKind | undefined;
  if (kind === CRD) {
    crd = crdKind(text, first, end);
    if (crd === undefined) return false;
  }
  if (!closedLines(text, first, Math.max(at, crd?.at ?? 0), crd)) return false;
  out.add(kind);
  if (crd) out.add(crdKindKey(crd.kind));
  return true;
}

/** The column-0 `kind` keys of the text, document after document: one search of the text in all. */
class KindLines {
  /** The first such line at or after where the search last began (-1: none searched yet; the length: none left). */
  private next = -1;

  constructor(private readonly text: string) {}

  /** The first `kind` key line from `first` (a document's first content line) that is before `end`, or -1. */
  within(first: number, end: number): number {
    if (this.next < first) {
      const at = keyLine(this.text, 'kind', 0, first, this.text.length);
      this.next = at < 0 ? this.text.length : at;
    }
    return this.next < end ? this.next : -1;
  }
}

/**
 * Column-0 lines that may be a `kind` key in another form than a plain one: quoted, explicit (`?`), tagged, anchored,
 * an alias, a merge key (`<<`), a flow collection; and block scalars and reserved characters (errors). A plain key is
 * `kind` only if it is the word itself (keyLine looks for it).
 */
const ODD_KEY = /\n["'?!&*<{[|>%@\x60]/g;

/** Whether documents without a plain `kind` key have no kind key of any form: one search of the text in all. */
class Kindless {
  /** The next line break before an ODD_KEY line, from where the search last stopped (documents come in order). */
  private next = -1;

  constructor(private readonly text: string) {}

  /** No line of the document from `first` (its first content line, a plain key) to `end` is an ODD_KEY line. */
  none(first: number, end: number): boolean {
    if (this.next < first) {
      ODD_KEY.lastIndex = first;
      this.next = ODD_KEY.exec(this.text)?.index ?? this.text.length;
    }
    return this.next >= end - 1;
  }
}

/**
 * The string value of the key whose name ends at `at`, when it is one token on its line and the next line that is
 * not blank is indented `indent` or less (else the value might go on over it); undefined when not sure.
 */
function valueAt(text: string, at: number, indent: number): string | undefined {
  VALUE.lastIndex = at;
  const m = VALUE.exec(text);
  if (m === null) return undefined;
  const value = m[1] ?? m[2] ?? m[3];
  // A plain token that is a null or a boolean (`yes`, `Off`, `null`...) is no string.
  if (m[1] !== undefined && resolvePlain(value) !== NOT_RESOLVED) return undefined;
  const end = VALUE.lastIndex;
  if (end < text.length) {
    NEXT_INDENT.lastIndex = end;
    const next = NEXT_INDENT.exec(text) as RegExpExecArray;
    if (NEXT_INDENT.lastIndex < text.length && next[1].length > indent) return undefined;
  }
  return value;
}

/** Where a CRD's `spec.names.kind` is read from, and its value. */
interface CrdKind {
  kind: string;
  /** The line starts of `spec:`, `names:` and names' `kind:`. */
  spec: number;
  names: number;
  at: number;
  /** The indentation of spec's keys and of names' keys. */
  specIndent: number;
  namesIndent: number;
}

/** The `spec.names.kind` of the CRD document from `first` (its first content line) to `end`; undefined when not sure. */
function crdKind(text: string, first: number, end: number): CrdKind | undefined {
  const spec = keyLine(text, 'spec', 0, first, end);
  if (spec < 0) return undefined;
  const specKeys = nestedKeys(text, spec + 4, end);
  if (specKeys === undefined) return undefined;
  const names = keyLine(text, 'names', specKeys.indent, specKeys.first, end);
  if (names < 0) return undefined;
  const namesKeys = nestedKeys(text, names + specKeys.indent + 5, end);
  if (namesKeys === undefined) return undefined;
  const at = keyLine(text, 'kind', namesKeys.indent, namesKeys.first, end);
  if (at < 0) return undefined;
  const kind = valueAt(text, at + namesKeys.indent + 4, namesKeys.indent);
  if (kind === undefined) return undefined;
  return { kind, spec, names, at, specIndent: specKeys.indent, namesIndent: namesKeys.indent };
}

/**
 * The start of the first line at or after `from` (a line start) and before `end` that is `key` as a key indented
 * `indent`, or -1. `key` followed by other name characters is another key, passed over.
 */
function keyLine(text: string, key: string, indent: number, from: number, end: number): number {
  const head = ' '.repeat(indent) + key;
  let at = text.startsWith(head, from) ? from : lineWith(text, head, from);
  while (at >= 0 && at < end) {
    KEY_COLON.lastIndex = at + head.length;
    if (KEY_COLON.test(text)) return at;
    at = lineWith(text, head, at + 1);
  }
  return -1;
}

/** The start of the first line after `from` that begins with `head`, or -1. */
function lineWith(text: string, head: string, from: number): number {
  const i = text.indexOf('\n' + head, from);
  return i < 0 ? -1 : i + 1;
}

/**
 * The key whose name ends at `at` has an empty value and a block map below it: its first content line (a plain key)
 * and its indentation; undefined when not so.
 */
function nestedKeys(text: string, at: number, end: number): { first: number; indent: number } | undefined {
  EMPTY_VALUE.lastIndex = at;
  if (!EMPTY_VALUE.test(text)) return undefined;
  SKIP.lastIndex = EMPTY_VALUE.lastIndex + 1;
  if (!SKIP.test(text)) return undefined;
  const first = SKIP.lastIndex;
  if (first >= end) return undefined;
  NESTED_KEY.lastIndex = first;
  const m = NESTED_KEY.exec(text);
  return m === null ? undefined : { first, indent: m[1].length };
}

/**
 * Whether every line from `from` to the line at `to` (both line starts) is closed (LINE), passing over block scalars'
 * text; with `crd`, also that no content line between `spec:` and `names:` is less indented than spec's keys, nor
 * between `names:` and its `kind:` than names' keys (such a line would end the map before the key).
 */
function closedLines(text: string, from: number, to: number, crd?: CrdKind): boolean {
  let at = from;
  while (at <= to) {
    LINE.lastIndex = at;
    const m = LINE.exec(text);
    if (m === null) {
      // A quoted scalar over several lines, each more indented than its key: passed over (the lines relied on are not).
      const past = pastQuoted(text, at);
      if (past < 0) return false;
      at = past;
      continue;
    }
    const indent = m[1].length;
    const content = at + indent < text.length && text.charCodeAt(at + indent) !== 0x0a && text.charCodeAt(at + indent) !== 0x23;
    if (crd && content) {
      if (at > crd.spec && at < crd.names && indent < crd.specIndent) return false;
      if (at > crd.names && at < crd.at && indent < crd.namesIndent) return false;
    }
    const next = LINE.lastIndex + 1;
    at = m[4] === undefined ? next : pastBlockScalar(text, at, next);
  }
  return true;
}

/**
 * After a block scalar header on the line at `line`, where the next line starts (`next`): the start of the first line
 * after its text. Its indentation is its first line's, which must be a line with text (a blank line first would let
 * the readers take a larger one) more indented than where the node holding the scalar begins; else nothing is passed.
 */
/**
 * The start of the line after a quoted scalar that begins on the line at `at` and ends on a later one, where its
 * other lines (but blank ones) are all more indented than the node holding it begins, so every reader ends it at
 * the same quote; -1 when not so.
 */
function pastQuoted(text: string, at: number): number {
  OPEN_QUOTE.lastIndex = at;
  const m = OPEN_QUOTE.exec(text);
  if (m === null) return -1;
  const quote = OPEN_QUOTE.lastIndex;
  // Where the node holding the scalar begins: after the indentation and sequence markers (its key, or itself).
  const holder = m[1].length + m[2].length;
  const scalar = m[4] === '"' ? QUOTED2 : QUOTED1;
  scalar.lastIndex = quote;
  if (!scalar.test(text)) return -1;
  const close = scalar.lastIndex;
  TAIL.lastIndex = close;
  if (!TAIL.test(text)) return -1;
  // A line of the scalar (but blank ones) indented `holder` or less: only the scalar's own lines are looked at, so a
  // text of many such scalars costs linear time.
  for (let nl = text.indexOf('\n', quote); nl >= 0 && nl < close; nl = text.indexOf('\n', nl + 1)) {
    let i = nl + 1;
    while (i - nl - 1 <= holder && text.charCodeAt(i) === 0x20) i++;
    if (i - nl - 1 <= holder && i < text.length && text.charCodeAt(i) !== 0x0a && text.charCodeAt(i) !== 0x20) return -1;
  }
  return TAIL.lastIndex + 1;
}

const BODY: RegExp[] = [];

function pastBlockScalar(text: string, line: number, next: number): number {
  HEADER_AT.lastIndex = line;
  HEADER_AT.test(text);
  const holder = HEADER_AT.lastIndex - line;
  if (next >= text.length) return next;
  NEXT_INDENT.lastIndex = next - 1;
  const m = NEXT_INDENT.exec(text) as RegExpExecArray;
  const indent = m[1].length;
  if (NEXT_INDENT.lastIndex !== next + indent || indent <= holder || isLineEnd(text, next + indent)) return next;
  // The scalar's lines: blank, or indented `indent` or more.
  const body = (BODY[indent] ??= new RegExp(`(?:(?: {${indent}}[^\\n]*| *)\\n)*`, 'y'));
  body.lastIndex = next;
  body.test(text);
  return body.lastIndex;
}

function isLineEnd(text: string, at: number): boolean {
  return at >= text.length || text.charCodeAt(at) === 0x0a;
}

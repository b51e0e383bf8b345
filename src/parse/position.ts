/**
 * The one way kubeward turns a path inside an object into a position in its file.
 *
 * Walk the document's maps and sequences along the path to the deepest node that exists:
 * - the whole path exists and ends at a scalar: point at the value (`privileged: true` → `true`),
 *   or at its key when the caller asks for the key (an unknown field);
 * - the whole path exists and ends at a map or sequence: point at the key that holds it;
 * - the path stops early (a missing field): point at the key of the deepest existing node, so a missing
 *   `runAsNonRoot` lands on `securityContext:`, or on the container's first line when it has none.
 * A node with no key (a sequence item, the document root) is pointed at by its first line.
 */
import { positionAt } from './lines.js';
import { afterSpaces, columnOf, startsPlainKey } from './text-scan.js';
import type { LinePositions } from './lines.js';
import type { ParsedDocument } from './parse.js';
import { pairOf, scalarKey, type TreeMap, type TreeNode, type TreePair } from './tree.js';
import type { Path } from '../shared/types.js';

export interface Range {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Offsets into the file text, end exclusive. */
  start: number;
  end: number;
  /** True when the whole path exists. */
  exact: boolean;
}

export type PointAt = 'key' | 'value';

interface Step {
  node: TreeNode | null;
  /** The key node of the pair that holds `node`, when it sits in a map. */
  key?: TreeNode | null;
}

/** Maps with more pairs than this get a key index on their first lookup; smaller ones are scanned. */
const INDEXED_MAP = 16;

const keyIndexes = new WeakMap<TreeMap, Map<string, TreePair>>();

/**
 * The pair of `map` whose key is `key`, the first when a key repeats (as pairOf). A big map is indexed once, so
 * placing a finding on each of a ConfigMap's 100,000 values is linear in the map's size, not quadratic.
 */
function pairByKey(map: TreeMap, key: string): TreePair | undefined {
  if (map.items.length <= INDEXED_MAP) return pairOf(map, key);
  let index = keyIndexes.get(map);
  if (!index) {
    index = new Map();
    for (const pair of map.items) {
      const k = scalarKey(pair.key);
      if (k !== undefined && !index.has(k)) index.set(k, pair);
    }
    keyIndexes.set(map, index);
  }
  return index.get(key);
}

function walk(document: ParsedDocument, path: Path): { steps: Step[]; exact: boolean } {
  let node = document.tree().contents;
  const steps: Step[] = [{ node }];
  for (const segment of path) {
    let next: Step | undefined;
    if (node?.kind === 'map') {
      const pair = pairByKey(node, String(segment));
      if (pair) next = { node: pair.value, key: pair.key };
    } else if (node?.kind === 'seq' && typeof segment === 'number') {
      const item = node.items[segment];
      if (item !== undefined) next = { node: item };
    }
    if (!next) return { steps, exact: false };
    steps.push(next);
    node = next.node;
  }
  return { steps, exact: true };
}

/** Offsets of a node that sits without a key (sequence item, document root): its first line of content. */
function firstLine(node: TreeNode, text: string): [number, number] {
  const { start, end: valueEnd } = node;
  if (node.kind === 'map' && node.items.length > 0) {
    const { key, value } = node.items[0];
    const lineEnd = text.indexOf('\n', start);
    const limit = lineEnd === -1 ? text.length : lineEnd;
    const end = value?.kind === 'scalar' && value.end <= limit ? value.end : (key?.end ?? valueEnd);
    return [start, end];
  }
  const lineEnd = text.indexOf('\n', start);
  return [start, Math.min(valueEnd, lineEnd === -1 ? text.length : lineEnd)];
}

/** How many paths of a document without its tree are placed from its text (locate) before its tree is read. */
export const TEXT_PLACED = 16;

const textPlacements = new WeakMap<ParsedDocument, number>();

/** Turn a path inside a document into a range in its file. */
export function locate(document: ParsedDocument, path: Path, lineCounter: LinePositions, text: string, pointAt: PointAt = 'value'): Range {
  // A document the block reader read without its tree: most paths are placed from the text alone (textOffsets), and
  // its tree is read only for what that does not place (a fix reads it anyway).
  const root = document.unreadTree();
  if (root !== undefined) {
    // Each path is followed from the document's root, over at most the document's lines: after TEXT_PLACED of them the
    // tree is read (once, in linear time), so a document with 100,000 findings costs no more than its tree.
    const placements = textPlacements.get(document) ?? 0;
    if (placements < TEXT_PLACED) {
      textPlacements.set(document, placements + 1);
      const placed = textOffsets(text, root, path, pointAt);
      if (placed) return range(lineCounter, placed.offsets, placed.exact);
    }
  }
  const { steps, exact } = walk(document, path);
  let offsets: [number, number] | undefined;
  // From the deepest existing step upwards, find something with a position.
  for (let i = steps.length - 1; i >= 0 && !offsets; i--) {
    const { node, key } = steps[i];
    const isLeaf = exact && i === steps.length - 1;
    if (isLeaf && pointAt === 'value' && node?.kind === 'scalar' && node.end > node.start) {
      offsets = [node.start, node.end];
    } else if (key) {
      offsets = [key.start, key.end];
    } else if (node) {
      offsets = firstLine(node, text);
    }
  }
  return range(lineCounter, offsets ?? [0, 0], exact);
}

function range(lineCounter: LinePositions, [start, end]: [number, number], exact: boolean): Range {
  const a = positionAt(lineCounter, start);
  const b = positionAt(lineCounter, Math.max(end, start));
  return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column, start, end, exact };
}

/** The longest key a formatted path spells out; a longer one ends with `…`. */
const MAX_SEGMENT = 200;

/** A path in the dotted form messages and baselines use: `spec.template.spec.containers[0].image`. */
export function formatPath(path: Path): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(segment) && segment.length <= MAX_SEGMENT) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(segment.length > MAX_SEGMENT ? `${segment.slice(0, MAX_SEGMENT - 1)}…` : segment)}]`;
  }
  return out;
}

/*
 * Paths placed from the text alone, for a document the block reader read without its tree: building the tree of every
 * document with a finding was most of the time placing messages took (docs/performance.md, session 11). What the block
 * reader reads is block YAML of a narrow kind (it gives up on anything else: tabs in indentation, a key not followed by
 * `: `, a value on a key's line followed by deeper lines, a quoted scalar's line indented no deeper than its key, flow
 * collections over more than one line...), so its structure can be followed line by line: a block map's keys are the
 * content lines at its indentation (a `- ` line there is an item of the sequence its previous key holds), a block
 * sequence's items the `- ` lines at its own, and everything indented deeper belongs to the key or item above it.
 * Only what gives the very offsets the tree gives is placed here: anything else (anchors, quoted keys, block scalars
 * and multi-line scalars where their range is asked for, a flow collection to walk into) is left to the tree.
 */

/** What the text alone does not place: the tree does. */
const BY_TREE = new Error('placed by the tree');

const LF = 0x0a;
const SPACE = 0x20;
const HASH = 0x23;
const DASH = 0x2d;
const DOT = 0x2e;
const COLON = 0x3a;
const DOUBLE_QUOTE = 0x22;
const QUOTE = 0x27;
const CLOSE_BRACKET = 0x5d;
const CLOSE_BRACE = 0x7d;

/**
 * A node met on the way: a block map (its first key's offset, its indentation), a block sequence (its first `-`), a
 * scalar on one line (`key:` alone is a null scalar of no length after the colon's spaces), a scalar over more lines
 * (its end is past its first line), a block scalar (its range is not read here), a one-line flow collection (empty:
 * nothing to walk into), an alias.
 */
type TextNode =
  | { kind: 'map' | 'seq'; start: number; indent: number }
  | { kind: 'scalar'; start: number; end: number }
  | { kind: 'lines' | 'block' | 'flow' | 'empty' | 'alias' };

/** A content line: its start, indentation, first character; `marker` for `---` or `...` alone. */
interface Line {
  start: number;
  indent: number;
  content: number;
  marker: boolean;
}

/**
 * The offsets `locate` gives a path of the document whose root starts at `root` (a line start), from the text, or
 * undefined where the tree places it.
 */
function textOffsets(text: string, root: number, path: Path, pointAt: PointAt): { offsets: [number, number]; exact: boolean } | undefined {
  try {
    return new TextWalk(text).offsets(root, path, pointAt);
  } catch (error) {
    if (error === BY_TREE) return undefined;
    throw error;
  }
}

class TextWalk {
  private readonly n: number;

  constructor(private readonly text: string) {
    this.n = text.length;
  }

  offsets(root: number, path: Path, pointAt: PointAt): { offsets: [number, number]; exact: boolean } {
    if (this.isSeqLine(root)) throw BY_TREE;
    let node: TextNode = { kind: 'map', start: root, indent: 0 };
    // The key of the pair that holds `node` (none for the root and a sequence's items).
    let keyStart = -1;
    let keyEnd = -1;
    let exact = true;
    for (const segment of path) {
      if (node.kind === 'map') {
        const colon = this.keyColonOf(node, String(segment));
        if (colon === undefined) {
          exact = false;
          break;
        }
        keyStart = colon.start;
        keyEnd = colon.colon;
        node = this.value(colon.colon, node.indent);
      } else if (node.kind === 'seq' && typeof segment === 'number') {
        const item = this.item(node, segment);
        if (item === undefined) {
          exact = false;
          break;
        }
        keyStart = keyEnd = -1;
        node = this.itemNode(item, node.indent);
      } else if (node.kind === 'flow') {
        throw BY_TREE;
      } else {
        exact = false;
        break;
      }
    }
    if (exact && pointAt === 'value') {
      if (node.kind === 'lines' || node.kind === 'block') throw BY_TREE;
      if (node.kind === 'scalar' && node.end > node.start) return { offsets: [node.start, node.end], exact };
    }
    if (keyStart !== -1) return { offsets: [keyStart, keyEnd], exact };
    return { offsets: this.firstLine(node), exact };
  }

  /** As position.ts's firstLine, for a node without a key (the root, a sequence's item). */
  private firstLine(node: TextNode): [number, number] {
    if (node.kind === 'scalar') return [node.start, node.end];
    if (node.kind !== 'map') throw BY_TREE;
    const colon = this.keyColon(node.start);
    const value = this.value(colon, node.indent);
    if (value.kind === 'block') throw BY_TREE;
    // A scalar on one line ends on the key's line; any other value ends past it, or is no scalar: the key's end.
    return [node.start, value.kind === 'scalar' ? value.end : colon];
  }

  /** The key of `map` that is `key`, the offsets of its start and colon; undefined when the map has none. */
  private keyColonOf(map: { start: number; indent: number }, key: string): { start: number; colon: number } | undefined {
    const { text, n } = this;
    // A key of no `:`, `#` or line break is the line's key exactly when the line starts with it and a `:` and a blank
    // (the block reader's keyColon finds no colon or comment before): other keys' colons need not be found.
    const short = !/[:#\n]/.test(key);
    let at = map.start;
    for (;;) {
      if (short) {
        if (!startsPlainKey(text, at)) throw BY_TREE;
        const colon = at + key.length;
        if (text.startsWith(key, at) && text.charCodeAt(colon) === COLON) {
          const after = text.charCodeAt(colon + 1);
          if (after === SPACE || after === LF || colon + 1 >= n) return { start: at, colon };
        }
        // `key :`: the key's range ends before the spaces, its colon after them: the tree's to place.
        if (
          text.startsWith(key, at) &&
          text.charCodeAt(colon) === SPACE &&
          this.colonOnLine(at) > colon &&
          text.charCodeAt(afterSpaces(text, colon)) === COLON
        )
          throw BY_TREE;
      } else {
        const colon = this.keyColon(at);
        if (colon - at === key.length && text.startsWith(key, at)) return { start: at, colon };
      }
      // The next line at the map's indentation that is not an item of a sequence flush with its key.
      let line = this.nextLineWithin(at, map.indent);
      while (line && !line.marker && line.indent === map.indent && this.isSeqLine(line.content)) line = this.nextLineWithin(line.content, map.indent);
      if (!line || line.marker || line.indent < map.indent) return undefined;
      at = line.content;
    }
  }

  /** The offset of the `-` of item `index` of `seq`, or undefined. */
  private item(seq: { start: number; indent: number }, index: number): number | undefined {
    const { text } = this;
    let at = seq.start;
    for (let i = 0; i !== index; i++) {
      const line = this.nextLineWithin(at, seq.indent);
      // A flow collection of an item may close at the sequence's column (`- [` ... `]`): the items go on below it.
      if (line && !line.marker && line.indent === seq.indent) {
        const c = text.charCodeAt(line.content);
        if (c === CLOSE_BRACKET || c === CLOSE_BRACE) throw BY_TREE;
      }
      if (!line || line.marker || line.indent < seq.indent || !this.isSeqLine(line.content)) return undefined;
      at = line.content;
    }
    return at;
  }

  /** The colon of the plain key that starts at `at` (the block reader's keyColon; the key is its text). */
  private keyColon(at: number): number {
    // A quoted key's text is not its value; the other indicators start no key the block reader reads.
    if (!startsPlainKey(this.text, at)) throw BY_TREE;
    const colon = this.colonOnLine(at);
    // No key, or `key :` (the key's range ends before the spaces): the tree's.
    if (colon === -1 || this.text.charCodeAt(colon - 1) === SPACE) throw BY_TREE;
    return colon;
  }

  /** The first key's `: ` (or `:` at the line's end) on the line from `at`, before any comment; -1 when there is none. */
  private colonOnLine(at: number): number {
    const { text, n } = this;
    for (let i = at + 1; i < n; i++) {
      const ch = text.charCodeAt(i);
      if (ch === LF) return -1;
      if (ch === COLON) {
        const after = text.charCodeAt(i + 1);
        if (after === SPACE || after === LF || i + 1 >= n) return i;
      } else if (ch === HASH && text.charCodeAt(i - 1) === SPACE) {
        return -1;
      }
    }
    return -1;
  }

  /** The value of the key whose colon is at `colon`, in a map indented `indent` (the block reader's map()). */
  private value(colon: number, indent: number): TextNode {
    const { text, n } = this;
    const at = afterSpaces(text, colon + 1);
    const c = text.charCodeAt(at);
    if (c === LF || c === HASH || at >= n) {
      const line = this.nextLine(at);
      if (line && !line.marker) {
        const seq = this.isSeqLine(line.content);
        if (line.indent > indent) return { kind: seq ? 'seq' : 'map', start: line.content, indent: line.indent };
        if (line.indent === indent && seq) return { kind: 'seq', start: line.content, indent };
      }
      return { kind: 'scalar', start: at, end: at };
    }
    return this.inline(at, indent);
  }

  /** Item `dash` (its `-`) of a sequence indented `indent` (the block reader's seq()). */
  private itemNode(dash: number, indent: number): TextNode {
    const { text } = this;
    const at = afterSpaces(text, dash + 1);
    const c = text.charCodeAt(at);
    if (c === 0x5b || c === 0x7b || c === 0x7c || c === 0x3e) return this.inline(at, indent);
    if (c === DOUBLE_QUOTE || c === QUOTE) {
      // `- "key": value` is a map whose first key is quoted, and a quoted scalar over more lines has no first line
      // here: both the tree's.
      const close = quotedEnd(text, at);
      if (close === -1 || text.charCodeAt(close) === COLON) throw BY_TREE;
      return { kind: 'scalar', start: at, end: close };
    }
    if (startsPlainKey(text, at) && this.colonOnLine(at) !== -1) return { kind: 'map', start: at, indent: columnOf(text, at) };
    return this.inline(at, indent);
  }

  /** A value that starts at `at` on its key's or item's line, in a collection indented `indent` (the block reader's inline()). */
  private inline(at: number, indent: number): TextNode {
    const { text } = this;
    const c = text.charCodeAt(at);
    switch (c) {
      case 0x26: // `&`: an anchored node, its range the tree's
        throw BY_TREE;
      case 0x2a: // `*`
        return { kind: 'alias' };
      case 0x7c: // `|`
      case 0x3e: // `>`
        return { kind: 'block' };
      case 0x5b: // `[`
      case 0x7b: {
        // `{`: on one line; an empty one holds nothing to walk into.
        const i = afterSpaces(text, at + 1);
        return { kind: text.charCodeAt(i) === (c === 0x5b ? 0x5d : 0x7d) ? 'empty' : 'flow' };
      }
      case DOUBLE_QUOTE:
      case QUOTE: {
        const end = quotedEnd(text, at);
        return end === -1 ? { kind: 'lines' } : { kind: 'scalar', start: at, end };
      }
    }
    return this.plain(at, indent + 1);
  }

  /** A plain scalar from `at`, its more lines indented `nodeIndent` or more (the block reader's plain()). */
  private plain(at: number, nodeIndent: number): TextNode {
    const { text, n } = this;
    let i = at;
    let comment = false;
    for (; i < n; i++) {
      const ch = text.charCodeAt(i);
      if (ch === LF) break;
      if (ch === HASH && text.charCodeAt(i - 1) === SPACE) {
        comment = true;
        break;
      }
    }
    let end = i;
    while (end > at && text.charCodeAt(end - 1) === SPACE) end--;
    if (!comment && i < n) {
      // The next line that is not blank: more of the scalar when indented nodeIndent or more, and no comment.
      let p = i + 1;
      let li = afterSpaces(text, p) - p;
      while (text.charCodeAt(p + li) === LF) {
        p += li + 1;
        li = afterSpaces(text, p) - p;
      }
      if (p + li < n && li >= nodeIndent && text.charCodeAt(p + li) !== HASH) return { kind: 'lines' };
    }
    return { kind: 'scalar', start: at, end };
  }

  /** The next content line after the line that holds `at` (the block reader's seekAfter); undefined at the end. */
  private nextLine(at: number): Line | undefined {
    const { text, n } = this;
    const nl = text.indexOf('\n', at);
    if (nl === -1) return undefined;
    let p = nl + 1;
    while (p < n) {
      const i = afterSpaces(text, p);
      const c = text.charCodeAt(i);
      if (c === LF) {
        p = i + 1;
        continue;
      }
      if (i >= n) break;
      if (c === HASH) {
        const next = text.indexOf('\n', i);
        if (next === -1) break;
        p = next + 1;
        continue;
      }
      return this.line(p, i, c);
    }
    return undefined;
  }

  /**
   * The next content line after the line that holds `at` indented `indent` or less: a line with spaces up to column
   * `indent` is passed over without reading the rest of its indentation (it belongs to what is above it, whatever it
   * holds). Undefined at the end.
   */
  private nextLineWithin(at: number, indent: number): Line | undefined {
    const { text, n } = this;
    let nl = text.indexOf('\n', at);
    while (nl !== -1) {
      const p = nl + 1;
      const deeper = p + indent;
      let i = p;
      while (i <= deeper && text.charCodeAt(i) === SPACE) i++;
      if (i > deeper) {
        nl = text.indexOf('\n', i);
        continue;
      }
      if (i >= n) return undefined;
      const c = text.charCodeAt(i);
      if (c === LF) {
        nl = i;
        continue;
      }
      if (c === HASH) {
        nl = text.indexOf('\n', i);
        continue;
      }
      return this.line(p, i, c);
    }
    return undefined;
  }

  /** The line that starts at `p` and whose content (`c`) starts at `i`; `marker`: a `---` or `...` line. */
  private line(p: number, i: number, c: number): Line {
    const { text, n } = this;
    let marker = false;
    if (i === p && (c === DASH || c === DOT) && text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c) {
      const after = afterSpaces(text, i + 3);
      marker = after >= n || text.charCodeAt(after) === LF;
    }
    return { start: p, indent: i - p, content: i, marker };
  }

  private isSeqLine(at: number): boolean {
    return this.text.charCodeAt(at) === DASH && this.text.charCodeAt(at + 1) === SPACE;
  }
}

/** The offset after the closing quote of a one-line quoted scalar at `at`, or -1 (the block reader's). */
function quotedEnd(text: string, at: number): number {
  const double = text.charCodeAt(at) === DOUBLE_QUOTE;
  for (let i = at + 1; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === LF) return -1;
    if (double) {
      if (ch === DOUBLE_QUOTE) return i + 1;
      // An escaped line break goes on to the next line: the scalar is not on one line.
      if (ch === 0x5c && text.charCodeAt(++i) === LF) return -1;
    } else if (ch === QUOTE) {
      if (text.charCodeAt(i + 1) === QUOTE) i++;
      else return i + 1;
    }
  }
  return -1;
}

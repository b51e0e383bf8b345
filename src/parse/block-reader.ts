/**
 * The block reader: a reader of its own for the block-style YAML that Kubernetes manifests are written in, about three
 * times faster than js-yaml with its listener (src/parse/fast-reader.ts), which it stands in front of. It reads a file
 * in one pass, line by line, with no events: parseText reads its values (blockParse without trees), and each
 * document's node tree on first use, from where that document starts (blockTree, through ParsedDocument.tree()).
 * blockParse with trees builds values and trees in the same pass (the tests compare it with both other paths).
 *
 * It reads a subset: block maps with plain or one-line quoted keys (`-Xmx:` too, `key :`), block sequences (`- `
 * items, compact maps in them), one-line plain and quoted scalars, block scalars (`|`, `>` with any chomping
 * indicator), flow collections of one-line scalars (over several lines too: flow(); a document that is one, as a JSON
 * file's), comments, and `---` between documents (spaces may follow it), with `\n` or CRLF line ends (blockRead). On
 * anything else it gives up on the whole file (returns undefined) and the file goes to the js-yaml path, which reads it
 * as it always did: tabs in block context, carriage returns that end no line, multi-line plain or quoted scalars in
 * flow collections, the anchors and aliases it does not read (below), tags, merge and explicit keys, directives,
 * markers followed by more than spaces (`--- x`, `... # c`), keys that are not strings (`1:`, `true:`), duplicate keys,
 * empty block scalars, documents that are a scalar, errors of any kind, and every case where the js-yaml path gives
 * values without trees (comments after an empty last value, or deeper than the collection they follow). What it reads, it reads exactly as the js-yaml path does: the same values, the same
 * documents at the same indexes, the same trees (test/block-reader.test.ts compares both on hand-written cases, every
 * file of the shared corpus and fuzzed text).
 *
 * Anchors and aliases (which the js-yaml path refuses, so such a file went to the `yaml` package) it reads in their
 * common shapes, exactly as the `yaml` package reader gives them (values as its toPlain builds them, trees as it adapts
 * them; test/block-differences.ts compares): `&name` before a one-line scalar or flow collection, or before a block
 * map or sequence on the lines below, as a map's value or a sequence's item; `*name` alone as a map's value or a
 * sequence's item, to an anchor before it in the same document, giving that node's value (the same object). It gives
 * up, and the `yaml` package reads the file as before, on every other shape (an anchor or alias as a key or inside a
 * flow collection, an anchor on a key, on an empty node or a block scalar, a comment after an anchor, names of other
 * characters than letters, digits, `_` and `-`, merge keys) and wherever toPlain refuses a document or may: an alias
 * with no anchor before it, an alias inside the node it names, aliases that repeat more than MAX_ALIAS_EXPANSION nodes
 * in a document (counted as toPlain counts them), nesting through aliases deeper than it reads (DEPTH).
 *
 * Plain scalars are resolved by src/parse/scalars.ts, as on both other paths.
 *
 * The same reader gives the index pass's skim (blockSkim, src/resources/skim.ts): a projected read that builds of each
 * document only the values a `Want` asks for, and reads the rest line by line all the same, so it reads the files
 * blockParse reads and gives up on the others, but for three shapes that only the `yaml` package reads on the other
 * paths (js-yaml refuses them), which it reads as that package does: duplicate keys, empty sequence item lines in
 * block scalars, and sequence items of only a comment (BlockReader's `lenient`).
 */
/* eslint-disable @typescript-eslint/no-unsafe-enum-comparison -- charCodeAt() numbers are compared with `const enum Ch`, a table of character codes (as in fast-reader.ts) */
import { NOT_RESOLVED, resolvePlain } from './scalars.js';
import { TreeAlias, TreeDocument, TreeMap, TreePair, TreeScalar, TreeSeq, type FastDocument, type TreeNode } from './tree.js';
import { afterSpaces, blockEnd, endOfLine, hasLongImplicitKey, isBlankCode, isIndicator, startsPlainKey, trimBack } from './text-scan.js';
import { MAX_ALIAS_EXPANSION } from './yaml-reader.js';

/** Thrown inside the reader when the file is not one it reads: the caller uses the js-yaml path. */
const GIVE_UP = new Error('not read by the block reader');

/** Deepest nesting of collections read here; deeper files go to the js-yaml path (which allows up to MAX_DEPTH). */
const DEPTH = 64;

/**
 * What js-yaml refuses as a character of the stream (its PATTERN_NON_PRINTABLE), and every line break but `\n`
 * (a line of a regular expression elsewhere ends at them too): any of them and the js-yaml path reads the file.
 */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const NOT_READ_HERE = /[\x00-\x08\x0B-\x1F\x7F-\x84\x86-\x9F\u2028\u2029\uFEFF\uFFFE\uFFFF\uD800-\uDFFF]/u;
/** The same without the `u` flag, faster: it also matches both halves of a pair (an emoji), so NOT_READ_HERE decides. */
// eslint-disable-next-line no-control-regex -- as above
const MAYBE_NOT_READ_HERE = /[\x00-\x08\x0B-\x1F\x7F-\x84\x86-\x9F\u2028\u2029\uFEFF\uFFFE\uFFFF\uD800-\uDFFF]/;

/**
 * A text known to hold none of NOT_READ_HERE's characters: the last one decode() found so by its bytes (knownReadable),
 * or blockRead() by the regular expression. The test of the whole text was about a tenth of the block reader's time, on every
 * file of both passes; a file read by the skim and then parsed, or decoded and then read, is tested once. Compared by
 * content (`===`: the same string at once, another of the same length by its characters).
 */
let readableText: string | undefined;

/** Note that `text` holds none of NOT_READ_HERE's characters (decode() read it from bytes readableAscii() passed). */
export function knownReadable(text: string): void {
  readableText = text;
}

/**
 * Whether ASCII bytes (every one below 0x80: the caller has checked) hold none of NOT_READ_HERE's characters: of ASCII,
 * the controls but tab and line feed (carriage return too), and DEL. Four bytes at a time (a byte-wise test on 32-bit
 * words: a quarter of the time of the regular expression on the decoded text), flags OR-ed over the whole run.
 */
export function readableAscii(bytes: Uint8Array): boolean {
  const n = bytes.length;
  let i = 0;
  // Byte by byte up to a 4-byte boundary (an Int32Array view must start at one), 4 at a time, then the last few.
  const head = Math.min(n, (4 - (bytes.byteOffset & 3)) & 3);
  for (; i < head; i++) if (isRefusedAscii(bytes[i])) return false;
  const words = (n - i) >> 2;
  if (words > 0) {
    if (wordFlags(new Int32Array(bytes.buffer, bytes.byteOffset + i, words)) & 0x80808080) return false;
    i += words * 4;
  }
  for (; i < n; i++) if (isRefusedAscii(bytes[i])) return false;
  return true;
}

/**
 * The flags of readableAscii's words OR-ed. A function of its own: V8 compiles its loop on the stack (OSR) in the first
 * big file, and code after the loop in the same function had no type feedback yet, so that compiled code gave up
 * (deoptimized) at the end of the loop of nearly every file read after (384 times in a first run).
 */
function wordFlags(view: Int32Array): number {
  let flags = 0;
  for (let k = 0; k < view.length; k++) {
    const x = view[k];
    // Per byte b of x (b < 0x80, so no carry or borrow crosses into the next byte unless a lower byte is flagged):
    // the high bit of b - 9 is set for b < 9, of (0x9f - b) & (b + 0x75) for 10 < b < 32, of b + 1 for b = 0x7f.
    flags |= (x - 0x09090909) | ((0x9f9f9f9f - x) & (x + 0x75757575)) | (x + 0x01010101);
  }
  return flags;
}

function isRefusedAscii(b: number): boolean {
  return b < 0x20 ? b !== Ch.Tab && b !== Ch.Lf : b === 0x7f;
}

const enum Ch {
  Tab = 0x09,
  Lf = 0x0a,
  Cr = 0x0d,
  Space = 0x20,
  Bang = 0x21,
  DoubleQuote = 0x22,
  Hash = 0x23,
  Percent = 0x25,
  Ampersand = 0x26,
  Quote = 0x27,
  Star = 0x2a,
  Comma = 0x2c,
  Dash = 0x2d,
  Dot = 0x2e,
  Colon = 0x3a,
  Greater = 0x3e,
  Question = 0x3f,
  At = 0x40,
  OpenBracket = 0x5b,
  Backslash = 0x5c,
  CloseBracket = 0x5d,
  Backtick = 0x60,
  OpenBrace = 0x7b,
  Pipe = 0x7c,
  CloseBrace = 0x7d,
}

function isFlowIndicator(c: number): boolean {
  return c === Ch.Comma || c === Ch.OpenBracket || c === Ch.CloseBracket || c === Ch.OpenBrace || c === Ch.CloseBrace;
}

/**
 * True when the line from `start` to `end` is an empty sequence item (`-` alone, `- -`, maybe with a comment): the
 * js-yaml path refuses a file that holds one anywhere, in a block scalar too (fast-reader.ts, EMPTY_ITEM). The block
 * reader looks at every line whose first character that is not a blank is `-`, where the structure does not refuse it.
 */
function isEmptyItemLine(text: string, start: number, end: number): boolean {
  return EMPTY_ITEM_LINE.test(text.slice(start, end));
}

/** The characters of a plain scalar's line up to one that may end its text or refuse it: a line break, tab, `:` or `#`. */
const PLAIN_RUN = /[^\n\t:#]*/y;

/** The offset of the line break that ends the line holding `at` (or the end of the text). */
function lineEnd(text: string, at: number): number {
  const nl = text.indexOf('\n', at);
  return nl === -1 ? text.length : nl;
}

const EMPTY_ITEM_LINE = /^[ \t]*(?:- +)*-[ \t]*(?:#.*)?$/;

/** A js-yaml double-quoted escape (its simpleEscapeSequence) → the text it stands for. */
function simpleEscape(c: number): string | undefined {
  switch (c) {
    case 0x30:
      return '\x00';
    case 0x61:
      return '\x07';
    case 0x62:
      return '\x08';
    case 0x74:
    case Ch.Tab:
      return '\t';
    case 0x6e:
      return '\n';
    case 0x76:
      return '\x0B';
    case 0x66:
      return '\x0C';
    case 0x72:
      return '\r';
    case 0x65:
      return '\x1B';
    case Ch.Space:
      return ' ';
    case Ch.DoubleQuote:
      return '"';
    case 0x2f:
      return '/';
    case Ch.Backslash:
      return '\\';
    case 0x4e:
      return '\x85';
    case 0x5f:
      return '\xA0';
    case 0x4c:
      return '\u2028';
    case 0x50:
      return '\u2029';
    default:
      return undefined;
  }
}

const HEX_DIGITS: Record<number, number> = { 0x78: 2, 0x75: 4, 0x55: 8 };

/**
 * The double-quoted escape whose backslash is at `i` (not one before a line break): the text it stands for and the
 * offset after it. Gives up on what js-yaml refuses (an unknown escape, short or bad hex digits, past U+10FFFF).
 */
function escapeAt(text: string, i: number): [string, number] {
  const c = text.charCodeAt(i + 1);
  const simple = simpleEscape(c);
  if (simple !== undefined) return [simple, i + 2];
  const digits = HEX_DIGITS[c];
  if (!digits) throw GIVE_UP;
  const hex = text.slice(i + 2, i + 2 + digits);
  if (hex.length !== digits || !/^[0-9a-fA-F]+$/.test(hex)) throw GIVE_UP;
  const code = parseInt(hex, 16);
  if (code > 0x10ffff) throw GIVE_UP;
  return [String.fromCodePoint(code), i + 2 + digits];
}

const enum Marker {
  None,
  Start,
  End,
}

/**
 * Plain keys seen before, each the one string every map that has it is given: the same few hundred keys make up most
 * of a repository's maps, and an object's property is set fastest with a key V8 has seen as one before. A table of its
 * own, open addressing by a hash that keyColon computes while it scans the key anyway: a key seen before is found
 * without slicing it out of the text (a new string to hash and collect for every key of every map). It starts with few
 * slots and doubles, up to KEY_SLOTS, whenever half of them are taken, then starts over when half are taken: a run that
 * reads one small file does not fill 32,768 slots at start (about 0.5 ms of every run, most of it fresh pages).
 */
const KEY_SLOTS = 1 << 15;
const FIRST_KEY_SLOTS = 1 << 9;
let keySlots = FIRST_KEY_SLOTS;
let KEY_TABLE: Array<string | undefined> = new Array<string | undefined>(keySlots).fill(undefined);
let KEY_HASHES = new Int32Array(keySlots);
let keyCount = 0;
/** The slots a look-up tries at most (at least half the slots are free: a new key finds one in one or two tries). */
const MAX_PROBES = 32;

/** Keep a key at the first free slot from its hash (not kept when MAX_PROBES slots from there are taken). */
function keepKey(key: string, hash: number): void {
  const mask = keySlots - 1;
  let slot = hash & mask;
  for (let probes = 0; KEY_TABLE[slot] !== undefined; slot = (slot + 1) & mask) if (++probes === MAX_PROBES) return;
  KEY_TABLE[slot] = key;
  KEY_HASHES[slot] = hash;
  keyCount++;
}

/** Twice the slots, each key kept moved to its slot in the new table. */
function growKeyTable(): void {
  const table = KEY_TABLE;
  const hashes = KEY_HASHES;
  keySlots *= 2;
  KEY_TABLE = new Array<string | undefined>(keySlots).fill(undefined);
  KEY_HASHES = new Int32Array(keySlots);
  keyCount = 0;
  for (let i = 0; i < table.length; i++) {
    const key = table[i];
    if (key !== undefined) keepKey(key, hashes[i]);
  }
}

/** The hash of a key: of its characters' codes, from the first, by `(h * 31 + code) | 0` (keyColon). */
function nextHash(h: number, code: number): number {
  return (Math.imul(h, 31) + code) | 0;
}

interface Read {
  value: unknown;
  node: TreeNode | null;
}

/**
 * What a projected read (blockSkim) builds of a node; the rest it reads as it reads everything (giving up where the
 * block reader gives up) without building its value:
 * - `whole`: the node's value, as blockParse builds it;
 * - `skip`: nothing (its key is left out of the map that holds it);
 * - `shape`: what the node is: an empty map for a block map, an empty array for a block sequence, null for a scalar
 *   (a flow collection is built whole);
 * - `{ key }`: a map with the keys the function asks for (called for each key in order, with the map built so far),
 *   the others left out; a node that is not a block map is built whole;
 * - `{ item }`: an array with each item read as `item` asks; a node that is not a block sequence is built whole.
 */
export type Want = 'whole' | 'skip' | 'shape' | KeyWant | ItemWant;
export interface KeyWant {
  key: (key: string, built: Record<string, unknown>) => Want;
}
export interface ItemWant {
  item: Want;
}

/** A read node whose value was not built. */
const SKIPPED: Read = { value: null, node: null };
/** The value of a skipped map (never written to). */
const UNBUILT: Record<string, unknown> = Object.freeze({});

/** Maps of a projected read with more keys than this find duplicates with a Set (else in an array). */
const KEY_LIST = 16;

/**
 * A node with an anchor (`&name`), for the aliases after it: its value (which every alias to it gives, the same object,
 * as the `yaml` package reader's toPlain shares it), and the size and depth toPlain counts for it (measured on the
 * first alias: -1 until then).
 */
interface Anchored {
  value: unknown;
  size: number;
  depth: number;
  /** An anchored collection being read: an alias to it is inside it (a cycle, which toPlain refuses). */
  pending: boolean;
}

/** The name of an anchor or alias as read here (the yaml package allows more characters: left to it). */
const NAME = /[A-Za-z0-9_-]+/y;

/**
 * What a projected read (blockSkim) builds of a node whose whole value is `value` (an anchored node, or an alias to
 * one), as it builds it when it reads the node itself (Want): nothing for `skip`; for `shape`, an empty map or array,
 * or null for a scalar; a map with the keys a `{ key }` asks for, or the items of an array each as `{ item }` asks (any
 * other value whole). One difference: a flow collection where `shape` is asked is an empty one here, where the read
 * builds it whole (what the index reads of a shape is whether it is a map, src/resources/skim.ts).
 */
function project(value: unknown, want: Want): unknown {
  if (want === 'whole') return value;
  if (want === 'skip') return null;
  const isArray = Array.isArray(value);
  const isMap = typeof value === 'object' && value !== null && !isArray;
  if (want === 'shape') return isArray ? [] : isMap ? {} : null;
  if ('key' in want) {
    if (!isMap) return value;
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      const child = want.key(key, out);
      if (child !== 'skip') out[key] = project(v, child);
    }
    return out;
  }
  return isArray ? (value as unknown[]).map((item) => project(item, want.item)) : value;
}

/**
 * The nodes and nesting of a value as the `yaml` package reader's toPlain counts them for the node that built it (one
 * for a scalar, a collection and each key, the values' own; what an alias repeats counted in full), or undefined when
 * it holds more than `budget` nodes (the walk stops there: a value an alias bomb built can be huge).
 */
function measure(value: unknown, budget: number): { size: number; depth: number } | undefined {
  let size = 0;
  let depth = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [v, level] = stack.pop()!;
    if (++size > budget) return undefined;
    if (typeof v !== 'object' || v === null) continue;
    if (level + 1 > depth) depth = level + 1;
    if (Array.isArray(v)) {
      for (const item of v) stack.push([item, level + 1]);
    } else {
      for (const key of Object.keys(v)) {
        if (++size > budget) return undefined;
        stack.push([(v as Record<string, unknown>)[key], level + 1]);
      }
    }
  }
  return { size, depth };
}

/** A node of a tree with the anchor `name` on it (no tree: null). */
function withAnchor(node: TreeNode | null, name: string): TreeNode | null {
  if (node instanceof TreeScalar) return new TreeScalar(node.value, node.style, node.start, node.end, name);
  if (node instanceof TreeMap) return new TreeMap(node.items, node.flow, node.start, node.end, name);
  if (node instanceof TreeSeq) return new TreeSeq(node.items, node.flow, node.start, node.end, name);
  return node;
}

/** A number JSON writes as itself (not -0, which it writes as 0, nor an infinity or NaN, which it writes as null). */
function isJsonNumber(value: number): boolean {
  return Number.isFinite(value) && !Object.is(value, -0);
}

class BlockReader {
  private readonly n: number;
  /** The current content line: its start, indentation and first character's offset (at the end: all `n`, indent -1). */
  private ls = 0;
  private ind = 0;
  private cs = 0;
  private atEnd = false;
  /** The current line is a marker alone: `---` (START) or `...` (END); else NONE. */
  private marker = Marker.None;
  private depth = 0;
  /** Where the last scalar read on a line ended (js-yaml's position then). */
  private scalarEnd = 0;
  /** The hash (nextHash) of the plain key whose colon keyColon found last. */
  private keyHash = 0;
  /** The last run of spaces afterSpaces() found: from, to. */
  private spacesFrom = -1;
  private spacesTo = 0;
  /** The current document's anchors, by name (the last one of a name wins, as on the `yaml` path). */
  private anchors: Map<string, Anchored> | undefined;
  /** The nodes the current document's aliases repeat, counted as the `yaml` package reader's toPlain counts them. */
  private expansion = 0;
  /** The current document has a duplicate key (a lenient read goes on reading it, and gives it as null). */
  private broken = false;
  /** A value read may be one JSON does not carry exactly (-0, .inf, .nan), or an object reached twice (an alias). */
  inexact = false;
  /** The keys read so far of the map read at each level of nesting whose value is not built whole (map()). */
  private readonly keyLists: string[][] = [];
  private readonly keySets: Array<Set<string>> = [];

  constructor(
    private readonly text: string,
    private readonly trees: boolean,
    /** What a projected read builds of each document (blockSkim). */
    private readonly want: Want = 'whole',
    /**
     * A projected read of the index pass reads three shapes more, of texts that only the `yaml` package reads on the
     * other paths (js-yaml refuses them), as it reads them: a document with a duplicate key in a block map is broken
     * (given as null: it holds no object), an empty sequence item line inside a block scalar is text, and a sequence
     * item of only a comment holds the block map or sequence on the lines below it (lenientItem).
     */
    private readonly lenient = false,
  ) {
    this.n = text.length;
  }

  read(): FastDocument[] {
    const documents: FastDocument[] = [];
    this.seek(0);
    // A file of comments and blank lines, or one that starts with `...`: js-yaml's count of its documents is its own.
    if (this.atEnd || this.marker === Marker.End) throw GIVE_UP;
    for (;;) {
      // A document: `---` (or nothing, at the start of the file or after `...`), its root node or nothing, maybe `...`.
      if (this.mark() === Marker.Start) this.seekAfter(this.cs);
      // Anchors and what aliases repeat are the document's own.
      this.anchors = undefined;
      this.expansion = 0;
      this.broken = false;
      if (this.atEnd || this.mark() !== Marker.None) {
        documents.push({ value: null, tree: this.trees ? new TreeDocument(null) : undefined });
      } else {
        if (this.ind !== 0) throw GIVE_UP;
        const at = this.ls;
        const root = this.root(this.want);
        if (this.broken) documents.push({ value: null, tree: undefined });
        else documents.push(this.trees ? { value: root.value, tree: new TreeDocument(root.node) } : { value: root.value, tree: undefined, at });
      }
      if (this.mark() === Marker.End) {
        this.seekAfter(this.cs);
        if (this.mark() === Marker.End) throw GIVE_UP;
      } else if (!this.atEnd && this.mark() !== Marker.Start) {
        throw GIVE_UP;
      }
      if (this.atEnd) return documents;
    }
  }

  /**
   * The node tree of the document whose root starts on the line at `at` (a document read() read, at the offset it gave):
   * read again from there as read() reads it, so it is the tree a read of the whole file with trees gives.
   */
  tree(at: number): TreeDocument {
    this.seek(at);
    return new TreeDocument(this.root('whole').node);
  }

  /**
   * A document's root node, on the current line at column 0: a block sequence or map, or a flow collection (a JSON
   * file's document), whose lines may be at any column (flowSpace(), indent -1) and after which only comments may
   * follow up to the next document marker (read() gives up on anything else).
   */
  private root(want: Want): Read {
    if (this.isSeqLine()) return this.seq(0, want);
    if (this.isFlowLine()) return this.inline(this.cs, -1, want);
    return this.map(0, want);
  }

  /** The current line's marker (a method: the reader's moves change it between two reads). */
  private mark(): Marker {
    return this.marker;
  }

  /**
   * The offset after the spaces from `at`, the last one found kept: a plain scalar or a block scalar looks at the
   * indentation of the line after it (is it more of the scalar?) and seek() then looks at the same line again.
   */
  private afterSpaces(at: number): number {
    if (at === this.spacesFrom) return this.spacesTo;
    const to = afterSpaces(this.text, at);
    this.spacesFrom = at;
    this.spacesTo = to;
    return to;
  }

  /** Move to the first line at or after `p` (a line start) that holds more than blanks and a comment. */
  private seek(p: number): void {
    const { text, n } = this;
    while (p < n) {
      const i = this.afterSpaces(p);
      const c = text.charCodeAt(i);
      if (c === Ch.Lf) {
        p = i + 1;
        continue;
      }
      if (i >= n) break;
      if (c === Ch.Hash) {
        const nl = text.indexOf('\n', i);
        if (nl === -1) break;
        p = nl + 1;
        continue;
      }
      if (c === Ch.Tab) throw GIVE_UP;
      this.ls = p;
      this.ind = i - p;
      this.cs = i;
      this.marker = Marker.None;
      if (i === p && (c === Ch.Dash || c === Ch.Dot) && text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c) {
        // `---` alone (or followed by spaces) starts a document, `...` ends one; `--- x`, `... # c` and the like are
        // left to js-yaml.
        const after = afterSpaces(text, i + 3);
        if (text.charCodeAt(after) === Ch.Lf || after >= n) this.marker = c === Ch.Dash ? Marker.Start : Marker.End;
        else if (isBlankCode(text.charCodeAt(i + 3))) throw GIVE_UP;
      }
      return;
    }
    this.atEnd = true;
    this.marker = Marker.None;
    this.ls = this.cs = n;
    this.ind = -1;
  }

  /** The next line after the one that holds `at`. */
  private seekAfter(at: number): void {
    const nl = this.text.indexOf('\n', at);
    this.seek(nl === -1 ? this.n : nl + 1);
  }

  private isSeqLine(): boolean {
    return this.text.charCodeAt(this.cs) === Ch.Dash && this.text.charCodeAt(this.cs + 1) === Ch.Space;
  }

  private isFlowLine(): boolean {
    const c = this.text.charCodeAt(this.cs);
    return c === Ch.OpenBracket || c === Ch.OpenBrace;
  }

  private enter(): void {
    if (++this.depth > DEPTH) throw GIVE_UP;
  }

  /**
   * A block map whose first key starts the current line (or, in a sequence item, at `cs`), indented `indent`; `want`:
   * what of it a projected read builds.
   */
  private map(indent: number, want: Want): Read {
    this.enter();
    const { text, trees } = this;
    const keyWant = typeof want === 'object' && 'key' in want ? want : undefined;
    const whole = keyWant === undefined && want !== 'skip' && want !== 'shape';
    const value: Record<string, unknown> = want === 'skip' ? UNBUILT : {};
    // The keys of a map not built whole (skipped keys are not in its value), to find duplicates.
    // They are held by the reader, one list and set per level of nesting (one map is read at a time on each), and
    // reused: a new list for every map read was most of the skim's garbage (a CRD's schema has thousands).
    const level = this.depth;
    const keyList = whole ? undefined : (this.keyLists[level] ??= []);
    let keyCount = 0;
    let keySet: Set<string> | undefined;
    const items: TreePair[] | null = trees ? [] : null;
    const start = this.cs;
    for (;;) {
      const keyStart = this.cs;
      const colon = this.keyColon(keyStart);
      if (colon === -1) throw GIVE_UP;
      const key = this.keyValue(keyStart, colon);
      let childWant: Want = 'whole';
      if (whole) {
        if (Object.prototype.hasOwnProperty.call(value, key)) this.duplicateKey();
      } else {
        // `"__proto__"` (a quoted key): a projected read leaves it to the whole read.
        if (key === '__proto__') throw GIVE_UP;
        if (keySet) {
          if (keySet.has(key)) this.duplicateKey();
          keySet.add(key);
        } else {
          for (let k = 0; k < keyCount; k++) if (keyList![k] === key) this.duplicateKey();
          keyList![keyCount++] = key;
          if (keyCount > KEY_LIST) {
            keySet = this.keySets[level] ??= new Set();
            keySet.clear();
            for (let k = 0; k < keyCount; k++) keySet.add(keyList![k]);
          }
        }
        childWant = keyWant ? keyWant.key(key, value) : 'skip';
      }
      const keyNode = trees ? new TreeScalar(key, this.keyStyle(keyStart), keyStart, this.scalarEnd) : null;
      let at = colon + 1;
      while (text.charCodeAt(at) === Ch.Space) at++;
      const c = text.charCodeAt(at);
      let read: Read;
      if (c === Ch.Lf || c === Ch.Hash || at >= this.n) {
        if (c === Ch.Hash && at === colon + 1) throw GIVE_UP;
        this.seekAfter(at);
        if (!this.atEnd && this.marker === Marker.None && this.ind > indent) {
          if (this.isSeqLine()) read = this.seq(this.ind, childWant);
          // A flow collection alone below its key (`annotations:` then `{}`), read as one after the key.
          else if (this.isFlowLine()) read = this.inline(this.cs, indent, childWant);
          else read = this.map(this.ind, childWant);
        } else if (!this.atEnd && this.marker === Marker.None && this.ind === indent && this.isSeqLine()) {
          read = this.seq(indent, childWant);
        } else {
          read = { value: null, node: trees ? new TreeScalar(null, 'PLAIN', at, at) : null };
        }
      } else {
        if (c === Ch.Tab) throw GIVE_UP;
        read =
          c === Ch.Ampersand ? this.anchored(at, indent, true, childWant) : c === Ch.Star ? this.alias(at, childWant) : this.inline(at, indent, childWant);
        if (!this.atEnd && this.marker === Marker.None && this.ind > indent) throw GIVE_UP;
      }
      if (whole || (keyWant && childWant !== 'skip')) value[key] = read.value;
      if (items) items.push(new TreePair(keyNode, read.node));
      if (this.atEnd || this.marker !== Marker.None || this.ind < indent) break;
      if (this.ind > indent || this.isSeqLine()) throw GIVE_UP;
    }
    this.depth--;
    if (!items) return want === 'skip' ? SKIPPED : { value, node: null };
    const last = items[items.length - 1].value!;
    let end: number;
    if (last.start === last.end && last instanceof TreeScalar && last.value === null) {
      // js-yaml's path gives no trees when a comment follows an empty last value.
      let at = last.end;
      while (at < this.n && isBlankCode(text.charCodeAt(at))) at++;
      if (text.charCodeAt(at) === Ch.Hash) throw GIVE_UP;
      end = last.end;
    } else {
      end = this.blockEnd(last, start);
    }
    // Arrays built by push() have room to spare (at least 17 items); a tree outlives the file's checks, so its arrays
    // are copied to their exact length: the trees and values of the real corpus take a fifth less memory.
    return { value, node: new TreeMap(items.slice(), false, start, end) };
  }

  /**
   * A key a block map of the current document already has: the `yaml` package reports it and the document holds
   * nothing (the js-yaml path refuses the file, so the `yaml` package reads it). A lenient read goes on reading the
   * document (giving up where it gives up), the others give up.
   */
  private duplicateKey(): void {
    if (!this.lenient) throw GIVE_UP;
    this.broken = true;
  }

  /** A block sequence whose first `- ` starts the current line's content, at column `indent`; `want` as for map(). */
  private seq(indent: number, want: Want): Read {
    this.enter();
    const { text, trees } = this;
    // What each item is read as, and whether it goes into the value (not for `skip` and `shape`).
    const itemWant: Want = typeof want === 'object' && 'item' in want ? want.item : want === 'skip' || want === 'shape' ? 'skip' : 'whole';
    const push = want !== 'skip' && want !== 'shape';
    const value: unknown[] = [];
    const items: TreeNode[] | null = trees ? [] : null;
    const start = this.cs;
    for (;;) {
      let at = this.cs + 1;
      while (text.charCodeAt(at) === Ch.Space) at++;
      const c = text.charCodeAt(at);
      let read: Read;
      if (c === Ch.Hash && this.lenient) {
        // `- # comment`, its node on the lines below (a lenient read only, which gives no trees).
        read = this.lenientItem(at, indent, itemWant);
      } else if (
        // `- - x`, `- ? x`, `- # comment` (and `-` alone, refused before; `- ` at the end of the text): js-yaml's.
        at >= this.n ||
        c === Ch.Tab ||
        c === Ch.Lf ||
        c === Ch.Hash ||
        ((c === Ch.Dash || c === Ch.Question) && text.charCodeAt(at + 1) === Ch.Space) ||
        // `- -#x`: a plain scalar to both readers, but an empty item to the js-yaml path (EMPTY_ITEM), which refuses it.
        (c === Ch.Dash && text.charCodeAt(at + 1) === Ch.Hash)
      ) {
        throw GIVE_UP;
      } else if (c !== Ch.OpenBracket && c !== Ch.OpenBrace && c !== Ch.Pipe && c !== Ch.Greater && this.keyColon(at) !== -1) {
        // A compact map: `- key: value`, its other keys below the first.
        this.cs = at;
        this.ind = at - this.ls;
        read = this.map(this.ind, itemWant);
      } else {
        read = c === Ch.Ampersand ? this.anchored(at, indent, false, itemWant) : c === Ch.Star ? this.alias(at, itemWant) : this.inline(at, indent, itemWant);
        if (!this.atEnd && this.marker === Marker.None && this.ind > indent) throw GIVE_UP;
      }
      if (push) value.push(read.value);
      if (items) items.push(read.node!);
      if (this.atEnd || this.marker !== Marker.None || this.ind < indent) break;
      if (this.ind > indent) throw GIVE_UP;
      if (!this.isSeqLine()) break;
    }
    this.depth--;
    if (!items) return want === 'skip' ? SKIPPED : { value: value.slice(), node: null };
    return { value: value.slice(), node: new TreeSeq(items.slice(), false, start, this.blockEnd(items[items.length - 1], start)) };
  }

  /**
   * A sequence item of a lenient read that is only a comment (`- # c`, the `#` at `at`), in a sequence at column
   * `indent`: the block map or sequence that starts on the next line holding more than a comment, indented deeper than
   * the `-`, as the `yaml` package reads it (the js-yaml path refuses such a line). An empty item (nothing deeper
   * below) or any other node is left to the whole reading.
   */
  private lenientItem(at: number, indent: number, want: Want): Read {
    this.seekAfter(at);
    if (this.atEnd || this.marker !== Marker.None || this.ind <= indent || this.isFlowLine()) throw GIVE_UP;
    return this.isSeqLine() ? this.seq(this.ind, want) : this.map(this.ind, want);
  }

  /**
   * Where the js-yaml path ends a block collection whose last node is `last` (fast-reader.ts, blockEnd), giving up
   * where it gives no trees (a comment after the collection, indented deeper than it).
   */
  private blockEnd(last: TreeNode, start: number): number {
    const end = blockEnd(this.text, last, start);
    if (end === undefined) throw GIVE_UP;
    return end;
  }

  /**
   * The offset of the `:` of a key starting at `at` on its line (followed by a space or the line's end), or -1 when the
   * line holds no such key.
   */
  private keyColon(at: number): number {
    const { text, n } = this;
    const c = text.charCodeAt(at);
    if (c === Ch.DoubleQuote || c === Ch.Quote) {
      const close = c === Ch.DoubleQuote ? this.doubleQuotedEnd(at) : this.singleQuotedEnd(at);
      if (close === -1 || text.charCodeAt(close) !== Ch.Colon) return -1;
      const after = text.charCodeAt(close + 1);
      return after === Ch.Space || after === Ch.Lf || close + 1 >= n ? close : -1;
    }
    // A key may start with `-` followed by what is neither a blank nor another `-` (`-Xmx: 1g`, JVM options).
    if (!startsPlainKey(text, at) || c === Ch.Tab) return -1;
    let hash = nextHash(0, c);
    for (let i = at + 1; i < n; i++) {
      const ch = text.charCodeAt(i);
      if (ch === Ch.Lf) return -1;
      if (ch === Ch.Colon) {
        const after = text.charCodeAt(i + 1);
        if (after === Ch.Space || after === Ch.Lf || i + 1 >= n) {
          this.keyHash = hash;
          return i;
        }
      } else if (ch === Ch.Hash && text.charCodeAt(i - 1) === Ch.Space) {
        return -1;
      } else if (ch === Ch.Tab) {
        throw GIVE_UP;
      }
      hash = nextHash(hash, ch);
    }
    return -1;
  }

  /** The key that starts at `at` and ends before `colon` (sets scalarEnd). */
  private keyValue(at: number, colon: number): string {
    const { text } = this;
    const c = text.charCodeAt(at);
    if (c === Ch.DoubleQuote || c === Ch.Quote) {
      this.scalarEnd = colon;
      const key = c === Ch.DoubleQuote ? this.doubleQuoted(at, colon) : this.singleQuoted(at, colon);
      // `"__proto__"`: `value[key] =` would set the map's prototype (its keys inherited, not its own); the other readers
      // make it a key of its own.
      if (key === '__proto__') throw GIVE_UP;
      return key;
    }
    // `key :`: the key ends before the spaces (js-yaml's plain scalar); its hash counted them, so it is not looked up.
    if (text.charCodeAt(colon - 1) === Ch.Space) return this.spacedKey(at, colon);
    this.scalarEnd = colon;
    // keyColon found this colon last (map() asks for the key right after it), and hashed the key on the way.
    const hash = this.keyHash;
    const length = colon - at;
    const mask = keySlots - 1;
    let slot = hash & mask;
    let probes = 0;
    for (let key = KEY_TABLE[slot]; key !== undefined; key = KEY_TABLE[slot]) {
      if (KEY_HASHES[slot] === hash && key.length === length && text.startsWith(key, at)) return key;
      slot = (slot + 1) & mask;
      // Keys whose hashes are the same are easy to write ("Aa" and "BB"): a file of thousands of them would make every
      // look-up walk all the others (seconds for a file of 600 KB). Past MAX_PROBES slots the key is not kept.
      if (++probes === MAX_PROBES) break;
    }
    const source = text.slice(at, colon);
    if (source === '<<' || source === '__proto__' || resolvePlain(source) !== NOT_RESOLVED) throw GIVE_UP;
    // The property name V8 made of it: a string of its own, where `source` is a slice that would keep the file's text.
    const key = Object.keys({ [source]: null })[0];
    if (probes === MAX_PROBES) return key;
    // At most half the slots are taken: the table grows while it can, else starts over.
    if (keyCount >= keySlots / 2) {
      if (keySlots < KEY_SLOTS) growKeyTable();
      else {
        KEY_TABLE.fill(undefined);
        keyCount = 0;
      }
      keepKey(key, hash);
      return key;
    }
    KEY_TABLE[slot] = key;
    KEY_HASHES[slot] = hash;
    keyCount++;
    return key;
  }

  /** A plain key followed by spaces before its colon (`nvidia.com/gpu : "1"`): the key is what comes before them. */
  private spacedKey(at: number, colon: number): string {
    let end = colon;
    while (this.text.charCodeAt(end - 1) === Ch.Space) end--;
    this.scalarEnd = end;
    const source = this.text.slice(at, end);
    // Keys js-yaml reads as something else than a string (`1 :`), or refuses (`<< :`, a merge key).
    if (source === '<<' || source === '__proto__' || resolvePlain(source) !== NOT_RESOLVED) throw GIVE_UP;
    return Object.keys({ [source]: null })[0];
  }

  private keyStyle(at: number): 'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE' {
    const c = this.text.charCodeAt(at);
    return c === Ch.DoubleQuote ? 'QUOTE_DOUBLE' : c === Ch.Quote ? 'QUOTE_SINGLE' : 'PLAIN';
  }

  /**
   * A value that starts at `at` on a line (after `key: ` or `- `) inside a collection indented `indent`: a one-line
   * scalar or flow collection, or a block scalar. Moves to the next content line. A scalar that `want` skips or
   * shapes is read without building its value (null).
   */
  private inline(at: number, indent: number, want: Want): Read {
    const { text, trees } = this;
    const c = text.charCodeAt(at);
    const skip = want === 'skip' || want === 'shape';
    if (c === Ch.Pipe || c === Ch.Greater) return this.blockScalar(at, indent, skip);
    let read: Read;
    if (c === Ch.OpenBracket || c === Ch.OpenBrace) {
      this.enter();
      read = this.flow(at, indent);
      this.depth--;
    } else if (c === Ch.DoubleQuote || c === Ch.Quote) {
      const value = this.quoted(at, indent + 1);
      read = skip
        ? SKIPPED
        : { value, node: trees ? new TreeScalar(value, c === Ch.DoubleQuote ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE', at, this.scalarEnd) : null };
    } else {
      read = this.plain(at, indent + 1, skip);
    }
    this.restOfLine();
    return read;
  }

  /** After a node that ends at scalarEnd: nothing but blanks and a comment on the line. Moves to the next content line. */
  private restOfLine(): void {
    const { text } = this;
    let after = this.scalarEnd;
    let ch = text.charCodeAt(after);
    if (ch !== Ch.Lf && after < this.n && ch !== Ch.Space) throw GIVE_UP;
    while (ch === Ch.Space) ch = text.charCodeAt(++after);
    if (ch === Ch.Hash) this.seekAfter(after);
    else if (ch === Ch.Lf || after >= this.n) this.seek(after + 1);
    else throw GIVE_UP;
  }

  /**
   * The end of the name of the anchor or alias whose `&` or `*` is at `at`: a name of letters, digits, `_` and `-`,
   * followed by a space or the line's end (any other name is the `yaml` package's to read).
   */
  private nameEnd(at: number): number {
    const { text } = this;
    NAME.lastIndex = at + 1;
    if (!NAME.test(text)) throw GIVE_UP;
    const end = NAME.lastIndex;
    const c = text.charCodeAt(end);
    if (c !== Ch.Space && c !== Ch.Lf && end < this.n) throw GIVE_UP;
    return end;
  }

  /**
   * A node with an anchor, `&name` at `at` (after `key: `, or `- ` when not `inMap`): a one-line plain or quoted scalar
   * or flow collection after it on the line, or a block map or sequence on the lines below (indented deeper, or a
   * sequence flush with the key that holds it), as the node without the anchor would be read. Anything else with an
   * anchor is the `yaml` package's: a block scalar, an empty node, a comment after the anchor, an anchor on a key or on
   * its own line before a map's first key, an anchor or alias inside a flow collection. The node is built
   * whole whatever `want` asks (aliases after it may repeat any of it), and given as `want` asks (project()).
   */
  private anchored(at: number, indent: number, inMap: boolean, want: Want): Read {
    const { text, n } = this;
    const end = this.nameEnd(at);
    const name = text.slice(at + 1, end);
    const anchors = (this.anchors ??= new Map<string, Anchored>());
    // The name is the node's from here (toPlain names it before it reads what is inside, where an anchor of the same
    // name takes the name over), and an alias inside the node to it is a cycle, refused in alias().
    const anchored: Anchored = { value: undefined, size: -1, depth: -1, pending: true };
    anchors.set(name, anchored);
    let p = end;
    while (text.charCodeAt(p) === Ch.Space) p++;
    const c = text.charCodeAt(p);
    let read: Read;
    if (c === Ch.Lf || p >= n) {
      this.seekAfter(p);
      if (this.atEnd || this.marker !== Marker.None) throw GIVE_UP;
      if (this.ind > indent) read = this.isSeqLine() ? this.seq(this.ind, 'whole') : this.map(this.ind, 'whole');
      else if (inMap && this.ind === indent && this.isSeqLine()) read = this.seq(indent, 'whole');
      else throw GIVE_UP;
    } else {
      switch (c) {
        case Ch.Hash:
        case Ch.Pipe:
        case Ch.Greater:
        case Ch.Ampersand:
        case Ch.Star:
        case Ch.Bang:
        case Ch.Tab:
          throw GIVE_UP;
      }
      read = this.inline(p, indent, 'whole');
    }
    read = { value: read.value, node: withAnchor(read.node, name) };
    anchored.value = read.value;
    anchored.pending = false;
    return want === 'whole' ? read : { value: project(read.value, want), node: null };
  }

  /**
   * An alias, `*name` at `at` (after `key: ` or `- `), to an anchor before it in the document: the anchored node's
   * value, the same object (in a projected read: what `want` asks of it, project()). Gives up where the `yaml` package reader's toPlain refuses it or may (no such anchor before
   * it, a cycle, more than MAX_ALIAS_EXPANSION nodes repeated in the document, nesting through aliases deeper than this
   * reader reads) and on a name it does not read. Moves to the next content line.
   */
  private alias(at: number, want: Want): Read {
    const end = this.nameEnd(at);
    const name = this.text.slice(at + 1, end);
    const target = this.anchors?.get(name);
    if (target === undefined || target.pending) throw GIVE_UP;
    if (target.size < 0) {
      const measured = measure(target.value, MAX_ALIAS_EXPANSION);
      if (!measured) throw GIVE_UP;
      target.size = measured.size;
      target.depth = measured.depth;
    }
    this.expansion += target.size;
    this.inexact = true;
    if (this.expansion > MAX_ALIAS_EXPANSION || this.depth + target.depth > DEPTH) throw GIVE_UP;
    this.scalarEnd = end;
    this.restOfLine();
    if (want !== 'whole') return { value: project(target.value, want), node: null };
    return { value: target.value, node: this.trees ? new TreeAlias(name, at, end) : null };
  }

  /**
   * A plain scalar in block context, from `at`, its lines after the first indented `nodeIndent` or more (js-yaml's
   * readPlainScalar): sets scalarEnd after its last character. `skip`: read without building its value.
   */
  private plain(at: number, nodeIndent: number, skip = false): Read {
    const { text, n } = this;
    const c = text.charCodeAt(at);
    if (isIndicator(c)) {
      // `-x` and `:x` are plain scalars; the other indicators start none the js-yaml path reads (it refuses `?x`).
      if (!(c === Ch.Dash || c === Ch.Colon)) throw GIVE_UP;
      const next = text.charCodeAt(at + 1);
      if (isBlankCode(next) || at + 1 >= n) throw GIVE_UP;
    }
    let end: number;
    let from = at;
    let source = '';
    for (;;) {
      let i = from;
      let comment = false;
      for (;;) {
        // To the next character that may end the line's text or refuse it (a line break, tab, colon or hash).
        PLAIN_RUN.lastIndex = i;
        if (PLAIN_RUN.test(text)) i = PLAIN_RUN.lastIndex;
        if (i >= n) break;
        const ch = text.charCodeAt(i);
        if (ch === Ch.Lf) break;
        if (ch === Ch.Hash) {
          if (isBlankCode(text.charCodeAt(i - 1))) {
            comment = true;
            break;
          }
        } else if (ch === Ch.Colon) {
          const next = text.charCodeAt(i + 1);
          if (next === Ch.Space || next === Ch.Lf || i + 1 >= n) throw GIVE_UP;
        } else {
          throw GIVE_UP;
        }
        i++;
      }
      // The line's text ends after its last character that is not a space (the line's first one is not).
      end = i;
      while (end > from && text.charCodeAt(end - 1) === Ch.Space) end--;
      if (!skip) source += text.slice(from, end);
      if (comment || i >= n) break;
      // The next line that is not blank: more of the scalar when indented nodeIndent or more (a comment ends it).
      let p = i + 1;
      let breaks = 1;
      let li: number;
      for (;;) {
        li = this.afterSpaces(p) - p;
        if (text.charCodeAt(p + li) !== Ch.Lf) break;
        breaks++;
        p += li + 1;
      }
      const next = text.charCodeAt(p + li);
      if (p + li >= n || li < nodeIndent || next === Ch.Hash) break;
      if (next === Ch.Dash && isEmptyItemLine(text, p, lineEnd(text, p + li))) throw GIVE_UP;
      if (!skip) source += breaks === 1 ? ' ' : '\n'.repeat(breaks - 1);
      from = p + li;
    }
    if (skip) {
      // `<<` (below), unbuilt: only a scalar of one line can be it (more lines join with a blank).
      if (from === at && end - at === 2 && text.charCodeAt(at) === 0x3c && text.charCodeAt(at + 1) === 0x3c) throw GIVE_UP;
      this.scalarEnd = end;
      return SKIPPED;
    }
    // `<<` is a merge key to the js-yaml path, which refuses it (as a value too).
    if (source === '<<') throw GIVE_UP;
    const resolved = resolvePlain(source);
    const value = resolved === NOT_RESOLVED ? source : resolved;
    if (typeof value === 'number' && !isJsonNumber(value)) this.inexact = true;
    this.scalarEnd = end;
    return { value, node: this.trees ? new TreeScalar(value, 'PLAIN', at, end) : null };
  }

  /**
   * A quoted scalar from `at` (its quote), its lines after the first indented `nodeIndent` or more: js-yaml's
   * readSingleQuotedScalar and readDoubleQuotedScalar. Sets scalarEnd after the closing quote.
   */
  private quoted(at: number, nodeIndent: number): string {
    const { text, n } = this;
    const double = text.charCodeAt(at) === Ch.DoubleQuote;
    let value = '';
    let i = at + 1;
    let captureStart = i;
    let captureEnd = i;
    while (i < n) {
      const ch = text.charCodeAt(i);
      if (double ? ch === Ch.DoubleQuote : ch === Ch.Quote) {
        value += text.slice(captureStart, i);
        i++;
        if (!double && text.charCodeAt(i) === Ch.Quote) {
          value += "'";
          i++;
          captureStart = captureEnd = i;
          continue;
        }
        this.scalarEnd = i;
        return value;
      }
      if (ch === Ch.Backslash && double) {
        value += text.slice(captureStart, i);
        const c = text.charCodeAt(i + 1);
        if (c === Ch.Lf) {
          // An escaped line break: the next line's leading blanks and any blank lines go.
          i = this.continuation(i + 1, nodeIndent).at;
        } else {
          const [escaped, next] = escapeAt(text, i);
          value += escaped;
          i = next;
        }
        captureStart = captureEnd = i;
        continue;
      }
      if (ch === Ch.Lf) {
        value += text.slice(captureStart, captureEnd);
        const next = this.continuation(i, nodeIndent);
        value += next.breaks === 1 ? ' ' : '\n'.repeat(next.breaks - 1);
        i = captureStart = captureEnd = next.at;
        continue;
      }
      if (ch === Ch.Tab) throw GIVE_UP;
      i++;
      if (ch !== Ch.Space) captureEnd = i;
    }
    throw GIVE_UP;
  }

  /**
   * From the line break at `at` inside a quoted scalar: the first character of the next line that is not blank, and how
   * many line breaks came before it. Lines indented less than `nodeIndent` are js-yaml's to judge.
   */
  private continuation(at: number, nodeIndent: number): { at: number; breaks: number } {
    const { text, n } = this;
    let breaks = 0;
    let p = at;
    while (text.charCodeAt(p) === Ch.Lf) {
      breaks++;
      p++;
      const li = this.afterSpaces(p) - p;
      p += li;
      const c = text.charCodeAt(p);
      if (c === Ch.Tab || p >= n) throw GIVE_UP;
      if (c !== Ch.Lf && li < nodeIndent) throw GIVE_UP;
      if (c === Ch.Dash && isEmptyItemLine(text, p - li, lineEnd(text, p))) throw GIVE_UP;
    }
    return { at: p, breaks };
  }

  /** The offset after the closing quote of a one-line double-quoted scalar at `at`, or -1. */
  private doubleQuotedEnd(at: number): number {
    const { text, n } = this;
    for (let i = at + 1; i < n; i++) {
      const ch = text.charCodeAt(i);
      if (ch === Ch.DoubleQuote) return i + 1;
      if (ch === Ch.Backslash) i++;
      else if (ch === Ch.Lf || ch === Ch.Tab) return -1;
    }
    return -1;
  }

  /** The offset after the closing quote of a one-line single-quoted scalar at `at`, or -1. */
  private singleQuotedEnd(at: number): number {
    const { text, n } = this;
    for (let i = at + 1; i < n; i++) {
      const ch = text.charCodeAt(i);
      if (ch === Ch.Quote) {
        if (text.charCodeAt(i + 1) === Ch.Quote) i++;
        else return i + 1;
      } else if (ch === Ch.Lf || ch === Ch.Tab) {
        return -1;
      }
    }
    return -1;
  }

  /** The value of the double-quoted scalar from `at` to `end` (after its closing quote). */
  private doubleQuoted(at: number, end: number): string {
    const { text } = this;
    const body = text.slice(at + 1, end - 1);
    if (!body.includes('\\')) return body;
    let out = '';
    let from = 0;
    for (let i = body.indexOf('\\'); i !== -1; i = body.indexOf('\\', from)) {
      out += body.slice(from, i);
      const [escaped, next] = escapeAt(body, i);
      out += escaped;
      from = next;
    }
    return out + body.slice(from);
  }

  private singleQuoted(at: number, end: number): string {
    const body = this.text.slice(at + 1, end - 1);
    return body.includes("''") ? body.replaceAll("''", "'") : body;
  }

  /**
   * A flow collection (`[a, "b"]`, `{k: v}`, nested) from `at`, inside a block collection indented `indent` (js-yaml's
   * readFlowCollection): on one line or over several, with comments and blank lines between its nodes and a comma
   * after the last one (`[a, b, ]`). Sets scalarEnd after its closing bracket. Its nodes are one-line scalars and
   * flow collections, a map's key and `: ` on one line with the start of its value; the rest is js-yaml's: empty
   * entries (`[a, , b]`, which it refuses), one-pair maps in sequences, keys without values, plain scalars that go on
   * to the next line (flowSpace() finds no comma or bracket after them), and the lines that flowSpace() refuses.
   * `nested`: inside another flow collection.
   */
  private flow(at: number, indent: number, nested = false): Read {
    const { text, trees } = this;
    const open = text.charCodeAt(at);
    const isMap = open === Ch.OpenBrace;
    const close = isMap ? Ch.CloseBrace : Ch.CloseBracket;
    const seqValue: unknown[] = [];
    const mapValue: Record<string, unknown> = {};
    const items: TreeNode[] | null = trees && !isMap ? [] : null;
    const pairs: TreePair[] | null = trees && isMap ? [] : null;
    const closing = !nested;
    let i = this.flowSpace(at + 1, indent, closing);
    while (text.charCodeAt(i) !== close) {
      if (isMap && (text.charCodeAt(i) === Ch.OpenBracket || text.charCodeAt(i) === Ch.OpenBrace)) throw GIVE_UP;
      const quotedKey = text.charCodeAt(i) === Ch.DoubleQuote || text.charCodeAt(i) === Ch.Quote;
      const first = this.flowNode(i, indent);
      if (isMap) {
        const key = first.value;
        // The key's `:` on its line (js-yaml makes a key of a node on the line before a `:` only).
        // After a quoted key, its value may follow the `:` at once (JSON's `{"a":1}`); after a plain one, `a:1` is a key.
        const keyEnd = this.scalarEnd;
        i = this.skipSpaces(keyEnd);
        if (typeof key !== 'string' || text.charCodeAt(i) !== Ch.Colon) throw GIVE_UP;
        if (text.charCodeAt(i + 1) !== Ch.Space && !(quotedKey && i === keyEnd)) throw GIVE_UP;
        if (key === '__proto__' || key === '<<' || Object.prototype.hasOwnProperty.call(mapValue, key)) throw GIVE_UP;
        const second = this.flowNode(this.skipSpaces(i + 1), indent);
        mapValue[key] = second.value;
        if (pairs) pairs.push(new TreePair(first.node, second.node));
      } else {
        seqValue.push(first.value);
        if (items) items.push(first.node!);
      }
      i = this.flowSpace(this.scalarEnd, indent, closing);
      const c = text.charCodeAt(i);
      if (c === close) break;
      // No comma: a plain scalar that goes on to the next line, a one-pair map, or worse.
      if (c !== Ch.Comma) throw GIVE_UP;
      // A comma after the last node, js-yaml reads; an empty entry (`[a, , b]`) it refuses, and flowNode() gives up on it.
      i = this.flowSpace(i + 1, indent, closing);
    }
    this.scalarEnd = i + 1;
    if (isMap) return { value: mapValue, node: pairs ? new TreeMap(pairs, true, at, i + 1) : null };
    return { value: seqValue.slice(), node: items ? new TreeSeq(items.slice(), true, at, i + 1) : null };
  }

  private skipSpaces(at: number): number {
    while (this.text.charCodeAt(at) === Ch.Space) at++;
    return at;
  }

  /**
   * From `at` inside a flow collection held by a block collection indented `indent`: the next character that is not a
   * space or tab, a comment (after a blank), a line break or a blank line (js-yaml's skipSeparationSpace). js-yaml reads the
   * lines of a flow collection at any indentation (it only warns), the `yaml` package does not; this reader, the
   * usual shapes only: a line with more than blanks is indented deeper than `indent`, or, when `closing` (in a flow
   * collection that is not inside another: the `yaml` package refuses it for the others), starts with a closing
   * bracket at `indent` (`args: [` ... `]` under the key). So a line at column 0 (`---`, `...`) never ends a document
   * inside one.
   */
  private flowSpace(at: number, indent: number, closing: boolean): number {
    const { text } = this;
    for (;;) {
      let c = text.charCodeAt(at);
      // Tabs separate too (a JSON file indented with tabs); as a line's indentation, only after spaces deep enough (below).
      while (c === Ch.Space || c === Ch.Tab) c = text.charCodeAt(++at);
      if (c === Ch.Hash) {
        // `[a,#c`: a comment to js-yaml, not to YAML (a `#` after a non-blank is no comment).
        const before = text.charCodeAt(at - 1);
        if (before !== Ch.Space && before !== Ch.Tab) throw GIVE_UP;
        at = lineEnd(text, at);
        c = text.charCodeAt(at);
      }
      if (c !== Ch.Lf) return at;
      const ls = at + 1;
      at = afterSpaces(text, ls);
      const first = text.charCodeAt(at);
      if (at - ls <= indent && first !== Ch.Lf && !(closing && at - ls === indent && (first === Ch.CloseBracket || first === Ch.CloseBrace))) throw GIVE_UP;
      // In a document that is a flow collection (indent -1: its lines at any column), a line at column 0 that starts
      // with `---` or `...` may end the document: js-yaml's and the yaml package's to judge.
      if (at === ls && (first === Ch.Dash || first === Ch.Dot) && text.charCodeAt(at + 1) === first && text.charCodeAt(at + 2) === first) throw GIVE_UP;
    }
  }

  /** A node inside a flow collection: a nested one, a quoted scalar, or a plain one (sets scalarEnd). */
  private flowNode(at: number, indent: number): Read {
    const { text, n, trees } = this;
    const c = text.charCodeAt(at);
    if (c === Ch.OpenBracket || c === Ch.OpenBrace) {
      this.enter();
      const read = this.flow(at, indent, true);
      this.depth--;
      return read;
    }
    if (c === Ch.DoubleQuote || c === Ch.Quote) {
      const close = c === Ch.DoubleQuote ? this.doubleQuotedEnd(at) : this.singleQuotedEnd(at);
      if (close === -1) throw GIVE_UP;
      const value = c === Ch.DoubleQuote ? this.doubleQuoted(at, close) : this.singleQuoted(at, close);
      this.scalarEnd = close;
      return { value, node: trees ? new TreeScalar(value, c === Ch.DoubleQuote ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE', at, close) : null };
    }
    // `-1`, `-x`: a plain scalar (JSON's negative numbers); `-` before a blank or a flow indicator is none.
    if (c === Ch.Dash ? isBlankCode(text.charCodeAt(at + 1)) || isFlowIndicator(text.charCodeAt(at + 1)) || at + 1 >= n : isIndicator(c)) throw GIVE_UP;
    if (c === Ch.Tab || c === Ch.Lf || at >= n) throw GIVE_UP;
    let end = at;
    for (let i = at; i < n; i++) {
      const ch = text.charCodeAt(i);
      if (ch === Ch.Lf || isFlowIndicator(ch)) break;
      if (ch === Ch.Space) continue;
      // A comment after the scalar (`[a # c` then more lines); `a#b` is js-yaml's.
      if (ch === Ch.Hash && text.charCodeAt(i - 1) === Ch.Space) break;
      if (ch === Ch.Hash || ch === Ch.Tab || ch === Ch.Question || ch === Ch.Ampersand || ch === Ch.Star || ch === Ch.Bang) throw GIVE_UP;
      if (ch === Ch.Colon) {
        const next = text.charCodeAt(i + 1);
        if (isBlankCode(next) || isFlowIndicator(next) || i + 1 >= n) break;
      }
      end = i + 1;
    }
    const source = text.slice(at, end);
    if (source === '<<') throw GIVE_UP;
    const resolved = resolvePlain(source);
    const value = resolved === NOT_RESOLVED ? source : resolved;
    if (typeof value === 'number' && !isJsonNumber(value)) this.inexact = true;
    this.scalarEnd = end;
    return { value, node: trees ? new TreeScalar(value, 'PLAIN', at, end) : null };
  }

  /**
   * A block scalar whose header is at `at`, the value of a node in a collection indented `indent`: js-yaml's
   * readBlockScalar (its text starts at indentation indent + 1 at least), for the headers read here.
   */
  private blockScalar(at: number, indent: number, skip = false): Read {
    const { text, n } = this;
    const folding = text.charCodeAt(at) === Ch.Greater;
    let i = at + 1;
    let strip = false;
    let keep = false;
    let indicator = 0;
    // The chomping and indentation indicators, in either order (`|2-`, `>-`, `|+`).
    for (let k = 0; k < 2; k++) {
      const h = text.charCodeAt(i);
      if (h === Ch.Dash && !strip && !keep) strip = true;
      else if (h === 0x2b && !strip && !keep) keep = true;
      else if (h >= 0x31 && h <= 0x39 && !indicator) indicator = h - 0x30;
      else break;
      i++;
    }
    let c = text.charCodeAt(i);
    if (c === Ch.Space) {
      while (c === Ch.Space) c = text.charCodeAt(++i);
      if (c === Ch.Hash) {
        const nl = text.indexOf('\n', i);
        i = nl === -1 ? n : nl;
        c = text.charCodeAt(i);
      }
    }
    if (c !== Ch.Lf) throw GIVE_UP;
    let p = i + 1;
    // js-yaml reads the text from indentation indent + 1 at least; an indicator sets it, relative to that.
    let textIndent = indicator ? indent + indicator : indent + 1;
    let detected = indicator !== 0;
    let didRead = false;
    let emptyLines = 0;
    let atMoreIndented = false;
    let value = '';
    // Skipped, it is read without building its value, but for the test of a value of blanks after an indicator.
    const build = !skip || indicator !== 0;
    let position: number;
    for (;;) {
      if (p >= n) {
        position = n;
        break;
      }
      let li = this.afterSpaces(p) - p;
      if (detected && li > textIndent) li = textIndent;
      const ch = text.charCodeAt(p + li);
      if (ch === Ch.Lf || p + li >= n) {
        // A line of blanks before the first line of text: js-yaml's indentation is at least as deep as its spaces (a
        // line of text less indented then ends the scalar: empty, given up below).
        if (!detected && li > textIndent) textIndent = li;
        emptyLines++;
        p += li + 1;
        continue;
      }
      if (!detected) {
        if (li > textIndent) textIndent = li;
        if (ch === Ch.Tab) throw GIVE_UP;
      }
      if (li < textIndent) {
        position = p + li;
        break;
      }
      let eol = text.indexOf('\n', p + li);
      if (eol === -1) eol = n;
      if ((ch === Ch.Dash || ch === Ch.Space || ch === Ch.Tab) && !this.lenient && isEmptyItemLine(text, p, eol)) throw GIVE_UP;
      if (!build) {
        // Read, not built.
      } else if (folding) {
        if (ch === Ch.Space || ch === Ch.Tab) {
          atMoreIndented = true;
          value += '\n'.repeat(didRead ? 1 + emptyLines : emptyLines);
        } else if (atMoreIndented) {
          atMoreIndented = false;
          value += '\n'.repeat(emptyLines + 1);
        } else if (emptyLines === 0) {
          if (didRead) value += ' ';
        } else {
          value += '\n'.repeat(emptyLines);
        }
      } else if (didRead || emptyLines) {
        value += '\n'.repeat(didRead ? 1 + emptyLines : emptyLines);
      }
      didRead = true;
      detected = true;
      emptyLines = 0;
      if (build) value += text.slice(p + li, eol);
      p = eol + 1;
    }
    // An empty block scalar (or one of blanks with an indicator): the js-yaml path places it by rules of its own.
    if (!didRead || (indicator && /^\s*$/.test(value))) throw GIVE_UP;
    if (!build) {
      this.seek(Math.min(p, n));
      return SKIPPED;
    }
    // Chomping: keep every line break after the text (js-yaml's blank lines after it counted the same way), clip one.
    if (keep) value += '\n'.repeat(1 + emptyLines);
    else if (!strip) value += '\n';
    this.seek(Math.min(p, n));
    if (!this.trees) return { value, node: null };
    // The js-yaml path ends a block scalar that keeps its line breaks where js-yaml stopped reading it (fast-reader.ts).
    if (keep) return { value, node: new TreeScalar(value, folding ? 'BLOCK_FOLDED' : 'BLOCK_LITERAL', at, position) };
    let end = trimBack(text, at, position);
    if (end === at) end = position;
    else {
      end = endOfLine(text, end);
      if (end > position) end = position;
    }
    return { value, node: new TreeScalar(value, folding ? 'BLOCK_FOLDED' : 'BLOCK_LITERAL', at, end) };
  }
}

/**
 * The last text read without its carriage returns, and that reading: the skim, the parse and the trees of one file read
 * the same text, and a file of many documents asks for each one's tree.
 */
let lastCrlf: { original: string; lf: WithoutCr | undefined } | undefined;

function crlfReading(text: string): WithoutCr | undefined {
  if (lastCrlf?.original !== text) lastCrlf = { original: text, lf: withoutCarriageReturns(text) };
  return lastCrlf.lf;
}

const NOT_LATIN1 = /[^\0-\xff]/;

/**
 * `text` without its carriage returns (each is before a line feed), and the offsets in the result of the line feeds
 * that had one, in order. Not `replaceAll`: V8 makes a part for each match, so a 9 MB file of empty CRLF lines took 177 MB
 * and 0.3 s; a text of Latin-1 characters (most) is compacted in a buffer of its own, anything else split and joined.
 */
function carriageReturnsRemoved(text: string): { lf: string; breaks: Uint32Array } {
  if (NOT_LATIN1.test(text)) {
    const lines = text.split('\r\n');
    const breaks = new Uint32Array(lines.length - 1);
    let at = 0;
    for (let k = 0; k < breaks.length; k++) breaks[k] = at += lines[k].length + (k === 0 ? 0 : 1);
    return { lf: lines.join('\n'), breaks };
  }
  const bytes = Buffer.from(text, 'latin1');
  let count = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 13) count++;
  const breaks = new Uint32Array(count);
  let to = 0;
  for (let from = 0, k = 0; from < bytes.length; from++) {
    const byte = bytes[from];
    if (byte === 13) breaks[k++] = to;
    else bytes[to++] = byte;
  }
  return { lf: bytes.toString('latin1', 0, to), breaks };
}

/** A text read without its carriage returns: that text, and offsets between it and the original. */
interface WithoutCr {
  text: string;
  /** The offset in the original text of an offset of `text` (one at a line break is at its `\r`). */
  toOriginal: (at: number) => number;
  /** The offset in `text` of a line start of the original. */
  fromOriginal: (at: number) => number;
  /** A tree of `text` with its ranges placed in the original. */
  placed: (node: TreeNode | null) => TreeNode | null;
}

/**
 * `text` without the carriage returns it holds, each before a line feed; undefined where one is not, or where the
 * text holds other characters the block reader refuses.
 */
function withoutCarriageReturns(text: string): WithoutCr | undefined {
  if (/\r(?!\n)/.test(text)) return undefined;
  const { lf, breaks } = carriageReturnsRemoved(text);
  if (MAYBE_NOT_READ_HERE.test(lf) && NOT_READ_HERE.test(lf)) return undefined;
  /** How many of `breaks` are below `at` (a binary search). */
  const below = (at: number, shift: number) => {
    let low = 0;
    let high = breaks.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (breaks[mid] + mid * shift < at) low = mid + 1;
      else high = mid;
    }
    return low;
  };
  const toOriginal = (at: number) => at + below(at, 0);
  const placed = (node: TreeNode | null): TreeNode | null => {
    if (node === null) return null;
    const start = toOriginal(node.start);
    const end = toOriginal(node.end);
    switch (node.kind) {
      case 'scalar':
        return new TreeScalar(node.value, node.style, start, end, node.anchor);
      case 'alias':
        return new TreeAlias(node.source, start, end);
      case 'map':
        return new TreeMap(
          node.items.map((pair) => new TreePair(placed(pair.key), placed(pair.value))),
          node.flow,
          start,
          end,
          node.anchor,
        );
      case 'seq':
        return new TreeSeq(
          node.items.map((item) => placed(item)!),
          node.flow,
          start,
          end,
          node.anchor,
        );
    }
  };
  // A carriage return's offset in the original is breaks[k] + k.
  return { text: lf, toOriginal, fromOriginal: (at) => at - below(at, 1), placed };
}

/**
 * The documents of a file, read by the block reader (with node trees when `trees`), or undefined when the file is
 * not one it reads (the caller then reads it on the js-yaml path). Never throws.
 */
export function blockParse(text: string, trees: boolean): FastDocument[] | undefined {
  return blockRead(text, (read) => new BlockReader(read, trees));
}

/**
 * A projected read: the values of a file's documents as blockParse reads them, with only what `want` asks for of each
 * document built (what the index keeps of it), or undefined wherever blockParse gives up. Everything else is read as
 * blockParse reads it, so a file blockParse reads it reads with the same documents at the same indexes and the same
 * values where they are built; only the values it does not keep are not made. It reads a few files more, as the
 * `yaml` package reads them (the reading of such a file on the other paths): a document with a duplicate key as null
 * (broken: no object), and the two shapes of empty sequence items of BlockReader's `lenient`. Never throws.
 */
export function blockSkim(text: string, want: Want): unknown[] | undefined {
  lastSkimJson = false;
  let reader: BlockReader | undefined;
  const values = blockRead(text, (read) => (reader = new BlockReader(read, false, want, true)))?.map((d) => d.value);
  lastSkimJson = values !== undefined && !reader!.inexact;
  return values;
}

let lastSkimJson = false;

/**
 * Whether the values the last blockSkim gave are all values JSON carries exactly (no -0, infinity or NaN) and reach
 * no object twice (no alias was read): JSON.stringify writes them as they are (the index entries' copy, entriesOf).
 */
export function lastSkimIsJson(): boolean {
  return lastSkimJson;
}

let warmed = false;

/**
 * A text with every shape the reader reads, read once before an index pass over many files (warmUpReader) in the
 * ways the index pass reads (projected, and values only): V8 compiles the reader's functions while the first big file
 * is read, and code compiled before a branch had ever run gave up (deoptimized) the first time each did, then was
 * compiled again (the reader's `map` 7 to 8 times in a first run).
 */
export const WARM_UP = [
  'apiVersion: v1',
  'kind: Widget',
  'metadata:',
  '  name: w # c',
  '  labels: {a: b, "c": \'d\'}',
  '  annotations:',
  '    long: one',
  '      two',
  '    q: "x\\ty',
  '      z"',
  "    s: 'it''s'",
  '    b: |-',
  '      text',
  '',
  '      -',
  '    f: >',
  '      folded',
  '       more',
  '    e:',
  '    kept: |+',
  '      k',
  '',
  '    blank: |',
  '      ',
  '      t',
  '    spaced : key',
  '    neg: [-1, {"q":1}]',
  '# comment',
  'spec:',
  '  -Xmx: 1g',
  '  "quoted": 1',
  '  list:',
  '  - a',
  '  - key: v',
  '    other: [1, 2.5, true, null, ~]',
  '  - # item',
  '    below: {x: [y,',
  '      z]}',
  '  - sub:',
  '    - nested',
  '  anchored: &x',
  '    k: v',
  '  alias: *x',
  '  scalar: &y 1',
  '  again: *y',
  '---',
  'apiVersion: v1',
  'kind: Other',
  'items:',
  '- 1',
  '---',
  'dup: 1',
  'dup: 2',
  'last: end',
  '---',
  '{"kind": "Json",',
  '\t"n": [-1]}',
].join('\n');

/**
 * How many times the warm-up text is read each way: V8 records type feedback for a function only once it has run a few
 * times (its feedback vector is made lazily), so one read left the rarer branches without any. In an index pass of
 * ../shared/corpus/real under cachegrind (--single-threaded), 1 read: 3.917 G instructions, 4: 3.904 G, 12: 3.811 G,
 * 24: 3.824 G, 48: 4.007 G.
 */
const WARM_UP_ROUNDS = 12;

/**
 * Read the warm-up text (once per thread) before an index pass that skims many files; a run that skims a few (a
 * pre-commit hook in a small repository) would pay its 1-2 ms for nothing. Asked for by the caller, before the pass:
 * begun later, after the first files trained the reader on their shapes, it cost far more than it saved
 * (docs/performance.md, "integrator" of session 12).
 */
/** Whether this thread's reader was warmed up (for tests). */
export function readerWarmedUp(): boolean {
  return warmed;
}

export function warmUpReader(): void {
  if (warmed) return;
  warmed = true;
  const want: Want = {
    key: (key) => (key === 'metadata' ? 'whole' : key === 'spec' ? { key: (k) => (k === 'list' ? { item: 'shape' } : 'skip') } : 'whole'),
  };
  for (const w of [want, 'whole' as const]) {
    try {
      for (let i = 0; i < WARM_UP_ROUNDS; i++) new BlockReader(WARM_UP, false, w, true).read();
    } catch {
      // Read for its own sake: what it gives does not matter.
    }
  }
}

/**
 * The node tree of one document of a file blockParse read without trees, from where its root starts (`at` of its
 * FastDocument): the tree blockParse with trees gives that document, or undefined where it would give none (a comment
 * after the document's last node, indented deeper than it: the js-yaml path gives no trees there either, and the tree
 * is the `yaml` package's). Documents linted without findings need no trees (docs/performance.md). `crlf`: the
 * FastDocument's (the text was read without its carriage returns). Never throws.
 */
export function blockTree(text: string, at: number, crlf = false): TreeDocument | undefined {
  try {
    if (!crlf) return new BlockReader(text, true).tree(at);
    // A text read without its carriage returns (`crlf` of its FastDocument): read so again, the tree placed back in the
    // text. The last such text is kept: a file of many documents asks for each one's tree.
    const lf = crlfReading(text);
    if (!lf) return undefined;
    const tree = new BlockReader(lf.text, true).tree(lf.fromOriginal(at));
    return new TreeDocument(lf.placed(tree.contents));
  } catch (error) {
    if (error === GIVE_UP) return undefined;
    throw error;
  }
}

/**
 * The documents a reader made for `text` (by `reader`) reads, or undefined where the block reader does not read the
 * text. A text whose only refused characters are carriage returns, each before a line feed (CRLF line ends), is read
 * without them: js-yaml reads `\r\n` as one line break and `\r` before it as a blank that ends a line's text, so the
 * values are the same, and the offsets (the trees' ranges, the documents' `at`) are placed back in the text as the
 * js-yaml path places them (an offset at a line break is at its `\r`).
 */
function blockRead(text: string, reader: (text: string) => BlockReader): FastDocument[] | undefined {
  if (text.includes('{{') || hasLongImplicitKey(text)) return undefined;
  let lf: WithoutCr | undefined;
  // Carriage returns are among the characters refused here (a search of its own for them was one more pass).
  if (text !== readableText) {
    if (MAYBE_NOT_READ_HERE.test(text) && NOT_READ_HERE.test(text)) {
      lf = crlfReading(text);
      if (!lf) return undefined;
    } else {
      readableText = text;
    }
  }
  try {
    if (!lf) return reader(text).read();
    const { placed, toOriginal } = lf;
    // `crlf`: src/parse/position.ts places paths from a text of `\n` line ends only; this one's go by the tree.
    return reader(lf.text)
      .read()
      .map((d) => ({
        value: d.value,
        tree: d.tree && new TreeDocument(placed(d.tree.contents)),
        at: d.at === undefined ? undefined : toOriginal(d.at),
        crlf: true,
      }));
  } catch (error) {
    if (error === GIVE_UP) return undefined;
    throw error;
  }
}

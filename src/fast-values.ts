/**
 * The fast path: js-yaml 4 reads a file's values about ten times faster than the `yaml` package's document model, and
 * its `listener` (an open and a close event around every node) gives every node's offsets on the way. From those
 * events kubeward builds a node tree shaped like the `yaml` package's (maps of pairs, sequences, scalars, each with
 * `range: [start, valueEnd, nodeEnd]`), so positions (src/position.ts) and fixes (src/fix.ts) work on it unchanged
 * and the `yaml` package is not even loaded for such a file.
 *
 * The fast path refuses (returns undefined, and the file goes to the `yaml` path, which reports errors with positions)
 * anything it would read differently or cannot place exactly: every js-yaml error, tags, anchors and aliases, merge
 * keys, explicit (`?`) keys, template actions, implicit keys over 1024 characters, and any node whose events do not
 * add up to its value. test/fast-values.test.ts proves, on a table of scalars and on every document and node of the
 * shared corpus, that both paths give the same values and the same ranges.
 *
 * Scalars are resolved the way Kubernetes resolves them (sigs.k8s.io/yaml over go-yaml v2, YAML 1.1 scalars), and
 * the same way src/parse.ts's YAML_OPTIONS make the `yaml` package resolve them.
 */
import jsYaml from 'js-yaml';
import type { Path } from './types.js';

const TRUE = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']);
const FALSE = new Set(['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']);
const NULL = new Set(['', '~', 'null', 'Null', 'NULL']);

const INT_BIN = /^[-+]?0b[01_]+$/;
const INT_OCT = /^[-+]?0[0-7_]+$/;
/** Go's strconv.ParseInt with base 0 (what go-yaml v2 calls) also reads `0o17`. */
const INT_OCT_O = /^[-+]?0o[0-7_]+$/;
const INT_DEC = /^[-+]?[0-9][0-9_]*$/;
const INT_HEX = /^[-+]?0x[0-9a-fA-F_]+$/;
const FLOAT = /^[-+]?(?:[0-9][0-9_]*\.[0-9_]*|\.[0-9_]*[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)?$/;
const FLOAT_EXP = /^[-+]?[0-9][0-9_]*(?:[eE][-+]?[0-9]+)$/;
const FLOAT_SPECIAL = /^(?:[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

function signed(source: string, prefix: number, radix: number): number {
  const digits = source.replace(/_/g, '');
  const sign = digits[0] === '-' ? -1 : 1;
  const body = digits[0] === '-' || digits[0] === '+' ? digits.slice(1) : digits;
  return sign * parseInt(body.slice(prefix), radix);
}

const NOT_RESOLVED = Symbol('not resolved');

/** go-yaml v2's reading of a plain scalar: YAML 1.1 booleans, nulls, ints (0644 is octal), floats; else a string. */
function resolvePlain(source: string): unknown {
  const first = source.charCodeAt(0);
  // Digits, signs and dots start numbers; letters and ~ start the rest. Anything else is a string.
  if ((first >= 0x30 && first <= 0x39) || first === 0x2b || first === 0x2d || first === 0x2e) {
    if (INT_HEX.test(source)) return signed(source, 2, 16);
    if (INT_BIN.test(source)) return signed(source, 2, 2);
    if (INT_OCT_O.test(source)) return signed(source, 2, 8);
    if (INT_OCT.test(source)) return signed(source, 0, 8);
    if (INT_DEC.test(source)) return signed(source, 0, 10);
    if (FLOAT_SPECIAL.test(source)) {
      const lower = source.toLowerCase();
      if (lower.endsWith('nan')) return NaN;
      return lower.startsWith('-') ? -Infinity : Infinity;
    }
    if (FLOAT.test(source) || FLOAT_EXP.test(source)) return Number.parseFloat(source.replace(/_/g, ''));
    return NOT_RESOLVED;
  }
  if (source.length > 5) return NOT_RESOLVED;
  if (NULL.has(source)) return null;
  if (TRUE.has(source)) return true;
  if (FALSE.has(source)) return false;
  return NOT_RESOLVED;
}

/** One implicit type for every non-string plain scalar: resolve computes the value once, construct hands it over. */
let resolved: unknown;
const kubernetesScalar = new jsYaml.Type('tag:yaml.org,2002:kubernetes-scalar', {
  kind: 'scalar',
  resolve: (source: string) => {
    resolved = resolvePlain(source);
    return resolved !== NOT_RESOLVED;
  },
  construct: () => resolved,
});

/** Failsafe (str, seq, map) plus the scalar above: every other tag is unknown, and so goes to the yaml path. */
export const KUBERNETES_SCHEMA = jsYaml.FAILSAFE_SCHEMA.extend({ implicit: [kubernetesScalar] });

// The node shapes of the `yaml` package, recognised by its own type guards (they test these registered symbols).
const NODE_TYPE = Symbol.for('yaml.node.type');
const MAP = Symbol.for('yaml.map');
const SEQ = Symbol.for('yaml.seq');
const SCALAR = Symbol.for('yaml.scalar');
const PAIR = Symbol.for('yaml.pair');
const DOC = Symbol.for('yaml.document');

export type ScalarStyle = 'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE' | 'BLOCK_LITERAL' | 'BLOCK_FOLDED';

export interface TreeScalar {
  [NODE_TYPE]: symbol;
  value: unknown;
  type: ScalarStyle;
  range: [number, number, number];
}
export interface TreePair {
  [NODE_TYPE]: symbol;
  key: TreeNode;
  value: TreeNode | null;
}
export interface TreeCollection {
  [NODE_TYPE]: symbol;
  items: Array<TreePair | TreeNode>;
  flow: boolean;
  range: [number, number, number];
}
export type TreeNode = TreeScalar | TreeCollection;

/** A stand-in for `yaml`'s Document: what src/position.ts and src/fix.ts read (contents, errors). */
export interface TreeDocument {
  [NODE_TYPE]: symbol;
  contents: TreeNode | null;
  errors: never[];
  warnings: never[];
}

export interface FastDocument {
  value: unknown;
  doc: TreeDocument;
}

/** Thrown from the listener to leave the fast path. */
const REFUSED = new Error('refused');

const enum Ch {
  Tab = 0x09,
  Lf = 0x0a,
  Cr = 0x0d,
  Space = 0x20,
  Hash = 0x23,
}

/** The first offset at or after `at` that is not a blank, a line break or inside a comment. */
function skipBlank(text: string, at: number): number {
  const n = text.length;
  while (at < n) {
    const c = text.charCodeAt(at);
    if (c === Ch.Space || c === Ch.Tab || c === Ch.Lf || c === Ch.Cr) at++;
    else if (c === Ch.Hash && (at === 0 || isBlankCode(text.charCodeAt(at - 1)))) {
      const nl = text.indexOf('\n', at);
      at = nl === -1 ? n : nl + 1;
    } else break;
  }
  return at;
}

function isBlankCode(c: number): boolean {
  return c === Ch.Space || c === Ch.Tab || c === Ch.Lf || c === Ch.Cr;
}

/** Back from `at` over blanks and line breaks. */
function trimBack(text: string, from: number, at: number): number {
  while (at > from && isBlankCode(text.charCodeAt(at - 1))) at--;
  return at;
}

/** The offset after the line break that ends the line holding `at - 1` (or the end of the text). */
function endOfLine(text: string, at: number): number {
  if (at > 0 && text.charCodeAt(at - 1) === Ch.Lf) return at;
  const nl = text.indexOf('\n', at);
  return nl === -1 ? text.length : nl + 1;
}

/** The next character at or after `at` that is not a space or tab (a line break counts), or -1 at the end. */
function nextOnLine(text: string, at: number): number {
  while (at < text.length) {
    const c = text.charCodeAt(at);
    if (c !== Ch.Space && c !== Ch.Tab) return c;
    at++;
  }
  return -1;
}

interface Frame {
  open: number;
  children: TreeNode[];
  /** The value of the last child (a nested node js-yaml kept as this one's is the same object). */
  lastResult?: unknown;
}

function scalarNode(value: unknown, type: ScalarStyle, start: number, end: number): TreeScalar {
  return { [NODE_TYPE]: SCALAR, value, type, range: [start, end, end] };
}

/**
 * The tree builder: a js-yaml listener. Every composed node opens and closes; a close turns the frame into a node
 * and hands it to its parent frame, in document order.
 */
class TreeBuilder {
  readonly roots: Array<TreeNode | null> = [];
  private readonly stack: Frame[] = [];

  constructor(private readonly text: string) {}

  readonly listener = (event: 'open' | 'close', state: { position: number; kind: string | null; result: unknown }): void => {
    if (event === 'open') {
      this.stack.push({ open: state.position, children: [] });
      return;
    }
    const frame = this.stack.pop()!;
    const node = this.close(frame, state.kind, state.result, state.position);
    const parent = this.stack[this.stack.length - 1];
    if (parent) {
      if (node) parent.children.push(node);
      parent.lastResult = state.result;
    } else {
      this.roots.push(node);
    }
  };

  private close(frame: Frame, kind: string | null, result: unknown, position: number): TreeNode | null {
    const { text } = this;
    // js-yaml reads a node that might have been a mapping's first key as a nested node, and keeps it.
    if (frame.children.length === 1 && typeof result === 'object' && result !== null && frame.lastResult === result) return frame.children[0];
    if (kind === 'mapping') return this.mapping(frame, result, position);
    if (kind === 'sequence') return this.sequence(frame, result, position);
    if (frame.children.length === 1) return frame.children[0];
    if (frame.children.length > 1) throw REFUSED;
    if (kind === null) {
      // No content: an empty value (`key:`), which `yaml` places where the node would start.
      if (result !== null && result !== undefined) throw REFUSED;
      return null;
    }
    if (kind !== 'scalar') throw REFUSED;
    const start = skipBlank(text, frame.open);
    const c = text.charCodeAt(start);
    // Tags, anchors, aliases and explicit keys: the yaml path.
    if (c === 0x21 || c === 0x26 || c === 0x2a || c === 0x3f) throw REFUSED;
    if (c === 0x22) return scalarNode(result, 'QUOTE_DOUBLE', start, position);
    if (c === 0x27) return scalarNode(result, 'QUOTE_SINGLE', start, position);
    if (c === 0x7c || c === 0x3e) return scalarNode(result, c === 0x7c ? 'BLOCK_LITERAL' : 'BLOCK_FOLDED', start, this.blockScalarEnd(start, position));
    return scalarNode(result, 'PLAIN', start, trimBack(text, start, position));
  }

  /**
   * `yaml` ends a block scalar after its last line with content (the blank lines after it belong to no node), or,
   * when its header keeps them (`|+`), after those lines too.
   */
  private blockScalarEnd(start: number, position: number): number {
    const { text } = this;
    const header = /^[|>][0-9+-]*/.exec(text.slice(start, start + 4))![0];
    if (header.includes('+')) return position;
    let end = trimBack(text, start, position);
    if (end === start) return position;
    end = endOfLine(text, end);
    return end > position ? position : end;
  }

  private mapping(frame: Frame, result: unknown, position: number): TreeCollection {
    const { text } = this;
    if (typeof result !== 'object' || result === null || Array.isArray(result)) throw REFUSED;
    const start = skipBlank(text, frame.open);
    const c = text.charCodeAt(start);
    if (c === 0x21 || c === 0x26 || c === 0x3f) throw REFUSED;
    const flow = c === 0x7b;
    const items: TreePair[] = [];
    const children = frame.children;
    for (let i = 0; i < children.length; i++) {
      const key = children[i];
      // A key is followed by its `:` on the same line.
      if (nextOnLine(text, key.range[1]) !== 0x3a) throw REFUSED;
      if ((key as TreeScalar).value === '<<' && (key as TreeScalar).type === 'PLAIN') throw REFUSED;
      const next = children[i + 1];
      let value: TreeNode | null = null;
      if (next && nextOnLine(text, next.range[1]) !== 0x3a) {
        value = next;
        i++;
      }
      items.push({ [NODE_TYPE]: PAIR, key, value: value ?? this.emptyAfter(key) });
    }
    if (items.length !== Object.keys(result as object).length) throw REFUSED;
    let end = position;
    if (!flow && items.length) {
      const last = items[items.length - 1];
      // `key:` with nothing after it ends the map right after its colon.
      const empty = last.value === null || (last.value.range[0] === last.value.range[1] && (last.value as TreeScalar).value === null);
      end = empty ? last.value!.range[1] : this.blockEnd(last.value!.range[1], start);
    }
    return { [NODE_TYPE]: MAP, items, flow, range: [start, end, end] };
  }

  /**
   * Where `yaml` ends a block collection whose last node ends at `lastEnd`: after that line's break. A comment
   * indented deeper than the collection that follows (after blank lines or not) may belong to it, by rules of the
   * `yaml` parser this does not copy: such a file is left to the yaml path.
   */
  private blockEnd(lastEnd: number, start: number): number {
    const { text } = this;
    const column = start - (text.lastIndexOf('\n', start - 1) + 1);
    const end = endOfLine(text, lastEnd);
    let at = end;
    while (at < text.length) {
      const c = text.charCodeAt(at);
      if (c === Ch.Hash) {
        if (at - (text.lastIndexOf('\n', at - 1) + 1) > column) throw REFUSED;
        break;
      }
      if (c !== Ch.Space && c !== Ch.Tab && c !== Ch.Lf && c !== Ch.Cr) break;
      at++;
    }
    return end;
  }

  /** The empty value of `key:` (a null scalar), where `yaml` puts it: after the colon and the blanks on its line. */
  private emptyAfter(key: TreeNode): TreeScalar {
    const { text } = this;
    let at = text.indexOf(':', key.range[1]) + 1;
    while (text.charCodeAt(at) === Ch.Space || text.charCodeAt(at) === Ch.Tab) at++;
    return scalarNode(null, 'PLAIN', at, at);
  }

  private sequence(frame: Frame, result: unknown, position: number): TreeCollection {
    const { text } = this;
    if (!Array.isArray(result) || result.length !== frame.children.length) throw REFUSED;
    const start = skipBlank(text, frame.open);
    const c = text.charCodeAt(start);
    if (c === 0x21 || c === 0x26) throw REFUSED;
    const flow = c === 0x5b;
    const items = frame.children;
    const end = flow || !items.length ? position : this.blockEnd(items[items.length - 1].range[1], start);
    return { [NODE_TYPE]: SEQ, items, flow, range: [start, end, end] };
  }
}

/**
 * YAML limits an implicit key to 1024 characters (libyaml, and so Kubernetes, refuses longer ones); js-yaml does not.
 * Only lines longer than that are looked at; a long line whose first `: ` comes late goes to the yaml path.
 */
function hasLongImplicitKey(text: string): boolean {
  let lineStart = 0;
  while (lineStart < text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    if (lineEnd - lineStart > 1024) {
      const line = text.slice(lineStart, lineEnd);
      if (line.search(/:(?:\s|$)/) > 1024) return true;
    }
    lineStart = lineEnd + 1;
  }
  return false;
}

/**
 * The documents of a file as plain data with their node trees, or undefined when the fast path does not apply (the
 * caller then uses the `yaml` document model). Never throws.
 */
export function fastParse(text: string): FastDocument[] | undefined {
  // Template actions are the yaml path's to judge (text inside strings, or a Helm template to pass over).
  if (text.includes('{{')) return undefined;
  if (hasLongImplicitKey(text)) return undefined;
  const builder = new TreeBuilder(text);
  let values: unknown[];
  try {
    // Duplicate keys, unknown tags and every syntax error make js-yaml throw: the yaml path reports them.
    const options = { schema: KUBERNETES_SCHEMA, maxDepth: 256, listener: builder.listener } as unknown as jsYaml.LoadOptions;
    values = jsYaml.loadAll(text, null, options);
  } catch {
    return undefined;
  }
  if (builder.roots.length !== values.length) return undefined;
  return values.map((value, i) => ({
    value,
    doc: { [NODE_TYPE]: DOC, contents: builder.roots[i], errors: [], warnings: [] },
  }));
}

/** The documents of a file as plain data, or undefined when the fast path does not apply. */
export function fastValues(text: string): unknown[] | undefined {
  return fastParse(text)?.map((d) => d.value);
}

export type { Path };

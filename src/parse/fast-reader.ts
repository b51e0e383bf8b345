/**
 * The js-yaml path of the fast path (eventParse). parseText (src/parse/parse.ts) reads a file with the block reader
 * (src/parse/block-reader.ts: values, and each document's tree on first use) where it can, which is nearly every
 * manifest; the files it gives up on come here, and what this path refuses goes to the `yaml` package.
 *
 * The js-yaml path: js-yaml 4 reads a file's values about ten times faster than the `yaml` package's document model, and
 * its `listener` (an open and a close event around every node) gives every node's offsets on the way. From those
 * events kubeward builds its node tree (src/parse/tree.ts: maps of pairs, sequences, scalars, each with its range),
 * the same tree the `yaml` package reader gives, so positions and fixes work on it alike and the `yaml` package is
 * not even loaded for such a file.
 *
 * This path refuses (returns undefined, and the file goes to the `yaml` path, which reports errors with positions)
 * anything it would read differently or cannot place exactly: every js-yaml error, tags, anchors and aliases, merge
 * keys, explicit (`?`) keys, template actions, implicit keys over 1024 characters, and any node whose events do not
 * add up to its value. test/fast-values.test.ts checks, on a table of scalars and on every document and node of the
 * shared corpus, that what parseText reads on the fast path (here or with the block reader) has the values and the
 * ranges the `yaml` package gives; test/block-reader.test.ts compares this path with the block reader.
 *
 * Plain scalars are resolved by src/parse/scalars.ts, the rules the `yaml` path reads them by too.
 */
import { createRequire } from 'node:module';
import type * as JsYaml from 'js-yaml';
import { NOT_RESOLVED, resolvePlain } from './scalars.js';
import { MAX_DEPTH, TreeDocument, TreeMap, TreePair, TreeScalar, TreeSeq, type FastDocument, type TreeNode } from './tree.js';
import { blockEnd, endOfLine, hasLongImplicitKey, isBlankCode, trimBack } from './text-scan.js';

/**
 * js-yaml, loaded on its first use (a file the block reader gives up on): a run whose files it reads all (a pre-commit
 * hook's one file, most often) never loads it (docs/performance.md, cold start).
 */
let jsYamlPackage: typeof JsYaml | undefined;
function jsYaml(): typeof JsYaml {
  return (jsYamlPackage ??= createRequire(import.meta.url)('js-yaml') as typeof JsYaml);
}

/** One implicit type for every non-string plain scalar: resolve computes the value once, construct hands it over. */
let resolved: unknown;
let schema: JsYaml.Schema | undefined;

/** Failsafe (str, seq, map) plus the scalar above: every other tag is unknown, and so goes to the yaml path. */
function kubernetesSchema(): JsYaml.Schema {
  if (schema) return schema;
  const kubernetesScalar = new (jsYaml().Type)('tag:yaml.org,2002:kubernetes-scalar', {
    kind: 'scalar',
    resolve: (source: string) => {
      resolved = resolvePlain(source);
      return resolved !== NOT_RESOLVED;
    },
    construct: () => resolved,
  });
  return (schema = jsYaml().FAILSAFE_SCHEMA.extend({ implicit: [kubernetesScalar] }));
}

export type { FastDocument } from './tree.js';

/** Thrown from the listener to leave the fast path: js-yaml would read the file differently from the yaml path. */
const REFUSED = new Error('refused');
/** Thrown inside the tree builder when the values are right but a node cannot be placed exactly: no trees, same values. */
const TREE_REFUSED = new Error('tree refused');

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

/** The first offset at or after `at` that is not a blank or a line break. */
function skipSpace(text: string, at: number): number {
  while (at < text.length && isBlankCode(text.charCodeAt(at))) at++;
  return at;
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
  /** Child nodes, made on the first (most nodes are scalars and have none). */
  children: TreeNode[] | null;
  /** The value of the last child (a nested node js-yaml kept as this one's is the same object). */
  lastResult: unknown;
}

const NO_CHILDREN: TreeNode[] = [];

/**
 * The tree builder: a js-yaml listener. Every composed node opens and closes; a close turns the frame into a node
 * and hands it to its parent frame, in document order.
 */
class TreeBuilder {
  readonly roots: Array<TreeNode | null> = [];
  private readonly stack: Frame[] = [];
  private depth = 0;
  /** Open offsets, when no trees are built (the value checks still need where each node starts). */
  private readonly opens: number[] = [];
  /** False once a node could not be placed (or when trees were not asked for): only the value checks run. */
  building: boolean;

  constructor(
    private readonly text: string,
    trees: boolean,
  ) {
    this.building = trees;
  }

  readonly listener = (event: 'open' | 'close', state: { position: number; kind: string | null; result: unknown }): void => {
    if (!this.building) {
      if (event === 'open') this.opens.push(state.position);
      else this.checkValue(this.opens.pop()!, state.kind, state.result, Math.min(state.position, this.text.length));
      return;
    }
    if (event === 'open') {
      // Frames are reused: the stack only ever grows to the document's depth.
      const frame = this.stack[this.depth];
      if (frame) {
        frame.open = state.position;
        frame.children = null;
        frame.lastResult = undefined;
      } else {
        this.stack.push({ open: state.position, children: null, lastResult: undefined });
      }
      this.depth++;
      return;
    }
    const frame = this.stack[--this.depth];
    let node: TreeNode | null;
    try {
      // js-yaml reads the text with a line break added at the end when it has none: no offset goes past the text.
      node = this.close(frame, state.kind, state.result, Math.min(state.position, this.text.length));
    } catch (error) {
      if (error !== TREE_REFUSED) throw error;
      // Values only from here on: the nodes still open get their value checks with their own open offsets.
      this.checkValue(frame.open, state.kind, state.result, Math.min(state.position, this.text.length));
      this.building = false;
      for (let i = 0; i < this.depth; i++) this.opens.push(this.stack[i].open);
      return;
    }
    if (this.depth > 0) {
      const parent = this.stack[this.depth - 1];
      if (node) (parent.children ??= []).push(node);
      parent.lastResult = state.result;
    } else {
      this.roots.push(node);
    }
  };

  /**
   * What every node must pass for js-yaml's value to be the yaml path's: no tag, anchor, alias or explicit key. (An
   * alias has no kind of its own, only the value it repeats.)
   */
  private checkValue(open: number, kind: string | null, result: unknown, end: number): void {
    if (kind === null && result !== null && result !== undefined) throw REFUSED;
    // A map or sequence used as a map key (`{}: x`): js-yaml makes it "[object Object]", the yaml path its JSON.
    if ((kind === 'mapping' || kind === 'sequence') && nextOnLine(this.text, end) === 0x3a) throw REFUSED;
    // For an empty node, this looks at what follows it: a tag or anchor there may be its own (`!!binary` alone).
    const start = skipBlank(this.text, open);
    const c = this.text.charCodeAt(start);
    if (c === 0x21 || c === 0x26 || c === 0x2a || c === 0x3f) throw REFUSED;
    // An explicit key (`? key`): js-yaml turns a map key into "[object Object]", the yaml path reads it right.
    if (this.afterExplicitKey(start)) throw REFUSED;
    // A merge key (`<<`): the yaml path merges (and bounds what aliases repeat); the failsafe schema would not.
    if (c === 0x3c && result === '<<') throw REFUSED;
    // A block scalar of blanks only, with an indentation indicator (`|-1` then a line of spaces): the two parsers read
    // it differently.
    if ((c === 0x7c || c === 0x3e) && typeof result === 'string' && /^\s*$/.test(result) && /^[|>][+-]?[1-9]/.test(this.text.slice(start, start + 3))) {
      throw REFUSED;
    }
  }

  /** True when the node starting at `start` follows a `?` indicator on its line. */
  private afterExplicitKey(start: number): boolean {
    const { text } = this;
    let at = start - 1;
    while (at >= 0 && (text.charCodeAt(at) === Ch.Space || text.charCodeAt(at) === Ch.Tab)) at--;
    if (at < 0 || text.charCodeAt(at) !== 0x3f || at === start - 1) return false;
    return at === 0 || isBlankCode(text.charCodeAt(at - 1)) || '[{,'.includes(text[at - 1]);
  }

  private close(frame: Frame, kind: string | null, result: unknown, position: number): TreeNode | null {
    const { text } = this;
    const children = frame.children ?? NO_CHILDREN;
    // js-yaml reads a node that might have been a mapping's first key as a nested node, and keeps it.
    if (children.length === 1 && (kind === 'scalar' || kind === null || frame.lastResult === result)) {
      this.checkValue(frame.open, kind, result, position);
      return children[0];
    }
    if (kind === 'mapping') return this.mapping(frame.open, children, result, position);
    if (kind === 'sequence') return this.sequence(frame.open, children, result, position);
    if (children.length > 0) throw TREE_REFUSED;
    if (kind === null) {
      // No content: an empty value (`key:`), placed by its key (emptyAfter).
      this.checkValue(frame.open, kind, result, position);
      return null;
    }
    if (kind !== 'scalar') throw TREE_REFUSED;
    this.checkValue(frame.open, kind, result, position);
    const start = skipBlank(text, frame.open);
    const c = text.charCodeAt(start);
    if (c === 0x22) return new TreeScalar(result, 'QUOTE_DOUBLE', start, position);
    if (c === 0x27) return new TreeScalar(result, 'QUOTE_SINGLE', start, position);
    if (c === 0x7c || c === 0x3e) {
      // An empty block scalar: the yaml package ends it by rules this does not copy.
      if (result === '') throw TREE_REFUSED;
      return new TreeScalar(result, c === 0x7c ? 'BLOCK_LITERAL' : 'BLOCK_FOLDED', start, this.blockScalarEnd(start, position));
    }
    return new TreeScalar(result, 'PLAIN', start, trimBack(text, start, position));
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

  private mapping(open: number, children: TreeNode[], result: unknown, position: number): TreeMap {
    const { text } = this;
    if (typeof result !== 'object' || result === null || Array.isArray(result)) throw TREE_REFUSED;
    this.checkValue(open, 'mapping', result, position);
    const start = skipBlank(text, open);
    const flow = text.charCodeAt(start) === 0x7b;
    // A one-pair map written inside a flow sequence (`[a: b]`): the yaml package shapes it its own way.
    if (!flow && /[[,]/.test(text[trimBack(text, 0, start) - 1] ?? '')) throw TREE_REFUSED;
    const items: TreePair[] = [];
    for (let i = 0; i < children.length; i++) {
      const key = children[i];
      // A key is followed by its `:` on the same line; a value is not.
      if (nextOnLine(text, key.end) !== 0x3a) throw TREE_REFUSED;
      const next = children[i + 1];
      let value: TreeNode;
      if (next && nextOnLine(text, next.end) !== 0x3a) {
        value = next;
        i++;
      } else {
        value = this.emptyAfter(key);
      }
      items.push(new TreePair(key, value));
    }
    // Every pair found is one key of the value (js-yaml refuses duplicate keys; merge keys were refused above).
    let keys = 0;
    for (const _ in result) keys++;
    if (items.length !== keys) throw TREE_REFUSED;
    let end = position;
    if (!flow && items.length) {
      // The fast reader gives every pair a value node (an empty value is a null scalar).
      const last = items[items.length - 1].value!;
      // `key:` with nothing after it ends the map where its empty value is (after the colon and blanks). With a comment
      // after it on that line, `yaml` ends the map by rules this does not copy: no trees.
      const empty = last.start === last.end && last instanceof TreeScalar && last.value === null;
      if (empty && text.charCodeAt(skipSpace(text, last.end)) === Ch.Hash) throw TREE_REFUSED;
      end = empty ? last.end : this.blockEnd(last, start);
    }
    return new TreeMap(items, flow, start, end);
  }

  /**
   * Where `yaml` ends a block collection whose last node is `last`: where a block collection there ends, else after
   * the line break of the line `last` ends on. A comment indented deeper than the collection that follows (after blank
   * lines or not) may belong to it, by rules of the `yaml` parser this does not copy: no trees for such a file. (One
   * indented less belongs to an enclosing node; one at its column, to none, unless a flush sequence ends there.)
   */
  private blockEnd(last: TreeNode, start: number): number {
    const end = blockEnd(this.text, last, start);
    if (end === undefined) throw TREE_REFUSED;
    return end;
  }

  /** The empty value of `key:` (a null scalar), where `yaml` puts it: after the colon and the blanks on its line. */
  private emptyAfter(key: TreeNode): TreeScalar {
    const { text } = this;
    let at = text.indexOf(':', key.end) + 1;
    while (text.charCodeAt(at) === Ch.Space || text.charCodeAt(at) === Ch.Tab) at++;
    return new TreeScalar(null, 'PLAIN', at, at);
  }

  private sequence(open: number, children: TreeNode[], result: unknown, position: number): TreeSeq {
    const { text } = this;
    if (!Array.isArray(result)) throw REFUSED;
    if (result.length !== children.length) throw TREE_REFUSED;
    this.checkValue(open, 'sequence', result, position);
    const start = skipBlank(text, open);
    const flow = text.charCodeAt(start) === 0x5b;
    const items = children === NO_CHILDREN ? [] : children;
    // A one-pair map inside a flow sequence (`[a: b]`, `[: b]`) reaches here as one of its nodes alone: a `:` between
    // the items gives it away.
    if (flow) {
      let from = start + 1;
      for (const item of items) {
        if (text.slice(from, item.start).includes(':')) throw TREE_REFUSED;
        from = item.end;
      }
      if (text.slice(from, position).includes(':')) throw TREE_REFUSED;
    }
    const end = flow || !items.length ? position : this.blockEnd(items[items.length - 1], start);
    return new TreeSeq(items, flow, start, end);
  }
}

/** A line that holds only a sequence indicator (and maybe a comment). */
const EMPTY_ITEM = /^[ \t]*(?:- +)*-[ \t]*(?:#.*)?\r?$/m;

/**
 * The documents of a file the block reader gives up on, as plain data, with their node trees when `trees` and each can
 * be placed exactly; undefined when this path does not apply (parseText then uses the `yaml` document model). Never
 * throws.
 */
export function eventParse(text: string, trees = true): FastDocument[] | undefined {
  // Template actions are the yaml path's to judge (text inside strings, or a Helm template to pass over).
  if (text.includes('{{')) return undefined;
  if (hasLongImplicitKey(text)) return undefined;
  // An empty sequence item (`-` alone on its line): js-yaml and the yaml package place it differently.
  if (EMPTY_ITEM.test(text)) return undefined;
  // A carriage return that ends no line, or a byte order mark inside the text: the two parsers disagree on them.
  if (/\r(?!\n)/.test(text) || text.includes('\uFEFF')) return undefined;
  const builder = new TreeBuilder(text, trees);
  let values: unknown[];
  try {
    // Duplicate keys, unknown tags and every syntax error make js-yaml throw: the yaml path reports them.
    const options = { schema: kubernetesSchema(), maxDepth: MAX_DEPTH, listener: builder.listener } as unknown as JsYaml.LoadOptions;
    values = jsYaml().loadAll(text, null, options);
  } catch {
    return undefined;
  }
  const withTrees = builder.building && builder.roots.length === values.length;
  return values.map((value, i) => ({ value, tree: withTrees ? new TreeDocument(builder.roots[i]) : undefined }));
}

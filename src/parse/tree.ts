/**
 * kubeward's own YAML node tree: what positions (src/parse/position.ts), fixes (src/fix/fix.ts) and config file
 * messages read of a document. Both readers produce it: the fast reader builds it from js-yaml's events
 * (src/parse/fast-reader.ts), the `yaml` package reader adapts the package's nodes to it (src/parse/yaml-reader.ts).
 * test/fast-values.test.ts and test/fuzz.test.ts check, node by node, that both give the same tree for the same text.
 *
 * Every node but a pair has a range, `start` to `end` (offsets into the file's text, end exclusive): the node's value
 * as written, without the comments and blank lines after it. An empty value (`key:` alone) is a null scalar of no
 * length after its key's colon.
 */

/** Deepest nesting of maps and sequences kubeward reads (real manifests stay far below 100). */
export const MAX_DEPTH = 256;

export type ScalarStyle = 'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE' | 'BLOCK_LITERAL' | 'BLOCK_FOLDED';

/*
 * A file's tree has a node for every key and value of it, and the trees of a big file live through its checks (long
 * enough to be promoted): each field is memory the garbage collector copies. So what every node of a class has alike
 * is its prototype's: `kind`, and `anchor` and `merge` unless set (only the `yaml` package reader sets them).
 */

export class TreeScalar {
  declare readonly kind: 'scalar';
  /** The anchor (`&name`) on the node, if any. */
  declare readonly anchor: string | undefined;
  /** True for YAML 1.1's merge key `<<` (value '<<'): `<<: *base` merges, it is no key of its own. */
  declare readonly merge: boolean;

  constructor(
    /** The value as Kubernetes reads it: a string, number, boolean or null (a `!!binary` scalar: its bytes). */
    readonly value: unknown,
    readonly style: ScalarStyle,
    readonly start: number,
    readonly end: number,
    anchor: string | undefined = undefined,
    merge = false,
  ) {
    if (anchor !== undefined) (this as { anchor: string | undefined }).anchor = anchor;
    if (merge) (this as { merge: boolean }).merge = merge;
  }
}

export class TreeMap {
  declare readonly kind: 'map';
  declare readonly anchor: string | undefined;

  constructor(
    readonly items: readonly TreePair[],
    /** Written in flow style (`{a: 1}`). */
    readonly flow: boolean,
    readonly start: number,
    readonly end: number,
    anchor: string | undefined = undefined,
  ) {
    if (anchor !== undefined) (this as { anchor: string | undefined }).anchor = anchor;
  }
}

export class TreeSeq {
  declare readonly kind: 'seq';
  declare readonly anchor: string | undefined;

  constructor(
    readonly items: readonly TreeNode[],
    /** Written in flow style (`[a, b]`). */
    readonly flow: boolean,
    readonly start: number,
    readonly end: number,
    anchor: string | undefined = undefined,
  ) {
    if (anchor !== undefined) (this as { anchor: string | undefined }).anchor = anchor;
  }
}

/** `*name`: repeats the node anchored `&name` before it. */
export class TreeAlias {
  declare readonly kind: 'alias';

  constructor(
    readonly source: string,
    readonly start: number,
    readonly end: number,
  ) {}
}

/** One `key: value` of a map. Null key or value: none written (`? a` has no value). */
export class TreePair {
  declare readonly kind: 'pair';

  constructor(
    readonly key: TreeNode | null,
    readonly value: TreeNode | null,
  ) {}
}

/** What every node of a class has alike, on its prototype: read-only `kind`; `anchor` and `merge` that a node may set as its own. */
function shared(target: object, kind: string, defaults: Record<string, unknown> = {}): void {
  Object.defineProperty(target, 'kind', { value: kind, enumerable: false });
  for (const [name, value] of Object.entries(defaults)) Object.defineProperty(target, name, { value, writable: true, enumerable: false });
}
shared(TreeScalar.prototype, 'scalar', { anchor: undefined, merge: false });
shared(TreeMap.prototype, 'map', { anchor: undefined });
shared(TreeSeq.prototype, 'seq', { anchor: undefined });
shared(TreeAlias.prototype, 'alias');
shared(TreePair.prototype, 'pair');

export type TreeNode = TreeScalar | TreeMap | TreeSeq | TreeAlias;

export class TreeDocument {
  readonly kind = 'document' as const;

  constructor(
    /** The document's root node; null for a document with no content. */
    readonly contents: TreeNode | null,
    /** True when the `yaml` package found errors in the document (fixes are refused in it). */
    readonly hasErrors = false,
  ) {}
}

/** A document as the fast readers (src/parse/block-reader.ts, src/parse/fast-reader.ts) give it. */
export interface FastDocument {
  value: unknown;
  /** The node tree; undefined when trees were not asked for, or a tree could not be placed exactly. */
  tree: TreeDocument | undefined;
  /**
   * Where the document's root node starts (its first line's offset), when the block reader read it without trees: its
   * tree can be read on its own from there (blockTree), for a document that needs positions.
   */
  at?: number;
  /**
   * The block reader read the text without its carriage returns (CRLF line ends): the tree's ranges are the text's, but
   * positions are not placed from the text alone (src/parse/position.ts reads `\n` line ends only).
   */
  crlf?: boolean;
}

/** The tree of a document kubeward has no nodes for. */
export const EMPTY_DOCUMENT = new TreeDocument(null);

/** The string form of a map key (scalar keys only, and not the merge key). */
export function scalarKey(key: TreeNode | null | undefined): string | undefined {
  if (key?.kind !== 'scalar' || key.merge) return undefined;
  const v = key.value;
  if (v === null) return 'null';
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- objects are handled below: a primitive here
  if (typeof v !== 'object') return String(v);
  return undefined;
}

/** The pair of a map whose key is `key` (compared as scalarKey does), or undefined. */
export function pairOf(map: TreeMap, key: string): TreePair | undefined {
  return map.items.find((p) => scalarKey(p.key) === key);
}

/** Call `onPair` for every pair of the tree under `root`, depth first, in document order. Iterative. */
export function visitPairs(root: TreeDocument | TreeNode | null, onPair: (pair: TreePair) => void): void {
  const stack: Array<TreeNode | TreePair | null> = [root?.kind === 'document' ? root.contents : root];
  while (stack.length) {
    const node = stack.pop();
    if (!node) continue;
    if (node.kind === 'pair') {
      onPair(node);
      stack.push(node.value, node.key);
    } else if (node.kind === 'map' || node.kind === 'seq') {
      for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
    }
  }
}

/** Every alias node of the tree under `root`. */
export function aliasesIn(root: TreeDocument | TreeNode | null): TreeAlias[] {
  const found: TreeAlias[] = [];
  const stack: Array<TreeNode | TreePair | null> = [root?.kind === 'document' ? root.contents : root];
  while (stack.length) {
    const node = stack.pop();
    if (!node) continue;
    if (node.kind === 'alias') found.push(node);
    else if (node.kind === 'pair') stack.push(node.value, node.key);
    else if (node.kind === 'map' || node.kind === 'seq') for (const item of node.items) stack.push(item);
  }
  return found;
}

/**
 * What kubeward needs of the `yaml` package's node model without loading the package: its type guards (which test
 * registered symbols, so they recognise the package's nodes and the fast path's trees alike, see src/fast-values.ts),
 * a walk over the pairs of a node tree, and a line table. The package itself is loaded on first use, only for files
 * the fast path leaves to it (src/parse.ts) and for config files.
 */
import { createRequire } from 'node:module';
import type { Node, Pair } from 'yaml';

/** The `yaml` package's node type marks: registered symbols, so nodes made elsewhere (src/fast-values.ts) carry them too. */
export const NODE_TYPE = Symbol.for('yaml.node.type');
const ALIAS = Symbol.for('yaml.alias');
export const DOC = Symbol.for('yaml.document');
export const MAP = Symbol.for('yaml.map');
export const PAIR = Symbol.for('yaml.pair');
export const SCALAR = Symbol.for('yaml.scalar');
export const SEQ = Symbol.for('yaml.seq');

type Typed = { [NODE_TYPE]?: symbol };
const typeOf = (node: unknown): symbol | undefined => (node && typeof node === 'object' ? (node as Typed)[NODE_TYPE] : undefined);

export const isAlias = (node: unknown): node is import('yaml').Alias => typeOf(node) === ALIAS;
export const isDocument = (node: unknown): node is import('yaml').Document => typeOf(node) === DOC;
export const isMap = (node: unknown): node is import('yaml').YAMLMap => typeOf(node) === MAP;
export const isPair = (node: unknown): node is Pair => typeOf(node) === PAIR;
export const isScalar = (node: unknown): node is import('yaml').Scalar => typeOf(node) === SCALAR;
export const isSeq = (node: unknown): node is import('yaml').YAMLSeq => typeOf(node) === SEQ;

/** Call `onPair` for every pair of the tree under `root` (a document or a node), depth first, in document order. */
export function visitPairs(root: unknown, onPair: (pair: Pair) => void): void {
  const stack: unknown[] = [isDocument(root) ? root.contents : root];
  while (stack.length) {
    const node = stack.pop();
    if (isPair(node)) {
      onPair(node);
      stack.push(node.value, node.key);
    } else if (isMap(node) || isSeq(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
    }
  }
}

/** Every alias node of the tree under `root`. */
export function aliasesIn(root: unknown): Array<import('yaml').Alias> {
  const found: Array<import('yaml').Alias> = [];
  const stack: unknown[] = [isDocument(root) ? root.contents : root];
  while (stack.length) {
    const node = stack.pop();
    if (isAlias(node)) found.push(node);
    else if (isPair(node)) stack.push(node.value, node.key);
    else if (isMap(node) || isSeq(node)) for (const item of node.items) stack.push(item);
  }
  return found;
}

/** 1-based line and column of an offset, as the `yaml` package's LineCounter gives them. */
export interface LinePositions {
  linePos(offset: number): { line: number; col: number };
}

/** The start of every line of a text, found with indexOf (no regular expression), and a binary search. */
export class LineTable implements LinePositions {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) this.starts.push(at + 1);
  }

  linePos(offset: number): { line: number; col: number } {
    const { starts } = this;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, col: offset - starts[low] + 1 };
  }
}

let yamlPackage: typeof import('yaml') | undefined;

/** The `yaml` package, loaded (synchronously) the first time something needs it. */
export function yamlModule(): typeof import('yaml') {
  return (yamlPackage ??= createRequire(import.meta.url)('yaml') as typeof import('yaml'));
}

export type { Node, Pair };

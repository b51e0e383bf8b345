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

/** Turn a path inside a document into a range in its file. */
export function locate(document: ParsedDocument, path: Path, lineCounter: LinePositions, text: string, pointAt: PointAt = 'value'): Range {
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
  if (!offsets) offsets = [0, 0];
  const [start, end] = offsets;
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

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
import { positionAt, scalarKey, type ParsedDocument } from './parse.js';
import { isMap, isScalar, isSeq, type LinePositions, type Node } from './nodes.js';
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
  node: Node | null | undefined;
  /** The key node of the pair that holds `node`, when it sits in a map. */
  key?: Node | null;
}

function walk(document: ParsedDocument, path: Path): { steps: Step[]; exact: boolean } {
  const steps: Step[] = [{ node: document.doc.contents }];
  let node = document.doc.contents as unknown;
  for (const segment of path) {
    let next: Step | undefined;
    if (isMap(node)) {
      const want = String(segment);
      const pair = node.items.find((p) => scalarKey(p.key) === want);
      if (pair) next = { node: pair.value as Node | null, key: pair.key as Node | null };
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (item !== undefined) next = { node: item as Node | null };
    }
    if (!next) return { steps, exact: false };
    steps.push(next);
    node = next.node;
  }
  return { steps, exact: true };
}

/** Offsets of a node that sits without a key (sequence item, document root): its first line of content. */
function firstLine(node: Node, text: string): [number, number] {
  const [start, valueEnd] = node.range ?? [0, 0, 0];
  if (isMap(node) && node.items.length > 0) {
    const first = node.items[0];
    const key = first.key as Node | null;
    const value = first.value as Node | null;
    const lineEnd = text.indexOf('\n', start);
    const limit = lineEnd === -1 ? text.length : lineEnd;
    const end = value?.range && isScalar(value) && value.range[1] <= limit ? value.range[1] : (key?.range?.[1] ?? valueEnd);
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
    if (isLeaf && pointAt === 'value' && node && isScalar(node) && node.range && node.range[1] > node.range[0]) {
      offsets = [node.range[0], node.range[1]];
    } else if (key?.range) {
      offsets = [key.range[0], key.range[1]];
    } else if (node?.range) {
      offsets = firstLine(node, text);
    }
  }
  if (!offsets) offsets = [0, 0];
  const [start, end] = offsets;
  const a = positionAt(lineCounter, start);
  const b = positionAt(lineCounter, Math.max(end, start));
  return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column, start, end, exact };
}

/** A path in the dotted form messages and baselines use: `spec.template.spec.containers[0].image`. */
export function formatPath(path: Path): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

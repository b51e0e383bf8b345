/** Compare the fast reader's node trees with the yaml package reader's (test/fast-values.test.ts, test/fuzz.test.ts). */
import { fastParse, parseText, type TreeNode } from '../src/parse/index.js';

/**
 * Every difference between the fast tree and the yaml package's tree of the same text, document by document at the
 * same index (the correspondence ParsedDocument.tree() relies on): node kinds, ranges, scalar styles, flow flags and
 * item counts, each as `path: what`.
 */
export function treeDifferences(text: string): string[] {
  const fast = fastParse(text);
  if (!fast) return ['fast path refused'];
  if (fast.some((d) => !d.tree)) return ['no trees'];
  const full = parseText(text, 'x.yaml', 0, { full: true });
  if (full.messages.length) return ['yaml path failed'];
  const out: string[] = [];
  const compare = (a: TreeNode | null, b: TreeNode | null, where: string) => compareTrees(a, b, where, out);
  // An empty document is a null scalar in the yaml package and no node at all in the fast tree: only documents that
  // hold something are compared, as ParsedFile keeps only those.
  const isEmpty = (n: TreeNode | null) => n === null || (n.kind === 'scalar' && n.value === null);
  const slow = new Map(full.documents.map((d) => [d.index, d.tree().contents]));
  fast.forEach((d, index) => {
    const contents = d.tree!.contents;
    if (isEmpty(contents) || d.value === null) return;
    if (!slow.has(index)) return void out.push(`doc${index}: no yaml document at this index`);
    compare(slow.get(index)!, contents, `doc${index}`);
  });
  for (const [index, contents] of slow) {
    if (!isEmpty(contents) && (fast[index] === undefined || fast[index].value === null)) out.push(`doc${index}: no fast document at this index`);
  }
  return out;
}

/**
 * Push to `out` every difference between two node trees, node by node: kinds, ranges, scalar styles (and values, with
 * `values`: the yaml package's trees of a fast-read file hold none), flow flags and item counts, each as `path: what`.
 */
export function compareTrees(a: TreeNode | null, b: TreeNode | null, where: string, out: string[], values = false): void {
  const kindOf = (n: TreeNode | null) => n?.kind ?? String(n);
  if (kindOf(a) !== kindOf(b)) return void out.push(`${where}: ${kindOf(a)} vs ${kindOf(b)}`);
  if (!a || !b) return;
  if (a.start !== b.start || a.end !== b.end) out.push(`${where}: range ${a.start},${a.end} vs ${b.start},${b.end}`);
  if (a.kind === 'scalar' && b.kind === 'scalar') {
    if (a.style !== b.style) out.push(`${where}: ${a.style} vs ${b.style}`);
    if (values && !Object.is(a.value, b.value)) out.push(`${where}: value ${JSON.stringify(a.value)} vs ${JSON.stringify(b.value)}`);
    return;
  }
  if (a.kind === 'map' && b.kind === 'map') {
    if (a.flow !== b.flow) out.push(`${where}: flow ${a.flow} vs ${b.flow}`);
    if (a.items.length !== b.items.length) return void out.push(`${where}: ${a.items.length} vs ${b.items.length} items`);
    a.items.forEach((pair, i) => {
      compareTrees(pair.key, b.items[i].key, `${where}.key${i}`, out, values);
      compareTrees(pair.value, b.items[i].value, `${where}.value${i}`, out, values);
    });
  } else if (a.kind === 'seq' && b.kind === 'seq') {
    if (a.flow !== b.flow) out.push(`${where}: flow ${a.flow} vs ${b.flow}`);
    if (a.items.length !== b.items.length) return void out.push(`${where}: ${a.items.length} vs ${b.items.length} items`);
    a.items.forEach((item, i) => compareTrees(item, b.items[i], `${where}[${i}]`, out, values));
  }
}

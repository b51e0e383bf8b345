/**
 * Compare the node trees production reads (parseText, ParsedDocument.tree()) with the yaml package reader's
 * (test/fast-values.test.ts, test/block-reader.test.ts, test/fuzz.test.ts).
 */
import { parseText, type TreeNode } from '../src/parse/index.js';

/**
 * Every difference between the trees `parseText(text).documents.map((d) => d.tree())` gives (what the lint pass reads:
 * the block reader's per document on first use, the yaml package's for a document it places none in, or the js-yaml
 * path's) and the yaml package's tree of the same text, document by document at the same index (the correspondence
 * ParsedDocument.tree() relies on): node kinds, ranges, anchors, aliases' names, scalar styles, flow flags and item counts, each as
 * `path: what`. `['fast path refused']` for a file the yaml package reads (both sides are its trees), `['no trees']`
 * for a file of the js-yaml path read without trees (each tree is the yaml package's).
 */
export function treeDifferences(text: string): string[] {
  const file = parseText(text, 'x.yaml');
  if (file.holds === 'full') return ['fast path refused'];
  if (file.holds === 'values') return ['no trees'];
  const full = parseText(text, 'x.yaml', 0, { full: true });
  if (full.messages.length) return ['yaml path failed'];
  const out: string[] = [];
  // An empty document is a null scalar in the yaml package and is left out of a fast-read file: only documents that
  // hold something are compared.
  const isEmpty = (n: TreeNode | null) => n === null || (n.kind === 'scalar' && n.value === null);
  const slow = new Map(full.documents.map((d) => [d.index, d.tree().contents]));
  const fast = new Set<number>();
  for (const document of file.documents) {
    const contents = document.tree().contents;
    if (isEmpty(contents)) continue;
    fast.add(document.index);
    if (!slow.has(document.index)) {
      out.push(`doc${document.index}: no yaml document at this index`);
      continue;
    }
    compareTrees(slow.get(document.index)!, contents, `doc${document.index}`, out);
  }
  for (const [index, contents] of slow) {
    if (!isEmpty(contents) && !fast.has(index)) out.push(`doc${index}: no fast document at this index`);
  }
  return out;
}

/**
 * Push to `out` every difference between two node trees, node by node: kinds, ranges, anchors, the names aliases
 * repeat, merge keys, scalar styles (and values, with `values`: the yaml package's trees of a fast-read file hold none),
 * flow flags and item counts, each as `path: what`.
 */
export function compareTrees(a: TreeNode | null, b: TreeNode | null, where: string, out: string[], values = false): void {
  const kindOf = (n: TreeNode | null) => n?.kind ?? String(n);
  if (kindOf(a) !== kindOf(b)) return void out.push(`${where}: ${kindOf(a)} vs ${kindOf(b)}`);
  if (!a || !b) return;
  if (a.start !== b.start || a.end !== b.end) out.push(`${where}: range ${a.start},${a.end} vs ${b.start},${b.end}`);
  if (a.kind === 'alias' && b.kind === 'alias') {
    if (a.source !== b.source) out.push(`${where}: alias *${a.source} vs *${b.source}`);
    return;
  }
  if (a.kind !== 'alias' && b.kind !== 'alias' && a.anchor !== b.anchor) out.push(`${where}: anchor ${a.anchor} vs ${b.anchor}`);
  if (a.kind === 'scalar' && b.kind === 'scalar') {
    if (a.merge !== b.merge) out.push(`${where}: merge ${a.merge} vs ${b.merge}`);
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

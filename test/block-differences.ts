/**
 * Compare the block reader (src/parse/block-reader.ts) with the js-yaml path it stands in front of (eventParse in
 * src/parse/fast-reader.ts): test/block-reader.test.ts and test/fuzz.test.ts.
 */
import { isDeepStrictEqual } from 'node:util';
import { blockParse } from '../src/parse/block-reader.js';
import { eventParse } from '../src/parse/fast-reader.js';
import type { TreeNode } from '../src/parse/tree.js';

/**
 * Every difference between what the block reader and the js-yaml path give for `text`, with and without trees: the
 * number of documents, each document's value, and node by node its tree (kind, range, style, flow flag, value, items).
 * `['given up']` when the block reader does not read the text (then nothing is compared).
 */
export function blockDifferences(text: string): string[] {
  const out: string[] = [];
  for (const trees of [true, false]) {
    const block = blockParse(text, trees);
    if (!block) return trees ? ['given up'] : ['given up without trees only'];
    const events = eventParse(text, trees);
    if (!events) return [`${trees ? 'trees' : 'values'}: the js-yaml path refused what the block reader read`];
    if (block.length !== events.length) {
      out.push(`${trees ? 'trees' : 'values'}: ${block.length} vs ${events.length} documents`);
      continue;
    }
    block.forEach((d, i) => {
      if (!isDeepStrictEqual(d.value, events[i].value)) out.push(`doc${i}: value ${JSON.stringify(d.value)} vs ${JSON.stringify(events[i].value)}`);
      if (!trees) {
        if (d.tree) out.push(`doc${i}: a tree when none was asked for`);
        return;
      }
      if (!d.tree) return void out.push(`doc${i}: no tree`);
      if (!events[i].tree) return void out.push(`doc${i}: the js-yaml path gives no tree`);
      compare(d.tree.contents, events[i].tree.contents, `doc${i}`, out);
    });
  }
  return out;
}

function compare(a: TreeNode | null, b: TreeNode | null, where: string, out: string[]): void {
  const kindOf = (n: TreeNode | null) => n?.kind ?? String(n);
  if (kindOf(a) !== kindOf(b)) return void out.push(`${where}: ${kindOf(a)} vs ${kindOf(b)}`);
  if (!a || !b) return;
  if (a.start !== b.start || a.end !== b.end) out.push(`${where}: range ${a.start},${a.end} vs ${b.start},${b.end}`);
  if (a.kind === 'scalar' && b.kind === 'scalar') {
    if (a.style !== b.style) out.push(`${where}: ${a.style} vs ${b.style}`);
    if (!Object.is(a.value, b.value)) out.push(`${where}: value ${JSON.stringify(a.value)} vs ${JSON.stringify(b.value)}`);
    return;
  }
  if ((a.kind === 'map' && b.kind === 'map') || (a.kind === 'seq' && b.kind === 'seq')) {
    if (a.flow !== b.flow) out.push(`${where}: flow ${a.flow} vs ${b.flow}`);
    if (a.items.length !== b.items.length) return void out.push(`${where}: ${a.items.length} vs ${b.items.length} items`);
  }
  if (a.kind === 'map' && b.kind === 'map') {
    a.items.forEach((pair, i) => {
      compare(pair.key, b.items[i].key, `${where}.key${i}`, out);
      compare(pair.value, b.items[i].value, `${where}.value${i}`, out);
    });
  } else if (a.kind === 'seq' && b.kind === 'seq') {
    a.items.forEach((item, i) => compare(item, b.items[i], `${where}[${i}]`, out));
  }
}

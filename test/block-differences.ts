/**
 * Compare the block reader (src/parse/block-reader.ts) with the js-yaml path it stands in front of (eventParse in
 * src/parse/fast-reader.ts), and where that path refuses a text for its anchors and aliases, with the yaml package's
 * reading: test/block-reader.test.ts and test/fuzz.test.ts.
 */
import { isDeepStrictEqual } from 'node:util';
import { blockParse, blockTree } from '../src/parse/block-reader.js';
import { eventParse, type FastDocument } from '../src/parse/fast-reader.js';
import { parseText, type TreeNode } from '../src/parse/index.js';
import { compareTrees } from './tree-differences.js';

/**
 * Where `block` (the block reader's documents of `text`, a text with anchors or aliases) and the yaml package's reading
 * differ: errors the yaml package reports, documents, values (and which objects of them are one object: an alias gives
 * the object its anchor's node gave, on the yaml path, and the block reader must too), and trees node by node with
 * their values.
 */
export function yamlDifferences(text: string, block: FastDocument[], what: string, out: string[]): void {
  const full = parseText(text, 'x.yaml', 0, { full: true });
  if (full.messages.length) return void out.push(`${what}: the yaml package reports ${full.messages.map((m) => m.message).join('; ')}`);
  const slow = new Map(full.documents.map((d) => [d.index, d]));
  block.forEach((d, i) => {
    const other = slow.get(i);
    slow.delete(i);
    if (d.value === null && (!other || other.value === null)) return;
    if (!other) return void out.push(`${what} doc${i}: no yaml document at this index`);
    if (!isDeepStrictEqual(d.value, other.value)) out.push(`${what} doc${i}: value ${JSON.stringify(d.value)} vs ${JSON.stringify(other.value)}`);
    else if (!sameSharing(d.value, other.value)) out.push(`${what} doc${i}: objects shared differently`);
    if (d.tree) compareTrees(other.tree().contents, d.tree.contents, `${what} doc${i}`, out, true);
  });
  for (const [index, d] of slow) if (d.value !== null) out.push(`${what} doc${index}: no block document at this index`);
}

/** Whether two equal values share objects alike: where one holds the same object twice, the other does too, and only there. */
export function sameSharing(a: unknown, b: unknown): boolean {
  const ab = new Map<object, object>();
  const ba = new Map<object, object>();
  const stack: Array<[unknown, unknown]> = [[a, b]];
  while (stack.length) {
    const [x, y] = stack.pop()!;
    if (typeof x !== 'object' || x === null || typeof y !== 'object' || y === null) continue;
    const seen = ab.get(x);
    if (seen !== undefined || ba.has(y)) {
      if (seen !== y || ba.get(y) !== x) return false;
      continue;
    }
    ab.set(x, y);
    ba.set(y, x);
    if (Array.isArray(x)) x.forEach((item, i) => stack.push([item, (y as unknown[])[i]]));
    else for (const key of Object.keys(x)) stack.push([(x as Record<string, unknown>)[key], (y as Record<string, unknown>)[key]]);
  }
  return true;
}

/** The yaml package's tree of the document at `index` of `text`; undefined when it reports an error or has no such document. */
function yamlTree(text: string, index: number): TreeNode | null | undefined {
  const full = parseText(text, 'x.yaml', 0, { full: true });
  if (full.messages.length) return undefined;
  return full.documents.find((d) => d.index === index)?.tree().contents;
}

/**
 * Every difference between what the block reader and the js-yaml path give for `text`, with and without trees: the
 * number of documents, each document's value, and node by node its tree (kind, range, style, flow flag, value, items).
 * `['given up']` when the block reader does not read the text with trees and the values of its read without trees (the
 * one parseText makes, reading each document's tree on first use) are the js-yaml path's, or it does not read the text
 * at all (then nothing is compared).
 */
export function blockDifferences(text: string): string[] {
  const out: string[] = [];
  let givenUp = false;
  let withTrees: FastDocument[] | undefined;
  for (const trees of [true, false]) {
    const block = blockParse(text, trees);
    if (trees) withTrees = block;
    // Each document's tree read alone from where the read without trees says it starts (ParsedDocument.tree()) is the
    // one the read with trees gives (placed back in the text for CRLF line ends too).
    else if (block && withTrees)
      block.forEach((d, i) => {
        if (d.at === undefined) return void (d.value !== null && out.push(`doc${i}: no offset to read its tree from`));
        const alone = blockTree(text, d.at, d.crlf);
        if (!alone) return void out.push(`doc${i}: no tree read alone`);
        compareTrees(withTrees![i].tree!.contents, alone.contents, `doc${i} alone`, out, true);
      });
    if (!block) {
      // Given up with trees only: the read without trees, the one parseText makes, is still compared.
      if (trees) {
        givenUp = true;
        continue;
      }
      return givenUp ? ['given up'] : ['given up without trees only'];
    }
    const events = eventParse(text, trees);
    if (!events) {
      // The js-yaml path refuses every anchor and alias: the block reader's reading of them is compared with the yaml
      // package's, the reading such a file had before (parseText's `full`).
      if (!/[&*]/.test(text)) return [`${trees ? 'trees' : 'values'}: the js-yaml path refused what the block reader read`];
      yamlDifferences(text, block, trees ? 'trees' : 'values', out);
      continue;
    }
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
      if (events[i].tree) return void compareTrees(d.tree.contents, events[i].tree.contents, `doc${i}`, out, true);
      // The js-yaml path places no tree where it does not copy the yaml package's rules (fast-reader.ts TREE_REFUSED),
      // and a file it reads then gets the yaml package's trees: the block reader's tree must be that one.
      const slow = yamlTree(text, i);
      if (slow === undefined) return void out.push(`doc${i}: the js-yaml path gives no tree, and the yaml package none either`);
      // An empty document: the yaml package's is a null scalar, the fast readers' has no node (and is left out of a file).
      if (d.tree.contents === null && slow?.kind === 'scalar' && slow.value === null && d.value === null) return;
      compareTrees(slow, d.tree.contents, `doc${i}`, out);
    });
  }
  // Values that differ where the read with trees gave up are reported, not hidden behind `given up`.
  return givenUp && !out.length ? ['given up'] : out;
}

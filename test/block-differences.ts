/**
 * Compare the block reader (src/parse/block-reader.ts) with the js-yaml path it stands in front of (eventParse in
 * src/parse/fast-reader.ts): test/block-reader.test.ts and test/fuzz.test.ts.
 */
import { isDeepStrictEqual } from 'node:util';
import { blockParse } from '../src/parse/block-reader.js';
import { eventParse } from '../src/parse/fast-reader.js';
import { parseText, type TreeNode } from '../src/parse/index.js';
import { compareTrees } from './tree-differences.js';

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
  for (const trees of [true, false]) {
    const block = blockParse(text, trees);
    if (!block) {
      // Given up with trees only: the read without trees, the one parseText makes, is still compared.
      if (trees) {
        givenUp = true;
        continue;
      }
      return givenUp ? ['given up'] : ['given up without trees only'];
    }
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
      if (events[i].tree) return void compareTrees(d.tree.contents, events[i].tree.contents, `doc${i}`, out, true);
      // The js-yaml path places no tree where it does not copy the yaml package's rules (fast-reader.ts TREE_REFUSED),
      // and a file it reads then gets the yaml package's trees: the block reader's tree must be that one.
      const slow = yamlTree(text, i);
      if (slow === undefined) return void out.push(`doc${i}: the js-yaml path gives no tree, and the yaml package none either`);
      compareTrees(slow, d.tree.contents, `doc${i}`, out);
    });
  }
  // Values that differ where the read with trees gave up are reported, not hidden behind `given up`.
  return givenUp && !out.length ? ['given up'] : out;
}

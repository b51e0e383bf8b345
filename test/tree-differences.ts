/** Compare the fast path's node trees with the yaml package's (test/fast-values.test.ts, test/fuzz.test.ts). */
import { fastParse } from '../src/parse/fast-reader.js';
import { parseText } from '../src/parse/parse.js';
import { isMap, isScalar, isSeq } from '../src/parse/nodes.js';

/**
 * Every difference between the fast tree and the yaml package's tree of the same text: node kinds, ranges
 * (start and value end), scalar styles, flow flags and item counts, each as `path: what`.
 */
export function treeDifferences(text: string): string[] {
  const fast = fastParse(text);
  if (!fast) return ['fast path refused'];
  if (fast.some((d) => !d.doc)) return ['no trees'];
  const full = parseText(text, 'x.yaml', 0, { full: true });
  if (full.messages.length) return ['yaml path failed'];
  const kindOf = (n: unknown) => (isMap(n) ? 'map' : isSeq(n) ? 'seq' : isScalar(n) ? 'scalar' : String(n));
  // An empty document is a null scalar in the yaml package and no node at all in the fast tree.
  const slowDocs = full.documents.filter((d) => !(isScalar(d.doc.contents) && d.doc.contents.value === null));
  const fastDocs = fast.filter((d) => d.doc!.contents !== null && !(isScalar(d.doc!.contents) && d.doc!.contents.value === null));
  if (slowDocs.length !== fastDocs.length) return [`documents: ${slowDocs.length} vs ${fastDocs.length}`];
  const out: string[] = [];
  const compare = (a: any, b: any, where: string): void => {
    if (kindOf(a) !== kindOf(b)) return void out.push(`${where}: ${kindOf(a)} vs ${kindOf(b)}`);
    if (!a) return;
    if (a.range[0] !== b.range[0] || a.range[1] !== b.range[1]) out.push(`${where}: range ${a.range.slice(0, 2)} vs ${b.range.slice(0, 2)}`);
    if (isScalar(a)) {
      if (a.type !== b.type) out.push(`${where}: ${a.type} vs ${b.type}`);
      return;
    }
    if (Boolean(a.flow) !== Boolean(b.flow)) out.push(`${where}: flow ${a.flow} vs ${b.flow}`);
    if (a.items.length !== b.items.length) return void out.push(`${where}: ${a.items.length} vs ${b.items.length} items`);
    a.items.forEach((item: any, i: number) => {
      if (isMap(a)) {
        compare(item.key, b.items[i].key, `${where}.key${i}`);
        compare(item.value, b.items[i].value, `${where}.value${i}`);
      } else compare(item, b.items[i], `${where}[${i}]`);
    });
  };
  slowDocs.forEach((d, i) => compare(d.doc.contents, fastDocs[i].doc!.contents, `doc${i}`));
  return out;
}


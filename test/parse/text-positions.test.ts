/**
 * A document the block reader read without its tree gets most of its positions from the text alone (locate in
 * src/parse/position.ts): every range must be the one its tree gives, and what the text does not place is left to the
 * tree (read then, as before).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { locate, parseText, ParsedDocument, type ParsedFile } from '../../src/parse/index.js';
import type { TreeDocument } from '../../src/parse/tree.js';
import { TEXT_PLACED, type PointAt } from '../../src/parse/position.js';
import { blockParse } from '../../src/parse/block-reader.js';
import type { Path } from '../../src/shared/types.js';
import { sharedDir } from '../shared-dir.js';

/** Every path into `value` (to each key and item), a missing key under each map, one item past each sequence, one step past each scalar. */
function pathsOf(value: unknown, max = 1500): Path[] {
  const out: Path[] = [[]];
  const stack: Array<[unknown, Path]> = [[value, []]];
  while (stack.length && out.length < max) {
    const [v, at] = stack.pop()!;
    if (Array.isArray(v)) {
      v.forEach((item, i) => {
        out.push([...at, i]);
        stack.push([item, [...at, i]]);
      });
      out.push([...at, v.length], [...at, 'key']);
    } else if (typeof v === 'object' && v !== null) {
      for (const [key, item] of Object.entries(v)) {
        out.push([...at, key]);
        stack.push([item, [...at, key]]);
      }
      out.push([...at, 'not-there'], [...at, 0]);
    } else {
      out.push([...at, 'below']);
    }
  }
  return out;
}

/** Copies of a document as read (its tree not read, and where it would be read from): one per locate, each new to it. */
function copies(document: ParsedDocument): () => ParsedDocument {
  const { file, own, at, crlf } = document as unknown as { file: ParsedFile; own: TreeDocument | undefined; at: number | undefined; crlf: boolean };
  return () => new ParsedDocument(file, document.index, document.value, document.broken, own, at, crlf);
}

/** Each path of each document placed from the text (when it is) and by the tree: [differences, placed from text, all]. */
function compare(text: string): [string[], number, number] {
  const lazy = parseText(text, 'x.yaml');
  const eager = parseText(text, 'x.yaml');
  const out: string[] = [];
  let fromText = 0;
  let all = 0;
  for (const document of lazy.documents) {
    const reference = eager.documents.find((d) => d.index === document.index)!;
    reference.tree();
    const copy = copies(document);
    for (const p of pathsOf(document.value)) {
      for (const pointAt of ['value', 'key'] as PointAt[]) {
        const lazyDocument = copy();
        const unread = lazyDocument.unreadTree() !== undefined;
        const got = locate(lazyDocument, p, lazy.lineCounter, text, pointAt);
        if (unread && lazyDocument.unreadTree() !== undefined) fromText++;
        all++;
        const want = locate(reference, p, eager.lineCounter, text, pointAt);
        if (JSON.stringify(got) !== JSON.stringify(want))
          out.push(`doc${document.index} ${JSON.stringify(p)} ${pointAt}: ${JSON.stringify(got)} != ${JSON.stringify(want)}`);
      }
    }
  }
  return [out, fromText, all];
}

const TEXTS = [
  // Flush and indented sequences, compact maps, comments and blank lines between keys, null values.
  "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a   # c\n  labels: {}\n  annotations:\n\n  # x\n  note:\nspec:\n  containers:\n  - name: c\n    image: \"i:1\"\n    args:\n    - -x\n    - 'y''z'\n    env:\n      - name: A\n        value: b\n  - image: i\n    securityContext: {}\n    resources: {limits: {cpu: 1}}\n  volumes: []\n",
  // Scalars over more lines, block scalars, escaped line breaks, a value followed by a comment line.
  'a: one\n  two\nb: "x\n  y"\nc: "p\\\n  q"\nd: |\n  text\n  # not a comment\ne: >-\n  folded\nf: \'s\n  t\'\ng: plain # comment\n  # deeper comment\nh:\n- |\n  block item\n- "q"\n- plain\n  more\n- k: |\n    v\n  j: 1\n',
  // Anchors and aliases, quoted keys, keys that start with `-` or `...`, empty values at the end.
  'a: &x\n  b: 1\nc: *x\nd:\n  "q": 1\n  r: 2\n-x: 1\n...y: 2\nf:   # c\n---\n- a\n- b: 1\n---\ng:\n  h:\n...\n',
  // Flow collections on one line, trailing spaces, a key at the end of the text.
  'e:\n- &y s\n- *y\n',
  // Keys with a colon or a hash of their own.
  'x:y: 1\nu#v: 2\nw:\n  a:b:\n    c#d: 3\n  e: f:g\n',
  'e:\n- "k": v\n- "s"\n- \'t\': 1\n',
  // The block reader places no tree in the second document (a comment after its last value, indented deeper): the
  // `yaml` package's tree is the one to match there.
  'a: 1\nb:\n  c: 2\n---\nd:\n  e: 1\n    # deeper comment after the last value\nf: 2\n',
  'a: [1, 2]\nb: {c: d}\nc: { }\nd: [ ]\ne:   x  \nf:\n  - [a]\n  - {}\n  - {b: 1}\ng: last',
];

const FLOW_TEXTS = [
  // Flow collections over several lines, closed at the column of the sequence that holds them (its items go on below)
  // or deeper, with a comma after the last node, or on the line below their key: the text walk leaves to the tree
  // what it would have to read into them.
  'k:\n- [\n  x\n]\n- b\n- {a: 1,\n  }\n- c: d\n  e: f\nm:\n  - [x,\n  ]\n  - b\n  - c\nq:\n  [a, b, ]\no: {p: q,\n  r: s}\nz: 1\nw: 2\nv: 3\n',
];

describe('positions from the text of a document without its tree', () => {
  it("are the tree's ranges, or are left to the tree", () => {
    for (const text of TEXTS) {
      const [out, fromText, all] = compare(text);
      expect(blockParse(text, false), text).toBeDefined();
      expect(out, text).toEqual([]);
      expect(fromText, text).toBeGreaterThan(all / 3);
    }
  });

  it("are the tree's ranges where flow collections span lines, closed at a sequence's column too", () => {
    for (const text of FLOW_TEXTS) {
      expect(blockParse(text, false), text).toBeDefined();
      expect(compare(text)[0], text).toEqual([]);
    }
  });

  it("are the tree's ranges for CRLF line ends, documents that are flow collections and spaces before a colon", () => {
    const texts = [
      'apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: a # c\r\n  labels: {a: b}\r\n  e:\r\nspec:\r\n  c:\r\n  - name: x\r\n    args: [a,\r\n      b]\r\n---\r\nk: v\r\n',
      '{\n  "kind": "Pod",\n  "spec": {"c": [{"name": "x"}]}\n}\n---\n[a,\n b]\n',
      'a : 1\nb:\n  nvidia.com/gpu : "1"\n  c  :\n    d: 1\n  e f : g\nh:\n- i : j\n  k: l\n',
    ];
    for (const text of texts) {
      expect(blockParse(text, false), text).toBeDefined();
      expect(compare(text)[0], text).toEqual([]);
    }
    // A CRLF text's paths are placed by its tree (the text walk reads `\n` line ends only).
    const [document] = parseText(texts[0], 'x.yaml').documents;
    expect(document.unreadTree()).toBeUndefined();
    expect(parseText(texts[0].replaceAll('\r', ''), 'x.yaml').documents[0].unreadTree()).toBeDefined();
  });

  it('place common paths without reading the tree, and leave anchored nodes and block scalars to it', () => {
    const text = TEXTS[0] + 'extra:\n  a: &x 1\n  b: |\n    t\n';
    const file: ParsedFile = parseText(text, 'x.yaml');
    const [document] = file.documents;
    const at = (p: Path, pointAt?: PointAt) => {
      const r = locate(document, p, file.lineCounter, text, pointAt);
      return [r.line, r.column, r.endLine, r.endColumn];
    };
    expect(at(['metadata', 'namespace'])).toEqual([3, 1, 3, 9]);
    expect(at(['spec', 'containers', 0, 'image'])).toEqual([13, 12, 13, 17]);
    expect(at(['spec', 'containers', 1, 'securityContext', 'runAsNonRoot'])).toEqual([21, 5, 21, 20]);
    expect(at(['spec', 'containers', 1])).toEqual([20, 5, 20, 13]);
    expect(at(['spec', 'containers', 2])).toEqual([11, 3, 11, 13]);
    expect(at(['spec', 'containers', 0, 'args', 1])).toEqual([16, 7, 16, 13]);
    expect(at(['extra', 'b'], 'key')).toEqual([26, 3, 26, 4]);
    expect(document.unreadTree()).toBeDefined();
    expect(at(['spec', 'containers', 1, 'resources', 'limits'])).toEqual([22, 17, 22, 23]);
    expect(document.unreadTree()).toBeUndefined();
  });

  it(`read the tree after ${TEXT_PLACED} paths of a document, so a document with many findings costs no more than its tree`, () => {
    const keys = Array.from({ length: 40 }, (_, i) => `k${i}`);
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n${keys.map((k) => `  ${k}: v\n`).join('')}`;
    const file = parseText(text, 'x.yaml');
    const [document] = file.documents;
    const lines = keys.map((k) => {
      const placed = locate(document, ['data', k], file.lineCounter, text);
      return [placed.line, document.unreadTree() === undefined];
    });
    expect(lines.map(([line]) => line)).toEqual(keys.map((_, i) => i + 6));
    expect(lines.findIndex(([, read]) => read)).toBe(TEXT_PLACED);
  });

  const shared = sharedDir();
  it.skipIf(!shared)("are the tree's on every document of the shared corpus (skipped without ../shared)", () => {
    const files = (fs.readdirSync(path.join(shared!, 'corpus'), { recursive: true }) as string[])
      .filter((f) => /\.ya?ml$/.test(f))
      .map((f) => path.join(shared!, 'corpus', f))
      .filter((f) => fs.statSync(f).isFile() && fs.statSync(f).size < 300_000);
    let fromText = 0;
    let all = 0;
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8').replace(/^\uFEFF/, '');
      const [out, placed, n] = compare(text);
      expect(out.slice(0, 5), f).toEqual([]);
      fromText += placed;
      all += n;
    }
    expect(fromText).toBeGreaterThan(all * 0.8);
  });
});

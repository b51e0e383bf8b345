/**
 * The fast path, as parseText reads it (the block reader's values and per-document trees, else js-yaml plus its node
 * trees), must read every scalar exactly as the `yaml` path (src/parse/) does, and both the way Kubernetes does (go-yaml
 * v2 via sigs.k8s.io/yaml); and its trees must give every node the range the `yaml` package gives it, since positions
 * and fixes are computed from them. Checked on a table of scalars, on
 * hand-written edge cases and, when ../shared is present, on every document and every node of the shared corpus.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { blockParse } from '../src/parse/block-reader.js';
import { eventParse } from '../src/parse/fast-reader.js';
import { parseText } from '../src/parse/index.js';
import { sharedDir } from './shared-dir.js';
import { treeDifferences } from './tree-differences.js';

/** The values the `yaml` package reads. */
function viaYaml(text: string): unknown[] {
  return parseText(text, 'x.yaml', 0, { full: true }).documents.map((d) => d.value);
}

/**
 * The values the lint pass reads of a file the fast path reads (parseText: the block reader, else the js-yaml path),
 * each at its document's index (empty documents are holes); undefined for a file the `yaml` package reads.
 */
function fastValues(text: string): unknown[] | undefined {
  const file = parseText(text, 'x.yaml');
  if (file.holds === 'full') return undefined;
  const values: unknown[] = [];
  for (const document of file.documents) values[document.index] = document.value;
  return values;
}

/** Plain scalar → the value Kubernetes decodes it to. */
const SCALARS: Array<[string, unknown]> = [
  ['yes', true],
  ['Yes', true],
  ['YES', true],
  ['y', true],
  ['Y', true],
  ['on', true],
  ['On', true],
  ['ON', true],
  ['true', true],
  ['True', true],
  ['TRUE', true],
  ['no', false],
  ['No', false],
  ['NO', false],
  ['n', false],
  ['N', false],
  ['off', false],
  ['Off', false],
  ['OFF', false],
  ['false', false],
  ['False', false],
  ['FALSE', false],
  ['~', null],
  ['null', null],
  ['Null', null],
  ['NULL', null],
  ['', null],
  ['0', 0],
  ['42', 42],
  ['-7', -7],
  ['+3', 3],
  ['0644', 420],
  ['0755', 493],
  ['0o17', 15],
  ['-0o10', -8],
  ['0x1F', 31],
  ['0b101', 5],
  ['1_000', 1000],
  ['012345', 5349],
  ['1.5', 1.5],
  ['.5', 0.5],
  ['1.', 1],
  ['1e3', 1000],
  ['1.0e+3', 1000],
  ['6.02e23', 6.02e23],
  ['.inf', Infinity],
  ['-.Inf', -Infinity],
  ['.NaN', NaN],
  ['1:20', '1:20'],
  ['190:20:30', '190:20:30'],
  ['2024-01-01', '2024-01-01'],
  ['2001-12-14t21:59:43.10-05:00', '2001-12-14t21:59:43.10-05:00'],
  ['100m', '100m'],
  ['128Mi', '128Mi'],
  ['1Gi', '1Gi'],
  ['0.5', 0.5],
  ['10.0.0.1', '10.0.0.1'],
  ['08', 8],
  ['09', 9],
  ['1.2.3', '1.2.3'],
  ['v1', 'v1'],
  ['nginx:1.27', 'nginx:1.27'],
  ['0.0.0.0/0', '0.0.0.0/0'],
  ['"quoted"', 'quoted'],
  ["'0644'", '0644'],
  ['"yes"', 'yes'],
  ['inf', 'inf'],
  ['nan', 'nan'],
  ['.e3', '.e3'],
  ['+.e1', '+.e1'],
  ['-.', '-.'],
  ['e3', 'e3'],
  ['1.5e3', 1500],
  ['Yes please', 'Yes please'],
  ['.', '.'],
];

describe('fast values', () => {
  it('reads every scalar as the yaml path does, and as Kubernetes does', () => {
    const text = SCALARS.map(([source], i) => `k${i}: ${source}`).join('\n');
    const fast = fastValues(text)![0] as Record<string, unknown>;
    const slow = viaYaml(text)[0] as Record<string, unknown>;
    SCALARS.forEach(([source, expected], i) => {
      expect([source, fast[`k${i}`]]).toEqual([source, expected]);
      expect([source, slow[`k${i}`]]).toEqual([source, expected]);
    });
  });

  it('reads block scalars, flow collections, merge keys and multi-document streams alike', () => {
    const text = `a: |\n  line one\n  line two\nb: >-\n  folded\n  text\nc: {x: 1, y: [a, "b", 'c']}\n---\n- 1\n- two\n---\nkey: value # comment\n`;
    expect(fastValues(text)).toEqual(viaYaml(text));
  });

  it('leaves tags, anchors and aliases it does not read, merge keys, explicit keys, templates and broken YAML to the yaml path', () => {
    for (const text of [
      'a: !!str 1\nb: !!int "7"\n',
      'a: &x |\n  block\nb: 2\n',
      'a: [&x 1, *x]\n',
      'a: *x\n',
      'base: &b {x: 1}\nc:\n  <<: *b\n',
      'c:\n  <<: {x: 1}\n',
      '? a\n: b\n',
      'a: !!binary aGk=\n',
      'a: !custom x\n',
      'a: !!python/object x\n',
      `${'k'.repeat(1100)}: v\n`,
      'a: {{ .Values.x }}\n',
      'a: [\n',
      'a: 1\na: 2\n',
      '\tkey: x\n',
      'a:\n-\n- x\n',
      'a:\n- - \n',
    ]) {
      expect(fastValues(text), text).toBeUndefined();
      // The file is still read, by the yaml path.
      expect(
        parseText(text, 'x.yaml').documents.length + parseText(text, 'x.yaml').messages.length + parseText(text, 'x.yaml').notices.length,
        text,
      ).toBeGreaterThan(0);
    }
  });

  it('reads the common anchors and aliases on the fast path, values and trees as the yaml package gives them', () => {
    for (const text of [
      'a: &x 1\nb: 2\n',
      'a: &x 1\nb: *x\n',
      'metadata:\n  labels: &labels\n    app: web\nspec:\n  selector:\n    matchLabels: *labels\n  template:\n    metadata:\n      labels: *labels\n',
      'spec:\n  redis:\n    tolerations: &t\n    - key: a\n  sentinel:\n    tolerations: *t\n',
    ]) {
      expect(parseText(text, 'x.yaml', 0, { trees: false }).holds, text).toBe('positions');
      expect(fastValues(text), text).toEqual(viaYaml(text));
      expect(treeDifferences(text), text).toEqual([]);
    }
  });

  it('gives every node the range the yaml package gives it', () => {
    const texts = [
      'a:\n  b: 1\n  c:\n  d: "x" # c\n  e: |\n    hi\n\n  f: [1, {g: h}]\n  i:\n  - x\n  - y\nj: k\n',
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\nspec:\n  containers:\n    - name: c\n      image: nginx\n',
      '{"apiVersion": "v1", "kind": "Pod",\n "metadata": {"name": "p"},\n "spec": {"containers": [{"name": "c", "image": "x"}]}}\n',
      'a: >-\n  folded\n  text\n\nb: |+\n  keep\n\n\nc: \'single\'\nd: "multi\n  line"\ne: plain\n  continued\n',
      '# header\n---\napiVersion: v1\nkind: ConfigMap\ndata:\n  k: v\n---\n---\n- 1\n- [2, 3]\n-   - 4\n    - 5\n',
      'a:\r\n  b: 1\r\n  c: two\r\n',
      'k: v   \nl:    \nm: [ ]\nn: { }\n',
      "a: 1\n# a comment at the map's own indentation\nb:\n  c: 1\n\n# after a blank line\nd: 2",
    ];
    for (const text of texts) expect(treeDifferences(text), text).toEqual([]);
  });

  it('gives values but no trees where a node cannot be placed exactly; the yaml package then places them', () => {
    // A comment indented deeper than the collection before it, or after an empty last value (the yaml parser's rules
    // for them are not copied).
    for (const text of ['a:\n  b: 1\n    # more\nc: 2\n', 'a:\n  b:\n  # c\nd: 1\n', 'a:\n  b: # c\n  d:   # e\nf: 1\n']) {
      expect(blockParse(text, true), text).toBeUndefined();
      const fast = eventParse(text)!;
      expect(
        fast.map((d) => d.value),
        text,
      ).toEqual(viaYaml(text));
      expect(
        fast.every((d) => d.tree === undefined),
        text,
      ).toBe(true);
      // The block reader reads the values, and reads each document's tree on first use: for these, the yaml package's.
      const file = parseText(text, 'x.yaml');
      expect(file.holds, text).toBe('positions');
      const range = (n: { start: number; end: number } | null) => n && [n.start, n.end];
      expect(range(file.documents[0].tree().contents), text).toEqual(range(parseText(text, 'x.yaml', 0, { full: true }).documents[0].tree().contents));
    }
    expect(blockParse('a:\n  b: 1\n  # same\nc: 2\n', true)![0].tree).toBeDefined();
    expect(blockParse('a:\n  b: 1\n# less\nc: 2\n', true)![0].tree).toBeDefined();
  });

  it('agrees with the yaml path on what the fuzzer found (test/fuzz.test.ts)', () => {
    // Read by both alike, or left to the yaml path, but never read differently.
    for (const text of ['{}: 1\n', '!!str \r\nno', '|-1\n ', '>-\r\n ', 'a: [apps: ]\n', 'a: [: b]\n', 'a: 0_\n', 'true', 'a:\n- b:\nc: 1\n']) {
      const fast = fastValues(text);
      if (fast)
        expect(
          fast.filter((v) => v !== null),
          text,
        ).toEqual(viaYaml(text).filter((v) => v !== null));
      const differences = treeDifferences(text);
      if (!['fast path refused', 'no trees'].includes(differences[0])) expect(differences, text).toEqual([]);
    }
    // What looks like an explicit key or a merge key inside a string is read on the fast path, trees and all: CEL
    // rules in CRDs and shell here-documents in ConfigMaps are common.
    for (const text of ["rule: 'has(self.a) ? 1 : 0'\n", 'script: |\n  cat <<EOF\n  hi\n  EOF\n', 'a: "x ? y"\n']) {
      expect(parseText(text, 'x.yaml').holds, text).toBe('positions');
      expect(treeDifferences(text), text).toEqual([]);
    }
  });

  it('reads values only when asked for no trees, refusing exactly what it refuses with trees', () => {
    const text = 'a:\n  b: [1, 2]\n  c: "x"\n';
    expect(blockParse(text, false)!.map((d) => [d.value, d.tree])).toEqual([[{ a: { b: [1, 2], c: 'x' } }, undefined]]);
    // The block reader's trees are read per document on first use, with or without `trees`.
    expect(parseText(text, 'x.yaml', 0, { trees: false }).holds).toBe('positions');
    // A one-pair map in a flow sequence: the block reader gives it up, the js-yaml path reads its values.
    expect(parseText('{"a": 1,\n "b": [c: d]}\n', 'x.json', 0, { trees: false }).holds).toBe('values');
    expect(parseText(text, 'x.yaml').holds).toBe('positions');
    expect(parseText(text, 'x.yaml', 0, { full: true }).holds).toBe('full');
    for (const refused of ['a: [&x 1]\nb: *x\n', 'a: !!str 1\n', '? a\n: b\n', 'c:\n  <<: {x: 1}\n'])
      expect(parseText(refused, 'x.yaml', 0, { trees: false }).holds, refused).toBe('full');
  });
});

const shared = sharedDir();

describe.skipIf(!shared)('fast values on ../shared/corpus', () => {
  it('gives the same documents at the same indexes, and nodes with the same ranges, as the yaml path for every file it reads', () => {
    const corpus = path.join(shared!, 'corpus');
    // ../shared is there: its corpus must be too, or this test checked nothing.
    expect(fs.existsSync(corpus), corpus).toBe(true);
    let files = 0;
    let fastFiles = 0;
    let documents = 0;
    const treeProblems: string[] = [];
    let noTrees = 0;
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.(ya?ml|json)$/i.test(e.name)) {
          files++;
          const text = fs.readFileSync(p, 'utf8').replace(/^\uFEFF/, '');
          const fast = fastValues(text);
          if (!fast) continue;
          fastFiles++;
          const slow = parseText(text, p, 0, { full: true });
          if (slow.messages.length || slow.notices.length) continue;
          // Document by document, at the same index: what ParsedDocument.tree() relies on for files without trees.
          const slowAt = new Map(slow.documents.map((d) => [d.index, d.value]));
          const fastAt = new Map(fast.flatMap((v, i) => (v === null || v === undefined ? [] : [[i, v] as const])));
          expect([...fastAt.keys()], p).toEqual([...slowAt.keys()].filter((i) => slowAt.get(i) !== null));
          for (const [i, value] of fastAt) expect(value, `${p} document ${i}`).toEqual(slowAt.get(i));
          documents += fastAt.size;
          const differences = treeDifferences(text);
          if (differences[0] === 'no trees') noTrees++;
          else if (differences.length) treeProblems.push(`${p}: ${differences.slice(0, 3).join('; ')}`);
        }
      }
    };
    walk(corpus);
    expect(files).toBeGreaterThan(1000);
    expect(documents).toBeGreaterThan(1000);
    // The fast path must apply to nearly every real file, or it is not worth having.
    expect(fastFiles / files).toBeGreaterThan(0.9);
    expect(treeProblems).toEqual([]);
    // Nearly every file read on the fast path gets its trees there too.
    expect(noTrees / fastFiles).toBeLessThan(0.05);
  });
});

describe('fast path in the engine', () => {
  it('positions findings in documents whose values hold odd keys (fuzz regression)', async () => {
    const { lintText } = await import('../src/engine/index.js');
    const [result] = await lintText('apiVersion: v1\nkind: Pod\nmetadata:\n  name:\n    toString: null\nspec: "*"\n', { root: false });
    expect(result.messages.filter((m) => m.messageId === 'internalError')).toEqual([]);
    expect(result.messages.find((m) => m.ruleId === 'schema')).toMatchObject({
      line: 4,
      column: 3,
      message: 'metadata.name must be a string, got an object',
    });
  });
});

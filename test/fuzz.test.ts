/**
 * Property-based fuzzing of lintText with fast-check: random YAML-like text, mutated example manifests and generated
 * objects of arbitrary shape. For every input: no throw, exactly one well-formed result (counts match, no internal
 * error of a check), and every position inside the text. CI runs a bounded number of cases; `npm run fuzz` runs
 * many more (FUZZ_RUNS, default 100 per property here). Random trees with random links (issue #14): nothing outside
 * the tree is read or written (a quarter of FUZZ_RUNS: each case is a whole run of the command line on disk).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { WORKLOAD_KINDS } from '../src/k8s/index.js';
import { lintText } from '../src/engine/index.js';
import { blockParse, blockTree } from '../src/parse/block-reader.js';
import { parseText } from '../src/parse/index.js';
import { blockDifferences } from './block-differences.js';
import { treeDifferences } from './tree-differences.js';
import { positionProblems, shapeProblems } from './hostile/helpers.js';
import { cli, sandbox, watchReads } from './trust/io-sandbox.js';

const RUNS = Number(process.env.FUZZ_RUNS) > 0 ? Number(process.env.FUZZ_RUNS) : 100;
/** Least share of each property's runs that both paths read and compared (seen at 100 runs: 29-36%, 15-20%, 46-62%, 100%). */
const LEAST = { yamlish: 0.1, mutated: 0.05, generated: 0.2, mixed: 0.8, aliased: 0.2 };
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const TIMEOUT = Math.max(60_000, RUNS * 2_000);

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
function examples(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
}
const EXAMPLES = examples(path.join(ROOT, 'examples'));

/** Pieces YAML is made of, including the ones that break it. */
const PIECES = [
  ' ',
  '  ',
  '\n',
  '\r\n',
  '\r',
  '\t',
  '- ',
  ': ',
  ':',
  ',',
  '[',
  ']',
  '{',
  '}',
  '"',
  "'",
  '&a ',
  '*a',
  '*b',
  '&b ',
  '!!str ',
  '!foo ',
  '!!js/function ',
  '!!binary ',
  '? ',
  '|',
  '>-',
  '#',
  '%YAML 1.1\n',
  '---\n',
  '...\n',
  '<<: ',
  '__proto__',
  'constructor',
  'x',
  '0',
  '-1',
  '0o7',
  '~',
  'null',
  'yes',
  'no',
  'true',
  '1e400',
  '"\\u0000"',
  '\\',
  '\u2028',
  '\uFEFF',
  '\u{1F600}',
  '{{ .Values.x }}',
  'apiVersion: v1\n',
  'kind: Pod\n',
  'metadata:\n  name: p\n',
  'spec:\n  containers:\n  - name: c\n    image: i\n',
  '    securityContext:\n      runAsUser: 0\n',
  '  hostNetwork: true\n',
  'kind: List\nitems:\n',
];

const yamlish = fc.array(fc.constantFrom(...PIECES), { maxLength: 80 }).map((parts) => parts.join(''));

const mutation = fc.record({
  op: fc.constantFrom('delete', 'insert', 'duplicate', 'swapLines', 'indent'),
  at: fc.nat(),
  length: fc.nat({ max: 60 }),
  piece: fc.constantFrom(...PIECES),
});
type Mutation = { op: string; at: number; length: number; piece: string };

function mutate(text: string, mutations: Mutation[]): string {
  for (const m of mutations) {
    const at = text.length ? m.at % (text.length + 1) : 0;
    if (m.op === 'delete') text = text.slice(0, at) + text.slice(at + m.length);
    else if (m.op === 'insert') text = text.slice(0, at) + m.piece + text.slice(at);
    else if (m.op === 'duplicate') text = text.slice(0, at + m.length) + text.slice(at, at + m.length) + text.slice(at + m.length);
    else if (m.op === 'indent') text = text.slice(0, at) + ' '.repeat(m.length % 5) + text.slice(at);
    else {
      const lines = text.split('\n');
      const i = m.at % lines.length;
      const j = m.length % lines.length;
      [lines[i], lines[j]] = [lines[j], lines[i]];
      text = lines.join('\n');
    }
  }
  return text;
}

const mutatedExample = fc
  .record({
    source: fc.constantFrom(...(EXAMPLES.length ? EXAMPLES : ['apiVersion: v1\nkind: Pod\n'])),
    mutations: fc.array(mutation, { minLength: 1, maxLength: 8 }),
  })
  .map(({ source, mutations }) => mutate(source, mutations));

const KEYS = fc.constantFrom(
  'spec',
  'template',
  'jobTemplate',
  'containers',
  'initContainers',
  'ephemeralContainers',
  'securityContext',
  'capabilities',
  'add',
  'drop',
  'runAsUser',
  'runAsNonRoot',
  'privileged',
  'allowPrivilegeEscalation',
  'readOnlyRootFilesystem',
  'seccompProfile',
  'type',
  'name',
  'image',
  'volumes',
  'hostPath',
  'path',
  'hostNetwork',
  'hostPID',
  'ports',
  'hostPort',
  'metadata',
  'namespace',
  'labels',
  'annotations',
  'rules',
  'verbs',
  'resources',
  'subjects',
  'roleRef',
  'items',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  '',
);
const LEAF = fc.oneof(
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 12 }),
  fc.constant(null),
  fc.constantFrom('*', 'latest', 'ALL', 'NET_RAW', '0', 'true'),
);
const shape = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, LEAF, tie('array'), tie('object')),
  array: fc.array(tie('node'), { maxLength: 4 }),
  object: fc.dictionary(KEYS, tie('node'), { maxKeys: 6 }),
})).node;

const KINDS = [...WORKLOAD_KINDS, 'Namespace', 'Service', 'Role', 'ClusterRoleBinding', 'NetworkPolicy', 'List', 'Kustomization', 'KubeletConfiguration'];
const generated = fc
  .record({
    apiVersion: fc.constantFrom('v1', 'apps/v1', 'batch/v1', 'rbac.authorization.k8s.io/v1', 'example.com/v1'),
    kind: fc.constantFrom(...KINDS),
    metadata: fc.oneof(fc.constant({ name: 'x', namespace: 'ns' }), shape),
    spec: shape,
    extra: fc.dictionary(KEYS, shape, { maxKeys: 3 }),
    crlf: fc.boolean(),
    bom: fc.boolean(),
  })
  .map(({ crlf, bom, extra, ...object }) => {
    const text = stringify({ ...extra, ...object }, { aliasDuplicateObjects: false });
    return (bom ? '\uFEFF' : '') + (crlf ? text.replace(/\n/g, '\r\n') : text);
  });

/**
 * After the first line that ends a collection nested in a top-level key, a comment indented deeper than it: the block
 * reader reads the values of such a document and places no tree for it.
 */
function deeperComment(text: string): string {
  const lines = text.split('\n');
  for (let i = 0; i + 1 < lines.length; i++) {
    const indent = lines[i].search(/\S/);
    const next = lines[i + 1].search(/\S/);
    if (indent > 0 && next === 0) {
      lines.splice(i + 1, 0, `${' '.repeat(indent + 2)}# deeper`);
      break;
    }
  }
  return lines.join('\n');
}

/**
 * Files of several documents, some with a comment after a nested collection indented deeper than it: the lint pass
 * reads those documents' trees from the `yaml` package and the others' from the block reader (ParsedDocument.tree()).
 */
const BLOCK_LEAF = fc.constantFrom('x', 'a b', '*', '0', 'true', '', null, 80, 1.5);
/** Shapes the block reader reads (no sequence written right inside a sequence: `- - x` is the js-yaml path's). */
const blockShape = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, BLOCK_LEAF, tie('array'), tie('object')),
  array: fc.array(fc.oneof(BLOCK_LEAF, tie('object')), { minLength: 1, maxLength: 3 }),
  object: fc.dictionary(fc.constantFrom('spec', 'containers', 'name', 'image', 'ports', 'labels', 'k e y'), tie('node'), { minKeys: 1, maxKeys: 4 }),
})).node;
const mixedDocuments = fc
  .array(
    fc.record({
      spec: fc.dictionary(fc.constantFrom('containers', 'securityContext', 'hostNetwork', 'volumes', 'rules'), blockShape, { minKeys: 1, maxKeys: 3 }),
      deeper: fc.boolean(),
    }),
    { minLength: 2, maxLength: 4 },
  )
  .map((documents) =>
    documents
      .map(({ spec, deeper }) => {
        // `spec` first, so that a nested collection ends before `kind`, where deeperComment puts its comment.
        const text = stringify({ spec, kind: 'Pod' }, { aliasDuplicateObjects: false });
        return deeper ? deeperComment(text) : text;
      })
      .join('---\n'),
  );

/**
 * Objects whose parts repeat (the same labels as a selector and a template's labels, the same affinity and
 * tolerations twice, as in ../shared/corpus/real), written by the yaml package with anchors and aliases
 * (`aliasDuplicateObjects`), one document or several.
 */
const SHARED_KEYS = fc.constantFrom('labels', 'affinity', 'tolerations', 'env', 'selector', 'x');
const aliasedGenerated = fc
  .array(
    fc.record({
      kind: fc.constantFrom(...KINDS),
      // Mostly what the block reader reads (blockShape), now and then anything.
      shared: fc.array(
        fc.oneof(
          { weight: 4, arbitrary: blockShape.filter((v) => typeof v === 'object' && v !== null) },
          { weight: 1, arbitrary: fc.oneof(fc.dictionary(KEYS, shape, { minKeys: 1, maxKeys: 3 }), fc.array(shape, { minLength: 1, maxLength: 3 })) },
        ),
        { minLength: 1, maxLength: 3 },
      ),
      uses: fc.array(fc.tuple(fc.constantFrom('metadata', 'spec', 'template', 'extra'), SHARED_KEYS, fc.nat()), { minLength: 1, maxLength: 6 }),
      indentSeq: fc.boolean(),
    }),
    { minLength: 1, maxLength: 2 },
  )
  .map((documents) =>
    documents
      .map(({ kind, shared, uses, indentSeq }) => {
        const object: Record<string, Record<string, unknown>> = { metadata: { name: 'x' }, spec: {}, template: {}, extra: {} };
        for (const [at, key, which] of uses) object[at][key] = shared[which % shared.length];
        return stringify({ apiVersion: 'v1', kind, ...object }, { indentSeq });
      })
      .join('---\n'),
  );

/** Whether the lint pass reads some of the documents' trees from the block reader and others from the `yaml` package. */
function mixesTrees(text: string): boolean {
  const documents = blockParse(text, false);
  if (!documents) return false;
  const placed = documents.filter((d) => d.at !== undefined).map((d) => blockTree(text, d.at!, d.crlf) !== undefined);
  return placed.includes(true) && placed.includes(false);
}

async function holds(text: string): Promise<void> {
  const results = await lintText(text, { filePath: 'fuzz.yaml', root: false });
  expect(results).toHaveLength(1);
  expect(shapeProblems(results[0])).toEqual([]);
  expect(positionProblems(text, results[0])).toEqual([]);
}

/** How many inputs fastPathAgrees compared, values and trees: a property that compared none checked nothing. */
const checked = { values: 0, trees: 0 };

/**
 * Whatever the fast path reads, it reads as the yaml path does: the same values, and trees with the same ranges. Both
 * as the lint pass reads them (parseText, ParsedDocument.tree(): the block reader's trees per document, the yaml
 * package's where it places none, or the js-yaml path's).
 */
function fastPathAgrees(text: string): void {
  const fast = parseText(text, 'fuzz.yaml');
  if (fast.holds === 'full') return;
  const slow = parseText(text, 'fuzz.yaml', 0, { full: true });
  if (slow.messages.length || slow.notices.length) {
    // js-yaml read what the yaml path refuses: only ever where the yaml path is stricter (e.g. a tab it rejects).
    return;
  }
  // Document by document, at the same index (ParsedDocument.tree() relies on it).
  const present = (v: unknown) => v !== null && v !== undefined;
  expect(fast.documents.map((d) => [d.index, d.value])).toEqual(slow.documents.filter((d) => present(d.value)).map((d) => [d.index, d.value]));
  checked.values++;
  const differences = treeDifferences(text);
  if (differences[0] === 'no trees') return;
  expect(differences).toEqual([]);
  checked.trees++;
}

/**
 * Run fastPathAgrees over `inputs` and check that at least `values` and `trees` of the runs (fractions) were compared,
 * not refused by the fast path or the yaml path.
 */
function agreesOn(inputs: fc.Arbitrary<string>, params: fc.Parameters<[string]>, least: { values: number; trees: number }): void {
  checked.values = 0;
  checked.trees = 0;
  fc.assert(fc.property(inputs, fastPathAgrees), params);
  const runs = params.numRuns ?? 100;
  expect(checked.values, 'inputs whose values were compared').toBeGreaterThanOrEqual(Math.ceil(runs * least.values));
  expect(checked.trees, 'inputs whose trees were compared').toBeGreaterThanOrEqual(Math.ceil(runs * least.trees));
}

describe(`fuzz the fast path against the yaml path (${RUNS} runs per property)`, () => {
  const params = { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) };

  it(
    'random YAML-like text',
    () => {
      agreesOn(yamlish, params, { values: LEAST.yamlish, trees: LEAST.yamlish });
    },
    TIMEOUT,
  );

  it(
    'mutated example manifests',
    () => {
      agreesOn(mutatedExample, params, { values: LEAST.mutated, trees: LEAST.mutated });
    },
    TIMEOUT,
  );

  it(
    'generated objects of every shape',
    () => {
      agreesOn(generated, params, { values: LEAST.generated, trees: LEAST.generated });
    },
    TIMEOUT,
  );

  it(
    'generated objects whose parts repeat, written with anchors and aliases',
    () => {
      agreesOn(aliasedGenerated, params, { values: LEAST.aliased, trees: LEAST.aliased });
    },
    TIMEOUT,
  );

  it(
    "files whose documents' trees come from the block reader and from the yaml package",
    () => {
      agreesOn(mixedDocuments, params, { values: LEAST.mixed, trees: LEAST.mixed });
      // So that the property is never vacuous: a fixed seed's sample holds files that mix both (146 of 200 seen).
      const mixed = fc.sample(mixedDocuments, { numRuns: 200, seed: 20261207 }).filter(mixesTrees).length;
      expect(mixed, 'of 200 sampled files, those mixing trees').toBeGreaterThanOrEqual(100);
    },
    TIMEOUT,
  );
});

/**
 * Whatever the block reader (src/parse/block-reader.ts) reads, it reads as the js-yaml path it stands in front of: the
 * same documents, values and trees (test/block-reader.test.ts has its own inputs and the corpus).
 */
describe(`fuzz the block reader against the js-yaml path (${RUNS} runs per property)`, () => {
  const params = { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) };
  const agrees = (inputs: fc.Arbitrary<string>) =>
    fc.assert(
      fc.property(inputs, (text) => {
        const differences = blockDifferences(text);
        if (differences[0] !== 'given up') expect(differences).toEqual([]);
      }),
      params,
    );

  it('random YAML-like text', () => agrees(yamlish), TIMEOUT);
  it('mutated example manifests', () => agrees(mutatedExample), TIMEOUT);
  it('generated objects of every shape', () => agrees(generated), TIMEOUT);
  it(
    'generated objects whose parts repeat, written with anchors and aliases',
    () => {
      agrees(aliasedGenerated);
      // The block reader reads most of them (anchors on empty or flow collections, `{}` and `[]`, are the yaml package's).
      const read = fc.sample(aliasedGenerated, { numRuns: 200, seed: 20261207 }).filter((text) => /\*a\d/.test(text) && blockParse(text, false));
      expect(read.length, 'of 200 sampled files with aliases, those the block reader reads').toBeGreaterThanOrEqual(40);
    },
    TIMEOUT,
  );
});

describe(`fuzz lintText (${RUNS} runs per property${SEED === undefined ? '' : `, seed ${SEED}`})`, () => {
  const params = { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) };

  it('the example manifests exist, so mutating them fuzzes real input', () => {
    expect(EXAMPLES.length).toBeGreaterThan(3);
  });

  it(
    'random YAML-like text',
    async () => {
      await fc.assert(fc.asyncProperty(yamlish, holds), params);
    },
    TIMEOUT,
  );

  it(
    'mutated example manifests',
    async () => {
      await fc.assert(fc.asyncProperty(mutatedExample, holds), params);
    },
    TIMEOUT,
  );

  it(
    'generated objects of every shape, with CRLF and BOM',
    async () => {
      await fc.assert(fc.asyncProperty(generated, holds), params);
    },
    TIMEOUT,
  );

  it(
    'generated objects whose parts repeat, with anchors and aliases',
    async () => {
      await fc.assert(fc.asyncProperty(aliasedGenerated, holds), params);
    },
    TIMEOUT,
  );
});

/** One entry of a random tree: a file, or a link of some kind, at a random depth. */
type TreeEntry =
  | { kind: 'pod' | 'garbage'; at: string }
  | { kind: 'inside' | 'outside' | 'git' | 'outsideFolder' | 'aboveRoot' | 'chain' | 'loop' | 'dangling' | 'proc'; at: string };

const entryName = fc.constantFrom('a', 'b', 'c', 'deploy', 'base', 'x.y');
const entryPath = fc
  .tuple(fc.array(entryName, { maxLength: 3 }), fc.constantFrom('one', 'two', 'three', 'four'), fc.constantFrom('.yaml', '.yml', '.json'))
  .map(([dirs, name, ext]) => [...dirs, name + ext].join('/'));
const treeEntry: fc.Arbitrary<TreeEntry> = fc.record({
  kind: fc.constantFrom('pod', 'garbage', 'inside', 'outside', 'git', 'outsideFolder', 'aboveRoot', 'chain', 'loop', 'dangling', 'proc'),
  at: entryPath,
});
const treeRun = fc.record({
  entries: fc.array(treeEntry, { minLength: 1, maxLength: 12 }),
  mode: fc.constantFrom('json', 'fix', 'cache', 'baseline'),
  // Where the report goes: standard output, a plain file, or a path the tree planted a link at.
  output: fc.constantFrom('stdout', 'file', 'plantedLink', 'plantedFolderLink'),
});

/** Lay a random tree out in a sandbox; returns the sandbox. Entries whose path is taken already are skipped. */
function layOut(entries: readonly TreeEntry[]): ReturnType<typeof sandbox> {
  const box = sandbox();
  const placed: string[] = [];
  for (const entry of entries) {
    const file = path.join(box.repo, entry.at);
    // Folder links are made at the path without its extension: that is the path that must be free.
    const made = entry.kind === 'outsideFolder' || entry.kind === 'aboveRoot' ? file.replace(/\.[a-z]+$/, '') : file;
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      if (fs.lstatSync(file, { throwIfNoEntry: false }) || fs.lstatSync(made, { throwIfNoEntry: false })) continue;
    } catch {
      continue; // a folder of the path is a file already
    }
    const up = path.relative(path.dirname(file), box.repo) || '.';
    switch (entry.kind) {
      case 'pod':
        fs.writeFileSync(file, `apiVersion: v1\nkind: Pod\nmetadata: {name: p${placed.length}}\nspec: {containers: [{name: a, image: nginx}]}\n`);
        break;
      case 'garbage':
        fs.writeFileSync(file, 'a: [\n');
        break;
      case 'inside':
        fs.symlinkSync(placed.length ? path.relative(path.dirname(file), placed[0]) : '.', file);
        break;
      case 'outside':
        fs.symlinkSync(path.join(up, '..', 'outside', 'secret.yaml'), file);
        break;
      case 'git':
        fs.symlinkSync(path.join(up, '.git', 'config'), file);
        break;
      case 'outsideFolder':
        fs.symlinkSync(box.outside, file.replace(/\.[a-z]+$/, ''));
        break;
      case 'aboveRoot':
        fs.symlinkSync(path.join(up, '..'), file.replace(/\.[a-z]+$/, ''));
        break;
      case 'chain':
        fs.symlinkSync(placed.length ? path.relative(path.dirname(file), placed[placed.length - 1]) : path.join(up, '..', 'outside', 'pod.yaml'), file);
        break;
      case 'loop':
        fs.symlinkSync(path.basename(file), file);
        break;
      case 'dangling':
        fs.symlinkSync(path.join(up, '..', 'outside', 'missing.yaml'), file);
        break;
      case 'proc':
        fs.symlinkSync('/proc/self/environ', file);
        break;
    }
    placed.push(file);
  }
  return box;
}

describe(`fuzz random trees with random links (${Math.max(5, Math.round(RUNS / 4))} runs${SEED === undefined ? '' : `, seed ${SEED}`})`, () => {
  const params = { numRuns: Math.max(5, Math.round(RUNS / 4)), ...(SEED === undefined ? {} : { seed: SEED }) };

  it(
    'nothing outside the tree is read or written: no sentinel opened, no marker printed, the sentinel unchanged',
    async () => {
      await fc.assert(
        fc.asyncProperty(treeRun, async ({ entries, mode, output }) => {
          const box = layOut(entries);
          const before = box.snapshot();
          const args = ['.', '--no-config', '--rule', 'schema:off', '-f', 'json'];
          if (mode === 'fix') args.push('--fix');
          if (mode === 'cache') args.push('--cache');
          if (mode === 'baseline') args.push('--baseline', 'kubeward-baseline.json', '--update-baseline');
          if (output === 'file') args.push('-o', 'report/out.json');
          if (output === 'plantedLink') {
            fs.symlinkSync(path.join(box.outside, 'report.txt'), path.join(box.repo, 'planted.json'));
            args.push('-o', 'planted.json');
          }
          if (output === 'plantedFolderLink') {
            fs.symlinkSync(box.outside, path.join(box.repo, 'reports'));
            args.push('-o', 'reports/out.json');
          }
          if (mode === 'cache') fs.symlinkSync(path.join(box.outside, 'report.txt'), path.join(box.repo, `.kubewardcache.${process.pid}.tmp`));
          const { value: out, forbidden } = await watchReads(box, () => cli(args, box.repo));
          expect(forbidden).toEqual([]);
          expect([0, 1, 2]).toContain(out.code);
          expect(out.stderr).not.toMatch(/internal error|\n\s+at /);
          const report =
            output === 'file' && fs.existsSync(path.join(box.repo, 'report/out.json')) ? fs.readFileSync(path.join(box.repo, 'report/out.json'), 'utf8') : '';
          for (const text of [out.stdout, out.stderr, report]) {
            expect(text).not.toContain(box.marker);
            expect(text.toLowerCase()).not.toContain(box.marker.toLowerCase());
          }
          if (output === 'plantedLink' || output === 'plantedFolderLink') expect(out.code).toBe(2);
          expect(box.snapshot()).toEqual(before);
          fs.rmSync(box.top, { recursive: true, force: true });
        }),
        params,
      );
    },
    TIMEOUT,
  );
});

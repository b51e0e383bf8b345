/**
 * The engine reads a repository in two passes (an index pass that keeps only index entries, then a lint pass that
 * reads each linted file again unless it was kept), on worker threads for big runs. None of that may change a
 * result: runs with and without threads, with every file kept or none, and sharded runs give the same json. The
 * index keeps CRDs without their schemas and puts back the ones the schema rule reads; which CRD wins for an
 * apiVersion and kind is the same as with whole CRDs.
 *
 * Threads need the built worker module, so these tests run the built engine (dist/, rebuilt first when stale by
 * test/global-setup.ts).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LintOptions } from '../src/engine/index.js';
import type { LintResult } from '../src/shared/types.js';
import { tempTree } from './core/helpers.js';
import { multiNamespace } from './repos.js';

const root = path.resolve(__dirname, '..');
const built = path.join(root, 'dist/src/index.js');
const corpus = path.resolve(root, '../shared/corpus');

async function lint(patterns: string[], options: LintOptions): Promise<string> {
  const { lintFiles } = (await import(built)) as typeof import('../src/index.js');
  return JSON.stringify(await lintFiles(patterns, options));
}

/** The same run on this thread keeping every file, on this thread keeping none, and on two and three threads. */
async function variants(patterns: string[], cwd: string, options: LintOptions = {}) {
  return {
    kept: await lint(patterns, { ...options, cwd, concurrency: 'off', keepParsed: Number.MAX_SAFE_INTEGER }),
    readAgain: await lint(patterns, { ...options, cwd, concurrency: 'off', keepParsed: 0 }),
    twoThreads: await lint(patterns, { ...options, cwd, concurrency: 2, keepParsed: 0 }),
    threeThreads: await lint(patterns, { ...options, cwd, concurrency: 3 }),
  };
}

function expectAllEqual(runs: Record<string, string>) {
  const [first, ...rest] = Object.entries(runs);
  for (const [name, json] of rest) expect(json, `${name} differs from ${first[0]}`).toBe(first[1]);
}

const crd = (versions: string, extra = '') => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: gizmos.example.org
spec:
  group: example.org
  names: {kind: Gizmo, plural: gizmos}
  scope: Namespaced
${extra}  versions:
${versions}`;
const version = (name: string, required: string) => `    - name: ${name}
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              required: [${required}]
              properties:
                size: {type: integer}
                color: {type: string}
`;
const gizmo = (apiVersion: string) => `apiVersion: ${apiVersion}
kind: Gizmo
metadata:
  name: g
  namespace: shop
spec: {}
`;

describe.skipIf(!fs.existsSync(built))('two passes and worker threads', () => {
  it('give the same results on examples/', async () => {
    const runs = await variants(['examples'], root);
    expect(JSON.parse(runs.kept).length).toBeGreaterThan(10);
    expectAllEqual(runs);
  });

  it('give the same results on a repository whose namespaces, policies, quotas and accounts are spread over files', async () => {
    const dir = tempTree(multiNamespace);
    const runs = await variants(['.'], dir);
    const ruleIds = new Set((JSON.parse(runs.kept) as LintResult[]).flatMap((r) => r.messages.map((m) => m.ruleId)));
    for (const id of ['namespace-network-policy', 'namespace-resource-quota', 'no-default-namespace', 'no-automount-service-account-token']) {
      expect(ruleIds).toContain(id);
    }
    expectAllEqual(runs);
    // Sharded, on threads: the shards together are the whole run.
    const shards: LintResult[] = [];
    for (let i = 1; i <= 3; i++) shards.push(...(JSON.parse(await lint(['.'], { cwd: dir, concurrency: 2, shard: { index: i, count: 3 } })) as LintResult[]));
    shards.sort((a, b) => (a.filePath < b.filePath ? -1 : 1));
    expect(JSON.stringify(shards)).toBe(runs.kept);
  });

  it('give the same results when named files are linted and the rest of the repository is only indexed', async () => {
    const dir = tempTree({ ...multiNamespace, '.git/HEAD': 'ref: refs/heads/main\n' });
    const runs = await variants(['alpha/app.yaml', 'beta/app.yaml', 'gamma/app.yaml'], dir);
    expect(JSON.parse(runs.kept)).toHaveLength(3);
    expectAllEqual(runs);
  });

  it('validate a custom resource against the CRD that defines it last, its schema read again from its file', async () => {
    const dir = tempTree({
      'crds/a.yaml': crd(version('v1', 'size')),
      // The later definition of the same version wins, as with whole CRDs.
      'crds/b.yaml': crd(version('v1', 'color') + version('v2', 'size').replace('storage: true', 'storage: false')),
      'shop/gizmo-v1.yaml': gizmo('example.org/v1'),
      'shop/gizmo-v2.yaml': gizmo('example.org/v2'),
    });
    const runs = await variants(['.'], dir, { rules: { 'no-default-namespace': 'off' } });
    expectAllEqual(runs);
    const schemaMessages = (JSON.parse(runs.readAgain) as LintResult[])
      .filter((r) => r.filePath.includes('gizmo'))
      .map((r) => [path.basename(r.filePath), r.messages.filter((m) => m.ruleId === 'schema').map((m) => m.message)]);
    expect(schemaMessages).toEqual([
      ['gizmo-v1.yaml', ['Missing required field "color" in Gizmo spec']],
      ['gizmo-v2.yaml', ['Missing required field "size" in Gizmo spec']],
    ]);
  });

  it('validate against the schema of an earlier CRD when a later one of the same kind has none for that version', async () => {
    const noSchema = crd('    - name: v1\n      served: true\n      storage: false\n');
    const dir = tempTree({
      '.git/HEAD': 'ref: refs/heads/main\n',
      'a.yaml': crd(version('v1', 'size')),
      'b.yaml': noSchema,
      'gizmo.yaml': gizmo('example.org/v1'),
    });
    const options: LintOptions = { rules: { 'no-default-namespace': 'off' } };
    // The CRDs only indexed (a.yaml's schema put back from its file, b.yaml kept whole), and both linted (whole).
    const named = JSON.parse(await lint(['gizmo.yaml'], { ...options, cwd: dir })) as LintResult[];
    const all = (JSON.parse(await lint(['.'], { ...options, cwd: dir })) as LintResult[]).filter((r) => r.filePath.endsWith('gizmo.yaml'));
    const schemaMessages = (results: LintResult[]) => results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'schema').map((m) => m.message));
    expect(schemaMessages(named)).toEqual(['Missing required field "size" in Gizmo spec']);
    expect(schemaMessages(all)).toEqual(schemaMessages(named));
  });

  it('validate against the first v1beta1 CRD of a version (its spec.validation), as with whole CRDs', async () => {
    const legacy = (required: string) => `apiVersion: apiextensions.k8s.io/v1beta1
kind: CustomResourceDefinition
metadata:
  name: gizmos.example.org
spec:
  group: example.org
  names: {kind: Gizmo, plural: gizmos}
  scope: Namespaced
  version: v1
  validation:
    openAPIV3Schema:
      type: object
      properties:
        spec: {type: object, required: [${required}]}
`;
    const dir = tempTree({ 'a.yaml': legacy('size'), 'b.yaml': legacy('color'), 'gizmo.yaml': gizmo('example.org/v1') });
    const runs = await variants(['.'], dir, { rules: { 'no-default-namespace': 'off' } });
    expectAllEqual(runs);
    const result = (JSON.parse(runs.readAgain) as LintResult[]).find((r) => r.filePath.endsWith('gizmo.yaml'))!;
    expect(result.messages.filter((m) => m.ruleId === 'schema').map((m) => m.message)).toEqual(['Missing required field "size" in Gizmo spec']);
  });

  it('give the same report from the bundled command line (dist/cli/, its own worker module) with and without threads', () => {
    const bin = path.join(root, 'dist/cli/kubeward.cjs');
    const run = (concurrency: string) =>
      spawnSync(process.execPath, [bin, '--concurrency', concurrency, '-f', 'json', 'examples'], { cwd: root, encoding: 'utf8' });
    const off = run('off');
    const threads = run('2');
    expect(off.status).toBe(1);
    expect(threads.status).toBe(1);
    // No warning that a thread failed and the run went back to one thread.
    expect(threads.stderr).toBe('');
    expect(threads.stdout).toBe(off.stdout);
    expect(JSON.parse(off.stdout).length).toBeGreaterThan(10);
  });

  it('give the same report when auto lets the calling thread lint with the worker threads (a big run on more cores)', () => {
    // 2,000 files: a big run, so auto uses two threads on four cores: one worker, and the calling thread.
    const files: Record<string, string> = {};
    for (let i = 0; i < 2000; i++) {
      const name = `app${String(i).padStart(4, '0')}`;
      files[`apps/${name}.yaml`] =
        i % 50 === 0
          ? crd(version('v1', 'size'))
          : i % 3 === 0
            ? `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: team${i % 7}}\ndata: {a: b}\n`
            : `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: team${i % 7}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec:\n      containers:\n        - {name: c, image: 'nginx:${i % 2 ? 'latest' : '1.27'}'}\n`;
    }
    const dir = tempTree({
      ...files,
      // Four cores, and a count of the worker threads started from a module (printed by the calling thread as it
      // exits): not the read-ahead thread of a run on the calling thread alone (src/read/read-ahead.ts, eval'd code).
      'preload.cjs': [
        "const os = require('node:os');",
        "const wt = require('node:worker_threads');",
        'os.availableParallelism = () => 4;',
        'let started = 0;',
        'const Worker = wt.Worker;',
        'wt.Worker = class extends Worker { constructor(...args) { super(...args); if (!args[1]?.eval) started++; } };',
        "require('node:module').syncBuiltinESMExports();",
        "if (wt.isMainThread) process.on('exit', () => process.stderr.write(`workers started: ${started}\\n`));",
      ].join('\n'),
    });
    const bin = path.join(root, 'dist/cli/kubeward.cjs');
    const run = (concurrency: string) =>
      spawnSync(process.execPath, ['--require', path.join(dir, 'preload.cjs'), bin, '--concurrency', concurrency, '--no-render', '-f', 'json', 'apps'], {
        cwd: dir,
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
      });
    const off = run('off');
    const auto = run('auto');
    expect(off.stderr).toBe('workers started: 0\n');
    // No warning that a thread failed and the run went back to one thread.
    expect(auto.stderr).toBe('workers started: 1\n');
    expect(auto.status).toBe(1);
    expect(auto.stdout).toBe(off.stdout);
    const results = JSON.parse(off.stdout) as LintResult[];
    expect(results.length).toBe(2000);
    expect(results.filter((r) => r.messages.length > 0).length).toBeGreaterThan(1000);
  }, 120_000);

  it.skipIf(!fs.existsSync(corpus))('give the same results on ../shared/corpus/gitops', async () => {
    expectAllEqual(await variants([path.join(corpus, 'gitops')], root));
  });

  it.skipIf(!fs.existsSync(corpus))(
    'give the same results on ../shared/corpus/real (1,314 files, most of its bytes CRDs)',
    async () => {
      const target = [path.join(corpus, 'real')];
      const kept = await lint(target, { cwd: root, concurrency: 'off', keepParsed: Number.MAX_SAFE_INTEGER });
      expect(await lint(target, { cwd: root, concurrency: 2, keepParsed: 0 })).toBe(kept);
    },
    60_000,
  );
});

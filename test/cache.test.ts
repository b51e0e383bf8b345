/**
 * `--cache`: a warm run is served from the cache (proved by planting a marker in the cached results), its output is
 * byte-identical to an uncached run, any change to a linted or indexed file, the config or the options re-lints, and a
 * corrupt or foreign cache file is ignored and rewritten.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { run } from '../src/cli/cli.js';
import { buildFingerprintText, cacheFilePath, DEFAULT_CACHE_FILE, RunCache, stableStringify } from '../src/engine/cache.js';
import { lintFiles } from '../src/engine/index.js';
import { seal } from '../src/shared/user-cache.js';
import { VERSION } from '../src/shared/version.js';
import { readCache, writeCache } from './cache-file.js';
import { tempTree } from './core/helpers.js';

const repo = path.resolve(__dirname, '..');
const MARK = 'PLANTED-IN-THE-CACHE';

async function cli(args: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = await run(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), stdin: async () => '', isTTY: false, env: {}, cwd });
  return { code, stdout, stderr };
}

/**
 * Replace every message text in the cache file's results with MARK, and drop the reports kept (so the results are
 * formatted again): output showing MARK was served from the cache. The edit is sealed again with this user's key (as
 * kubeward writes it), unless `resealed` is false: a forged cache.
 */
function plant(cacheFile: string, resealed = true) {
  const cache = readCache(cacheFile);
  let planted = 0;
  for (const entry of cache.entries) {
    entry.reports = [];
    for (const result of entry.results) {
      for (const m of result.messages) {
        m.message = MARK;
        planted++;
      }
    }
  }
  expect(planted).toBeGreaterThan(0);
  writeCache(cacheFile, cache, resealed ? [] : ['header', 'files', 'results', 'counts', 'text']);
}

const namespace = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`;
const deployment = (name: string, ns: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      automountServiceAccountToken: false
      securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
      containers:
        - name: app
          image: registry.example.com/${name}@sha256:${'a'.repeat(64)}
          resources:
            limits: {cpu: 100m, memory: 64Mi}
            requests: {cpu: 100m, memory: 64Mi}
          securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}
`;
const networkPolicy = (ns: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: ${ns}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
`;

describe('--cache on examples/', () => {
  const tmp = tempTree({ 'keep.txt': '' });
  const cacheFile = path.join(tmp, 'examples.cache');
  // Rendered runs are not cached (docs/gitops.md): examples/gitops is linted file by file here.
  const args = ['examples', '-f', 'json', '--no-render'];

  it('gives byte-identical json cold, warm and uncached, and the warm run is served from the cache', async () => {
    const uncached = await cli(args, repo);
    const cold = await cli([...args, '--cache', '--cache-location', cacheFile], repo);
    const warm = await cli([...args, '--cache', '--cache-location', cacheFile], repo);
    expect(uncached.code).toBe(1);
    expect(uncached.stdout.length).toBeGreaterThan(1000);
    expect(cold).toEqual(uncached);
    expect(warm).toEqual(uncached);
    plant(cacheFile);
    const planted = await cli([...args, '--cache', '--cache-location', cacheFile], repo);
    expect(planted.stdout).toContain(MARK);
  });

  it('misses when a rule, the Kubernetes version or the format-independent options change', async () => {
    await cli([...args, '--cache', '--cache-location', cacheFile], repo);
    plant(cacheFile);
    for (const extra of [['--rule', 'image-tag:off'], ['--kubernetes-version', '1.30'], ['--strict-crds'], ['--max-file-size', '5']]) {
      const uncached = await cli([...args, ...extra], repo);
      const cached = await cli([...args, ...extra, '--cache', '--cache-location', cacheFile], repo);
      expect(cached.stdout).not.toContain(MARK);
      expect(cached).toEqual(uncached);
    }
  });

  it('does not trust a cache file whose seal does not verify (committed to the tree, made elsewhere, or edited)', async () => {
    const uncached = await cli(args, repo);
    await cli([...args, '--cache', '--cache-location', cacheFile], repo);
    plant(cacheFile, false);
    const forged = await cli([...args, '--cache', '--cache-location', cacheFile], repo);
    expect(forged.stdout).not.toContain(MARK);
    expect(forged).toEqual(uncached);
    // Rewritten under this user's key: the next run is served from it.
    plant(cacheFile);
    expect((await cli([...args, '--cache', '--cache-location', cacheFile], repo)).stdout).toContain(MARK);
  });

  it('does not read a cache file through a link, even one a stat of its path takes for a regular file', async () => {
    const uncached = await cli(args, repo);
    await cli([...args, '--cache', '--cache-location', cacheFile], repo);
    plant(cacheFile);
    const elsewhere = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kubeward-cache-link-')), 'planted.cache');
    fs.renameSync(cacheFile, elsewhere);
    fs.symlinkSync(elsewhere, cacheFile);
    const target = fs.readFileSync(elsewhere);
    // A link swapped in between a stat of the path and its open looks like this to the stat.
    const lstat = fs.lstatSync;
    const spy = vi
      .spyOn(fs, 'lstatSync')
      .mockImplementation((p: fs.PathLike, options?: fs.StatSyncOptions) =>
        path.resolve(String(p)) === cacheFile ? fs.statSync(elsewhere) : lstat(p, options),
      );
    try {
      const linked = await cli([...args, '--cache', '--cache-location', cacheFile], repo);
      expect(linked.stdout).not.toContain(MARK);
      expect(linked).toEqual(uncached);
    } finally {
      spy.mockRestore();
    }
    expect(fs.readFileSync(elsewhere)).toEqual(target);
  });

  it('is not read by --fix-dry-run', async () => {
    await cli([...args, '--cache', '--cache-location', cacheFile], repo);
    plant(cacheFile);
    const fixed = await cli([...args, '--fix-dry-run', '--cache', '--cache-location', cacheFile], repo);
    expect(fixed.stdout).not.toContain(MARK);
    expect(fixed).toEqual(await cli([...args, '--fix-dry-run'], repo));
  });
});

describe('--cache when one file changes', () => {
  it('re-lints the whole repository: a repository-wide finding on an unchanged file appears', async () => {
    const dir = tempTree({
      'ns.yaml': `${namespace('shop')}---\n${namespace('pay')}`,
      'shop/app.yaml': deployment('web', 'shop'),
      'shop/policy.yaml': networkPolicy('shop'),
      'pay/app.yaml': deployment('api', 'pay'),
      'pay/policy.yaml': networkPolicy('pay'),
    });
    const args = ['.', '-f', 'json', '--rule', 'namespace-resource-quota:off'];
    const cached = [...args, '--cache'];
    const uncached0 = await cli(args, dir);
    expect(uncached0.code).toBe(0);
    expect(await cli(cached, dir)).toEqual(uncached0);
    expect(fs.existsSync(path.join(dir, DEFAULT_CACHE_FILE))).toBe(true);
    expect(await cli(cached, dir)).toEqual(uncached0);

    // Deleting shop's NetworkPolicy changes the findings of ns.yaml (the Namespace "shop"), whose bytes did not change.
    fs.writeFileSync(path.join(dir, 'shop/policy.yaml'), '# removed\n');
    const uncached1 = await cli(args, dir);
    const policyFindings = (json: string) =>
      (JSON.parse(json) as Array<{ filePath: string; messages: Array<{ ruleId: string }> }>)
        .find((r) => r.filePath === path.join(dir, 'ns.yaml'))!
        .messages.filter((m) => m.ruleId === 'namespace-network-policy').length;
    expect(policyFindings(uncached0.stdout)).toBe(0);
    expect(policyFindings(uncached1.stdout)).toBe(1);
    expect(uncached1.code).toBe(1);
    expect(await cli(cached, dir)).toEqual(uncached1);
    expect(await cli(cached, dir)).toEqual(uncached1);

    // Editing one file's bytes, same size and all.
    const app = path.join(dir, 'pay/app.yaml');
    fs.writeFileSync(app, fs.readFileSync(app, 'utf8').replace('readOnlyRootFilesystem: true', 'readOnlyRootFilesystem: fals'));
    const uncached2 = await cli(args, dir);
    expect(uncached2.stdout).not.toEqual(uncached1.stdout);
    expect(await cli(cached, dir)).toEqual(uncached2);
  });

  it('re-lints a named file when an indexed (not linted) file changes', async () => {
    const dir = tempTree({ '.git/HEAD': 'ref: refs/heads/main\n', 'app.yaml': deployment('web', 'shop'), 'policy.yaml': networkPolicy('shop') });
    const args = ['app.yaml', '-f', 'json', '--rule', 'namespace-resource-quota:off'];
    const before = await cli(args, dir);
    expect(await cli([...args, '--cache'], dir)).toEqual(before);
    fs.writeFileSync(path.join(dir, 'policy.yaml'), networkPolicy('other'));
    const after = await cli(args, dir);
    expect(after.stdout).toContain('namespace-network-policy');
    expect(await cli([...args, '--cache'], dir)).toEqual(after);
  });

  it('re-lints when the config file changes', async () => {
    const dir = tempTree({ 'app.yaml': deployment('web', 'shop') });
    const args = ['.', '-f', 'json'];
    await cli([...args, '--cache'], dir);
    fs.writeFileSync(path.join(dir, '.kubeward.yaml'), 'rules:\n  namespace-network-policy: off\n  namespace-resource-quota: off\n');
    const uncached = await cli(args, dir);
    expect(uncached.code).toBe(0);
    expect(await cli([...args, '--cache'], dir)).toEqual(uncached);
  });
});

describe('--cache with --schema-dir', () => {
  it('re-lints when a schema file changes', async () => {
    const schema = (type: string) =>
      JSON.stringify({ type: 'object', properties: { spec: { type: 'object', properties: { replicas: { type } }, additionalProperties: false } } });
    const dir = tempTree({
      'gizmo.yaml': 'apiVersion: example.org/v1alpha1\nkind: Gizmo\nmetadata: {name: g}\nspec: {replicas: two}\n',
      'schemas/example.org/gizmo_v1alpha1.json': schema('integer'),
    });
    const args = ['gizmo.yaml', '-f', 'json', '--root', '.', '--schema-dir', 'schemas'];
    const before = await cli(args, dir);
    expect(before.stdout).toContain('"ruleId":"schema"');
    expect(await cli([...args, '--cache'], dir)).toEqual(before);
    fs.writeFileSync(path.join(dir, 'schemas/example.org/gizmo_v1alpha1.json'), schema('string'));
    const cached = await cli([...args, '--cache'], dir);
    expect(cached.stdout).not.toContain('"ruleId":"schema"');
    expect(cached).toEqual(await cli(args, dir));
  });
});

describe('--cache with a link in a schema folder', () => {
  it('keys the links the schema loader reads and never stats or hashes a file outside the folder', () => {
    const outside = tempTree({ 'secret.json': '{"type": "object"}' });
    const dir = tempTree({ 'a.yaml': 'kind: A\n', 'schemas/example.org/gizmo_v1alpha1.json': '{"type": "object"}' });
    fs.symlinkSync(path.join(outside, 'secret.json'), path.join(dir, 'schemas/example.org/widget_v1.json'));
    fs.symlinkSync(path.join(dir, 'schemas/example.org/gizmo_v1alpha1.json'), path.join(dir, 'schemas/example.org/gadget_v1.json'));
    const file = path.join(dir, 'cache');
    const inputs = { settings: {}, linted: [path.join(dir, 'a.yaml')], indexed: [], schemaDirs: [path.join(dir, 'schemas')], maxFileSize: 1 << 20 };
    const cache = new RunCache(file, Date.now() + 60_000);
    expect(cache.lookup(inputs)).toBeUndefined();
    cache.save([]);
    const schemas = stampsOf(readCache(file).entries[0].stamps!).lists.find((l) => l[0] === 'schema')!;
    expect(schemas.slice(1).map((f) => path.relative(dir, f))).toEqual(['schemas/example.org/gadget_v1.json', 'schemas/example.org/gizmo_v1alpha1.json']);
  });
});

describe('a corrupt or foreign cache file', () => {
  const header = (fields: object) => JSON.stringify({ format: 'kubeward-cache/5', version: VERSION, files: {}, entries: [], ...fields });
  const part = { at: 0, length: 100 };
  const foreign = [
    'not json at all {',
    '',
    '{"format":"something-else","entries":[]}',
    header({ version: '0.0.0-other' }),
    header({ format: 'kubeward-cache/2' }),
    header({ entries: [{ key: 1, results: part, reports: [] }] }),
    header({ entries: [{ key: 'a', results: { at: -1, length: 100 }, reports: [] }] }),
    header({ entries: [{ key: 'a', results: part, reports: [{ key: 'b' }] }] }),
    header({ entries: [{ key: 'a', results: part, reports: [{ key: 'b', counts: part, text: { at: 0 } }] }] }),
    header({ entries: [{ key: 'a', results: part, reports: [] }] }), // its part is not there
    header({ files: null }),
    '[1,2,3]',
    'null',
  ];
  // Each as it is, after a first line and as the whole file, and sealed with this user's key (so the seal passes and
  // the content itself is what is refused).
  const cases = foreign.flatMap((content) => {
    const sealed = seal(Buffer.from(content));
    return [
      ['unsealed', content],
      ['sealed, without the first line', sealed.toString('utf8')],
      ['sealed', `kubeward-cache/5 ${sealed.length}\n${sealed.toString('utf8')}`],
      ['sealed, a wrong length', `kubeward-cache/5 ${sealed.length + 7}\n${sealed.toString('utf8')}`],
    ];
  });
  it.each(cases)('is ignored and rewritten (%s): %s', async (_, content) => {
    const dir = tempTree({ 'app.yaml': deployment('web', 'shop'), [DEFAULT_CACHE_FILE]: content });
    const args = ['app.yaml', '-f', 'json', '--root', '.'];
    const uncached = await cli(args, dir);
    expect(await cli([...args, '--cache'], dir)).toEqual(uncached);
    const rewritten = readCache(path.join(dir, DEFAULT_CACHE_FILE));
    expect(rewritten.header.format).toBe('kubeward-cache/5');
    expect(rewritten.entries).toHaveLength(1);
    expect(JSON.stringify(rewritten.entries[0].results)).toBe(uncached.stdout.trimEnd());
    plant(path.join(dir, DEFAULT_CACHE_FILE));
    expect((await cli([...args, '--cache'], dir)).stdout).toContain(MARK);
  });
});

describe('cache entries', () => {
  it('ignores a truncated file and rewrites it', async () => {
    const dir = tempTree({ 'app.yaml': deployment('web', 'shop') });
    const args = ['app.yaml', '-f', 'json', '--root', '.'];
    const uncached = await cli(args, dir);
    await cli([...args, '--cache'], dir);
    const file = path.join(dir, DEFAULT_CACHE_FILE);
    const whole = fs.readFileSync(file);
    for (const cut of [whole.length - 10, whole.length / 2, 30, 10]) {
      fs.writeFileSync(file, whole.subarray(0, cut));
      expect(await cli([...args, '--cache'], dir)).toEqual(uncached);
      expect(JSON.stringify(readCache(file).entries[0].results)).toBe(uncached.stdout.trimEnd());
    }
  });

  it('keeps the last four runs, newest first', async () => {
    const dir = tempTree({ 'app.yaml': deployment('web', 'shop') });
    const file = path.join(dir, DEFAULT_CACHE_FILE);
    const variants = ['image-tag', 'run-as-non-root', 'read-only-root-filesystem', 'no-privilege-escalation', 'resource-limits'].map((id) => [
      'app.yaml',
      '-f',
      'json',
      '--rule',
      `${id}:off`,
      '--rule',
      'namespace-network-policy:error',
    ]);
    for (const args of variants) await cli([...args, '--cache'], dir);
    expect(readCache(file).entries).toHaveLength(4);
    plant(file);
    expect((await cli([...variants[0], '--cache'], dir)).stdout).not.toContain(MARK);
    // The first run was evicted; running it again evicted the second.
    for (const args of variants.slice(2)) expect((await cli([...args, '--cache'], dir)).stdout).toContain(MARK);
  });
});

describe('cache file location', () => {
  it('is .kubewardcache in the cwd by default, inside a folder, or the file named', () => {
    const dir = tempTree({ 'sub/keep.txt': '' });
    expect(cacheFilePath(undefined, dir)).toBe(path.join(dir, '.kubewardcache'));
    expect(cacheFilePath('sub', dir)).toBe(path.join(dir, 'sub', '.kubewardcache'));
    expect(cacheFilePath('new-folder/', dir)).toBe(path.join(dir, 'new-folder', '.kubewardcache'));
    expect(cacheFilePath('my.cache', dir)).toBe(path.join(dir, 'my.cache'));
  });

  it('writes into a folder --cache-location names, creating it', async () => {
    const dir = tempTree({ 'app.yaml': deployment('web', 'shop') });
    await cli(['app.yaml', '--cache', '--cache-location', 'cache-dir/'], dir);
    expect(fs.existsSync(path.join(dir, 'cache-dir', '.kubewardcache'))).toBe(true);
  });
});

/**
 * An entry's stamps part (readCache gives its body as latin1): a line of its head (format, version, build, settings),
 * a line of its files by label, then five numbers per file, as the bytes of doubles.
 */
function stampsOf(text: string): { settings: string; lists: string[][]; numbers: number[] } {
  const bytes = Buffer.from(text, 'latin1');
  const first = bytes.indexOf(0x0a);
  const second = bytes.indexOf(0x0a, first + 1);
  const head = JSON.parse(bytes.toString('utf8', 0, first));
  const lists = JSON.parse(bytes.toString('utf8', first + 1, second));
  const rest = bytes.subarray(second + 1);
  const numbers = [...new Float64Array(rest.buffer.slice(rest.byteOffset, rest.byteOffset + rest.length))];
  return { settings: head[3], lists, numbers };
}

describe('RunCache', () => {
  const inputs = (dir: string) => ({ settings: { a: 1 }, linted: [path.join(dir, 'a.yaml')], indexed: [], schemaDirs: [], maxFileSize: 1 << 20 });
  const result = (dir: string) => [
    {
      filePath: path.join(dir, 'a.yaml'),
      messages: [],
      suppressedMessages: [],
      errorCount: 0,
      fatalErrorCount: 0,
      warningCount: 0,
      fixableErrorCount: 0,
      fixableWarningCount: 0,
    },
  ];

  it('reuses a hash only while size, mtime, ctime and inode are unchanged: a same-size edit with the old mtime misses', () => {
    const dir = tempTree({ 'a.yaml': 'kind: A\n' });
    const file = path.join(dir, 'cache');
    const later = Date.now() + 60_000; // the run happens well after the file's ctime, so its stamp is trusted
    const first = new RunCache(file, later);
    expect(first.lookup(inputs(dir))).toBeUndefined();
    first.save(result(dir));
    const stamps = readCache(file).header.files;
    expect(Object.keys(stamps)).toEqual([path.join(dir, 'a.yaml')]);
    expect(new RunCache(file, later).lookup(inputs(dir))).toEqual(result(dir));

    const a = path.join(dir, 'a.yaml');
    const { atime, mtime } = fs.statSync(a);
    fs.writeFileSync(a, 'kind: B\n');
    fs.utimesSync(a, atime, mtime);
    expect(new RunCache(file, later).lookup(inputs(dir))).toBeUndefined();
  });

  it('does not trust the stamp of a file changed just before the run (racily clean)', () => {
    const dir = tempTree({ 'a.yaml': 'kind: A\n' });
    const file = path.join(dir, 'cache');
    const cache = new RunCache(file);
    cache.lookup(inputs(dir));
    cache.save(result(dir));
    expect(readCache(file).header.files).toEqual({});
    expect(new RunCache(file).lookup(inputs(dir))).toEqual(result(dir));
  });

  it('never caches a run that lints a file it cannot read as a regular file', () => {
    const dir = tempTree({ 'a.yaml': 'kind: A\n' });
    const file = path.join(dir, 'cache');
    const cache = new RunCache(file);
    expect(cache.lookup({ ...inputs(dir), linted: [path.join(dir, 'missing.yaml')] })).toBeUndefined();
    cache.save(result(dir));
    expect(fs.existsSync(file)).toBe(false);
  });

  it('finds an entry by its settings and settled stamps, without reading the files part', () => {
    const dir = tempTree({ 'a.yaml': 'kind: A\n' });
    const file = path.join(dir, 'cache');
    const later = Date.now() + 60_000;
    const first = new RunCache(file, later);
    expect(first.lookup(inputs(dir))).toBeUndefined();
    first.save(result(dir));
    const { entries } = readCache(file);
    const a = path.join(dir, 'a.yaml');
    const { size, mtimeMs, ctimeMs, ino, dev } = fs.statSync(a);
    // The settings, the files and their stamps, compared whole (no digest: no node:crypto on a warm run).
    expect(stampsOf(entries[0].stamps!)).toEqual({
      settings: '{"a":1}',
      lists: [['lint', a], ['index'], ['schema']],
      numbers: [size, mtimeMs, ctimeMs, ino, dev],
    });
    // The files part says the file's content hash is another: it is not read while the stamps are unchanged.
    const wrong = readCache(file);
    wrong.header.files[a].hash = '0'.repeat(64);
    writeCache(file, wrong);
    expect(new RunCache(file, later).lookup(inputs(dir))).toEqual(result(dir));
    // Other settings: other stamps text, and the hashes are used (here the wrong one: a miss).
    expect(new RunCache(file, later).lookup({ ...inputs(dir), settings: { a: 2 } })).toBeUndefined();
    // A files part whose seal does not verify is not used: the file is hashed again.
    const forged = readCache(file);
    forged.header.files = {};
    writeCache(file, forged, ['files']);
    // A new stamp, the same content: found by the hashes, and the new stamps recorded.
    fs.utimesSync(a, new Date(), new Date(Date.now() - 10_000));
    const touched = new RunCache(file, later);
    expect(touched.lookup(inputs(dir))).toEqual(result(dir));
    const restamped = readCache(file);
    expect(stampsOf(restamped.entries[0].stamps!).lists).toEqual([['lint', a], ['index'], ['schema']]);
    expect(restamped.entries[0].stamps).not.toBe(entries[0].stamps);
    expect(Object.keys(restamped.header.files)).toEqual([a]);
    // An edit that keeps the size and the old mtime changes the ctime: the stamps differ, the content is hashed.
    const { atime, mtime } = fs.statSync(a);
    fs.writeFileSync(a, 'kind: B\n');
    fs.utimesSync(a, atime, mtime);
    expect(new RunCache(file, later).lookup(inputs(dir))).toBeUndefined();
  });

  it('records the stamps as the bytes of doubles, and any edit, addition, removal or rename misses an entry found by them', () => {
    const tree = { 'a.yaml': 'kind: A\n', 'b.yaml': 'kind: B\n', 'sub/c.yaml': 'kind: C\n' };
    const later = Date.now() + 60_000;
    const all = (dir: string) => ['a.yaml', 'b.yaml', 'sub/c.yaml'].map((f) => path.join(dir, f));
    const inputsOf = (files: string[]) => ({ settings: { a: 1 }, linted: files, indexed: [], schemaDirs: [], maxFileSize: 1 << 20 });
    const results = (files: string[]) => files.map((filePath) => ({ ...result('')[0], filePath }));
    /** A tree whose cache holds the run of all its files, found by the stamps. */
    const warm = () => {
      const dir = tempTree(tree);
      const file = path.join(dir, 'cache');
      const first = new RunCache(file, later);
      expect(first.lookup(inputsOf(all(dir)))).toBeUndefined();
      first.save(results(all(dir)));
      const raw = readCache(file).entries[0].stamps!;
      // Fifteen doubles after the two lines of text: nothing decoded to compare them.
      const numbers = stampsOf(raw).numbers;
      expect(numbers).toHaveLength(15);
      const a = fs.statSync(all(dir)[0]);
      expect(numbers.slice(0, 5)).toEqual([a.size, a.mtimeMs, a.ctimeMs, a.ino, a.dev]);
      expect(new RunCache(file, later).lookup(inputsOf(all(dir)))).toEqual(results(all(dir)));
      return { dir, file };
    };
    const edits: Array<[string, (dir: string) => string[]]> = [
      [
        'a same-size edit with the old mtime',
        (dir) => {
          const [a] = all(dir);
          const { atime, mtime } = fs.statSync(a);
          fs.writeFileSync(a, 'kind: X\n');
          fs.utimesSync(a, atime, mtime);
          return all(dir);
        },
      ],
      [
        'a file added',
        (dir) => {
          fs.writeFileSync(path.join(dir, 'sub/d.yaml'), 'kind: D\n');
          return [...all(dir), path.join(dir, 'sub/d.yaml')];
        },
      ],
      [
        'a file removed',
        (dir) => {
          fs.rmSync(all(dir)[1]);
          return all(dir).filter((_, i) => i !== 1);
        },
      ],
      [
        'a file renamed',
        (dir) => {
          fs.renameSync(path.join(dir, 'sub/c.yaml'), path.join(dir, 'sub/e.yaml'));
          return [...all(dir).slice(0, 2), path.join(dir, 'sub/e.yaml')];
        },
      ],
      [
        'two files swapped by renames (same names, sizes and contents moved)',
        (dir) => {
          const [a, b] = all(dir);
          fs.renameSync(a, `${a}.tmp`);
          fs.renameSync(b, a);
          fs.renameSync(`${a}.tmp`, b);
          return all(dir);
        },
      ],
    ];
    for (const [what, edit] of edits) {
      const { dir, file } = warm();
      const files = edit(dir);
      expect(new RunCache(file, later).lookup(inputsOf(files)), what).toBeUndefined();
    }
    // A file grown past the size limit is keyed by its size, not its stamp: another entry.
    const { dir, file } = warm();
    expect(new RunCache(file, later).lookup({ ...inputsOf(all(dir)), maxFileSize: 4 })).toBeUndefined();
  });

  it('reads a header longer than its first read (16 KB)', () => {
    const dir = tempTree({ 'a.yaml': 'kind: A\n' });
    const file = path.join(dir, 'cache');
    const later = Date.now() + 60_000;
    const first = new RunCache(file, later);
    first.lookup(inputs(dir));
    first.save(result(dir));
    const cache = readCache(file);
    cache.header.padding = 'x'.repeat(40_000);
    writeCache(file, cache);
    expect(Number(/^kubeward-cache\/5 (\d+)\n/.exec(fs.readFileSync(file, 'latin1'))![1])).toBeGreaterThan(40_000);
    expect(new RunCache(file, later).lookup(inputs(dir))).toEqual(result(dir));
  });

  it('records no stamps taken within two seconds of a change', () => {
    const dir = tempTree({ 'a.yaml': 'kind: A\n' });
    const file = path.join(dir, 'cache');
    const cache = new RunCache(file);
    cache.lookup(inputs(dir));
    cache.save(result(dir));
    expect(readCache(file).entries[0].stamps).toBeUndefined();
  });

  it('keys settings by value, not by the order of their keys', () => {
    expect(stableStringify({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: 3 } })).toBe('{"a":{"c":3,"d":[2,{"e":0,"f":1}]},"b":1}');
  });
});

describe('lintFiles({ cache })', () => {
  it('serves the programmatic API the same results, and misses when the files change', async () => {
    const dir = tempTree({ 'a/app.yaml': deployment('web', 'shop'), 'b/app.yaml': deployment('api', 'pay') });
    const options = { cwd: dir, cache: true, cacheLocation: 'c.json' };
    const uncached = JSON.stringify(await lintFiles(['a', 'b'], { cwd: dir }));
    expect(JSON.stringify(await lintFiles(['a', 'b'], options))).toBe(uncached);
    expect(JSON.stringify(await lintFiles(['a', 'b'], options))).toBe(uncached);
    plant(path.join(dir, 'c.json'));
    expect(JSON.stringify(await lintFiles(['a', 'b'], options))).toContain(MARK);
    expect(JSON.stringify(await lintFiles(['a'], options))).toBe(JSON.stringify(await lintFiles(['a'], { cwd: dir })));
  });
});

describe('a warm --cache run of the command line', () => {
  it('loads no node:crypto: the file it wrote is read unchecked, its entry found by the stamps, the report written to a file', async () => {
    const dir = tempTree({ 'a/ns.yaml': namespace('shop'), 'a/app.yaml': deployment('web', 'shop'), 'b/policy.yaml': networkPolicy('shop') });
    const xdg = fs.mkdtempSync(path.join(os.tmpdir(), 'kubeward-cache-xdg-'));
    // Reports at exit whether node:crypto was loaded.
    const probe = path.join(xdg, 'probe.cjs');
    fs.writeFileSync(
      probe,
      "process.on('exit', () => process.stderr.write(`crypto loaded: ${process.moduleLoadList.includes('NativeModule crypto')}\\n`));\n",
    );
    const bin = path.join(repo, 'dist/cli/kubeward.cjs');
    const out = path.join(xdg, 'report.json');
    const kubeward = (extra: string[]) => {
      const done = spawnSync(process.execPath, ['--require', probe, bin, 'a', 'b', '--no-render', '-f', 'json', '-o', out, ...extra], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, XDG_CACHE_HOME: xdg, NO_COLOR: '1' },
      });
      return { status: done.status, stderr: done.stderr, report: fs.readFileSync(out, 'utf8') };
    };
    // Stamps taken within two seconds of a change are not trusted: the files must be older than that.
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const uncached = kubeward([]);
    const cacheArgs = ['--cache', '--cache-location', path.join(xdg, 'run.cache')];
    // The cold run hashes the files and seals the cache file (node:crypto).
    const cold = kubeward(cacheArgs);
    expect(cold).toEqual({ ...uncached, stderr: 'crypto loaded: true\n' });
    const warm = kubeward(cacheArgs);
    expect(warm).toEqual({ ...uncached, stderr: 'crypto loaded: false\n' });
    // The settings kept with the stamps name the built-in checks by id (their metadata is kubeward's build, in the key).
    const { settings } = stampsOf(readCache(path.join(xdg, 'run.cache')).entries[0].stamps!);
    expect(JSON.parse(settings).checks).toContain('image-tag');
    expect(settings).not.toContain('"remediation"');
  });
});

describe('the build fingerprint', () => {
  it("covers the checks' index at the package's root, where the sources and the library's modules have it", () => {
    // Built-in checks are keyed by id in an entry's settings: their code counts through this fingerprint.
    const index = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'checks', 'index.ts');
    expect(fs.existsSync(index)).toBe(true);
    expect(
      buildFingerprintText()
        .split('\n')
        .some((line) => line.startsWith(`${index}\0`)),
    ).toBe(true);
  });
});

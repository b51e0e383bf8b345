/**
 * The shape of `npm run bench`'s output (scripts/bench.mjs) on a tiny corpus, one run of each row: the sections, the
 * table rows, kubeconform's rows and the ratios beside kubeward's when ../shared/tools holds kubeconform, and
 * kubeward's figures alone (said so) without ../shared. No figure is asserted: a benchmark's times are not a test.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot, sharedPath } from './shared-dir.js';

const kubeconform = sharedPath('tools', 'kubeconform');
const schemas = sharedPath('tools', 'kubeconform-schemas');
if (!kubeconform || !schemas) console.warn('test/bench.test.ts: ../shared/tools/kubeconform is absent: the rows beside kubeconform are not checked');

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.27
`;
const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector: {app: web}
  ports:
    - port: 80
`;

let tmp: string;

/** A stand-in for ../shared: corpus/real with 2 files and 3 documents, tools/ linking to the real kubeconform when asked. */
function fakeShared(withKubeconform: boolean): string {
  const shared = fs.mkdtempSync(path.join(tmp, 'shared-'));
  const real = path.join(shared, 'corpus', 'real', 'shop');
  fs.mkdirSync(real, { recursive: true });
  fs.writeFileSync(path.join(real, 'deployment.yaml'), DEPLOYMENT);
  fs.writeFileSync(path.join(real, 'service.yaml'), `${SERVICE}---\n${SERVICE.replace('name: web\n  namespace', 'name: web-2\n  namespace')}`);
  if (withKubeconform && kubeconform && schemas) {
    fs.mkdirSync(path.join(shared, 'tools'));
    fs.symlinkSync(kubeconform, path.join(shared, 'tools', 'kubeconform'));
    fs.symlinkSync(schemas, path.join(shared, 'tools', 'kubeconform-schemas'));
  }
  return shared;
}

function bench(shared: string, only: string) {
  const r = spawnSync(process.execPath, [path.join(projectRoot, 'scripts/bench.mjs'), `--only=${only}`], {
    cwd: projectRoot,
    encoding: 'utf8',
    env: { ...process.env, BENCH_SHARED: shared, BENCH_RUNS: '1', BENCH_COPIES: '2', BENCH_GENERATED: '60', NO_COLOR: '1' },
    timeout: 180_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const TABLE_ROW = /^\| [^|]+ \| [\d,.]+ \| [\d,]+ \| [\d,.]+ \| [\d,]+ \| \d+ \|$/;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kubeward-bench-test-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('npm run bench, output shape', () => {
  it('with a real corpus and kubeconform: every section, kubeconform beside kubeward, the ratios and the targets', { timeout: 240_000 }, () => {
    const withTools = Boolean(kubeconform && schemas);
    const { code, stdout, stderr } = bench(fakeShared(true), 'cold,staged,real,generated,cache');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(
      /^# kubeward bench \(\d+ cores, Node v\d+\.\d+\.\d+, 1 runs each, 1 for the cold-start rows and 1 for the staged second run, medians; load average [\d.]+ [\d.]+ [\d.]+\)$/,
    );
    expect(lines[1]).toMatch(/^sections: cold, staged, real, generated, cache; peak RSS from (GNU time|\/proc)/);

    expect(stdout).toMatch(/^\| node -e 0 \| [\d,]+ \| 1\.00x \| \d+ \| 0 \|$/m);
    expect(stdout).toMatch(/^\| kubeward shop\.yaml --no-render \(one file, a one-file repository\) \| [\d,]+ \| [\d.]+x \| \d+ \| 1 \|$/m);
    expect(stdout).toMatch(/^\| first run \(shop\/\w+\.yaml staged, no kubeward cache\) \| [\d,]+ \| [\d.]+x \| \d+ \| [01] \|$/m);
    expect(stdout).toMatch(/^\| second run \(next commit, shop\/\w+\.yaml staged\) \| [\d,]+ \| [\d.]+x \| \d+ \| [01] \|$/m);
    expect(stdout).toMatch(/^\| a later run \(the fourth commit, shop\/deployment\.yaml staged: a Deployment\) \| [\d,]+ \| [\d.]+x \| \d+ \| [01] \|$/m);
    expect(stdout).toContain('## One staged file in ../shared/corpus/real as a git repository (2 files;');

    // The real corpus once and in 2 copies, the generated corpus: a heading with the counts, then the rows.
    expect(stdout).toMatch(/^## \.\.\/shared\/corpus\/real, 1 copy: 2 files, 3 documents, /m);
    expect(stdout).toMatch(/^## \.\.\/shared\/corpus\/real, 2 copies \(throughput\): 4 files, 6 documents, /m);
    expect(stdout).toMatch(/^## generated corpus .*: 2 files, 60 documents, /m);
    const kubewardRows = lines.filter((l) => l.startsWith('| kubeward --no-render |'));
    expect(kubewardRows).toHaveLength(3);
    for (const row of kubewardRows) expect(row).toMatch(TABLE_ROW);
    expect(lines.filter((l) => l.startsWith('| kubeward (rendering on'))).toHaveLength(1);
    const kubeconformRows = lines.filter((l) => l.startsWith('| kubeconform v0.7.0 -strict -n 2 (1.36 schemas) |'));
    const ratios = lines.filter((l) => l.startsWith('kubeward / kubeconform: documents/s'));
    if (withTools) {
      expect(kubeconformRows).toHaveLength(3);
      for (const row of kubeconformRows) expect(row).toMatch(TABLE_ROW);
      expect(ratios).toHaveLength(3);
      for (const r of ratios) expect(r).toMatch(/^kubeward \/ kubeconform: documents\/s [\d.]+x \(above 1 = kubeward faster\), peak RSS [\d.]+x$/);
      expect(stdout).toMatch(/^\| kubeconform v0\.7\.0 -strict -n 2 \(1\.36 schemas\), same file \| [\d,]+ \| [\d.]+x \| \d+ \| \d+ \|$/m);
    }

    expect(stdout).toMatch(/^\| cold \(no cache file\) \| [\d,]+ \| \d+ \| 1 \|$/m);
    expect(stdout).toMatch(/^\| warm \(nothing changed\) \| [\d,]+ \| \d+ \| 1 \|$/m);
    expect(stdout).toMatch(/^warm is [\d.]+x faster than cold$/m);

    const targets = lines.slice(lines.findIndex((l) => l.startsWith('## Targets (issue #17')) + 3).filter((l) => l.startsWith('|'));
    expect(targets.map((l) => l.split(' | ')[0])).toEqual([
      '| one staged file, real corpus as a git repository, second run',
      '| same, first run (no cache)',
      '| one file, one-file repository',
      '| 2x real corpus, documents/s',
      '| peak RSS, 2x real corpus',
      '| `--cache`, unchanged repository',
    ]);
    expect(targets.join('\n')).not.toContain('n/a');
    if (withTools) expect(targets[3]).toMatch(/ vs kubeconform [\d,]+\/s = [\d.]+x \| >= 1\.5x kubeconform \|$/);
  });

  it('without ../shared: kubeward figures alone, and it says so', { timeout: 240_000 }, () => {
    const { code, stdout, stderr } = bench(path.join(tmp, 'no-such-shared'), 'real,generated');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('kubeconform is absent (');
    expect(stdout).toContain("kubeward's figures alone, no ratios");
    expect(stdout).toMatch(/corpus\/real is absent: real-corpus figures skipped/);
    expect(stdout).toMatch(/^\| kubeward --no-render \| [\d,.]+ \| [\d,]+ \| [\d,.]+ \| [\d,]+ \| 1 \|$/m);
    expect(stdout).not.toContain('| kubeconform');
    expect(stdout).not.toContain('kubeward / kubeconform');
    expect(stdout).toMatch(/^\| 2x real corpus, documents\/s \| n\/a \| >= 1\.5x kubeconform \|$/m);
  });

  it('refuses an unknown section', () => {
    const { code, stderr } = bench(path.join(tmp, 'no-such-shared'), 'cold,nonsense');
    expect(code).toBe(2);
    expect(stderr).toContain('bench: unknown section nonsense (sections: cold, staged, real, generated, cache, growth, serial, gitops, all)');
  });
});

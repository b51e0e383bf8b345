/**
 * `--shard i/n`: the shards' results together are byte for byte the unsharded run's (json), repository-wide checks
 * still see every object, the assignment is the sorted files' position modulo n, and bad values are usage errors.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConcurrency, parseShard, run } from '../src/cli/cli.js';
import { lintFiles } from '../src/engine/index.js';
import type { LintResult } from '../src/shared/types.js';
import { tempTree } from './core/helpers.js';
import { multiNamespace, policy, workload } from './repos.js';

const repo = path.resolve(__dirname, '..');

async function cli(args: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = await run(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), stdin: async () => '', isTTY: false, env: {}, cwd });
  return { code, stdout, stderr };
}

/** The shards' json reports merged as one report: results sorted by path, as an unsharded run sorts them. */
function union(reports: string[]): string {
  const results = reports.flatMap((r) => (r.trim() ? (JSON.parse(r) as LintResult[]) : []));
  results.sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0));
  return `${JSON.stringify(results)}\n`;
}

async function shardedRuns(args: string[], cwd: string, n: number) {
  const runs = [];
  for (let i = 1; i <= n; i++) runs.push(await cli([...args, '--shard', `${i}/${n}`], cwd));
  return runs;
}

describe('--shard', () => {
  it.each([2, 3, 5, 7])('%i shards of examples/ together equal the unsharded run, byte for byte', async (n) => {
    const args = ['examples', '-f', 'json'];
    const whole = await cli(args, repo);
    expect(JSON.parse(whole.stdout).length).toBeGreaterThan(10);
    const shards = await shardedRuns(args, repo, n);
    expect(union(shards.map((s) => s.stdout))).toBe(whole.stdout);
    expect(Math.max(...shards.map((s) => s.code))).toBe(whole.code);
  });

  it.each([2, 3, 4, 13, 20])('%i shards of a multi-namespace repository together equal the unsharded run', async (n) => {
    const dir = tempTree(multiNamespace);
    const args = ['.', '-f', 'json'];
    const whole = await cli(args, dir);
    const parsed = JSON.parse(whole.stdout) as LintResult[];
    expect(parsed).toHaveLength(Object.keys(multiNamespace).length);
    // The repository-wide checks did find things, so the comparison means something.
    const ruleIds = new Set(parsed.flatMap((r) => r.messages.map((m) => m.ruleId)));
    for (const id of ['namespace-network-policy', 'namespace-resource-quota', 'no-default-namespace']) expect(ruleIds).toContain(id);
    const shards = await shardedRuns(args, dir, n);
    expect(union(shards.map((s) => s.stdout))).toBe(whole.stdout);
  });

  it('equals the unsharded run when only some files are named and the rest of the repository is read', async () => {
    const dir = tempTree({ ...multiNamespace, '.git/HEAD': 'ref: refs/heads/main\n' });
    const args = ['alpha/app.yaml', 'beta/app.yaml', 'gamma/app.yaml', 'default.yaml', '-f', 'json'];
    const whole = await cli(args, dir);
    expect(JSON.parse(whole.stdout)).toHaveLength(4);
    expect(union((await shardedRuns(args, dir, 3)).map((s) => s.stdout))).toBe(whole.stdout);
  });

  it('assigns the sorted files by position modulo n', async () => {
    const dir = tempTree(multiNamespace);
    const all = (await lintFiles('.', { cwd: dir })).map((r) => r.filePath);
    expect(all).toEqual([...all].sort());
    for (let i = 1; i <= 3; i++) {
      const shard = (await lintFiles('.', { cwd: dir, shard: { index: i, count: 3 } })).map((r) => r.filePath);
      expect(shard).toEqual(all.filter((_, k) => k % 3 === i - 1));
    }
  });

  it('reads the other shards for repository-wide checks: a NetworkPolicy in another shard counts', async () => {
    const dir = tempTree({ 'a-app.yaml': workload('web', 'alpha'), 'b-policy.yaml': policy('alpha') });
    const onlyPolicy = ['--rule', 'namespace-resource-quota:off', '--rule', 'no-automount-service-account-token:off'];
    const first = await cli(['.', '-f', 'json', '--shard', '1/2', ...onlyPolicy], dir);
    const results = JSON.parse(first.stdout) as LintResult[];
    expect(results.map((r) => path.basename(r.filePath))).toEqual(['a-app.yaml']);
    expect(results[0].messages.map((m) => m.ruleId)).not.toContain('namespace-network-policy');
    const withoutPolicy = tempTree({ 'a-app.yaml': workload('web', 'alpha') });
    const lonely = JSON.parse((await cli(['.', '-f', 'json', '--shard', '1/2', ...onlyPolicy], withoutPolicy)).stdout) as LintResult[];
    expect(lonely[0].messages.map((m) => m.ruleId)).toContain('namespace-network-policy');
  });

  it('says so when a shard has no files', async () => {
    const dir = tempTree({ 'a.yaml': 'key: value\n' });
    expect(await cli(['.', '--shard', '2/3'], dir)).toEqual({
      code: 0,
      stdout: '',
      stderr: 'kubeward: shard 2/3 has no files (there are fewer files than shards)\n',
    });
  });

  it.each(['0/2', '3/2', 'a/b', '1/0', '0/0', '1', '1/2/3', '-1/2', '1.5/2', ''])('refuses --shard %j with exit code 2', async (value) => {
    const { code, stdout, stderr } = await cli(['examples', `--shard=${value}`], repo);
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toBe(`kubeward: --shard expects I/N with 1 <= I <= N (e.g. --shard 2/4 for the second of four jobs), got "${value}"\n`);
  });

  it('parses I/N', () => {
    expect(parseShard('1/1')).toEqual({ index: 1, count: 1 });
    expect(parseShard('3/4')).toEqual({ index: 3, count: 4 });
    expect(parseShard(' 2 / 10 ')).toEqual({ index: 2, count: 10 });
  });

  it('refuses standard input and recording a baseline', async () => {
    const dir = tempTree({ 'a.yaml': 'key: value\n' });
    expect(await cli(['-', '--shard', '1/2'], dir)).toEqual({ code: 2, stdout: '', stderr: 'kubeward: --shard cannot be used with standard input\n' });
    const message = 'kubeward: --shard cannot record a baseline (each shard sees only its files); record it once without --shard\n';
    expect(await cli(['.', '--shard', '1/2', '--baseline', 'b.json'], dir)).toEqual({ code: 2, stdout: '', stderr: message });
    expect(await cli(['.', '--shard', '1/2', '--baseline', 'b.json', '--update-baseline'], dir)).toEqual({ code: 2, stdout: '', stderr: message });
  });
});

describe('--concurrency', () => {
  it.each([
    ['auto', 'auto'],
    ['off', 'off'],
    ['OFF', 'off'],
    ['1', 1],
    ['3', 3],
  ] as const)('reads "%s"', (value, expected) => {
    expect(parseConcurrency(value)).toBe(expected);
  });

  it.each(['0', '-1', '1.5', 'two', ''])('refuses --concurrency "%s" with exit code 2', async (value) => {
    const { code, stderr } = await cli([`--concurrency=${value}`, 'examples'], repo);
    expect(code).toBe(2);
    expect(stderr).toContain(`--concurrency expects a number of threads (1 or more), auto or off, got "${value}"`);
  });

  it('gives the results of a run without it (from the sources: threads need the build, so this runs on one)', async () => {
    const args = ['examples', '-f', 'json'];
    expect((await cli([...args, '--concurrency', '2'], repo)).stdout).toBe((await cli(args, repo)).stdout);
  });
});

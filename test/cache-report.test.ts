/**
 * `--cache` keeps the report each formatter wrote with the run's results: a run whose inputs and report options are
 * unchanged writes those bytes again, without decoding or formatting its results. Its output (standard output, the
 * output file, standard error and the exit code) is byte-identical to an uncached run's, for every built-in format,
 * with colour on and off, --quiet, --max-warnings and --output-file; a report is served only for the options that
 * made it, only when its seal verifies, and never with --baseline.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../src/cli/cli.js';
import { DEFAULT_CACHE_FILE } from '../src/engine/cache.js';
import { seal } from '../src/shared/user-cache.js';
import { tempTree } from './core/helpers.js';

const MARK = 'REPORT-PLANTED-IN-THE-CACHE';

async function cli(args: string[], cwd: string, env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await run(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), stdin: async () => '', isTTY: false, env, cwd });
  return { code, stdout, stderr };
}

/** A run and the output file it wrote (when it names one with -o). */
async function cliWithFile(args: string[], cwd: string, env: Record<string, string> = {}) {
  const o = args.indexOf('-o');
  const file = o >= 0 ? path.join(cwd, args[o + 1]) : undefined;
  if (file) fs.rmSync(file, { force: true });
  const result = await cli(args, cwd, env);
  return { ...result, file: file && fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined };
}

interface Part {
  at: number;
  length: number;
}

/** The cache file's header and, for each entry, its reports' counts and texts (test/cache.test.ts reads it whole). */
function reportsOf(cacheFile: string): { entries: Array<{ key: string; reports: Array<{ key: string; counts: any; text: string }> }> } {
  const bytes = fs.readFileSync(cacheFile);
  const first = bytes.indexOf(0x0a) + 1;
  const headLength = first + Number(/ (\d+)\n/.exec(bytes.subarray(0, first).toString())![1]);
  const header = JSON.parse(bytes.subarray(first + 65, headLength).toString());
  const body = (p: Part) => bytes.subarray(headLength + p.at + 65, headLength + p.at + p.length).toString();
  return {
    entries: header.entries.map((e: { key: string; reports: Array<{ key: string } & Part> }) => ({
      key: e.key,
      reports: e.reports.map((r) => {
        const [, , counts, ...text] = body(r).split('\n');
        return { key: r.key, counts: JSON.parse(counts), text: text.join('\n') };
      }),
    })),
  };
}

/**
 * Replace the text of every report kept with `text` (and its counts with `counts` when given), sealed again with this
 * user's key unless `resealed` is false (a forged report).
 */
function plantReport(cacheFile: string, text: string, counts?: object, resealed = true) {
  const bytes = fs.readFileSync(cacheFile);
  const first = bytes.indexOf(0x0a) + 1;
  const headLength = first + Number(/ (\d+)\n/.exec(bytes.subarray(0, first).toString())![1]);
  const header = JSON.parse(bytes.subarray(first + 65, headLength).toString());
  const sealed = (body: string) => (resealed ? seal(Buffer.from(body)) : Buffer.from(`${'0'.repeat(64)}\n${body}`));
  const parts: Buffer[] = [];
  let at = 0;
  const place = (part: Buffer) => {
    parts.push(part);
    at += part.length;
    return { at: at - part.length, length: part.length };
  };
  let planted = 0;
  const entries = header.entries.map((e: { key: string; results: Part; reports: Array<{ key: string } & Part> }) => ({
    key: e.key,
    results: place(bytes.subarray(headLength + e.results.at, headLength + e.results.at + e.results.length)),
    reports: e.reports.map((r) => {
      const [entryKey, reportKey, oldCounts] = bytes
        .subarray(headLength + r.at + 65, headLength + r.at + r.length)
        .toString()
        .split('\n');
      planted++;
      return {
        key: r.key,
        ...place(sealed(`${entryKey}\n${reportKey}\n${counts ? JSON.stringify({ ...JSON.parse(oldCounts), ...counts }) : oldCounts}\n${text}`)),
      };
    }),
  }));
  expect(planted).toBeGreaterThan(0);
  const head = seal(Buffer.from(JSON.stringify({ ...header, entries })));
  fs.writeFileSync(cacheFile, Buffer.concat([Buffer.from(`kubeward-cache/3 ${head.length}\n`), head, ...parts]));
}

const deployment = (name: string, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: shop
spec:
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
        - name: app
          image: nginx:1.25${extra}
`;

/** A repository with errors and warnings in two files, a clean file and one that does not parse. */
function repository(): string {
  return tempTree({
    'apps/web.yaml': deployment('web'),
    'apps/api.yaml': deployment('api', '\n          securityContext: {privileged: true}'),
    'apps/clean.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: shop\ndata: {a: "1"}\n',
    'apps/broken.yaml': 'kind: [unclosed\n',
    'out/keep.txt': '',
  });
}

/** Warnings as well as errors: the rules turned to warnings make --quiet and --max-warnings change the output. */
const base = ['apps', '--root', '.', '--rule', 'image-tag:warn', '--rule', 'resource-limits:warn', '--rule', 'run-as-non-root:warn'];
const FORMATS = ['stylish', 'json', 'sarif', 'github', 'junit', 'checkstyle', 'compact', 'unix', 'visualstudio'];

describe('--cache keeps each report', () => {
  it.each(FORMATS)('%s: byte-identical output uncached, cold and warm, with colour, --quiet, --max-warnings and --output-file', async (format) => {
    const dir = repository();
    const variants = [
      [],
      ['--color'],
      ['--quiet'],
      ['--max-warnings', '0'],
      ['--max-warnings', '1000'],
      ['-o', 'out/report.txt'],
      ['-o', 'out/r.txt', '--color', '--quiet'],
    ];
    for (const extra of variants) {
      const args = [...base, '-f', format, ...extra];
      const uncached = await cliWithFile(args, dir);
      expect(uncached.stdout + (uncached.file ?? '')).toMatch(/\S/);
      const cold = await cliWithFile([...args, '--cache'], dir);
      const warm = await cliWithFile([...args, '--cache'], dir);
      expect(cold, `${format} ${extra.join(' ')} cold`).toEqual(uncached);
      expect(warm, `${format} ${extra.join(' ')} warm`).toEqual(uncached);
    }
    // Every variant's report was kept, for the one entry (the same inputs): four at most.
    const { entries } = reportsOf(path.join(dir, DEFAULT_CACHE_FILE));
    expect(entries).toHaveLength(1);
    expect(entries[0].reports).toHaveLength(4);
  });

  it('serves the warm run its report without formatting the results: a report planted in the cache is written', async () => {
    const dir = repository();
    const cacheFile = path.join(dir, DEFAULT_CACHE_FILE);
    const args = [...base, '-f', 'json', '--cache'];
    await cli(args, dir);
    plantReport(cacheFile, MARK);
    // Standard output gets a last line break, as a formatter's text without one; the output file gets the text as it is.
    expect(await cli(args, dir)).toMatchObject({ stdout: `${MARK}\n`, code: 1 });
    // (A .txt file: a .json file in the repository would be read for repository-wide checks, and change the key.)
    expect(await cliWithFile([...args, '-o', 'out/r.txt'], dir)).toMatchObject({ stdout: '', file: MARK, code: 1 });
    // The exit code and the closing messages come from the counts kept with the report.
    plantReport(cacheFile, MARK, { errors: 0, warnings: 3 });
    expect(await cli(args, dir)).toEqual({ stdout: `${MARK}\n`, stderr: '', code: 0 });
    expect(await cli([...args, '--max-warnings', '2'], dir)).toEqual({
      stdout: `${MARK}\n`,
      stderr: 'kubeward found too many warnings (maximum: 2).\n',
      code: 1,
    });
  });

  it('serves a report only for the options that made it', async () => {
    const dir = repository();
    const cacheFile = path.join(dir, DEFAULT_CACHE_FILE);
    await cli([...base, '-f', 'stylish', '--cache'], dir);
    plantReport(cacheFile, MARK);
    for (const extra of [
      ['-f', 'compact'],
      ['-f', 'stylish', '--color'],
      ['-f', 'stylish', '--quiet'],
      ['-f', 'stylish', '--root', 'apps'],
    ]) {
      const args = [...base, ...extra];
      const uncached = await cli(args, dir);
      expect(await cli([...args, '--cache'], dir), extra.join(' ')).toEqual(uncached);
    }
    // The same options in another cwd: paths are shown relative to it.
    const sub = path.join(dir, 'apps');
    const args = ['.', '--root', '..', '--rule', 'image-tag:warn', '-f', 'stylish'];
    const uncached = await cli(args, sub);
    expect(await cli([...args, '--cache', '--cache-location', path.join(dir, 'sub.cache')], sub)).toEqual(uncached);
    expect(await cli([...args, '--cache', '--cache-location', path.join(dir, 'sub.cache')], sub)).toEqual(uncached);
  });

  it('keys the github format by GITHUB_WORKSPACE, which its paths are relative to', async () => {
    const dir = repository();
    const args = [...base, '-f', 'github', '--cache'];
    const saved = process.env.GITHUB_WORKSPACE;
    try {
      delete process.env.GITHUB_WORKSPACE;
      const plain = await cli(args, dir);
      process.env.GITHUB_WORKSPACE = path.join(dir, 'apps');
      const inWorkspace = await cli(args, dir);
      expect(inWorkspace.stdout).not.toBe(plain.stdout);
      expect(await cli(args, dir)).toEqual(inWorkspace);
      expect(await cli(args.slice(0, -1), dir)).toEqual(inWorkspace);
    } finally {
      if (saved === undefined) delete process.env.GITHUB_WORKSPACE;
      else process.env.GITHUB_WORKSPACE = saved;
    }
  });

  it('does not serve a report whose seal does not verify, and keeps the report made instead', async () => {
    const dir = repository();
    const cacheFile = path.join(dir, DEFAULT_CACHE_FILE);
    const args = [...base, '-f', 'compact', '--cache'];
    const uncached = await cli(args.slice(0, -1), dir);
    await cli(args, dir);
    plantReport(cacheFile, MARK, undefined, false);
    expect(await cli(args, dir)).toEqual(uncached);
    expect(reportsOf(cacheFile).entries[0].reports.map((r) => r.text)).toEqual([uncached.stdout.replace(/\n$/, '')]);
  });

  it('is not used with --baseline (the baseline file can change between runs)', async () => {
    const dir = repository();
    const cacheFile = path.join(dir, DEFAULT_CACHE_FILE);
    await cli([...base, '-f', 'json', '--cache'], dir);
    plantReport(cacheFile, MARK);
    const args = [...base, '-f', 'json', '--baseline', 'out/baseline.json'];
    await cli([...args, '--update-baseline'], dir);
    const uncached = await cli(args, dir);
    expect(await cli([...args, '--cache'], dir)).toEqual(uncached);
    expect(await cli([...args, '--cache'], dir)).toEqual(uncached);
    fs.writeFileSync(
      path.join(dir, 'out/baseline.json'),
      fs.readFileSync(path.join(dir, 'out/baseline.json'), 'utf8').replace(/"count": *\d+/g, '"count": 0'),
    );
    const changed = await cli(args, dir);
    expect(changed.stdout).not.toBe(uncached.stdout);
    expect(await cli([...args, '--cache'], dir)).toEqual(changed);
  });

  it('formats the results again when a linted file changes', async () => {
    const dir = repository();
    const args = [...base, '-f', 'unix', '--cache'];
    await cli(args, dir);
    fs.writeFileSync(path.join(dir, 'apps/clean.yaml'), deployment('late'));
    const uncached = await cli(args.slice(0, -1), dir);
    expect(uncached.stdout).toContain('clean.yaml');
    expect(await cli(args, dir)).toEqual(uncached);
    expect(await cli(args, dir)).toEqual(uncached);
  });
});

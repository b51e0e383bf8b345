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
import { readCache, writeCache } from './cache-file.js';
import { tempTree } from './core/helpers.js';

const MARK = 'REPORT-PLANTED-IN-THE-CACHE';

/**
 * The command in this process. Standard output takes bytes as the bin's does (each piece kept as it was given, so a
 * piece reused by the writer would show), unless `bytes` is false (then bytes are decoded before they are written).
 */
async function cli(args: string[], cwd: string, { bytes = true } = {}) {
  const out: Array<string | Uint8Array> = [];
  let stderr = '';
  const code = await run(args, {
    stdout: (s) => out.push(s),
    ...(bytes ? { stdoutBytes: (b: Uint8Array) => out.push(b) } : {}),
    stderr: (s) => (stderr += s),
    stdin: async () => '',
    isTTY: false,
    env: {},
    cwd,
  });
  const stdout = Buffer.concat(out.map((p) => (typeof p === 'string' ? Buffer.from(p) : p))).toString('utf8');
  return { code, stdout, stderr };
}

/** A run and the output file it wrote (when it names one with -o). */
async function cliWithFile(args: string[], cwd: string, options: { bytes?: boolean } = {}) {
  const o = args.indexOf('-o');
  const file = o >= 0 ? path.join(cwd, args[o + 1]) : undefined;
  if (file) fs.rmSync(file, { force: true });
  const result = await cli(args, cwd, options);
  return { ...result, file: file && fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined };
}

/** The reports kept in the cache file (one entry's, or each entry's). */
const reportsOf = (cacheFile: string) => readCache(cacheFile);

/**
 * Replace the text of every report kept with `text` (and its counts with `counts` when given), sealed again with this
 * user's key unless `forged` (a report edited, or made elsewhere).
 */
function plantReport(cacheFile: string, text: string, counts?: object, forged = false) {
  const cache = readCache(cacheFile);
  let planted = 0;
  for (const entry of cache.entries) {
    for (const report of entry.reports) {
      report.text = text;
      if (counts) report.counts = { ...report.counts, ...counts };
      planted++;
    }
  }
  expect(planted).toBeGreaterThan(0);
  writeCache(cacheFile, cache, forged ? ['text'] : []);
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

  it.each([['text'], ['counts']] as const)('does not serve a report whose %s does not verify, and keeps the report made instead', async (part) => {
    const dir = repository();
    const cacheFile = path.join(dir, DEFAULT_CACHE_FILE);
    const args = [...base, '-f', 'compact', '--cache'];
    const uncached = await cli(args.slice(0, -1), dir);
    await cli(args, dir);
    const cache = readCache(cacheFile);
    cache.entries[0].reports[0].text = MARK;
    cache.entries[0].reports[0].counts.errors = 0;
    writeCache(cacheFile, cache, [part]);
    expect(await cli(args, dir)).toEqual(uncached);
    expect(reportsOf(cacheFile).entries[0].reports.map((r) => r.text)).toEqual([uncached.stdout.replace(/\n$/, '')]);
  });

  it('does not serve a report whose text is cut short', async () => {
    const dir = repository();
    const cacheFile = path.join(dir, DEFAULT_CACHE_FILE);
    const args = [...base, '-f', 'checkstyle', '--cache'];
    const uncached = await cli(args.slice(0, -1), dir);
    await cli(args, dir);
    // The report's text is the file's last part.
    fs.truncateSync(cacheFile, fs.statSync(cacheFile).size - 5);
    expect(await cli(args, dir)).toEqual(uncached);
    expect(await cli(args, dir)).toEqual(uncached);
  });

  it('writes a report larger than the pieces it is read in (128 KB) whole, to standard output and to a file', async () => {
    const files: Record<string, string> = { 'out/keep.txt': '' };
    // Characters of two, three and four bytes: some straddle two pieces.
    for (let i = 0; i < 80; i++) files[`apps/app-${i}.yaml`] = deployment(`app-${i}-ü€𝄞-${'é'.repeat(i)}`);
    const dir = tempTree(files);
    for (const [extra, bytes] of [
      [[], true],
      [[], false],
      [['-o', 'out/r.txt'], true],
    ] as const) {
      const args = ['apps', '--root', '.', '-f', 'json', ...extra];
      const uncached = await cliWithFile(args, dir, { bytes });
      expect((uncached.file ?? uncached.stdout).length).toBeGreaterThan(3 * 128 * 1024);
      expect(uncached.file ?? uncached.stdout).toContain('app-79-ü€𝄞-é');
      expect(await cliWithFile([...args, '--cache'], dir, { bytes })).toEqual(uncached);
      expect(await cliWithFile([...args, '--cache'], dir, { bytes })).toEqual(uncached);
    }
    expect(reportsOf(path.join(dir, DEFAULT_CACHE_FILE)).entries[0].reports).toHaveLength(1);
  });

  it('writes an empty report as an uncached run does: nothing on standard output, an empty output file', async () => {
    const dir = tempTree({
      'ok/ok.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: shop\ndata: {a: "1"}\n',
      'out/keep.txt': '',
    });
    for (const extra of [[], ['-o', 'out/r.txt']]) {
      const args = ['ok', '--root', '.', '-f', 'stylish', ...extra];
      const uncached = await cliWithFile(args, dir);
      expect(uncached.stdout).toBe('');
      expect(uncached.file ?? '').toBe('');
      expect(await cliWithFile([...args, '--cache'], dir)).toEqual(uncached);
      expect(await cliWithFile([...args, '--cache'], dir)).toEqual(uncached);
    }
    expect(reportsOf(path.join(dir, DEFAULT_CACHE_FILE)).entries[0].reports.map((r) => r.text)).toEqual(['']);
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

describe('--cache reads a file it wrote itself without checking its seals, and checks any other', () => {
  const recordsDir = () => path.join(process.env.XDG_CACHE_HOME!, 'kubeward', 'sealed');

  /** The record kubeward keeps of the cache file it wrote (src/shared/user-cache.ts), as [path, seal, ...stamp]. */
  function recordOf(cacheFile: string): { file: string; record: [string, string, ...number[]] } | undefined {
    if (!fs.existsSync(recordsDir())) return undefined;
    for (const name of fs.readdirSync(recordsDir())) {
      const file = path.join(recordsDir(), name);
      const record = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (record[0] === cacheFile) return { file, record };
    }
    return undefined;
  }

  /** Point the record at the cache file as it is now (as if kubeward had written it so). */
  function rerecord(cacheFile: string) {
    const { file, record } = recordOf(cacheFile)!;
    const { size, mtimeMs, ctimeMs, ino, dev } = fs.statSync(cacheFile);
    fs.writeFileSync(file, JSON.stringify([record[0], record[1], size, mtimeMs, ctimeMs, ino, dev]));
  }

  /** Change one byte of the first report's text in place (its seal no longer verifies); the size stays. */
  function forgeInPlace(cacheFile: string) {
    const bytes = fs.readFileSync(cacheFile);
    const first = bytes.indexOf(0x0a) + 1;
    const headLength = first + Number(/ (\d+)\n/.exec(bytes.subarray(0, first).toString())![1]);
    const header = JSON.parse(bytes.subarray(first + 65, headLength).toString());
    const text = header.entries[0].reports[0].text;
    const at = headLength + text.at + text.length - 2;
    const fd = fs.openSync(cacheFile, 'r+');
    fs.writeSync(fd, Buffer.from([bytes[at] === 0x41 ? 0x42 : 0x41]), 0, 1, at);
    fs.closeSync(fd);
  }

  it('serves a file it recorded unchecked; a file changed since (in place with its mtime kept, replaced, group-writable) is checked', async () => {
    const dir = repository();
    const cacheFile = path.join(dir, DEFAULT_CACHE_FILE);
    const args = [...base, '-f', 'json'];
    const uncached = await cli(args, dir);
    expect(await cli([...args, '--cache'], dir)).toEqual(uncached);
    expect(recordOf(cacheFile)).toBeDefined();
    expect(await cli([...args, '--cache'], dir)).toEqual(uncached);
    // Found without its record (a cache restored from elsewhere): its seals are checked, and it is written again, and
    // recorded, so that the next run reads it unchecked.
    fs.rmSync(recordOf(cacheFile)!.file);
    const before = fs.statSync(cacheFile).ino;
    expect(await cli([...args, '--cache'], dir)).toEqual(uncached);
    expect(recordOf(cacheFile)!.record[5]).toBe(fs.statSync(cacheFile).ino);
    expect(fs.statSync(cacheFile).ino).not.toBe(before);
    expect(await cli([...args, '--cache'], dir)).toEqual(uncached);

    // In place, the same size, the modification time put back: the change time differs, so the seals are checked
    // and the edited report is not served (the results are formatted again, and the file rewritten and recorded).
    const { atime, mtime } = fs.statSync(cacheFile);
    forgeInPlace(cacheFile);
    fs.utimesSync(cacheFile, atime, mtime);
    expect(await cli([...args, '--cache'], dir)).toEqual(uncached);
    expect(await cli([...args, '--cache'], dir)).toEqual(uncached);

    // The record is what the trust rests on: the same edit, recorded as kubeward's own, is served as it is.
    forgeInPlace(cacheFile);
    rerecord(cacheFile);
    const trusted = await cli([...args, '--cache'], dir);
    expect(trusted.stdout).not.toBe(uncached.stdout);
    expect(trusted.stdout.length).toBe(uncached.stdout.length);

    // Replaced by a copy (another inode), with the mtime it had: checked, not served.
    const copy = `${cacheFile}.copy`;
    fs.copyFileSync(cacheFile, copy);
    fs.utimesSync(copy, fs.statSync(cacheFile).atime, fs.statSync(cacheFile).mtime);
    fs.renameSync(copy, cacheFile);
    expect(await cli([...args, '--cache'], dir)).toEqual(uncached);

    // A file others can write is never trusted, recorded or not; written again, it is not recorded.
    forgeInPlace(cacheFile);
    fs.chmodSync(cacheFile, 0o664);
    rerecord(cacheFile);
    expect(await cli([...args, '--cache'], dir)).toEqual(uncached);
    expect(fs.statSync(cacheFile).mode & 0o777).toBe(0o664);
    expect(recordOf(cacheFile)).toBeUndefined();
    expect(await cli([...args, '--cache'], dir)).toEqual(uncached);
  });
});

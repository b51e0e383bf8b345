/**
 * What the bin does before and around the command, for a fast start (docs/performance.md, "Cold start"): standard
 * output and error written to their descriptors without making Node's streams (src/cli/stdio.ts), and the command
 * script run with kubeward's own code cache (src/cli/command-script.ts).
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import module from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { COMMAND_WRAPPER, loadCommandScript, outgrown, runKind } from '../src/cli/command-script.js';
import { writeCodeCache } from '../src/cli/code-cache-write.js';
import { pathDigest, userCacheDir } from '../src/shared/cache-dir.js';
import { descriptorWriter, isTerminal } from '../src/cli/stdio.js';
// @ts-expect-error: a build script in plain JavaScript, without types
import { asciiComments, buildDigest } from '../scripts/bundle-action.mjs';

const repo = path.resolve(__dirname, '..');
// The bin as published (package.json's bin is its twin in action-dist/); kubeward.js is the same entry as an ES module.
const bin = path.join(repo, 'dist/cli/kubeward.cjs');
const esmBin = path.join(repo, 'dist/cli/kubeward.js');
const made: string[] = [];
const tmp = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubeward-start-'));
  made.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A stand-in for a stream: what was written to it, in order. */
function collector() {
  const chunks: Buffer[] = [];
  const listeners: string[] = [];
  const stream = {
    write(data: string | Uint8Array) {
      chunks.push(Buffer.from(data));
      return true;
    },
    on(event: string) {
      listeners.push(event);
      return stream;
    },
  } as unknown as NodeJS.WritableStream;
  return { stream, chunks, listeners };
}

describe('descriptorWriter', () => {
  it('writes to the descriptor and never makes the stream while the descriptor takes everything', () => {
    const file = path.join(tmp(), 'out');
    const fd = fs.openSync(file, 'w');
    let made = 0;
    const write = descriptorWriter(
      fd,
      () => (made++, collector().stream),
      () => {},
      'linux',
    );
    write('héllo ');
    write('world\n');
    fs.closeSync(fd);
    expect(fs.readFileSync(file, 'utf8')).toBe('héllo world\n');
    expect(made).toBe(0);
  });

  it.runIf(process.platform === 'linux')('hands what a full non-blocking pipe refuses (EAGAIN), and every later write, to the stream, in order', () => {
    const fifo = path.join(tmp(), 'fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    // Read-write and non-blocking: the pipe's buffer (64 KiB on Linux) fills and then writes fail with EAGAIN.
    const fd = fs.openSync(fifo, fs.constants.O_RDWR | fs.constants.O_NONBLOCK);
    const sink = collector();
    const write = descriptorWriter(
      fd,
      () => sink.stream,
      () => {},
      'linux',
    );
    const text = Array.from({ length: 5000 }, (_, i) => `line ${i} ${'x'.repeat(40)}\n`).join('');
    write(text);
    write('after\n');
    expect(sink.listeners).toEqual(['error']);
    const piped: Buffer[] = [];
    const chunk = Buffer.alloc(65536);
    for (;;) {
      let n: number;
      try {
        n = fs.readSync(fd, chunk);
      } catch {
        break;
      }
      if (n === 0) break;
      piped.push(Buffer.from(chunk.subarray(0, n)));
    }
    fs.closeSync(fd);
    expect(Buffer.concat(piped).length).toBeGreaterThan(0);
    expect(Buffer.concat(piped).length).toBeLessThan(Buffer.byteLength(text));
    expect(Buffer.concat([...piped, ...sink.chunks]).toString('utf8')).toBe(`${text}after\n`);
  });

  it('throws other failures to its caller (streamWriter turns them into one line)', () => {
    const fd = fs.openSync(path.join(tmp(), 'ro'), 'w');
    fs.closeSync(fd);
    const write = descriptorWriter(
      fd,
      () => collector().stream,
      () => {},
      'linux',
    );
    expect(() => write('x')).toThrow(/EBADF/);
  });

  it('uses the stream from the start on Windows', () => {
    const sink = collector();
    const write = descriptorWriter(
      1,
      () => sink.stream,
      () => {},
      'win32',
    );
    write('a');
    expect(Buffer.concat(sink.chunks).toString()).toBe('a');
  });
});

describe('isTerminal', () => {
  it('answers false for a file or a pipe without asking the stream, and asks it for a character device', () => {
    const fd = fs.openSync(path.join(tmp(), 'f'), 'w');
    let asked = 0;
    expect(isTerminal(fd, () => (asked++, true), 'linux')).toBe(false);
    fs.closeSync(fd);
    expect(asked).toBe(0);
    const devNull = fs.openSync('/dev/null', 'w');
    expect(isTerminal(devNull, () => (asked++, false), 'linux')).toBe(false);
    expect(asked).toBe(0);
    // Another character device asks (here /dev/null itself, told that the null device is elsewhere).
    expect(isTerminal(devNull, () => (asked++, true), 'linux', path.join(tmp(), 'none'))).toBe(true);
    fs.closeSync(devNull);
    expect(asked).toBe(1);
  });

  it.runIf(process.platform === 'linux')("a run whose output goes to /dev/null makes no stream (nor loads Node's streams for it)", () => {
    const tree = tmp();
    fs.writeFileSync(path.join(tree, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: b}\ndata: {a: b}\n');
    const probe = path.join(tmp(), 'probe.cjs');
    const out = path.join(path.dirname(probe), 'loaded.json');
    fs.writeFileSync(probe, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify(process.moduleLoadList)));\n`);
    const devNull = fs.openSync('/dev/null', 'w');
    const run = spawnSync(process.execPath, ['-r', probe, bin, 'cm.yaml', '--no-render'], {
      cwd: tree,
      env: { ...process.env, XDG_CACHE_HOME: tmp() },
      stdio: ['ignore', devNull, 'pipe'],
      encoding: 'utf8',
    });
    fs.closeSync(devNull);
    expect({ stderr: run.stderr, status: run.status }).toEqual({ stderr: '', status: 0 });
    // Making process.stdout on /dev/null makes a synchronous file stream: Node's streams are loaded.
    expect(
      (JSON.parse(fs.readFileSync(out, 'utf8')) as string[]).filter((m) => /^NativeModule (tty|net|stream|internal\/fs\/sync_write_stream)$/.test(m)),
    ).toEqual([]);
  });
});

describe('the command script and its code cache', () => {
  it("a run's kind is the names of its options, sorted, without values or files", () => {
    expect(runKind(['a.yaml', '--no-render', '-f', 'json', '--format=sarif', '--', '--not-an-option'])).toBe('--format --no-render -f');
    expect(runKind(['a.yaml', '-'])).toBe('');
  });

  /**
   * A folder with an entry beside a command script that records its calls and writes its code cache with kubeward's
   * code (src/cli/code-cache-write.ts, which the real script exports); without `writer`, a script that exports none.
   */
  function scriptDir(writer = true) {
    const dir = tmp();
    (globalThis as { kubewardStartWrite?: typeof writeCodeCache }).kubewardStartWrite = writeCodeCache;
    fs.writeFileSync(
      path.join(dir, 'kubeward-cli.cjs'),
      `"use strict";\nmodule.exports = { runFromProcess: async () => { globalThis.kubewardStartTest = (globalThis.kubewardStartTest ?? 0) + 1; return __kubewardHostImport("x"); }${
        writer ? ', writeCodeCache: (...args) => globalThis.kubewardStartWrite(...args)' : ''
      } };\n`,
    );
    return pathToFileURL(path.join(dir, 'kubeward.js')).href;
  }

  it("the bundlers write the script inside CommonJS's wrapper, which the entry compiles as it is, and keep no function names", () => {
    for (const dir of ['dist/cli', 'action-dist']) {
      const file = path.join(repo, dir, 'kubeward-cli.cjs');
      if (dir === 'action-dist' && !fs.existsSync(file)) continue;
      const text = fs.readFileSync(file, 'latin1');
      expect(text.startsWith(`${COMMAND_WRAPPER}"use strict";\n`), file).toBe(true);
      expect(text.endsWith('\n})'), file).toBe(true);
      // esbuild's keepNames: `defineProperty(fn, "name", { value })` for every function made (about 1,200 at start).
      expect(text, file).not.toMatch(/,\s*"name",\s*\{\s*value:/);
      // ASCII, so the entry reads it as latin1 (the development build keeps comments, where esbuild escapes nothing).
      expect(text, file).not.toMatch(/[^\t\n\r\x20-\x7e]/);
      // cli.ts's check whether it is node's own script (realpaths of process.argv[1] and of itself) is left out (of
      // action-dist/ as well once it is built again from these sources).
      if (dir === 'dist/cli') expect(text, file).not.toContain('process.argv[1]');
    }
  });

  it('makes only the comments of an ASCII build ASCII, and fails on a character outside ASCII in code', () => {
    expect(asciiComments('/** `a` \u2192 b */\nf(); // c \u2192 d\n  * e \u2192 f\ng("\\u2192");')).toBe(
      '/** `a` ? b */\nf(); // c ? d\n  * e ? f\ng("\\u2192");',
    );
    expect(() => asciiComments('const arrow = "\u2192";')).toThrow(/outside ASCII/);
    // esbuild leaves these in regular expressions and tagged templates' raw text: a `//` or `/*` before them on the line
    // is not a comment.
    expect(() => asciiComments('const g = "**/*.yaml", a = /[\u2192]/;')).toThrow(/outside ASCII/);
    expect(() => asciiComments('const u = String.raw`https://x \u2192 y`;')).toThrow(/outside ASCII/);
  });

  it('runs a script written inside the wrapper as it is, and wraps one without it', async () => {
    const dir = tmp();
    const body = (n: number) => `"use strict";\nmodule.exports = { runFromProcess: async () => [${n}, typeof __kubewardHostImport, typeof exports] };\n`;
    fs.writeFileSync(path.join(dir, 'kubeward-cli.cjs'), `${COMMAND_WRAPPER}${body(1)}\n})`);
    const entry = pathToFileURL(path.join(dir, 'kubeward.js')).href;
    await expect(loadCommandScript(entry, undefined, undefined, async () => undefined, [])!.command.runFromProcess()).resolves.toEqual([
      1,
      'function',
      'object',
    ]);
    fs.writeFileSync(path.join(dir, 'kubeward-cli.cjs'), body(2));
    await expect(loadCommandScript(entry, undefined, undefined, async () => undefined, [])!.command.runFromProcess()).resolves.toEqual([
      2,
      'function',
      'object',
    ]);
    // The entry named by its path (the bin's import.meta.filename), not its URL: the same script.
    await expect(
      loadCommandScript(path.join(dir, 'kubeward.js'), undefined, undefined, async () => undefined, [])!.command.runFromProcess(),
    ).resolves.toEqual([2, 'function', 'object']);
  });

  it("hands the script the build's digest (undefined without one)", async () => {
    const dir = tmp();
    fs.writeFileSync(
      path.join(dir, 'kubeward-cli.cjs'),
      `${COMMAND_WRAPPER}"use strict";\nmodule.exports = { runFromProcess: async () => [typeof __kubewardBuild, __kubewardBuild] };\n})`,
    );
    const entry = path.join(dir, 'kubeward.js');
    const run = (build?: string) =>
      loadCommandScript(entry, undefined, undefined, async () => undefined, [], false, undefined, undefined, build)!.command.runFromProcess();
    await expect(run('0123abcd')).resolves.toEqual(['string', '0123abcd']);
    await expect(run()).resolves.toEqual(['undefined', undefined]);
  });

  it("tells each bundle's entries the digest of its other files, which keys a bundled run's caches", () => {
    for (const dir of ['dist/cli', 'action-dist']) {
      const folder = path.join(repo, dir);
      if (dir === 'action-dist' && !fs.existsSync(folder)) continue;
      const files = Object.fromEntries(fs.readdirSync(folder).map((name) => [name, fs.readFileSync(path.join(folder, name), 'utf8')]));
      const digest = buildDigest(files);
      expect(digest, dir).toMatch(/^[0-9a-f]{32}$/);
      for (const entry of ['kubeward.cjs', 'kubeward.js']) if (entry in files) expect(files[entry], `${dir}/${entry}`).toContain(JSON.stringify(digest));
      // Any other file changed makes another digest; the entries do not count.
      expect(buildDigest({ ...files, 'lint-worker.js': `${files['lint-worker.js']} ` })).not.toBe(digest);
      expect(buildDigest({ ...files, 'kubeward.cjs': '' })).toBe(digest);
    }
    // A pre-commit run of the bundle keys its index cache by it: no listing or stat of the bundle's files.
    const tree = fs.realpathSync(tmp());
    spawnSync('git', ['init', '-q'], { cwd: tree });
    fs.copyFileSync(path.join(repo, 'examples/insecure/shop.yaml'), path.join(tree, 'shop.yaml'));
    fs.writeFileSync(path.join(tree, 'other.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n');
    const xdg = tmp();
    const r = spawnSync(process.execPath, [bin, 'shop.yaml', '--no-warn-ignored', '--no-render'], {
      cwd: tree,
      env: { ...process.env, XDG_CACHE_HOME: xdg },
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    const [index] = fs.readdirSync(path.join(xdg, 'kubeward/index')).filter((f) => f.endsWith('.index'));
    const header = JSON.parse(fs.readFileSync(path.join(xdg, 'kubeward/index', index), 'utf8').split('\n')[0]) as { settings: string };
    const cli = Object.fromEntries(
      fs.readdirSync(path.join(repo, 'dist/cli')).map((name) => [name, fs.readFileSync(path.join(repo, 'dist/cli', name), 'utf8')]),
    );
    expect((JSON.parse(header.settings) as { build: string }).build).toBe(`bundle ${buildDigest(cli)}`);
  });

  it('is absent beside an entry without a script (tsc output): undefined', () => {
    expect(loadCommandScript(pathToFileURL(path.join(tmp(), 'kubeward.js')).href, tmp(), 'd', async () => ({}))).toBeUndefined();
  });

  it('runs the script, passes its imports to the entry, and writes one cache per kind of run, each once', async () => {
    const entry = scriptDir();
    const cache = tmp();
    const imported: string[] = [];
    const load = (argv: string[]) => loadCommandScript(entry, cache, 'digest', async (s) => (imported.push(s), 'module'), argv)!;
    // An ASCII script may be read as latin1 (the minified bundle's is): the same script.
    const latin1 = loadCommandScript(entry, undefined, undefined, async () => 'module', [], true)!;
    await expect(latin1.command.runFromProcess()).resolves.toBe('module');
    // No cache folder: nothing will be written, so nothing is fresh (the bin warms up only before a write).
    expect(latin1.fresh).toBe(false);
    const first = load(['a.yaml']);
    expect(first.fresh).toBe(true);
    await expect(first.command.runFromProcess()).resolves.toBe('module');
    expect(imported).toEqual(['x']);
    first.save();
    const dir = path.join(cache, 'command');
    const prefix = `digest-${process.version}-${process.arch}-`;
    const [name] = fs.readdirSync(dir);
    expect(name).toBe(`${prefix}${pathDigest('').slice(0, 16)}.v8`);
    const file = path.join(dir, name);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const header = (f: string) => fs.readFileSync(f, 'latin1').split('\n').slice(0, 2);
    expect(header(file)[0]).toBe('kubeward-code-cache-3');
    expect(JSON.parse(header(file)[1])).toEqual({ kind: '', size: 0, warm: false });
    const before = fs.statSync(file).mtimeMs;
    // The same kind: read, nothing written.
    const again = load(['b.yaml']);
    expect(again.fresh).toBe(false);
    again.save();
    expect(fs.statSync(file).mtimeMs).toBe(before);
    // Another kind: a cache of its own, beside the first, which it leaves as it was.
    load(['--format', 'json', 'b.yaml']).save();
    const other = path.join(dir, `${prefix}${pathDigest('--format').slice(0, 16)}.v8`);
    expect(fs.readdirSync(dir).sort()).toEqual([name, path.basename(other)].sort());
    expect(JSON.parse(header(other)[1])).toMatchObject({ kind: '--format' });
    expect(fs.statSync(file).mtimeMs).toBe(before);
    const otherBefore = fs.statSync(other).mtimeMs;
    load(['--format=sarif', 'c.yaml']).save();
    expect(fs.statSync(other).mtimeMs).toBe(otherBefore);
    // A file of another kind under this kind's name (a digest collision) is not read: this run's cache replaces it.
    fs.copyFileSync(other, file);
    const collided = load(['d.yaml']);
    collided.save();
    expect(JSON.parse(header(file)[1])).toMatchObject({ kind: '' });
    // A write removes the caches no run wrote for 30 days (another build's), not recent ones.
    const old = path.join(dir, `other-${process.version}-${process.arch}-0.v8`);
    const recent = path.join(dir, `recent-${process.version}-${process.arch}-0.v8`);
    fs.writeFileSync(old, 'x');
    fs.writeFileSync(recent, 'x');
    const longAgo = new Date(Date.now() - 31 * 24 * 60 * 60 * 1000);
    fs.utimesSync(old, longAgo, longAgo);
    load(['--quiet']).save();
    expect(fs.readdirSync(dir).sort()).toEqual(
      [name, path.basename(other), `${prefix}${pathDigest('--quiet').slice(0, 16)}.v8`, path.basename(recent)].sort(),
    );
  });

  it("warms a first pre-commit run's cache up for the warm runs after it, which keep it; the same report (the bundled bin)", async () => {
    const tree = fs.realpathSync(tmp());
    spawnSync('git', ['init', '-q'], { cwd: tree });
    fs.copyFileSync(path.join(repo, 'examples/insecure/shop.yaml'), path.join(tree, 'shop.yaml'));
    for (let i = 0; i < 20; i++)
      fs.writeFileSync(path.join(tree, `c${i}.yaml`), `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c${i}, namespace: shop}\n`);
    // Files settled before the first run (an index cache trusts no stamp taken within about two seconds of a change).
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const runBin = (xdg: string, extra: string[] = []) => {
      const r = spawnSync(process.execPath, [bin, 'shop.yaml', '--no-warn-ignored', '--no-render', '-f', 'json', ...extra], {
        cwd: tree,
        env: { ...process.env, XDG_CACHE_HOME: xdg },
        encoding: 'utf8',
      });
      const dir = path.join(xdg, 'kubeward', 'command');
      const name = fs.existsSync(dir) ? fs.readdirSync(dir).find((f) => f.endsWith('.v8')) : undefined;
      return {
        status: r.status,
        stdout: r.stdout,
        stderr: r.stderr,
        cache: name
          ? { header: JSON.parse(fs.readFileSync(path.join(dir, name), 'latin1').split('\n')[1]) as unknown, ino: fs.statSync(path.join(dir, name)).ino }
          : undefined,
      };
    };
    const kind = '--no-render --no-warn-ignored -f';
    // The first run reads every file and writes the index cache, then lints once more from it, quietly: its code cache
    // is a warm run's, which every warm run after keeps.
    const xdg = tmp();
    const first = runBin(xdg);
    expect(first.cache?.header).toEqual({ kind, size: 1, warm: true });
    for (let i = 0; i < 3; i++) expect(runBin(xdg).cache).toEqual(first.cache);
    // Its report is that of a first run without the warm-up (its kind's code cache there already), and of a warm run.
    const other = tmp();
    fs.cpSync(path.join(xdg, 'kubeward', 'command'), path.join(other, 'kubeward', 'command'), { recursive: true });
    const cold = runBin(other);
    expect(fs.existsSync(path.join(other, 'kubeward', 'index'))).toBe(true);
    expect([first.status, first.stdout, first.stderr]).toEqual([1, cold.stdout, '']);
    expect([cold.status, cold.stderr]).toEqual([1, '']);
    expect(runBin(xdg).stdout).toBe(first.stdout);
    // A run without the index cache is not warmed up: its cache is a cold run's (21 files read), kept by the next.
    const off = tmp();
    const plain = runBin(off, ['--no-index-cache']);
    expect(plain.cache?.header).toEqual({ kind: '--no-index-cache --no-render --no-warn-ignored -f', size: 21, warm: false });
    expect(runBin(off, ['--no-index-cache']).cache).toEqual(plain.cache);
    expect(plain.stdout).toBe(first.stdout);
    // Nor is a first run of more than 16 files (pre-commit's --all-files: a warm-up would lint them all again).
    const many = tmp();
    const names = Array.from({ length: 17 }, (_, i) => `c${i}.yaml`);
    const r = spawnSync(process.execPath, [bin, ...names, '--no-warn-ignored', '--no-render'], { cwd: tree, env: { ...process.env, XDG_CACHE_HOME: many } });
    expect(r.status).toBe(0);
    const [manyCache] = fs.readdirSync(path.join(many, 'kubeward', 'command'));
    expect(JSON.parse(fs.readFileSync(path.join(many, 'kubeward', 'command', manyCache), 'latin1').split('\n')[1])).toEqual({
      kind: '--no-render --no-warn-ignored',
      size: 21,
      warm: false,
    });
    expect(fs.readdirSync(path.join(many, 'kubeward', 'index')).length).toBeGreaterThan(0);
  });

  it('writes no cache with a script that does not export the writing code (the entry has none of its own)', async () => {
    const cache = tmp();
    const run = loadCommandScript(scriptDir(false), cache, 'digest', async () => undefined, [])!;
    await run.command.runFromProcess();
    run.save();
    expect(fs.existsSync(path.join(cache, 'command'))).toBe(false);
    // The same script with it writes one.
    const withWriter = loadCommandScript(scriptDir(), cache, 'digest', async () => undefined, [])!;
    await withWriter.command.runFromProcess();
    withWriter.save();
    expect(fs.readdirSync(path.join(cache, 'command'))).toHaveLength(1);
  });

  it("writes V8's data at a multiple of 8 bytes into the file, whatever the header's length", () => {
    const dir = tmp();
    const data = Buffer.from(Array.from({ length: 4099 }, (_, i) => i % 251));
    for (let n = 0; n < 16; n++) {
      for (const size of [7, 88, 999, 12345]) {
        const file = path.join(dir, `k${n}-${size}.v8`);
        writeCodeCache(file, { kind: '--é'.repeat(n), size, warm: n % 2 === 0 }, data);
        const bytes = fs.readFileSync(file);
        const end = bytes.indexOf(0x0a, 'kubeward-code-cache-3\n'.length);
        expect((end + 1) % 8, `${n} ${size}`).toBe(0);
        expect(JSON.parse(bytes.toString('utf8', 'kubeward-code-cache-3\n'.length, end))).toEqual({ kind: '--é'.repeat(n), size, warm: n % 2 === 0 });
        expect(bytes.subarray(end + 1).equals(data)).toBe(true);
      }
    }
  });

  it('reads its cache whether the script is larger than the cache or smaller (one buffer for both)', async () => {
    for (const comment of [0, 300_000]) {
      const entry = scriptDir();
      const script = path.join(path.dirname(fileURLToPath(entry)), 'kubeward-cli.cjs');
      fs.appendFileSync(script, `// ${'x'.repeat(comment)}\n`);
      const cache = tmp();
      const load = () => loadCommandScript(entry, cache, 'digest', async () => 'module', ['a.yaml'], true)!;
      const first = load();
      await expect(first.command.runFromProcess()).resolves.toBe('module');
      first.save();
      const file = path.join(cache, 'command', `digest-${process.version}-${process.arch}-${pathDigest('').slice(0, 16)}.v8`);
      const written = fs.statSync(file);
      expect(written.size < fs.statSync(script).size, `${comment}`).toBe(comment > 0);
      // Read and taken by V8 (a rejected cache is written again), and the script runs from it.
      const second = load();
      await expect(second.command.runFromProcess()).resolves.toBe('module');
      second.save();
      expect(fs.statSync(file).mtimeMs).toBe(written.mtimeMs);
      expect(fs.statSync(file).ino).toBe(written.ino);
    }
  });

  it('a run far smaller than the run that wrote its kind of cache (in files read), or warm where it was cold, removes it; the next run writes its own', async () => {
    const cold = (size: number) => ({ size, warm: false });
    const warm = (size: number) => ({ size, warm: true });
    expect(
      [
        [cold(1314), warm(1)],
        [warm(69), warm(1)],
        [warm(68), warm(1)],
        [warm(20), warm(1)],
        [warm(1314), warm(400)],
        [cold(0), cold(0)],
        [cold(5), warm(1)],
        [cold(5), cold(1)],
        [warm(1), cold(1314)],
        [cold(1), warm(1)],
      ].map(([written, run]) => outgrown(written, run)),
    ).toEqual([true, true, false, false, false, false, true, false, false, false]);
    const entry = scriptDir();
    const cache = tmp();
    const run = async (shape: { size: number; warm: boolean }) => {
      const loaded = loadCommandScript(
        entry,
        cache,
        'digest',
        async () => undefined,
        ['a.yaml'],
        false,
        () => shape,
      )!;
      await loaded.command.runFromProcess();
      loaded.save();
    };
    const file = path.join(cache, 'command', `digest-${process.version}-${process.arch}-${pathDigest('').slice(0, 16)}.v8`);
    const header = () => JSON.parse(fs.readFileSync(file, 'latin1').split('\n')[1]) as { size: number; warm: boolean };
    // A cold pre-commit run of a repository writes it.
    await run(cold(1314));
    expect(header()).toEqual({ kind: '', ...cold(1314) });
    // Cold runs of about its size, or bigger, keep it as it is.
    const before = fs.statSync(file).mtimeMs;
    await run(cold(400));
    await run(cold(9000));
    expect(fs.statSync(file).mtimeMs).toBe(before);
    // A warm run of one file removes it; the next one writes its own, which runs of a few files, or bigger, keep.
    await run(warm(1));
    expect(fs.existsSync(file)).toBe(false);
    await run(warm(1));
    expect(header()).toEqual({ kind: '', ...warm(1) });
    const written = fs.statSync(file);
    for (const shape of [warm(1), warm(0), warm(20), cold(1), cold(1314), warm(1)]) await run(shape);
    expect(fs.statSync(file).ino).toBe(written.ino);
    // A cold run of a small repository writes it; the first warm run removes it all the same.
    fs.rmSync(file);
    await run(cold(5));
    await run(warm(1));
    expect(fs.existsSync(file)).toBe(false);
  });

  it('keeps at most 16 kinds of caches of one build and Node.js: a 17th kind runs without writing one', async () => {
    const entry = scriptDir();
    const cache = tmp();
    for (let i = 0; i < 17; i++) {
      const run = loadCommandScript(entry, cache, 'digest', async () => undefined, [`--option-${i}`])!;
      await run.command.runFromProcess();
      run.save();
    }
    const names = fs.readdirSync(path.join(cache, 'command'));
    expect(names).toHaveLength(16);
    expect(names).not.toContain(`digest-${process.version}-${process.arch}-${pathDigest('--option-16').slice(0, 16)}.v8`);
    // At the cap, a kind whose own file is broken (truncated) still writes it again: it adds no kind.
    const broken = path.join(cache, 'command', `digest-${process.version}-${process.arch}-${pathDigest('--option-3').slice(0, 16)}.v8`);
    fs.writeFileSync(broken, 'kubeward-code-cache-3\n');
    const again = loadCommandScript(entry, cache, 'digest', async () => undefined, ['--option-3'])!;
    await again.command.runFromProcess();
    again.save();
    expect(fs.statSync(broken).size).toBeGreaterThan(100);
    expect(fs.readdirSync(path.join(cache, 'command'))).toHaveLength(16);
    // Another build's caches do not count.
    const next = loadCommandScript(entry, cache, 'digest2', async () => undefined, ['--option-16'])!;
    await next.command.runFromProcess();
    next.save();
    expect(fs.readdirSync(path.join(cache, 'command'))).toHaveLength(17);
  });

  it('a cache file that is not one (truncated, foreign) is ignored and written again; an unwritable folder writes nothing, silently', async () => {
    const entry = scriptDir();
    const cache = tmp();
    fs.mkdirSync(path.join(cache, 'command'));
    const file = path.join(cache, 'command', `digest-${process.version}-${process.arch}-${pathDigest('').slice(0, 16)}.v8`);
    fs.writeFileSync(file, 'kubeward-code-cache-3\n{"kind":"","size":100,"warm":false}\nnot V8 data');
    const run = loadCommandScript(entry, cache, 'digest', async () => undefined, [])!;
    await run.command.runFromProcess();
    run.save();
    expect(fs.readFileSync(file).length).toBeGreaterThan(100);
    const blocked = path.join(tmp(), 'file');
    fs.writeFileSync(blocked, '');
    const other = loadCommandScript(entry, blocked, 'digest', async () => undefined, [])!;
    expect(() => other.save()).not.toThrow();
  });

  it('reads no cache through a link, and does not wait on a FIFO in its place', async () => {
    const entry = scriptDir();
    const cache = tmp();
    const dir = path.join(cache, 'command');
    const file = path.join(dir, `digest-${process.version}-${process.arch}-${pathDigest('').slice(0, 16)}.v8`);
    // A valid cache of this kind, moved elsewhere with a header whose size would make any run remove it, and linked in.
    const first = loadCommandScript(entry, cache, 'digest', async () => undefined, [])!;
    await first.command.runFromProcess();
    first.save();
    const target = path.join(tmp(), 'cache.v8');
    const [magic, , ...data] = fs.readFileSync(file, 'latin1').split('\n');
    fs.writeFileSync(target, Buffer.from([magic, JSON.stringify({ kind: '', size: 1e12, warm: false }), ...data].join('\n'), 'latin1'));
    fs.rmSync(file);
    fs.symlinkSync(target, file);
    const linked = loadCommandScript(entry, cache, 'digest', async () => undefined, [])!;
    await linked.command.runFromProcess();
    linked.save();
    // Read through the link, the cache would have been used and the link removed (this run is far smaller than the
    // header's). Not read: the link stays (kubeward writes no cache over a link either) and its file is as it was.
    expect(fs.lstatSync(file).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(target, 'latin1')).toContain('"size":1000000000000');
    if (process.platform === 'win32') return;
    fs.rmSync(file);
    expect(spawnSync('mkfifo', [file]).status).toBe(0);
    // Reading a FIFO waits for a writer for ever: in a process of its own, which must end on its own with the run done.
    const child = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { loadCommandScript } = await import(${JSON.stringify(pathToFileURL(path.join(repo, 'dist/src/cli/command-script.js')).href)});
         const run = loadCommandScript(${JSON.stringify(entry)}, ${JSON.stringify(cache)}, 'digest', async () => undefined, []);
         await run.command.runFromProcess();
         console.log('done');`,
      ],
      { encoding: 'utf8', timeout: 20_000 },
    );
    expect({ stdout: child.stdout.trim(), status: child.status, signal: child.signal }).toEqual({ stdout: 'done', status: 0, signal: null });
  });

  it('the bin gives the same report from its code cache, with the cache in the user cache folder only, and a piped stdout', async () => {
    const cache = tmp();
    const tree = tmp();
    fs.writeFileSync(path.join(tree, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: b}\ndata: {a: b}\n');
    const env: NodeJS.ProcessEnv = { ...process.env, XDG_CACHE_HOME: cache };
    const once = () =>
      new Promise<{ stdout: string; stderr: string; code: number | null }>((resolve) => {
        const child = spawn(process.execPath, [bin, '--no-render', '-f', 'json', 'cm.yaml'], { cwd: tree, env, stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.stderr.on('data', (d) => (stderr += d));
        child.on('close', (code) => resolve({ stdout, stderr, code }));
      });
    const first = await once();
    expect(first.stderr).toBe('');
    expect(JSON.parse(first.stdout)).toHaveLength(1);
    expect(fs.readdirSync(path.join(cache, 'kubeward', 'command'))).toHaveLength(1);
    const second = await once();
    expect(second).toEqual(first);
    expect(fs.readdirSync(tree)).toEqual(['cm.yaml']);
    // NODE_DISABLE_COMPILE_CACHE turns it off with Node's: the same report, no cache written.
    const off = tmp();
    const third = spawnSync(process.execPath, [bin, '--no-render', '-f', 'json', 'cm.yaml'], {
      cwd: tree,
      env: { ...process.env, XDG_CACHE_HOME: off, NODE_DISABLE_COMPILE_CACHE: '1' },
      encoding: 'utf8',
    });
    expect({ stdout: third.stdout, stderr: third.stderr, code: third.status }).toEqual(first);
    expect(fs.existsSync(path.join(off, 'kubeward', 'command'))).toBe(false);
  });
});

describe('the user cache folder', () => {
  it('names files by pathDigest: four FNV-1a lanes over the UTF-16 code units, as 32 hex digits (the same names in every version)', () => {
    expect(pathDigest('')).toBe('811c9dc5050c5d1f6b3e2f711f83d9ab');
    expect(pathDigest('--no-render --no-warn-ignored')).toBe('a22e7c380824ee2e263f01cc8d617692');
    expect(pathDigest('/home/u/repo')).toBe('30a86a8adeb87c949b4a490eb5049078');
    expect(pathDigest('\u00e9\u{1F600}')).toBe('44cc4da195750e170080c7fd75b7b7d3');
  });

  it("is $XDG_CACHE_HOME/kubeward, else the platform's, from $HOME on POSIX systems as os.homedir() says it; never relative", () => {
    expect(userCacheDir({ XDG_CACHE_HOME: '/x', HOME: '/h' }, 'linux')).toBe(path.join('/x', 'kubeward'));
    expect(userCacheDir({ XDG_CACHE_HOME: 'relative', HOME: '/h' }, 'linux')).toBe(path.join('/h', '.cache', 'kubeward'));
    expect(userCacheDir({ HOME: '/h' }, 'darwin')).toBe(path.join('/h', 'Library/Caches', 'kubeward'));
    expect(userCacheDir({ HOME: '/h' }, 'linux', '/given')).toBe(path.join('/given', '.cache', 'kubeward'));
    expect(userCacheDir({ HOME: 'relative' }, 'linux')).toBeUndefined();
    expect(userCacheDir({ LOCALAPPDATA: path.resolve('/appdata'), HOME: '/h' }, 'win32', path.resolve('/home'))).toBe(
      path.join(path.resolve('/appdata'), 'kubeward'),
    );
    // Without $HOME: os.homedir() (the password database on POSIX systems).
    expect(userCacheDir({}, 'linux')).toBe(path.isAbsolute(os.homedir()) ? path.join(os.homedir(), '.cache', 'kubeward') : undefined);
  });

  it('is none inside the working directory or the git work tree that holds it (a tree a pull request writes)', () => {
    const repo = fs.realpathSync(tmp());
    fs.mkdirSync(path.join(repo, '.git'));
    const sub = path.join(repo, 'deploy', 'prod');
    fs.mkdirSync(sub, { recursive: true });
    const outside = fs.realpathSync(tmp());
    const at = (xdg: string, cwd: string) => userCacheDir({ XDG_CACHE_HOME: xdg, HOME: outside }, 'linux', undefined, cwd);
    expect(at(path.join(repo, '.cache'), sub)).toBeUndefined();
    expect(at(path.join(sub, '.cache'), sub)).toBeUndefined();
    expect(at(repo, repo)).toBeUndefined();
    expect(at(path.join(repo, '.git', 'cache'), repo)).toBeUndefined();
    // $HOME inside the tree: the same.
    expect(userCacheDir({ HOME: path.join(repo, 'home') }, 'linux', undefined, sub)).toBeUndefined();
    // Beside the tree, or a sibling whose name starts the same: the folder.
    expect(at(path.join(outside, 'c'), sub)).toBe(path.join(outside, 'c', 'kubeward'));
    expect(at(`${repo}-cache`, sub)).toBe(path.join(`${repo}-cache`, 'kubeward'));
    // Without a git work tree, the working directory alone is the tree.
    const plain = fs.realpathSync(tmp());
    expect(at(path.join(plain, 'c'), plain)).toBeUndefined();
    expect(at(path.join(outside, 'c'), plain)).toBe(path.join(outside, 'c', 'kubeward'));
  });

  it('a run whose cache folder is inside the linted tree keeps nothing there (no code cache, no index cache, no key)', () => {
    const tree = fs.realpathSync(tmp());
    spawnSync('git', ['init', '-q'], { cwd: tree });
    fs.copyFileSync(path.join(repo, 'examples/insecure/shop.yaml'), path.join(tree, 'shop.yaml'));
    fs.writeFileSync(path.join(tree, 'other.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: b}\n');
    const xdg = path.join(tree, '.cache');
    fs.mkdirSync(xdg);
    const args = [bin, 'shop.yaml', '--no-warn-ignored', '--no-render', '-f', 'json'];
    const r = spawnSync(process.execPath, args, { cwd: tree, env: { ...process.env, XDG_CACHE_HOME: xdg }, encoding: 'utf8' });
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 1, stderr: '' });
    expect(fs.readdirSync(xdg)).toEqual([]);
    // The same run with the folder outside keeps its caches there.
    const out = tmp();
    const kept = spawnSync(process.execPath, args, { cwd: tree, env: { ...process.env, XDG_CACHE_HOME: out }, encoding: 'utf8' });
    expect(kept.stdout).toBe(r.stdout);
    expect(fs.readdirSync(path.join(out, 'kubeward')).length).toBeGreaterThan(0);
  });
});

/** The bin on a one-file tree (a Pod with findings: exit code 1) with a formatter module of these lines. */
function runFormatter(lines: readonly string[], dir = tmp()) {
  const tree = tmp();
  fs.writeFileSync(path.join(tree, 'pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: b}\nspec: {containers: [{name: c, image: i}]}\n');
  const formatter = path.join(dir, 'formatter.mjs');
  fs.writeFileSync(formatter, lines.join('\n'));
  return spawnSync(process.execPath, [bin, 'pod.yaml', '--no-render', '-f', formatter], {
    cwd: tree,
    env: { ...process.env, XDG_CACHE_HOME: tmp() },
    encoding: 'utf8',
  });
}

describe("a formatter's context", () => {
  it('gives rulesMeta when the formatter reads it, and keeps what the formatter sets', () => {
    const run = runFormatter([
      'export default (results, context) => {',
      "  const docs = context.rulesMeta['no-privileged'].docs.url;",
      '  context.rulesMeta = { mine: 1 };',
      '  return `${docs.endsWith("checks/no-privileged/README.md")} ${JSON.stringify(context.rulesMeta)}\n`;',
      '};',
    ]);
    expect({ stdout: run.stdout, stderr: run.stderr }).toEqual({ stdout: 'true {"mine":1}\n', stderr: '' });
  });
});

describe('the end of a run', () => {
  /** The bin on a one-file tree with a formatter module that leaves a timer behind (and writes to process.stdout if `stream`). */
  function runWithTimer(stream: boolean) {
    const dir = tmp();
    const marker = path.join(dir, 'timer-ran');
    const run = runFormatter(
      [
        "import fs from 'node:fs';",
        'export default (results) => {',
        `  setTimeout(() => fs.writeFileSync(${JSON.stringify(marker)}, 'ran'), 300);`,
        stream ? "  process.stdout.write('through the stream\\n');" : '',
        '  return `${results.length} result\\n`;',
        '};',
      ],
      dir,
    );
    return { run, timerRan: fs.existsSync(marker) };
  }

  it.runIf(process.platform !== 'win32')(
    'exits as soon as the report is written to the descriptors, with its exit code, leaving nothing queued to run',
    () => {
      const { run, timerRan } = runWithTimer(false);
      expect({ stdout: run.stdout, stderr: run.stderr, status: run.status }).toEqual({ stdout: '1 result\n', stderr: '', status: 1 });
      expect(timerRan).toBe(false);
    },
  );

  it.runIf(typeof (module as { enableCompileCache?: unknown }).enableCompileCache === 'function')(
    "still leaves Node's compile cache written, for the modules a run loaded on demand (globby for a glob)",
    () => {
      const tree = tmp();
      fs.writeFileSync(path.join(tree, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: b}\ndata: {a: b}\n');
      const cache = tmp();
      const run = spawnSync(process.execPath, [bin, '*.yaml', '--no-render', '-f', 'json'], {
        cwd: tree,
        env: { ...process.env, XDG_CACHE_HOME: cache },
        encoding: 'utf8',
      });
      expect(JSON.parse(run.stdout)).toHaveLength(1);
      const folders = fs.readdirSync(path.join(cache, 'kubeward')).filter((name) => name !== 'command');
      expect(folders).toHaveLength(1);
      expect(fs.readdirSync(path.join(cache, 'kubeward', folders[0])).length).toBeGreaterThan(0);
    },
  );

  it('waits for the event loop as Node.js does when a stream was made (it may still hold output)', () => {
    const { run, timerRan } = runWithTimer(true);
    expect({ stdout: run.stdout, stderr: run.stderr, status: run.status }).toEqual({ stdout: 'through the stream\n1 result\n', stderr: '', status: 1 });
    expect(timerRan).toBe(true);
  });
});

describe('what a one-file run loads', () => {
  /** The run's Node.js modules matching `pattern`, recorded at exit by a preloaded probe; the report is unchanged. */
  function loadedBy(tree: string, file: string, cache: string, pattern: RegExp, args = ['--no-warn-ignored', '--no-render', '-f', 'json']): string[] {
    const probe = path.join(tmp(), 'probe.cjs');
    const out = path.join(path.dirname(probe), 'loaded.json');
    fs.writeFileSync(
      probe,
      `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify(process.moduleLoadList.filter((m) => ${pattern}.test(m)))));\n`,
    );
    // What Node itself loads for an empty script (Node.js 24 loads its ES module loader at start) is not the run's.
    const empty = path.join(path.dirname(probe), 'empty.cjs');
    fs.writeFileSync(empty, '');
    spawnSync(process.execPath, ['-r', probe, empty], { encoding: 'utf8' });
    const nodeOwn = new Set(JSON.parse(fs.readFileSync(out, 'utf8')) as string[]);
    const run = spawnSync(process.execPath, ['-r', probe, bin, file, ...args], {
      cwd: tree,
      env: { ...process.env, XDG_CACHE_HOME: cache },
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toHaveLength(1);
    return (JSON.parse(fs.readFileSync(out, 'utf8')) as string[]).filter((name) => !nodeOwn.has(name));
  }

  it("loads neither node:module (with Node's ES module loader) nor util.parseArgs, and turns Node's compile cache on only for a run that loads a module", () => {
    const tree = tmp();
    spawnSync('git', ['init', '-q'], { cwd: tree });
    fs.writeFileSync(path.join(tree, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: b}\ndata: {a: b}\n');
    const cache = tmp();
    const moduleOrArgs = /NativeModule module$|internal\/modules\/esm\/loader$|parse_args/;
    for (let i = 0; i < 2; i++) expect(loadedBy(tree, 'cm.yaml', cache, moduleOrArgs)).toEqual([]);
    // Nothing was compiled through Node: no compile cache folder beside kubeward's own code cache.
    expect(fs.readdirSync(path.join(cache, 'kubeward'))).toEqual(['command']);
    // A command line the fast reading leaves to parseArgs (a short option with its value attached) loads it.
    expect(loadedBy(tree, 'cm.yaml', cache, moduleOrArgs, ['--no-warn-ignored', '--no-render', '-fjson'])).toEqual([
      'NativeModule internal/util/parse_args/utils',
      'NativeModule internal/util/parse_args/parse_args',
    ]);
    // A glob imports globby: node:module is loaded and the compile cache turned on before it.
    expect(loadedBy(tree, '*.yaml', cache, /NativeModule module$/)).toEqual(['NativeModule module']);
    expect(fs.readdirSync(path.join(cache, 'kubeward')).length).toBe(2);
    // So does a file the block reader gives up on, before js-yaml is required (a package beside the bin, or from
    // node_modules in the development build: both through the command's own require).
    const other = tmp();
    fs.writeFileSync(path.join(tree, 'anchor.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: b}\ndata: {a: &n b, c: *n}\n');
    expect(loadedBy(tree, 'anchor.yaml', other, /NativeModule module$/)).toEqual(['NativeModule module']);
    // Node's compile cache folder is named by the Node.js version (kubeward's own are command/ and index/).
    const compiled = fs.readdirSync(path.join(other, 'kubeward')).filter((name) => name.startsWith(process.version));
    expect(compiled).toHaveLength(1);
    expect(fs.readdirSync(path.join(other, 'kubeward', compiled[0])).length).toBeGreaterThan(0);
  });

  it('a file in a repository that holds nothing else loads neither node:crypto, the streams nor node:os, with a piped stdout (the index cache is opened but has nothing to read or write)', () => {
    const tree = tmp();
    spawnSync('git', ['init', '-q'], { cwd: tree });
    fs.writeFileSync(path.join(tree, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: b}\ndata: {a: b}\n');
    const cache = tmp();
    // node:os: the cache folder comes from $HOME (or $XDG_CACHE_HOME), and no thread is started so no core is counted.
    const cryptoOrStreams = /crypto|NativeModule stream$|NativeModule os$/;
    for (let i = 0; i < 2; i++) expect(loadedBy(tree, 'cm.yaml', cache, cryptoOrStreams)).toEqual([]);
    // The probe sees them where the run does use them: a second manifest too large to keep its bytes in the index
    // cache (over 64 KB) is hashed for it (SHA-256).
    fs.writeFileSync(path.join(tree, 'ns.yaml'), `apiVersion: v1\nkind: Namespace\nmetadata: {name: b}\n${'# padding\n'.repeat(8000)}`);
    expect(loadedBy(tree, 'cm.yaml', cache, cryptoOrStreams)).toContain('NativeModule crypto');
  });
});

describe('packages a run loads on first use', () => {
  /** The packages of node_modules (or the bundles' files of their own) that the bin required in a run on `file`, sorted. */
  function packagesLoaded(tree: string, args: string[]): string[] {
    const probe = path.join(tmp(), 'probe.cjs');
    const out = path.join(path.dirname(probe), 'loaded.json');
    fs.writeFileSync(probe, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify(Object.keys(require.cache))));\n`);
    const run = spawnSync(process.execPath, ['-r', probe, bin, ...args, '--no-warn-ignored', '--no-render', '-f', 'json'], {
      cwd: tree,
      env: { ...process.env, XDG_CACHE_HOME: tmp() },
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toHaveLength(1);
    const names = (JSON.parse(fs.readFileSync(out, 'utf8')) as string[]).flatMap((f) => {
      const match = /node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)[\\/]/.exec(f) ?? /kubeward-([a-z-]+)\.cjs$/.exec(f);
      return match && !f.endsWith('kubeward-cli.cjs') ? [match[1]] : [];
    });
    return [...new Set(names)].sort();
  }

  it('a block-style file and no config load neither js-yaml, picomatch, yaml nor ajv; each loads where the run needs it', () => {
    const tree = tmp();
    spawnSync('git', ['init', '-q'], { cwd: tree });
    fs.writeFileSync(path.join(tree, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: b\ndata:\n  a: b\n');
    expect(packagesLoaded(tree, ['cm.yaml'])).toEqual([]);
    // An anchor in a flow collection: the block reader gives up on the file, which js-yaml's events read.
    fs.writeFileSync(path.join(tree, 'anchor.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: b\ndata: {a: &n b, c: *n}\n');
    expect(packagesLoaded(tree, ['anchor.yaml'])).toContain('js-yaml');
    expect(packagesLoaded(tree, ['anchor.yaml'])).not.toContain('picomatch');
    // A config with overrides: read by the `yaml` package, checked by ajv, its globs matched by picomatch (the other
    // file gone: the repository is read for repository-wide checks).
    fs.rmSync(path.join(tree, 'anchor.yaml'));
    fs.writeFileSync(path.join(tree, '.kubeward.yaml'), "overrides:\n  - files: ['*.yaml']\n    rules: {image-tag: off}\n");
    const withConfig = packagesLoaded(tree, ['cm.yaml']);
    expect(withConfig).toContain('picomatch');
    expect(withConfig).not.toContain('js-yaml');
  });
});

describe('the CommonJS entry', () => {
  const cjsBin = bin;

  /** Node's modules that a run of `entry` loaded (process.moduleLoadList), its output and exit code. */
  function run(entry: string, tree: string, args: string[]) {
    const probe = path.join(tmp(), 'probe.cjs');
    const out = path.join(path.dirname(probe), 'loaded.json');
    fs.writeFileSync(probe, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify(process.moduleLoadList)));\n`);
    const r = spawnSync(process.execPath, ['-r', probe, entry, ...args], { cwd: tree, env: { ...process.env, XDG_CACHE_HOME: tmp() }, encoding: 'utf8' });
    return { stdout: r.stdout, stderr: r.stderr, status: r.status, loaded: JSON.parse(fs.readFileSync(out, 'utf8')) as string[] };
  }
  const esmLoader = (loaded: string[]) => loaded.filter((m) => /^NativeModule internal\/modules\/esm\/(module_job|translators|resolve|load)$/.test(m));

  it("is the bundles' bin (package.json's, the pre-commit hook's): CommonJS, strict, beside the same command script", () => {
    const text = fs.readFileSync(cjsBin, 'utf8');
    expect(text).toMatch(/^#!\/usr\/bin\/env node\n"use strict";\n/);
    expect(text).not.toMatch(/^import\s|^export\s|\bimport\.meta\b/m);
    expect(text).toContain('"./kubeward-cli.cjs"');
    expect(fs.statSync(cjsBin).mode & 0o111).toBe(0o111);
  });

  it("leaves writing the code cache to the command script, and exports nothing: Node compiles the entry's text every run", () => {
    const text = fs.readFileSync(cjsBin, 'utf8');
    // writeFileSafely's messages and what it writes (src/cli/code-cache-write.ts); esbuild's export helper.
    expect(text).not.toMatch(/Cannot write|symbolic link|the code cache|__toCommonJS|module\.exports\s*=/);
    expect(text).toContain('writeCodeCache');
    expect(fs.readFileSync(path.join(path.dirname(cjsBin), 'kubeward-cli.cjs'), 'latin1')).toContain('the code cache');
  });

  it("runs a one-file lint without Node's ESM loader (the ES module entry loads it), with the same report", () => {
    const tree = tmp();
    spawnSync('git', ['init', '-q'], { cwd: tree });
    fs.copyFileSync(path.join(repo, 'examples/insecure/shop.yaml'), path.join(tree, 'shop.yaml'));
    const args = ['shop.yaml', '--no-warn-ignored', '--no-render', '-f', 'json'];
    const cjs = run(cjsBin, tree, args);
    const esm = run(esmBin, tree, args);
    expect({ stderr: cjs.stderr, status: cjs.status }).toEqual({ stderr: '', status: 1 });
    expect(cjs.stdout).toBe(esm.stdout);
    expect(JSON.parse(cjs.stdout)[0].messages.length).toBeGreaterThan(0);
    // Node.js 22 runs a CommonJS entry without its ES module loader. Node.js 23 and later load it at start, for some
    // processes and not others (require() of ES modules), so the saving and this assertion are Node.js 22's.
    if (Number(process.versions.node.split('.')[0]) <= 22) {
      expect(esmLoader(cjs.loaded)).toEqual([]);
      expect(esmLoader(esm.loaded).length).toBeGreaterThan(0);
    }
  });

  it('imports the ES modules beside it when a run needs them (globby for a glob), and reports as the ES module entry does', () => {
    const tree = tmp();
    fs.mkdirSync(path.join(tree, 'deploy'));
    fs.copyFileSync(path.join(repo, 'examples/insecure/shop.yaml'), path.join(tree, 'deploy', 'shop.yaml'));
    fs.writeFileSync(path.join(tree, 'deploy', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: b}\ndata: {a: b}\n');
    const args = ['deploy/**/*.yaml', '--no-render', '-f', 'json'];
    const cjs = run(cjsBin, tree, args);
    expect({ stderr: cjs.stderr, status: cjs.status }).toEqual({ stderr: '', status: 1 });
    expect((JSON.parse(cjs.stdout) as { filePath: string }[]).map((r) => path.basename(r.filePath)).sort()).toEqual(['cm.yaml', 'shop.yaml']);
    expect(cjs.stdout).toBe(run(esmBin, tree, args).stdout);
    expect(esmLoader(cjs.loaded).length).toBeGreaterThan(0);
  });

  it('ends with exit code 2 when the command fails outside its own report, or never finishes, whatever --unhandled-rejections says', () => {
    const dir = tmp();
    fs.copyFileSync(cjsBin, path.join(dir, 'kubeward.cjs'));
    const env = { ...process.env, XDG_CACHE_HOME: tmp() };
    const script = (body: string) => fs.writeFileSync(path.join(dir, 'kubeward-cli.cjs'), `${COMMAND_WRAPPER}${body}\n})`);
    // The command script throws as it loads: an internal error, exit code 2 (node's default for an unhandled rejection
    // is 1, and with --unhandled-rejections=warn or none the process would end with 0).
    script("throw new Error('broken command script');");
    for (const mode of ['throw', 'warn', 'none']) {
      const r = spawnSync(process.execPath, [`--unhandled-rejections=${mode}`, path.join(dir, 'kubeward.cjs'), 'x.yaml'], {
        cwd: dir,
        env,
        encoding: 'utf8',
      });
      expect({ mode, status: r.status }).toEqual({ mode, status: 2 });
      expect(r.stderr).toContain('kubeward: internal error: Error: broken command script');
    }
    // The run's promise never settles and nothing keeps the process alive: exit code 2, not 0.
    script('module.exports.runFromProcess = () => new Promise(() => {});');
    const hung = spawnSync(process.execPath, [path.join(dir, 'kubeward.cjs'), 'x.yaml'], { cwd: dir, env, encoding: 'utf8' });
    expect(hung.status).toBe(2);
  });
});

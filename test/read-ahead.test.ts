/**
 * The read-ahead thread of a big run (src/read/read-ahead.ts): what the calling thread gets through it is exactly
 * what readBytes gives for the same file (the bytes of a regular file; everything else left to readBytes itself), in
 * the order asked, across the ring's wrap; a whole run gives the same report with and without it, also when the
 * thread fails; runs below the big-run size do not start it.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lintFiles } from '../src/engine/index.js';
import { readAheadTesting, ReadAhead } from '../src/read/read-ahead.js';
import { readBytes } from '../src/read/read-file.js';
import { tempTree } from './core/helpers.js';

const isRoot = process.getuid?.() === 0;

/** What a read gives, comparable: the bytes as hex, or the failure. */
function outcome(read: ReturnType<typeof readBytes>): unknown {
  return 'failure' in read ? read.failure : Buffer.from(read.bytes).toString('hex');
}

/** Wait (on the event loop) until the thread has published `count` records: it read ahead every file before any is taken. */
async function untilPublished(ahead: ReadAhead, count: number): Promise<void> {
  while (ahead.published < count) await new Promise((resolve) => setTimeout(resolve, 5));
}

const deployment = (name: string, image: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: team}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec:\n      containers:\n        - {name: c, image: '${image}'}\n`;

/** A tree of odd files: a FIFO, links that dangle, loop or leave the tree, an unreadable file (not as root), a folder named like a manifest. */
function oddFiles(dir: string, outside: string): string[] {
  execFileSync('mkfifo', [path.join(dir, 'fifo.yaml')]);
  fs.symlinkSync('gone.yaml', path.join(dir, 'dangling.yaml'));
  fs.symlinkSync('loop.yaml', path.join(dir, 'loop.yaml'));
  fs.symlinkSync(path.join(outside, 'secret.yaml'), path.join(dir, 'out.yaml'));
  fs.chmodSync(path.join(dir, 'unreadable.yaml'), 0o000);
  fs.mkdirSync(path.join(dir, 'folder.yaml'));
  return ['fifo.yaml', 'dangling.yaml', 'loop.yaml', 'out.yaml', 'unreadable.yaml', 'folder.yaml'].map((f) => path.join(dir, f));
}

afterEach(() => {
  readAheadTesting.off = false;
  readAheadTesting.failAt = -1;
});

describe('the read-ahead thread', () => {
  it('hands over the bytes of regular files only, and each file gives what readBytes gives', async () => {
    const outside = tempTree({ 'secret.yaml': 'kind: Secret\n' });
    const max = 100_000;
    const dir = tempTree({
      'a.yaml': deployment('a', 'nginx:1.27'),
      'empty.yaml': '',
      'one.yaml': 'x',
      'big.yaml': 'a: b\n'.repeat(30_000), // 150,000 bytes: over the limit
      'at-limit.yaml': 'x'.repeat(max),
      'under-limit.yaml': 'x'.repeat(max - 1),
      'crlf.yaml': 'a: 1\r\nb: 2\r\n',
      'utf16.yaml': Buffer.from([0xff, 0xfe, 0x61, 0x00]),
      'unreadable.yaml': 'kind: Pod\n',
    });
    const odd = oddFiles(dir, outside);
    const regular = ['a.yaml', 'empty.yaml', 'one.yaml', 'big.yaml', 'at-limit.yaml', 'under-limit.yaml', 'crlf.yaml', 'utf16.yaml'].map((f) =>
      path.join(dir, f),
    );
    const paths = [...regular.slice(0, 4), ...odd, ...regular.slice(4)];
    const ahead = ReadAhead.start()!;
    try {
      ahead.begin(paths, max);
      await untilPublished(ahead, paths.length);
      const handedOver: string[] = [];
      for (const p of paths) {
        const bytes = ahead.take(p, max);
        if (bytes) handedOver.push(path.basename(p));
        const read = bytes ? { bytes } : readBytes(p, max);
        expect(outcome(read), p).toEqual(outcome(readBytes(p, max)));
      }
      // Non-empty regular files under the limit (as root, the unreadable file is readable); nothing else. A link out
      // of the tree is read as readBytes reads it: the thread reads the paths it is given, which the walk's tree
      // check chose (the run below: such a link is reported, not read).
      expect(handedOver.sort()).toEqual(
        ['a.yaml', 'crlf.yaml', 'one.yaml', 'out.yaml', 'under-limit.yaml', 'utf16.yaml', ...(isRoot ? ['unreadable.yaml'] : [])].sort(),
      );
      expect(ahead.running).toBe(true);
    } finally {
      ahead.close();
    }
  });

  it('gives each file its own bytes across the ring wrapping around, whichever thread reads it', async () => {
    // 4.6 MB in files of 1 byte to 300 KB: the 1 MiB ring wraps several times; files over 256 KiB are read here.
    const files: Record<string, string> = {};
    const sizes = [10, 200_000, 3_000, 300_000, 70_000, 1, 150_000, 64 * 1024, 8, 250_001];
    for (let i = 0; i < 40; i++) files[`f${String(i).padStart(2, '0')}.yaml`] = String.fromCharCode(97 + (i % 26)).repeat(sizes[i % sizes.length]);
    const dir = tempTree(files);
    const paths = Object.keys(files).map((f) => path.join(dir, f));
    for (const wait of [true, false]) {
      const ahead = ReadAhead.start()!;
      try {
        ahead.begin(paths, 10 * 1024 * 1024);
        // Either the thread fills the ring first (and waits for room), or both threads claim files as they come.
        if (wait) await untilPublished(ahead, 3);
        for (const p of paths) {
          const bytes = ahead.take(p, 10 * 1024 * 1024);
          expect(Buffer.from(bytes ?? fs.readFileSync(p)).equals(fs.readFileSync(p)), p).toBe(true);
        }
        if (wait) expect(ahead.fromThread).toBeGreaterThan(0);
      } finally {
        ahead.close();
      }
    }
  });

  it('is asked in order: a file asked out of order, or twice, is read by the calling thread', async () => {
    const dir = tempTree({ 'a.yaml': 'a: 1\n', 'b.yaml': 'b: 2\n', 'c.yaml': 'c: 3\n' });
    const [a, b, c] = ['a.yaml', 'b.yaml', 'c.yaml'].map((f) => path.join(dir, f));
    const ahead = ReadAhead.start()!;
    try {
      ahead.begin([a, b, c], 1000);
      await untilPublished(ahead, 3);
      expect(ahead.take(b, 1000)).toBeUndefined();
      expect(Buffer.from(ahead.take(a, 1000)!).toString()).toBe('a: 1\n');
      expect(ahead.take(a, 1000)).toBeUndefined();
      expect(Buffer.from(ahead.take(b, 1000)!).toString()).toBe('b: 2\n');
      expect(Buffer.from(ahead.take(c, 1000)!).toString()).toBe('c: 3\n');
      // A next list follows the last.
      ahead.begin([c, a], 1000);
      await untilPublished(ahead, 5);
      expect(Buffer.from(ahead.take(c, 1000)!).toString()).toBe('c: 3\n');
      expect(Buffer.from(ahead.take(a, 1000)!).toString()).toBe('a: 1\n');
    } finally {
      ahead.close();
    }
  });

  it('leaves every file to the calling thread once it failed', async () => {
    const dir = tempTree({ 'a.yaml': 'a: 1\n', 'b.yaml': 'b: 2\n', 'c.yaml': 'c: 3\n' });
    const paths = ['a.yaml', 'b.yaml', 'c.yaml'].map((f) => path.join(dir, f));
    readAheadTesting.failAt = 1;
    const ahead = ReadAhead.start()!;
    try {
      ahead.begin(paths, 1000);
      await untilPublished(ahead, 1);
      // The thread published the first file, then failed as it claimed the second.
      while (ahead.running) await new Promise((resolve) => setTimeout(resolve, 5));
      for (const p of paths) expect(ahead.take(p, 1000)).toBeUndefined();
    } finally {
      ahead.close();
    }
  });
});

describe('a big run with the read-ahead thread', () => {
  /** 2,000 manifests (a big run), odd files among them, and a file over the limit. */
  function bigTree(): { dir: string; odd: string[] } {
    const files: Record<string, string> = {};
    for (let i = 0; i < 2000; i++) {
      const name = `app${String(i).padStart(4, '0')}`;
      files[`apps/${name}.yaml`] =
        i % 3 ? deployment(name, `nginx:${i % 2 ? 'latest' : '1.27'}`) : `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}}\n`;
    }
    files['apps/app0500-large.yaml'] = `# ${'x'.repeat(300_000)}\n`;
    files['apps/unreadable.yaml'] = deployment('unreadable', 'nginx:latest');
    const dir = tempTree(files);
    const outside = tempTree({ 'secret.yaml': 'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n' });
    return { dir, odd: oddFiles(path.join(dir, 'apps'), outside) };
  }

  async function run(dir: string): Promise<string> {
    return JSON.stringify(await lintFiles(['apps'], { cwd: dir, concurrency: 'off', maxFileSize: 200_000 }));
  }

  it('gives the same report as without the thread, odd files and all', async () => {
    const { dir } = bigTree();
    readAheadTesting.off = true;
    const started = readAheadTesting.started;
    const without = await run(dir);
    expect(readAheadTesting.started).toBe(started);
    readAheadTesting.off = false;
    const withThread = await run(dir);
    expect(readAheadTesting.started).toBe(started + 1);
    expect(withThread).toBe(without);
    // How many files the thread read depends on the two threads' speeds (none when the machine gives it no time): the
    // tests above show it hands over what it reads.
    const results = JSON.parse(without) as Array<{ filePath: string; messages: Array<{ message: string }> }>;
    const messages = (name: string) => results.find((r) => path.basename(r.filePath) === name)?.messages.map((m) => m.message);
    expect(messages('fifo.yaml')).toEqual(['Cannot read file: a FIFO, not a regular file; kubeward reads regular files only']);
    expect(messages('app0500-large.yaml')?.[0]).toMatch(/^File too large: /);
    expect(messages('out.yaml')?.[0]).toMatch(/outside|leaves/i);
    if (!isRoot) expect(messages('unreadable.yaml')).toEqual(['Cannot read file: permission denied']);
  }, 120_000);

  it('loses no file when the thread fails, at its start or in the middle of a pass', async () => {
    const { dir } = bigTree();
    readAheadTesting.off = true;
    const without = await run(dir);
    readAheadTesting.off = false;
    for (const failAt of [-2, 1500, 2100]) {
      readAheadTesting.failAt = failAt;
      expect(await run(dir), `failAt ${failAt}`).toBe(without);
    }
  }, 120_000);

  it('is not started by runs below the big-run size (a one-file run, a pre-commit run)', async () => {
    const dir = tempTree({ 'apps/a.yaml': deployment('a', 'nginx:latest'), 'apps/b.yaml': deployment('b', 'nginx:1.27'), '.git/HEAD': 'ref: x\n' });
    const started = readAheadTesting.started;
    await lintFiles(['apps'], { cwd: dir, concurrency: 'off' });
    await lintFiles(['apps/a.yaml'], { cwd: dir, concurrency: 'off' });
    expect(readAheadTesting.started).toBe(started);
  });
});

/**
 * Reading kubeward's own files (src/shared/own-file.ts): a `--cache` file, its renders, the index cache and the records
 * in the user's cache folder are read only from a regular file, never through a link (refused by the open itself, so a
 * link swapped in after any check of the path is refused too), never waiting on a FIFO, bounded, and for the index cache
 * and the records only when this user owns the file. Each reader is tried with a link in its file's place while a stat
 * of the path says "regular file" (what a link swapped in between a stat and the open looks like).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildFingerprint, readCacheBytes } from '../../src/engine/cache.js';
import { RenderCache } from '../../src/engine/render-cache.js';
import { openOwnFile, readAt, readInto, readOwnFile } from '../../src/shared/own-file.js';
import { ownFileRecord, recordOwnFile, seal } from '../../src/shared/user-cache.js';
import { VERSION } from '../../src/shared/version.js';
import { ownUserCache } from '../core/helpers.js';

const xdg = ownUserCache('kubeward-own-file-xdg-');
afterEach(() => {
  vi.restoreAllMocks();
});

const folder = () => fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kubeward-own-file-')));

/**
 * Put a link at `file` to a copy of what it holds (kept elsewhere), and make a stat of the path say it is that regular
 * file: what a reader that checks the path, then opens it, sees when the link is swapped in between.
 */
function swapInLink(file: string): string {
  const elsewhere = path.join(folder(), 'target');
  fs.renameSync(file, elsewhere);
  fs.symlinkSync(elsewhere, file);
  const lstat = fs.lstatSync;
  vi.spyOn(fs, 'lstatSync').mockImplementation((p: fs.PathLike, options?: fs.StatSyncOptions) =>
    path.resolve(String(p)) === file ? fs.statSync(elsewhere) : lstat(p, options),
  );
  return elsewhere;
}

describe('readAt and readInto', () => {
  it('read from a position; readAt wants every byte, readInto says how many there were', () => {
    const file = path.join(folder(), 'cache');
    fs.writeFileSync(file, 'abcdef');
    const fd = fs.openSync(file, 'r');
    try {
      expect(readAt(fd, 2, 3)?.toString()).toBe('cde');
      expect(readAt(fd, 2, 5)).toBeUndefined();
      const into = Buffer.from('0123456789');
      expect(readInto(fd, into, 1, 9)).toBe(5);
      expect(into.toString()).toBe('bcdef56789');
      expect(readInto(fd, into, 0, 2)).toBe(2);
      expect(into.toString()).toBe('abdef56789');
      expect(readInto(fd, into, 6, 4)).toBe(0);
    } finally {
      fs.closeSync(fd);
    }
  });
});

describe('readOwnFile', () => {
  it('reads a regular file whole, up to its limit', () => {
    const file = path.join(folder(), 'cache');
    fs.writeFileSync(file, 'abcdef');
    expect(readOwnFile(file, 6)?.toString()).toBe('abcdef');
    expect(readOwnFile(file, 6, true)?.toString()).toBe('abcdef');
    expect(readOwnFile(file, 5)).toBeUndefined();
    expect(readOwnFile(path.join(path.dirname(file), 'missing'), 6)).toBeUndefined();
    expect(readOwnFile(path.dirname(file), 1 << 20)).toBeUndefined();
  });

  it('refuses a link to a regular file, even when a stat of the path says it is one', () => {
    const file = path.join(folder(), 'cache');
    fs.writeFileSync(file, 'planted');
    swapInLink(file);
    expect(fs.lstatSync(file).isFile()).toBe(true);
    expect(readOwnFile(file, 100)).toBeUndefined();
    expect(openOwnFile(file)).toBeUndefined();
  });

  it.skipIf(process.platform === 'win32')('refuses a FIFO without waiting for a writer, and a device', () => {
    const file = path.join(folder(), 'cache');
    expect(spawnSync('mkfifo', [file]).status).toBe(0);
    expect(readOwnFile(file, 100)).toBeUndefined();
    expect(readOwnFile('/dev/zero', 100)).toBeUndefined();
  });

  it.skipIf(process.getuid?.() !== 0)("refuses another user's file when asked for this user's (needs root to give it away)", () => {
    const file = path.join(folder(), 'cache');
    fs.writeFileSync(file, 'theirs');
    fs.chownSync(file, 65534, 65534);
    expect(readOwnFile(file, 100)?.toString()).toBe('theirs');
    expect(readOwnFile(file, 100, true)).toBeUndefined();
  });

  it('readAt reads at a position, and says when the file ends before', () => {
    const file = path.join(folder(), 'cache');
    fs.writeFileSync(file, '0123456789');
    const open = openOwnFile(file)!;
    try {
      expect(open.stat.size).toBe(10);
      expect(readAt(open.fd, 3, 4)?.toString()).toBe('3456');
      expect(readAt(open.fd, 8, 4)).toBeUndefined();
    } finally {
      fs.closeSync(open.fd);
    }
  });
});

describe('every reader of an own file refuses a link swapped in for it', () => {
  it('the --cache file (readCacheBytes)', () => {
    const file = path.join(folder(), '.kubewardcache');
    fs.writeFileSync(file, seal(Buffer.from('{}')));
    expect(readCacheBytes(file)).toBeDefined();
    swapInLink(file);
    expect(readCacheBytes(file)).toBeUndefined();
  });

  it('the render cache', () => {
    const file = path.join(folder(), '.kubewardcache.renders');
    const outcome = { marker: 'PLANTED' };
    const data = { format: 'kubeward-render-cache/2', version: VERSION, build: buildFingerprint(), records: { key: [{ files: {}, dirs: {}, outcome }] } };
    fs.writeFileSync(file, seal(Buffer.from(JSON.stringify(data))));
    expect(new RenderCache(file).lookup('key')).toEqual(outcome);
    swapInLink(file);
    expect(new RenderCache(file).lookup('key')).toBeUndefined();
  });

  it("a record of a cache file kubeward wrote (the user's cache folder)", () => {
    const cacheFile = path.join(folder(), '.kubewardcache');
    const record = { stamp: [1, 2, 3, 4, 5] as [number, number, number, number, number], seal: 'f'.repeat(64) };
    recordOwnFile(cacheFile, record);
    expect(ownFileRecord(cacheFile)).toEqual(record);
    const records = path.join(xdg, 'kubeward', 'sealed');
    const [name] = fs.readdirSync(records);
    swapInLink(path.join(records, name));
    expect(ownFileRecord(cacheFile)).toBeUndefined();
  });
});

/**
 * pathHasStamp (src/read/stamp.ts): the check of a file's stamp that warm runs make for every file and folder of a
 * repository, through Node's fs binding where it serves. It must answer exactly what `statHasStamp(statOf(file))` answers
 * for every kind of path, the binding must really be in use where it can be (else the speed is silently lost), and a
 * Node that would warn of the binding (`--pending-deprecation`) gets the same answers from fs.statSync, with no warning.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pathHasStamp, pathStamp, stampOf, stampOfPath, statBindingInUse, statHasStamp, statOf, type FileStamp } from '../src/read/stamp.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

/** A folder with one path of each kind a repository can hold. */
function paths(): { dir: string; all: string[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-stamp-'));
  made.push(dir);
  fs.writeFileSync(path.join(dir, 'file.yaml'), 'kind: ConfigMap\n');
  fs.writeFileSync(path.join(dir, 'empty.yaml'), '');
  fs.mkdirSync(path.join(dir, 'folder'));
  fs.symlinkSync('file.yaml', path.join(dir, 'link.yaml'));
  fs.symlinkSync('folder', path.join(dir, 'folder-link'));
  fs.symlinkSync('missing.yaml', path.join(dir, 'dangling.yaml'));
  fs.symlinkSync('loop.yaml', path.join(dir, 'loop.yaml'));
  const fifo = path.join(dir, 'fifo.yaml');
  const hasFifo = spawnSync('mkfifo', [fifo]).status === 0;
  const names = [
    'file.yaml',
    'empty.yaml',
    'folder',
    'link.yaml',
    'folder-link',
    'dangling.yaml',
    'loop.yaml',
    'missing.yaml',
    'file.yaml/below',
    ...(hasFifo ? ['fifo.yaml'] : []),
  ];
  return { dir, all: [...names.map((n) => path.join(dir, n)), `${path.join(dir, 'file.yaml')}\0x`, ''] };
}

/** What pathHasStamp must answer: fs.statSync's stat compared with the stamp. */
function expected(file: string, fileOnly: boolean, stamp: FileStamp): boolean {
  const stat = statOf(file);
  return stat !== undefined && (!fileOnly || stat.isFile()) && statHasStamp(stat, stamp.size, stamp.mtimeMs, stamp.ctimeMs, stamp.ino, stamp.dev);
}

/** Each path against its own stamp, another path's and its own with each field changed; both with and without fileOnly. */
function answers(all: string[]): Array<[string, boolean, string, boolean, boolean]> {
  const stamps = all.map((f) => (f.includes('\0') ? undefined : stampOfPath(f)));
  const rows: Array<[string, boolean, string, boolean, boolean]> = [];
  all.forEach((file, i) => {
    const own = stamps[i] ?? stamps[0]!;
    const candidates: Array<[string, FileStamp]> = [
      ['own', own],
      ['other', stamps[(i + 2) % all.length] ?? stamps[2]!],
      ...(['size', 'mtimeMs', 'ctimeMs', 'ino', 'dev'] as const).map((key): [string, FileStamp] => [key, { ...own, [key]: own[key] + 1 }]),
    ];
    for (const fileOnly of [false, true]) {
      for (const [name, stamp] of candidates) {
        rows.push([
          path.basename(file),
          fileOnly,
          name,
          pathHasStamp(file, fileOnly, stamp.size, stamp.mtimeMs, stamp.ctimeMs, stamp.ino, stamp.dev),
          expected(file, fileOnly, stamp),
        ]);
      }
    }
  });
  return rows;
}

describe('pathHasStamp', () => {
  it('answers what fs.statSync answers for files, folders, links, missing and invalid paths', () => {
    const { all } = paths();
    const rows = answers(all);
    for (const [name, fileOnly, against, got, want] of rows) expect(got, `${name} ${fileOnly ? 'file only' : 'any'} against ${against}`).toBe(want);
    // Not all the same answer: the own stamps of files match, of folders only without fileOnly.
    const own = (name: string, fileOnly: boolean) => rows.find((r) => r[0] === name && r[1] === fileOnly && r[2] === 'own')![3];
    expect([own('file.yaml', true), own('link.yaml', true), own('folder', false), own('folder', true), own('folder-link', false)]).toEqual([
      true,
      true,
      true,
      false,
      true,
    ]);
    expect([own('dangling.yaml', false), own('loop.yaml', false), own('missing.yaml', false), own('below', false)]).toEqual([false, false, false, false]);
    expect(rows.filter((r) => r[2] !== 'own').every((r) => !r[3] || r[2] === 'other')).toBe(true);
  });

  it('takes the stamp fs.statSync gives, of any path or of regular files only', () => {
    const { all } = paths();
    // The binding checked first (with a path that exists), then every kind of path.
    pathStamp(all[0], false);
    for (const file of all) {
      const stat = statOf(file);
      expect(pathStamp(file, false), file).toEqual(stat && stampOf(stat));
      expect(pathStamp(file, true), file).toEqual(stat?.isFile() ? stampOf(stat) : undefined);
      expect(stampOfPath(file), file).toEqual(stat && stampOf(stat));
    }
    expect(all.map((f) => pathStamp(f, true) !== undefined)).toContain(true);
  });

  it('sees an edit in place, a replacement and a removal', () => {
    const { dir } = paths();
    const file = path.join(dir, 'file.yaml');
    const check = (stamp: FileStamp) => pathHasStamp(file, true, stamp.size, stamp.mtimeMs, stamp.ctimeMs, stamp.ino, stamp.dev);
    const before = stampOfPath(file)!;
    expect(check(before)).toBe(true);
    fs.writeFileSync(file, 'kind: Secret\n!!\n');
    expect(check(before)).toBe(false);
    const edited = stampOfPath(file)!;
    expect(check(edited)).toBe(true);
    fs.writeFileSync(path.join(dir, 'next.yaml'), 'kind: Secret\n!!\n');
    fs.renameSync(path.join(dir, 'next.yaml'), file);
    expect(check(edited)).toBe(false);
    fs.rmSync(file);
    expect(check(edited)).toBe(false);
  });

  it.skipIf(process.platform === 'win32')("goes through Node's fs binding on this platform once it has checked it", () => {
    const { dir } = paths();
    const stamp = stampOfPath(path.join(dir, 'file.yaml'))!;
    pathHasStamp(path.join(dir, 'file.yaml'), true, stamp.size, stamp.mtimeMs, stamp.ctimeMs, stamp.ino, stamp.dev);
    expect(statBindingInUse()).toBe(true);
  });

  it('gives the same answers through fs.statSync where Node would warn of the binding, and prints no warning', () => {
    const { all } = paths();
    // The built module (npm test builds first), in a process with --pending-deprecation.
    const stampModule = path.resolve(__dirname, '../dist/src/read/stamp.js');
    const script = `
      import { pathHasStamp, pathStamp, stampOfPath, statBindingInUse } from ${JSON.stringify(stampModule)};
      const all = JSON.parse(process.argv[1]);
      const stamps = all.map((f) => (f.includes('\\0') ? undefined : stampOfPath(f)));
      const got = all.map((f, i) => { const s = stamps[i] ?? stamps[0]; return [pathHasStamp(f, false, s.size, s.mtimeMs, s.ctimeMs, s.ino, s.dev), pathHasStamp(f, true, s.size, s.mtimeMs, s.ctimeMs, s.ino, s.dev)]; });
      const stamps2 = all.map((f) => [pathStamp(f, false) ?? null, pathStamp(f, true) ?? null]);
      console.log(JSON.stringify({ got, stamps2, binding: statBindingInUse() }));
    `;
    const run = (flags: string[], env: Record<string, string> = {}) =>
      spawnSync(process.execPath, [...flags, '--input-type=module', '-e', script, JSON.stringify(all)], {
        encoding: 'utf8',
        env: { ...process.env, ...env },
      });
    const warned = run(['--pending-deprecation']);
    const plain = run([]);
    expect(warned.stderr).toBe('');
    expect(plain.stderr).toBe('');
    // Every way to turn pending deprecations on (Node then wraps process.binding), with warnings thrown: the same answers
    // through fs.statSync, nothing printed.
    for (const [flags, env] of [
      [['--pending_deprecation', '--throw-deprecation'], {}],
      [['--throw-deprecation'], { NODE_OPTIONS: '--pending_deprecation' }],
      [['--throw-deprecation'], { NODE_PENDING_DEPRECATION: '1' }],
    ] as Array<[string[], Record<string, string>]>) {
      const other = run(flags, env);
      expect([other.status, other.stderr], flags.join(' ')).toEqual([0, '']);
      expect(other.stdout, flags.join(' ')).toBe(warned.stdout);
    }
    const a = JSON.parse(warned.stdout) as { got: boolean[][]; stamps2: unknown[][]; binding: boolean };
    const b = JSON.parse(plain.stdout) as { got: boolean[][]; stamps2: unknown[][]; binding: boolean };
    expect(a.stamps2).toEqual(b.stamps2);
    expect(a.binding).toBe(false);
    expect(b.binding).toBe(process.platform !== 'win32');
    expect(a.got).toEqual(b.got);
    expect(a.got.flat()).toContain(true);
  });
});

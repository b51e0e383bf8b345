/**
 * Issue #14, writes: every file kubeward writes (the report of --output-file, the baseline, the cache, fixed files)
 * goes to a fresh temporary file created exclusively with an unpredictable name in the target's folder, then renamed
 * over the target; a target that is a link, a folder or not a regular file, and a folder link on the way, are
 * refused with a clear message (exit 2, no stack trace). --fix writes a file only while it still holds what was
 * linted, and a file it cannot write (read-only, run as an unprivileged user) is one message while the others are
 * fixed. Each case checks what is printed and that the sentinel folder outside the tree is unchanged.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintFiles, writeFixes } from '../../src/engine/index.js';
import { writeFixedFile } from '../../src/fix/index.js';
import { WriteError, writeFileSafely } from '../../src/shared/write-file.js';
import { projectRoot } from '../shared-dir.js';
import { cli, pod, sandbox } from './io-sandbox.js';

const LINK = 'it is a symbolic link (kubeward never writes through links); remove the link or choose another path';

/** Files left in a folder besides the expected ones (a temporary file that lingers). */
function leftovers(dir: string, expected: string[]): string[] {
  return fs.readdirSync(dir).filter((f) => !expected.includes(f));
}

describe('writeFileSafely', () => {
  it('writes a new file with mode 0600 and keeps an existing file its mode; no temporary file lingers', () => {
    const box = sandbox();
    const file = path.join(box.repo, 'out', 'report.json');
    writeFileSafely(file, 'one', { what: 'the report', base: box.repo });
    expect(fs.readFileSync(file, 'utf8')).toBe('one');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    fs.chmodSync(file, 0o640);
    const inode = fs.statSync(file).ino;
    writeFileSafely(file, 'two', { what: 'the report', base: box.repo });
    expect(fs.readFileSync(file, 'utf8')).toBe('two');
    expect(fs.statSync(file).mode & 0o777).toBe(0o640);
    expect(fs.statSync(file).ino).not.toBe(inode); // renamed over, not written in place
    expect(leftovers(path.dirname(file), ['report.json'])).toEqual([]);
  });

  it('refuses a link (to a file outside, or dangling), a folder, a device and a FIFO, changing nothing', () => {
    const box = sandbox();
    const before = box.snapshot();
    const refuse = (target: string, reason: string) => {
      let error: unknown;
      try {
        writeFileSafely(target, `$(touch ${box.outside}/pwned)`, { what: 'the report', base: box.repo, shown: 'x' });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(WriteError);
      expect((error as Error).message).toBe(`Cannot write the report x: ${reason}`);
    };
    refuse(box.link('to-outside.json', path.join(box.outside, 'report.txt')), LINK);
    refuse(box.link('dangling.json', path.join(box.outside, 'new.txt')), LINK);
    refuse(box.link('shell-rc', path.join(box.outside, '.bashrc')), LINK);
    fs.mkdirSync(path.join(box.repo, 'folder'));
    refuse(path.join(box.repo, 'folder'), 'it is a folder; name a file');
    refuse('/dev/full', 'it is a device, not a regular file; name a regular file');
    const fifo = path.join(box.repo, 'fifo');
    spawnSync('mkfifo', [fifo]);
    refuse(fifo, 'it is a FIFO, not a regular file; name a regular file');
    box.link('reports', box.outside);
    refuse(path.join(box.repo, 'reports', 'out.sarif'), 'its folder reports is a symbolic link (kubeward never writes through links)');
    expect(box.snapshot()).toEqual(before);
    expect(fs.readlinkSync(path.join(box.repo, 'to-outside.json'))).toBe(path.join(box.outside, 'report.txt'));
    expect(leftovers(box.repo, ['.git', 'to-outside.json', 'dangling.json', 'shell-rc', 'folder', 'fifo', 'reports'])).toEqual([]);
  });

  it('a reason from beforeRename stops the write and removes the temporary file', () => {
    const box = sandbox();
    const file = box.write('a.yaml', 'old');
    expect(() => writeFileSafely(file, 'new', { what: 'the fixed file', shown: 'a.yaml', beforeRename: () => 'it changed' })).toThrow(
      'Cannot write the fixed file a.yaml: it changed',
    );
    expect(fs.readFileSync(file, 'utf8')).toBe('old');
    expect(leftovers(box.repo, ['.git', 'a.yaml'])).toEqual([]);
  });
});

describe('--output-file', () => {
  it('a link planted at the report path, a folder link on the way, a folder and /dev/full: exit 2, one line, nothing written', async () => {
    const box = sandbox();
    box.write('k8s/pod.yaml', pod('web'));
    box.link('report.json', path.join(box.outside, 'report.txt'));
    box.link('out', box.outside);
    const before = box.snapshot();
    const cases: Array<[string, string]> = [
      ['report.json', `Cannot write the report report.json: ${LINK}`],
      ['out/report.sarif', 'Cannot write the report out/report.sarif: its folder out is a symbolic link (kubeward never writes through links)'],
      ['k8s', 'Cannot write the report k8s: it is a folder; name a file'],
      ['/dev/full', 'Cannot write the report /dev/full: it is a device, not a regular file; name a regular file'],
    ];
    for (const [target, message] of cases) {
      const out = await cli(['k8s', '--no-config', '-f', 'json', '-o', target], box.repo);
      expect(out.code).toBe(2);
      expect(out.stderr).toBe(`kubeward: ${message}\n`);
      expect(out.stdout).toBe('');
    }
    expect(box.snapshot()).toEqual(before);
  });

  it('a regular target is replaced whole', async () => {
    const box = sandbox();
    box.write('k8s/pod.yaml', pod('web'));
    box.write('reports/old.json', 'stale');
    const out = await cli(['k8s', '--no-config', '-f', 'json', '-o', 'reports/old.json'], box.repo);
    expect(out.code).toBe(1);
    expect(JSON.parse(fs.readFileSync(path.join(box.repo, 'reports/old.json'), 'utf8'))).toHaveLength(1);
    expect(leftovers(path.join(box.repo, 'reports'), ['old.json'])).toEqual([]);
  });
});

describe('the baseline and the cache', () => {
  it('--update-baseline refuses a baseline path that is a link; nothing outside changes', async () => {
    const box = sandbox();
    box.write('k8s/pod.yaml', pod('web'));
    box.link('kubeward-baseline.json', path.join(box.outside, 'report.txt'));
    const before = box.snapshot();
    const out = await cli(['k8s', '--no-config', '--baseline', 'kubeward-baseline.json', '--update-baseline'], box.repo);
    expect(out.code).toBe(2);
    expect(out.stderr).toBe(`kubeward: Cannot write the baseline kubeward-baseline.json: ${LINK}\n`);
    expect(box.snapshot()).toEqual(before);
  });

  it('--cache: a link at the cache path and one at the old predictable temporary name are never written through', async () => {
    const box = sandbox();
    box.write('k8s/pod.yaml', pod('web'));
    box.link('.kubewardcache', path.join(box.outside, 'report.txt'));
    box.link(`.kubewardcache.${process.pid}.tmp`, path.join(box.outside, 'planted.txt'));
    const before = box.snapshot();
    const out = await cli(['k8s', '--no-config', '--cache', '-f', 'json'], box.repo);
    expect(out.code).toBe(1);
    expect(out.stderr).toBe('');
    expect(box.snapshot()).toEqual(before);
    expect(fs.existsSync(path.join(box.outside, 'planted.txt'))).toBe(false);
    expect(fs.lstatSync(path.join(box.repo, '.kubewardcache')).isSymbolicLink()).toBe(true);
  });

  it('--cache: a cache that is a link to /dev/zero is not read (the run ends), and a real cache is written with a fresh name', async () => {
    const box = sandbox();
    box.write('k8s/pod.yaml', pod('web'));
    box.link('zero/.kubewardcache', '/dev/zero');
    const out = await cli(['k8s', '--no-config', '--cache', '--cache-location', 'zero/', '-f', 'json'], box.repo);
    expect(out.code).toBe(1);
    const again = await cli(['k8s', '--no-config', '--cache', '-f', 'json'], box.repo);
    expect(again.code).toBe(1);
    expect(fs.lstatSync(path.join(box.repo, '.kubewardcache')).isFile()).toBe(true);
    expect(leftovers(box.repo, ['.git', 'k8s', 'zero', '.kubewardcache'])).toEqual([]);
  });
});

describe('--fix', () => {
  it('a file that changed after it was linted is left alone and says so; the other files are fixed', async () => {
    const box = sandbox();
    const a = box.write('k8s/a.yaml', pod('a'));
    const b = box.write('k8s/b.yaml', pod('b'));
    const results = await lintFiles(['k8s'], { cwd: box.repo, fix: true, root: false });
    expect(results.map((r) => r.output !== undefined)).toEqual([true, true]);
    const edited = `# edited by hand during the run\n${pod('a')}`;
    fs.writeFileSync(a, edited);
    expect(writeFixes(results, box.repo)).toBe(1);
    expect(fs.readFileSync(a, 'utf8')).toBe(edited);
    expect(fs.readFileSync(b, 'utf8')).not.toBe(pod('b'));
    const [ra, rb] = results;
    expect(ra.output).toBeUndefined();
    expect(ra.messages[0]).toMatchObject({
      ruleId: null,
      fatal: true,
      severity: 2,
      line: 1,
      column: 1,
      messageId: 'fixNotWritten',
      message: 'Fixes not written: the file changed while kubeward ran (it is not what was linted), so it was left as it is; run kubeward --fix again',
    });
    // The file's report is that of the file as it is: the findings the fixes would have repaired are still there.
    expect(ra.messages.length).toBeGreaterThan(rb.messages.length + 1);
    expect(ra.errorCount).toBe(ra.messages.filter((m) => m.severity === 2).length);
  });

  it('the digest is checked again just before the rename', () => {
    const box = sandbox();
    const file = box.write('a.yaml', 'a: 1\n');
    const digest = 'not the digest of the file';
    expect(() => writeFixedFile(file, 'a: 2\n', digest, 'a.yaml')).toThrow(
      'Cannot write the fixed file a.yaml: the file changed while kubeward ran (it is not what was linted), so it was left as it is; run kubeward --fix again',
    );
    expect(fs.readFileSync(file, 'utf8')).toBe('a: 1\n');
  });

  it('a linked manifest is fixed through its target only, never through the link', async () => {
    const box = sandbox();
    box.write('k8s/real.yaml', pod('real'));
    box.link('k8s/alias.yaml', 'real.yaml');
    const out = await cli(['k8s', '--no-config', '--fix', '-f', 'json'], box.repo);
    expect(out.code).toBe(1);
    const results = JSON.parse(out.stdout) as Array<{ filePath: string; messages: Array<{ message: string }> }>;
    expect(results.map((r) => [path.basename(r.filePath), r.messages[0].message])).toEqual([
      ['alias.yaml', 'Fixes not written: it is a symbolic link (kubeward never writes through links); fix the file it points to instead'],
      ['real.yaml', expect.any(String)],
    ]);
    expect(fs.lstatSync(path.join(box.repo, 'k8s/alias.yaml')).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(path.join(box.repo, 'k8s/real.yaml'), 'utf8')).toContain('securityContext');
  });

  it('a read-only file, as an unprivileged user: a message for that file, the other file fixed, exit 1, no stack trace', (context) => {
    const bin = path.join(projectRoot, 'dist', 'cli', 'kubeward.cjs');
    const runuser = ['/usr/sbin/runuser', '/sbin/runuser', '/usr/bin/runuser'].find((p) => fs.existsSync(p));
    const isRoot = process.getuid?.() === 0;
    if (!isRoot || !runuser) {
      context.skip(`needs root to switch to the user nobody with runuser (root: ${isRoot}, runuser: ${runuser ?? 'absent'})`);
      return;
    }
    // A checkout the user nobody cannot reach (a clone inside a mode-700 folder such as mktemp -d's) cannot run as nobody.
    const reach = spawnSync(runuser, ['-u', 'nobody', '--', process.execPath, '-e', `require('node:fs').accessSync(${JSON.stringify(bin)}, 4)`], {
      encoding: 'utf8',
    });
    if (reach.status !== 0) {
      context.skip(`the user nobody cannot read ${bin} (a folder on its path is closed to other users)`);
      return;
    }
    const box = sandbox();
    fs.chmodSync(box.top, 0o755);
    fs.mkdirSync(path.join(box.repo, 'k8s'));
    fs.chmodSync(path.join(box.repo, 'k8s'), 0o777);
    const locked = box.write('k8s/locked.yaml', pod('locked'));
    const open = box.write('k8s/open.yaml', pod('open'));
    fs.chmodSync(locked, 0o444);
    fs.chmodSync(open, 0o666);
    fs.chmodSync(box.repo, 0o755);
    const before = box.snapshot();
    const result = spawnSync(runuser, ['-u', 'nobody', '--', process.execPath, bin, 'k8s', '--no-config', '--fix', '-f', 'json'], {
      cwd: box.repo,
      encoding: 'utf8',
    });
    if (result.stderr.includes('Permission denied') && result.stdout === '') {
      context.skip(`the user nobody cannot run ${bin}: ${result.stderr.trim()}`);
      return;
    }
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
    const results = JSON.parse(result.stdout) as Array<{ filePath: string; messages: Array<{ message: string; messageId?: string }>; output?: string }>;
    expect(results.map((r) => [path.basename(r.filePath), r.messages[0].message, r.output === undefined])).toEqual([
      ['locked.yaml', 'Fixes not written: permission denied (the file is read-only)', true],
      ['open.yaml', expect.not.stringContaining('Fixes not written'), false],
    ]);
    expect(fs.readFileSync(locked, 'utf8')).toBe(pod('locked'));
    expect(fs.readFileSync(open, 'utf8')).toContain('securityContext');
    expect(fs.statSync(open).mode & 0o777).toBe(0o666);
    expect(box.snapshot()).toEqual(before);
  });
});

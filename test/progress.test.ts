/**
 * The progress line: its text, when it may be drawn (a terminal on standard error, not CI), the one-second delay and
 * the throttle on a fake clock, the clearing at the end, and the CLI wiring through an injected io.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../src/cli/cli.js';
import { CLEAR_LINE, createProgress, formatProgress, progressEnabled } from '../src/cli/progress.js';

const repo = path.resolve(__dirname, '..');

describe('formatProgress', () => {
  it.each([
    [0, 10, 'kubeward: 0/10 files (0%)'],
    [1, 3, 'kubeward: 1/3 files (33%)'],
    [5, 10, 'kubeward: 5/10 files (50%)'],
    [999, 1000, 'kubeward: 999/1000 files (99%)'],
    [1314, 1314, 'kubeward: 1314/1314 files (100%)'],
    [0, 0, 'kubeward: 0/0 files (100%)'],
  ])('%i of %i → %s', (done, total, text) => {
    expect(formatProgress(done, total)).toBe(text);
  });
});

describe('progressEnabled', () => {
  it.each([
    [true, {}, true],
    [false, {}, false],
    [true, { CI: 'true' }, false],
    [true, { CI: '1' }, false],
    [true, { CI: 'woodpecker' }, false],
    [false, { CI: 'true' }, false],
    [true, { CI: 'false' }, true],
    [true, { CI: '0' }, true],
    [true, { CI: '' }, true],
  ])('stderr TTY %s, env %j → %s', (tty, env, enabled) => {
    expect(progressEnabled(tty, env)).toBe(enabled);
  });
});

describe('createProgress', () => {
  function fake(enabled = true) {
    let clock = 0;
    const written: string[] = [];
    const progress = createProgress({ write: (s) => written.push(s), enabled, now: () => clock });
    return { progress, written, tick: (ms: number) => (clock += ms) };
  }

  it('draws nothing during the first second, so short runs print nothing at all', () => {
    const { progress, written, tick } = fake();
    for (let i = 1; i <= 10; i++) {
      tick(99);
      progress.update(i, 10);
    }
    progress.end();
    expect(written).toEqual([]);
  });

  it('draws after a second, at most every 100 ms but always the last file, and clears the line at the end', () => {
    const { progress, written, tick } = fake();
    tick(1000);
    progress.update(1, 50);
    tick(50);
    progress.update(2, 50);
    tick(50);
    progress.update(3, 50);
    tick(10);
    progress.update(50, 50);
    progress.end();
    expect(written).toEqual([
      `${CLEAR_LINE}kubeward: 1/50 files (2%)`,
      `${CLEAR_LINE}kubeward: 3/50 files (6%)`,
      `${CLEAR_LINE}kubeward: 50/50 files (100%)`,
      CLEAR_LINE,
    ]);
    progress.end();
    expect(written).toHaveLength(4);
  });

  it('writes nothing when disabled', () => {
    const { progress, written, tick } = fake(false);
    tick(5000);
    progress.update(1, 2);
    progress.update(2, 2);
    progress.end();
    expect(written).toEqual([]);
  });

  it('uses CLEAR_LINE = carriage return and erase-line', () => {
    expect(CLEAR_LINE).toBe('\r\u001b[2K');
  });
});

describe('the CLI', () => {
  async function cli(io: { stderrIsTTY?: boolean; env?: Record<string, string> }) {
    let stdout = '';
    let stderr = '';
    const code = await run(['examples/hardened', '-f', 'json'], {
      stdout: (s) => (stdout += s),
      stderr: (s) => (stderr += s),
      stdin: async () => '',
      isTTY: false,
      env: io.env ?? {},
      cwd: repo,
      stderrIsTTY: io.stderrIsTTY,
      progressDelay: 0,
    });
    return { code, stdout, stderr };
  }

  it('draws the line on a terminal stderr, clears it before the report, and leaves stdout alone', async () => {
    const plain = await cli({});
    expect(plain.stderr).toBe('');
    const tty = await cli({ stderrIsTTY: true });
    expect(tty.stdout).toBe(plain.stdout);
    expect(tty.code).toBe(plain.code);
    const total = (JSON.parse(plain.stdout) as unknown[]).length;
    expect(tty.stderr.startsWith(`${CLEAR_LINE}kubeward: 1/${total} files (`)).toBe(true);
    expect(tty.stderr.endsWith(`${CLEAR_LINE}kubeward: ${total}/${total} files (100%)${CLEAR_LINE}`)).toBe(true);
  });

  it('draws nothing in CI or when stderr is not a terminal (piped)', async () => {
    expect((await cli({ stderrIsTTY: true, env: { CI: 'true' } })).stderr).toBe('');
    expect((await cli({ stderrIsTTY: false })).stderr).toBe('');
  });
});

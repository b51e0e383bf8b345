/**
 * `kubeward . | head`: the reader of standard output goes away before the report is written whole. The built bin stops
 * writing, says nothing and exits with the run's own code (as Unix tools end on SIGPIPE), never with Node's
 * `Error: write EPIPE` stack trace. A standard output that fails otherwise (`> /dev/full`) is one line and exit 2.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempTree, write } from './helpers.js';

const bin = path.resolve(import.meta.dirname, '../../dist/cli/kubeward.cjs');
let tree: string;

beforeAll(() => {
  tree = tempTree('kubeward-trust-epipe-');
  // 200 Pods with several findings each: a stylish report of about half a megabyte, far more than a pipe holds (64 KiB).
  for (let i = 0; i < 200; i++) {
    write(
      tree,
      `deploy/pod-${String(i).padStart(3, '0')}.yaml`,
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: pod-${i}\nspec:\n  containers:\n  - name: app\n    image: nginx\n`,
    );
  }
});
afterAll(() => fs.rmSync(tree, { recursive: true, force: true }));

/** Run the bin with its standard output read until the first chunk, then the reading end closed (what `head` does). */
function runClosedEarly(args: string[]): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; firstChunk: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: tree, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let firstChunk: string | undefined;
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (s: string) => (stderr += s));
    child.stdout.once('data', (chunk: Buffer) => {
      firstChunk = chunk.toString('utf8');
      child.stdout.destroy();
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stderr, firstChunk: firstChunk ?? '' }));
  });
}

describe('standard output closed early (kubeward | head)', () => {
  it('stops writing and exits with the run’s code, with nothing on standard error', async () => {
    const r = await runClosedEarly(['--no-config', '--no-color', 'deploy']);
    // The report had begun: the reader saw its first lines.
    expect(r.firstChunk).toContain(path.join(tree, 'deploy/pod-000.yaml'));
    expect(r.stderr).not.toMatch(/EPIPE|Error:|\n\s+at /);
    expect(r.stderr).toBe('');
    expect(r.signal).toBeNull();
    // Errors were found: the run's own exit code, not 2 (a failed run) nor Node's 1 for an uncaught error by accident.
    expect(r.code).toBe(1);
  });

  it('exits 0 when the run found only warnings, though the report was cut (the exit code is not the pipe’s)', async () => {
    const r = await runClosedEarly(['--no-config', '--no-color', '--format', 'json', ...everyCheckWarns(), 'deploy']);
    expect(r.firstChunk.startsWith('[')).toBe(true);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('drops standard error quietly too when it is the same closed pipe (kubeward 2>&1 | head)', async () => {
    // --stats writes its table to standard error after the report: both writes meet the closed pipe. An unhandled
    // EPIPE would end the process with Node's exit code 1; the run itself found only warnings (exit 0).
    const r = await new Promise<{ code: number | null; out: string }>((resolve, reject) => {
      const command = [process.execPath, bin, '--no-config', '--no-color', '--stats', ...everyCheckWarns(), 'deploy'].map((a) => `'${a}'`).join(' ');
      const child = spawn('/bin/sh', ['-c', `${command} 2>&1`], { cwd: tree, stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.once('data', (chunk: Buffer) => {
        out = chunk.toString('utf8');
        child.stdout.destroy();
      });
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, out }));
    });
    expect(r.out).toContain(path.join(tree, 'deploy/pod-000.yaml'));
    expect(r.code).toBe(0);
  });
});

describe('standard output that cannot be written', () => {
  it.runIf(fs.existsSync('/dev/full'))('says so in one line and exits 2 (kubeward > /dev/full)', () => {
    const full = fs.openSync('/dev/full', 'w');
    try {
      const r = spawnSync(process.execPath, [bin, '--no-config', '--no-color', 'deploy'], { cwd: tree, stdio: ['ignore', full, 'pipe'], encoding: 'utf8' });
      expect(r.stderr).toBe('kubeward: cannot write to standard output: no space left on device\n');
      expect(r.status).toBe(2);
    } finally {
      fs.closeSync(full);
    }
  });
});

/** `--rule ID:warn` for every check that reports on these Pods: the run finds warnings only (exit 0). */
function everyCheckWarns(): string[] {
  const r = spawnSync(process.execPath, [bin, '--no-config', '--format', 'json', 'deploy/pod-000.yaml'], { cwd: tree, encoding: 'utf8' });
  const ids = new Set<string>((JSON.parse(r.stdout) as Array<{ messages: Array<{ ruleId: string }> }>).flatMap((x) => x.messages.map((m) => m.ruleId)));
  expect(ids.size).toBeGreaterThan(2);
  return [...ids].flatMap((id) => ['--rule', `${id}:warn`]);
}

/** Tool runs: a hanging renderer is killed at its time limit, a missing tool is one notice per run, no shell. */
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { firstErrorLine, renderRepository, runTool } from '../../src/render/index.js';
import { filesUnder, fixtures } from './helpers.js';

const root = path.join(fixtures, 'kustomize');
const files = filesUnder(root);

function fakeTool(body: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubeward-fake-'));
  const file = path.join(dir, 'kubectl');
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

describe('render safety', () => {
  it('kills a hanging renderer at the time limit: one error per entry point, the run goes on', async () => {
    // The tool (and the child it leaves behind) would run for ten minutes: only the kill ends the render before the
    // test's own timeout.
    const slow = fakeTool('sleep 600 & sleep 600');
    const run = await renderRepository({ files, root, tools: { kubectl: slow }, timeoutMs: 300, pathEnv: '/usr/bin:/bin' });
    const timeouts = run.diagnostics.filter((d) => d.messageId === 'renderTimeout');
    expect(timeouts.length).toBe(7);
    expect(timeouts[0]).toMatchObject({ severity: 2, line: 1, column: 1, message: 'kustomize build timed out after 300 ms: not rendered' });
    expect(run.objects).toEqual([]);
  }, 30_000);

  it('gives the tool a minimal environment, a temporary cwd, and no stdin', async () => {
    const probe = fakeTool('echo "$HOME|$PWD|${HTTPS_PROXY:-none}|${AWS_SECRET_ACCESS_KEY:-none}"; cat; echo end');
    process.env.AWS_SECRET_ACCESS_KEY = 'secret';
    try {
      const result = await runTool(probe, [], { timeoutMs: 5000 });
      const [home, cwd, proxy, secret] = result.stdout.split('\n')[0].split('|');
      expect(home).toBe(cwd);
      expect(home.startsWith(os.tmpdir()) || home.includes('kubeward-home-')).toBe(true);
      expect([proxy, secret]).toEqual(['none', 'none']);
      expect(result.stdout.split('\n')[1]).toBe('end');
    } finally {
      delete process.env.AWS_SECRET_ACCESS_KEY;
    }
  });

  it('caps stdout and kills the tool beyond it', async () => {
    const loud = fakeTool('yes kubeward');
    const result = await runTool(loud, [], { timeoutMs: 5000, maxOutputBytes: 10_000 });
    expect(result.overflow).toBe(true);
    expect(result.stdout.length).toBeLessThanOrEqual(10_000);
  });

  it('never uses a shell: arguments are passed as they are', async () => {
    const echo = fakeTool('printf "%s\\n" "$@"');
    const result = await runTool(echo, ['$(touch /tmp/kubeward-pwned)', 'a;b'], { timeoutMs: 5000 });
    expect(result.stdout).toBe('$(touch /tmp/kubeward-pwned)\na;b\n');
  });

  it('a missing tool is one notice per run, not an error per entry point', async () => {
    const run = await renderRepository({ files, root, pathEnv: '/nonexistent' });
    expect(run.notRendered).toEqual([
      {
        tool: 'kustomize',
        message: 'kustomize not found: install kustomize or kubectl, or pass --no-render',
        entryPoints: expect.arrayContaining(['kustomize:overlays/prod']),
      },
    ]);
    expect(run.diagnostics.filter((d) => d.severity === 2)).toEqual([]);
    expect(run.consumedFiles).toEqual([]);
  });

  it('first error lines are trimmed, escaped and bounded', () => {
    expect(firstErrorLine('\n  Error: bad \u001b[31mred\u001b[0m  \nsecond')).toBe('Error: bad \\u001b[31mred\\u001b[0m');
    expect(firstErrorLine('x'.repeat(1000)).length).toBe(300);
  });
});

/** The examples the README points at stay true: insecure trips every check, hardened lints clean. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checks } from '../../checks/index.js';
import { lintFiles } from '../../src/engine/index.js';

const repo = path.resolve(__dirname, '../..');
const CLUSTER_CHECK = /^(apiserver-|etcd-|kubelet-|encryption-|audit-)/;

describe('examples', () => {
  it('examples/insecure trips every workload, namespace and RBAC check at least once', async () => {
    const results = await lintFiles(['examples/insecure'], { cwd: repo });
    const tripped = new Set(results.flatMap((r) => r.messages.map((m) => m.ruleId)));
    const expected = checks.map((c) => c.meta.id).filter((id) => !CLUSTER_CHECK.test(id));
    expect(expected.filter((id) => !tripped.has(id))).toEqual([]);
    expect(results.some((r) => r.fatalErrorCount > 0)).toBe(false);
  });

  it('examples/hardened lints clean: no finding of any check, no notice', async () => {
    const results = await lintFiles(['examples/hardened'], { cwd: repo });
    expect(results.flatMap((r) => r.messages.map((m) => `${path.basename(r.filePath)}:${m.line}:${m.column} ${m.ruleId} ${m.message}`))).toEqual([]);
    expect(results.flatMap((r) => r.notices ?? [])).toEqual([]);
  });

  it("the README's quick start: `npx kubeward` runs the built, executable CLI", () => {
    const cli = path.join(repo, 'dist/src/cli/cli.js');
    expect(() => fs.accessSync(cli, fs.constants.X_OK), 'dist/src/cli/cli.js must be executable (npm run build sets it)').not.toThrow();
    // npm keeps what `npx` sets up for a project's own bin under its cache, keyed by the project's path, and does not
    // look again when package.json's bin changes: a cache left by an older checkout at the same path (CI clones to one
    // path) runs the bin it had then. A fresh cache is what the quick start meets on a fresh machine.
    const npmCache = fs.mkdtempSync(path.join(os.tmpdir(), 'kubeward-npx-'));
    try {
      const run = spawnSync('npx', ['--no', 'kubeward', 'examples/hardened'], {
        cwd: repo,
        encoding: 'utf8',
        env: { ...process.env, npm_config_cache: npmCache, npm_config_update_notifier: 'false' },
      });
      expect([run.status, run.stdout], run.stderr).toEqual([0, '']);
    } finally {
      fs.rmSync(npmCache, { recursive: true, force: true });
    }
  });

  it('the built CLI exits 1 on examples/insecure and 0 on examples/hardened', () => {
    const cli = path.join(repo, 'dist/src/cli/cli.js');
    const insecure = spawnSync(process.execPath, [cli, 'examples/insecure'], { cwd: repo, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(insecure.status).toBe(1);
    expect(insecure.stdout).toMatch(/✖ \d+ problems \(\d+ errors?, \d+ warnings?\)/);
    const hardened = spawnSync(process.execPath, [cli, 'examples/hardened'], { cwd: repo, encoding: 'utf8' });
    expect(hardened.status).toBe(0);
    expect(hardened.stdout).toBe('');
  });
});

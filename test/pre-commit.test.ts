/**
 * kubeward as a pre-commit hook, with the real `pre-commit` program: a temporary git repository whose
 * .pre-commit-config.yaml points at a git copy of this working tree. pre-commit installs the hook as it would from
 * GitHub: the hook is `language: script`, the committed bundle action-dist/kubeward.cjs (.pre-commit-hooks.yaml), so
 * installing it is the clone alone, with no npm install and no build. It runs it on the staged manifests, fails with
 * kubeward's diagnostics on insecure ones and passes on hardened ones. The time of the first run (the install) is
 * printed, not asserted: docs/pre-commit.md reports it.
 *
 * Skipped only when `pre-commit` is not installed and this is not CI; in CI (.ci/run installs it) it always runs.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { lintFiles } from '../src/engine/index.js';
import { stylish } from '../src/report/stylish.js';
import { commandExists, copyWorkingTree, git, repoRoot } from './worktree-copy.js';

const havePreCommit = commandExists('pre-commit');
const inCI = process.env.CI === 'true';
if (!havePreCommit && !inCI) {
  console.warn('test/pre-commit.test.ts skipped: the `pre-commit` program is not installed (apt-get install pre-commit; CI installs it)');
}

const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) && k !== 'FORCE_COLOR' && k !== 'INIT_CWD'));
env.NO_COLOR = '1';

function copyExamples(from: string, to: string) {
  for (const name of fs.readdirSync(from)) fs.copyFileSync(path.join(from, name), path.join(to, name));
}

describe.skipIf(!havePreCommit && !inCI)('pre-commit hook', () => {
  let target: string;
  let cache: string;

  beforeAll(() => {
    expect(havePreCommit, 'CI must have the pre-commit program (.ci/run installs it)').toBe(true);
    const hookRepo = copyWorkingTree('kubeward-hook-');
    git(hookRepo, 'init', '-q');
    git(hookRepo, 'add', '-A');
    git(hookRepo, 'commit', '-q', '-m', 'kubeward working tree');
    const rev = git(hookRepo, 'rev-parse', 'HEAD').trim();

    target = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kubeward-precommit-')));
    cache = path.join(target, '..', `${path.basename(target)}-cache`);
    git(target, 'init', '-q');
    fs.writeFileSync(path.join(target, '.pre-commit-config.yaml'), `repos:\n  - repo: ${hookRepo}\n    rev: ${rev}\n    hooks:\n      - id: kubeward\n`);
  }, 120_000);

  function preCommit() {
    const started = process.hrtime.bigint();
    const r = spawnSync('pre-commit', ['run', '--all-files', '--color', 'never'], {
      cwd: target,
      env: { ...env, PRE_COMMIT_HOME: cache },
      encoding: 'utf8',
      timeout: 900_000,
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { ...r, seconds };
  }

  it('fails with kubeward’s diagnostics on insecure manifests', async () => {
    copyExamples(path.join(repoRoot, 'examples/insecure'), target);
    git(target, 'add', '-A');
    const r = preCommit();
    console.log(`pre-commit: first run (installs the hook: a clone, nothing built or installed) took ${r.seconds.toFixed(1)} s`);
    // The install compiled and installed nothing: pre-commit's clone of the hook repository has no dist/ and no
    // node_modules/, and no environment of another language was made beside it.
    const clones = fs.readdirSync(cache).filter((name) => /^repo/.test(name) && fs.statSync(path.join(cache, name)).isDirectory());
    expect(clones).toHaveLength(1);
    const clone = path.join(cache, clones[0]);
    expect(fs.existsSync(path.join(clone, 'action-dist/kubeward.cjs'))).toBe(true);
    // (pre-commit makes a language's environment in the clone, as `node_env-system`.)
    expect(fs.readdirSync(clone).filter((name) => /^(dist|node_modules)$|_env-/.test(name))).toEqual([]);
    const names = git(target, 'ls-files').trim().split('\n');
    const expected = await stylish(await lintFiles(names, { cwd: target }), { cwd: target, color: false, rulesMeta: {} });
    expect(expected).toMatch(/error/);
    expect(r.stdout).toMatch(/^kubeward\.+Failed$/m);
    expect(r.stdout).toContain('- hook id: kubeward\n- exit code: 1\n');
    expect(r.stdout).toContain(expected.trim());
    expect(r.status).toBe(1);
  }, 900_000);

  it('passes on hardened manifests (the hook already installed: the time of a commit)', () => {
    for (const name of fs.readdirSync(target)) if (name.endsWith('.yaml') && name !== '.pre-commit-config.yaml') fs.rmSync(path.join(target, name));
    copyExamples(path.join(repoRoot, 'examples/hardened'), target);
    git(target, 'add', '-A');
    const r = preCommit();
    console.log(`pre-commit: run with the hook installed took ${r.seconds.toFixed(1)} s`);
    expect(r.stdout).toMatch(/^kubeward\.+Passed$/m);
    expect(r.status).toBe(0);
  }, 300_000);
});

/**
 * action-dist/ is committed (the runner starts action-dist/index.js from a checkout of kubeward at a tag, the
 * pre-commit hook runs action-dist/kubeward.cjs from its clone, and package.json's `bin` is action-dist/kubeward.cjs: none
 * installs or builds anything), so it must be exactly what the sources build: this rebuilds it in memory with
 * scripts/bundle-action.mjs (esbuild, a few seconds) and fails on any difference, as actions/typescript-action's
 * check-dist workflow does. After changing a source it bundles, run `npm run build:action` and commit action-dist/.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintFiles } from '../src/engine/index.js';
import { stylish } from '../src/report/stylish.js';
// @ts-expect-error: a build script in plain JavaScript, without types
import { ACTION_DIST, bundleAction } from '../scripts/bundle-action.mjs';

const repoRoot = path.resolve(import.meta.dirname, '..');
const HOW = 'action-dist/ is stale: run `npm run build:action` and commit action-dist/';

describe('action-dist/', () => {
  it('is what the sources build, byte for byte', async () => {
    const built = (await bundleAction({ write: false })) as Record<string, string>;
    const committed = Object.fromEntries(
      fs
        .readdirSync(ACTION_DIST as string)
        .sort()
        .map((name) => [name, fs.readFileSync(path.join(ACTION_DIST as string, name), 'utf8')]),
    );
    expect(Object.keys(committed), HOW).toEqual(Object.keys(built).sort());
    for (const [name, text] of Object.entries(built)) expect(committed[name] === text, `${HOW} (${name} differs)`).toBe(true);
  });

  it('holds the Action, the bin (an executable entry and the command it loads) and their worker', async () => {
    const binFiles = [
      'kubeward-ajv.cjs',
      'kubeward-cel.js',
      'kubeward-cli.cjs',
      'kubeward-globby.js',
      'kubeward-js-yaml.cjs',
      'kubeward-picomatch.cjs',
      'kubeward-yaml.cjs',
      'kubeward.cjs',
      'lint-worker.js',
    ];
    expect(fs.readdirSync(ACTION_DIST as string).sort()).toEqual(['index.js', ...binFiles]);
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { bin: Record<string, string>; files: string[] };
    expect(pkg.bin).toEqual({ kubeward: 'action-dist/kubeward.cjs' });
    for (const name of binFiles) expect(pkg.files).toContain(`action-dist/${name}`);
    const hooks = fs.readFileSync(path.join(repoRoot, '.pre-commit-hooks.yaml'), 'utf8');
    expect(hooks).toMatch(/^ {2}entry: action-dist\/kubeward\.cjs --no-warn-ignored$/m);
    expect(hooks).toMatch(/^ {2}language: script$/m);
    // Run by its shebang line (pre-commit, npm's bin link): executable, in the file system and in git.
    // A CommonJS file (.cjs: the package is "type": "module"), strict as the ES module it is built from: Node.js runs
    // it without its ESM loader (src/cli/bin.ts).
    const entry = path.join(ACTION_DIST as string, 'kubeward.cjs');
    expect(fs.readFileSync(entry, 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n"use strict";\n/);
    expect(fs.readFileSync(entry, 'utf8')).not.toMatch(/^import\s|\bimport\.meta\b|^export\s/m);
    expect(fs.statSync(entry).mode & 0o111, 'action-dist/kubeward.cjs is not executable: run `npm run build:action`').toBe(0o111);
    const staged = spawnSync('git', ['ls-files', '-s', 'action-dist/kubeward.cjs'], { cwd: repoRoot, encoding: 'utf8' });
    if (staged.status === 0 && staged.stdout) expect(staged.stdout, 'git must record action-dist/kubeward.cjs as executable').toMatch(/^100755 /);
  });

  it('runs as the bin from a checkout: the same report as the sources, with the checks’ READMEs and the schemas', async () => {
    const target = path.join(repoRoot, 'examples/insecure');
    const r = spawnSync(path.join(ACTION_DIST as string, 'kubeward.cjs'), [target], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    const expected = await stylish(await lintFiles([target], { cwd: repoRoot }), { cwd: repoRoot, color: false, rulesMeta: {} });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(expected);
    expect(r.status).toBe(1);
    const explain = spawnSync(path.join(ACTION_DIST as string, 'kubeward.cjs'), ['--explain', 'no-privileged'], { cwd: repoRoot, encoding: 'utf8' });
    expect(explain.stdout).toMatch(/^no-privileged\n=+\n\nContainers must not run privileged/);
    expect(explain.status).toBe(0);
  });

  it('needs nothing from node_modules: every import is a relative chunk or a Node.js module', () => {
    for (const name of fs.readdirSync(ACTION_DIST as string)) {
      const text = fs.readFileSync(path.join(ACTION_DIST as string, name), 'utf8');
      // (ajv keeps `require("ajv/dist/runtime/equal")` as text, inside a string, for its standalone code: not an import.)
      const specifiers = [
        ...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|(?<!['"`])\brequire\s*\(\s*|\(import\.meta\.url\)\(\s*)["']([@a-z][\w./@-]*)["']/gi),
      ].map((m) => m[1]);
      const bare = specifiers.filter((s) => !s.startsWith('./') && !s.startsWith('node:') && !NODE_BUILTINS.has(s.split('/')[0]));
      expect(bare, `${name} imports packages that a checkout of the Action does not have`).toEqual([]);
    }
  });
});

const NODE_BUILTINS = new Set((await import('node:module')).builtinModules.flatMap((m) => [m, m.split('/')[0]]));

/**
 * `npx kubeward` from the published package, for real: `npm pack` a copy of this working tree (its `prepack` script
 * builds dist/, the library; the bin is the committed bundle in action-dist/), install the tarball into an empty folder (production dependencies only), and run its bin on
 * examples/. The output must be exactly what the sources print for the same files.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { lintFiles } from '../src/engine/index.js';
import { stylish } from '../src/report/stylish.js';
import { copyWorkingTree, repoRoot } from './worktree-copy.js';

/** The environment for child npm commands: none of the npm_* variables of the npm that started the tests. */
const npmEnv: NodeJS.ProcessEnv = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) && k !== 'FORCE_COLOR' && k !== 'INIT_CWD'),
);
npmEnv.NO_COLOR = '1';

describe('npm package', () => {
  let tarball: string;
  let files: string[];
  let app: string;

  beforeAll(() => {
    const source = copyWorkingTree('kubeward-pack-src-');
    // The build needs the dev dependencies (TypeScript): borrow this checkout's.
    fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(source, 'node_modules'), 'dir');
    const out = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kubeward-pack-out-')));
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--pack-destination', out], { cwd: source, env: npmEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }),
    );
    tarball = path.join(out, packed[0].filename);
    files = packed[0].files.map((f: { path: string }) => f.path).sort();
    console.log(`kubeward tarball: ${packed[0].filename}, ${packed[0].size} bytes packed, ${packed[0].unpackedSize} bytes unpacked, ${files.length} files`);

    app = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kubeward-npx-')));
    // An empty project: without a package.json, npm would install into the nearest parent folder that has one.
    fs.writeFileSync(path.join(app, 'package.json'), '{ "private": true }\n');
    execFileSync('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', '--loglevel=error', tarball], { cwd: app, env: npmEnv, stdio: 'pipe' });
  }, 600_000);

  it('ships only what runs: the bin bundle, dist without tests, cases or source maps, schemas, docs, every check README, README, CHANGELOG', () => {
    expect(files).toContain('package.json');
    expect(files).toContain('README.md');
    expect(files).toContain('dist/src/cli/cli.js');
    // The bin: the committed, self-contained bundle of the command line (its entry, the command and its worker thread
    // module), not the Action's bundle beside it, nor dist/cli/ (the development build of the bin).
    expect(files.filter((f) => f.startsWith('action-dist/'))).toEqual([
      'action-dist/kubeward-ajv.cjs',
      'action-dist/kubeward-cel.js',
      'action-dist/kubeward-cli.cjs',
      'action-dist/kubeward-globby.js',
      'action-dist/kubeward-js-yaml.cjs',
      'action-dist/kubeward-picomatch.cjs',
      'action-dist/kubeward-yaml.cjs',
      'action-dist/kubeward.cjs',
      'action-dist/lint-worker.js',
    ]);
    expect(files.filter((f) => f.startsWith('dist/cli/'))).toEqual([]);
    expect(files).toContain('dist/src/index.js');
    expect(files).toContain('dist/src/index.d.ts');
    expect(files).toContain('dist/checks/index.js');
    expect(files.some((f) => f.startsWith('schemas/'))).toBe(true);
    expect(files.some((f) => f.startsWith('docs/'))).toBe(true);
    expect(files).toContain('CHANGELOG.md');
    // Every check's README, which --explain prints (and nothing else of checks/ but its built code).
    const readmes = fs
      .readdirSync(path.join(repoRoot, 'checks'), { withFileTypes: true })
      .filter((d) => d.isDirectory() && fs.existsSync(path.join(repoRoot, 'checks', d.name, 'index.ts')))
      .map((d) => `checks/${d.name}/README.md`);
    expect(readmes.length).toBeGreaterThan(20);
    expect(files.filter((f) => f.startsWith('checks/'))).toEqual(readmes.sort());
    const unexpected = files.filter(
      (f) =>
        !/^(dist|schemas|docs|action-dist)\//.test(f) &&
        !/^checks\/[\w-]+\/README\.md$/.test(f) &&
        !['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE'].includes(f),
    );
    expect(unexpected).toEqual([]);
    expect(files.filter((f) => /\.map$|\.test\.|\/cases\.|^dist\/test\/|\.ts$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
  });

  it('installs with no dev dependencies, and links the bin to the committed bundle', () => {
    const modules = fs.readdirSync(path.join(app, 'node_modules'));
    expect(modules).toContain('kubeward');
    for (const dev of ['typescript', 'vitest', '@types', 'esbuild']) expect(modules).not.toContain(dev);
    expect(fs.realpathSync(path.join(app, 'node_modules/.bin/kubeward'))).toBe(path.join(app, 'node_modules/kubeward/action-dist/kubeward.cjs'));
  });

  it('the library entries load from the installed package (dist/, built by prepack)', () => {
    const r = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "const k = await import('kubeward'); const t = await import('kubeward/testing'); console.log(typeof k.lintFiles, Object.keys(t).length > 0)",
      ],
      { cwd: app, env: npmEnv, encoding: 'utf8' },
    );
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('function true\n');
  });

  it('`npx kubeward <dir>` in an empty folder prints exactly what the sources print, and exits 1 on errors', async () => {
    const target = path.join(repoRoot, 'examples/insecure');
    const r = spawnSync('npx', ['--no', 'kubeward', target], { cwd: app, env: npmEnv, encoding: 'utf8' });
    const expected = await stylish(await lintFiles([target], { cwd: app }), { cwd: app, color: false, rulesMeta: {} });
    expect(r.stderr.replace(/npm warn Unknown user config.*\n/g, '')).toBe('');
    expect(r.stdout).toBe(expected);
    expect(r.stdout).toMatch(/\d+ problems? \(\d+ errors?, \d+ warnings?\)/);
    expect(r.status).toBe(1);
  });

  it('exits 0 on the hardened examples and prints the other formats', () => {
    const hardened = spawnSync('npx', ['--no', 'kubeward', path.join(repoRoot, 'examples/hardened')], { cwd: app, env: npmEnv, encoding: 'utf8' });
    expect(hardened.stdout).toBe('');
    expect(hardened.status).toBe(0);
    // The installed bin, run from this checkout so the SARIF URIs are relative to it.
    const sarif = spawnSync(path.join(app, 'node_modules/.bin/kubeward'), ['--format', 'sarif', 'examples/insecure'], {
      cwd: repoRoot,
      env: npmEnv,
      encoding: 'utf8',
    });
    expect(sarif.stderr).toBe('');
    const log = JSON.parse(sarif.stdout);
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0].results.length).toBeGreaterThan(0);
    expect(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toMatch(/^examples\/insecure\/[\w-]+\.yaml$/);
    expect(log.runs[0].tool.driver.rules[0].helpUri).toMatch(/^https:\/\/github\.com\/kubeward\/kubeward\/blob\/v\d+\.\d+\.\d+\//);
  });

  it('runs every built-in format as this checkout does', () => {
    const installed = path.join(app, 'node_modules/.bin/kubeward');
    const checkout = path.join(repoRoot, 'dist/cli/kubeward.js');
    for (const format of ['stylish', 'json', 'sarif', 'github', 'junit', 'checkstyle']) {
      const args = ['--format', format, 'examples/insecure'];
      const r = spawnSync(installed, args, { cwd: repoRoot, env: npmEnv, encoding: 'utf8' });
      const expected = spawnSync(process.execPath, [checkout, ...args], { cwd: repoRoot, env: npmEnv, encoding: 'utf8' });
      expect({ format, code: r.status, stderr: r.stderr }).toEqual({ format, code: 1, stderr: '' });
      expect(r.stdout.length, format).toBeGreaterThan(100);
      expect(r.stdout, format).toBe(expected.stdout);
    }
  });

  it('`--explain` prints a check README from the installed package', () => {
    // The README read is the package's own, in node_modules: the empty folder has no checkout.
    expect(fs.existsSync(path.join(app, 'node_modules/kubeward/checks/no-privileged/README.md'))).toBe(true);
    const r = spawnSync(path.join(app, 'node_modules/.bin/kubeward'), ['--explain', 'no-privileged'], { cwd: app, env: npmEnv, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^no-privileged\n=============\n\nContainers must not run privileged/);
    expect(r.stdout).toContain('\nOn the command line: kubeward --rule no-privileged:off\n');
    const checkout = spawnSync(process.execPath, [path.join(repoRoot, 'dist/cli/kubeward.js'), '--explain', 'no-privileged'], { cwd: app, encoding: 'utf8' });
    expect(r.stdout).toBe(checkout.stdout);
    // The file read is the installed one: a line added to it shows up.
    fs.appendFileSync(path.join(app, 'node_modules/kubeward/checks/no-privileged/README.md'), '\nRead from the installed package.\n');
    const again = spawnSync(path.join(app, 'node_modules/.bin/kubeward'), ['--explain', 'no-privileged'], { cwd: app, env: npmEnv, encoding: 'utf8' });
    expect(again.stdout).toContain('\nRead from the installed package.\n\nTurn it off or change its level\n');
  });
});

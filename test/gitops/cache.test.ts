/**
 * --cache with rendering, and a run that names one file: the renders are counted by a kubectl that logs each call
 * (a shell script in front of the real one of ../shared/tools). An unchanged repository re-renders nothing; a changed
 * patch re-renders only the overlay that reads it; a changed base, both overlays; a run that names one staged file
 * renders only the entry points that read it, and reports the file through them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lintFiles, type LintOptions } from '../../src/engine/index.js';
import { cleanup, DEPLOYMENT, kubectl, lines, only, PRIVILEGED_PATCH, privileged, repo, skipNote, tempDir } from './helpers.js';

afterAll(cleanup);

/** A `kubectl` that appends the entry point folder it renders (from the wrapper kustomization) to `log`. */
function loggingKubectl(log: string): string {
  const dir = tempDir('kubeward-tools-');
  const script = path.join(dir, 'kubectl');
  // One write per call (renders run in parallel): the wrapper folder, a tab, the wrapper kustomization on one line.
  fs.writeFileSync(script, `#!/bin/sh\nline="$2\t$(tr -d '\\n' < "$2/kustomization.yaml")"\nprintf '%s\\n' "$line" >> '${log}'\nexec '${kubectl}' "$@"\n`);
  fs.chmodSync(script, 0o755);
  return script;
}

/** The entry points rendered since the last call, by their folder relative to `root`. */
function rendersOf(log: string, root: string, from: { line: number }): string[] {
  const all = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
  const fresh = all.slice(from.line);
  from.line = all.length;
  return fresh
    .map((l) => {
      const [wrapper, json] = l.split('\t');
      return path.relative(root, path.resolve(wrapper, (JSON.parse(json) as { resources: string[] }).resources[0]));
    })
    .sort();
}

(kubectl ? describe : describe.skip)(`renders with --cache${skipNote('kubectl', kubectl)}`, () => {
  it('an unchanged repository re-renders nothing; a change re-renders the entry points that read the file', async () => {
    const dir = repo({
      'base/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
      'base/deployment.yaml': DEPLOYMENT,
      'overlays/prod/kustomization.yaml': 'resources:\n  - ../../base\npatches:\n  - path: patch.yaml\n',
      'overlays/prod/patch.yaml': PRIVILEGED_PATCH,
      'overlays/staging/kustomization.yaml': 'resources:\n  - ../../base\n',
    });
    const log = path.join(tempDir(), 'calls.log');
    const cacheDir = tempDir('kubeward-cache-');
    const options: LintOptions = {
      kustomize: loggingKubectl(log),
      config: only('no-privileged'),
      cwd: dir,
      root: dir,
      concurrency: 'off',
      cache: true,
      cacheLocation: `${cacheDir}/`,
    };
    const at = { line: 0 };
    const want = [`overlays/prod/patch.yaml:11:25 no-privileged ${privileged()} (in overlays/prod)`];

    const first = await lintFiles([dir], options);
    expect(lines(first, dir, 'no-privileged')).toEqual(want);
    expect(rendersOf(log, dir, at)).toEqual(['overlays/prod', 'overlays/staging']);

    const second = await lintFiles([dir], options);
    expect(second).toEqual(first);
    expect(rendersOf(log, dir, at)).toEqual([]);

    fs.writeFileSync(path.join(dir, 'overlays/prod/patch.yaml'), PRIVILEGED_PATCH.replace('privileged: true', 'privileged: false'));
    const third = await lintFiles([dir], options);
    expect(lines(third, dir, 'no-privileged')).toEqual([]);
    expect(rendersOf(log, dir, at)).toEqual(['overlays/prod']);

    fs.writeFileSync(path.join(dir, 'base/deployment.yaml'), DEPLOYMENT.replace('1.0.0', '1.0.1'));
    await lintFiles([dir], options);
    expect(rendersOf(log, dir, at)).toEqual(['overlays/prod', 'overlays/staging']);

    // Back to a state seen before: served again without a render.
    fs.writeFileSync(path.join(dir, 'overlays/prod/patch.yaml'), PRIVILEGED_PATCH);
    fs.writeFileSync(path.join(dir, 'base/deployment.yaml'), DEPLOYMENT);
    expect(lines(await lintFiles([dir], options), dir, 'no-privileged')).toEqual(want);
    expect(rendersOf(log, dir, at)).toEqual([]);
  });

  it('a run that names one file renders only the entry points that read it, and reports the file through them', async () => {
    const dir = repo({
      'base/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
      'base/deployment.yaml': DEPLOYMENT,
      'overlays/prod/kustomization.yaml': 'resources:\n  - ../../base\npatches:\n  - path: patch.yaml\n',
      'overlays/prod/patch.yaml': PRIVILEGED_PATCH,
      'overlays/staging/kustomization.yaml': 'resources:\n  - ../../base\n',
      'other/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
      'other/deployment.yaml': DEPLOYMENT.replace('name: web', 'name: other'),
    });
    const log = path.join(tempDir(), 'calls.log');
    const options: LintOptions = { kustomize: loggingKubectl(log), config: only('no-privileged'), cwd: dir, root: dir, concurrency: 'off' };
    const at = { line: 0 };

    const patch = await lintFiles([path.join(dir, 'overlays/prod/patch.yaml')], options);
    expect(lines(patch, dir, 'no-privileged')).toEqual([`overlays/prod/patch.yaml:11:25 no-privileged ${privileged()} (in overlays/prod)`]);
    expect(rendersOf(log, dir, at)).toEqual(['overlays/prod']);

    // A base file: both overlays read it.
    await lintFiles([path.join(dir, 'base/deployment.yaml')], options);
    expect(rendersOf(log, dir, at)).toEqual(['overlays/prod', 'overlays/staging']);

    // A file no entry point reads besides its own: only that one.
    await lintFiles([path.join(dir, 'other/deployment.yaml')], options);
    expect(rendersOf(log, dir, at)).toEqual(['other']);
  });
});

/**
 * What GitOps deploys, linted end to end (lintFiles and the CLI) with the real kubectl of ../shared/tools: findings on
 * the source line that set the value, named by the entry points that deploy it, one message for a base that several
 * overlays share; without the tools, one notice and patches checked for the values they set; --no-render file by file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lintFiles, lintFilesStreamed, type LintOptions } from '../../src/engine/index.js';
import type { LintResult } from '../../src/shared/types.js';
import { projectRoot } from '../shared-dir.js';
import { cleanup, DEPLOYMENT, kubectl, lines, only, PRIVILEGED_PATCH, privileged, repo, tempDir } from './helpers.js';

afterAll(cleanup);

const PRIVILEGED = privileged();
const HOST_NETWORK_OFF = { rules: { schema: 'off' as const } };

(kubectl ? describe : describe.skip)(`rendered with kubectl${kubectl ? '' : ' (skipped: ../shared/tools/kubectl is absent)'}`, () => {
  const options = (config: LintOptions['config']): LintOptions => ({ kustomize: kubectl, config, concurrency: 'off' });

  it('reports a patch file that makes a base privileged at the patch line, naming the overlay', async () => {
    const dir = repo({
      'base/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
      'base/deployment.yaml': DEPLOYMENT,
      'overlays/prod/kustomization.yaml': 'resources:\n  - ../../base\npatches:\n  - path: patch.yaml\n',
      'overlays/prod/patch.yaml': PRIVILEGED_PATCH,
    });
    const results = await lintFiles([dir], { ...options(only('no-privileged')), cwd: dir, root: dir });
    expect(lines(results, dir, 'no-privileged')).toEqual([`overlays/prod/patch.yaml:11:25 no-privileged ${PRIVILEGED} (in overlays/prod)`]);
  });

  it('streams results with renders as each is made: the same results, in the same order, as lintFiles', async () => {
    const dir = repo({
      'a/one.yaml': DEPLOYMENT.replace('name: web', 'name: one'),
      'a/two.yaml': DEPLOYMENT.replace('name: web', 'name: two'),
      'base/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
      'base/deployment.yaml': DEPLOYMENT,
      'overlays/prod/kustomization.yaml': 'resources:\n  - ../../base\npatches:\n  - path: patch.yaml\n',
      'overlays/prod/patch.yaml': PRIVILEGED_PATCH,
      'z/three.yaml': DEPLOYMENT.replace('name: web', 'name: three'),
    });
    const run = { ...options(undefined), cwd: dir, root: dir };
    const whole = await lintFiles([dir], run);
    const events: string[] = [];
    const streamed: LintResult[] = [];
    await lintFilesStreamed([dir], { ...run, onProgress: () => events.push('progress') }, (result) => {
      events.push(`result ${path.relative(dir, result.filePath)}`);
      streamed.push(result);
    });
    expect(streamed).toEqual(whole);
    expect(lines(whole, dir, 'no-privileged')).toEqual([`overlays/prod/patch.yaml:11:25 no-privileged ${PRIVILEGED} (in overlays/prod)`]);
    // a/one.yaml is reported as soon as it is linted, before the files after it are (the renders' files in their turn).
    expect(events.slice(0, 3)).toEqual(['result a/one.yaml', 'progress', 'result a/two.yaml']);
    expect(events.filter((e) => e.startsWith('result'))).toEqual(whole.map((r) => `result ${path.relative(dir, r.filePath)}`));
  });

  it('reports an inline JSON 6902 patch at its value, and a base two overlays share once, naming both', async () => {
    const dir = repo({
      'base/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
      'base/deployment.yaml': DEPLOYMENT.replace('        - name: app\n', '        - name: app\n          securityContext:\n            privileged: true\n'),
      'overlays/a/kustomization.yaml': 'resources:\n  - ../../base\n',
      'overlays/b/kustomization.yaml': [
        'resources:',
        '  - ../../base',
        'patches:',
        '  - target: {kind: Deployment, name: web}',
        '    patch: |-',
        '      - op: add',
        '        path: /spec/template/spec/hostNetwork',
        '        value: true',
        '',
      ].join('\n'),
    });
    const results = await lintFiles([dir], { ...options(only('no-privileged')), cwd: dir, root: dir });
    expect(lines(results, dir, 'no-privileged')).toEqual([`base/deployment.yaml:15:25 no-privileged ${PRIVILEGED} (in overlays/a and overlays/b)`]);
    const host = await lintFiles([dir], { ...options(only('no-host-namespaces')), cwd: dir, root: dir });
    expect(lines(host, dir, 'no-host-namespaces').map((l) => l.split(' ')[0])).toEqual(['overlays/b/kustomization.yaml:8:16']);
  });

  it('gives no finding when the only overlay fixes what its base gets wrong', async () => {
    const dir = repo({
      'base/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
      'base/deployment.yaml': DEPLOYMENT.replace('        - name: app\n', '        - name: app\n          securityContext:\n            privileged: true\n'),
      'overlays/prod/kustomization.yaml': 'resources:\n  - ../../base\npatches:\n  - path: patch.yaml\n',
      'overlays/prod/patch.yaml': PRIVILEGED_PATCH.replace('privileged: true', 'privileged: false'),
    });
    const results = await lintFiles([dir], { ...options(only('no-privileged')), cwd: dir, root: dir });
    expect(lines(results, dir, 'no-privileged')).toEqual([]);
  });

  it('reports a broken kustomization once at its file, and still lints the good one beside it', async () => {
    const dir = repo({
      'good/kustomization.yaml': 'resources:\n  - deployment.yaml\npatches:\n  - path: patch.yaml\n',
      'good/deployment.yaml': DEPLOYMENT,
      'good/patch.yaml': PRIVILEGED_PATCH,
      'broken/kustomization.yaml': 'resources:\n  - missing.yaml\n',
    });
    const results = await lintFiles([dir], { ...options(only('no-privileged')), cwd: dir, root: dir });
    const got = lines(results, dir, 'no-privileged');
    expect(got).toHaveLength(2);
    expect(got[0]).toMatch(/^broken\/kustomization\.yaml:1:1 - kustomize build failed: .*missing\.yaml/);
    expect(got[1]).toBe(`good/patch.yaml:11:25 no-privileged ${PRIVILEGED} (in good)`);
  });

  it('puts the objects in the namespace the kustomization sets, for no-default-namespace', async () => {
    const dir = repo({ 'app/kustomization.yaml': 'namespace: shop\nresources:\n  - deployment.yaml\n', 'app/deployment.yaml': DEPLOYMENT });
    const rendered = await lintFiles([dir], { ...options(only('no-default-namespace')), cwd: dir, root: dir });
    expect(lines(rendered, dir, 'no-default-namespace')).toEqual([]);
  });
});

describe('without the tools', () => {
  const noTools = tempDir('kubeward-no-tools-');

  it('says once that nothing was rendered, and checks patches for the values they set only', async () => {
    const dir = repo({
      'base/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
      'base/deployment.yaml': DEPLOYMENT,
      'overlays/prod/kustomization.yaml': 'resources:\n  - ../../base\npatches:\n  - path: patch.yaml\n',
      'overlays/prod/patch.yaml': PRIVILEGED_PATCH,
    });
    // Program names that exist nowhere: the lookup on PATH finds neither kustomize nor kubectl.
    const results = await lintFiles([dir], { kustomize: path.join(noTools, 'kubectl'), config: HOST_NETWORK_OFF, cwd: dir, root: dir, concurrency: 'off' });
    const got = lines(results, dir);
    expect(got.filter((l) => l.includes('overlays/prod/patch.yaml'))).toEqual([`overlays/prod/patch.yaml:11:25 no-privileged ${PRIVILEGED}`]);
    expect(got.filter((l) => l.includes('not found'))).toEqual([
      'overlays/prod/kustomization.yaml:1:1 - kustomize not found: install kustomize or kubectl, or pass --no-render (1 entry point not rendered: their files are linted one by one, patches for the values they set)',
    ]);
  });

  it('--no-render (render: false) lints file by file: patches are not checked', async () => {
    const dir = repo({
      'app/kustomization.yaml': 'resources:\n  - deployment.yaml\npatches:\n  - path: patch.yaml\n',
      'app/deployment.yaml': DEPLOYMENT,
      'app/patch.yaml': PRIVILEGED_PATCH,
    });
    const results = await lintFiles([dir], { render: false, config: HOST_NETWORK_OFF, cwd: dir, root: dir });
    expect(lines(results, dir).filter((l) => l.includes('patch.yaml'))).toEqual([]);
  });

  it('refuses a config that names a program inside the repository', async () => {
    const dir = repo({ 'app/kustomization.yaml': 'resources: []\n', 'tools/kustomize': '#!/bin/sh\n' });
    await expect(lintFiles([dir], { config: { render: { kustomize: path.join(dir, 'tools/kustomize') } }, cwd: dir, root: dir })).rejects.toThrow(
      /render\.kustomize: ".*tools\/kustomize" must be a program name looked up on PATH or an absolute path outside the repository/,
    );
  });
});

it('examples/gitops: the README shows one finding, at the patch line', () => {
  expect(fs.readFileSync(path.join(projectRoot, 'examples/gitops/overlays/prod/debug-patch.yaml'), 'utf8').split('\n')[11]).toBe(
    '            privileged: true',
  );
});

/**
 * The CLI's exit codes on a GitOps repository (the built bin, with the real kubectl of ../shared/tools, on a copy of
 * examples/gitops): 1 when an overlay's patch makes the hardened base privileged, 0 once the patch is fixed, 0 with
 * --no-render (the patch alone is not checked then), 1 for a kustomization that does not render, 2 for a config that
 * names a program of the linted tree, 0 with one notice when no tool is found.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../shared-dir.js';
import { cleanup, DEPLOYMENT, kubectl, repo, skipNote } from './helpers.js';

afterAll(cleanup);

const bin = path.join(projectRoot, 'dist/cli/kubeward.cjs');
const example = path.join(projectRoot, 'examples/gitops');
/** Only the check under test, where a fixture is not hardened. */
const ONLY_PRIVILEGED = JSON.stringify({
  extends: 'strict',
  rules: Object.fromEntries(checkIds().map((id) => [id, id === 'no-privileged' ? 'error' : 'off'])),
});

function checkIds(): string[] {
  return ['schema', ...fs.readdirSync(path.join(projectRoot, 'checks')).filter((n) => !n.startsWith('_') && !n.includes('.'))];
}

function kubeward(dir: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [bin, '--no-color', ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** examples/gitops (a hardened base, two overlays) in a repository of its own, with prod's patch as given. */
function layout(patch?: string): string {
  const files: Record<string, string> = {};
  for (const rel of [
    'base/deployment.yaml',
    'base/kustomization.yaml',
    'base/policies.yaml',
    'overlays/prod/debug-patch.yaml',
    'overlays/prod/kustomization.yaml',
    'overlays/staging/kustomization.yaml',
  ])
    files[rel] = fs.readFileSync(path.join(example, rel), 'utf8');
  if (patch !== undefined) files['overlays/prod/debug-patch.yaml'] = patch;
  return repo(files);
}

(kubectl ? describe : describe.skip)(`the CLI's exit codes with kubectl${skipNote('kubectl', kubectl)}`, () => {
  it('1 for a patch that makes the base privileged, reported at the patch line; 0 once it is fixed', () => {
    const bad = layout();
    const found = kubeward(bad, '--kustomize', kubectl!, '--root', '.', '.');
    expect(found.stderr).toBe('');
    expect(found.code).toBe(1);
    expect(found.stdout.split('\n').slice(0, 3)).toEqual([
      '',
      path.join(bad, 'overlays/prod/debug-patch.yaml'),
      '  12:25  error  Deployment "shop" container "shop" runs privileged: it gets every capability and every host device, so a breakout is one step away; remove securityContext.privileged or set it to false (in overlays/prod)  no-privileged',
    ]);
    const good = layout(fs.readFileSync(path.join(example, 'overlays/prod/debug-patch.yaml'), 'utf8').replace('privileged: true', 'privileged: false'));
    const clean = kubeward(good, '--kustomize', kubectl!, '--root', '.', '.');
    expect({ code: clean.code, stdout: clean.stdout }).toEqual({ code: 0, stdout: '' });
  });

  it('0 with --no-render: the patch alone is a partial object, checked by the schema rule only', () => {
    const result = kubeward(layout(), '--no-render', '--root', '.', '.');
    expect({ code: result.code, stdout: result.stdout }).toEqual({ code: 0, stdout: '' });
  });

  it("1 for a kustomization that does not render, with Kustomize's own error at its file", () => {
    const dir = repo({ '.kubeward.json': ONLY_PRIVILEGED, 'broken/kustomization.yaml': 'resources:\n  - missing.yaml\n' });
    const result = kubeward(dir, '--kustomize', kubectl!, '-f', 'json', '.');
    expect(result.code).toBe(1);
    const [file, ...others] = (
      JSON.parse(result.stdout) as Array<{ filePath: string; messages: Array<{ line: number; column: number; message: string; severity: number }> }>
    ).filter((r) => r.messages.length > 0);
    expect(others).toEqual([]);
    expect(path.relative(dir, file.filePath)).toBe('broken/kustomization.yaml');
    expect(file.messages).toHaveLength(1);
    expect(file.messages[0]).toMatchObject({ line: 1, column: 1, severity: 2 });
    expect(file.messages[0].message).toMatch(/^kustomize build failed: error: .*missing\.yaml/);
  });
});

describe('the CLI without the tools', () => {
  it('2 for a config that names a program inside the linted tree', () => {
    const dir = repo({ 'app/kustomization.yaml': 'resources: []\n', 'tools/kustomize': '#!/bin/sh\n' });
    fs.writeFileSync(path.join(dir, '.kubeward.yaml'), `render:\n  kustomize: ${path.join(dir, 'tools/kustomize')}\n`);
    const result = kubeward(dir, '.');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /render\.kustomize: ".*tools\/kustomize" must be a program name looked up on PATH or an absolute path outside the repository/,
    );
  });

  it('0 with one notice when no tool is found and nothing is wrong', () => {
    const dir = repo({ '.kubeward.json': ONLY_PRIVILEGED, 'app/kustomization.yaml': 'resources:\n  - deployment.yaml\n', 'app/deployment.yaml': DEPLOYMENT });
    const result = kubeward(dir, '--kustomize', path.join(dir, 'nowhere', 'kubectl'), '-f', 'json', '.');
    expect(result.code).toBe(0);
    const notices = (JSON.parse(result.stdout) as Array<{ notices?: Array<{ message: string }> }>).flatMap((r) => r.notices ?? []).map((n) => n.message);
    expect(notices.filter((m) => m.includes('not found'))).toEqual([
      'kustomize not found: install kustomize or kubectl, or pass --no-render (1 entry point not rendered: their files are linted one by one, patches for the values they set)',
    ]);
  });
});

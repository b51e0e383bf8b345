/**
 * Issue #14, policy changes made by the linted tree are visible on the command line: a deleted baseline is an error,
 * a nested config is named (configs do not cascade), a config turning every check off and ignorePatterns leaving
 * nothing to lint each give a warning line instead of a quiet exit 0. Nothing outside the tree changes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, pod, sandbox } from './io-sandbox.js';

const ALL_OFF = 'extends: [recommended]\nrules:\n';

describe('policy changes from the tree are said out loud', () => {
  it('--baseline with the file deleted by the pull request: exit 2, says to pass --update-baseline; nothing written', async () => {
    const box = sandbox();
    box.write('k8s/pod.yaml', pod('web'));
    const before = box.snapshot();
    const out = await cli(['k8s', '--no-config', '--baseline', 'kubeward-baseline.json'], box.repo);
    expect(out).toEqual({
      code: 2,
      stdout: '',
      stderr: "kubeward: Baseline kubeward-baseline.json not found; pass --update-baseline to create it (with today's findings)\n",
    });
    expect(fs.existsSync(path.join(box.repo, 'kubeward-baseline.json'))).toBe(false);
    expect(box.snapshot()).toEqual(before);
  });

  it('a nested .kubeward.yaml below the root config is named as not applied', async () => {
    const box = sandbox();
    box.write('.kubeward.yaml', 'extends: [strict]\n');
    box.write('deploy/.kubeward.yaml', 'rules:\n  run-as-non-root: off\n');
    box.write('deploy/pod.yaml', pod('web'));
    const out = await cli(['.', '-f', 'json'], box.repo);
    expect(out.code).toBe(1);
    expect(out.stderr).toBe(
      'kubeward: warning: deploy/.kubeward.yaml is not applied: one config is in charge of a run (.kubeward.yaml) and configs do not cascade; ' +
        'move its rules into .kubeward.yaml as overrides, or lint its folder on its own\n',
    );
    // The strict root config is the one applied.
    const results = JSON.parse(out.stdout) as Array<{ filePath: string; messages: Array<{ ruleId: string }> }>;
    expect(results.find((r) => r.filePath.endsWith('deploy/pod.yaml'))!.messages.map((m) => m.ruleId)).toContain('run-as-non-root');
  });

  it('a nested config in charge (its folder linted on its own) is named, with the config it shadows', async () => {
    const box = sandbox();
    box.write('.kubeward.yaml', 'extends: [strict]\n');
    box.write('deploy/.kubeward.yaml', 'rules:\n  run-as-non-root: off\n');
    box.write('deploy/pod.yaml', pod('web'));
    const out = await cli(['deploy', '-f', 'json'], box.repo);
    expect(out.stderr).toBe(
      'kubeward: warning: deploy/.kubeward.yaml is in charge of this run, not .kubeward.yaml above it (configs do not cascade: the nearest one wins)\n',
    );
  });

  it('a config that turns every check off warns (exit 0 still, nothing checked)', async () => {
    const box = sandbox();
    const list = (await cli(['--list-checks', '--no-config'], box.repo)).stdout
      .trim()
      .split('\n')
      .map((l) => l.split(/\s+/)[0]);
    box.write('.kubeward.yaml', ALL_OFF + [...list, 'schema'].map((id) => `  ${id}: off\n`).join(''));
    box.write('k8s/pod.yaml', pod('web'));
    const out = await cli(['k8s'], box.repo);
    expect(out).toEqual({ code: 0, stdout: '', stderr: 'kubeward: warning: .kubeward.yaml turns every check off: nothing was checked\n' });
  });

  it('ignorePatterns that leave out every manifest warn', async () => {
    const box = sandbox();
    box.write('.kubeward.yaml', 'ignorePatterns: ["**"]\n');
    box.write('k8s/pod.yaml', pod('web'));
    box.write('k8s/api.yaml', pod('api'));
    // As ESLint: a folder that yields no file to lint is an error (exit 2), so a CI run cannot pass on nothing.
    const out = await cli(['k8s'], box.repo);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('No files matching the pattern "k8s" were found.');
    // Told to pass anyway, the run still says why nothing was linted.
    const passing = await cli(['--no-error-on-unmatched-pattern', 'k8s'], box.repo);
    expect(passing.code).toBe(0);
    expect(passing.stderr).toBe(
      'kubeward: no YAML or JSON files found in "k8s"\nkubeward: warning: ignorePatterns in .kubeward.yaml leave out all 2 manifests of the run: nothing was linted\n',
    );
  });

  it('a config that changes nothing of the kind says nothing', async () => {
    const box = sandbox();
    box.write('.kubeward.yaml', 'rules:\n  image-tag: warn\n');
    box.write('k8s/pod.yaml', pod('web'));
    const out = await cli(['k8s'], box.repo);
    expect(out.code).toBe(1);
    expect(out.stderr).toBe('');
  });
});

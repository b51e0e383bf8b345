/**
 * A plugin as its users get one: a temporary project with kubeward installed in its node_modules (linked to this
 * checkout, as `npm link` or a workspace gives it; the packed tarball is installed for real in test/pack.test.ts) and a
 * plugin package beside it that imports `kubeward/testing`. The plugin's own tests run the CheckTester under node:test,
 * and fail when a case is wrong; the installed bin then runs the plugin's check: output, SARIF rules, suppression.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../shared-dir.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const plugin = `export const checks = [
  {
    meta: {
      id: 'acme/team-label',
      description: 'Workloads carry a team label.',
      severity: 'error',
      kinds: ['Deployment'],
      scope: 'object',
      messages: { missing: '{{object}} has no team label' },
      remediation: 'Add metadata.labels.team: the team that is paged for it.',
      guideline: 'ACME platform rules',
    },
    *check(resource) {
      if (!resource.object.metadata?.labels?.team) yield { messageId: 'missing', path: ['metadata', 'labels'] };
    },
  },
];
`;

const deployment = (labels: string, comment = '') => `apiVersion: apps/v1
kind: Deployment
${comment}metadata:
  name: web
  namespace: shop
${labels}spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: app, image: registry.example/web:1.0.0}]
`;

const pluginTest = (line: number) => `import { describe, it } from 'node:test';
import { CheckTester } from 'kubeward/testing';
import { checks } from 'kubeward-plugin-acme';

new CheckTester({ describe, it }).run(checks[0], {
  valid: [{ name: 'labelled', code: ${JSON.stringify(deployment('  labels: {team: shop}\n'))} }],
  invalid: [
    {
      name: 'no labels',
      code: ${JSON.stringify(deployment(''))},
      errors: [{ messageId: 'missing', data: {}, line: ${line}, column: 1 }],
    },
  ],
});
`;

function installedProject(): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kubeward-plugin-project-')));
  dirs.push(dir);
  const write = (name: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  };
  write('package.json', JSON.stringify({ name: 'acme-platform', private: true, type: 'module' }));
  fs.mkdirSync(path.join(dir, 'node_modules'));
  fs.symlinkSync(projectRoot, path.join(dir, 'node_modules', 'kubeward'), 'dir');
  const pkg = path.join('node_modules', 'kubeward-plugin-acme');
  write(path.join(pkg, 'package.json'), JSON.stringify({ name: 'kubeward-plugin-acme', version: '1.0.0', type: 'module', exports: './index.js' }));
  write(path.join(pkg, 'index.js'), plugin);
  write('.kubeward.yaml', 'plugins: [kubeward-plugin-acme]\n');
  write('apps/web.yaml', deployment(''));
  write('apps/legacy.yaml', deployment('', '# kubeward-disable-next-line acme/team-label -- owned by the legacy team, labelled in Q3\n'));
  return dir;
}

const node = (args: string[], cwd: string) => spawnSync(process.execPath, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

describe('a plugin installed in a project', () => {
  it('runs its own CheckTester cases under node:test, which fail on a wrong case', () => {
    const dir = installedProject();
    fs.writeFileSync(path.join(dir, 'plugin.test.mjs'), pluginTest(3));
    const pass = node(['--test', '--test-reporter=tap', 'plugin.test.mjs'], dir);
    expect(pass.status, pass.stdout + pass.stderr).toBe(0);
    expect(pass.stdout).toMatch(/# pass 2\b/);
    fs.writeFileSync(path.join(dir, 'plugin.test.mjs'), pluginTest(4));
    const fail = node(['--test', '--test-reporter=tap', 'plugin.test.mjs'], dir);
    expect(fail.status).not.toBe(0);
    expect(fail.stdout).toMatch(/# fail 1\b/);
  });

  it('is run by the installed bin: its finding, its rule in the SARIF log, and a directive that suppresses it', () => {
    const dir = installedProject();
    const bin = path.join(dir, 'node_modules', 'kubeward', 'dist', 'cli', 'kubeward.js');
    const json = node([bin, '--no-render', '-f', 'json', 'apps'], dir);
    expect(json.stderr).toBe('');
    expect(json.status).toBe(1);
    const results = JSON.parse(json.stdout) as Array<{ filePath: string; messages: any[]; suppressedMessages: any[] }>;
    const byFile = Object.fromEntries(results.map((r) => [path.relative(dir, r.filePath), r]));
    expect(
      byFile['apps/web.yaml'].messages.filter((m) => m.ruleId === 'acme/team-label').map((m) => `${m.line}:${m.column} ${m.severity} ${m.message}`),
    ).toEqual(['3:1 2 Deployment "web" has no team label']);
    expect(byFile['apps/legacy.yaml'].messages.filter((m) => m.ruleId === 'acme/team-label')).toEqual([]);
    expect(byFile['apps/legacy.yaml'].suppressedMessages.filter((m) => m.ruleId === 'acme/team-label').map((m) => m.suppressions[0].justification)).toEqual([
      'owned by the legacy team, labelled in Q3',
    ]);
    const sarif = JSON.parse(node([bin, '--no-render', '-f', 'sarif', 'apps'], dir).stdout);
    const rule = sarif.runs[0].tool.driver.rules.find((r: { id: string }) => r.id === 'acme/team-label');
    expect(rule?.shortDescription?.text).toBe('Workloads carry a team label.');
    // The suppressed finding stays in the log, marked as suppressed (SARIF's suppressions), with its justification.
    expect(
      sarif.runs[0].results
        .filter((r: { ruleId: string }) => r.ruleId === 'acme/team-label')
        .map(
          (r: any) =>
            `${r.locations[0].physicalLocation.artifactLocation.uri.split('/').pop()}:${r.locations[0].physicalLocation.region.startLine} ${r.suppressions?.[0]?.justification ?? 'reported'}`,
        )
        .sort(),
    ).toEqual(['legacy.yaml:4 owned by the legacy team, labelled in Q3', 'web.yaml:3 reported']);
    const refused = node([bin, '--no-render', '--no-plugins', 'apps'], dir);
    expect(refused.status).toBe(2);
  });
});

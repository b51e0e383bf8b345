/**
 * Custom CEL checks in the config and plugins, end to end through the CLI: output, SARIF rules, --list-checks,
 * suppressions, levels from `rules`, config errors (exit 2) for a bad expression, and plugins loaded from the
 * project's own node_modules only, refused with --no-plugins or when named by a path.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/cli.js';
import { CheckTester, type CheckCases } from '../../src/testing/index.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kubeward-custom-')));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

async function cli(args: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = await run(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), stdin: async () => '', isTTY: false, env: {}, cwd });
  return { code, stdout, stderr };
}

const registryCheck = `customChecks:
  - id: acme/registry
    level: error
    match: { kinds: [Deployment, StatefulSet, DaemonSet] }
    expression: "object.spec.template.spec.containers.all(c, c.image.startsWith('registry.acme.io/'))"
    message: "images must come from registry.acme.io"
`;

const workload = (image: string, comment = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: app
${comment}          image: ${image}
`;

/** `line:column severity ruleId message` of one rule's messages in the JSON output. */
function messagesOf(stdout: string, prefix: string): string[] {
  return (JSON.parse(stdout) as Array<{ messages: Array<{ ruleId: string; line: number; column: number; severity: number; message: string }> }>).flatMap(
    (r) => r.messages.filter((m) => m.ruleId?.startsWith(prefix)).map((m) => `${m.line}:${m.column} ${m.severity} ${m.ruleId} ${m.message}`),
  );
}

describe('customChecks in the config', () => {
  it('reports at the failing field, is listed by --list-checks and is a rule of the SARIF log', async () => {
    const dir = project({ '.kubeward.yaml': registryCheck, 'app.yaml': workload('docker.io/nginx:1.27') });
    const json = await cli(['--format', 'json', 'app.yaml'], dir);
    expect(json.code).toBe(1);
    expect(messagesOf(json.stdout, 'acme/')).toEqual(['15:18 2 acme/registry images must come from registry.acme.io']);
    const list = await cli(['--list-checks'], dir);
    expect(list.stdout.split('\n').find((l) => l.startsWith('acme/registry '))).toMatch(/^acme\/registry +error +object/);
    const sarif = JSON.parse((await cli(['--format', 'sarif', 'app.yaml'], dir)).stdout);
    const rule = sarif.runs[0].tool.driver.rules.find((r: { id: string }) => r.id === 'acme/registry');
    expect(rule.shortDescription.text).toBe('images must come from registry.acme.io.');
    expect(sarif.runs[0].results.some((r: { ruleId: string }) => r.ruleId === 'acme/registry')).toBe(true);
    expect(
      messagesOf(
        (await cli(['--format', 'json', 'app.yaml'], project({ '.kubeward.yaml': registryCheck, 'app.yaml': workload('registry.acme.io/web:1') }))).stdout,
        'acme/',
      ),
    ).toEqual([]);
  });

  it('takes its level from rules and overrides, and is suppressed by a directive', async () => {
    const warn = project({ '.kubeward.yaml': `${registryCheck}rules:\n  acme/registry: warn\n`, 'app.yaml': workload('nginx') });
    expect(messagesOf((await cli(['--format', 'json', 'app.yaml'], warn)).stdout, 'acme/')).toEqual([
      '15:18 1 acme/registry images must come from registry.acme.io',
    ]);
    const off = project({
      '.kubeward.yaml': `${registryCheck}overrides:\n  - files: ["legacy/**"]\n    rules: {acme/registry: off}\n`,
      'legacy/app.yaml': workload('nginx'),
    });
    expect(messagesOf((await cli(['--format', 'json', 'legacy/app.yaml'], off)).stdout, 'acme/')).toEqual([]);
    const suppressed = project({
      '.kubeward.yaml': registryCheck,
      'app.yaml': workload('nginx', '          # kubeward-disable-next-line acme/registry -- mirrored later\n'),
    });
    const out = JSON.parse((await cli(['--format', 'json', 'app.yaml'], suppressed)).stdout);
    expect(out[0].messages.filter((m: { ruleId: string }) => m.ruleId === 'acme/registry')).toEqual([]);
    expect(out[0].suppressedMessages.map((m: { ruleId: string }) => m.ruleId)).toContain('acme/registry');
  });

  it('an expression that does not compile is a config error (exit 2) naming customChecks[i].expression and the CEL error', async () => {
    const dir = project({
      '.kubeward.yaml': registryCheck.replace("c.image.startsWith('registry.acme.io/'))", "c.image.startsWith('registry.acme.io/')"),
      'app.yaml': workload('nginx'),
    });
    const r = await cli(['app.yaml'], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^kubeward: Invalid config \.kubeward\.yaml:5:17: customChecks\[0\]\.expression: acme\/registry: expression does not compile: /);
    const unknown = project({ '.kubeward.yaml': registryCheck.replace('c.image.startsWith', 'c.image.frobnicate'), 'app.yaml': workload('nginx') });
    expect((await cli(['app.yaml'], unknown)).stderr).toMatch(/customChecks\[0\]\.expression: .*frobnicate/);
    const shape = project({ '.kubeward.yaml': 'customChecks:\n  - id: registry\n    expression: "true"\n', 'app.yaml': workload('nginx') });
    const bad = await cli(['app.yaml'], shape);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/customChecks\[0\]\.id/);
  });
});

const pluginSource = `export const checks = [
  {
    meta: {
      id: 'acme/no-latest',
      description: 'Images are pinned to a tag other than latest.',
      severity: 'warning',
      kinds: ['Deployment'],
      scope: 'object',
      messages: { latest: 'container "{{name}}" runs the image "{{image}}", which floats' },
      remediation: 'Pin the image to a version tag or a digest.',
      guideline: 'ACME platform rules',
    },
    *check(resource) {
      const containers = resource.object.spec?.template?.spec?.containers ?? [];
      for (const [i, c] of containers.entries()) {
        if (typeof c.image === 'string' && (c.image.endsWith(':latest') || !c.image.includes(':'))) {
          yield { messageId: 'latest', data: { name: c.name, image: c.image }, path: ['spec', 'template', 'spec', 'containers', i, 'image'] };
        }
      }
    },
  },
];
`;

function pluginProject(config: string, source = pluginSource, name = 'kubeward-plugin-acme'): string {
  return project({
    '.kubeward.yaml': config,
    'app.yaml': workload('nginx'),
    [`node_modules/${name}/package.json`]: JSON.stringify({ name, version: '1.0.0', type: 'module', exports: { '.': { import: './index.js' } } }),
    [`node_modules/${name}/index.js`]: source,
  });
}

describe('plugins', () => {
  it("load from the project's node_modules: their checks run, take levels from rules, and are listed", async () => {
    const dir = pluginProject('plugins: [kubeward-plugin-acme]\n');
    const r = await cli(['--format', 'json', 'app.yaml'], dir);
    expect(r.stderr).toBe('');
    expect(messagesOf(r.stdout, 'acme/')).toEqual(['15:18 1 acme/no-latest container "app" runs the image "nginx", which floats']);
    const error = pluginProject('plugins: [kubeward-plugin-acme]\nrules:\n  acme/no-latest: error\n');
    expect(messagesOf((await cli(['--format', 'json', 'app.yaml'], error)).stdout, 'acme/')).toEqual([
      '15:18 2 acme/no-latest container "app" runs the image "nginx", which floats',
    ]);
    expect((await cli(['--list-checks'], dir)).stdout).toMatch(/^acme\/no-latest +warn +object/m);
    const unknown = pluginProject('plugins: [kubeward-plugin-acme]\nrules:\n  acme/nope: error\n');
    const u = await cli(['app.yaml'], unknown);
    expect([u.code, u.stderr]).toEqual([2, 'kubeward: rules.acme/nope: unknown check "acme/nope" (kubeward --list-checks lists them)\n']);
  });

  it('are refused with --no-plugins: exit 2 before any file is read', async () => {
    const dir = pluginProject('plugins: [kubeward-plugin-acme]\n', 'throw new Error("must not run")\n');
    const r = await cli(['--no-plugins', 'app.yaml'], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^kubeward: plugins: the config names plugins \(kubeward-plugin-acme\), and --no-plugins refuses/);
  });

  it('are refused when named by a path, when not installed in the project, or when they resolve outside it', async () => {
    for (const name of ['./node_modules/kubeward-plugin-acme', '/tmp/evil', '../evil', 'kubeward-plugin-acme/../../evil']) {
      const r = await cli(['app.yaml'], pluginProject(`plugins: [${JSON.stringify(name)}]\n`));
      expect(r.code, name).toBe(2);
      expect(r.stderr, name).toMatch(/plugins\[0\]/);
    }
    const missing = await cli(['app.yaml'], pluginProject('plugins: [kubeward-plugin-other]\n'));
    expect([missing.code, missing.stderr]).toEqual([
      2,
      'kubeward: plugins[0]: plugin "kubeward-plugin-other" is not installed in the repository\'s node_modules (run npm install; plugins never load from elsewhere)\n',
    ]);
    // A package linked from outside the project.
    const outside = pluginProject('plugins: [kubeward-plugin-acme]\n', pluginSource, 'kubeward-plugin-real');
    fs.symlinkSync(path.join(outside, 'node_modules/kubeward-plugin-real'), path.join(project({}), 'link'));
    const linked = project({ '.kubeward.yaml': 'plugins: [kubeward-plugin-acme]\n', 'app.yaml': workload('nginx') });
    fs.mkdirSync(path.join(linked, 'node_modules'));
    fs.symlinkSync(path.join(outside, 'node_modules/kubeward-plugin-real'), path.join(linked, 'node_modules/kubeward-plugin-acme'));
    const l = await cli(['app.yaml'], linked);
    expect(l.code).toBe(2);
    expect(l.stderr).toMatch(/outside the repository/);
  });

  it("refuse checks whose ids are not in the plugin's namespace, or are taken", async () => {
    const bad = await cli(['app.yaml'], pluginProject('plugins: [kubeward-plugin-acme]\n', pluginSource.replace("'acme/no-latest'", "'no-latest'")));
    expect([bad.code, bad.stderr]).toEqual([
      2,
      'kubeward: plugins[0]: plugin "kubeward-plugin-acme": check id "no-latest" must be namespaced "acme/<name>"\n',
    ]);
    const taken = await cli(['app.yaml'], pluginProject(`${registryCheck.replace('acme/registry', 'acme/no-latest')}plugins: [kubeward-plugin-acme]\n`));
    expect([taken.code, taken.stderr]).toEqual([2, 'kubeward: plugins[0]: plugin "kubeward-plugin-acme": check id "acme/no-latest" is already taken\n']);
  });
});

// A plugin's check tested as a core check is: the CheckTester of kubeward/testing, on the plugin's own module.
const pluginDir = pluginProject('plugins: [kubeward-plugin-acme]\n');
const plugin = (await import(path.join(pluginDir, 'node_modules/kubeward-plugin-acme/index.js'))) as { checks: import('../../src/check-api.js').Check[] };
const cases: CheckCases = {
  valid: [{ name: 'a pinned image', code: workload('nginx:1.27.3') }],
  invalid: [
    {
      name: 'no tag',
      code: workload('nginx'),
      errors: [{ messageId: 'latest', message: 'container "app" runs the image "nginx", which floats', line: 15, column: 18, severity: 1 }],
    },
  ],
};
new CheckTester({ describe, it }).run(plugin.checks[0], cases);

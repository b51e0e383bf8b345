/** Config files: discovery, every key, validation with clear errors, --print-config and --list-checks. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import AjvModule from 'ajv';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checks as builtinChecks } from '../checks/index.js';
import readOnlyRootFilesystem from '../checks/read-only-root-filesystem/index.js';
import runAsNonRoot from '../checks/run-as-non-root/index.js';
import type { Check } from '../src/check-api.js';
import { run } from '../src/cli/cli.js';
import {
  CONFIG_SCHEMA_FILE,
  configSchemaPath,
  configSearchStart,
  effectiveConfig,
  listChecks,
  loadConfig,
  renderConfigSchema,
  resolveConfigFor,
} from '../src/config/config-file.js';
import { ConfigError } from '../src/config/config.js';
import { lintFiles } from '../src/engine/index.js';
import { VERSION } from '../src/shared/version.js';

const Ajv = ((AjvModule as unknown as { default?: unknown }).default ?? AjvModule) as typeof AjvModule.default;
const here = path.dirname(fileURLToPath(import.meta.url));
const FIXTURES = path.join(here, 'fixtures/config/discovery');

/** A check with an options schema, so option validation is tested without depending on a built-in check's options. */
const withOptions: Check = {
  meta: {
    id: 'fake-limits',
    description: 'A test check with options.',
    severity: 'warning',
    scope: 'repository',
    messages: { m: 'm' },
    remediation: 'r',
    guideline: 'g',
    docs: { url: 'https://example.com/fake-limits' },
    schema: { type: 'object', properties: { max: { type: 'integer', minimum: 1 } }, additionalProperties: false },
    defaultOptions: { max: 3 },
    recommended: false,
  },
  *check() {},
};
const fakeChecks = [runAsNonRoot, withOptions];

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubeward-config-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

function cli() {
  const out = { stdout: '', stderr: '' };
  const io = {
    stdout: (s: string) => void (out.stdout += s),
    stderr: (s: string) => void (out.stderr += s),
    stdin: async () => 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n',
    isTTY: false,
    env: {},
    cwd: dir,
  };
  return { out, run: (args: string[]) => run(args, io) };
}

const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  containers:\n    - name: app\n      image: nginx:1.25\n';

describe('config discovery', () => {
  const found = async (sub: string) => {
    const r = await resolveConfigFor({ cwd: path.join(FIXTURES, sub) });
    return { file: r.filePath && path.relative(FIXTURES, r.filePath), baseDir: path.relative(FIXTURES, r.baseDir), config: r.config };
  };

  it('looks for .kubeward.yaml, then .kubeward.yml, then .kubeward.json, then package.json "kubeward"', async () => {
    expect(await found('yaml-first')).toEqual({ file: 'yaml-first/.kubeward.yaml', baseDir: 'yaml-first', config: { kubernetesVersion: '1.31' } });
    expect(await found('yml-over-json')).toEqual({ file: 'yml-over-json/.kubeward.yml', baseDir: 'yml-over-json', config: { kubernetesVersion: '1.32' } });
    expect(await found('json-over-package')).toEqual({
      file: 'json-over-package/.kubeward.json',
      baseDir: 'json-over-package',
      config: { kubernetesVersion: '1.33' },
    });
  });

  it('searches upwards from the starting folder; package.json counts only with a "kubeward" key', async () => {
    expect(await found('package/nested/deeper')).toEqual({
      file: 'package/package.json',
      baseDir: 'package',
      config: { extends: ['strict'], rules: { 'run-as-non-root': 'warn' } },
    });
    expect(await found('package-without-key/app')).toEqual({
      file: 'package-without-key/.kubeward.yaml',
      baseDir: 'package-without-key',
      config: { kubernetesVersion: '1.29' },
    });
  });

  it('the nearest config wins and configs do not cascade', async () => {
    expect(await found('nearest-wins/team')).toEqual({
      file: 'nearest-wins/team/.kubeward.yml',
      baseDir: 'nearest-wins/team',
      config: { rules: { 'run-as-non-root': 'off' } },
    });
  });

  it('no config file: the empty config, based in cwd', async () => {
    // A temporary folder has no config above it (the system's temporary folder holds none).
    expect(await resolveConfigFor({ cwd: dir })).toEqual({ config: {}, baseDir: dir });
  });

  it('--config names a file (relative to cwd) and skips the search; --no-config uses none', async () => {
    write('ci/kubeward.yaml', 'kubernetesVersion: "1.30"\n');
    write('.kubeward.yaml', 'kubernetesVersion: "1.29"\n');
    expect(await resolveConfigFor({ cwd: dir, configFile: 'ci/kubeward.yaml' })).toEqual({
      config: { kubernetesVersion: '1.30' },
      filePath: path.join(dir, 'ci/kubeward.yaml'),
      baseDir: path.join(dir, 'ci'),
    });
    expect(await resolveConfigFor({ cwd: dir, noConfig: true })).toEqual({ config: {}, baseDir: dir });
    await expect(resolveConfigFor({ cwd: dir, configFile: 'missing.yaml' })).rejects.toThrow('Config file not found: missing.yaml (given with --config)');
    await expect(resolveConfigFor({ cwd: dir, configFile: 'ci/kubeward.yaml', noConfig: true })).rejects.toThrow(
      '--config and --no-config cannot be used together',
    );
  });

  it("the search starts at the linted paths: their common folder, a glob's fixed part, the cwd for stdin", () => {
    write('apps/web/a.yaml', '');
    write('apps/api/b.yaml', '');
    expect(configSearchStart(['apps/web/a.yaml', 'apps/api/b.yaml'], dir)).toBe(path.join(dir, 'apps'));
    expect(configSearchStart(['apps/web'], dir)).toBe(path.join(dir, 'apps/web'));
    expect(configSearchStart(['apps/web/a.yaml'], dir)).toBe(path.join(dir, 'apps/web'));
    expect(configSearchStart(['apps/**/*.yaml'], dir)).toBe(path.join(dir, 'apps'));
    // Each glob character ends the fixed part, and a backslash separates segments as a slash does.
    for (const glob of ['*', '?', '[a]', 'a]', '{a,b}', 'a}', '(a)', 'a)', '!a'])
      expect(configSearchStart([`apps/web/${glob}/x.yaml`], dir), glob).toBe(path.join(dir, 'apps/web'));
    expect(configSearchStart(['apps\\web\\*.yaml'], dir)).toBe(path.join(dir, 'apps/web'));
    expect(configSearchStart(['apps\\we*\\a.yaml'], dir)).toBe(path.join(dir, 'apps'));
    expect(configSearchStart(['*.yaml'], dir)).toBe(dir);
    expect(configSearchStart(['-'], dir)).toBe(dir);
    expect(configSearchStart([], dir)).toBe(dir);
  });

  it("the command line resolves one config for the run: the linted folder's, not one per file", async () => {
    write('repo/.kubeward.yaml', 'rules:\n  run-as-non-root: off\n  read-only-root-filesystem: off\n');
    write('repo/team/.kubeward.yaml', 'rules:\n  run-as-non-root: error\n');
    write('repo/team/pod.yaml', POD);
    const c = cli();
    await c.run(['repo', '--rule', 'schema:off', '-f', 'json']);
    const podResult = (stdout: string) => JSON.parse(stdout).find((r: { filePath: string }) => r.filePath.endsWith('pod.yaml'));
    const ids = podResult(c.out.stdout).messages.map((m: { ruleId: string }) => m.ruleId);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids).not.toContain('run-as-non-root');
    const inTeam = cli();
    await inTeam.run(['repo/team', '--rule', 'schema:off', '-f', 'json']);
    expect(podResult(inTeam.out.stdout).messages.map((m: { ruleId: string }) => m.ruleId)).toContain('run-as-non-root');
  });
});

describe('config keys', () => {
  const lintWith = async (config: string, extra: Record<string, string> = {}) => {
    write('.kubeward.yaml', config);
    write('k8s/pod.yaml', POD);
    for (const [name, text] of Object.entries(extra)) write(name, text);
    const resolved = await resolveConfigFor({ cwd: dir });
    const results = await lintFiles(['k8s'], {
      cwd: dir,
      config: resolved.config,
      configBaseDir: resolved.baseDir,
      checks: [readOnlyRootFilesystem, runAsNonRoot],
      root: false,
    });
    return results.map((r) => `${path.relative(dir, r.filePath)}: ${r.messages.map((m) => `${m.ruleId}=${m.severity}`).join(' ')}`);
  };

  it('rules: off, warn, error, numbers, and [level, options]', async () => {
    expect(await lintWith('rules: {}\n')).toEqual(['k8s/pod.yaml: read-only-root-filesystem=2 run-as-non-root=2']);
    expect(await lintWith('rules:\n  run-as-non-root: off\n  read-only-root-filesystem: warn\n')).toEqual(['k8s/pod.yaml: read-only-root-filesystem=1']);
    expect(await lintWith('rules:\n  run-as-non-root: 1\n  read-only-root-filesystem: [0]\n')).toEqual(['k8s/pod.yaml: run-as-non-root=1']);
    expect(await lintWith('rules:\n  run-as-non-root: [warn, {}]\n')).toEqual(['k8s/pod.yaml: read-only-root-filesystem=2 run-as-non-root=1']);
  });

  it('extends: strict turns on checks off by default and promotes warnings', async () => {
    const r = loadConfig({ searchFrom: dir, cwd: dir, checks: fakeChecks });
    expect(r.config).toEqual({});
    write('.kubeward.yaml', 'extends: [strict]\n');
    const strict = loadConfig({ searchFrom: dir, cwd: dir, checks: fakeChecks });
    const resolved = { config: strict.config, baseDir: dir, checks: fakeChecks };
    expect((effectiveConfig(resolved, path.join(dir, 'a.yaml'), { kubernetesVersion: '1.36', cwd: dir }) as { rules: unknown }).rules).toEqual({
      'fake-limits': ['error', { max: 3 }],
      'run-as-non-root': 'error',
      schema: 'error',
    });
    const recommended = { config: {}, baseDir: dir, checks: fakeChecks };
    expect((effectiveConfig(recommended, path.join(dir, 'a.yaml'), { kubernetesVersion: '1.36', cwd: dir }) as { rules: unknown }).rules).toEqual({
      'fake-limits': ['off', { max: 3 }],
      'run-as-non-root': 'error',
      schema: 'error',
    });
  });

  it('overrides: rules for files matching globs (relative to the config folder), with excludedFiles', async () => {
    const config = [
      'rules:',
      '  read-only-root-filesystem: warn',
      'overrides:',
      '  - files: ["legacy/**"]',
      '    excludedFiles: "legacy/keep/**"',
      '    rules:',
      '      run-as-non-root: off',
      '  - files: "*.dev.yaml"',
      '    rules:',
      '      read-only-root-filesystem: off',
      '',
    ].join('\n');
    expect(await lintWith(config, { 'k8s/legacy/a.yaml': POD, 'k8s/legacy/keep/b.yaml': POD, 'k8s/web.dev.yaml': POD })).toEqual([
      // `legacy/**` is relative to the config's folder, so k8s/legacy does not match it.
      'k8s/legacy/a.yaml: read-only-root-filesystem=1 run-as-non-root=2',
      'k8s/legacy/keep/b.yaml: read-only-root-filesystem=1 run-as-non-root=2',
      'k8s/pod.yaml: read-only-root-filesystem=1 run-as-non-root=2',
      'k8s/web.dev.yaml: run-as-non-root=2',
    ]);
    expect(await lintWith(config.replace('legacy/**', 'k8s/legacy/**').replace('legacy/keep/**', 'k8s/legacy/keep/**'))).toEqual([
      'k8s/legacy/a.yaml: read-only-root-filesystem=1',
      'k8s/legacy/keep/b.yaml: read-only-root-filesystem=1 run-as-non-root=2',
      'k8s/pod.yaml: read-only-root-filesystem=1 run-as-non-root=2',
      'k8s/web.dev.yaml: run-as-non-root=2',
    ]);
  });

  it('ignorePatterns: matching files are not linted; globs are relative to the config folder', async () => {
    expect(await lintWith('ignorePatterns: ["**/generated/**"]\n', { 'k8s/generated/x.yaml': POD })).toEqual([
      'k8s/pod.yaml: read-only-root-filesystem=2 run-as-non-root=2',
    ]);
    expect(await lintWith('ignorePatterns: ["k8s/generated/**", "k8s/*.tmp.yaml"]\n', { 'k8s/generated/x.yaml': POD, 'k8s/a.tmp.yaml': POD })).toEqual([
      'k8s/pod.yaml: read-only-root-filesystem=2 run-as-non-root=2',
    ]);
    const c = cli();
    // (a file named and ignored gets a warning unless --no-warn-ignored: test/trust/rest-warn-ignored.test.ts)
    await c.run(['--no-warn-ignored', 'k8s/generated/x.yaml', 'k8s/pod.yaml', '-f', 'json']);
    expect(JSON.parse(c.out.stdout).map((r: { filePath: string }) => path.relative(dir, r.filePath))).toEqual(['k8s/pod.yaml']);
  });

  it('kubernetesVersion, schemas, strictCrds and root: paths are relative to the config file', async () => {
    write('config/.kubeward.yaml', 'kubernetesVersion: "1.30"\nschemas: [crd-schemas]\nstrictCrds: true\nroot: ..\n');
    const c = cli();
    expect(await c.run(['--config', 'config/.kubeward.yaml', '--print-config', 'k8s/pod.yaml'])).toBe(0);
    const printed = JSON.parse(c.out.stdout);
    expect({ ...printed, rules: undefined }).toEqual({
      configFile: 'config/.kubeward.yaml',
      extends: ['recommended'],
      kubernetesVersion: '1.30',
      ignorePatterns: [],
      schemas: [path.join(dir, 'config/crd-schemas')],
      strictCrds: true,
      root: dir,
      linterOptions: { noInlineConfig: false, reportUnusedDisableDirectives: 'off', requireReason: false },
      rules: undefined,
    });
  });

  it('strictCrds and schemas reach schema validation; schema folders are relative to the config file', async () => {
    write('k8s/widget.yaml', 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {size: big}\n');
    const schemaLines = async (args: string[]) => {
      const c = cli();
      await c.run(['k8s/widget.yaml', '-f', 'json', ...args]);
      return (JSON.parse(c.out.stdout)[0].messages as Array<{ ruleId: string; line: number; severity: number }>)
        .filter((m) => m.ruleId === 'schema')
        .map((m) => `${m.line} ${m.severity}`);
    };
    expect(await schemaLines(['--no-config'])).toEqual([]);
    write('ci/.kubeward.yaml', 'strictCrds: true\n');
    expect(await schemaLines(['--config', 'ci/.kubeward.yaml'])).toEqual(['2 2']);
    write(
      'ci/crds/example.com/widget_v1.json',
      JSON.stringify({ type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } } }),
    );
    write('ci/.kubeward.yaml', 'strictCrds: true\nschemas: [crds]\n');
    expect(await schemaLines(['--config', 'ci/.kubeward.yaml'])).toEqual(['4 2']);
  });

  it('kubernetesVersion from the file is the version linted against; --kubernetes-version wins', async () => {
    write('.kubeward.yaml', 'kubernetesVersion: "1.7"\n');
    write('k8s/pod.yaml', POD);
    const c = cli();
    expect(await c.run(['k8s'])).toBe(2);
    expect(c.out.stderr).toMatch(/^kubeward: Unknown Kubernetes version "1\.7"/);
    const d = cli();
    expect(await d.run(['k8s', '--kubernetes-version', '1.30', '--print-config', 'k8s/pod.yaml'])).toBe(0);
    expect(JSON.parse(d.out.stdout).kubernetesVersion).toBe('1.30');
  });

  it('$schema is allowed, for editors', async () => {
    write('.kubeward.json', '{"$schema": "./node_modules/kubeward/schemas/kubeward-config.schema.json", "rules": {"run-as-non-root": "warn"}}');
    expect((await resolveConfigFor({ cwd: dir })).config.rules).toEqual({ 'run-as-non-root': 'warn' });
  });

  it('--rule on the command line wins over the file, overrides included', async () => {
    write('.kubeward.yaml', 'rules:\n  run-as-non-root: off\noverrides:\n  - files: ["**"]\n    rules:\n      run-as-non-root: off\n');
    write('k8s/pod.yaml', POD);
    const c = cli();
    expect(await c.run(['k8s', '--rule', 'run-as-non-root:warn', '--print-config', 'k8s/pod.yaml'])).toBe(0);
    expect(JSON.parse(c.out.stdout).rules['run-as-non-root']).toBe('warn');
  });
});

describe('bad configs: exit 2, naming the file, the line and the key', () => {
  const cases: Array<[string, string, string]> = [
    [
      'unknown top-level key',
      'rules: {}\nrulez:\n  x: off\n',
      'Invalid config .kubeward.yaml:2:1: rulez: unknown key (allowed: extends, rules, overrides, ignorePatterns, kubernetesVersion, schemas, strictCrds, root, render, customChecks, plugins, linterOptions, podTemplates)',
    ],
    [
      'unknown rule id',
      'rules:\n  run-as-nonroot: error\n',
      'Invalid config .kubeward.yaml:2:3: rules.run-as-nonroot: unknown check "run-as-nonroot" (kubeward --list-checks lists them)',
    ],
    [
      'unknown rule id in an override',
      'overrides:\n  - files: ["*.yaml"]\n    rules:\n      nope: off\n',
      'Invalid config .kubeward.yaml:4:7: overrides[0].rules.nope: unknown check "nope" (kubeward --list-checks lists them)',
    ],
    [
      'wrong level',
      'rules:\n  run-as-non-root: true\n',
      'Invalid config .kubeward.yaml:2:20: rules.run-as-non-root: level must be "off", "warn" or "error" (or 0, 1, 2), got true',
    ],
    [
      'wrong level inside [level, options]',
      'rules:\n  run-as-non-root: [fatal, {}]\n',
      'Invalid config .kubeward.yaml:2:21: rules.run-as-non-root[0]: level must be "off", "warn" or "error" (or 0, 1, 2), got "fatal"',
    ],
    [
      'options that are not a mapping',
      'rules:\n  run-as-non-root: [warn, 3]\n',
      'Invalid config .kubeward.yaml:2:27: rules.run-as-non-root[1]: options must be a mapping, got 3',
    ],
    [
      'options for a check that takes none',
      'rules:\n  run-as-non-root: [warn, {strict: true}]\n',
      'Invalid config .kubeward.yaml:2:27: rules.run-as-non-root[1]: check "run-as-non-root" takes no options',
    ],
    [
      'unknown preset',
      'extends: [recommended, paranoid]\n',
      'Invalid config .kubeward.yaml:1:24: extends[1]: must be one of "recommended", "strict", got "paranoid"',
    ],
    ['wrong type', 'ignorePatterns: "*.tmp.yaml"\n', 'Invalid config .kubeward.yaml:1:17: ignorePatterns: must be a list, got "*.tmp.yaml"'],
    [
      'kubernetesVersion unquoted',
      'kubernetesVersion: 1.30\n',
      'Invalid config .kubeward.yaml:1:20: kubernetesVersion: must be a string such as "1.30", got the number 1.3: quote it (YAML reads 1.30 as the number 1.3)',
    ],
    [
      'kubernetesVersion malformed',
      'kubernetesVersion: "v1.30.2"\n',
      'Invalid config .kubeward.yaml:1:20: kubernetesVersion: must be "major.minor" such as "1.30", got "v1.30.2"',
    ],
    [
      'override without files',
      'overrides:\n  - rules: {run-as-non-root: off}\n',
      'Invalid config .kubeward.yaml:2:5: overrides[0]: missing required key "files"',
    ],
    ['strictCrds not a boolean', 'strictCrds: "yes"\n', 'Invalid config .kubeward.yaml:1:13: strictCrds: must be a boolean, got "yes"'],
    [
      'not a mapping',
      '- rules\n',
      'Invalid config .kubeward.yaml:1:1: (top level): the config must be a mapping of keys (extends, rules, overrides, ignorePatterns, kubernetesVersion, schemas, strictCrds, root, render, customChecks, plugins, linterOptions, podTemplates), got ["rules"]',
    ],
    [
      'YAML syntax error',
      'rules:\n  a: [off\n',
      'Invalid config .kubeward.yaml:3:1: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ],
    ['duplicate keys', 'rules: {}\nrules: {}\n', 'Invalid config .kubeward.yaml:2:1: Map keys must be unique'],
  ];
  for (const [name, text, message] of cases) {
    it(name, async () => {
      write('.kubeward.yaml', text);
      write('k8s/pod.yaml', POD);
      const c = cli();
      expect(await c.run(['k8s'])).toBe(2);
      expect(c.out.stderr).toBe(`kubeward: ${message}\n`);
      expect(c.out.stdout).toBe('');
    });
  }

  it('the error is a ConfigError whose key names the mistake', async () => {
    write('.kubeward.yaml', 'rules:\n  run-as-non-root: loud\n');
    const error = await resolveConfigFor({ cwd: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).key).toBe('rules.run-as-non-root');
  });

  it("options are validated against the check's own schema", () => {
    write('.kubeward.yaml', 'rules:\n  fake-limits: [warn, {max: 0}]\n');
    expect(() => loadConfig({ searchFrom: dir, cwd: dir, checks: fakeChecks })).toThrow(
      'Invalid config .kubeward.yaml:2:29: rules.fake-limits[1].max: must be >= 1, got 0',
    );
    write('.kubeward.yaml', 'rules:\n  fake-limits: [warn, {maximum: 2}]\n');
    expect(() => loadConfig({ searchFrom: dir, cwd: dir, checks: fakeChecks })).toThrow(
      'Invalid config .kubeward.yaml:2:24: rules.fake-limits[1].maximum: unknown key (allowed: max)',
    );
    write('.kubeward.yaml', 'rules:\n  fake-limits: [warn, {max: 5}]\n');
    expect(loadConfig({ searchFrom: dir, cwd: dir, checks: fakeChecks }).config).toEqual({ rules: { 'fake-limits': ['warn', { max: 5 }] } });
  });

  it('a mistake in package.json points into its "kubeward" key', async () => {
    write('package.json', '{\n  "name": "x",\n  "kubeward": {\n    "rules": {"no-such-check": "off"}\n  }\n}\n');
    write('k8s/pod.yaml', POD);
    const c = cli();
    expect(await c.run(['k8s'])).toBe(2);
    expect(c.out.stderr).toBe(
      'kubeward: Invalid config package.json:4:15: rules.no-such-check: unknown check "no-such-check" (kubeward --list-checks lists them)\n',
    );
  });

  it('--config naming a missing file, and an unknown --rule id, are exit 2', async () => {
    const c = cli();
    expect(await c.run(['--config', 'nope.yaml', '.'])).toBe(2);
    expect(c.out.stderr).toBe('kubeward: Config file not found: nope.yaml (given with --config)\n');
    const d = cli();
    expect(await d.run(['--no-config', '--rule', 'bogus:off', '--list-checks'])).toBe(2);
    expect(d.out.stderr).toBe('kubeward: --rule.bogus: unknown check "bogus" (kubeward --list-checks lists them)\n');
  });
});

describe('--print-config', () => {
  it("gives every key and every check's level and options for one file (exact output)", () => {
    const config = {
      extends: ['recommended' as const],
      rules: { 'run-as-non-root': 'warn' as const },
      overrides: [{ files: ['legacy/**'], rules: { 'fake-limits': ['error', { max: 9 }] as ['error', { max: number }] } }],
    };
    const resolved = { config, baseDir: dir, checks: fakeChecks };
    const printed = (file: string) =>
      JSON.stringify(
        effectiveConfig(resolved, path.join(dir, file), { configFile: path.join(dir, '.kubeward.yaml'), kubernetesVersion: '1.33', cwd: dir }),
        null,
        2,
      );
    expect(printed('legacy/a.yaml')).toBe(`{
  "configFile": ".kubeward.yaml",
  "extends": [
    "recommended"
  ],
  "kubernetesVersion": "1.33",
  "ignorePatterns": [],
  "schemas": [],
  "strictCrds": false,
  "root": null,
  "linterOptions": {
    "noInlineConfig": false,
    "reportUnusedDisableDirectives": "off",
    "requireReason": false
  },
  "rules": {
    "fake-limits": [
      "error",
      {
        "max": 9
      }
    ],
    "run-as-non-root": "warn",
    "schema": "error"
  }
}`);
    expect(JSON.parse(printed('web.yaml')).rules['fake-limits']).toEqual(['off', { max: 3 }]);
  });

  it('on the command line: found from the file upwards, prints JSON, exit 0, every check listed', async () => {
    write('apps/.kubeward.yaml', 'rules:\n  run-as-non-root: off\n');
    const c = cli();
    expect(await c.run(['--print-config', 'apps/web/pod.yaml', '--kubernetes-version', '1.31'])).toBe(0);
    const printed = JSON.parse(c.out.stdout);
    expect(printed.configFile).toBe('apps/.kubeward.yaml');
    expect(printed.kubernetesVersion).toBe('1.31');
    expect(printed.rules['run-as-non-root']).toBe('off');
    expect(Object.keys(printed.rules)).toEqual([...new Set(['schema', 'vap', ...builtinChecks.map((k) => k.meta.id)])].sort());
    expect(c.out.stdout.endsWith('}\n')).toBe(true);
  });
});

describe('--list-checks', () => {
  it('one line per check: id, effective level, scope, docs URL (exact output)', () => {
    const resolved = { config: { rules: { 'run-as-non-root': 'warn' as const } }, baseDir: dir, checks: [...fakeChecks, readOnlyRootFilesystem] };
    expect(listChecks(resolved)).toBe(
      [
        'fake-limits                off    repository  https://example.com/fake-limits',
        `read-only-root-filesystem  error  object      https://github.com/kubeward/kubeward/blob/v${VERSION}/checks/read-only-root-filesystem/README.md`,
        `run-as-non-root            warn   object      https://github.com/kubeward/kubeward/blob/v${VERSION}/checks/run-as-non-root/README.md`,
      ].join('\n'),
    );
  });

  it('on the command line: levels after the config and --rule, every built-in check', async () => {
    write('.kubeward.yaml', 'rules:\n  run-as-non-root: off\n');
    const c = cli();
    expect(await c.run(['--list-checks', '--rule', 'read-only-root-filesystem:warn'])).toBe(0);
    const lines = c.out.stdout.trimEnd().split('\n');
    // The built-in checks and the vap check (the repository's own admission policies).
    expect(lines).toHaveLength(builtinChecks.length + 1);
    expect(lines.find((l) => l.startsWith('run-as-non-root '))).toMatch(
      /^run-as-non-root +off {4}object {6}https:\/\/github\.com\/kubeward\/kubeward\/blob\/v\d+\.\d+\.\d+\/checks\/run-as-non-root\/README\.md$/,
    );
    expect(lines.find((l) => l.startsWith('read-only-root-filesystem '))).toMatch(/^read-only-root-filesystem +warn {3}object {6}https:/);
    expect(c.out.stderr).toBe('');
  });
});

describe('the published JSON Schema', () => {
  const schemaFile = path.join(here, '..', 'schemas', CONFIG_SCHEMA_FILE);

  it('is up to date with the registered checks', () => {
    expect(
      fs.readFileSync(schemaFile, 'utf8'),
      `schemas/kubeward-config.schema.json is stale; regenerate it: npm run build && node -e 'import("./dist/src/config/config-file.js").then((m) => process.stdout.write(m.renderConfigSchema()))' > schemas/kubeward-config.schema.json`,
    ).toBe(renderConfigSchema(builtinChecks));
    expect(configSchemaPath()).toBe(schemaFile);
  });

  it('is shipped (package.json "files" holds schemas/)', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(here, '..', 'package.json'), 'utf8'));
    expect(pkg.files).toContain('schemas/');
  });

  it('accepts a full config and rejects mistakes when an editor uses it on its own', () => {
    const validate = new Ajv({ strict: false }).compile(JSON.parse(fs.readFileSync(schemaFile, 'utf8')));
    const good = {
      $schema: './node_modules/kubeward/schemas/kubeward-config.schema.json',
      extends: ['strict'],
      rules: { 'run-as-non-root': 'warn', 'read-only-root-filesystem': ['error'], schema: 0 },
      overrides: [{ files: ['legacy/**'], excludedFiles: 'legacy/keep/**', rules: { 'run-as-non-root': 'off' } }],
      ignorePatterns: ['**/generated/**'],
      kubernetesVersion: '1.30',
      schemas: ['crds/'],
      strictCrds: true,
      root: '.',
    };
    expect(validate(good)).toBe(true);
    expect(validate({ rules: { 'not-a-check': 'off' } })).toBe(false);
    expect(validate({ rules: { 'run-as-non-root': 'loud' } })).toBe(false);
    expect(validate({ kubernetesVersion: 1.3 })).toBe(false);
    expect(validate({ extra: true })).toBe(false);
  });
});

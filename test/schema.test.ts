/**
 * The schema rule's engine integration, options and building blocks: versions, CLI flags, levels, notices, YAML 1.1
 * scalars as Kubernetes reads them, null handling, suggestions, and the interpreter agreeing with ajv.
 */
import fs from 'node:fs';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import { describe, expect, it } from 'vitest';
import { run } from '../src/cli/cli.js';
import { lintText } from '../src/engine/index.js';
import { parseText } from '../src/parse/index.js';
import { convertCrdSchema } from '../src/validate/schema-crds.js';
import { SchemaInterpreter } from '../src/validate/schema-interpret.js';
import { schemasFor } from '../src/validate/schema-store.js';
import { closest, withoutNulls } from '../src/validate/validate.js';
import { UsageError } from '../src/read/walk.js';

const FIXTURES = path.join(import.meta.dirname, 'fixtures', 'schema');

const POD = `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
    - name: web
      image: nginx
      securtyContext: {}
`;
const CUSTOM = `apiVersion: example.org/v1alpha1
kind: Gizmo
metadata: {name: g}
spec: {replicas: two}
`;

function io(cwd = FIXTURES) {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: {
      stdout: (s: string) => void (out.stdout += s),
      stderr: (s: string) => void (out.stderr += s),
      stdin: async () => '',
      isTTY: false,
      env: {},
      cwd,
    },
  };
}

const schemaMessages = (r: { messages: Array<{ ruleId: string | null; message: string; severity: number }> }) =>
  r.messages.filter((m) => m.ruleId === 'schema').map((m) => `${m.severity} ${m.message}`);

describe('schema rule in the engine', () => {
  it('runs by default, as an error, before the other checks', async () => {
    const [result] = await lintText(POD, { root: false });
    expect(schemaMessages(result)).toEqual(['2 Unknown field "securtyContext" in Container. Did you mean "securityContext"?']);
    const at = result.messages.find((m) => m.ruleId === 'schema')!;
    expect([at.line, at.column, at.endLine, at.endColumn, at.path]).toEqual([8, 7, 8, 21, 'spec.containers[0].securtyContext']);
  });

  it('follows rules.schema like any rule', async () => {
    const [off] = await lintText(POD, { root: false, config: { rules: { schema: 'off' } } });
    expect(schemaMessages(off)).toEqual([]);
    const [warn] = await lintText(POD, { root: false, config: { rules: { schema: 'warn' } } });
    expect(schemaMessages(warn)).toEqual(['1 Unknown field "securtyContext" in Container. Did you mean "securityContext"?']);
  });

  it('refuses an unknown Kubernetes version, listing the known ones', async () => {
    await expect(lintText(POD, { kubernetesVersion: '1.99' })).rejects.toThrow(UsageError);
    await expect(lintText(POD, { kubernetesVersion: '1.99' })).rejects.toThrow(
      'Unknown Kubernetes version "1.99": kubeward has schemas for every minor version from 1.25 to 1.36 ("X.Y")',
    );
    await expect(lintText(POD, { config: { kubernetesVersion: 'latest' } })).rejects.toThrow('Unknown Kubernetes version "latest"');
  });

  it('validates against the chosen version', async () => {
    const cronjob = 'apiVersion: batch/v1beta1\nkind: CronJob\nmetadata: {name: c}\nspec: {schedule: "@daily"}\n';
    const [old] = await lintText(cronjob, { root: false, kubernetesVersion: '1.26', config: { rules: { schema: 'error', 'no-deprecated-api': 'off' } } });
    expect(schemaMessages(old)).toEqual(['2 Kubernetes 1.26 does not serve CronJob in apiVersion "batch/v1beta1": use apiVersion "batch/v1"']);
    // restartPolicyRules exists in 1.36 containers, not in 1.30 ones.
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: a, resizePolicy: [], restartPolicyRules: []}]\n';
    const [v130] = await lintText(pod, { root: false, kubernetesVersion: '1.30' });
    expect(schemaMessages(v130)).toEqual(['2 Unknown field "restartPolicyRules" in Container']);
    const [v136] = await lintText(pod, { root: false, kubernetesVersion: '1.36' });
    expect(schemaMessages(v136)).toEqual([]);
  });

  it('reports a custom resource without a schema as a notice, or an error with strictCrds', async () => {
    const [notice] = await lintText(CUSTOM, { root: false });
    expect(schemaMessages(notice)).toEqual([]);
    expect(notice.errorCount).toBe(0);
    expect(notice.notices?.map((m) => [m.severity, m.ruleId, m.messageId, m.line, m.column])).toEqual([[0, 'schema', 'noSchema', 2, 7]]);
    const [strict] = await lintText(CUSTOM, { root: false, strictCrds: true });
    expect(schemaMessages(strict)).toEqual([
      '2 No schema for custom resource Gizmo (example.org/v1alpha1): add its CustomResourceDefinition to the linted files or a schema folder (--schema-dir)',
    ]);
    const [fromConfig] = await lintText(CUSTOM, { root: false, config: { strictCrds: true } });
    expect(fromConfig.errorCount).toBe(1);
  });

  it('reads schema folders from the config (relative to its folder) and the options', async () => {
    const expected = ['2 spec.replicas must be an integer, got string "two"'];
    const [fromConfig] = await lintText(CUSTOM, { root: false, config: { schemas: ['catalog'] }, configBaseDir: FIXTURES });
    expect(schemaMessages(fromConfig)).toEqual(expected);
    const [fromOptions] = await lintText(CUSTOM, { root: false, cwd: FIXTURES, schemaDirs: ['catalog'] });
    expect(schemaMessages(fromOptions)).toEqual(expected);
  });

  it('never validates kustomizations or kubeconfigs', async () => {
    const [result] = await lintText('resources: [a.yaml]\nnamespace: shop\n', { root: false, filePath: 'kustomization.yaml' });
    expect(result.messages).toEqual([]);
    expect(result.notices ?? []).toEqual([]);
    const [kubeconfig] = await lintText('apiVersion: v1\nkind: Config\nclusters: []\n', { root: false });
    expect(schemaMessages(kubeconfig)).toEqual([]);
    for (const apiVersion of ['kubelet.config.k8s.io/v1beta1', 'apiserver.config.k8s.io/v1', 'audit.k8s.io/v1']) {
      const [config] = await lintText(`apiVersion: ${apiVersion}\nkind: Anything\nx: 1\n`, { root: false, strictCrds: true });
      expect([config.messages, config.notices ?? []]).toEqual([[], []]);
    }
    const [other] = await lintText('apiVersion: v1\nkind: ConfigMpa\n', { root: false });
    expect(schemaMessages(other)).toEqual(['2 Kubernetes 1.36 does not serve kind "ConfigMpa" in apiVersion "v1". Did you mean "ConfigMap"?']);
  });
});

describe('schema options on the command line', () => {
  it('--kubernetes-version with an unknown version is a usage error', async () => {
    const { io: ioObj, out } = io();
    expect(await run(['--kubernetes-version', '2.0', 'valid/pod.yaml'], ioObj)).toBe(2);
    expect(out.stderr).toBe('kubeward: Unknown Kubernetes version "2.0": kubeward has schemas for every minor version from 1.25 to 1.36 ("X.Y")\n');
  });

  it('--schema-dir that does not exist is a usage error', async () => {
    const { io: ioObj, out } = io();
    expect(await run(['--schema-dir', 'nowhere', 'valid/pod.yaml'], ioObj)).toBe(2);
    expect(out.stderr).toBe(`kubeward: Schema folder not found: "${path.join(FIXTURES, 'nowhere')}"\n`);
  });

  it('--schema-dir (repeatable) and --strict-crds', async () => {
    const { io: ioObj, out } = io();
    const code = await run(
      ['--format', 'json', '--rule', 'schema:error', '--schema-dir', 'valid', '--schema-dir', 'catalog', 'invalid/catalog-gizmo.yaml'],
      ioObj,
    );
    expect(code).toBe(1);
    const [result] = JSON.parse(out.stdout);
    expect(result.messages.filter((m: { ruleId: string }) => m.ruleId === 'schema').map((m: { message: string }) => m.message)).toEqual([
      'spec.replicas must be an integer, got string "two"',
      'Unknown field "extra" in Gizmo spec',
    ]);
    const strict = io();
    expect(await run(['--strict-crds', '--format', 'json', 'invalid/catalog-gizmo.yaml'], strict.io)).toBe(1);
    expect(JSON.parse(strict.out.stdout)[0].messages.map((m: { messageId: string }) => m.messageId)).toContain('noSchema');
  });
});

describe('YAML 1.1 scalars as Kubernetes (go-yaml v2) reads them', () => {
  const valueOf = (yaml: string) => parseText(yaml, 'x.yaml').documents[0].value;
  it('yes/no/on/off/y/n are booleans', () => {
    expect(valueOf('[yes, no, on, off, y, n, Yes, OFF, true]')).toEqual([true, false, true, false, true, false, true, false, true]);
  });
  it('0644 is octal, 0x1F hex, 1_000 an integer', () => {
    expect(valueOf('[0644, 0x1F, 1_000, 0b101]')).toEqual([420, 31, 1000, 5]);
  });
  it('sexagesimal numbers are strings (1:20 is not 80)', () => {
    expect(valueOf('[1:20, 12:30:45, 1:20.5]')).toEqual(['1:20', '12:30:45', '1:20.5']);
  });
  it('timestamps are strings', () => {
    expect(valueOf('[2024-01-01, 2001-12-14t21:59:43.10-05:00]')).toEqual(['2024-01-01', '2001-12-14t21:59:43.10-05:00']);
  });
  it('floats need a digit, as in go-yaml v2', () => {
    expect(valueOf('[1.5, .5, 1., -2.5, 1e3, 1.0e+3, 1_000.5, ., -., e3, .e3, +.e1]')).toEqual([
      1.5,
      0.5,
      1,
      -2.5,
      1000,
      1000,
      1000.5,
      '.',
      '-.',
      'e3',
      '.e3',
      '+.e1',
    ]);
    expect(valueOf('[.inf, -.Inf, .nan]')).toEqual([Infinity, -Infinity, NaN]);
  });
  it('<< merge keys merge', () => {
    expect(valueOf('base: &b {a: 1, b: 2}\nderived:\n  <<: *b\n  b: 3\n')).toEqual({ base: { a: 1, b: 2 }, derived: { a: 1, b: 3 } });
  });
  it('a time-like annotation stays a string, so it is valid', async () => {
    const [result] = await lintText('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations: {at: 1:20, on: 2024-01-01}\n', { root: false });
    expect(schemaMessages(result)).toEqual([]);
  });
});

describe('building blocks', () => {
  it('withoutNulls drops null fields and copies only what changes', () => {
    const clean = { a: 1, b: [{ c: 2 }] };
    expect(withoutNulls(clean)).toBe(clean);
    const dirty = { a: null, b: [{ c: null, d: 1 }, null], e: { f: null } };
    expect(withoutNulls(dirty)).toEqual({ b: [{ d: 1 }, null], e: {} });
    expect(dirty.a).toBeNull();
  });

  it('closest suggests near names only', () => {
    expect(closest('securtyContext', ['securityContext', 'resources'])).toBe('securityContext');
    expect(closest('readOnlyRootFileSystem', ['readOnlyRootFilesystem', 'runAsUser'])).toBe('readOnlyRootFilesystem');
    expect(closest('color', ['size', 'port'])).toBeUndefined();
  });

  it('convertCrdSchema makes declared objects strict and honours the Kubernetes extensions', () => {
    expect(
      convertCrdSchema(
        {
          type: 'object',
          description: 'x',
          properties: {
            spec: {
              type: 'object',
              properties: {
                port: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
                open: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { a: { type: 'string' } } },
                tpl: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true },
              },
              oneOf: [{ properties: { port: { type: 'integer' } } }],
            },
          },
        },
        true,
      ),
    ).toEqual({
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          properties: {
            port: { type: ['integer', 'string'] },
            open: { type: 'object', properties: { a: { type: 'string' } } },
            tpl: { type: 'object', properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' } } },
          },
          oneOf: [{ properties: { port: { type: 'integer' } } }],
          additionalProperties: false,
        },
        apiVersion: { type: 'string' },
        kind: { type: 'string' },
        metadata: { type: 'object' },
      },
      additionalProperties: false,
    });
  });

  it('the interpreter agrees with ajv on every golden built-in object', () => {
    const doc = schemasFor('1.36');
    const ajv = new Ajv.default({ allErrors: true, strict: false, inlineRefs: false, validateSchema: false, logger: false });
    const definitions: Record<string, unknown> = {};
    const json = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '..', 'schemas', 'kubernetes-1.36.json'), 'utf8'));
    Object.assign(definitions, json.definitions);
    ajv.addSchema({ definitions }, 'k8s');
    const interpreter = new SchemaInterpreter(json.definitions);
    let compared = 0;
    for (const kind of ['valid', 'invalid']) {
      for (const name of fs.readdirSync(path.join(FIXTURES, kind)).filter((f) => f.endsWith('.yaml'))) {
        const text = fs.readFileSync(path.join(FIXTURES, kind, name), 'utf8');
        if (/kubernetes-version/.test(text)) continue;
        for (const document of parseText(text, name).documents) {
          const object = withoutNulls(document.value) as { apiVersion: string; kind: string };
          const definition = doc.definitionOf(object.apiVersion, object.kind);
          if (!definition || !['Pod', 'Service', 'ConfigMap', 'Role', 'RoleBinding', 'PodDisruptionBudget', 'NetworkPolicy'].includes(object.kind)) continue;
          const validate = ajv.getSchema(`k8s#/definitions/${definition}`) as ValidateFunction; // no $async schema: it validates synchronously
          const ours = interpreter
            .validate(definition, object)
            .map((e) => `${e.keyword} ${e.instancePath}`)
            .sort();
          validate(object);
          const theirs = (validate.errors ?? []).map((e) => `${e.keyword} ${e.instancePath}`).sort();
          expect(ours, `${kind}/${name}`).toEqual(theirs);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(15);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintFiles, lintText } from '../../src/engine/index.js';
import { coreChecks, hardenedPod, rootPod, tempTree } from './helpers.js';

const opts = { checks: coreChecks, root: false as const };
const brief = (r: { messages: Array<{ ruleId: string | null; line: number; column: number; message: string }> }) =>
  r.messages.map((m) => `${m.line}:${m.column} ${m.ruleId ?? 'fatal'} ${m.message}`);

describe('lintText', () => {
  it('returns one ESLint-shaped result with exact keys', async () => {
    const [result] = await lintText(rootPod(), { ...opts, filePath: 'pod.yaml' });
    expect(Object.keys(result).sort()).toEqual(
      [
        'errorCount',
        'fatalErrorCount',
        'filePath',
        'fixableErrorCount',
        'fixableWarningCount',
        'messages',
        'objectCount',
        'suppressedMessages',
        'warningCount',
      ].sort(),
    );
    expect(result.filePath).toBe(path.resolve('pod.yaml'));
    expect(result.errorCount).toBe(1);
    expect(result.messages[0]).toEqual({
      ruleId: 'run-as-non-root',
      severity: 2,
      message: 'Pod "p" container "app" may run as root: neither the container nor the pod sets securityContext.runAsNonRoot: true or a non-zero runAsUser',
      messageId: 'mayRunAsRoot',
      line: 9,
      column: 7,
      endLine: 9,
      endColumn: 22,
      remediation: expect.stringContaining('runAsNonRoot: true'),
      object: 'Pod/p',
      path: 'spec.containers[0].securityContext.runAsNonRoot',
      fix: { range: [165, 165], text: '        runAsNonRoot: true\n' },
    });
    expect(result.fixableErrorCount).toBe(1);
  });

  it('positions findings in later documents of a multi-document file, with CRLF and a BOM', async () => {
    const text = `\uFEFF${hardenedPod('a')}---\n${rootPod('b')}`.replace(/\n/g, '\r\n');
    const [result] = await lintText(text, opts);
    expect(brief(result)).toEqual([
      '21:7 run-as-non-root Pod "b" container "app" may run as root: neither the container nor the pod sets securityContext.runAsNonRoot: true or a non-zero runAsUser',
    ]);
  });

  it('lints each item of a kind: List, positioned inside the list', async () => {
    const text = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Pod
    metadata:
      name: listed
    spec:
      containers:
        - name: app
          image: nginx:1.27
`;
    const [result] = await lintText(text, opts);
    expect(brief(result)).toEqual([
      '10:11 read-only-root-filesystem Pod "listed" container "app" has a writable root filesystem: securityContext.readOnlyRootFilesystem is not true',
      '10:11 run-as-non-root Pod "listed" container "app" may run as root: neither the container nor the pod sets securityContext.runAsNonRoot: true or a non-zero runAsUser',
    ]);
    expect(result.messages[0].object).toBe('Pod/listed');
  });

  it('reports a YAML error at its position and still lints the other documents', async () => {
    const text = `${rootPod('before')}---\nkind: [\n---\n${rootPod('after')}`;
    const [result] = await lintText(text, opts);
    expect(result.fatalErrorCount).toBe(1);
    const fatal = result.messages.find((m) => m.fatal)!;
    expect(fatal).toMatchObject({ ruleId: null, fatal: true, severity: 2, line: 13, column: 1 });
    expect(fatal.message).toMatch(/^Parsing error: /);
    expect(result.messages.filter((m) => m.ruleId === 'run-as-non-root').map((m) => m.line)).toEqual([9, 22]);
  });

  it('passes over YAML that is not Kubernetes quietly', async () => {
    for (const text of [
      'name: ci\non:\n  push: {}\njobs:\n  test:\n    runs-on: ubuntu-latest\n',
      'replicaCount: 1\nimage:\n  repository: nginx\n',
      'services:\n  web:\n    image: nginx\n    privileged: true\n',
      '[1, 2, 3]\n',
      'just a string\n',
    ]) {
      const [result] = await lintText(text, opts);
      expect(result.messages).toEqual([]);
      expect(result.notices).toBeUndefined();
      expect(result.objectCount).toBe(0);
    }
  });

  it('passes over a Helm template with one info notice, never a parse error', async () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}-web\nspec:\n  replicas: {{ .Values.n }}\n';
    const [result] = await lintText(text, opts);
    expect(result.messages).toEqual([]);
    expect(result.errorCount).toBe(0);
    expect(result.notices).toEqual([
      {
        ruleId: null,
        severity: 0,
        message: 'Helm or Go template passed over: render it first (`helm template . | kubeward -`) to lint what it produces',
        messageId: 'template',
        line: 4,
        column: 9,
      },
    ]);
  });

  it('still lints manifests whose strings hold {{ }} (Prometheus rules, Argo templates)', async () => {
    const text = `${rootPod('templated-text')}---\napiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  name: r\nspec:\n  groups:\n    - name: g\n      rules:\n        - alert: Down\n          annotations:\n            summary: Instance {{ $labels.instance }} is down\n            description: "{{ $value }} for 5m"\n`;
    const [result] = await lintText(text, opts);
    expect(result.notices).toBeUndefined();
    expect(result.messages.map((m) => m.ruleId)).toEqual(['run-as-non-root']);
  });
});

describe('lintFiles', () => {
  it('lints folders in sorted order, reports a broken file beside good ones, skips ignored files', async () => {
    const dir = tempTree({
      'b/pod.yaml': rootPod('b'),
      'a/broken.yml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: x\n',
      'a/ok.json': JSON.stringify({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'j' },
        spec: { containers: [{ name: 'c', image: 'i:1', securityContext: { runAsNonRoot: true, readOnlyRootFilesystem: true } }] },
      }),
      'node_modules/x/pod.yaml': rootPod('nm'),
      'ignored/pod.yaml': rootPod('ig'),
      'kubewarded/pod.yaml': rootPod('kw'),
      '.gitignore': 'ignored/\n',
      '.kubewardignore': 'kubewarded/\n',
      'notes.txt': 'not yaml',
    });
    const results = await lintFiles([dir], { ...opts, cwd: dir });
    expect(results.map((r) => path.relative(dir, r.filePath))).toEqual([path.join('a', 'broken.yml'), path.join('a', 'ok.json'), path.join('b', 'pod.yaml')]);
    expect(results[0].fatalErrorCount).toBe(1);
    expect(results[0].messages[0].message).toMatch(/^Parsing error/);
    expect(results[1].messages).toEqual([]);
    expect(results[2].messages.map((m) => m.ruleId)).toEqual(['run-as-non-root']);
    fs.rmSync(dir, { recursive: true });
  });

  it('honours .kubewardignore files above a named file, and only those', async () => {
    const dir = tempTree({
      '.kubewardignore': 'generated/\n',
      'apps/.kubewardignore': 'legacy-*.yaml\n',
      'apps/legacy-web.yaml': rootPod('legacy'),
      'apps/web.yaml': rootPod('web'),
      'generated/out.yaml': rootPod('gen'),
      'other/legacy-web.yaml': rootPod('other'),
    });
    const named = ['apps/legacy-web.yaml', 'apps/web.yaml', 'generated/out.yaml', 'other/legacy-web.yaml'];
    const results = await lintFiles(named, { ...opts, cwd: dir });
    expect(results.map((r) => path.relative(dir, r.filePath))).toEqual([path.join('apps', 'web.yaml'), path.join('other', 'legacy-web.yaml')]);
    fs.rmSync(dir, { recursive: true });
  });

  it('accepts globs and single files', async () => {
    const dir = tempTree({ 'x/one.yaml': rootPod('one'), 'x/two.yaml': hardenedPod('two') });
    expect((await lintFiles(['x/*.yaml'], { ...opts, cwd: dir })).length).toBe(2);
    expect((await lintFiles(['x/two.yaml'], { ...opts, cwd: dir }))[0].errorCount).toBe(0);
    fs.rmSync(dir, { recursive: true });
  });

  it('applies a kustomization namespace to the files it lists', async () => {
    const dir = tempTree({
      'app/kustomization.yaml': 'namespace: shop\nresources:\n  - pod.yaml\n',
      'app/pod.yaml': rootPod('k'),
    });
    const [, pod] = await lintFiles([dir], { ...opts, cwd: dir });
    expect(pod.messages[0].object).toBe('Pod/shop/k');
    fs.rmSync(dir, { recursive: true });
  });
});

describe('one problem, one message', () => {
  const ingress =
    'apiVersion: networking.k8s.io/v1beta1\nkind: Ingress\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  defaultBackend:\n    serviceName: web\n    servicePort: 80\n';
  it('leaves a removed apiVersion to no-deprecated-api, and to the schema rule when that check is off', async () => {
    const [both] = await lintText(ingress, { root: false });
    expect(both.messages.filter((m) => m.line === 1).map((m) => m.ruleId)).toEqual(['no-deprecated-api']);
    const [schemaOnly] = await lintText(ingress, { root: false, rules: { 'no-deprecated-api': 'off' } });
    expect(schemaOnly.messages.filter((m) => m.line === 1).map((m) => [m.ruleId, m.messageId])).toEqual([['schema', 'replacedApiVersion']]);
  });
});

/**
 * Kinds with a pod template beyond Kubernetes' own: OpenShift's DeploymentConfig, Argo Rollouts' Rollout, and the
 * custom kinds a config names in `podTemplates` (src/k8s/pods.ts, src/config/pod-templates.ts), through src/k8s, the
 * engine and the command line. And the two network policy checks saying a namespace's missing policy once.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isWorkloadObject, podSpecOf, withPodTemplates, type PodTemplateKind } from '../src/k8s/index.js';
import { lintText } from '../src/engine/index.js';
import { projectRoot } from './shared-dir.js';

const rollout = (apiVersion: string) => ({
  apiVersion,
  kind: 'Rollout',
  metadata: { name: 'r' },
  spec: { template: { metadata: { labels: { app: 'r' } }, spec: { containers: [{ name: 'a' }] } } },
});

describe('src/k8s: where a kind keeps its pod', () => {
  it('finds the pod template of a DeploymentConfig and an Argo Rollout, in their API groups only', () => {
    const dc = { apiVersion: 'apps.openshift.io/v1', kind: 'DeploymentConfig', spec: { template: { spec: { containers: [] } } } };
    expect(podSpecOf(dc)?.path).toEqual(['spec', 'template', 'spec']);
    expect(podSpecOf(rollout('argoproj.io/v1alpha1'))?.metadata).toEqual({ labels: { app: 'r' } });
    expect(podSpecOf(rollout('rollouts.kruise.io/v1alpha1'))).toBeUndefined();
    expect(isWorkloadObject(rollout('rollouts.kruise.io/v1alpha1'))).toBe(false);
    expect(podSpecOf({ ...dc, apiVersion: 'v1' })).toBeUndefined();
    const byRef = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', spec: { workloadRef: { kind: 'Deployment', name: 'web' } } };
    expect(podSpecOf(byRef)).toBeUndefined();
    expect(podSpecOf({ apiVersion: 'v1', kind: 'PodTemplate', template: { spec: { containers: [] } } })?.path).toEqual(['template', 'spec']);
  });

  it('knows the config kinds only inside withPodTemplates, a template or a bare pod spec told apart by containers', () => {
    const kinds: PodTemplateKind[] = [
      { kind: 'Runner', apiVersions: ['ci.example.com/*'], path: ['spec', 'template'], holds: 'auto' },
      { kind: 'Task', apiVersions: ['ci.example.com/v1'], path: ['spec', 'steps', 0, 'pod'], holds: 'auto' },
    ];
    const runner = { apiVersion: 'ci.example.com/v2', kind: 'Runner', spec: { template: { metadata: { labels: { a: 'b' } }, spec: { containers: [] } } } };
    const task = { apiVersion: 'ci.example.com/v1', kind: 'Task', spec: { steps: [{ pod: { containers: [{ name: 'x' }] } }] } };
    expect(podSpecOf(runner)).toBeUndefined();
    withPodTemplates(kinds, () => {
      expect(podSpecOf(runner)).toMatchObject({ path: ['spec', 'template', 'spec'], metadata: { labels: { a: 'b' } } });
      expect(podSpecOf(task)).toMatchObject({ path: ['spec', 'steps', 0, 'pod'], metadata: undefined });
      expect(podSpecOf({ ...task, apiVersion: 'ci.example.com/v2' })).toBeUndefined();
      // Nested: the inner call's kinds, then the outer's again.
      withPodTemplates([], () => expect(podSpecOf(runner)).toBeUndefined());
      expect(isWorkloadObject(runner)).toBe(true);
    });
    expect(podSpecOf(task)).toBeUndefined();
    expect(() =>
      withPodTemplates(kinds, () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(podSpecOf(runner)).toBeUndefined();
  });
});

describe('the schema rule on DeploymentConfig and Rollout without their CRDs', () => {
  it('gives an info notice, never an error', async () => {
    const code = `apiVersion: apps.openshift.io/v1
kind: DeploymentConfig
metadata:
  name: legacy
spec:
  template:
    spec:
      containers: [{name: app, image: "legacy:1.0"}]
---
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: canary
spec:
  workloadRef: {apiVersion: apps/v1, kind: Deployment, name: web}
`;
    const [result] = await lintText(code, { filePath: 'apps.yaml', root: false, config: { rules: { 'no-default-namespace': 'off' } } });
    expect(result.messages.filter((m) => m.ruleId === 'schema')).toEqual([]);
    expect(result.notices?.map((m) => [m.ruleId, m.line])).toEqual([
      ['schema', 2],
      ['schema', 11],
    ]);
  });
});

describe('namespace-network-policy and pod-network-isolation', () => {
  const code = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    spec:
      containers: [{name: web, image: "nginx:1.27"}]
`;
  const lint = async (rules: Record<string, 'off' | 'warn' | 'error'>) =>
    (await lintText(code, { filePath: 'shop.yaml', root: false, config: { rules: { schema: 'off', ...rules } } }))[0].messages.filter((m) =>
      m.ruleId?.includes('network'),
    );

  it('say a namespace without any policy once: namespace-network-policy supersedes pod-network-isolation', async () => {
    const both = await lint({});
    expect(both.map((m) => [m.ruleId, m.messageId, m.line, m.column])).toEqual([['namespace-network-policy', 'noPolicy', 4, 9]]);
  });

  it('let pod-network-isolation say it when namespace-network-policy is off', async () => {
    const alone = await lint({ 'namespace-network-policy': 'off' });
    expect(alone.map((m) => [m.ruleId, m.messageId, m.line, m.column, m.severity])).toEqual([['pod-network-isolation', 'noPolicyInNamespace', 4, 9, 1]]);
  });
});

describe('config podTemplates, end to end through the command line', () => {
  let dir: string;
  const bin = path.join(projectRoot, 'dist/cli/kubeward.cjs');
  const cli = (...args: string[]) => spawnSync(process.execPath, [bin, '--no-render', ...args], { cwd: dir, encoding: 'utf8' });
  const manifests = `apiVersion: ci.example.com/v1
kind: Runner
metadata:
  name: builder
  namespace: ci
spec:
  template:
    metadata:
      labels: {app: builder}
    spec:
      hostNetwork: true
      containers:
        - name: build
          image: builder:1.0
          securityContext:
            privileged: true
---
apiVersion: ci.example.com/v1beta1
kind: Task
metadata:
  name: lint
  namespace: ci
spec:
  steps:
    - pod:
        containers:
          - name: lint
            image: linter:2.0
            securityContext: {privileged: true}
`;
  const config = `podTemplates:
  - kind: Runner
    apiVersion: ci.example.com/v1
    path: spec.template
  - kind: Task
    apiVersion: ci.example.com/*
    path: spec.steps.0.pod
rules:
  no-privileged: error
`;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubeward-pod-templates-'));
    fs.writeFileSync(path.join(dir, 'ci.yaml'), manifests);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const findings = (stdout: string, ruleId: string) =>
    (JSON.parse(stdout) as Array<{ messages: Array<{ ruleId: string; line: number; column: number; message: string }> }>)[0].messages
      .filter((m) => m.ruleId === ruleId)
      .map((m) => [m.line, m.column, m.message]);

  it('checks nothing in the custom kinds without the config, and gives no schema error for them', () => {
    const r = cli('-f', 'json', 'ci.yaml');
    expect(findings(r.stdout, 'no-privileged')).toEqual([]);
    expect(findings(r.stdout, 'schema')).toEqual([]);
  });

  it('checks their pod templates and bare pod specs with every pod check, on worker threads too', () => {
    fs.writeFileSync(path.join(dir, '.kubeward.yaml'), config);
    const r = cli('-f', 'json', 'ci.yaml');
    expect(r.status).toBe(1);
    expect(findings(r.stdout, 'no-privileged')).toEqual([
      [
        16,
        25,
        'Runner "builder" container "build" runs privileged: it gets every capability and every host device, so a breakout is one step away; remove securityContext.privileged or set it to false',
      ],
      [
        29,
        43,
        'Task "lint" container "lint" runs privileged: it gets every capability and every host device, so a breakout is one step away; remove securityContext.privileged or set it to false',
      ],
    ]);
    // A pod-level check and a repository-wide one see them too.
    expect(findings(r.stdout, 'no-host-namespaces').map((f) => f.slice(0, 2))).toEqual([[11, 20]]);
    expect(findings(r.stdout, 'namespace-network-policy').map((f) => f.slice(0, 2))).toEqual([[5, 14]]);
    expect(findings(r.stdout, 'schema')).toEqual([]);
    const threads = cli('-f', 'json', '--concurrency', '2', 'ci.yaml');
    expect(threads.stderr).toBe('');
    expect(threads.stdout).toBe(r.stdout);
  });

  it('shows them in --print-config', () => {
    fs.writeFileSync(path.join(dir, '.kubeward.yaml'), config);
    const r = cli('--print-config', 'ci.yaml');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).podTemplates).toEqual([
      { kind: 'Runner', apiVersion: 'ci.example.com/v1', path: 'spec.template' },
      { kind: 'Task', apiVersion: 'ci.example.com/*', path: 'spec.steps.0.pod' },
    ]);
  });

  it('refuses a podTemplates entry that the config schema refuses, or a kind named twice, with exit code 2', () => {
    fs.writeFileSync(path.join(dir, '.kubeward.yaml'), 'podTemplates:\n  - kind: Runner\n    apiVersion: ci.example.com/v1\n');
    const missing = cli('ci.yaml');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('.kubeward.yaml:2:5: podTemplates[0]: missing required key "path"');
    fs.writeFileSync(path.join(dir, '.kubeward.yaml'), 'podTemplates:\n  - {kind: Runner, apiVersion: v1, path: spec..template}\n');
    const bad = cli('ci.yaml');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/podTemplates\[0\]\.(apiVersion|path): must match/);
    fs.writeFileSync(
      path.join(dir, '.kubeward.yaml'),
      'podTemplates:\n  - {kind: Runner, apiVersion: ci.example.com/v1, path: spec.template}\n  - {kind: Runner, apiVersion: ci.example.com/v1, path: spec.other}\n',
    );
    const twice = cli('ci.yaml');
    expect(twice.status).toBe(2);
    expect(twice.stderr).toContain('podTemplates[1]: Runner (ci.example.com/v1) is named twice (also podTemplates[0]): one path per kind');
  });
});

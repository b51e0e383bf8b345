/**
 * The vap check end to end: the repository's ValidatingAdmissionPolicies through lintFiles and the CLI, with exact
 * positions (the Kubernetes documentation's examples: replicas limit, label requirement, params from a ConfigMap,
 * namespaceSelector, matchConditions, messageExpression, Warn and Deny), compile errors once on the policy, and the
 * check's configuration by `vap` and `vap/<policy>`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/cli.js';
import type { KubewardConfig } from '../../src/config/index.js';
import { lintFiles } from '../../src/engine/index.js';
import { projectRoot } from '../shared-dir.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function repo(files: Record<string, string>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kubeward-vap-')));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** The vap messages of a run, `file:line:column severity ruleId message`. */
async function vap(files: Record<string, string>, config: KubewardConfig = { rules: { vap: 'error' } }, lint?: string[]): Promise<string[]> {
  const dir = repo(files);
  const results = await lintFiles(
    (lint ?? ['.']).map((f) => path.join(dir, f)),
    { cwd: dir, config, root: dir },
  );
  return results.flatMap((r) =>
    r.messages
      .filter((m) => m.ruleId?.startsWith('vap'))
      .map((m) => `${path.relative(dir, r.filePath)}:${m.line}:${m.column} ${m.severity} ${m.ruleId} ${m.message}`),
  );
}

const policy = (name: string, spec: string) => `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: ${name}
spec:
  failurePolicy: Fail
  matchConstraints:
    resourceRules:
      - apiGroups: [apps]
        apiVersions: [v1]
        operations: [CREATE, UPDATE]
        resources: [deployments]
${spec}`;

const binding = (name: string, actions = '[Deny]', extra = '') => `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: ${name}
spec:
  policyName: ${name}
  validationActions: ${actions}
${extra}`;

const deployment = (name: string, replicas: number, namespace = 'default', labels = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${namespace}
${labels}spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
        - name: app
          image: registry.example/app:1
`;

const replicasLimit = policy('demo-policy.example.com', '  validations:\n    - expression: "object.spec.replicas <= 5"\n');

describe("vap: the repository's ValidatingAdmissionPolicies", () => {
  it('replicas limit (Deny): an error at spec.replicas, with the default message; nothing without a binding or for a fitting object', async () => {
    expect(
      await vap({
        'policy.yaml': `${replicasLimit}---\n${binding('demo-policy.example.com')}`,
        'apps.yaml': `${deployment('big', 6)}---\n${deployment('small', 3)}`,
      }),
    ).toEqual(['apps.yaml:7:13 2 vap/demo-policy.example.com failed expression: object.spec.replicas <= 5']);
    expect(await vap({ 'policy.yaml': replicasLimit, 'apps.yaml': deployment('big', 6) })).toEqual([]);
  });

  it("a binding's matchResources never decide another binding's: null, NaN and Infinity selectors are three values", async () => {
    const p = policy('p', '  validations:\n    - expression: "object.spec.replicas <= 5"\n');
    const bindingOf = (name: string, actions: string, selector: string) =>
      `apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicyBinding\nmetadata:\n  name: ${name}\n` +
      `spec:\n  policyName: p\n  validationActions: ${actions}\n  matchResources:\n    objectSelector: ${selector}\n`;
    const files = { 'p.yaml': p, 'b.yaml': bindingOf('legit', '[Deny]', ''), 'apps.yaml': deployment('big', 50) };
    const deny = 'apps.yaml:7:13 2 vap/p failed expression: object.spec.replicas <= 5';
    expect(await vap(files)).toEqual([deny]);
    // A hostile binding that is read first, whose selector (NaN, Infinity) admits nothing, leaves the legitimate one's answer alone.
    expect(await vap({ ...files, 'a0.yaml': bindingOf('hostile', '[Deny]', '.nan') })).toEqual([deny]);
    expect(await vap({ ...files, 'a0.yaml': bindingOf('hostile', '[Deny]', '.inf') })).toEqual([deny]);
    // With a Warn binding too: the Deny error stays (one message at the place, the more severe).
    expect(await vap({ ...files, 'a0.yaml': bindingOf('hostile', '[Deny]', '.nan'), 'c.yaml': bindingOf('warn', '[Warn]', '') })).toEqual([deny]);
  });

  it("a Kustomize patch file's Namespace is not the repository's: its labels select nothing", async () => {
    const files = {
      'kustomization.yaml': 'resources: [policy.yaml, apps.yaml]\npatches:\n  - path: ns-patch.yaml\n',
      'policy.yaml': `${replicasLimit}---\n${binding('demo-policy.example.com', '[Deny]', '  matchResources:\n    namespaceSelector:\n      matchLabels: {environment: production}\n')}`,
      'apps.yaml': deployment('big', 50, 'team-a'),
      'ns-patch.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n  labels: {environment: production}\n',
    };
    expect(await vap(files)).toEqual([]);
    // The same Namespace as a resource of its own: selected.
    const { 'ns-patch.yaml': namespace, ...rest } = files;
    expect(await vap({ ...rest, 'ns.yaml': namespace })).toEqual([
      'apps.yaml:7:13 2 vap/demo-policy.example.com failed expression: object.spec.replicas <= 5',
    ]);
  });

  it('is on by default (the recommended preset), in the strict preset, and off with rules: { vap: off }', async () => {
    const files = { 'policy.yaml': `${replicasLimit}---\n${binding('demo-policy.example.com')}`, 'apps.yaml': deployment('big', 6) };
    const want = ['apps.yaml:7:13 2 vap/demo-policy.example.com failed expression: object.spec.replicas <= 5'];
    expect(await vap(files, {})).toEqual(want);
    expect(await vap(files, { extends: 'strict' })).toEqual(want);
    expect(await vap(files, { rules: { vap: 'off' } })).toEqual([]);
  });

  it('a Deployment without replicas is validated with the API server default (1), not refused for a missing field', async () => {
    const noReplicas = deployment('defaulted', 1).replace('  replicas: 1\n', '');
    const p = policy('at-least-two', '  validations:\n    - expression: "object.spec.replicas >= 2"\n      message: run at least two replicas\n');
    expect(await vap({ 'policy.yaml': `${replicasLimit}---\n${binding('demo-policy.example.com')}`, 'apps.yaml': noReplicas })).toEqual([]);
    expect(await vap({ 'policy.yaml': `${p}---\n${binding('at-least-two')}`, 'apps.yaml': noReplicas })).toEqual([
      'apps.yaml:6:1 2 vap/at-least-two run at least two replicas',
    ]);
  });

  it('policies of one name in two folders are alternatives: each object is checked against the nearest one', async () => {
    // gateway-api's layout: config/crd/standard and config/crd/experimental each install safe-upgrades, differently.
    const strict = policy('one-name', '  validations:\n    - expression: "object.spec.replicas <= 2"\n      message: standard allows 2\n');
    const loose = policy('one-name', '  validations:\n    - expression: "object.spec.replicas <= 8"\n      message: experimental allows 8\n');
    expect(
      await vap({
        'standard/policy.yaml': `${strict}---\n${binding('one-name')}`,
        'standard/app.yaml': deployment('s', 5),
        'experimental/policy.yaml': `${loose}---\n${binding('one-name')}`,
        'experimental/app.yaml': deployment('e', 5),
        // Equally near to both: checked against each.
        'shared/app.yaml': deployment('both', 5),
      }),
    ).toEqual(['shared/app.yaml:7:13 2 vap/one-name standard allows 2', 'standard/app.yaml:7:13 2 vap/one-name standard allows 2']);
  });

  it("label requirement (Warn): a warning on the metadata that lacks the label, with the policy's message", async () => {
    const p = policy(
      'require-team',
      '  validations:\n    - expression: "has(object.metadata.labels) && \'team\' in object.metadata.labels"\n      message: every Deployment needs a team label\n',
    );
    expect(
      await vap({
        'policy.yaml': `${p}---\n${binding('require-team', '[Warn, Audit]')}`,
        'apps.yaml': `${deployment('nolabels', 1)}---\n${deployment('labelled', 1, 'default', '  labels: {team: a}\n')}`,
      }),
    ).toEqual(['apps.yaml:3:1 1 vap/require-team every Deployment needs a team label']);
  });

  it('Audit only: nothing', async () => {
    expect(await vap({ 'policy.yaml': `${replicasLimit}---\n${binding('demo-policy.example.com', '[Audit]')}`, 'apps.yaml': deployment('big', 6) })).toEqual(
      [],
    );
  });

  it('params from a ConfigMap, namespaceSelector and messageExpression: only in the selected namespaces, with the computed message', async () => {
    const p = policy(
      'replica-limit',
      `  paramKind: {apiVersion: v1, kind: ConfigMap}
  validations:
    - expression: "object.spec.replicas <= int(params.data.maxReplicas)"
      messageExpression: "'replicas must be at most ' + params.data.maxReplicas"
`,
    );
    const b = binding(
      'replica-limit',
      '[Deny]',
      '  paramRef: {name: limits, namespace: config, parameterNotFoundAction: Deny}\n  matchResources:\n    namespaceSelector:\n      matchLabels: {environment: production}\n',
    );
    const namespaces =
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: prod\n  labels: {environment: production}\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: dev\n';
    const params = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: limits\n  namespace: config\ndata:\n  maxReplicas: "3"\n';
    expect(
      await vap({
        'policy.yaml': `${p}---\n${b}`,
        'namespaces.yaml': namespaces,
        'params.yaml': params,
        'prod.yaml': deployment('web', 4, 'prod'),
        'dev.yaml': deployment('web', 4, 'dev'),
      }),
    ).toEqual(['prod.yaml:7:13 2 vap/replica-limit replicas must be at most 3']);
  });

  it('params that are not found, with parameterNotFoundAction Deny: an error on the object', async () => {
    const p = policy(
      'replica-limit',
      '  paramKind: {apiVersion: v1, kind: ConfigMap}\n  validations:\n    - expression: "object.spec.replicas <= int(params.data.maxReplicas)"\n',
    );
    const b = binding('replica-limit', '[Deny]', '  paramRef: {name: missing, namespace: config, parameterNotFoundAction: Deny}\n');
    expect(await vap({ 'policy.yaml': `${p}---\n${b}`, 'apps.yaml': deployment('web', 1) })).toEqual([
      'apps.yaml:1:1 2 vap/replica-limit no params found for policy binding with `Deny` parameterNotFoundAction',
    ]);
  });

  // The Kubernetes documentation's params example: a ReplicaLimit custom resource (rules.example.com/v1) as params.
  const replicaLimitCrd = (scope: 'Namespaced' | 'Cluster') => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: replicalimits.rules.example.com
spec:
  group: rules.example.com
  scope: ${scope}
  names: {kind: ReplicaLimit, plural: replicalimits, singular: replicalimit}
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            maxReplicas: {type: integer}
`;
  const replicaLimit = (name: string, max: number, namespace?: string, labels = '') => `apiVersion: rules.example.com/v1
kind: ReplicaLimit
metadata:
  name: ${name}
${namespace ? `  namespace: ${namespace}\n` : ''}${labels}maxReplicas: ${max}
`;
  const crdPolicy = policy(
    'replicalimit-policy.example.com',
    `  paramKind: {apiVersion: rules.example.com/v1, kind: ReplicaLimit}
  validations:
    - expression: "object.spec.replicas <= params.maxReplicas"
      messageExpression: "'object.spec.replicas must be no greater than ' + string(params.maxReplicas)"
      reason: Invalid
`,
  );
  const crdBinding = (paramRef: string) =>
    binding('replicalimit-policy.example.com', '[Deny]', `  paramRef:\n${paramRef}`).replace(
      'name: replicalimit-policy.example.com\nspec:',
      'name: replicalimit-binding-test.example.com\nspec:',
    );

  it("params of a custom resource kind (the documentation's ReplicaLimit), by name and namespace: read whole, in whatever file", async () => {
    const files = {
      'crd.yaml': replicaLimitCrd('Namespaced'),
      'policy.yaml': `${crdPolicy}---\n${crdBinding('    name: replica-limit-test.example.com\n    namespace: default\n    parameterNotFoundAction: Deny\n')}`,
      'params.yaml': replicaLimit('replica-limit-test.example.com', 3, 'default'),
      'apps.yaml': `${deployment('big', 4)}---\n${deployment('fits', 3)}`,
    };
    const want = ['apps.yaml:7:13 2 vap/replicalimit-policy.example.com object.spec.replicas must be no greater than 3'];
    expect(await vap(files)).toEqual(want);
    // A pre-commit run naming only the Deployment reads the params from the rest of the repository.
    expect(await vap(files, undefined, ['apps.yaml'])).toEqual(want);
  });

  it("custom resource params by selector (one evaluation each), in the object's namespace; parameterNotFoundAction Allow and Deny", async () => {
    const ref = (action: string) => `    selector:\n      matchLabels: {environment: test}\n    parameterNotFoundAction: ${action}\n`;
    const params =
      `${replicaLimit('low', 2, 'team-a', '  labels: {environment: test}\n')}---\n` +
      `${replicaLimit('lower', 1, 'team-a', '  labels: {environment: test}\n')}---\n` +
      `${replicaLimit('unlabelled', 0, 'team-a')}`;
    const apps = `${deployment('a', 2, 'team-a')}---\n${deployment('b', 2, 'team-b')}`;
    expect(
      await vap({
        'crd.yaml': replicaLimitCrd('Namespaced'),
        'policy.yaml': `${crdPolicy}---\n${crdBinding(ref('Allow'))}`,
        'params.yaml': params,
        'apps.yaml': apps,
      }),
    ).toEqual(['apps.yaml:7:13 2 vap/replicalimit-policy.example.com object.spec.replicas must be no greater than 1']);
    expect(
      await vap({
        'crd.yaml': replicaLimitCrd('Namespaced'),
        'policy.yaml': `${crdPolicy}---\n${crdBinding(ref('Deny'))}`,
        'params.yaml': params,
        'apps.yaml': apps,
      }),
    ).toEqual([
      'apps.yaml:7:13 2 vap/replicalimit-policy.example.com object.spec.replicas must be no greater than 1',
      'apps.yaml:18:1 2 vap/replicalimit-policy.example.com no params found for policy binding with `Deny` parameterNotFoundAction',
    ]);
  });

  it('cluster-scoped custom resource params: found by name without a namespace', async () => {
    expect(
      await vap({
        'crd.yaml': replicaLimitCrd('Cluster'),
        'policy.yaml': `${crdPolicy}---\n${crdBinding('    name: cluster-limit\n    parameterNotFoundAction: Deny\n')}`,
        'params.yaml': replicaLimit('cluster-limit', 5),
        'apps.yaml': `${deployment('big', 6, 'team-a')}---\n${deployment('fits', 5, 'team-b')}`,
      }),
    ).toEqual(['apps.yaml:7:13 2 vap/replicalimit-policy.example.com object.spec.replicas must be no greater than 5']);
  });

  it('matchConditions: objects that do not meet them are not validated', async () => {
    const p = policy(
      'no-big-prod',
      `  matchConditions:
    - name: production-only
      expression: "has(object.metadata.labels) && object.metadata.labels.env == 'prod'"
  validations:
    - expression: "object.spec.replicas <= 2"
      message: production Deployments run at most 2 replicas
`,
    );
    expect(
      await vap({
        'policy.yaml': `${p}---\n${binding('no-big-prod')}`,
        'apps.yaml': `${deployment('dev', 9, 'default', '  labels: {env: dev}\n')}---\n${deployment('prod', 9, 'default', '  labels: {env: prod}\n')}`,
      }),
    ).toEqual(['apps.yaml:26:13 2 vap/no-big-prod production Deployments run at most 2 replicas']);
  });

  it('a policy whose expression does not compile: one error at the expression, on the policy, once per run', async () => {
    const p = policy('broken', '  validations:\n    - expression: "object.spec.replicas <="\n');
    const files = { 'policy.yaml': `${p}---\n${binding('broken')}`, 'a.yaml': deployment('a', 1), 'b.yaml': deployment('b', 1) };
    const messages = await vap(files);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^policy\.yaml:14:19 2 vap\/broken validations\[0\]\.expression does not compile: /);
    // Linting only the workloads (a pre-commit hook): the policy is read, its error is not reported on them.
    expect(await vap(files, { rules: { vap: 'error' } }, ['a.yaml', 'b.yaml'])).toEqual([]);
  });

  it('rules: vap off turns every policy off, vap/<policy> one policy; directives name either', async () => {
    const two = `${replicasLimit}---\n${binding('demo-policy.example.com')}---\n${policy('min-two', '  validations:\n    - expression: "object.spec.replicas >= 2"\n')}---\n${binding('min-two', '[Warn]')}`;
    const files = { 'policy.yaml': two, 'apps.yaml': deployment('big', 6) + '---\n' + deployment('one', 1) };
    expect(await vap(files)).toEqual([
      'apps.yaml:7:13 2 vap/demo-policy.example.com failed expression: object.spec.replicas <= 5',
      'apps.yaml:24:13 1 vap/min-two failed expression: object.spec.replicas >= 2',
    ]);
    expect(await vap(files, { rules: { vap: 'error', 'vap/min-two': 'off' } })).toEqual([
      'apps.yaml:7:13 2 vap/demo-policy.example.com failed expression: object.spec.replicas <= 5',
    ]);
    expect(await vap(files, { rules: { vap: 'error', 'vap/min-two': 'error' } })).toContain(
      'apps.yaml:24:13 1 vap/min-two failed expression: object.spec.replicas >= 2',
    );
    expect(await vap(files, { rules: { vap: 'warn' } })).toEqual([
      'apps.yaml:7:13 1 vap/demo-policy.example.com failed expression: object.spec.replicas <= 5',
      'apps.yaml:24:13 1 vap/min-two failed expression: object.spec.replicas >= 2',
    ]);
    const suppressed = {
      ...files,
      'apps.yaml':
        deployment('big', 6).replace('  replicas: 6', '  # kubeward-disable-next-line vap/demo-policy.example.com -- load test\n  replicas: 6') +
        '---\n# kubeward-disable vap -- legacy\n' +
        deployment('one', 1),
    };
    expect(await vap(suppressed)).toEqual([]);
  });

  it('gives the same results on worker threads', async () => {
    const dir = path.join(projectRoot, 'examples/policies');
    const config: KubewardConfig = { rules: { vap: 'error' } };
    const strip = (results: Awaited<ReturnType<typeof lintFiles>>) => results.map((r) => ({ filePath: r.filePath, messages: r.messages }));
    const onThreads = strip(await lintFiles([dir], { cwd: dir, config, concurrency: 2 }));
    expect(onThreads).toEqual(strip(await lintFiles([dir], { cwd: dir, config, concurrency: 'off' })));
    expect(onThreads.flatMap((r) => r.messages.map((m) => m.ruleId))).toEqual(['vap/require-team-label', 'vap/replica-limit']);
  });

  it("examples/policies through the CLI: the README's output", async () => {
    let stdout = '';
    const code = await run(['--format', 'stylish', 'examples/policies'], {
      stdout: (s) => (stdout += s),
      stderr: () => {},
      stdin: async () => '',
      isTTY: false,
      env: {},
      cwd: projectRoot,
    });
    expect(code).toBe(1);
    expect(
      stdout
        // eslint-disable-next-line no-control-regex -- removes the colours' escape sequences
        .replace(/\u001b\[[0-9;]*m/g, '')
        .split('\n')
        .map((l) => l.trimEnd()),
    ).toEqual([
      '',
      `${path.join(projectRoot, 'examples/policies/inventory.yaml')}`,
      '  43:1   warning  every workload needs a team label (who to page)  vap/require-team-label',
      '  47:13  error    replicas must be at most 5, got 10               vap/replica-limit',
      '',
      '✖ 2 problems (1 error, 1 warning)',
      '',
    ]);
  });
});

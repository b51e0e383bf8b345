/**
 * Objects of the wrong shape through every check registered in checks/index.ts (read at run time, so checks added
 * later are covered) and the schema check: no check throws (an internal error would show as messageId
 * internalError), every result is well-formed, every position is inside the file.
 */
import { describe, expect, it } from 'vitest';
import { checks } from '../../checks/index.js';
import { WORKLOAD_KINDS } from '../../src/k8s/index.js';
import { SCHEMA_RULE_ID } from '../../src/config/config.js';
import { lintText } from '../../src/engine/index.js';
import { positionProblems, shapeProblems } from './helpers.js';

/** Every check at level error, so none is skipped because it is not in the recommended preset. */
const ALL_ON = Object.fromEntries([SCHEMA_RULE_ID, ...checks.map((c) => c.meta.id)].map((id) => [id, 'error' as const]));

const WEIRD = ['null', '"x"', '[]', '{}', '5', 'true', '[null]', '[1, "x"]', '[{}]', '{__proto__: {a: 1}}'];

/** Bodies for one kind: `spec` missing or wrong, and each usual field of a pod spec, container and object wrong. */
function bodies(kind: string): string[] {
  const podPath: Record<string, string[]> = {
    Pod: ['spec'],
    PodTemplate: ['template', 'spec'],
    CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  };
  const path = podPath[kind] ?? ['spec', 'template', 'spec'];
  const nest = (keys: string[], inner: string) => keys.reduceRight((acc, key) => `{${key}: ${acc}}`, inner);
  const out: string[] = ['', ...WEIRD.map((w) => `spec: ${w}`), ...WEIRD.map((w) => `metadata: ${w}`)];
  out.push('metadata: {name: 5, namespace: [], labels: "x", annotations: [1], ownerReferences: {}}');
  for (let i = 1; i < path.length; i++) for (const w of WEIRD) out.push(`${path[0]}: ${nest(path.slice(1, i + 1), w)}`);
  const pod = (inner: string) => `${path[0]}: ${nest(path.slice(1), inner)}`;
  const podFields = [
    'containers',
    'initContainers',
    'ephemeralContainers',
    'volumes',
    'securityContext',
    'hostNetwork',
    'hostPID',
    'serviceAccountName',
    'automountServiceAccountToken',
    'nodeName',
    'hostAliases',
    'tolerations',
  ];
  for (const field of podFields) for (const w of WEIRD) out.push(pod(`{${field}: ${w}}`));
  const containerFields = [
    'name',
    'image',
    'securityContext',
    'ports',
    'resources',
    'env',
    'envFrom',
    'volumeMounts',
    'command',
    'args',
    'livenessProbe',
    'imagePullPolicy',
  ];
  for (const field of containerFields) {
    const others = ['name: app', 'image: nginx'].filter((f) => !f.startsWith(`${field}:`));
    for (const w of WEIRD) out.push(pod(`{containers: [{${[...others, `${field}: ${w}`].join(', ')}}]}`));
  }
  for (const field of [
    'capabilities',
    'runAsUser',
    'runAsNonRoot',
    'privileged',
    'seccompProfile',
    'appArmorProfile',
    'allowPrivilegeEscalation',
    'readOnlyRootFilesystem',
    'seLinuxOptions',
  ]) {
    for (const w of WEIRD) {
      out.push(pod(`{containers: [{name: app, image: nginx, securityContext: {${field}: ${w}}}]}`));
      out.push(pod(`{securityContext: {${field}: ${w}}, containers: [{name: app, image: nginx}]}`));
    }
  }
  for (const w of WEIRD) out.push(pod(`{containers: [{name: app, image: nginx, securityContext: {capabilities: {add: ${w}, drop: ${w}}}}]}`));
  for (const w of WEIRD) out.push(pod(`{volumes: [{name: v, hostPath: ${w}}, ${w}]}`));
  return out;
}

const OTHER_KINDS = [
  ['v1', 'Namespace'],
  ['v1', 'Service'],
  ['v1', 'ServiceAccount'],
  ['v1', 'ConfigMap'],
  ['v1', 'Secret'],
  ['networking.k8s.io/v1', 'NetworkPolicy'],
  ['networking.k8s.io/v1', 'Ingress'],
  ['rbac.authorization.k8s.io/v1', 'Role'],
  ['rbac.authorization.k8s.io/v1', 'ClusterRole'],
  ['rbac.authorization.k8s.io/v1', 'RoleBinding'],
  ['rbac.authorization.k8s.io/v1', 'ClusterRoleBinding'],
  ['v1', 'ResourceQuota'],
  ['v1', 'LimitRange'],
  ['policy/v1', 'PodDisruptionBudget'],
  ['apiextensions.k8s.io/v1', 'CustomResourceDefinition'],
  ['kubelet.config.k8s.io/v1beta1', 'KubeletConfiguration'],
  ['audit.k8s.io/v1', 'Policy'],
  ['apiserver.config.k8s.io/v1', 'EncryptionConfiguration'],
] as const;

const FIELDS_OF_OTHERS = [
  'spec',
  'rules',
  'subjects',
  'roleRef',
  'data',
  'stringData',
  'items',
  'resources',
  'aggregationRule',
  'authentication',
  'authorization',
  'omitStages',
  'webhooks',
];

async function lintDocs(docs: string[]) {
  const text = `${docs.join('\n---\n')}\n`;
  const results = await lintText(text, { filePath: 'shapes.yaml', root: false, rules: ALL_ON });
  expect(results).toHaveLength(1);
  expect(shapeProblems(results[0])).toEqual([]);
  expect(positionProblems(text, results[0])).toEqual([]);
  return results[0];
}

describe(`wrong shapes through all ${checks.length} registered checks and the schema`, () => {
  it('checks/index.ts registers checks (the test would prove nothing without them)', () => {
    expect(checks.length).toBeGreaterThan(1);
  });

  const apiVersion: Record<string, string> = { Pod: 'v1', PodTemplate: 'v1', ReplicationController: 'v1', Job: 'batch/v1', CronJob: 'batch/v1' };
  for (const kind of WORKLOAD_KINDS) {
    it(kind, async () => {
      const docs = bodies(kind).map(
        (body, i) => `apiVersion: ${apiVersion[kind] ?? 'apps/v1'}\nkind: ${kind}\nmetadata: {name: w${i}, namespace: shapes}\n${body}`,
      );
      // Keep `metadata: ...` bodies: a second metadata key would be a duplicate key, so they replace the default one.
      const fixed = docs.map((d) => (/\nmetadata: .*\nmetadata: /.test(d) ? d.replace(/\nmetadata: \{name: w\d+, namespace: shapes\}/, '') : d));
      const result = await lintDocs(fixed);
      expect(result.messages.filter((m) => m.fatal).map((m) => `${m.line}: ${m.message}`)).toEqual([]);
    });
  }

  it('other kinds, each top-level field wrong', async () => {
    const docs: string[] = [];
    for (const [apiVersion, kind] of OTHER_KINDS) {
      docs.push(`apiVersion: ${apiVersion}\nkind: ${kind}`);
      for (const field of FIELDS_OF_OTHERS)
        for (const w of WEIRD) docs.push(`apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: {name: o, namespace: shapes}\n${field}: ${w}`);
      docs.push(
        `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: {name: o}\nrules: [{apiGroups: 5, resources: {}, verbs: "x"}, null]\nsubjects: [{kind: 5}, "x"]\nroleRef: {name: []}`,
      );
      docs.push(
        `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: {name: o}\nspec: {podSelector: "x", ingress: {}, egress: [null], policyTypes: 5, hard: [], limits: "x", rules: [{http: 5}], tls: {}}`,
      );
    }
    docs.push(
      'apiVersion: 5\nkind: Pod',
      'apiVersion: v1\nkind: [Pod]',
      'apiVersion: v1\nkind: ""',
      'kind: List\napiVersion: v1\nitems: [null, 5, {kind: Pod, apiVersion: v1, spec: "x"}]',
    );
    const result = await lintDocs(docs);
    expect(result.fatalErrorCount).toBe(0);
  });
});

describe('a check that throws', () => {
  it('becomes one internal error for that rule and object; the other checks and objects still run', async () => {
    const { default: runAsNonRoot } = await import('../../checks/run-as-non-root/index.js');
    const boom = {
      meta: { ...runAsNonRoot.meta, id: 'boom', messages: { x: 'x' } },
      check(resource: { name?: string }) {
        if (resource.name === 'bad') throw new TypeError("Cannot read properties of null (reading 'containers')");
        return [];
      },
    };
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: bad}\nspec: {containers: [{name: app, image: nginx}]}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: good}\nspec: {containers: [{name: app, image: nginx}]}\n';
    const [result] = await lintText(text, { filePath: 'boom.yaml', root: false, checks: [boom, runAsNonRoot] });
    expect(result.messages.map((m) => [m.ruleId, m.messageId, m.line, m.column])).toEqual([
      ['boom', 'internalError', 1, 1],
      ['run-as-non-root', 'mayRunAsRoot', 4, 21],
      ['run-as-non-root', 'mayRunAsRoot', 9, 21],
    ]);
    expect(result.messages[0].message).toBe(
      'Internal error in check "boom" on Pod/bad: Cannot read properties of null (reading \'containers\'). Please report it; the other checks still ran',
    );
  });
});

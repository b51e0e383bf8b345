/**
 * Every Kubernetes minor kubernetes ships schemas for, at the boundaries where a field or an apiVersion appears or
 * goes: for each version, what exists in it and what does not yet (or any more), with the exact messages. The
 * versions derived in scripts/gen-schemas.mjs (DERIVED: 1.31, 1.35) are covered like the generated ones.
 */
import { describe, expect, it } from 'vitest';
import { DEPRECATIONS, parseVersion, versionAtMost } from '../checks/no-deprecated-api/deprecations.js';
import { run } from '../src/cli/cli.js';
import { lintText } from '../src/engine/index.js';
import { KUBERNETES_VERSIONS, schemasFor } from '../src/validate/schema-store.js';

const pod = (spec: string, container = '') => `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers: [{name: a, image: a${container}}]
${spec}`;
const object = (apiVersion: string, kind: string, body = '') => `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: {name: x}\n${body}`;
const notServed = (version: string, kind: string, apiVersion: string, use: string) =>
  `Kubernetes ${version} does not serve ${kind} in apiVersion "${apiVersion}": use apiVersion "${use}"`;

const APPARMOR_CONTAINER = pod('', ', securityContext: {appArmorProfile: {type: RuntimeDefault}}');
const APPARMOR_POD = pod('  securityContext: {appArmorProfile: {type: RuntimeDefault}}\n');
const SIDECAR = pod('  initContainers: [{name: s, image: s, restartPolicy: Always}]\n');
const HOST_USERS = pod('  hostUsers: false\n');
const POD_RESOURCES = pod('  resources: {limits: {cpu: "1"}}\n');
const TRAFFIC = object('v1', 'Service', 'spec:\n  ports: [{port: 80}]\n  trafficDistribution: PreferClose\n');
const fs = (apiVersion: string) => object(apiVersion, 'FlowSchema', 'spec: {priorityLevelConfiguration: {name: global-default}}\n');
const VAP_V1 = object('admissionregistration.k8s.io/v1', 'ValidatingAdmissionPolicy', 'spec: {validations: [{expression: "true"}]}\n');
const claim = (apiVersion: string, spec = '{}') => object(apiVersion, 'ResourceClaimTemplate', `spec: {spec: ${spec}}\n`);
const map = (apiVersion: string) => object(apiVersion, 'MutatingAdmissionPolicy', 'spec: {}\n');
const NODE_DECLARED = object('v1', 'Node', 'status: {declaredFeatures: [a]}\n');

/**
 * [what, manifest, { version: messages }]: a version not listed gives the messages of the nearest listed one below.
 * 1.36 (kubernetes-models) serves the GA apiVersions only, so alpha and beta ones end there.
 */
const TABLE: Array<[string, string, Record<string, string[]>]> = [
  ['container securityContext.appArmorProfile (1.30)', APPARMOR_CONTAINER, { '1.25': ['Unknown field "appArmorProfile" in SecurityContext'], '1.30': [] }],
  ['pod securityContext.appArmorProfile (1.30)', APPARMOR_POD, { '1.25': ['Unknown field "appArmorProfile" in PodSecurityContext'], '1.30': [] }],
  ['sidecar restartPolicy in initContainers (1.28)', SIDECAR, { '1.25': ['Unknown field "restartPolicy" in Container'], '1.28': [] }],
  ['hostUsers (every version)', HOST_USERS, { '1.25': [] }],
  ['Pod spec.resources (1.32)', POD_RESOURCES, { '1.25': ['Unknown field "resources" in PodSpec'], '1.32': [] }],
  // The 1.30 declarations have trafficDistribution (alpha in 1.30, beta in 1.31).
  ['Service trafficDistribution (1.30)', TRAFFIC, { '1.25': ['Unknown field "trafficDistribution" in ServiceSpec'], '1.30': [] }],
  [
    'flowcontrol v1beta2 (removed in 1.29)',
    fs('flowcontrol.apiserver.k8s.io/v1beta2'),
    {
      '1.25': [],
      '1.29': [notServed('1.29', 'FlowSchema', 'flowcontrol.apiserver.k8s.io/v1beta2', 'flowcontrol.apiserver.k8s.io/v1')],
    },
  ],
  [
    'flowcontrol v1beta3 (1.26 to 1.31)',
    fs('flowcontrol.apiserver.k8s.io/v1beta3'),
    {
      '1.25': [notServed('1.25', 'FlowSchema', 'flowcontrol.apiserver.k8s.io/v1beta3', 'flowcontrol.apiserver.k8s.io/v1beta2')],
      '1.26': [],
      '1.32': [notServed('1.32', 'FlowSchema', 'flowcontrol.apiserver.k8s.io/v1beta3', 'flowcontrol.apiserver.k8s.io/v1')],
    },
  ],
  [
    'ValidatingAdmissionPolicy admissionregistration.k8s.io/v1 (1.30)',
    VAP_V1,
    {
      '1.25': ['Kubernetes 1.25 does not serve kind "ValidatingAdmissionPolicy" in apiVersion "admissionregistration.k8s.io/v1" nor in any other apiVersion'],
      '1.26': [notServed('1.26', 'ValidatingAdmissionPolicy', 'admissionregistration.k8s.io/v1', 'admissionregistration.k8s.io/v1alpha1')],
      '1.28': [notServed('1.28', 'ValidatingAdmissionPolicy', 'admissionregistration.k8s.io/v1', 'admissionregistration.k8s.io/v1beta1')],
      '1.30': [],
    },
  ],
  [
    'resource.k8s.io/v1alpha2 (1.27 to 1.30)',
    claim('resource.k8s.io/v1alpha2', '{resourceClassName: gpu}'),
    {
      '1.27': [],
      '1.31': [notServed('1.31', 'ResourceClaimTemplate', 'resource.k8s.io/v1alpha2', 'resource.k8s.io/v1alpha3')],
      '1.32': [notServed('1.32', 'ResourceClaimTemplate', 'resource.k8s.io/v1alpha2', 'resource.k8s.io/v1beta1')],
      '1.33': [notServed('1.33', 'ResourceClaimTemplate', 'resource.k8s.io/v1alpha2', 'resource.k8s.io/v1beta2')],
      '1.34': [notServed('1.34', 'ResourceClaimTemplate', 'resource.k8s.io/v1alpha2', 'resource.k8s.io/v1')],
    },
  ],
  [
    'resource.k8s.io/v1beta1 (1.32)',
    claim('resource.k8s.io/v1beta1'),
    {
      '1.31': [notServed('1.31', 'ResourceClaimTemplate', 'resource.k8s.io/v1beta1', 'resource.k8s.io/v1alpha3')],
      '1.32': [],
      '1.36': [notServed('1.36', 'ResourceClaimTemplate', 'resource.k8s.io/v1beta1', 'resource.k8s.io/v1')],
    },
  ],
  [
    'resource.k8s.io/v1 (1.34)',
    claim('resource.k8s.io/v1'),
    { '1.33': [notServed('1.33', 'ResourceClaimTemplate', 'resource.k8s.io/v1', 'resource.k8s.io/v1beta2')], '1.34': [] },
  ],
  [
    'MutatingAdmissionPolicy v1alpha1 (1.32)',
    map('admissionregistration.k8s.io/v1alpha1'),
    {
      '1.31': [
        'Kubernetes 1.31 does not serve kind "MutatingAdmissionPolicy" in apiVersion "admissionregistration.k8s.io/v1alpha1" nor in any other apiVersion',
      ],
      '1.32': [],
      '1.36': [notServed('1.36', 'MutatingAdmissionPolicy', 'admissionregistration.k8s.io/v1alpha1', 'admissionregistration.k8s.io/v1')],
    },
  ],
  [
    'MutatingAdmissionPolicy v1beta1 (1.34)',
    map('admissionregistration.k8s.io/v1beta1'),
    {
      '1.33': [notServed('1.33', 'MutatingAdmissionPolicy', 'admissionregistration.k8s.io/v1beta1', 'admissionregistration.k8s.io/v1alpha1')],
      '1.34': [],
      '1.36': [notServed('1.36', 'MutatingAdmissionPolicy', 'admissionregistration.k8s.io/v1beta1', 'admissionregistration.k8s.io/v1')],
    },
  ],
  ['Node status.declaredFeatures (1.35)', NODE_DECLARED, { '1.34': ['Unknown field "declaredFeatures" in NodeStatus'], '1.35': [] }],
];

const messagesOf = async (text: string, kubernetesVersion: string) => {
  const [result] = await lintText(text, { root: false, kubernetesVersion, config: { rules: { 'no-deprecated-api': 'off' } } });
  return result.messages.filter((m) => m.ruleId === 'schema').map((m) => m.message);
};

describe('schemas of every Kubernetes version', () => {
  it('are 1.25 to 1.36, every minor', () => {
    expect(KUBERNETES_VERSIONS).toEqual(Array.from({ length: 12 }, (_, i) => `1.${25 + i}`));
  });

  it('are the only ones --kubernetes-version accepts (exit 2 and the range otherwise)', async () => {
    for (const version of ['1.24', '1.37', '1.3', 'latest']) {
      await expect(lintText(POD_RESOURCES, { kubernetesVersion: version })).rejects.toThrow(
        `Unknown Kubernetes version "${version}": kubeward has schemas for every minor version from 1.25 to 1.36 ("X.Y")`,
      );
    }
    const out = { stdout: '', stderr: '' };
    const io = () => ({
      stdout: (s: string) => void (out.stdout += s),
      stderr: (s: string) => void (out.stderr += s),
      stdin: async () => POD_RESOURCES,
      isTTY: false,
      env: {},
      cwd: import.meta.dirname,
    });
    expect(await run(['--kubernetes-version', '1.37', '-'], io())).toBe(2);
    expect(out.stderr).toBe('kubeward: Unknown Kubernetes version "1.37": kubeward has schemas for every minor version from 1.25 to 1.36 ("X.Y")\n');
    out.stderr = '';
    expect(await run(['--kubernetes-version', '1.31', '--format', 'json', '-'], io())).toBe(1);
    expect(out.stdout).toContain('Unknown field \\"resources\\" in PodSpec');
    out.stdout = '';
    await run(['--kubernetes-version', '1.32', '--format', 'json', '-'], io());
    expect(out.stdout).toContain('"filePath"');
    expect(out.stdout).not.toContain('in PodSpec');
  });

  for (const [what, text, byVersion] of TABLE) {
    it(what, async () => {
      const listed = Object.keys(byVersion);
      const actual: Record<string, string[]> = {};
      const expected: Record<string, string[]> = {};
      for (const version of KUBERNETES_VERSIONS) {
        const from = [...listed].reverse().find((v) => versionAtMost(parseVersion(v)!, parseVersion(version)!));
        if (!from) continue;
        // A listed message names its own version; the versions after it up to the next listed one say theirs.
        expected[version] = byVersion[from].map((m) => m.replace(`Kubernetes ${from} `, `Kubernetes ${version} `));
        actual[version] = await messagesOf(text, version);
      }
      expect(actual).toEqual(expected);
    });
  }

  it('serve what checks/no-deprecated-api says, and nothing it says is removed', () => {
    for (const d of DEPRECATIONS) {
      if (!d.removedIn) continue;
      const removed = parseVersion(d.removedIn)!;
      for (const version of KUBERNETES_VERSIONS) {
        const schemas = schemasFor(version);
        for (const kind of d.kinds) {
          const served = schemas.definitionOf(d.apiVersion, kind) !== undefined;
          if (versionAtMost(removed, parseVersion(version)!)) expect(served, `${version} ${d.apiVersion} ${kind}`).toBe(false);
          else if (removed[1] - 1 === parseVersion(version)![1]) expect(served, `${version} ${d.apiVersion} ${kind}`).toBe(true);
        }
      }
    }
  });
});

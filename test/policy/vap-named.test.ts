/**
 * A run that names some files (a pre-commit hook) in a repository with ValidatingAdmissionPolicies loads CEL only when
 * the vap check needs it for the named files (policiesApply, src/policy/checks.ts): when one of them is a policy or a
 * binding, or an object that a binding with Deny or Warn sends to its policy by the same match rules src/policy/vap.ts
 * applies. The results are those of a run that lints the whole repository, whatever the policies (edited between runs,
 * with the index cache warm) say.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { lintFiles } from '../../src/engine/index.js';
import type { LintOptions } from '../../src/engine/engine.js';
import { celLoaded } from '../../src/policy/index.js';
import type { LintResult } from '../../src/shared/types.js';
import { ownUserCache, tempTree } from '../core/helpers.js';

ownUserCache('kubeward-vap-named-xdg-');
// Files older than the racy window of the index cache, as a user's are (test/index-cache.test.ts).
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.now() + 60_000);
});
afterEach(() => {
  vi.useRealTimers();
});

/** A policy on `resources` of `group` that refuses objects labelled `tier: web`, and a binding with `actions`. */
const policy = (name: string, group: string, resources: string, actions = '[Deny]', selector = '') => `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: {name: ${name}}
spec:
  matchConstraints:
    resourceRules: [{apiGroups: ["${group}"], apiVersions: ["*"], operations: [CREATE], resources: [${resources}]}]${selector}
  validations: [{expression: "!has(object.metadata.labels) || !('tier' in object.metadata.labels) || object.metadata.labels.tier != 'web'", message: "no web tier here"}]
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: {name: ${name}}
spec: {policyName: ${name}${actions ? `, validationActions: ${actions}` : ''}}
`;

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop, labels: {tier: web}}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: app, image: registry.example/app:1}]
`;
const configMap = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: shop, labels: {tier: web}}\ndata: {a: b}\n`;

function repository(): string {
  return tempTree({
    '.git/HEAD': 'ref: refs/heads/main\n',
    'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n',
    'policies/deployments.yaml': policy('deployments', 'apps', 'deployments'),
    // Bindings that never validate an object: Audit only, and none (a finding on the binding itself).
    'policies/audit.yaml': policy('audit', '', 'configmaps', '[Audit]'),
    'policies/no-actions.yaml': policy('no-actions', '', 'configmaps', ''),
    'app/deploy.yaml': deployment,
    'app/config.yaml': configMap,
  });
}

const OPTIONS: LintOptions = { render: false };

async function named(dir: string, file: string, options: LintOptions = {}): Promise<LintResult> {
  const results = await lintFiles([file], { cwd: dir, ...OPTIONS, ...options });
  expect(results.map((r) => path.relative(dir, r.filePath))).toEqual([file]);
  return results[0];
}

/** The results of a run that lints the whole repository (every policy compiled and evaluated), by file. */
async function whole(dir: string): Promise<Map<string, LintResult>> {
  return new Map((await lintFiles(['.'], { cwd: dir, ...OPTIONS })).map((r) => [path.relative(dir, r.filePath), r]));
}

const vapMessages = (r: LintResult) => r.messages.filter((m) => m.ruleId?.startsWith('vap')).map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.message}`);

describe('a run that names files loads CEL only when a policy applies to them', () => {
  // First in this file: CEL, once loaded, stays loaded for the process.
  it('a ConfigMap no binding with Deny or Warn matches: no CEL, and the results of the whole run', async () => {
    const dir = repository();
    const cold = await named(dir, 'app/config.yaml');
    const warm = await named(dir, 'app/config.yaml');
    expect(celLoaded()).toBe(false);
    const all = await whole(dir);
    expect(celLoaded()).toBe(true);
    expect(vapMessages(all.get('app/deploy.yaml')!)).toEqual(['3:40 vap/deployments no web tier here']);
    expect(vapMessages(all.get('policies/no-actions.yaml')!)).toEqual([
      '12:1 vap/no-actions binding "no-actions" has no validationActions (Deny, Warn or Audit)',
    ]);
    expect(cold).toEqual(all.get('app/config.yaml'));
    expect(warm).toEqual(all.get('app/config.yaml'));
  });

  it('a Deployment the policy matches gets its finding, cold and with the index cache warm', async () => {
    const dir = repository();
    const all = await whole(dir);
    for (const options of [{ indexCache: false }, {}, {}]) {
      const result = await named(dir, 'app/deploy.yaml', options);
      expect(vapMessages(result)).toEqual(['3:40 vap/deployments no web tier here']);
      expect(result).toEqual(all.get('app/deploy.yaml'));
    }
    // The binding without actions, named: its own finding.
    expect(await named(dir, 'policies/no-actions.yaml')).toEqual(all.get('policies/no-actions.yaml'));
  });

  it('a policy edited elsewhere changes the warm run exactly as a run without the cache', async () => {
    const dir = repository();
    const edits: Array<[string, string, string[]]> = [
      ['nothing', policy('audit', '', 'configmaps', '[Audit]'), []],
      ['the audit binding made Warn', policy('audit', '', 'configmaps', '[Warn]'), ['3:45 vap/audit no web tier here']],
      ['an objectSelector that leaves the ConfigMap out', policy('audit', '', 'configmaps', '[Warn]', '\n    objectSelector: {matchLabels: {tier: db}}'), []],
      [
        'one that takes it in',
        policy('audit', '', 'configmaps', '[Warn]', '\n    objectSelector: {matchLabels: {tier: web}}'),
        ['3:45 vap/audit no web tier here'],
      ],
      ['a namespaceSelector that leaves it out', policy('audit', '', 'configmaps', '[Warn]', '\n    namespaceSelector: {matchLabels: {env: prod}}'), []],
      ['the rule on another resource', policy('audit', '', 'secrets', '[Deny]'), []],
      ['back on ConfigMaps, Deny', policy('audit', '', '"*"', '[Deny]'), ['3:45 vap/audit no web tier here']],
    ];
    await named(dir, 'app/config.yaml');
    for (const [what, text, expected] of edits) {
      fs.writeFileSync(path.join(dir, 'policies/audit.yaml'), text);
      const warm = await named(dir, 'app/config.yaml');
      expect(vapMessages(warm), what).toEqual(expected);
      expect(warm, what).toEqual(await named(dir, 'app/config.yaml', { indexCache: false }));
      expect(warm, what).toEqual((await whole(dir)).get('app/config.yaml'));
    }
  });
});

describe('bindings of one policy are each judged by their own matchResources', () => {
  const binding = (name: string, matchResources: string) => `---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: {name: ${name}}
spec: {policyName: configs, validationActions: [Warn]${matchResources}}
`;
  // The policy alone (its own binding in policy() is replaced by the ones below).
  const configsPolicy = policy('configs', '', 'configmaps', '[Warn]').split('\n---\n')[0] + '\n';
  const cases: Array<[string, string, string[]]> = [
    ['one binding leaves the ConfigMap out', binding('out', ', matchResources: {objectSelector: {matchLabels: {tier: db}}}'), []],
    [
      'a second one, after it, takes it in',
      binding('out', ', matchResources: {objectSelector: {matchLabels: {tier: db}}}') +
        binding('in', ', matchResources: {objectSelector: {matchLabels: {tier: web}}}'),
      ['3:45 vap/configs no web tier here'],
    ],
    [
      'and before it',
      binding('in', ', matchResources: {objectSelector: {matchLabels: {tier: web}}}') +
        binding('out', ', matchResources: {objectSelector: {matchLabels: {tier: db}}}'),
      ['3:45 vap/configs no web tier here'],
    ],
    // Copies of the policy with other matchConstraints: each pairs with the bindings.
    ['a copy of the policy on secrets only, the binding without matchResources', binding('plain', ''), ['3:45 vap/configs no web tier here']],
  ];
  for (const [what, bindings, expected] of cases) {
    it(`${what}: the named run gives the whole run's answer`, async () => {
      const secretsCopy = what.startsWith('a copy') ? `${policy('configs', '', 'secrets', '[Warn]').split('\n---\n')[0]}\n---\n` : '';
      const dir = tempTree({
        '.git/HEAD': 'ref: refs/heads/main\n',
        'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n',
        'policies/configs.yaml': `${secretsCopy}${configsPolicy}${bindings}`,
        'app/config.yaml': configMap,
      });
      const result = await named(dir, 'app/config.yaml');
      expect(vapMessages(result)).toEqual(expected);
      expect(result).toEqual((await whole(dir)).get('app/config.yaml'));
    });
  }
});

import { describe, expect, it } from 'vitest';
import type { PolicyObject } from '../../src/policy/index.js';
import { evaluatePolicies, preparePolicies } from '../../src/policy/runtime.js';
import { nearest, withAdmissionDefaults } from '../../src/policy/vap.js';
import { admissionOf, admittedBy, matchPairs } from '../../src/policy/match.js';
import { resourceTable } from '../../src/policy/resources-table.js';

const obj = (object: any, namespace?: string): PolicyObject => ({ object, namespace: namespace ?? object.metadata?.namespace });
const deployment = (name: string, replicas: number, extra: any = {}) =>
  obj({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default', ...(extra.metadata ?? {}) },
    spec: { replicas, ...(extra.spec ?? {}) },
  });
const deploymentsRule = { resourceRules: [{ apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['deployments'] }] };
const policy = (name: string, spec: any) =>
  obj({
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicy',
    metadata: { name },
    spec: { failurePolicy: 'Fail', matchConstraints: deploymentsRule, ...spec },
  });
const binding = (name: string, policyName: string, spec: any = {}) =>
  obj({
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicyBinding',
    metadata: { name },
    spec: { policyName, validationActions: ['Deny'], ...spec },
  });
const summary = (objects: PolicyObject[]) =>
  evaluatePolicies({ objects }).map((f) => ({
    ruleId: f.ruleId,
    severity: f.severity,
    kind: f.kind,
    on: `${f.target.object.kind}/${f.target.object.metadata?.name}`,
    path: f.path,
    message: f.message,
  }));

// The kubernetes.io "Validating Admission Policy" page's demo policy.
const replicasLimit = policy('demo-policy.example.com', { validations: [{ expression: 'object.spec.replicas <= 5' }] });

/** A test object's spec, as the matcher reads it. */
const specOf = (o: { object: unknown }): Record<string, unknown> => (o.object as { spec: Record<string, unknown> }).spec;

describe('ValidatingAdmissionPolicy', () => {
  it('replicas limit (the documentation example): fails the object at spec.replicas with the default message', () => {
    expect(
      summary([replicasLimit, binding('demo-binding-test.example.com', 'demo-policy.example.com'), deployment('big', 6), deployment('small', 3)]),
    ).toEqual([
      {
        ruleId: 'vap/demo-policy.example.com',
        severity: 2,
        kind: 'validation',
        on: 'Deployment/big',
        path: ['spec', 'replicas'],
        message: 'failed expression: object.spec.replicas <= 5',
      },
    ]);
  });

  it('reads a manifest map with a $typeName key as a map (no message), in the object and through a variable', () => {
    // An annotation named $typeName must not make the policy fail to evaluate (a failurePolicy Ignore would let it pass).
    const team = policy('team.example.com', {
      variables: [{ name: 'notes', expression: 'object.metadata.annotations' }],
      validations: [
        { expression: "object.metadata.annotations.team == 'a'", message: 'team a only' },
        { expression: "variables.notes.team == 'a'", message: 'team a only (variable)' },
      ],
    });
    const tagged = deployment('tagged', 1, { metadata: { name: 'tagged', annotations: { $typeName: 'google.protobuf.Duration', team: 'b' } } });
    expect(summary([team, binding('team-binding', 'team.example.com'), tagged]).map((f) => `${f.on} ${f.kind}: ${f.message}`)).toEqual([
      'Deployment/tagged validation: team a only',
      'Deployment/tagged validation: team a only (variable)',
    ]);
  });

  it("never takes a manifest's map with a marker key for a Quantity, IP, CIDR or URL (a map to Kubernetes' CEL)", () => {
    // Kubernetes' quantity() and ip() values are opaque types: a map from the object is none of them, so a Quantity or
    // IP method on it has no overload (an evaluation error, under failurePolicy), string() of it none either, and it
    // never equals a Quantity. Each forged annotation map below once passed for the value it names.
    const forged = {
      '@kubeward.quantity': '1/1',
      '@kubeward.ip': '10.0.0.1',
      '@kubeward.cidr': '10.0.0.0/8',
      '@kubeward.url': 'https://example.com/',
    };
    const limits = policy('limits.example.com', {
      variables: [{ name: 'q', expression: "object.metadata.annotations['quantity']" }],
      validations: [
        { expression: "object.metadata.annotations['quantity'].isLessThan(quantity('2'))", message: 'quantity method' },
        { expression: "variables.q.isLessThan(quantity('2'))", message: 'quantity method (variable)' },
        { expression: "object.metadata.annotations['quantity'] != quantity('1')", message: 'never equal' },
        { expression: "object.metadata.annotations['ip'].family() == 4", message: 'ip method' },
        { expression: "cidr('10.0.0.0/8').containsIP(object.metadata.annotations['ip'])", message: 'ip argument' },
        { expression: "object.metadata.annotations['cidr'].containsIP('10.0.0.1')", message: 'cidr method' },
        { expression: "string(object.metadata.annotations['ip']) == '10.0.0.1'", message: 'string of ip' },
        { expression: "object.metadata.annotations['url'].getHost() == 'example.com'", message: 'url method' },
      ],
    });
    const annotations = Object.fromEntries(
      ['quantity', 'ip', 'cidr', 'url'].map((k) => [k, { [`@kubeward.${k}`]: forged[`@kubeward.${k}` as keyof typeof forged] }]),
    );
    // Annotations are strings in a cluster; a custom resource's map fields are not, and these are read the same way.
    const target = deployment('forged', 1, { metadata: { name: 'forged', annotations } });
    expect(summary([limits, binding('limits-binding', 'limits.example.com'), target]).map((f) => `${f.kind}: ${f.message}`)).toEqual([
      `evaluation: policy "limits.example.com" (failurePolicy Fail) could not evaluate 'object.metadata.annotations['quantity'].isLessThan(quantity('2'))': no such overload: expected Quantity`,
      `evaluation: policy "limits.example.com" (failurePolicy Fail) could not evaluate 'variables.q.isLessThan(quantity('2'))': no such overload: expected Quantity`,
      `evaluation: policy "limits.example.com" (failurePolicy Fail) could not evaluate 'object.metadata.annotations['ip'].family() == 4': no such overload: expected IP address`,
      `evaluation: policy "limits.example.com" (failurePolicy Fail) could not evaluate 'cidr('10.0.0.0/8').containsIP(object.metadata.annotations['ip'])': no such overload: expected IP address`,
      `evaluation: policy "limits.example.com" (failurePolicy Fail) could not evaluate 'object.metadata.annotations['cidr'].containsIP('10.0.0.1')': no such overload: expected CIDR`,
      `evaluation: policy "limits.example.com" (failurePolicy Fail) could not evaluate 'string(object.metadata.annotations['ip']) == '10.0.0.1'': no such overload: string(map)`,
      `evaluation: policy "limits.example.com" (failurePolicy Fail) could not evaluate 'object.metadata.annotations['url'].getHost() == 'example.com'': no such overload: expected URL`,
    ]);
    // With failurePolicy Ignore the errors admit the object; the real values still work through a variable.
    const ignore = policy('ignore.example.com', {
      failurePolicy: 'Ignore',
      variables: [{ name: 'q', expression: "quantity('1')" }],
      validations: [
        { expression: "object.metadata.annotations['quantity'].isLessThan(quantity('2'))", message: 'quantity method' },
        { expression: "variables.q.isLessThan(quantity('1'))", message: 'a real quantity through a variable' },
        { expression: "variables.q == quantity('1000m') && variables.q != object.metadata.annotations['quantity']", message: 'equality' },
      ],
    });
    expect(summary([ignore, binding('ignore-binding', 'ignore.example.com'), target]).map((f) => `${f.kind}: ${f.message}`)).toEqual([
      'validation: a real quantity through a variable',
    ]);
  });

  it("takes the caller's decided admission (admissionOf: every pair at once) instead of matching again", () => {
    const limit = policy('admit.example.com', { validations: [{ expression: 'object.spec.replicas <= 5', message: 'at most 5' }] });
    const deny = binding('admit-binding', 'admit.example.com');
    const alike = binding('admit-alike', 'admit.example.com', { matchResources: { objectSelector: { matchLabels: { team: 'a' } } } });
    const other = binding('admit-other', 'admit.example.com', { matchResources: { objectSelector: { matchLabels: { team: 'a' } } } });
    const mc = specOf(limit).matchConstraints;
    // The second and third pairs are equal values: one pair, at both.
    const pairs = matchPairs([
      { matchConstraints: mc, matchResources: undefined },
      { matchConstraints: mc, matchResources: specOf(alike).matchResources },
      { matchConstraints: mc, matchResources: specOf(other).matchResources },
    ]);
    expect(pairs.pairs).toHaveLength(2);
    const big = deployment('big', 6);
    const decided = admissionOf(resourceTable([]), new Map(), pairs, big)!;
    // The filter stops at the first pair that admits the object; the others are decided when asked, once.
    expect(decided.any).toBe(true);
    expect(decided.admission.answers).toEqual([true, undefined]);
    expect(admittedBy(decided.admission, specOf(limit), specOf(deny))?.resource).toBe('deployments');
    expect(admittedBy(decided.admission, specOf(limit), specOf(alike))).toBeUndefined();
    expect(decided.admission.answers).toEqual([true, false]);
    expect(admittedBy(decided.admission, specOf(limit), specOf(other))).toBeUndefined();
    // A pair not decided is matched when asked.
    expect(admittedBy(decided.admission, specOf(limit), { matchResources: { namespaceSelector: {} } })?.resource).toBe('deployments');
    const prepared = preparePolicies({ objects: [limit, deny] });
    expect(prepared.evaluate([{ ...big, admission: decided.admission }]).map((f) => f.message)).toEqual(['at most 5']);
    // vap.ts reads the answers given: one that says no leaves the object out (as the engine's filter decided).
    const no = { ...decided.admission, answers: [false, false] };
    expect(prepared.evaluate([{ ...big, admission: no }])).toEqual([]);
    expect(admissionOf(resourceTable([]), new Map(), pairs, obj({ apiVersion: 'example.com/v1', kind: 'Unknown', metadata: { name: 'x' } }))).toBeUndefined();
  });

  it('matchPairs: pairs are one only when their values are equal (not when JSON writes them alike)', () => {
    const mc = specOf(replicasLimit).matchConstraints;
    const sel = (objectSelector: unknown) => ({ matchConstraints: mc, matchResources: { objectSelector } });
    // JSON writes NaN, Infinity, -Infinity and null all as null; the marker strings a replacer might use are strings.
    const values = [null, NaN, Infinity, -Infinity, 'NaN', 'null', 0, -0, '0', 1n, undefined, { a: 1 }, { a: '1' }, [null], [NaN]];
    const pairs = matchPairs(values.map(sel));
    expect(pairs.pairs).toHaveLength(values.length);
    // Equal values, and undefined matchResources beside a null one: distinct pairs, each with its own index.
    const again = matchPairs([
      sel(null),
      sel(null),
      sel(NaN),
      sel(NaN),
      { matchConstraints: mc, matchResources: undefined },
      { matchConstraints: mc, matchResources: null },
    ]);
    expect(again.pairs.map((p) => p.matchResources)).toEqual([{ objectSelector: null }, { objectSelector: NaN }, undefined, null]);
    // A key `__proto__` of the data is a key like any other; a value that is not plain data is never shared.
    const own = JSON.parse('{"__proto__": {"matchLabels": {"a": "b"}}}');
    const withDate = matchPairs([sel(new Date(0)), sel(new Date(0)), sel(own), sel({})]);
    expect(withDate.pairs).toHaveLength(4);
    // A NaN selector admits nothing, a null one everything: each binding gets its own answer.
    const decided = admissionOf(resourceTable([]), new Map(), matchPairs([sel(NaN), sel(null)]), deployment('big', 6))!;
    expect(admittedBy(decided.admission, specOf(replicasLimit), { matchResources: { objectSelector: NaN } })).toBeUndefined();
    expect(admittedBy(decided.admission, specOf(replicasLimit), { matchResources: { objectSelector: null } })?.resource).toBe('deployments');
  });

  it("a map key `__proto__` in a variable's value is a key: the map never becomes the Quantity it holds", () => {
    const p = policy('proto.example.com', {
      variables: [{ name: 'v', expression: "{object.metadata.name: quantity('1')}" }],
      validations: [
        { expression: "variables.v.isLessThan(quantity('2'))", message: 'a map as a Quantity' },
        { expression: "variables.v['__proto__'].isLessThan(quantity('2')) && variables.v.size() == 1", message: 'the key' },
      ],
    });
    expect(summary([p, binding('proto-binding', 'proto.example.com'), deployment('__proto__', 1)]).map((f) => `${f.kind}: ${f.message}`)).toEqual([
      `evaluation: policy "proto.example.com" (failurePolicy Fail) could not evaluate 'variables.v.isLessThan(quantity('2'))': no such overload: expected Quantity`,
    ]);
  });

  it("a variable's value is the CEL value as it is: doubles, uints, map keys of any type and a key `__proto__` stay (Fail and Ignore alike)", () => {
    // Each expression is false with the value as CEL gives it; a value changed on its way (a whole double made an int,
    // a uint an int, keys strings, `__proto__` dropped) would make it an error (that Ignore admits) or true.
    const typed = (failurePolicy: string) =>
      policy(`typed-${failurePolicy}`, {
        failurePolicy,
        variables: [
          { name: 'r', expression: 'double(object.spec.a) / double(object.spec.b)' },
          { name: 'u', expression: 'uint(object.spec.a)' },
          { name: 'm', expression: "{1: 'one', true: 'yes'}" },
        ],
        validations: [
          { expression: 'variables.r * 1.5 < 2.0', message: 'a whole double' },
          { expression: 'type(variables.r) != double', message: 'the type of a double' },
          { expression: 'variables.u + 1u > 10u', message: 'a uint' },
          { expression: "variables.m[1] != 'one' || variables.m[true] != 'yes'", message: 'int and bool keys' },
        ],
      });
    const target = deployment('ratio', 1, { spec: { a: 4, b: 2 } });
    const want = ['validation: a whole double', 'validation: the type of a double', 'validation: a uint', 'validation: int and bool keys'];
    for (const fp of ['Fail', 'Ignore']) {
      expect(summary([typed(fp), binding('typed-binding', `typed-${fp}`), target]).map((f) => `${f.kind}: ${f.message}`)).toEqual(want);
    }
    const configMaps = { resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['configmaps'] }] };
    const data = (failurePolicy: string) =>
      policy(`data-${failurePolicy}`, {
        failurePolicy,
        matchConstraints: configMaps,
        variables: [{ name: 'd', expression: 'object.data' }],
        validations: [
          { expression: "object.data.all(k, !k.startsWith('_'))", message: 'in the object' },
          { expression: "variables.d.all(k, !k.startsWith('_'))", message: 'through a variable' },
          { expression: 'variables.d.size() == 1', message: 'the size' },
        ],
      });
    const configMap = obj({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', namespace: 'default' },
      data: JSON.parse('{"__proto__": "x", "a": "b"}'),
    });
    for (const fp of ['Fail', 'Ignore']) {
      expect(summary([data(fp), binding('data-binding', `data-${fp}`), configMap]).map((f) => `${f.kind}: ${f.message}`)).toEqual([
        'validation: in the object',
        'validation: through a variable',
        'validation: the size',
      ]);
    }
  });

  it('does nothing without a binding', () => {
    expect(summary([replicasLimit, deployment('big', 6)])).toEqual([]);
  });

  it('Warn is a warning, Audit nothing, Deny an error', () => {
    const at = (actions: string[]) =>
      summary([replicasLimit, binding('b', 'demo-policy.example.com', { validationActions: actions }), deployment('big', 6)]).map((f) => f.severity);
    expect(at(['Warn'])).toEqual([1]);
    expect(at(['Audit'])).toEqual([]);
    expect(at(['Deny'])).toEqual([2]);
    expect(at(['Warn', 'Audit'])).toEqual([1]);
  });

  it('label requirement with message and has(): points at the deepest part', () => {
    const p = policy('require-team', {
      validations: [{ expression: 'has(object.metadata.labels) && has(object.metadata.labels.team)', message: 'every Deployment needs a team label' }],
    });
    expect(summary([p, binding('b', 'require-team'), deployment('nolabels', 1), deployment('labelled', 1, { metadata: { labels: { team: 'a' } } })])).toEqual(
      [
        {
          ruleId: 'vap/require-team',
          severity: 2,
          kind: 'validation',
          on: 'Deployment/nolabels',
          path: ['metadata', 'labels'],
          message: 'every Deployment needs a team label',
        },
      ],
    );
    const q = policy('team2', { validations: [{ expression: 'has(object.metadata.labels.team)' }] });
    expect(summary([q, binding('b', 'team2'), deployment('x', 1, { metadata: { labels: {} } })])[0].path).toEqual(['metadata', 'labels', 'team']);
  });

  it('params from a ConfigMap (paramKind + paramRef), and parameterNotFoundAction', () => {
    const p = policy('replica-limit', {
      paramKind: { apiVersion: 'v1', kind: 'ConfigMap' },
      validations: [
        {
          expression: 'object.spec.replicas <= int(params.data.maxReplicas)',
          messageExpression: "'object.spec.replicas must be no greater than ' + params.data.maxReplicas",
          reason: 'Invalid',
        },
      ],
    });
    const cm = obj({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'replica-limit-test.example.com', namespace: 'default' },
      data: { maxReplicas: '3' },
    });
    const b = binding('replicalimit-binding-test.example.com', 'replica-limit', {
      paramRef: { name: 'replica-limit-test.example.com', namespace: 'default', parameterNotFoundAction: 'Deny' },
    });
    expect(summary([p, b, cm, deployment('four', 4), deployment('two', 2)])).toEqual([
      {
        ruleId: 'vap/replica-limit',
        severity: 2,
        kind: 'validation',
        on: 'Deployment/four',
        path: ['spec', 'replicas'],
        message: 'object.spec.replicas must be no greater than 3',
      },
    ]);
    expect(summary([p, b, deployment('four', 4)]).map((f) => f.message)).toEqual(['no params found for policy binding with `Deny` parameterNotFoundAction']);
    const allow = binding('b2', 'replica-limit', { paramRef: { name: 'missing', namespace: 'default', parameterNotFoundAction: 'Allow' } });
    expect(summary([p, allow, deployment('four', 4)])).toEqual([]);
    // Deny puts the object under the policy's failurePolicy: Ignore admits it.
    const ignoring = policy('replica-limit', { ...(p.object.spec as object), failurePolicy: 'Ignore' });
    expect(summary([ignoring, b, deployment('four', 4)])).toEqual([]);
    // A selector gives one evaluation per matching params object.
    const sel = binding('b3', 'replica-limit', { paramRef: { selector: { matchLabels: { limits: 'yes' } }, parameterNotFoundAction: 'Deny' } });
    const cm2 = obj({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'l1', namespace: 'default', labels: { limits: 'yes' } },
      data: { maxReplicas: '5' },
    });
    const cm3 = obj({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'l2', namespace: 'default', labels: { limits: 'yes' } },
      data: { maxReplicas: '1' },
    });
    expect(summary([p, sel, cm2, cm3, deployment('three', 3)]).map((f) => f.message)).toEqual(['object.spec.replicas must be no greater than 1']);
  });

  it('namespaceSelector against the Namespace objects given (matchExpressions)', () => {
    const p = policy('limit', { validations: [{ expression: 'object.spec.replicas <= 5' }] });
    const b = binding('b', 'limit', {
      matchResources: { namespaceSelector: { matchExpressions: [{ key: 'environment', operator: 'In', values: ['test'] }] } },
    });
    const ns = (name: string, env: string) => obj({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { environment: env } } });
    const d = (name: string, namespace: string) => obj({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace }, spec: { replicas: 9 } });
    expect(summary([p, b, ns('t', 'test'), ns('p', 'prod'), d('in-test', 't'), d('in-prod', 'p'), d('in-unknown', 'x')]).map((f) => f.on)).toEqual([
      'Deployment/in-test',
    ]);
  });

  it('objectSelector and excludeResourceRules', () => {
    const p = policy('limit', {
      matchConstraints: {
        ...deploymentsRule,
        objectSelector: { matchLabels: { checked: 'true' } },
        excludeResourceRules: [{ apiGroups: ['apps'], apiVersions: ['v1'], operations: ['*'], resources: ['deployments'], resourceNames: ['excluded'] }],
      },
      validations: [{ expression: 'object.spec.replicas <= 5' }],
    });
    const labels = { metadata: { labels: { checked: 'true' } } };
    expect(
      summary([p, binding('b', 'limit'), deployment('a', 9, labels), deployment('unlabelled', 9), deployment('excluded', 9, labels)]).map((f) => f.on),
    ).toEqual(['Deployment/a']);
  });

  it('resource rules: wildcard, subresources only, other groups, DELETE-only operations', () => {
    const mk = (rule: any) => policy('p', { matchConstraints: { resourceRules: [rule] }, validations: [{ expression: 'false', message: 'hit' }] });
    const run = (rule: any) =>
      summary([
        mk(rule),
        binding('b', 'p'),
        deployment('d', 1),
        obj({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' } }),
      ]).map((f) => f.on);
    expect(run({ apiGroups: ['*'], apiVersions: ['*'], operations: ['*'], resources: ['*'] })).toEqual(['Deployment/d', 'ConfigMap/c']);
    expect(run({ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['configmaps'] })).toEqual(['ConfigMap/c']);
    expect(run({ apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE'], resources: ['deployments/status'] })).toEqual([]);
    expect(run({ apiGroups: ['apps'], apiVersions: ['v1'], operations: ['DELETE'], resources: ['deployments'] })).toEqual([]);
    expect(run({ apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE'], resources: ['deployments'], scope: 'Cluster' })).toEqual([]);
  });

  it('CRDs of the repository give their plural', () => {
    const crd = obj({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.acme.io' },
      spec: { group: 'acme.io', scope: 'Namespaced', names: { kind: 'Widget', plural: 'widgets' } },
    });
    const p = policy('w', {
      matchConstraints: { resourceRules: [{ apiGroups: ['acme.io'], apiVersions: ['v1'], operations: ['CREATE'], resources: ['widgets'] }] },
      validations: [{ expression: 'object.spec.size < 10' }],
    });
    const w = obj({ apiVersion: 'acme.io/v1', kind: 'Widget', metadata: { name: 'big', namespace: 'default' }, spec: { size: 12 } });
    expect(summary([crd, p, binding('b', 'w'), w]).map((f) => [f.on, f.path])).toEqual([['Widget/big', ['spec', 'size']]]);
  });

  it('matchConditions: all must be true; variables are evaluated in order', () => {
    const p = policy('images', {
      matchConditions: [
        { name: 'not-system', expression: "object.metadata.namespace != 'kube-system'" },
        { name: 'has-containers', expression: 'has(object.spec.template)' },
      ],
      variables: [
        { name: 'containers', expression: 'object.spec.template.spec.containers' },
        { name: 'untrusted', expression: "variables.containers.filter(c, !c.image.startsWith('registry.acme.io/'))" },
      ],
      validations: [
        { expression: 'variables.untrusted.size() == 0', messageExpression: "'untrusted images: ' + variables.untrusted.map(c, c.image).join(', ')" },
      ],
    });
    const d = (name: string, namespace: string, image: string) =>
      obj({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace }, spec: { template: { spec: { containers: [{ name: 'a', image }] } } } });
    expect(
      summary([
        p,
        binding('b', 'images'),
        d('bad', 'shop', 'docker.io/nginx'),
        d('ok', 'shop', 'registry.acme.io/nginx'),
        d('system', 'kube-system', 'docker.io/x'),
      ]).map((f) => [f.on, f.message]),
    ).toEqual([['Deployment/bad', 'untrusted images: docker.io/nginx']]);
  });

  it('an all() over a list points at the first failing element', () => {
    const p = policy('nonroot', { validations: [{ expression: 'object.spec.template.spec.containers.all(c, c.securityContext.runAsNonRoot == true)' }] });
    const d = obj({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd', namespace: 'default' },
      spec: {
        template: {
          spec: {
            containers: [
              { name: 'a', securityContext: { runAsNonRoot: true } },
              { name: 'b', securityContext: { runAsNonRoot: false } },
            ],
          },
        },
      },
    });
    expect(summary([p, binding('b', 'nonroot'), d])[0].path).toEqual(['spec', 'template', 'spec', 'containers', 1, 'securityContext', 'runAsNonRoot']);
  });

  it('request, oldObject and namespaceObject', () => {
    const p = policy('req', {
      validations: [
        {
          expression:
            "request.operation == 'CREATE' && request.kind.kind == 'Deployment' && request.resource.resource == 'deployments' && request.namespace == 'default' && request.name == 'd' && oldObject == null && namespaceObject.metadata.name == 'default'",
        },
      ],
    });
    expect(summary([p, binding('b', 'req'), deployment('d', 1)])).toEqual([]);
  });

  it('failurePolicy: an evaluation error with Fail is a finding saying so; with Ignore nothing', () => {
    const spec = (failurePolicy: string) => ({ failurePolicy, validations: [{ expression: 'object.spec.missing.field > 1' }] });
    expect(summary([policy('f', spec('Fail')), binding('b', 'f'), deployment('d', 1)])).toEqual([
      {
        ruleId: 'vap/f',
        severity: 2,
        kind: 'evaluation',
        on: 'Deployment/d',
        path: [],
        message: `policy "f" (failurePolicy Fail) could not evaluate 'object.spec.missing.field > 1': field not found: missing`,
      },
    ]);
    expect(summary([policy('f', spec('Ignore')), binding('b', 'f'), deployment('d', 1)])).toEqual([]);
  });

  it('an expression that does not compile is one error on the policy at its path', () => {
    const p = policy('broken', { validations: [{ expression: 'object.spec.replicas <= 5' }, { expression: 'object.spec.replicas.nosuch()' }] });
    expect(summary([p, binding('b', 'broken'), deployment('d', 9)])).toEqual([
      {
        ruleId: 'vap/broken',
        severity: 2,
        kind: 'compile',
        on: 'ValidatingAdmissionPolicy/broken',
        path: ['spec', 'validations', 1, 'expression'],
        message: "validations[1].expression does not compile: undeclared reference to function 'nosuch' (kubeward's CEL environment does not provide it)",
      },
    ]);
    const auth = policy('auth', { validations: [{ expression: "authorizer.group('apps').resource('deployments').check('create').allowed()" }] });
    expect(summary([auth])[0].message).toBe(
      'validations[0].expression does not compile: the authorizer variable is not supported: kubeward evaluates policies without an API server to ask',
    );
  });

  it('a hostile policy is a budget error on the policy, once, not a hang', () => {
    const p = policy('hostile', {
      validations: [{ expression: 'object.spec.items.all(a, object.spec.items.all(b, object.spec.items.all(c, a != b || b != c || true)))' }],
    });
    const d = obj({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd', namespace: 'default' },
      spec: { items: Array.from({ length: 500 }, (_, i) => i) },
    });
    const d2 = { ...d, object: { ...d.object, metadata: { name: 'd2', namespace: 'default' } } };
    const findings = evaluatePolicies({ objects: [p, binding('b', 'hostile'), d, d2], budget: { maxSteps: 200_000, maxMillis: 60_000 } });
    expect(findings.map((f) => [f.kind, f.target.object.kind, f.path, f.message])).toEqual([
      [
        'evaluation',
        'ValidatingAdmissionPolicy',
        ['spec', 'validations', 0, 'expression'],
        `expression '${(p.object.spec as { validations: Array<{ expression: string }> }).validations[0].expression}' exceeded the evaluation budget of 200000 comprehension steps`,
      ],
    ]);
  });

  it('compiles once and evaluates any set of objects (one file at a time)', () => {
    const prepared = preparePolicies({ objects: [replicasLimit, binding('b', 'demo-policy.example.com')] });
    expect(prepared.findings).toEqual([]);
    expect(prepared.evaluate([deployment('big', 6)]).map((f) => f.target.object.metadata?.name)).toEqual(['big']);
    expect(prepared.evaluate([deployment('small', 1)])).toEqual([]);
  });
});

describe('what the API server defaults before admission policies see an object', () => {
  it('spec.replicas: 1 on the replicated kinds, only when left out', () => {
    const d = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: {} };
    expect(withAdmissionDefaults(d, { group: 'apps' }).spec).toEqual({ replicas: 1 });
    expect(withAdmissionDefaults({ ...d, spec: { replicas: 0 } }, { group: 'apps' }).spec).toEqual({ replicas: 0 });
    expect(withAdmissionDefaults({ ...d, kind: 'ReplicationController', apiVersion: 'v1' }, { group: '' }).spec).toEqual({ replicas: 1 });
    expect(withAdmissionDefaults({ ...d, kind: 'DaemonSet' }, { group: 'apps' }).spec).toEqual({});
    // The manifest's object itself is never changed.
    expect(d.spec).toEqual({});
  });

  it('the DefaultTolerationSeconds tolerations on Pods that do not tolerate those taints already', () => {
    const pod = (tolerations?: unknown[]) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { containers: [], ...(tolerations ? { tolerations } : {}) },
    });
    const notReady = { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 };
    const unreachable = { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 };
    expect((withAdmissionDefaults(pod(), { group: '' }).spec as any)?.tolerations).toEqual([notReady, unreachable]);
    const own = { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 };
    expect((withAdmissionDefaults(pod([own]), { group: '' }).spec as any)?.tolerations).toEqual([own, unreachable]);
    const everything = { operator: 'Exists' };
    expect((withAdmissionDefaults(pod([everything]), { group: '' }).spec as any)?.tolerations).toEqual([everything]);
  });

  it('a matchCondition over Pod tolerations sees the defaulted list (a GKE sample policy), so a Pod without tolerations is not refused', () => {
    const p = obj({
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name: 'restrict-toleration' },
      spec: {
        matchConstraints: { resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['pods'] }] },
        matchConditions: [{ name: 'cc', expression: "object.spec.tolerations.exists(t, has(t.key) && t.key == 'cloud.google.com/compute-class')" }],
        validations: [{ expression: 'false', message: 'no compute class here' }],
      },
    });
    const pod = (tolerations?: unknown[]) =>
      obj({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: tolerations ? 'cc' : 'plain', namespace: 'default' },
        spec: { containers: [], ...(tolerations ? { tolerations } : {}) },
      });
    expect(
      summary([p, binding('restrict-toleration', 'restrict-toleration'), pod(), pod([{ key: 'cloud.google.com/compute-class', value: 'x' }])]).map(
        (f) => `${f.on} ${f.message}`,
      ),
    ).toEqual(['Pod/cc no compute class here']);
  });
});

describe('policies and bindings of one name are alternatives', () => {
  const at = (source: string, name = 'x'): PolicyObject => ({ object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } }, source });
  it('the nearest by common folder, every one on a tie or when a source is unknown', () => {
    const std = at('/r/config/crd/standard/vap.yaml');
    const exp = at('/r/config/crd/experimental/vap.yaml');
    expect(nearest([std, exp], at('/r/config/crd/standard/a.yaml'), (x) => x)).toEqual([std]);
    expect(nearest([std, exp], at('/r/config/crd/experimental/deep/a.yaml'), (x) => x)).toEqual([exp]);
    expect(nearest([std, exp], at('/r/config/other/a.yaml'), (x) => x)).toEqual([std, exp]);
    expect(nearest([std, exp], { object: std.object }, (x) => x)).toEqual([std, exp]);
    expect(nearest([std], at('/elsewhere/a.yaml'), (x) => x)).toEqual([std]);
  });
});

import { describe, expect, it } from 'vitest';
import { customChecksSchema } from '../../src/policy/index.js';
import { compileCustomChecks, preparePolicies } from '../../src/policy/runtime.js';
import { Ajv } from 'ajv';

const registry = {
  id: 'acme/registry',
  level: 'error',
  match: { kinds: ['Deployment', 'StatefulSet', 'DaemonSet'] },
  expression: "object.spec.template.spec.containers.all(c, c.image.startsWith('registry.acme.io/'))",
  message: 'images must come from registry.acme.io',
};
const workload = (kind: string, images: string[]) => ({
  apiVersion: 'apps/v1',
  kind,
  metadata: { name: 'w', namespace: 'shop' },
  spec: { template: { spec: { containers: images.map((image, i) => ({ name: `c${i}`, image })) } } },
});

describe('customChecks', () => {
  const { checks, errors } = compileCustomChecks([registry]);
  const [check] = checks;

  it('compiles into a check-like object', () => {
    expect(errors).toEqual([]);
    expect(check.meta).toEqual({
      id: 'acme/registry',
      description: 'images must come from registry.acme.io',
      severity: 'error',
      kinds: ['Deployment', 'StatefulSet', 'DaemonSet'],
      apiGroups: undefined,
      namespaces: undefined,
      scope: 'object',
      messages: { failed: '{{message}}', evaluation: '{{message}}' },
      remediation: 'images must come from registry.acme.io',
    });
  });

  it('fails with the path of the first failing container, passes a good object, ignores other kinds', () => {
    expect(check.check(workload('Deployment', ['registry.acme.io/a', 'docker.io/b']))).toEqual([
      { messageId: 'failed', data: { message: 'images must come from registry.acme.io' }, path: ['spec', 'template', 'spec', 'containers', 1, 'image'] },
    ]);
    expect(check.check(workload('StatefulSet', ['registry.acme.io/a']))).toEqual([]);
    expect(check.check(workload('Job', ['docker.io/b']))).toEqual([]);
  });

  it('messageExpression, variables and namespaceObject', () => {
    const {
      checks: [c],
    } = compileCustomChecks([
      {
        id: 'acme/team',
        level: 'warn',
        variables: [{ name: 'team', expression: "has(object.metadata.labels) && 'team' in object.metadata.labels ? object.metadata.labels.team : ''" }],
        expression: "variables.team != '' && (namespaceObject == null || variables.team == namespaceObject.metadata.labels.owner)",
        messageExpression: "'team ' + variables.team + ' does not own namespace ' + object.metadata.namespace",
      },
    ]);
    expect(c.meta.severity).toBe('warning');
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { owner: 'blue' } } };
    const o = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'shop', labels: { team: 'red' } } };
    expect(c.check(o, { namespaceObject: ns })).toEqual([{ messageId: 'failed', data: { message: 'team red does not own namespace shop' }, path: [] }]);
    expect(c.check({ ...o, metadata: { ...o.metadata, labels: { team: 'blue' } } }, { namespaceObject: ns })).toEqual([]);
  });

  it('reports compile errors by entry with the CEL error, and keeps the good entries', () => {
    const result = compileCustomChecks([
      { id: 'acme/bad', expression: 'object.spec.replicas.frobnicate()' },
      registry,
      { id: 'acme/params', expression: 'params.x == 1' },
      { id: 'Bad Id', expression: 'true' },
      { id: 'acme/syntax', expression: 'object.spec.(' },
    ]);
    expect(result.checks.map((c) => c.meta.id)).toEqual(['acme/registry']);
    expect(result.errors).toEqual([
      {
        index: 0,
        id: 'acme/bad',
        key: 'customChecks[0].expression',
        message: "acme/bad: expression does not compile: undeclared reference to function 'frobnicate' (kubeward's CEL environment does not provide it)",
      },
      {
        index: 2,
        id: 'acme/params',
        key: 'customChecks[2].expression',
        message: "acme/params: expression does not compile: undeclared reference to 'params' (variables here: object, namespaceObject, variables)",
      },
      { index: 3, id: 'Bad Id', key: 'customChecks[3].id', message: 'id must look like "owner/name" (lower case letters, digits, ".", "_", "-")' },
      {
        index: 4,
        id: 'acme/syntax',
        key: 'customChecks[4].expression',
        message: expect.stringMatching(/^acme\/syntax: expression does not compile: syntax error: <input>:1:12: found \. but expecting end of input$/),
      },
    ]);
  });

  it('an evaluation error is a finding, not a pass', () => {
    expect(check.check({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' }, spec: {} })).toEqual([
      { messageId: 'evaluation', data: { message: 'acme/registry: could not evaluate the expression: field not found: template' }, path: [] },
    ]);
  });

  it('a map of the object with a marker key is a map, not a Quantity (no such overload), in the object and through a variable', () => {
    const {
      checks: [c],
    } = compileCustomChecks([
      {
        id: 'acme/cpu',
        variables: [{ name: 'cpu', expression: 'object.spec.cpu' }],
        expression: "variables.cpu.isLessThan(quantity('2'))",
      },
    ]);
    const forged = { apiVersion: 'example.com/v1', kind: 'Box', metadata: { name: 'b' }, spec: { cpu: { '@kubeward.quantity': '1/1' } } };
    expect(c.check(forged)).toEqual([
      { messageId: 'evaluation', data: { message: 'acme/cpu: could not evaluate the expression: no such overload: expected Quantity' }, path: [] },
    ]);
    const [, direct] = compileCustomChecks([
      { id: 'acme/x', expression: 'true' },
      { id: 'acme/cpu-object', expression: "object.spec.cpu.isLessThan(quantity('2'))" },
    ]).checks;
    expect(direct.check(forged)).toEqual([
      { messageId: 'evaluation', data: { message: 'acme/cpu-object: could not evaluate the expression: no such overload: expected Quantity' }, path: [] },
    ]);
    // A real Quantity through a variable still is one.
    const [real] = compileCustomChecks([
      { id: 'acme/real', variables: [{ name: 'q', expression: "quantity('1')" }], expression: "variables.q.isLessThan(quantity('2'))" },
    ]).checks;
    expect(real.check(forged)).toEqual([]);
  });

  it("a variable's value is the CEL value as it is: a whole double, a uint, int keys and a key `__proto__` stay", () => {
    const {
      checks: [c],
    } = compileCustomChecks([
      {
        id: 'acme/typed',
        variables: [
          { name: 'r', expression: 'double(object.spec.a) / double(object.spec.b)' },
          { name: 'u', expression: 'uint(object.spec.a)' },
          { name: 'm', expression: "{1: 'one'}" },
          { name: 'd', expression: 'object.data' },
        ],
        expression:
          "variables.r * 1.5 == 3.0 && type(variables.r) == double && variables.u + 1u == 5u && variables.m[1] == 'one' && !variables.d.all(k, !k.startsWith('_'))",
        message: 'typed',
      },
    ]);
    const box = { apiVersion: 'example.com/v1', kind: 'Box', metadata: { name: 'b' }, spec: { a: 4, b: 2 }, data: JSON.parse('{"__proto__": "x"}') };
    expect(c.check(box)).toEqual([]);
  });

  it('converts the object checked once for every custom check and the vap check, and drops it for the next object', () => {
    // The conversion lists an object's keys once (when an expression iterates it): a Proxy counts the listings.
    let listings = 0;
    const plain: any = workload('Deployment', ['registry.acme.io/a']);
    plain.spec.replicas = 2; // no admission default: the vap check reads the object as it is
    plain.extra = 'x';
    const object = new Proxy(plain, {
      ownKeys: (target) => (listings++, Reflect.ownKeys(target)),
    });
    const { checks: both } = compileCustomChecks([registry, { id: 'acme/extra', expression: "object.all(k, k != 'forbidden') && object.extra == 'x'" }]);
    for (const c of both) expect(c.check(object)).toEqual([]);
    const deployments = { resourceRules: [{ apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE'], resources: ['deployments'] }] };
    const prepared = preparePolicies({
      objects: [
        {
          object: {
            apiVersion: 'admissionregistration.k8s.io/v1',
            kind: 'ValidatingAdmissionPolicy',
            metadata: { name: 'p' },
            spec: {
              matchConstraints: deployments,
              validations: [{ expression: "object.exists(k, k == 'extra') && object.extra == 'y'", message: 'extra must be y' }],
            },
          },
        },
        {
          object: {
            apiVersion: 'admissionregistration.k8s.io/v1',
            kind: 'ValidatingAdmissionPolicyBinding',
            metadata: { name: 'b' },
            spec: { policyName: 'p', validationActions: ['Deny'] },
          },
        },
      ],
    });
    expect(prepared.evaluate([{ object, namespace: 'shop' }]).map((f) => f.message)).toEqual(['extra must be y']);
    expect(listings).toBe(1);
    // Another object in between: the first is converted anew when checked again (nothing is kept for the run).
    expect(both[0].check(workload('Deployment', ['registry.acme.io/b']))).toEqual([]);
    expect(both[1].check(object)).toEqual([]);
    expect(listings).toBe(2);
  });

  it('the schema fragment accepts the documented shape and refuses a typo', () => {
    const validate = new Ajv({ strict: false }).compile(customChecksSchema);
    expect(validate([registry])).toBe(true);
    expect(validate([{ ...registry, expresion: 'x' }])).toBe(false);
  });
});

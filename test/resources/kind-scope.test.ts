/**
 * kindScope and rbacResourceScope (src/resources/namespaces.ts): a custom kind's scope is its CustomResourceDefinition's,
 * the first of the repository's for that group and kind; group and kind are matched as a pair, never as one string.
 */
import { describe, expect, it } from 'vitest';
import type { Resource } from '../../src/check-api.js';
import { buildIndex, kindScope, rbacResourceScope } from '../../src/resources/index.js';

let n = 0;
const resource = (object: Record<string, unknown>): Resource => ({
  object: object as Resource['object'],
  apiVersion: object.apiVersion as string,
  kind: object.kind as string,
  name: `r${n++}`,
  namespace: undefined,
  namespaceSource: undefined,
  filePath: '/repo/x.yaml',
  documentIndex: n,
  basePath: [],
  isPatch: false,
  linted: true,
});
const crd = (group: string, kind: string, scope: string | undefined, plural = `${kind.toLowerCase()}s`) =>
  resource({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', spec: { group, scope, names: { kind, plural } } });

describe('the scope of a kind', () => {
  it("is the first CRD's of its group and kind; built-in kinds from the tables; unknown custom kinds undefined", () => {
    const index = buildIndex([
      crd('example.com', 'Widget', 'Namespaced'),
      crd('example.com', 'Widget', 'Cluster'),
      crd('other.io', 'Widget', 'Cluster'),
      crd('example.com', 'Gadget', undefined),
    ]);
    const scope = (apiVersion: string, kind: string) => kindScope({ apiVersion, kind }, index);
    expect(scope('example.com/v1', 'Widget')).toBe('namespaced');
    expect(scope('other.io/v1beta1', 'Widget')).toBe('cluster');
    expect(scope('example.com/v1', 'Gadget')).toBeUndefined();
    expect(scope('example.com/v1', 'Gizmo')).toBeUndefined();
    expect(scope('apps/v1', 'Deployment')).toBe('namespaced');
    expect(scope('rbac.authorization.k8s.io/v1', 'ClusterRole')).toBe('cluster');
  });

  it('matches group and kind as a pair: a CRD of group "example.com/x" and kind "y" is not kind "x/y" of example.com', () => {
    const index = buildIndex([crd('example.com/x', 'y', 'Cluster'), crd('__proto__', 'constructor', 'Cluster')]);
    expect(kindScope({ apiVersion: 'example.com/v1', kind: 'x/y' }, index)).toBeUndefined();
    expect(kindScope({ apiVersion: '__proto__/v1', kind: 'constructor' }, index)).toBe('cluster');
    expect(kindScope({ apiVersion: 'example.org/v1', kind: 'constructor' }, index)).toBeUndefined();
  });

  it('of an RBAC resource: CRDs by plural, in order, any group for `*`', () => {
    const index = buildIndex([crd('example.com', 'Widget', 'Namespaced'), crd('other.io', 'Widget', 'Cluster')]);
    expect(rbacResourceScope('example.com', 'widgets', index)).toBe('namespaced');
    expect(rbacResourceScope('other.io', 'widgets/status', index)).toBe('cluster');
    expect(rbacResourceScope('*', 'widgets', index)).toBe('cluster');
    expect(rbacResourceScope('', 'pods', index)).toBe('namespaced');
  });
});

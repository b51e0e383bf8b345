/**
 * The repository's index (buildIndex): by namespace, by kind and by kind, namespace and name, each map made on its
 * first use, from the resources given when the index was built.
 */
import { describe, expect, it } from 'vitest';
import type { Resource } from '../../src/check-api.js';
import { buildIndex } from '../../src/resources/index.js';

const resource = (kind: string, name: string | undefined, namespace: string | undefined, isPatch = false): Resource => ({
  object: { apiVersion: 'v1', kind, metadata: { name, namespace } },
  apiVersion: 'v1',
  kind,
  name,
  namespace,
  namespaceSource: undefined,
  filePath: '/repo/x.yaml',
  documentIndex: 0,
  basePath: [],
  isPatch,
  linted: false,
});

describe('the repository index', () => {
  it('finds by kind, namespace and key, the first of a repeated key, and never a patch', () => {
    const first = resource('ConfigMap', 'a', 'shop');
    const again = resource('ConfigMap', 'a', 'shop');
    const patch = resource('ConfigMap', 'p', 'shop', true);
    const cluster = resource('Namespace', 'shop', undefined);
    const nameless = resource('ConfigMap', undefined, 'shop');
    const index = buildIndex([first, patch, again, cluster, nameless]);
    expect(index.all).toEqual([first, again, cluster, nameless]);
    expect(index.ofKind('ConfigMap')).toEqual([first, again, nameless]);
    expect(index.ofKind('Secret')).toEqual([]);
    expect(index.inNamespace('shop')).toEqual([first, again, nameless]);
    expect(index.inNamespace('other')).toEqual([]);
    expect(index.find('ConfigMap', 'shop', 'a')).toBe(first);
    expect(index.find('ConfigMap', 'shop', 'p')).toBeUndefined();
    expect(index.find('Namespace', undefined, 'shop')).toBe(cluster);
    expect(index.find('Namespace', '', 'shop')).toBe(cluster);
  });

  it('indexes the resources it was given, though its maps are made later and the list grew since', () => {
    const resources = [resource('Secret', 's', 'shop')];
    const index = buildIndex(resources);
    resources.push(resource('Secret', 't', 'shop'));
    expect(index.all).toHaveLength(1);
    expect(index.ofKind('Secret').map((r) => r.name)).toEqual(['s']);
    expect(index.inNamespace('shop').map((r) => r.name)).toEqual(['s']);
    expect(index.find('Secret', 'shop', 't')).toBeUndefined();
  });
});

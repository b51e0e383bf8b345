/**
 * Params read again (src/policy/params.ts): the index keeps a ConfigMap's name, namespace and labels only, like any
 * other kind a check does not read whole, and `restoreParams` reads whole exactly the objects of a policy's
 * `paramKind` that a binding's `paramRef` can select: by name, or all of them for a selector; the policies and
 * bindings of rendered objects count too. Results end to end: test/policy/vap-engine.test.ts and
 * test/index-cache.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { Resource } from '../../src/check-api.js';
import { makeEngine } from '../../src/engine/engine.js';
import { restoreParams } from '../../src/policy/index.js';
import { buildRepository, indexedObject, type FileEntries, type ObjectPlace } from '../../src/resources/index.js';

const configMap = (name: string, labels?: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'config', ...(labels ? { labels } : {}) },
  data: { maxReplicas: '3' },
});

const policy = {
  apiVersion: 'admissionregistration.k8s.io/v1',
  kind: 'ValidatingAdmissionPolicy',
  metadata: { name: 'replica-limit' },
  spec: { paramKind: { apiVersion: 'v1', kind: 'ConfigMap' }, validations: [{ expression: 'true' }] },
};

const binding = (paramRef: unknown) => ({
  apiVersion: 'admissionregistration.k8s.io/v1',
  kind: 'ValidatingAdmissionPolicyBinding',
  metadata: { name: 'replica-limit' },
  spec: { policyName: 'replica-limit', validationActions: ['Deny'], paramRef },
});

const wholeKinds = makeEngine({}).wholeKinds;

/** One file per object, each kept as the index keeps it. */
function entries(objects: Record<string, Record<string, unknown>>): FileEntries[] {
  return Object.entries(objects).map(([filePath, object]) => ({
    filePath,
    objects: [{ documentIndex: 0, basePath: [], object: indexedObject(object, wholeKinds) }],
  }));
}

/** restoreParams over these files, with a reader that gives the whole objects and notes the files read. */
function restore(objects: Record<string, Record<string, unknown>>, rendered: Resource[] = []): { read: string[]; data: Record<string, unknown> } {
  const repository = buildRepository(entries(objects), () => false);
  const read: string[] = [];
  restoreParams(
    repository,
    (filePath: string, places: readonly ObjectPlace[]) => {
      read.push(filePath);
      return places.map(() => objects[filePath]);
    },
    wholeKinds,
    rendered,
  );
  const data = Object.fromEntries(repository.resources.filter((r) => r.kind === 'ConfigMap').map((r) => [r.filePath, r.object.data]));
  return { read: read.sort(), data };
}

describe('params: what the index keeps, and what is read again', () => {
  it('keeps a ConfigMap as any kind no check reads whole: name, namespace and labels, no data', () => {
    expect(wholeKinds.has('ConfigMap')).toBe(false);
    expect(indexedObject(configMap('limits', { team: 'a' }), wholeKinds)).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'limits', namespace: 'config', labels: { team: 'a' } },
    });
  });

  it('reads whole only the ConfigMaps a binding names, and none without a binding with paramRef', () => {
    const files = { '/r/policy.yaml': policy, '/r/limits.yaml': configMap('limits'), '/r/other.yaml': configMap('other') };
    expect(restore({ ...files, '/r/binding.yaml': binding({ name: 'limits', namespace: 'config' }) })).toEqual({
      read: ['/r/limits.yaml'],
      data: { '/r/limits.yaml': { maxReplicas: '3' }, '/r/other.yaml': undefined },
    });
    expect(restore({ ...files, '/r/binding.yaml': binding(undefined) }).read).toEqual([]);
    // No policy names ConfigMap as its paramKind: nothing is read, whatever the bindings say.
    expect(restore({ '/r/limits.yaml': configMap('limits'), '/r/binding.yaml': binding({ name: 'limits' }) }).read).toEqual([]);
  });

  it('reads every ConfigMap when a binding selects by labels (or names none)', () => {
    const files = { '/r/policy.yaml': policy, '/r/limits.yaml': configMap('limits', { role: 'limits' }), '/r/other.yaml': configMap('other') };
    expect(restore({ ...files, '/r/binding.yaml': binding({ selector: { matchLabels: { role: 'limits' } } }) }).read).toEqual([
      '/r/limits.yaml',
      '/r/other.yaml',
    ]);
    expect(restore({ ...files, '/r/binding.yaml': binding({ name: '' }) }).read).toEqual(['/r/limits.yaml', '/r/other.yaml']);
  });

  it('counts the policies and bindings of rendered objects (whole already), which the repository built from files does not hold', () => {
    const files = { '/r/limits.yaml': configMap('limits'), '/r/other.yaml': configMap('other') };
    const rendered = (object: Record<string, unknown>, name: string) =>
      ({
        object,
        apiVersion: object.apiVersion,
        kind: object.kind,
        name,
        filePath: '/r/chart/Chart.yaml',
        documentIndex: 0,
        basePath: [],
      }) as unknown as Resource;
    expect(restore(files, [rendered(policy, 'replica-limit'), rendered(binding({ name: 'other' }), 'replica-limit')]).read).toEqual(['/r/other.yaml']);
    // A rendered binding for a policy of the files, and the other way round.
    expect(restore({ ...files, '/r/policy.yaml': policy }, [rendered(binding({ name: 'limits' }), 'replica-limit')]).read).toEqual(['/r/limits.yaml']);
    expect(restore({ ...files, '/r/binding.yaml': binding({ name: 'limits' }) }, [rendered(policy, 'replica-limit')]).read).toEqual(['/r/limits.yaml']);
  });
});

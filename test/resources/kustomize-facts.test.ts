/**
 * kustomizeFacts (src/resources/resources.ts): the folder a Flux Kustomization's or an Argo CD Application's `path`
 * names is found among the run's folders and their ancestors by its whole path components, the one nearest to the
 * object's own folder winning; the files there get the namespace it deploys into.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { kustomizeFacts, type FileEntries } from '../../src/resources/resources.js';

const root = path.resolve('/repo');
const file = (rel: string, objects: Array<Record<string, unknown>> = [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }]): FileEntries => ({
  filePath: path.join(root, rel),
  objects: objects.map((object, documentIndex) => ({ documentIndex, basePath: [], object })),
});
const flux = (folder: string, namespace: string) => ({
  apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
  kind: 'Kustomization',
  metadata: { name: 'k' },
  spec: { path: folder, targetNamespace: namespace },
});
const argo = (folder: string, namespace: string) => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  metadata: { name: 'a' },
  spec: { source: { path: folder }, destination: { namespace } },
});
const namespaces = (facts: ReturnType<typeof kustomizeFacts>) =>
  Object.fromEntries([...facts].map(([f, fact]) => [path.relative(root, f).split(path.sep).join('/'), fact.namespace]));

describe('kustomizeFacts: the folder a GitOps object deploys', () => {
  it('takes the folder nearest to the object among those whose path ends with its path', () => {
    const facts = kustomizeFacts([
      file('team-a/clusters/prod.yaml', [flux('./apps/web', 'team-a')]),
      file('team-a/apps/web/deploy.yaml'),
      file('team-b/apps/web/deploy.yaml'),
    ]);
    expect(namespaces(facts)).toEqual({ 'team-a/apps/web/deploy.yaml': 'team-a' });
  });

  it('matches whole folder names only (web is not myweb), and a folder of folders for Flux', () => {
    const facts = kustomizeFacts([
      file('clusters/prod.yaml', [flux('apps', 'apps-ns'), argo('web', 'web-ns')]),
      file('apps/one/deploy.yaml'),
      file('apps/two/deploy.yaml'),
      file('myweb/deploy.yaml'),
    ]);
    // `apps` holds no file itself: its subfolders are deployed (Flux builds a kustomization of them all); no folder is
    // named `web`, so the Application deploys nothing it can find.
    expect(namespaces(facts)).toEqual({ 'apps/one/deploy.yaml': 'apps-ns', 'apps/two/deploy.yaml': 'apps-ns' });
  });

  it('of two folders as near, takes the shorter path, then the one met first', () => {
    const facts = kustomizeFacts([
      file('x/app.yaml', [argo('svc', 'first')]),
      file('a/svc/deploy.yaml'),
      file('b/svc/deploy.yaml'),
      file('a/deep/svc/deploy.yaml'),
    ]);
    expect(namespaces(facts)).toEqual({ 'a/svc/deploy.yaml': 'first' });
  });
});

/**
 * The namespace GitOps objects deploy into, file by file (--no-render, and without the tools): a Flux Kustomization's
 * `targetNamespace` and an Argo CD Application's `destination.namespace` set the namespace of the objects under the
 * folder they point at (through its kustomization, else its files), for no-default-namespace and the per-namespace
 * checks. A kustomization's own `namespace:` wins; a folder nothing points at keeps the finding.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lintFiles, type LintOptions } from '../../src/engine/index.js';
import { cleanup, DEPLOYMENT, lines, only, repo, tempDir } from './helpers.js';

afterAll(cleanup);

const FLUX = `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: apps
  namespace: flux-system
spec:
  interval: 10m
  path: ./apps/prod
  targetNamespace: shop
  sourceRef:
    kind: GitRepository
    name: flux-system
`;

const ARGO = `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: web
  namespace: argocd
spec:
  project: default
  source:
    repoURL: https://git.example/repo.git
    path: plain/web
  destination:
    server: https://kubernetes.default.svc
    namespace: web
`;

function layout(): string {
  return repo({
    'clusters/prod/apps.yaml': FLUX,
    'clusters/prod/web.yaml': ARGO,
    // Flux → a kustomization whose base sets no namespace.
    'apps/base/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
    'apps/base/deployment.yaml': DEPLOYMENT,
    'apps/prod/kustomization.yaml': 'resources:\n  - ../base\n  - extra.yaml\n',
    'apps/prod/extra.yaml': DEPLOYMENT.replace('name: web', 'name: extra'),
    // Argo → a plain folder of manifests (not its subfolders: no directory.recurse).
    'plain/web/deployment.yaml': DEPLOYMENT,
    'plain/web/nested/deployment.yaml': DEPLOYMENT.replace('name: web', 'name: nested'),
    // Nothing points here.
    'loose/deployment.yaml': DEPLOYMENT.replace('name: web', 'name: loose'),
  });
}

/** `file:line:column namespace` of each per-namespace finding (the "not found" notice left out). */
function namespaces(got: string[]): string[] {
  return got.filter((l) => !l.includes('not found')).map((l) => `${l.split(' ')[0]} ${/Namespace "([^"]+)"/.exec(l)?.[1] ?? l}`);
}

const ways: Array<[string, (dir: string) => LintOptions]> = [
  ['--no-render', (dir) => ({ render: false, cwd: dir, root: dir, concurrency: 'off' })],
  ['without the tools', (dir) => ({ kustomize: `${tempDir()}/kubectl`, helm: `${tempDir()}/helm`, cwd: dir, root: dir, concurrency: 'off' })],
];

describe.each(ways)('the namespace a GitOps object deploys into (%s)', (_label, options) => {
  it('counts for no-default-namespace: only the folders nothing deploys into a namespace keep the finding', async () => {
    const dir = layout();
    const got = lines(await lintFiles([dir], { ...options(dir), config: only('no-default-namespace') }), dir, 'no-default-namespace');
    expect(got.filter((l) => !l.includes('not found')).map((l) => l.split(' ').slice(0, 2).join(' '))).toEqual([
      'loose/deployment.yaml:3:1 no-default-namespace',
      'plain/web/nested/deployment.yaml:3:1 no-default-namespace',
    ]);
  });

  it('counts for the per-namespace checks: each namespace is reported once, on an object deployed into it', async () => {
    const dir = layout();
    const got = lines(await lintFiles([dir], { ...options(dir), config: only('namespace-network-policy') }), dir, 'namespace-network-policy');
    expect(namespaces(got)).toEqual(['apps/base/deployment.yaml:3:1 shop', 'loose/deployment.yaml:3:1 default', 'plain/web/deployment.yaml:3:1 web']);
  });

  it("an Argo Application with directory.recurse deploys the subfolders too; a kustomization's own namespace wins", async () => {
    const dir = layout();
    const recursing = ARGO.replace('    path: plain/web\n', '    path: plain/web\n    directory:\n      recurse: true\n');
    fs.writeFileSync(path.join(dir, 'clusters/prod/web.yaml'), recursing);
    fs.writeFileSync(path.join(dir, 'apps/prod/kustomization.yaml'), 'namespace: own\nresources:\n  - ../base\n  - extra.yaml\n');
    const results = await lintFiles([dir], { ...options(dir), config: only('namespace-network-policy') });
    expect(namespaces(lines(results, dir, 'namespace-network-policy'))).toEqual([
      'apps/base/deployment.yaml:3:1 own',
      'loose/deployment.yaml:3:1 default',
      'plain/web/deployment.yaml:3:1 web',
    ]);
    const missing = lines(await lintFiles([dir], { ...options(dir), config: only('no-default-namespace') }), dir, 'no-default-namespace');
    expect(missing.filter((l) => !l.includes('not found')).map((l) => l.split(' ')[0])).toEqual(['loose/deployment.yaml:3:1']);
  });
});

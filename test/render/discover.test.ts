/**
 * Which files discovery parses to look for GitOps objects: those where a Flux or Argo CD API group is written as an
 * apiVersion's group (src/render/discover.ts GITOPS_API_VERSION), found in the bytes as in the text.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bytesMayHoldGitOpsObject, discoverEntryPoints, mayHoldGitOpsObject } from '../../src/render/discover.js';
import { readTextWithin } from '../../src/render/source.js';
import { cleanup, repo } from '../gitops/helpers.js';

afterAll(cleanup);

const filesOf = (dir: string) =>
  fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => path.join(dir, f))
    .filter((f) => fs.statSync(f).isFile());

describe('files that may hold a GitOps object', () => {
  const may = [
    'apiVersion: argoproj.io/v1alpha1\nkind: Application\n',
    '{"apiVersion": "argoproj.io/v1alpha1", "kind": "Application"}\n',
    "apiVersion: 'helm.toolkit.fluxcd.io/v2'\n",
    '{apiVersion: kustomize.toolkit.fluxcd.io/v1, kind: Kustomization}\n',
    'apiVersion: "argoproj.io\\/v1alpha1"\n',
    'apiVersion: !!str argoproj.io/v1alpha1\n',
    'apiVersion:\n  argoproj.io/v1alpha1\n',
    '# é ü\napiVersion: argoproj.io/v1alpha1\n',
    'argoproj.io/v1alpha1',
  ];
  const mayNot = [
    'group: argoproj.io\nnames:\n  kind: Application\n',
    'metadata:\n  annotations:\n    argocd.argoproj.io/refresh: hard\n',
    'name: applications.argoproj.io\n',
    'apiVersion: xargoproj.io/v1\n',
    'key: argoproj.io_Rollout\n',
    'apiVersion: argoproj.iox/v1\n',
    'label: notifications-argoproj.io/x\n',
    'apiVersion: apps/v1\nkind: Deployment\n',
  ];
  it.each(may)('%j may', (text) => {
    expect([mayHoldGitOpsObject(text), bytesMayHoldGitOpsObject(Buffer.from(text))]).toEqual([true, true]);
  });
  it.each(mayNot)('%j may not', (text) => {
    expect([mayHoldGitOpsObject(text), bytesMayHoldGitOpsObject(Buffer.from(text))]).toEqual([false, false]);
  });

  it('a JSON-style Application in a .yaml file is an entry point; a CRD of argoproj.io is none; both readers agree', () => {
    const dir = repo({
      'apps/web/kustomization.yaml': 'resources: []\n',
      'argo/app.yaml':
        '{"apiVersion": "argoproj.io/v1alpha1", "kind": "Application", "metadata": {"name": "web"},\n "spec": {"source": {"path": "apps/web"}}}\n',
      'argo/crd.yaml':
        'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: applications.argoproj.io\n  annotations:\n    argocd.argoproj.io/sync-wave: "1"\nspec:\n  group: argoproj.io\n  names:\n    kind: Application\n',
    });
    const viaBytes = discoverEntryPoints(filesOf(dir), dir);
    const viaText = discoverEntryPoints(filesOf(dir), dir, { read: readTextWithin(dir) });
    const ids = (r: typeof viaBytes) => r.entryPoints.map((e) => [e.id, e.via?.kind]);
    expect(ids(viaBytes)).toEqual([['kustomize:apps/web@argo/app.yaml#0', 'ArgoApplication']]);
    expect(ids(viaText)).toEqual(ids(viaBytes));
    expect(viaBytes.diagnostics).toEqual(viaText.diagnostics);
  });

  it('a link out of the tree is not read for GitOps objects', () => {
    const outside = repo({
      'app.yaml': 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: out\nspec:\n  source:\n    path: apps/web\n',
    });
    const dir = repo({ 'apps/web/kustomization.yaml': 'resources: []\n' });
    fs.symlinkSync(path.join(outside, 'app.yaml'), path.join(dir, 'app.yaml'));
    const files = [...filesOf(dir), path.join(dir, 'app.yaml')];
    expect(discoverEntryPoints(files, dir).entryPoints.map((e) => e.id)).toEqual(['kustomize:apps/web']);
  });
});

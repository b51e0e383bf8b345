/**
 * The cases of issue #13's "Done when" list with the real kubectl of ../shared/tools, end to end through lintFiles:
 * a component, namePrefix, namespace, images, a configMapGenerator, a JSON 6902 patch in a file, a Flux Kustomization
 * and an Argo CD Application pointing at overlays, a remote base; each at its exact file, line and column.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { lintFiles, type LintOptions } from '../../src/engine/index.js';
import { cleanup, DEPLOYMENT, kubectl, lines, only, PRIVILEGED_PATCH, privileged, repo, skipNote } from './helpers.js';

afterAll(cleanup);

const PRIVILEGED_BASE = DEPLOYMENT.replace('        - name: app\n', '        - name: app\n          securityContext:\n            privileged: true\n');
const BASE = { 'base/kustomization.yaml': 'resources:\n  - deployment.yaml\n', 'base/deployment.yaml': DEPLOYMENT };

(kubectl ? describe : describe.skip)(`kustomize cases rendered with kubectl${skipNote('kubectl', kubectl)}`, () => {
  const lint = (dir: string, config: LintOptions['config']) => lintFiles([dir], { kustomize: kubectl, config, cwd: dir, root: dir, concurrency: 'off' });

  it("a component: the finding at the component's patch line, naming the overlay that uses it", async () => {
    const dir = repo({
      ...BASE,
      'components/debug/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n  - path: privileged.yaml\n',
      'components/debug/privileged.yaml': PRIVILEGED_PATCH,
      'overlays/dev/kustomization.yaml': 'resources:\n  - ../../base\ncomponents:\n  - ../../components/debug\n',
      'overlays/prod/kustomization.yaml': 'resources:\n  - ../../base\n',
    });
    expect(lines(await lint(dir, only('no-privileged')), dir, 'no-privileged')).toEqual([
      `components/debug/privileged.yaml:11:25 no-privileged ${privileged()} (in overlays/dev)`,
    ]);
  });

  it('namePrefix: the renamed object is found in its base, the message says its deployed name', async () => {
    const dir = repo({
      'base/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
      'base/deployment.yaml': PRIVILEGED_BASE,
      'overlays/prod/kustomization.yaml': 'namePrefix: prod-\nresources:\n  - ../../base\n',
    });
    expect(lines(await lint(dir, only('no-privileged')), dir, 'no-privileged')).toEqual([
      `base/deployment.yaml:15:25 no-privileged ${privileged('prod-web')} (in overlays/prod)`,
    ]);
  });

  it('namePrefix with a patch that names the base object: the patch still applies and is reported', async () => {
    const dir = repo({
      ...BASE,
      'overlays/prod/kustomization.yaml': 'namePrefix: prod-\nresources:\n  - ../../base\npatches:\n  - path: patch.yaml\n',
      'overlays/prod/patch.yaml': PRIVILEGED_PATCH,
    });
    expect(lines(await lint(dir, only('no-privileged')), dir, 'no-privileged')).toEqual([
      `overlays/prod/patch.yaml:11:25 no-privileged ${privileged('prod-web')} (in overlays/prod)`,
    ]);
  });

  it('namespace: set by the overlay, it counts for no-default-namespace; the base alone gets the finding', async () => {
    const dir = repo({
      ...BASE,
      'overlays/prod/kustomization.yaml': 'namespace: shop\nresources:\n  - ../../base\n',
      'other/kustomization.yaml': 'resources:\n  - ../base\n',
    });
    const got = lines(await lint(dir, only('no-default-namespace')), dir, 'no-default-namespace');
    expect(got).toHaveLength(1);
    expect(got[0]).toMatch(/^base\/deployment\.yaml:3:1 no-default-namespace Deployment "web" has no namespace .* \(in other\)$/);
  });

  it("images: a tag set by the overlay is checked, at the base's image line", async () => {
    const dir = repo({
      ...BASE,
      'overlays/prod/kustomization.yaml': 'resources:\n  - ../../base\nimages:\n  - name: registry.example/web\n    newTag: latest\n',
    });
    const got = lines(await lint(dir, only('image-tag')), dir, 'image-tag');
    expect(got).toHaveLength(1);
    expect(got[0]).toMatch(/^base\/deployment\.yaml:14:18 image-tag .*registry\.example\/web:latest.* \(in overlays\/prod\)$/);
  });

  it("a configMapGenerator: its object is reported at the generator's name", async () => {
    const dir = repo({
      'app/kustomization.yaml': 'resources:\n  - deployment.yaml\nconfigMapGenerator:\n  - name: settings\n    literals:\n      - LEVEL=debug\n',
      'app/deployment.yaml': DEPLOYMENT,
    });
    const got = lines(await lint(dir, only('no-default-namespace')), dir, 'no-default-namespace');
    expect(got.map((l) => l.split(' ')[0])).toEqual(['app/deployment.yaml:3:1', 'app/kustomization.yaml:4:11']);
    expect(got[1]).toMatch(/^app\/kustomization\.yaml:4:11 no-default-namespace ConfigMap "settings-[a-z0-9]+" has no namespace .* \(in app\)$/);
  });

  it('a JSON 6902 patch in a file: at its value', async () => {
    const dir = repo({
      ...BASE,
      'overlays/prod/kustomization.yaml':
        'resources:\n  - ../../base\npatches:\n  - path: hostpid.yaml\n    target:\n      kind: Deployment\n      name: web\n',
      'overlays/prod/hostpid.yaml': '# Share the host PID namespace for debugging\n- op: add\n  path: /spec/template/spec/hostPID\n  value: true\n',
    });
    const got = lines(await lint(dir, only('no-host-namespaces')), dir, 'no-host-namespaces');
    expect(got).toHaveLength(1);
    expect(got[0]).toMatch(/^overlays\/prod\/hostpid\.yaml:4:10 no-host-namespaces .*hostPID.* \(in overlays\/prod\)$/);
  });

  it('a Flux Kustomization and an Argo CD Application pointing at overlays: their namespaces count, their names show', async () => {
    const dir = repo({
      'base/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
      'base/deployment.yaml': PRIVILEGED_BASE,
      'overlays/flux/kustomization.yaml': 'resources:\n  - ../../base\n',
      'overlays/argo/kustomization.yaml': 'resources:\n  - ../../base\n',
      'clusters/prod/apps.yaml': [
        'apiVersion: kustomize.toolkit.fluxcd.io/v1',
        'kind: Kustomization',
        'metadata:',
        '  name: apps',
        '  namespace: flux-system',
        'spec:',
        '  interval: 10m',
        '  path: ./overlays/flux',
        '  targetNamespace: shop',
        '  prune: true',
        '  sourceRef:',
        '    kind: GitRepository',
        '    name: flux-system',
        '---',
        'apiVersion: argoproj.io/v1alpha1',
        'kind: Application',
        'metadata:',
        '  name: web',
        '  namespace: argocd',
        'spec:',
        '  project: default',
        '  source:',
        '    repoURL: https://git.example/repo.git',
        '    path: overlays/argo',
        '  destination:',
        '    server: https://kubernetes.default.svc',
        '    namespace: store',
        '',
      ].join('\n'),
    });
    const privilegedFindings = lines(await lint(dir, only('no-privileged')), dir, 'no-privileged');
    expect(privilegedFindings).toEqual([
      `base/deployment.yaml:15:25 no-privileged ${privileged()} (in overlays/argo (Argo CD Application "web") and overlays/flux (Flux Kustomization "apps"))`,
    ]);
    expect(lines(await lint(dir, only('no-default-namespace')), dir, 'no-default-namespace')).toEqual([]);
  });

  it('a remote base: one notice at its line, that entry point not rendered, the others still linted', async () => {
    const dir = repo({
      ...BASE,
      'overlays/remote/kustomization.yaml': 'resources:\n  - ../../base\n  - https://github.com/example/repo//deploy?ref=v1.0.0\n',
      'overlays/prod/kustomization.yaml': 'resources:\n  - ../../base\npatches:\n  - path: patch.yaml\n',
      'overlays/prod/patch.yaml': PRIVILEGED_PATCH,
    });
    expect(lines(await lint(dir, only('no-privileged')), dir, 'no-privileged')).toEqual([
      `overlays/prod/patch.yaml:11:25 no-privileged ${privileged()} (in overlays/prod)`,
      'overlays/remote/kustomization.yaml:3:5 - remote base not fetched: https://github.com/example/repo//deploy?ref=v1.0.0',
    ]);
  });
});

/** Kustomize entry points rendered with the real kubectl, and findings mapped to source lines. */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderRepository, type RenderedObject, type RenderRun } from '../../src/render/index.js';
import { containerIndex, filesUnder, fixtures, hasKubectl, kubectl, where } from './helpers.js';

const root = path.join(fixtures, 'kustomize');
const pod = ['spec', 'template', 'spec'];

(hasKubectl ? describe : describe.skip)(`kustomize rendering${hasKubectl ? '' : ' (skipped: ../shared/tools/kubectl is absent)'}`, () => {
  let run: RenderRun;
  const find = (entry: string, kind: string): RenderedObject => {
    const o = run.objects.find((x) => x.entryPoints.includes(entry) && x.object.kind === kind);
    if (!o) throw new Error(`no ${kind} of ${entry}`);
    return o;
  };
  beforeAll(async () => {
    run = await renderRepository({ files: filesUnder(root), root, tools: { kubectl }, pathEnv: '/usr/bin:/bin' });
  }, 60_000);

  it('finds entry points: unlisted kustomizations, Flux and Argo objects replacing the folders they point at', () => {
    expect(run.entryPoints.map((e) => e.id)).toEqual([
      'kustomize:broken',
      'kustomize:overlays/edge@clusters/flux.yaml#0',
      'kustomize:overlays/fixed',
      'kustomize:overlays/lab@clusters/argo.yaml#0',
      'kustomize:overlays/prod',
      'kustomize:overlays/qa',
      'kustomize:overlays/staging',
      'kustomize:remote',
    ]);
  });

  it('reports a broken kustomization once, renders the others, never fetches a remote base', () => {
    const rel = run.diagnostics.map((d) => ({ ...d, filePath: path.relative(root, d.filePath) }));
    expect(rel.map(({ filePath, line, column, severity, messageId }) => ({ filePath, line, column, severity, messageId }))).toEqual([
      { filePath: 'remote/kustomization.yaml', line: 3, column: 3, severity: 0, messageId: 'remote' },
      { filePath: 'broken/kustomization.yaml', line: 1, column: 1, severity: 2, messageId: 'renderFailed' },
    ]);
    expect(rel[0].message).toBe('remote base not fetched: github.com/example/platform//base?ref=v1.2.0');
    expect(rel[1].message).toMatch(/^kustomize build failed: error: .*missing\.yaml/);
    expect(rel[1].message.length).toBeLessThanOrEqual(330);
    expect(Object.fromEntries(run.renders.map((r) => [r.entryPoint, r.status]))).toEqual({
      'kustomize:broken': 'failed',
      'kustomize:overlays/edge@clusters/flux.yaml#0': 'rendered',
      'kustomize:overlays/fixed': 'rendered',
      'kustomize:overlays/lab@clusters/argo.yaml#0': 'rendered',
      'kustomize:overlays/prod': 'rendered',
      'kustomize:overlays/qa': 'rendered',
      'kustomize:overlays/staging': 'rendered',
      'kustomize:remote': 'skipped',
    });
  });

  it('strips the origin annotations and applies namePrefix, namespace and images', () => {
    expect(JSON.stringify(run.objects)).not.toContain('config.kubernetes.io/origin');
    const web = find('kustomize:overlays/prod', 'Deployment');
    expect(web.object.metadata).toEqual({ name: 'prod-web', namespace: 'shop' });
    expect(web.namespace).toBe('shop');
    expect((web.object.spec as any).template.spec.containers[containerIndex(web, 'app')].image).toBe('nginx:1.26');
  });

  it('maps values set by patch files, inline strategic-merge and JSON 6902 patches, and a component', () => {
    const web = find('kustomize:overlays/prod', 'Deployment');
    const app = containerIndex(web, 'app');
    const sidecar = containerIndex(web, 'sidecar');
    expect(where(root, web, [...pod, 'hostNetwork'])).toBe('overlays/prod/hostnet.yaml:8:20 patch');
    expect(where(root, web, [...pod, 'hostPID'])).toBe('components/debug/debug-patch.yaml:8:16 patch');
    expect(where(root, web, [...pod, 'containers', sidecar, 'securityContext', 'allowPrivilegeEscalation'])).toBe(
      'overlays/prod/kustomization.yaml:23:41 patch',
    );
    expect(where(root, web, [...pod, 'containers', app, 'securityContext', 'privileged'])).toBe('base/deployment.yaml:16:23 base');
    expect(where(root, web, [...pod, 'containers', app, 'image'])).toBe('base/deployment.yaml:14:16 base');
    // A missing field: the deepest existing node of the file that defines it.
    expect(where(root, web, [...pod, 'containers', app, 'resources', 'limits'])).toBe('base/deployment.yaml:13:9 base (deepest)');
    expect(where(root, web, [...pod, 'hostIPC'])).toBe('base/deployment.yaml:11:5 base (deepest)');
  });

  it('maps JSON 6902 values, inline and in a file, to the value of the op', () => {
    const web = find('kustomize:overlays/prod', 'Deployment');
    const containers = (web.object.spec as any).template.spec.containers as any[];
    const withUser = containers.findIndex((c) => c.securityContext?.runAsUser === 0);
    const withCaps = containers.findIndex((c) => c.securityContext?.capabilities);
    expect(where(root, web, [...pod, 'containers', withUser, 'securityContext', 'runAsUser'])).toBe('overlays/prod/kustomization.yaml:30:14 patch');
    expect(where(root, web, [...pod, 'containers', withCaps, 'securityContext', 'capabilities', 'add', 0])).toBe(
      'overlays/prod/caps.json6902.yaml:5:7 patch',
    );
  });

  it('maps generated and component objects', () => {
    expect(where(root, find('kustomize:overlays/prod', 'ConfigMap'), ['data', 'mode'])).toBe('base/kustomization.yaml:4:9 generator (deepest)');
    expect(where(root, find('kustomize:overlays/prod', 'ServiceAccount'), ['metadata', 'name'])).toBe('components/debug/debug-sa.yaml:4:9 base');
  });

  it('an overlay that fixes its base points at its patch', () => {
    const web = find('kustomize:overlays/fixed', 'Deployment');
    expect((web.object.spec as any).template.spec.containers[containerIndex(web, 'app')].securityContext.privileged).toBe(false);
    expect(where(root, web, [...pod, 'containers', containerIndex(web, 'app'), 'securityContext', 'privileged'])).toBe(
      'overlays/fixed/unprivileged.yaml:11:23 patch',
    );
  });

  it('merges a base shared by overlays that render it alike, naming every entry point', () => {
    const shared = run.objects.filter((o) => o.object.kind === 'Deployment' && o.entryPoints.includes('kustomize:overlays/qa'));
    expect(shared.map((o) => o.entryPoints)).toEqual([['kustomize:overlays/qa', 'kustomize:overlays/staging']]);
    expect(where(root, shared[0], [...pod, 'containers', 0, 'securityContext', 'privileged'])).toBe('base/deployment.yaml:16:23 base');
    const settings = run.objects.filter(
      (o) => o.object.kind === 'ConfigMap' && o.object.metadata?.name === 'settings-mgc92dd9c6' && o.namespace === undefined,
    );
    expect(settings.map((o) => o.entryPoints)).toEqual([['kustomize:overlays/fixed', 'kustomize:overlays/qa', 'kustomize:overlays/staging']]);
  });

  it('applies a Flux Kustomization: targetNamespace and its inline patch', () => {
    const web = find('kustomize:overlays/edge@clusters/flux.yaml#0', 'Deployment');
    expect(web.object.metadata).toEqual({ name: 'web', namespace: 'edge' });
    expect(web.namespace).toBe('edge');
    expect(where(root, web, [...pod, 'hostIPC'])).toBe('clusters/flux.yaml:24:22 patch');
  });

  it('applies an Argo CD Application: namePrefix, images, its JSON 6902 patch, destination namespace', () => {
    const web = find('kustomize:overlays/lab@clusters/argo.yaml#0', 'Deployment');
    expect(web.object.metadata).toEqual({ name: 'lab-web' });
    expect(web.namespace).toBe('lab-ns');
    const app = (web.object.spec as any).template.spec.containers[0];
    expect(app.image).toBe('nginx:1.27');
    expect(app.securityContext.privileged).toBe(false);
    expect(where(root, web, [...pod, 'containers', 0, 'securityContext', 'privileged'])).toBe('clusters/argo.yaml:22:20 patch');
  });

  it('lists the files rendered entry points consume', () => {
    const consumed = run.consumedFiles.map((f) => path.relative(root, f));
    expect(consumed).toContain('base/deployment.yaml');
    expect(consumed).toContain('overlays/prod/caps.json6902.yaml');
    expect(consumed).toContain('components/debug/debug-sa.yaml');
    expect(consumed).not.toContain('remote/local.yaml');
    expect(consumed).not.toContain('broken/kustomization.yaml');
    expect(consumed).not.toContain('clusters/flux.yaml');
  });
});

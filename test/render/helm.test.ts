/** Helm entry points rendered with ../shared/tools/helm: values, a HelmRelease, a file:// dependency. */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderRepository, type RenderRun } from '../../src/render/index.js';
import { filesUnder, fixtures, hasHelm, helm, where } from './helpers.js';

const root = path.join(fixtures, 'helm');
const sc = ['spec', 'template', 'spec', 'containers', 0, 'securityContext', 'privileged'];

(hasHelm ? describe : describe.skip)(`helm rendering${hasHelm ? '' : ' (skipped: ../shared/tools/helm is absent)'}`, () => {
  let run: RenderRun;
  beforeAll(async () => {
    run = await renderRepository({ files: filesUnder(root), root, tools: { helm }, pathEnv: '' });
  }, 60_000);

  it('finds the chart entry points; the HelmRelease and the Application replace the plain chart, a file:// dependency is none', () => {
    expect(run.entryPoints.map((e) => e.id)).toEqual(['helm:web@releases/web.yaml#0', 'helm:web@releases/web.yaml#1']);
    expect(run.renders.map((r) => r.status)).toEqual(['rendered', 'rendered']);
    expect(run.diagnostics.map((d) => `${path.relative(root, d.filePath)}:${d.line}:${d.column} ${d.messageId}`)).toEqual(['releases/web.yaml:39:12 remote']);
  });

  it('inline values of a HelmRelease switch a block on; the finding lands on the template line', () => {
    const web = run.objects.find((o) => o.object.metadata?.name === 'web-web')!;
    expect(web.entryPoints).toEqual(['helm:web@releases/web.yaml#0']);
    expect(web.namespace).toBe('team');
    expect(get(web.object, sc)).toBe(true);
    expect(where(root, web, sc)).toBe('web/templates/deployment.yaml:13:11 template');
  });

  it('values that leave the block off: no field, the template line of the deepest key', () => {
    const argo = run.objects.find((o) => o.object.metadata?.name === 'web-argo-web')!;
    expect(argo.namespace).toBe('argo-team');
    expect(get(argo.object, sc)).toBeUndefined();
    expect(where(root, argo, sc)).toBe('web/templates/deployment.yaml:8:7 template (deepest)');
    expect(where(root, argo, ['spec', 'template', 'spec', 'containers', 0, 'image'])).toBe('web/templates/deployment.yaml:10:9 template');
  });

  it('renders a file:// dependency and maps its objects to the dependency folder', () => {
    const sa = run.objects.filter((o) => o.object.kind === 'ServiceAccount');
    expect(sa.map((o) => o.entryPoints)).toEqual([['helm:web@releases/web.yaml#0'], ['helm:web@releases/web.yaml#1']]);
    expect(sa.map((o) => o.namespace)).toEqual(['team', 'argo-team']);
    expect(where(root, sa[0], ['metadata', 'name'])).toBe('lib/templates/sa.yaml:4:3 template');
    expect(run.consumedFiles.map((f) => path.relative(root, f))).toEqual(
      expect.arrayContaining(['lib/templates/sa.yaml', 'web/templates/deployment.yaml', 'web/values.yaml']),
    );
  });
});

function get(value: any, p: Array<string | number>): unknown {
  return p.reduce((v, k) => (v == null ? undefined : v[k]), value);
}

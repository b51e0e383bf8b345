/** Without tools: the values patches set, with their targets and source positions. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverEntryPoints, SourceCache, setValuesOfKustomization, setValuesOfPatch } from '../../src/render/index.js';
import { filesUnder, fixtures } from './helpers.js';

const root = path.join(fixtures, 'kustomize');
const short = (v: { target: unknown; path: readonly unknown[]; value: unknown; location: { filePath: string; line: number; column: number } }) => ({
  target: v.target,
  path: v.path.join('.'),
  value: v.value,
  at: `${path.relative(root, v.location.filePath)}:${v.location.line}:${v.location.column}`,
});

describe('patch set values (no tools)', () => {
  it('every patch of a kustomization: files, inline strategic-merge, JSON 6902 inline and in a file', () => {
    const values = setValuesOfKustomization(path.join(root, 'overlays/prod/kustomization.yaml')).map(short);
    expect(values).toEqual([
      { target: { kind: 'Deployment', name: 'web' }, path: 'spec.template.spec.hostNetwork', value: true, at: 'overlays/prod/hostnet.yaml:8:20' },
      {
        target: { kind: 'Deployment', name: 'web' },
        path: 'spec.template.spec.containers.0.name',
        value: 'sidecar',
        at: 'overlays/prod/kustomization.yaml:21:19',
      },
      {
        target: { kind: 'Deployment', name: 'web' },
        path: 'spec.template.spec.containers.0.securityContext.allowPrivilegeEscalation',
        value: true,
        at: 'overlays/prod/kustomization.yaml:23:41',
      },
      {
        target: { kind: 'Deployment', name: 'web' },
        path: 'spec.template.spec.containers.0.securityContext.runAsUser',
        value: 0,
        at: 'overlays/prod/kustomization.yaml:30:14',
      },
      {
        target: { kind: 'Deployment' },
        path: 'spec.template.spec.containers.1.securityContext.capabilities.add.0',
        value: 'NET_ADMIN',
        at: 'overlays/prod/caps.json6902.yaml:5:7',
      },
    ]);
  });

  it('a Flux Kustomization inline patch and an Argo JSON 6902 patch', () => {
    const cache = new SourceCache();
    const discovery = discoverEntryPoints(filesUnder(root), root, { cache });
    const patches = discovery.entryPoints.flatMap((e) => e.kustomize?.patches ?? []);
    expect(patches.flatMap((p) => setValuesOfPatch(p, cache)).map(short)).toEqual([
      { target: { kind: 'Deployment' }, path: 'spec.template.spec.hostIPC', value: true, at: 'clusters/flux.yaml:24:22' },
      {
        target: { kind: 'Deployment', name: 'web' },
        path: 'spec.template.spec.containers.0.securityContext.privileged',
        value: false,
        at: 'clusters/argo.yaml:22:20',
      },
    ]);
  });

  it('a strategic-merge patch file that sets privileged: false', () => {
    const values = setValuesOfPatch({
      type: 'strategic-merge',
      ref: { filePath: path.join(root, 'overlays/fixed/unprivileged.yaml'), documentIndex: 0, path: [] },
      inline: false,
    }).map(short);
    expect(values.at(-1)).toEqual({
      target: { kind: 'Deployment', name: 'web' },
      path: 'spec.template.spec.containers.0.securityContext.privileged',
      value: false,
      at: 'overlays/fixed/unprivileged.yaml:11:23',
    });
  });
});

/**
 * Patch files however a kustomization lists them: `patches` (a `path:`, or a bare file name, Kustomize v1's form),
 * `patchesStrategicMerge`, `patchesJson6902` with `path:`, and a component's patches. A patch is a partial object on
 * purpose: file by file it gets no "Missing required field" and no pod findings for what it leaves out; without the
 * tools it is checked for the values it sets; with them, a bare file name under `patches` fails Kustomize v5's render.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { lintFiles } from '../../src/engine/index.js';
import { cleanup, DEPLOYMENT, kubectl, lines, only, PRIVILEGED_PATCH, privileged, repo, skipNote, tempDir } from './helpers.js';

afterAll(cleanup);

const JSON_PATCH = '- op: add\n  path: /spec/template/spec/hostPID\n  value: true\n';

/** One kustomization per way of listing a patch file, each with the same Deployment. */
function layouts(): string {
  return repo({
    'bare/kustomization.yaml': 'resources:\n  - deployment.yaml\npatches:\n  - patch.yaml\n',
    'bare/deployment.yaml': DEPLOYMENT,
    'bare/patch.yaml': PRIVILEGED_PATCH,
    'smp/kustomization.yaml': 'resources:\n  - deployment.yaml\npatchesStrategicMerge:\n  - patch.yaml\n',
    'smp/deployment.yaml': DEPLOYMENT,
    'smp/patch.yaml': PRIVILEGED_PATCH,
    'json/kustomization.yaml':
      'resources:\n  - deployment.yaml\npatchesJson6902:\n  - path: patch.yaml\n    target: {group: apps, version: v1, kind: Deployment, name: web}\n',
    'json/deployment.yaml': DEPLOYMENT,
    'json/patch.yaml': JSON_PATCH,
    'component/kustomization.yaml': 'resources:\n  - deployment.yaml\ncomponents:\n  - ../debug\n',
    'component/deployment.yaml': DEPLOYMENT,
    'debug/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n  - path: patch.yaml\n',
    'debug/patch.yaml': PRIVILEGED_PATCH,
  });
}

const patchFiles = (got: string[]) => got.filter((l) => /^[a-z]+\/patch\.yaml:/.test(l));

describe('patch files, file by file (--no-render)', () => {
  it('are partial objects however they are listed: no schema error, no finding for what they leave out', async () => {
    const dir = layouts();
    const results = await lintFiles([dir], { render: false, config: { extends: 'strict' }, cwd: dir, root: dir, concurrency: 'off' });
    expect(patchFiles(lines(results, dir))).toEqual([]);
    // The Deployments themselves are still linted.
    expect(lines(results, dir, 'schema').filter((l) => l.includes('deployment.yaml'))).toEqual([]);
    expect(lines(results, dir, 'no-privileged')).toEqual([]);
    expect(lines(results, dir, 'run-as-non-root').map((l) => l.split(' ')[0])).toEqual([
      'bare/deployment.yaml:13:11',
      'component/deployment.yaml:13:11',
      'json/deployment.yaml:13:11',
      'smp/deployment.yaml:13:11',
    ]);
  });
});

describe('patch files without the tools', () => {
  it('are checked for the values they set, and only for those', async () => {
    const dir = layouts();
    const results = await lintFiles([dir], { kustomize: `${tempDir()}/kubectl`, config: { extends: 'strict' }, cwd: dir, root: dir, concurrency: 'off' });
    const got = patchFiles(lines(results, dir));
    expect(got).toEqual([
      `bare/patch.yaml:11:25 no-privileged ${privileged()}`,
      `debug/patch.yaml:11:25 no-privileged ${privileged()}`,
      'json/patch.yaml:3:10 no-host-namespaces Deployment "web" sets hostPID: true, so every container sees (and, as root, can signal and inspect) every process of the node; remove it',
      `smp/patch.yaml:11:25 no-privileged ${privileged()}`,
    ]);
  });
});

(kubectl ? describe : describe.skip)(`patch files rendered with kubectl${skipNote('kubectl', kubectl)}`, () => {
  it("a bare file name under patches: the render fails with Kustomize's error, the patch is checked for what it sets", async () => {
    const dir = layouts();
    const results = await lintFiles([dir], { kustomize: kubectl, config: only('no-privileged'), cwd: dir, root: dir, concurrency: 'off' });
    const got = lines(results, dir, 'no-privileged');
    expect(got.filter((l) => l.startsWith('bare/'))).toEqual([
      'bare/kustomization.yaml:1:1 - kustomize build failed: error: invalid Kustomization: json: cannot unmarshal string into Go struct field Kustomization.patches of type types.Patch',
      `bare/patch.yaml:11:25 no-privileged ${privileged()}`,
    ]);
    expect(got.filter((l) => !l.startsWith('bare/'))).toEqual([
      `debug/patch.yaml:11:25 no-privileged ${privileged()} (in component)`,
      `smp/patch.yaml:11:25 no-privileged ${privileged()} (in smp)`,
    ]);
  });
});

/**
 * Without the tools (the CLI run with a PATH that holds no kustomize, kubectl or helm): inline patches of a
 * kustomization (a strategic-merge `patch: |` string, JSON 6902 operations), a JSON 6902 patch file and a Flux
 * Kustomization's inline patch are checked for the insecure values they set, at the line of each value, never for
 * what they leave out; one notice says how many entry points were not rendered.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { lintFiles } from '../../src/engine/index.js';
import type { LintResult } from '../../src/shared/types.js';
import { projectRoot } from '../shared-dir.js';
import { cleanup, DEPLOYMENT, lines, only, repo, tempDir } from './helpers.js';

afterAll(cleanup);

const KUSTOMIZATION = [
  'resources:', //                                                  1
  '  - deployment.yaml', //                                          2
  'patches:', //                                                     3
  '  - patch: |', //                                                 4
  '      apiVersion: apps/v1', //                                    5
  '      kind: Deployment', //                                       6
  '      metadata:', //                                              7
  '        name: web', //                                            8
  '      spec:', //                                                  9
  '        template:', //                                           10
  '          spec:', //                                             11
  '            containers:', //                                     12
  '              - name: app', //                                   13
  '                securityContext:', //                            14
  '                  privileged: true', //                          15
  '                  readOnlyRootFilesystem: true', //              16
  '  - target: {kind: Deployment, name: web}', //                   17
  '    patch: |-', //                                               18
  '      - op: add', //                                             19
  '        path: /spec/template/spec/hostNetwork', //               20
  '        value: true', //                                         21
  '      - op: add', //                                             22
  '        path: /spec/template/spec/containers/0/securityContext/capabilities', // 23
  '        value: {add: [NET_RAW]}', //                           24
  '  - path: hostpid.yaml', //                                      25
  '    target: {group: apps, version: v1, kind: Deployment, name: web}', // 26
  '',
].join('\n');

const FLUX = `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: app
  namespace: flux-system
spec:
  interval: 10m
  path: ./app
  targetNamespace: shop
  sourceRef:
    kind: GitRepository
    name: flux-system
  patches:
    - target:
        kind: Deployment
      patch: |
        - op: add
          path: /spec/template/spec/hostIPC
          value: true
`;

it('inline patches, a JSON 6902 patch file and a Flux inline patch are checked for the values they set', () => {
  const dir = repo({
    'app/kustomization.yaml': KUSTOMIZATION,
    'app/deployment.yaml': DEPLOYMENT,
    'app/hostpid.yaml': '- op: add\n  path: /spec/template/spec/hostPID\n  value: true\n',
    'clusters/app.yaml': FLUX,
  });
  const noTools = tempDir('kubeward-no-tools-');
  const bin = path.join(projectRoot, 'dist/cli/kubeward.cjs');
  const run = spawnSync(process.execPath, [bin, '-f', 'json', '--root', '.', '--rule', 'schema:off', '.'], {
    cwd: dir,
    encoding: 'utf8',
    env: { PATH: noTools, HOME: noTools, NO_COLOR: '1' },
  });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(1);
  const results = JSON.parse(run.stdout) as LintResult[];
  const rules = ['no-privileged', 'no-host-namespaces', 'drop-net-raw', 'no-privilege-escalation', 'read-only-root-filesystem'];
  const got = lines(results, dir).filter((l) => !l.startsWith('app/deployment.yaml') && (l.includes(' - ') || rules.some((r) => l.includes(` ${r} `))));
  const short = got.map((l) => l.replace(/^(\S+ \S+) (.{0,60}).*$/, '$1 $2'));
  expect(short).toEqual([
    'app/hostpid.yaml:3:10 no-host-namespaces Deployment "web" sets hostPID: true, so every container sees',
    'app/kustomization.yaml:15:31 no-privileged Deployment "web" container "app" runs privileged: it gets ev',
    'app/kustomization.yaml:21:16 no-host-namespaces Deployment "web" sets hostNetwork: true, so every container ',
    'app/kustomization.yaml:24:23 drop-net-raw Deployment "web" container "#0" adds the capability "NET_RAW',
    'app/kustomization.yaml:1:1 - kustomize not found: install kustomize or kubectl, or pass -',
    'clusters/app.yaml:19:18 no-host-namespaces Deployment "<unnamed>" sets hostIPC: true, so every containe',
  ]);
  // One entry point: the Flux Kustomization, which replaces the plain kustomization it points at.
  expect(got[4]).toBe(
    'app/kustomization.yaml:1:1 - kustomize not found: install kustomize or kubectl, or pass --no-render (1 entry point not rendered: their files are linted one by one, patches for the values they set)',
  );
});

it('never reads a patch file outside the repository, or a link out of it', async () => {
  const outside = tempDir('kubeward-outside-');
  fs.writeFileSync(path.join(outside, 'hostpid.yaml'), '- op: add\n  path: /spec/template/spec/hostPID\n  value: true\n');
  const dir = repo({
    'app/kustomization.yaml': `resources:\n  - deployment.yaml\npatches:\n  - path: ${path.join(outside, 'hostpid.yaml')}\n    target: {kind: Deployment}\n  - path: link.yaml\n    target: {kind: Deployment}\n`,
    'app/deployment.yaml': DEPLOYMENT,
  });
  fs.symlinkSync(path.join(outside, 'hostpid.yaml'), path.join(dir, 'app/link.yaml'));
  const results = await lintFiles([dir], {
    kustomize: path.join(outside, 'kubectl'),
    config: only('no-host-namespaces'),
    cwd: dir,
    root: dir,
    concurrency: 'off',
  });
  // The link is named and never read (the tree's rule for every file); the outside patch sets nothing anywhere.
  expect(lines(results, dir, 'no-host-namespaces').filter((l) => !l.includes('not found'))).toEqual([
    'app/link.yaml:1:1 - Not read: a symbolic link to a place outside the linted tree; kubeward reads only files inside it',
  ]);
});

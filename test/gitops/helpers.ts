/** Shared helpers of the GitOps end-to-end tests: temporary repositories, the real tools, findings as short lines. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LintOptions } from '../../src/engine/index.js';
import type { LintResult } from '../../src/shared/types.js';
import { sharedPath } from '../shared-dir.js';

/** The real kubectl (Kustomize v5.6.0) and helm (v3.13.3, `template` only) of ../shared/tools, when present. */
export const kubectl = sharedPath('tools', 'kubectl');
export const helm = sharedPath('tools', 'helm');
export const skipNote = (tool: string, present: unknown) => (present ? '' : ` (skipped: ../shared/tools/${tool} is absent)`);

const dirs: string[] = [];

/** A repository in a temporary folder: path → text. */
export function repo(files: Record<string, string>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kubeward-gitops-')));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** An empty temporary folder (removed by `cleanup`). */
export function tempDir(prefix = 'kubeward-gitops-'): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  dirs.push(dir);
  return dir;
}

/** Remove every folder `repo` and `tempDir` made; call it from afterAll. */
export function cleanup(): void {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** `file:line:column rule message` of every message and notice, files relative to `dir`; `only`: that rule and notices. */
export function lines(results: LintResult[], dir: string, only?: string): string[] {
  return results.flatMap((r) =>
    [...r.messages, ...(r.notices ?? [])]
      .filter((m) => !only || m.ruleId === only || m.ruleId === null)
      .map((m) => `${path.relative(dir, r.filePath)}:${m.line}:${m.column} ${m.ruleId ?? '-'} ${m.message}`),
  );
}

export const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: app
          image: registry.example/web:1.0.0
`;

export const PRIVILEGED_PATCH = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: app
          securityContext:
            privileged: true
`;

/** no-privileged's message for container "app" of Deployment `name`. */
export const privileged = (name = 'web', container = 'app') =>
  `Deployment "${name}" container "${container}" runs privileged: it gets every capability and every host device, so a breakout is one step away; remove securityContext.privileged or set it to false`;

/** Only the check under test (the strict preset, schema off): the fixtures are not hardened otherwise. */
export const only = (id: string): LintOptions['config'] => ({ rules: { schema: 'off', [id]: 'error' }, extends: 'strict' });

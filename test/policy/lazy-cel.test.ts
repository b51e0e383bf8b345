/**
 * CEL is loaded only by the runs that need it (src/policy/load.ts): a run without ValidatingAdmissionPolicies or
 * customChecks never imports @bufbuild/cel, in the library and in the bundled bin, whose static imports leave it out.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintText } from '../../src/engine/index.js';
import { celLoaded } from '../../src/policy/index.js';
import { projectRoot } from '../shared-dir.js';

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: {name: big, namespace: default}
spec:
  replicas: 9
  selector: {matchLabels: {app: big}}
  template:
    metadata: {labels: {app: big}}
    spec:
      containers: [{name: app, image: registry.example/app:1}]
`;
const policy = `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: {name: limit}
spec:
  matchConstraints:
    resourceRules: [{apiGroups: [apps], apiVersions: [v1], operations: [CREATE], resources: [deployments]}]
  validations: [{expression: "object.spec.replicas <= 5"}]
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: {name: limit}
spec: {policyName: limit, validationActions: [Deny]}
`;

/** The files the bin imports statically, transitively (what every run loads). */
function staticChunks(dir: string, file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = fs.readFileSync(path.join(dir, file), 'utf8');
  for (const m of text.matchAll(/^import\s(?:[^;]*?from\s*)?"\.\/([\w-]+\.js)"/gm)) staticChunks(dir, m[1], seen);
  return seen;
}

describe('CEL is loaded on demand', () => {
  // First in this file: the module state is the process's.
  it('a run without policies or customChecks does not load it; a run with a policy does, and evaluates it', async () => {
    const [plain] = await lintText(deployment, { filePath: 'apps.yaml', render: false });
    expect(plain.messages.some((m) => m.ruleId?.startsWith('vap'))).toBe(false);
    expect(celLoaded()).toBe(false);
    const [withPolicy] = await lintText(`${policy}---\n${deployment}`, { filePath: 'all.yaml', render: false });
    expect(celLoaded()).toBe(true);
    expect(withPolicy.messages.filter((m) => m.ruleId?.startsWith('vap')).map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.message}`)).toEqual([
      '18:13 vap/limit failed expression: object.spec.replicas <= 5',
    ]);
  });

  it("the bin's static imports, and the command's it loads, leave @bufbuild/cel out; a dynamic import reaches it", () => {
    const dir = path.join(projectRoot, 'dist/cli');
    // The bin's entry turns the compile cache on, then loads the command, a script (src/cli/bin.ts, command-script.ts).
    const bin = fs.readFileSync(path.join(dir, 'kubeward.cjs'), 'utf8');
    const command = [...bin.matchAll(/import\("\.\/([\w-]+\.c?js)"\)/g)].map((m) => m[1]);
    expect(command.length).toBeGreaterThan(0);
    const chunks = [...command.reduce((seen, c) => staticChunks(dir, c, seen), staticChunks(dir, 'kubeward.cjs'))];
    const cel = fs.readdirSync(dir).filter((f) => f.endsWith('.js') && fs.readFileSync(path.join(dir, f), 'utf8').includes('node_modules/@bufbuild/cel/'));
    expect(cel.length).toBeGreaterThan(0);
    expect(chunks.filter((c) => cel.includes(c))).toEqual([]);
    // The command script, run by vm.Script, imports through the loader's host import (src/cli/command-script.ts).
    const importsOf = (f: string) => [`import("./${f}")`, `__kubewardHostImport("./${f}")`];
    expect(chunks.some((c) => cel.some((f) => importsOf(f).some((i) => fs.readFileSync(path.join(dir, c), 'utf8').includes(i))))).toBe(true);
  });
});

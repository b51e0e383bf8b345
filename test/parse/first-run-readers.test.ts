/**
 * A pre-commit hook's first run (one staged file, no kubeward cache) reads every file of the repository for its index
 * (the skim, src/resources/skim.ts). The shapes the block reader reads now that only js-yaml read before (CRLF line
 * ends, JSON files, `key :`, keep chomping, blank lines before a block scalar's text) must not load js-yaml or the
 * `yaml` package in such a run: loading js-yaml alone cost a first run ~35 ms (docs/performance.md, session 12).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const bin = path.resolve(__dirname, '../../dist/cli/kubeward.cjs');
const made: string[] = [];
const tmp = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubeward-first-'));
  made.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const FILES: Record<string, string> = {
  'crlf.yaml': 'apiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: crlf\r\ndata:\r\n  a: |\r\n    b\r\n',
  'svc.json': '{\n  "apiVersion": "v1",\n  "kind": "Service",\n  "metadata": {"name": "json"},\n  "spec": {\n\t"ports": [{"port": 80}]\n  }\n}\n',
  'crlf.json': '{\r\n  "apiVersion": "v1",\r\n  "kind": "Namespace",\r\n  "metadata": {"name": "n"}\r\n}\r\n',
  'odd.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: odd\ndata:\n  a : b\n  k: |+\n    x\n\n  l: |\n    \n    y\n',
  'staged.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm, namespace: b}\ndata: {a: b}\n',
};

/** The js-yaml and `yaml` package modules a first run of `staged.yaml` in a repository of `files` loaded (a preloaded probe). */
function firstRunLoads(files: Record<string, string>): string[] {
  const repo = tmp();
  spawnSync('git', ['init', '-q'], { cwd: repo });
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(repo, name), text);
  const probe = path.join(tmp(), 'probe.cjs');
  const out = path.join(path.dirname(probe), 'loaded.json');
  fs.writeFileSync(
    probe,
    `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify(Object.keys(require.cache).filter((m) => /js-yaml|[\\\\/]yaml[\\\\/]/.test(m)))));\n`,
  );
  const run = spawnSync(process.execPath, ['-r', probe, bin, 'staged.yaml', '--no-warn-ignored', '--no-render', '-f', 'json'], {
    cwd: repo,
    env: { ...process.env, XDG_CACHE_HOME: tmp() },
    encoding: 'utf8',
  });
  expect(run.stderr).toBe('');
  expect(JSON.parse(run.stdout)).toHaveLength(1);
  return JSON.parse(fs.readFileSync(out, 'utf8')) as string[];
}

describe("a first pre-commit run's index pass", () => {
  it('reads CRLF files, JSON files and the other shapes js-yaml alone read before without loading js-yaml or the yaml package', () => {
    expect(firstRunLoads(FILES)).toEqual([]);
  }, 30_000);

  it('still loads js-yaml for a file the block reader gives up on and js-yaml reads (the probe sees it)', () => {
    // A kustomization.yaml: the index pass reads it at once (a file whose kinds a scan tells may be left unread).
    const loaded = firstRunLoads({ ...FILES, 'kustomization.yaml': 'a: [x\n  y]\n' });
    expect(loaded.some((m) => m.includes('js-yaml'))).toBe(true);
  }, 30_000);
});

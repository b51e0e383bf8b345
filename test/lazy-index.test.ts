/**
 * The lazy index pass (src/engine/lint.ts twoPasses, readEntriesLazily in src/engine/files.ts, scanKinds in
 * src/resources/kind-scan.ts): a run that names files leaves each file only indexed unskimmed where a scan of its text
 * tells which kinds it may hold, and reads it when a question needs one of them (PartRepository). Its results are
 * those of the eager pass (`lazyIndex: false`), with and without the index cache, whose records of files left
 * unskimmed are read from their files by the first later run that needs them, and then written with their entries.
 *
 * Runs happen at a clock set a minute ahead (vi.setSystemTime), as in test/index-cache.test.ts, so the files written
 * here have settled stamps and the cache's records are used.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { checks as builtinChecks } from '../checks/index.js';
import type { Check } from '../src/check-api.js';
import { lintFiles } from '../src/engine/index.js';
import { indexCacheFile } from '../src/engine/index-cache.js';
import type { LintOptions } from '../src/engine/engine.js';
import { manifestsBelow, ownUserCache, settledClock, tempTree } from './core/helpers.js';
import { rowsOf } from './index-rows.js';
import { projectRoot, sharedPath } from './shared-dir.js';

ownUserCache('kubeward-lazy-xdg-');
settledClock();

const BASE: LintOptions = { render: false };

async function json(dir: string, file: string, options: LintOptions = {}): Promise<string> {
  return JSON.stringify(await lintFiles([file], { cwd: dir, ...BASE, ...options }), null, 1);
}

const manifests = (dir: string) => manifestsBelow(dir, /\.(ya?ml|json)$/);

/** A copy of a folder as a git work tree (where the index cache lives in the user's cache folder). */
function gitCopy(source: string): string {
  const dir = tempTree({ '.git/HEAD': 'ref: refs/heads/main\n' });
  fs.cpSync(source, dir, { recursive: true, filter: (f) => !f.includes(`${path.sep}.git`) });
  // Copies of a read-only corpus are read-only too: the edits below need to write.
  for (const f of manifests(dir)) fs.chmodSync(path.join(dir, f), 0o644);
  return dir;
}

/** Each record of a repository's index cache file, by path: whether its entries were left unmade (lazy). */
function records(dir: string): Array<{ file: string; lazy: boolean }> {
  const lines = fs.readFileSync(indexCacheFile(dir)!, 'utf8').split('\n');
  const rows = rowsOf(JSON.parse(lines[2].slice(1)) as Record<string, unknown[]>, JSON.parse(lines[1].slice(1)));
  // Entries lengths (row[7]): 1 is the lazy record's `0` (made entries are an array: at least `[]`).
  return rows.map((row) => ({ file: path.relative(dir, row[0] as string), lazy: row[7] === 1 })).sort((a, b) => a.file.localeCompare(b.file));
}

/** Every file named alone gives the eager pass's JSON: without the index cache, and with it warm from `first`. */
async function expectEager(dir: string, files: readonly string[], first?: string): Promise<void> {
  for (const file of files) {
    const eager = await json(dir, file, { lazyIndex: false, indexCache: false });
    expect(await json(dir, file, { indexCache: false }), file).toBe(eager);
    if (first === undefined) continue;
    fs.rmSync(indexCacheFile(dir)!, { force: true });
    await json(dir, first);
    expect(await json(dir, file), file).toBe(eager);
  }
}

describe('the lazy index pass', () => {
  it('gives the eager results for every file of examples/ named alone, with and without the index cache', async () => {
    const dir = gitCopy(path.join(projectRoot, 'examples'));
    const files = manifests(dir);
    expect(files.length).toBeGreaterThan(20);
    await expectEager(dir, files, files[0]);
  });

  it('reads a file left unskimmed when a later run needs its kinds, and then records its entries', async () => {
    const dir = tempTree({
      '.git/HEAD': 'ref: refs/heads/main\n',
      'config.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: shop}\ndata: {a: b}\n',
      'namespaces.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels: {team: a}\n',
      'deploy.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: a, image: a:1}]}\n',
      'policy.yaml': 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\n  namespace: shop\nspec:\n  podSelector: {}\n',
    });
    // A ConfigMap named: no question about workloads or network policies; their files are left unskimmed (the vap
    // check reads Namespaces for any object).
    await json(dir, 'config.yaml');
    expect(records(dir)).toEqual([
      { file: 'config.yaml', lazy: false },
      { file: 'deploy.yaml', lazy: true },
      { file: 'namespaces.yaml', lazy: false },
      { file: 'policy.yaml', lazy: true },
    ]);
    // A Deployment named: the namespace checks read every workload and policy (the policy read from its file now).
    const eager = await json(dir, 'deploy.yaml', { lazyIndex: false, indexCache: false });
    expect(await json(dir, 'deploy.yaml')).toBe(eager);
    expect(records(dir)).toEqual([
      { file: 'config.yaml', lazy: false },
      { file: 'deploy.yaml', lazy: false },
      { file: 'namespaces.yaml', lazy: false },
      { file: 'policy.yaml', lazy: false },
    ]);
    // The Namespace changed (its label gone) and the NetworkPolicy removed: both seen as a cold run sees them.
    fs.writeFileSync(path.join(dir, 'namespaces.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n');
    fs.rmSync(path.join(dir, 'policy.yaml'));
    vi.setSystemTime(Date.now() + 60_000);
    expect(await json(dir, 'deploy.yaml')).toBe(await json(dir, 'deploy.yaml', { lazyIndex: false, indexCache: false }));
    expect(await json(dir, 'deploy.yaml')).not.toBe(eager);
  });

  it('gives the eager results for custom resources and their CRDs, cold and warm (the CRD keys of the scan and of rows)', async () => {
    const crd = (kind: string, type: string) =>
      `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: ${kind.toLowerCase()}s.example.com\nspec:\n  group: example.com\n  names:\n    kind: ${kind}\n    plural: ${kind.toLowerCase()}s\n  scope: Namespaced\n  versions:\n    - name: v1\n      served: true\n      storage: true\n      schema:\n        openAPIV3Schema:\n          type: object\n          properties:\n            spec:\n              type: object\n              properties:\n                size: {type: ${type}}\n`;
    const dir = tempTree({
      '.git/HEAD': 'ref: refs/heads/main\n',
      'crds/widget.yaml': crd('Widget', 'integer'),
      'crds/gadget.yaml': crd('Gadget', 'string'),
      'shop/w.yaml': 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, namespace: shop}\nspec: {size: big}\n',
      'shop/g.yaml': 'apiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: g, namespace: shop}\nspec: {size: 3}\n',
      'config.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: shop}\n',
    });
    for (const file of ['shop/w.yaml', 'shop/g.yaml']) {
      const eager = await json(dir, file, { lazyIndex: false, indexCache: false });
      // The schema rule's finding, from the CRD of the file's kind (read from its file, left unread until then).
      expect(eager).toContain('"ruleId": "schema"');
      expect(await json(dir, file, { indexCache: false }), file).toBe(eager);
      fs.rmSync(indexCacheFile(dir)!, { force: true });
      await json(dir, 'config.yaml');
      expect(
        records(dir)
          .filter((r) => r.file.startsWith('crds/'))
          .every((r) => r.lazy),
      ).toBe(true);
      expect(await json(dir, file), file).toBe(eager);
      expect(await json(dir, file), file).toBe(eager);
    }
  });

  it('sees a file left unread as its scan saw it, should it change before a question needs it', async () => {
    const dir = tempTree({
      '.git/HEAD': 'ref: refs/heads/main\n',
      'config.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: shop}\n',
      'policy.yaml': 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: shop}\nspec: {podSelector: {}}\n',
    });
    // A check that, on the linted ConfigMap, adds a Namespace to the file left unread, then asks for its policies
    // (which reads it): the Namespaces answered before stay the answer.
    const counts: number[] = [];
    const edits: Check = {
      meta: {
        id: 'demo/edits',
        description: 'd',
        severity: 'warning',
        scope: 'object',
        kinds: ['ConfigMap'],
        messages: { n: 'n' },
        remediation: 'r',
        guideline: 'g',
      },
      *check(_resource, context) {
        counts.push(context.index.ofKind('Namespace').length);
        fs.appendFileSync(path.join(dir, 'policy.yaml'), '---\napiVersion: v1\nkind: Namespace\nmetadata: {name: late}\n');
        counts.push(context.index.ofKind('NetworkPolicy').length, context.index.ofKind('Namespace').length);
        yield { messageId: 'n', path: [] };
      },
    };
    // With a repository-wide check of kubeward's own (else no other file is read), which asks nothing of a ConfigMap.
    const own = builtinChecks.filter((c) => c.meta.id === 'namespace-network-policy');
    await lintFiles(['config.yaml'], { cwd: dir, ...BASE, indexCache: false, checks: [...own, edits] });
    expect(counts).toEqual([0, 1, 0]);
  });

  const real = sharedPath('corpus', 'real');
  it.skipIf(!real)('gives the eager results on ../shared/corpus/real, and leaves most of its files unskimmed (needs ../shared)', async () => {
    const dir = gitCopy(real!);
    const files = manifests(dir);
    const sample = files.filter((_, i) => i % 53 === 7);
    expect(sample.length).toBeGreaterThan(20);
    await expectEager(dir, sample);
    // A first run naming one PersistentVolumeClaim: most records are left unmade.
    const pvc = files.find((f) => f.endsWith('ap_pvc-rayservice.yaml'))!;
    fs.rmSync(indexCacheFile(dir)!, { force: true });
    await json(dir, pvc);
    const all = records(dir);
    expect(all.length).toBe(files.length);
    expect(all.filter((r) => r.lazy).length / all.length).toBeGreaterThan(0.5);
    // Later runs, warm, each naming another file, as the pre-commit hook does on later commits.
    for (const file of sample.slice(0, 8)) {
      expect(await json(dir, file), file).toBe(await json(dir, file, { lazyIndex: false, indexCache: false }));
    }
  });

  const gitops = sharedPath('corpus', 'gitops');
  it.skipIf(!gitops)('gives the eager results for every file of ../shared/corpus/gitops named alone (needs ../shared)', async () => {
    const dir = gitCopy(gitops!);
    await expectEager(dir, manifests(dir));
  });
});

/**
 * The block reader's warm-up in a lazy index pass (src/engine/lint.ts): before many files left unread are read at once
 * by a later run (warmUpForReads: here a Deployment's namespace checks read every network policy that a run naming a
 * ConfigMap left unread), and before a pass whose demand reads every workload skims them (a first run naming a
 * Deployment); never where a few files are read. Each case loads the modules afresh: the warm-up happens once per
 * module instance.
 *
 * Runs happen at a clock set a minute ahead (vi.setSystemTime), as in test/index-cache.test.ts, so the files written
 * here have settled stamps and the index cache's records are used.
 */
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ownUserCache, settledClock, tempTree } from './core/helpers.js';

ownUserCache('kubeward-warm-up-lazy-xdg-');

settledClock();
beforeEach(() => {
  vi.resetModules();
});

const policy = (i: number) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p${i}\n  namespace: a\nspec:\n  podSelector: {}\n`;
const FILES: Record<string, string> = {
  '.git/HEAD': 'ref: refs/heads/main\n',
  'config.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: a}\n',
  'deploy.yaml':
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, namespace: a}\nspec:\n  selector: {matchLabels: {app: d}}\n  template:\n    metadata: {labels: {app: d}}\n    spec: {containers: [{name: a, image: a:1}]}\n',
};
const repository = (policies: number) => tempTree({ ...FILES, ...Object.fromEntries(Array.from({ length: policies }, (_, i) => [`p${i}.yaml`, policy(i)])) });

/** The engine and the reader's warm-up flag, loaded afresh. */
async function fresh(): Promise<{ lint: (dir: string, file: string) => Promise<unknown>; warmed: () => boolean }> {
  const { lintFiles } = await import('../src/engine/index.js');
  const { readerWarmedUp } = await import('../src/parse/block-reader.js');
  return { lint: (dir, file) => lintFiles([path.join(dir, file)], { cwd: dir, render: false }), warmed: readerWarmedUp };
}

describe('the block reader warm-up of a lazy index pass', () => {
  it.each([
    [2, false],
    [200, true],
  ])('with %i network policies left unread by a first run, a later run that reads them all: warmed up %s', async (count, warm) => {
    const dir = repository(count);
    const { lint, warmed } = await fresh();
    await lint(dir, 'config.yaml');
    expect(warmed()).toBe(false);
    await lint(dir, 'deploy.yaml');
    expect(warmed()).toBe(warm);
  });

  it.each([
    ['config.yaml', false],
    ['deploy.yaml', true],
  ])('a first run naming %s in a repository of 200 network policies: warmed up %s', async (file, warm) => {
    const dir = repository(200);
    const { lint, warmed } = await fresh();
    await lint(dir, file);
    expect(warmed()).toBe(warm);
  });
});

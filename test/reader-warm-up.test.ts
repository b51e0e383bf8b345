/**
 * The block reader's warm-up (warmUpReader, src/parse/block-reader.ts) runs before an index pass that skims many
 * files, never in a run that skims a few: a pre-commit hook in a small repository paid 1.4 ms for it
 * (docs/performance.md, "integrator" of session 12), and a lazy index pass (which skims only the files its questions
 * need) 3% more instructions.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintFiles } from '../src/engine/index.js';
import { readerWarmedUp } from '../src/parse/block-reader.js';
import { ownUserCache, tempTree } from './core/helpers.js';

ownUserCache('kubeward-warm-up-xdg-');

const configMap = (i: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\n  namespace: a\ndata:\n  k: v\n`;
const tree = (count: number) => tempTree(Object.fromEntries(Array.from({ length: count }, (_, i) => [`c${i}.yaml`, configMap(i)])));

describe('the block reader warm-up', () => {
  it('is not read by a run that names one file of a small repository, and is by one whose index pass skims 200 files', async () => {
    const small = tree(5);
    await lintFiles([path.join(small, 'c0.yaml')], { cwd: small, root: small, lazyIndex: false });
    expect(readerWarmedUp()).toBe(false);
    // A lazy index pass (the default) skims only the files its questions need: no warm-up either.
    const big = tree(201);
    await lintFiles([path.join(big, 'c0.yaml')], { cwd: big, root: big });
    expect(readerWarmedUp()).toBe(false);
    await lintFiles([path.join(big, 'c0.yaml')], { cwd: big, root: big, lazyIndex: false });
    expect(readerWarmedUp()).toBe(true);
  });
});

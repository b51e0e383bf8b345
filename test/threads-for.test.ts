/**
 * How many worker threads a run starts (threadsFor in src/engine/lint.ts): `auto` none on two cores (V8's helper
 * threads already use the second one; docs/performance.md), one per core from three cores and 1,000 files a core; a
 * number is taken as it is; some runs never use threads.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

let cores = 2;
vi.mock('node:os', async (original) => {
  const os = await original<typeof import('node:os')>();
  return { ...os, default: { ...os, availableParallelism: () => cores }, availableParallelism: () => cores };
});

const { threadsFor } = await import('../src/engine/lint.js');

describe('threads a run starts', () => {
  afterEach(() => {
    cores = 2;
  });

  it('auto: none on one or two cores, however many files', () => {
    for (cores of [1, 2]) {
      expect(threadsFor({}, 100_000)).toBe(0);
      expect(threadsFor({ concurrency: 'auto' }, 13_140)).toBe(0);
    }
  });

  it('auto: one per core from three cores, from 1,000 files a thread and at least two threads', () => {
    cores = 4;
    expect(threadsFor({}, 1_999)).toBe(0);
    expect(threadsFor({}, 2_000)).toBe(2);
    expect(threadsFor({}, 3_500)).toBe(3);
    expect(threadsFor({}, 13_140)).toBe(4);
    cores = 3;
    expect(threadsFor({}, 13_140)).toBe(3);
  });

  it('a number is taken as it is, on any number of cores; off, fixes and check timing use none', () => {
    expect(threadsFor({ concurrency: 2 }, 10)).toBe(2);
    expect(threadsFor({ concurrency: 1 }, 10)).toBe(1);
    cores = 8;
    expect(threadsFor({ concurrency: 'off' }, 100_000)).toBe(0);
    expect(threadsFor({ concurrency: 2, fix: true }, 100_000)).toBe(0);
    expect(threadsFor({ concurrency: 2, onCheckTime: () => undefined }, 100_000)).toBe(0);
  });
});

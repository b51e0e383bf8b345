/**
 * How many worker threads a run starts (threadsFor and threadPlan in src/engine/lint.ts): `auto` none on two cores
 * (V8's helper threads already use the second one, and a second heap takes the peak memory over 250 MB;
 * docs/performance.md), from three cores one thread per core and 1,000 files, the calling thread one of them (it lints
 * its share); a number is that many worker threads, the calling thread handing out files; some runs never use threads.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

let cores = 2;
vi.mock('node:os', async (original) => {
  const os = await original<typeof import('node:os')>();
  return { ...os, default: { ...os, availableParallelism: () => cores }, availableParallelism: () => cores };
});

const { threadPlan, threadsFor } = await import('../src/engine/lint.js');

describe('threads a run starts', () => {
  afterEach(() => {
    cores = 2;
  });

  it('auto: none on one or two cores, however many files: the calling thread does the run', () => {
    for (cores of [1, 2]) {
      expect(threadsFor({}, 100_000)).toBe(0);
      expect(threadsFor({ concurrency: 'auto' }, 13_140)).toBe(0);
      expect(threadPlan({}, 13_140)).toEqual({ workers: 0, shares: true });
    }
  });

  it('auto: one thread per core from three cores and 1,000 files a thread, the calling thread one of them', () => {
    cores = 4;
    expect(threadsFor({}, 1_999)).toBe(0);
    expect(threadPlan({}, 2_000)).toEqual({ workers: 1, shares: true });
    expect(threadPlan({}, 3_500)).toEqual({ workers: 2, shares: true });
    expect(threadPlan({}, 13_140)).toEqual({ workers: 3, shares: true });
    cores = 3;
    expect(threadPlan({}, 13_140)).toEqual({ workers: 2, shares: true });
  });

  it('a number is taken as it is, on any number of cores; off, fixes and check timing use none', () => {
    expect(threadsFor({ concurrency: 2 }, 10)).toBe(2);
    expect(threadsFor({ concurrency: 1 }, 10)).toBe(1);
    // The calling thread hands out the files and writes the results.
    expect(threadPlan({ concurrency: 2 }, 13_140)).toEqual({ workers: 2, shares: false });
    cores = 8;
    expect(threadsFor({ concurrency: 'off' }, 100_000)).toBe(0);
    expect(threadsFor({ concurrency: 2, fix: true }, 100_000)).toBe(0);
    expect(threadsFor({ concurrency: 2, onCheckTime: () => undefined }, 100_000)).toBe(0);
    expect(threadPlan({ concurrency: 'off' }, 100_000)).toEqual({ workers: 0, shares: true });
  });
});

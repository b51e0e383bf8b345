/**
 * A big run caps V8's heap growth (src/engine/heap-growth.ts) for as long as it lasts: the flag is set when the first
 * of overlapping runs starts and put back when the last ends, and a user's own setting on node's command line or in
 * NODE_OPTIONS is left alone.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const flags: string[] = [];
vi.mock('node:v8', () => ({ setFlagsFromString: (flag: string) => flags.push(flag) }));

describe('heap growth cap', () => {
  const execArgv = process.execArgv;
  const nodeOptions = process.env.NODE_OPTIONS;
  beforeEach(() => {
    flags.length = 0;
    process.execArgv = [];
    delete process.env.NODE_OPTIONS;
  });
  afterEach(() => {
    process.execArgv = execArgv;
    if (nodeOptions === undefined) delete process.env.NODE_OPTIONS;
    else process.env.NODE_OPTIONS = nodeOptions;
  });

  it('is set by the first of overlapping runs and put back by the last, once', async () => {
    const { capHeapGrowth, HEAP_GROWING_PERCENT } = await import('../src/engine/heap-growth.js');
    const first = capHeapGrowth();
    const second = capHeapGrowth();
    expect(flags).toEqual([`--heap-growing-percent=${HEAP_GROWING_PERCENT}`]);
    first();
    first();
    expect(flags).toHaveLength(1);
    second();
    expect(flags).toEqual([`--heap-growing-percent=${HEAP_GROWING_PERCENT}`, '--heap-growing-percent=0']);
    capHeapGrowth()();
    expect(flags).toHaveLength(4);
  });

  it("leaves a user's own setting alone", async () => {
    const { capHeapGrowth } = await import('../src/engine/heap-growth.js');
    process.execArgv = ['--heap-growing-percent=50'];
    capHeapGrowth()();
    process.execArgv = [];
    process.env.NODE_OPTIONS = '--max-old-space-size=300 --heap_growing_percent=10';
    capHeapGrowth()();
    expect(flags).toEqual([]);
  });
});

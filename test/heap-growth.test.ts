/**
 * A big run caps V8's heap growth (src/engine/heap-growth.ts) for as long as it lasts: the flag is set when the first
 * of overlapping runs starts and put back when the last ends, and a user's own setting on node's command line or in
 * NODE_OPTIONS is left alone. The same for its young generation: shrunk by a collection that reduces memory, then
 * held once it has grown to the size wanted.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const flags: string[] = [];
/** The young generation's size V8 reports (bytes of both semi-spaces), and the collections asked for. */
const young = { size: 32 * 1024 * 1024, collections: [] as object[] };
vi.mock('node:v8', () => ({
  setFlagsFromString: (flag: string) => flags.push(flag),
  getHeapSpaceStatistics: () => [
    { space_name: 'old_space', space_size: 1 },
    { space_name: 'new_space', space_size: young.size },
  ],
}));
vi.mock('node:vm', () => ({
  runInNewContext: (code: string) => {
    if (code !== 'gc' || !flags.includes('--expose-gc')) throw new Error('gc is not defined');
    return (options: object) => {
      young.collections.push(options);
      young.size = 1024 * 1024;
    };
  },
}));

describe('heap growth cap', () => {
  const execArgv = process.execArgv;
  const nodeOptions = process.env.NODE_OPTIONS;
  beforeEach(() => {
    flags.length = 0;
    young.size = 32 * 1024 * 1024;
    young.collections.length = 0;
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

  it('the young generation: shrunk when the first run starts, held once grown to the size wanted, let grow after the last', async () => {
    const { capYoungGeneration, YOUNG_SEMI_SPACE_MB } = await import('../src/engine/heap-growth.js');
    const wanted = 2 * YOUNG_SEMI_SPACE_MB * 1024 * 1024;
    const first = capYoungGeneration();
    expect(young.collections).toEqual([{ type: 'major', execution: 'sync', flavor: 'last-resort' }]);
    // Shrunk to 1 MiB: its next growth takes it to the size wanted at once.
    expect(flags).toEqual(['--expose-gc', '--no-expose-gc', `--semi-space-growth-factor=${wanted / (1024 * 1024)}`]);
    const second = capYoungGeneration();
    expect(young.collections).toHaveLength(1);
    first.tick();
    expect(flags).toHaveLength(3);
    // Grown to the size wanted: held, once.
    young.size = wanted;
    first.tick();
    second.tick();
    expect(flags.slice(3)).toEqual(['--semi-space-growth-factor=1']);
    first.release();
    first.release();
    expect(flags).toHaveLength(4);
    second.release();
    expect(flags.slice(4)).toEqual(['--semi-space-growth-factor=2']);
  });

  it('the young generation: grown past the size wanted between two ticks, it is shrunk again, a few times at most', async () => {
    const { capYoungGeneration, YOUNG_SEMI_SPACE_MB } = await import('../src/engine/heap-growth.js');
    const wanted = 2 * YOUNG_SEMI_SPACE_MB * 1024 * 1024;
    const run = capYoungGeneration();
    for (let i = 0; i < 3; i++) {
      young.size = 4 * wanted;
      run.tick();
      expect(young.collections).toHaveLength(2 + i);
      expect(young.size).toBe(1024 * 1024);
    }
    young.size = 4 * wanted;
    run.tick();
    expect(young.collections).toHaveLength(4);
    expect(flags.at(-1)).toBe('--semi-space-growth-factor=1');
    run.release();
    expect(flags.at(-1)).toBe('--semi-space-growth-factor=2');
  });

  it("the young generation: a user's own semi-space setting is left alone", async () => {
    const { capYoungGeneration } = await import('../src/engine/heap-growth.js');
    process.execArgv = ['--max-semi-space-size=64'];
    const run = capYoungGeneration();
    run.tick();
    run.release();
    process.execArgv = [];
    process.env.NODE_OPTIONS = '--semi_space_growth_factor=4';
    capYoungGeneration().release();
    expect(flags).toEqual([]);
    expect(young.collections).toEqual([]);
  });

  it('the young generation: a gc the process exposes already is used, and the flag left as it is', async () => {
    vi.resetModules();
    const calls: object[] = [];
    (globalThis as { gc?: unknown }).gc = (options: object) => calls.push(options);
    try {
      const { capYoungGeneration } = await import('../src/engine/heap-growth.js');
      capYoungGeneration().release();
      expect(calls).toEqual([{ type: 'major', execution: 'sync', flavor: 'last-resort' }]);
      expect(flags.filter((f) => f.includes('expose'))).toEqual([]);
    } finally {
      delete (globalThis as { gc?: unknown }).gc;
    }
  });
});

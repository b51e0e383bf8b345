/**
 * The worker pool (src/pool.ts) tells a thread that stopped (out of memory, a crash) from an error kubeward's code
 * throws on a thread: the first makes lintFiles do the run again on the calling thread, the second is thrown. The
 * calling thread can take its share of the batches (every path done once, in order); threads are started with heap
 * limits. Runs the built pool (dist/), as threads need built modules.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { LintResult } from '../src/shared/types.js';
import { tempTree } from './core/helpers.js';

const built = path.resolve(__dirname, '../dist/src/engine/pool.js');

describe.skipIf(!fs.existsSync(built))('worker pool', () => {
  it('reports a thread that stops as a thread failure', async () => {
    const { startPool, isThreadFailure } = (await import(built)) as typeof import('../src/engine/pool.js');
    const dir = tempTree({ 'crash.mjs': 'process.exit(3);\n' });
    const pool = await startPool(2, { options: {} }, pathToFileURL(path.join(dir, 'crash.mjs')));
    const error = await pool.index(['a.yaml', 'b.yaml'], () => undefined).catch((e: unknown) => e);
    await pool.close();
    expect(isThreadFailure(error)).toBe(true);
    expect(String(error)).toContain('kubeward worker thread failed: kubeward worker thread stopped with exit code 3');
  });

  it('reports a thread that runs out of memory (its old generation is limited) as a thread failure', async () => {
    const { startPool, isThreadFailure } = (await import(built)) as typeof import('../src/engine/pool.js');
    // Keeps everything it makes: the thread's heap limit (OLD_GENERATION_MB) stops it, not the machine's memory.
    const dir = tempTree({ 'hog.mjs': 'const kept = [];\nfor (;;) kept.push(new Array(100000).fill({}));\n' });
    const pool = await startPool(1, { options: {} }, pathToFileURL(path.join(dir, 'hog.mjs')));
    const error = await pool.index(['a.yaml'], () => undefined).catch((e: unknown) => e);
    await pool.close();
    expect(isThreadFailure(error)).toBe(true);
    expect(String(error)).toMatch(/^Error: kubeward worker thread failed: .*out of memory/i);
  });

  it('passes on an error thrown on a thread as it is, not as a thread failure', async () => {
    const { startPool, isThreadFailure } = (await import(built)) as typeof import('../src/engine/pool.js');
    const dir = tempTree({
      'throws.mjs':
        "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', () => parentPort.postMessage({ type: 'error', message: 'check blew up' }));\n",
    });
    const pool = await startPool(1, { options: {} }, pathToFileURL(path.join(dir, 'throws.mjs')));
    const error = await pool.index(['a.yaml'], () => undefined).catch((e: unknown) => e);
    await pool.close();
    expect(isThreadFailure(error)).toBe(false);
    expect((error as Error).message).toBe('check blew up');
  });

  it('indexes and lints on threads what it indexes and lints on this thread', async () => {
    const { startPool } = (await import(built)) as typeof import('../src/engine/pool.js');
    const { buildRepository } = (await import(
      path.resolve(__dirname, '../dist/src/resources/resources.js')
    )) as typeof import('../src/resources/resources.js');
    const examples = path.resolve(__dirname, '../examples/insecure');
    const files = fs
      .readdirSync(examples)
      .map((f) => path.join(examples, f))
      .filter((f) => f.endsWith('.yaml'))
      .sort();
    const pool = await startPool(2, { options: { cwd: path.resolve(__dirname, '..') } });
    const done: number[] = [];
    const entries = await pool.index(files, (n) => done.push(n));
    expect(entries.map((e) => e.filePath)).toEqual(files);
    expect(done.reduce((a, b) => a + b, 0)).toBe(files.length);
    const repository = buildRepository(entries, () => true);
    const results: LintResult[] = [];
    const batches: number[] = [];
    await pool.lint(
      repository.resources,
      files,
      (n) => batches.push(n),
      (batch) => results.push(...batch),
    );
    await pool.close();
    expect(results.map((r) => r.filePath).sort()).toEqual(files);
    expect(batches.reduce((a, b) => a + b, 0)).toBe(files.length);
    expect(results.every((r) => r.messages.length > 0)).toBe(true);
  });

  it('starts each thread with limits on its old and young generations (no young one when the calling thread lints too)', async () => {
    const { startPool, workerLimits } = (await import(built)) as typeof import('../src/engine/pool.js');
    const dir = tempTree({
      'limits.mjs':
        "import { parentPort, resourceLimits } from 'node:worker_threads';\nparentPort.on('message', (m) => parentPort.postMessage({ type: 'indexed', entries: m.paths.map(() => resourceLimits) }));\n",
    });
    const limitsOf = async (limits?: ReturnType<typeof workerLimits>) => {
      const pool = await startPool(1, { options: {} }, pathToFileURL(path.join(dir, 'limits.mjs')), limits);
      const [reported] = (await pool.index(['a.yaml'], () => undefined)) as unknown as Array<Record<string, number>>;
      await pool.close();
      return reported;
    };
    // Semi-spaces of 4 MiB (V8 counts three), as the calling thread holds its own to; not V8's 16 MiB.
    const byDefault = await limitsOf();
    expect(byDefault.maxOldGenerationSizeMb).toBe(256);
    expect(byDefault.maxYoungGenerationSizeMb).toBe(12);
    expect(workerLimits(false)).toEqual({ maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 12 });
    const sharing = await limitsOf(workerLimits(true));
    expect(sharing.maxOldGenerationSizeMb).toBe(256);
    expect(sharing.maxYoungGenerationSizeMb).toBeGreaterThan(12);
  });

  /** A thread that answers each request with what it was asked, marked as its own. */
  const echo =
    "import { parentPort } from 'node:worker_threads';\n" +
    "parentPort.on('message', (m) => {\n" +
    "  if (m.type === 'index') parentPort.postMessage({ type: 'indexed', entries: m.paths.map((p) => ({ filePath: p, by: 'thread' })) });\n" +
    "  if (m.type === 'lint') parentPort.postMessage({ type: 'linted', results: m.paths.map((p) => ({ filePath: p, by: 'thread' })) });\n" +
    '});\n';
  const paths = Array.from({ length: 300 }, (_, i) => `/repo/f${String(i).padStart(3, '0')}.yaml`);

  it('lets the calling thread index its share of the batches: every path once, in order', async () => {
    const { startPool } = (await import(built)) as typeof import('../src/engine/pool.js');
    const dir = tempTree({ 'echo.mjs': echo });
    const pool = await startPool(1, { options: {} }, pathToFileURL(path.join(dir, 'echo.mjs')));
    const here: string[] = [];
    let done = 0;
    const entries = (await pool.index(
      paths,
      (n) => (done += n),
      (p, i) => {
        expect(paths[i]).toBe(p);
        here.push(p);
        return { filePath: p, by: 'here' } as never;
      },
    )) as unknown as Array<{ filePath: string; by: string }>;
    await pool.close();
    expect(entries.map((e) => e.filePath)).toEqual(paths);
    expect(done).toBe(paths.length);
    // The thread is handed its first batches before the calling thread takes one: both did some.
    expect(entries.filter((e) => e.by === 'here').map((e) => e.filePath)).toEqual(here);
    expect(here.length).toBeGreaterThan(0);
    expect(entries.some((e) => e.by === 'thread')).toBe(true);
  });

  it('lets the calling thread lint its share of the batches: every result once', async () => {
    const { startPool } = (await import(built)) as typeof import('../src/engine/pool.js');
    const dir = tempTree({ 'echo.mjs': echo });
    const pool = await startPool(2, { options: {} }, pathToFileURL(path.join(dir, 'echo.mjs')));
    const results: Array<{ filePath: string; by: string }> = [];
    let done = 0;
    await pool.lint(
      [],
      paths,
      (n) => (done += n),
      (batch) => results.push(...(batch as unknown as typeof results)),
      (p) => ({ filePath: p, by: 'here' }) as never,
    );
    await pool.close();
    expect(results.map((r) => r.filePath).sort()).toEqual(paths);
    expect(done).toBe(paths.length);
    expect(results.some((r) => r.by === 'here')).toBe(true);
    expect(results.some((r) => r.by === 'thread')).toBe(true);
  });

  it("stops the calling thread's share too when a thread fails, and reports the thread failure", async () => {
    const { startPool, isThreadFailure } = (await import(built)) as typeof import('../src/engine/pool.js');
    const dir = tempTree({ 'crash.mjs': "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', () => process.exit(3));\n" });
    const pool = await startPool(1, { options: {} }, pathToFileURL(path.join(dir, 'crash.mjs')));
    let here = 0;
    let done = 0;
    const many = Array.from({ length: 100_000 }, (_, i) => `/repo/f${i}.yaml`);
    const error = await pool
      .index(
        many,
        (n) => (done += n),
        (p) => {
          here++;
          // A millisecond a path: the thread's failure comes long before the calling thread could finish alone.
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
          return { filePath: p } as never;
        },
      )
      .catch((e: unknown) => e);
    const hereAtFailure = here;
    await new Promise((resolve) => setTimeout(resolve, 50));
    await pool.close();
    expect(isThreadFailure(error)).toBe(true);
    // Nothing is made or handed on once the pass has failed.
    expect(here).toBe(hereAtFailure);
    expect(here).toBeLessThan(many.length);
    expect(done).toBe(here);
  });
});

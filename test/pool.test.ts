/**
 * The worker pool (src/pool.ts) tells a thread that stopped (out of memory, a crash) from an error kubeward's code
 * throws on a thread: the first makes lintFiles do the run again on the calling thread, the second is thrown. Runs the
 * built pool (dist/), as threads need built modules.
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
});

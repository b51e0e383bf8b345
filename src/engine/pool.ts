/**
 * Worker threads for the two passes of a big run (src/lint.ts lintPaths). Each thread builds the same engine from the
 * run's options (src/lint-worker.ts). Both passes hand out files in small batches, in order, to whichever thread is
 * free, so a thread that drew large files gets fewer and the lint pass's results come back close to path order (a
 * file kept by the thread that indexed it is read again when the other thread lints it). What crosses between threads
 * is plain data: paths, index entries, the repository's Resources (as the index keeps them) and results.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { EngineSettings } from './engine.js';
import type { FileEntries, RepositoryResource } from '../resources/index.js';
import type { LintResult } from '../shared/types.js';

/**
 * A thread's old generation, in MiB. Without a limit V8 lets garbage pile up while memory is plentiful (a ten-copy
 * corpus run peaked at 830 MB; with this limit, 510 MB, in the same time). A file at the 10 MiB size limit needs well
 * under it; should a thread still run out, the pool fails and the run is done again on the calling thread.
 */
const OLD_GENERATION_MB = 256;

/**
 * A thread's young generation, in MiB, while the calling thread only hands out files: V8 counts it as three
 * semi-spaces, so this is semi-spaces of 4 MiB, the size the calling thread of a big run holds its own to
 * (src/engine/heap-growth.ts). Without it each thread's grows to V8's 16 MiB semi-spaces (48 MB): two workers on 10
 * copies of ../shared/corpus/real peaked at 525-528 MB without it, 431-450 MB with it. When the calling thread lints
 * too, it holds its own young generation, and the limit saved no memory (348 and 350 MB) for 4-5 s more CPU in two
 * pairs of runs: the threads are started without it then.
 */
const YOUNG_GENERATION_MB = 12;

/** The heap limits a worker thread is started with; `callingLints`: the calling thread lints its share too. */
export function workerLimits(callingLints: boolean): { maxOldGenerationSizeMb: number; maxYoungGenerationSizeMb?: number } {
  return { maxOldGenerationSizeMb: OLD_GENERATION_MB, ...(callingLints ? {} : { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB }) };
}

/** Files per message in the index pass: small enough to balance the threads, large enough to keep messages few. */
const BATCH = 16;

const WORKER_URL = new URL('./lint-worker.js', import.meta.url);

/** False where the worker module is not there to start (kubeward run from its TypeScript sources, as in tests). */
export function workersAvailable(): boolean {
  return fs.existsSync(fileURLToPath(WORKER_URL));
}

type Reply = { type: 'indexed'; entries: FileEntries[] } | { type: 'linted'; results: LintResult[] } | { type: 'error'; message: string; stack?: string };

/** A thread that stopped (ran out of memory, crashed): unlike an error thrown by kubeward's code on it. */
class ThreadFailure extends Error {
  constructor(cause: Error) {
    super(`kubeward worker thread failed: ${cause.message}`, { cause });
  }
}

export function isThreadFailure(error: unknown): boolean {
  return error instanceof ThreadFailure;
}

/** Requests a thread is given ahead: it starts the next batch while its last reply is read. */
const AHEAD = 2;

/**
 * Requests a thread is given ahead when the calling thread lints too: it reads the threads' replies (and hands out
 * their next batches) only between two batches of its own, and with two ahead a thread waited for it (idle 1.6 s of
 * 8 s on 10 copies of ../shared/corpus/real).
 */
const AHEAD_SHARING = 4;

class Thread {
  readonly worker: Worker;
  closing = false;
  /** Replies come in the order of the requests. */
  private readonly pending: Array<{ resolve: (reply: Reply) => void; reject: (error: Error) => void }> = [];
  private failure: Error | undefined;

  constructor(settings: EngineSettings, url: URL, limits: ReturnType<typeof workerLimits>) {
    this.worker = new Worker(url, { workerData: settings, resourceLimits: limits });
    this.worker.on('message', (reply: Reply) => {
      const pending = this.pending.shift();
      if (reply.type === 'error') {
        const error = new Error(reply.message);
        error.stack = reply.stack;
        pending?.reject(error);
      } else {
        pending?.resolve(reply);
      }
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => {
      if (code !== 0 && !this.closing) this.fail(new Error(`kubeward worker thread stopped with exit code ${code}`));
    });
  }

  private fail(cause: Error): void {
    const error = new ThreadFailure(cause);
    this.failure = error;
    for (const pending of this.pending.splice(0)) pending.reject(error);
  }

  ask(message: unknown): Promise<Reply> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      this.worker.postMessage(message);
    });
  }

  tell(message: unknown): void {
    this.worker.postMessage(message);
  }
}

export interface Pool {
  /**
   * The index entries of every file, in the order of `paths`. `onDone(n, from)` after the batch paths[from, from + n).
   * With `here`, the calling thread indexes its share of the batches too (`here(path, i)` for paths[i]).
   */
  index(paths: readonly string[], onDone: (n: number, from: number) => void, here?: (path: string, i: number) => FileEntries): Promise<FileEntries[]>;
  /**
   * Lint `files` against the repository's Resources, handed out in their order in small batches to whichever thread is
   * free: each batch's results go to `onResults` as it comes back, so batches finish close to that order. The
   * Resources are sent to every thread before this returns: the caller need not keep them meanwhile (unless it lints
   * its share of the batches too, with `here`).
   */
  lint(
    resources: readonly RepositoryResource[],
    files: readonly string[],
    onDone: (n: number) => void,
    onResults: (results: LintResult[]) => void,
    here?: (path: string) => LintResult,
  ): Promise<void>;
  close(): Promise<void>;
}

/**
 * Hand out `paths` in batches, in order, to every thread (each kept AHEAD batches ahead); `done(from, items)` with each
 * batch's items, in the order each thread's batches were handed out.
 */
async function share<T>(
  threads: readonly Thread[],
  paths: readonly string[],
  request: (batch: string[]) => unknown,
  items: (reply: Reply) => T[],
  done: (from: number, batch: T[]) => void,
  here?: (path: string, i: number) => T,
): Promise<void> {
  let next = 0;
  // Once a thread failed, nothing more is handed out or handed on: the run is abandoned (and done again by the caller).
  let failed = false;
  const take = () => {
    const from = next;
    const batch = paths.slice(from, from + BATCH);
    next += batch.length;
    return { from, batch };
  };
  const work = async (thread: Thread) => {
    const ahead: Array<Promise<void>> = [];
    const send = () => {
      if (failed || next >= paths.length) return;
      const { from, batch } = take();
      const answered = thread.ask(request(batch)).then((reply) => {
        if (!failed) done(from, items(reply));
      });
      // Awaited in turn below; a failure of a later one while an earlier one is awaited is not left unhandled.
      answered.catch(() => undefined);
      ahead.push(answered);
    };
    for (let i = 0; i < (here ? AHEAD_SHARING : AHEAD); i++) send();
    while (ahead.length) {
      await ahead.shift();
      send();
    }
  };
  // The calling thread takes the next batch as the threads do, and after each lets their replies in (and hands them
  // their next batches).
  const workHere = async (make: (path: string, i: number) => T) => {
    while (!failed && next < paths.length) {
      const { from, batch } = take();
      const made = batch.map((p, i) => make(p, from + i));
      if (!failed) done(from, made);
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  const stopOnFailure = (running: Promise<void>) =>
    running.catch((error: unknown) => {
      failed = true;
      throw error;
    });
  const running = threads.map((thread) => stopOnFailure(work(thread)));
  if (here) running.push(stopOnFailure(workHere(here)));
  // Every part has stopped before the pass ends, a failed one too: nothing is handed on after.
  const settled = await Promise.allSettled(running);
  const failure = settled.find((s) => s.status === 'rejected');
  if (failure) throw failure.reason;
}

/** `url`: kubeward's own worker module; another only in tests (a module that fails, or reports its limits). */
export async function startPool(size: number, settings: EngineSettings, url: URL = WORKER_URL, limits = workerLimits(false)): Promise<Pool> {
  const threads = Array.from({ length: size }, () => new Thread(settings, url, limits));
  const expect = <K extends Reply['type']>(type: K) => {
    return (reply: Reply) => {
      if (reply.type !== type) throw new Error(`unexpected reply ${reply.type}`);
      return reply as Extract<Reply, { type: K }>;
    };
  };
  const indexed = expect('indexed');
  const linted = expect('linted');

  return {
    async index(paths, onDone, here) {
      const entries: FileEntries[] = new Array<FileEntries>(paths.length);
      await share(
        threads,
        paths,
        (batch) => ({ type: 'index', paths: batch }),
        (reply) => indexed(reply).entries,
        (from, batch) => {
          for (let i = 0; i < batch.length; i++) entries[from + i] = batch[i];
          onDone(batch.length, from);
        },
        here,
      );
      return entries;
    },

    lint(resources, files, onDone, onResults, here) {
      for (const thread of threads) thread.tell({ type: 'repository', resources });
      // Not an async function, which would keep `resources` alive until the pass ends.
      return share(
        threads,
        files,
        (batch) => ({ type: 'lint', paths: batch }),
        (reply) => linted(reply).results,
        (_from, batch) => {
          onDone(batch.length);
          onResults(batch);
        },
        here,
      );
    },

    async close() {
      for (const t of threads) t.closing = true;
      await Promise.all(threads.map((t) => t.worker.terminate()));
    },
  };
}

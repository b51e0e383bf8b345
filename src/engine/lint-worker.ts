/**
 * A worker thread of pool.ts: the same engine as the calling thread, built from the run's options; it answers
 * index and lint requests for batches of files, one at a time, and keeps what it parsed in the index pass for the lint
 * pass while it fits the budget (ParsedStore in files.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { warmUpReader } from '../parse/index.js';
import { repositoryOf, type Repository, type RepositoryResource } from '../resources/index.js';
import { loadPolicyRuntime, makeEngine, type EngineSettings } from './engine.js';
import { lintStored } from './file-pass.js';
import { indexReaders, ParsedStore } from './files.js';

const settings = workerData as EngineSettings;
await loadPolicyRuntime(settings.options.config);
const engine = makeEngine(settings.options);
const readers = indexReaders(engine);
const store = new ParsedStore(readers.entries, settings.options.keepParsed, readers.skim);
let repository: Repository | undefined;

type Request = { type: 'index'; paths: string[] } | { type: 'repository'; resources: RepositoryResource[] } | { type: 'lint'; paths: string[] };

async function answer(request: Request): Promise<unknown> {
  switch (request.type) {
    case 'index': {
      // Threads index big runs only (BIG_RUN files and more): the reader is warmed up for them.
      warmUpReader();
      const entries = [];
      for (const p of request.paths) entries.push(store.index(p, settings.options.maxFileSize));
      return { type: 'indexed', entries };
    }
    case 'repository':
      repository = repositoryOf(request.resources);
      await loadPolicyRuntime(undefined, repository.index);
      return undefined;
    case 'lint': {
      const results = [];
      for (const p of request.paths) {
        // Not copied here: posting the reply copies it (no string of it keeps the file's text alive).
        results.push(lintStored(engine, store, p, settings.options.maxFileSize, repository!, false));
      }
      return { type: 'linted', results };
    }
  }
}

// Requests are answered in the order they come (a promise chain), never two at once.
let queue: Promise<unknown> = Promise.resolve();
parentPort!.on('message', (request: Request) => {
  queue = queue.then(async () => {
    try {
      const reply = await answer(request);
      if (reply) parentPort!.postMessage(reply);
    } catch (error) {
      parentPort!.postMessage({ type: 'error', message: (error as Error)?.message ?? String(error), stack: (error as Error)?.stack });
    }
  });
});

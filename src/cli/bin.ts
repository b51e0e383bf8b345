#!/usr/bin/env node
/**
 * The bundled bin's entry (scripts/bundle-action.mjs builds action-dist/kubeward.cjs, package.json's bin, from it as
 * CommonJS; scripts/bundle.mjs builds dist/cli/kubeward.cjs and, for development and the tests, dist/cli/kubeward.js,
 * an ES module of the same code): on Node.js 22.1 and later it turns on Node's module compile cache, so later runs
 * skip compiling kubeward's code, then loads the command and runs it:
 * in the bundles, the command script with kubeward's own code cache (src/cli/command-script.ts says why).
 * The cache lives in the user's cache folder (never in the linted tree); where that cannot be used, nothing is cached
 * and nothing is said. A run whose output all went to the descriptors ends the process at once (exitNow).
 */
import module from 'node:module';
import { userCacheDir } from '../shared/cache-dir.js';
import { loadCommandScript } from './command-script.js';

/**
 * The folder of kubeward's compile cache: $XDG_CACHE_HOME/kubeward, else the platform's user cache folder. Not exported:
 * an entry that exports nothing is bundled without esbuild's CommonJS export helpers (and their work at start), and no
 * code cache holds the entry (test/policy/bin.test.ts tests userCacheDir).
 */
const compileCacheDir = userCacheDir;

/** Whether the run turned Node's compile cache on (enableCompileCache). */
let compileCacheOn = false;

/**
 * Turn the compile cache on where Node.js has it; any failure leaves it off, silently. Called before the run loads its
 * first module through Node (src/cli/command-script.ts: the command's `require` and dynamic imports), not at start: it is
 * `node:module`'s, whose loading loads Node's ES module loader (about 0.25 ms), and a one-file run loads no module.
 */
function enableCompileCache(): void {
  if (compileCacheOn) return;
  compileCacheOn = true;
  try {
    const enable = (module as { enableCompileCache?: (dir?: string) => unknown }).enableCompileCache;
    const dir = compileCacheDir();
    if (typeof enable === 'function' && dir) enable.call(module, dir);
  } catch {
    // An unwritable or missing home: run without the cache.
  }
}

/** The digest of the bundle's command script, set by the bundlers (scripts/bundle-action.mjs); absent in tsc's output. */
declare const KUBEWARD_COMMAND_DIGEST: string | undefined;
/** Whether that script is ASCII (set by the bundlers too). */
declare const KUBEWARD_COMMAND_ASCII: boolean | undefined;
/** The digest of the bundle's other files (set by the bundlers), handed to the command: the build's fingerprint. */
declare const KUBEWARD_BUILD_DIGEST: string | undefined;

/**
 * Notes whether anything makes `process.stdout` or `process.stderr` (Node.js makes them on first use; the command
 * writes to the descriptors instead, src/cli/stdio.ts): a stream may still hold output to write when the run ends.
 */
function watchStandardStreams(): () => boolean {
  let made = false;
  for (const name of ['stdout', 'stderr'] as const) {
    const own = Object.getOwnPropertyDescriptor(process, name);
    if (!own?.get || !own.configurable) return () => true;
    const { get, enumerable } = own as { get: (this: unknown) => unknown; enumerable?: boolean };
    Object.defineProperty(process, name, {
      configurable: true,
      enumerable,
      get(this: unknown) {
        made = true;
        return get.call(this);
      },
    });
  }
  return () => made;
}

/**
 * After the run, when everything it printed went to the descriptors synchronously (no stream was made, not Windows):
 * exit at once, with the run's exit code, instead of letting Node.js run what V8 left queued (a young-generation
 * collection scheduled for idle time) and tear the heap down, a few milliseconds of a one-file run. Node's compile
 * cache, written at exit, is written first.
 */
function exitNow(): void {
  try {
    if (compileCacheOn) (module as { flushCompileCache?: () => void }).flushCompileCache?.();
  } catch {
    // Not written this time.
  }
  process.exit();
}

/**
 * The run. Not top-level `await`: the bundles build this entry as CommonJS (kubeward.cjs), whose main module Node.js
 * runs without its ESM loader (about 10 M of a one-file run's 165 M instructions: docs/performance.md); an ES module
 * of the same code (dist/cli/kubeward.js, for development and the tests) and tsc's output (dist/src/cli/bin.js) run
 * it the same way.
 */
async function main(): Promise<void> {
  const streamsMade = watchStandardStreams();
  // The bundles: the command script with kubeward's code cache (src/cli/command-script.ts). tsc's output: the module.
  // NODE_DISABLE_COMPILE_CACHE, which turns Node's cache off, turns kubeward's off too. Node's cache is turned on
  // before the command loads its first module (globby, a formatter, `yaml`...): the command's dynamic imports and require.
  // The entry's path, not its URL: making and reading a file URL runs node:url's functions, which no code cache holds.
  const script = loadCommandScript(
    import.meta.filename,
    process.env.NODE_DISABLE_COMPILE_CACHE ? undefined : compileCacheDir(),
    typeof KUBEWARD_COMMAND_DIGEST === 'string' ? KUBEWARD_COMMAND_DIGEST : undefined,
    (specifier) => (enableCompileCache(), import(specifier)),
    process.argv.slice(2),
    typeof KUBEWARD_COMMAND_ASCII === 'boolean' && KUBEWARD_COMMAND_ASCII,
    undefined,
    enableCompileCache,
    typeof KUBEWARD_BUILD_DIGEST === 'string' ? KUBEWARD_BUILD_DIGEST : undefined,
  );
  if (script) {
    await script.command.runFromProcess();
    // A run that compiled the command (no cache of its kind yet) writes the cache: after the command's warm-up, which
    // compiles what the next run of its kind will need too (src/cli/cli.ts warmUp).
    if (script.fresh) await script.command.warmUp?.();
    script.save();
    if (process.platform !== 'win32' && !streamsMade()) exitNow();
  } else {
    enableCompileCache();
    const { runFromProcess } = await import('./cli.js');
    await runFromProcess();
  }
}

// Until the run sets its own exit code, the process's is 2 (a fatal error): a run whose promise never settles, with
// nothing left to wait for, ends with 2, not 0. A failure the command did not report itself (loading the command
// script, its code cache) is an internal error, exit code 2, whatever node's --unhandled-rejections says.
process.exitCode = 2;
main().catch((error: unknown) => {
  process.stderr.write(`kubeward: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exitCode = 2;
});

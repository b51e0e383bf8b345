/**
 * The bundled bin's command (kubeward-cli.cjs beside the entry, src/cli/cli.ts bundled inside CommonJS's wrapper
 * function by scripts/bundle-action.mjs and scripts/bundle.mjs), run with kubeward's own V8 code cache.
 *
 * Why not Node's compile cache alone (src/cli/bin.ts turns it on for the modules loaded later): Node writes a module's
 * cache right after compiling it, before it runs, so the cache holds only its top-level code; every function a run
 * calls is compiled again on its first call, every run (about a fifth of a one-file run). This cache is made after a
 * run (`vm.Script#createCachedData`), so it holds the functions that ran, compiled; the next run only deserializes it.
 *
 * There is one cache for each kind of run (the names of its options, not their values nor the files: `--version`, a
 * lint with `--no-render`, `-f sarif`), at most MAX_KINDS kinds, each written by the first run of its kind (and again
 * when V8 rejects it: another Node.js). One cache for every kind, each run adding what it compiled, made each run
 * deserialize what the others compiled: a one-file hook run after a `--cache` run of the same build read 765 KB instead
 * of 597 KB and ran 20 M more instructions (12% of the run; docs/performance.md, "start:"), since V8 makes every function
 * in a cache anew when it reads it. For the same reason a kind keeps the cache of its small runs: one kind covers a
 * one-file run and a run of a whole repository, a warm `--cache` run and the cold one that wrote the cache, and a run
 * much smaller than the run that wrote the cache removes it, so that the next run of the kind writes what it needs (a
 * warm `--cache` run of the real corpus read 751 KB written by the cold run; its own is 410 KB). A run's size is how
 * many files it read and parsed (the command's `runShape`; the header keeps the writer's), which a warm pre-commit run
 * and the run that wrote its cache share: CPU time, which this used to compare (less than half the writer's), counts
 * the writer's compiling from source too (about as much as its work), so every third warm run removed the cache the one
 * before had written (docs/performance.md, "policy"). A run that took entries from the index cache also removes a cache
 * whose writer took none (a cold pre-commit run of a small repository): the code of a warm run is not in it. A cache
 * lives in kubeward's folder of the user's cache folder
 * (src/shared/cache-dir.ts), never in the linted tree, named by the digest of the script (made at build time), the
 * Node.js version and architecture and a digest of the kind (the header says the kind: a file of another kind is not
 * read), written (src/cli/code-cache-write.ts, the command script's code) to a fresh file (created exclusively, mode 0600) and renamed over the old one; a write removes the
 * cache files no run has written for 30 days (older builds, other Node.js versions, kinds no longer run). Anything
 * that fails leaves the cache as it was, silently: a run without it only compiles more.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { pathDigest } from '../shared/cache-dir.js';
import { openOwnFile, readInto, type OpenOwnFile } from '../shared/own-file.js';

/** The script's file, beside the bundled entry. */
export const COMMAND_SCRIPT = 'kubeward-cli.cjs';
/** How a cache file begins (src/cli/code-cache-write.ts writes it). */
export const CODE_CACHE_MAGIC = 'kubeward-code-cache-3\n';
/**
 * How the script's file begins (scripts/bundle-action.mjs writes it): CommonJS's wrapper, the entry's dynamic import,
 * and the digest of the bundle's files (the build's fingerprint: src/engine/cache.ts).
 */
export const COMMAND_WRAPPER = '(function (exports, require, module, __filename, __dirname, __kubewardHostImport, __kubewardBuild) {';
/** At most this many kinds of runs each have a cache (of one build and Node.js). */
const MAX_KINDS = 16;

/**
 * A run's shape (the command's `runShape`): how many files it read and parsed, and whether it took entries from the
 * index cache (a warm pre-commit run).
 */
export interface RunShape {
  size: number;
  warm: boolean;
}

/** What the cache file holds besides V8's data: the kind of run that wrote it, and that run's shape. */
export interface CodeCacheHeader extends RunShape {
  kind: string;
}

/**
 * Whether a run of this shape removes a cache that a run of the `written` shape wrote: when that run was more than four
 * times as big, with room for a few files either way (a cold pre-commit run that read a repository of 1,314 files, then
 * a warm one of a file; not a commit of 20 files, then one of 1), or when this run took entries from the index cache and
 * that bigger run did not (a cold pre-commit run of a small repository, then a warm one; not a one-file repository's
 * run, which has no index cache, then a warm run of another repository: those two would replace each other's caches).
 */
export function outgrown(written: RunShape, run: RunShape): boolean {
  return written.size > 4 * (run.size + 16) || (run.warm && !written.warm && written.size > run.size);
}

export interface Command {
  runFromProcess(): Promise<void>;
  /** The shape of the runs so far (RunShape); a script without it counts as 0 files, not warm. */
  runShape?(this: void): RunShape;
  /** What a run that compiled the command runs before its cache is made (the command's warmUp, src/cli/cli.ts). */
  warmUp?(this: void): Promise<void>;
  /**
   * Writes a cache file (src/cli/code-cache-write.ts, the command script's own code: the entry, compiled from source
   * every run, stays small). A script without it gets no cache written.
   */
  writeCodeCache?(this: void, file: string, header: CodeCacheHeader, data: Uint8Array): void;
}

/** A run's kind: the names of its options, sorted (`--format --no-render`); none for a run with only files. */
export function runKind(argv: readonly string[]): string {
  const names = new Set<string>();
  for (const arg of argv) {
    if (arg === '--') break;
    if (arg.startsWith('-') && arg !== '-') names.add(arg.split('=')[0]);
  }
  return [...names].sort().join(' ');
}

/**
 * The script's `require` (it takes Node's own modules and, in the published bin, the packages beside it:
 * kubeward-yaml.cjs...): Node's modules without `createRequire`, which is `node:module`'s (loading it loads Node's ES
 * module loader, about 0.25 ms of a one-file run, which requires nothing else); a file through `createRequire` on first
 * use, after `beforeLoad`. The bundlers check that the script reads no property of `require` (`require.resolve`).
 */
function lazyRequire(file: string, beforeLoad: () => void): (id: string) => unknown {
  let required: ((id: string) => unknown) | undefined;
  return (id) => {
    const builtin = id.startsWith('node:') && typeof process.getBuiltinModule === 'function' ? process.getBuiltinModule(id) : undefined;
    if (builtin !== undefined) return builtin;
    beforeLoad();
    return (required ??= createRequire(pathToFileURL(file)) as (id: string) => unknown)(id);
  };
}

/** The largest cache file read (V8's data for the whole command is under 1 MB). */
const MAX_CACHE_BYTES = 64 * 1024 * 1024;

/**
 * A cache file's bytes: its header and V8's data; undefined for bytes that are not one. V8 reads the data where it is
 * when it starts at a multiple of 8 bytes (the writer pads the header so that it does), and copies it otherwise.
 */
function parseCache(bytes: Buffer): { header: CodeCacheHeader; data: Buffer } | undefined {
  if (bytes.toString('latin1', 0, CODE_CACHE_MAGIC.length) !== CODE_CACHE_MAGIC) return undefined;
  const end = bytes.indexOf(0x0a, CODE_CACHE_MAGIC.length);
  if (end < 0) return undefined;
  try {
    const header = JSON.parse(bytes.toString('utf8', CODE_CACHE_MAGIC.length, end)) as CodeCacheHeader;
    if (typeof header?.kind !== 'string' || typeof header.size !== 'number' || typeof header.warm !== 'boolean') return undefined;
    return { header, data: bytes.subarray(end + 1) };
  } catch {
    return undefined;
  }
}

/**
 * The script's text, and the cache file's header and V8's data when `cacheFile` is one (read as kubeward's other own
 * files are, src/shared/own-file.ts: a regular file of this user's, never through a link, never waiting on a FIFO,
 * bounded); undefined when the script cannot be read.
 *
 * Both are read into one buffer, the cache over the script's bytes once they are a string: every page of a fresh
 * buffer costs the process a page fault (about 2 us here), and the two files are 0.4-0.9 MB each, so a run faults in
 * the larger file's pages only, not both (docs/performance.md, "start4").
 */
function readScriptAndCache(
  file: string,
  cacheFile: string | undefined,
  ascii: boolean,
): { source: string; cache: { header: CodeCacheHeader; data: Buffer } | undefined } | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return undefined;
  }
  let open: OpenOwnFile | undefined;
  try {
    const size = fs.fstatSync(fd).size;
    open = cacheFile ? openOwnFile(cacheFile, true) : undefined;
    const cacheSize = open && open.stat.size <= MAX_CACHE_BYTES ? open.stat.size : 0;
    const buffer = Buffer.allocUnsafeSlow(Math.max(size, cacheSize));
    const source = buffer.toString(ascii ? 'latin1' : 'utf8', 0, readInto(fd, buffer, 0, size));
    let cache: { header: CodeCacheHeader; data: Buffer } | undefined;
    try {
      // A file that ends before its size (cut short meanwhile) is not a cache.
      if (cacheSize > 0 && readInto(open!.fd, buffer, 0, cacheSize) === cacheSize) cache = parseCache(buffer.subarray(0, cacheSize));
    } catch {
      // Unreadable: no cache.
    }
    return { source, cache };
  } catch {
    return undefined;
  } finally {
    fs.closeSync(fd);
    if (open) fs.closeSync(open.fd);
  }
}

/**
 * Load the command from the script beside `entry` (the bundled entry's path, or its file URL), with its code cache from `cacheDir`;
 * undefined when there is no script there (the entry of tsc's output, which imports src/cli/cli.js). `importModule` is
 * the entry's dynamic import, which the script's dynamic imports go through (a script run by `vm` cannot import). Call the
 * returned `save()` after the run: it writes the run's kind of cache when it should (see above).
 */
export function loadCommandScript(
  entry: string,
  cacheDir: string | undefined,
  digest: string | undefined,
  importModule: (specifier: string) => Promise<unknown>,
  argv: readonly string[] = process.argv.slice(2),
  /** The script is ASCII (known at build time): read as latin1, which copies bytes instead of decoding UTF-8. */
  ascii = false,
  /** The run's shape (the tests give their own): the script's `runShape`, else none. */
  shapeOf?: () => RunShape,
  /** Called before the script's `require` first loads a file (the bin turns Node's compile cache on). */
  beforeLoad: () => void = () => {},
  /** The digest of the bundle's files (made at build time), handed to the script. */
  build?: string,
): { command: Command; save: () => void; fresh: boolean } | undefined {
  const file = path.join(path.dirname(entry.startsWith('file:') ? fileURLToPath(entry) : entry), COMMAND_SCRIPT);
  const kind = runKind(argv);
  const prefix = `${digest}-${process.version}-${process.arch}-`;
  const cacheFile = cacheDir && digest ? path.join(cacheDir, 'command', `${prefix}${pathDigest(kind).slice(0, 16)}.v8`) : undefined;
  const read = readScriptAndCache(file, cacheFile, ascii);
  if (!read) return undefined;
  const { source, cache: found } = read;
  // Another kind under the same name (the digest's 64 bits): not this run's cache; this run's replaces it.
  const cached = found?.header.kind === kind ? found : undefined;
  // The bundlers write the script inside CommonJS's wrapper (with the way to import), so V8 compiles the file's text as
  // it is; wrapping it here would copy the whole text once more. A script without it is wrapped here.
  const wrapped = source.startsWith(COMMAND_WRAPPER) ? source : `${COMMAND_WRAPPER}${source}\n})`;
  const script = new vm.Script(wrapped, { filename: file, ...(cached ? { cachedData: cached.data } : {}) });
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  const module = { exports: {} as Command };
  run.call(module.exports, module.exports, lazyRequire(file, beforeLoad), module, file, path.dirname(file), importModule, build);
  const fresh = !cached || script.cachedDataRejected === true;
  const shape = (): RunShape => {
    try {
      const made = shapeOf ? shapeOf() : module.exports.runShape?.();
      return { size: typeof made?.size === 'number' && made.size >= 0 ? made.size : 0, warm: made?.warm === true };
    } catch {
      return { size: 0, warm: false };
    }
  };
  const save = () => {
    if (!cacheFile) return;
    if (!fresh) {
      // A run of this kind much smaller than the run that wrote the cache used a small part of it: removed, so that the
      // next run of this kind writes one of what it needs (see above).
      try {
        if (outgrown(cached.header, shape())) fs.rmSync(cacheFile, { force: true });
      } catch {
        // Left for another run.
      }
      return;
    }
    try {
      // A new kind's cache when fewer than MAX_KINDS kinds have one; a file under this kind's name (rejected, foreign,
      // unreadable) is replaced, whatever the count.
      const names = fs.readdirSync(path.dirname(cacheFile)).filter((name) => name.startsWith(prefix));
      if (!names.includes(path.basename(cacheFile)) && names.length >= MAX_KINDS) return;
    } catch {
      // No folder yet: the first cache.
    }
    // The command script's own code writes it (src/cli/code-cache-write.ts); a script without it, nothing (`?.` makes
    // no V8 data then). V8's data is made before the writing code runs, so that its functions, compiled by this first
    // run of the kind only, are not in the cache every later run reads.
    try {
      module.exports.writeCodeCache?.(cacheFile, { kind, ...shape() }, script.createCachedData());
    } catch {
      // No cache this time.
    }
  };
  // Fresh: this run will write its kind's cache (a run without a cache folder writes none).
  return { command: module.exports, save, fresh: fresh && cacheFile !== undefined };
}

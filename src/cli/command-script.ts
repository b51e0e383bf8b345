/**
 * The bundled bin's command (kubeward-cli.cjs beside the entry, src/cli/cli.ts bundled inside CommonJS's wrapper
 * function by scripts/bundle-action.mjs and scripts/bundle.mjs), run with kubeward's own V8 code cache.
 *
 * Why not Node's compile cache alone (src/cli/bin.ts turns it on for the modules loaded later): Node writes a module's
 * cache right after compiling it, before it runs, so the cache holds only its top-level code; every function a run
 * calls is compiled again on its first call, every run (about a fifth of a one-file run). This cache is made after a
 * run (`vm.Script#createCachedData`), so it holds the functions that ran, compiled; the next run only deserializes it.
 *
 * It is written when there is none, when V8 rejected it (another Node.js), and when a run's options (their names, not
 * their values nor the files) are ones no run that wrote it had (`--version`, then a lint, then `-f sarif`), at most
 * MAX_KINDS kinds: each write adds what the run compiled to what the cache held. It lives in kubeward's folder of the
 * user's cache folder (src/shared/cache-dir.ts), never in the linted tree, named by the digest of the script (made at
 * build time) and the Node.js version and architecture, written to a fresh file (created exclusively, mode 0600) and
 * renamed over the old one; a write removes the cache files no run has written for 30 days (older builds, other
 * Node.js versions). Anything that fails leaves the cache as it was, silently: a run without it only compiles more.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { writeFileSafely } from '../shared/write-file.js';

/** The script's file, beside the bundled entry. */
export const COMMAND_SCRIPT = 'kubeward-cli.cjs';
const MAGIC = 'kubeward-code-cache-1\n';
/** How the script's file begins (scripts/bundle-action.mjs writes it): CommonJS's wrapper, and the entry's dynamic import. */
export const COMMAND_WRAPPER = '(function (exports, require, module, __filename, __dirname, __kubewardHostImport) {';
/** At most this many kinds of runs each add to the cache. */
const MAX_KINDS = 16;
/** A write removes the caches (of other builds or Node.js versions) that no run has written for this long. */
const UNUSED_MS = 30 * 24 * 60 * 60 * 1000;

export interface Command {
  runFromProcess(): Promise<void>;
}

/** What the cache file holds besides V8's data: the kinds of runs it covers. */
interface Header {
  kinds: string[];
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

/** The cache file's header and V8's data; undefined for a file that is not one. */
function readCache(file: string): { header: Header; data: Buffer } | undefined {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  if (bytes.toString('latin1', 0, MAGIC.length) !== MAGIC) return undefined;
  const end = bytes.indexOf(0x0a, MAGIC.length);
  if (end < 0) return undefined;
  try {
    const header = JSON.parse(bytes.toString('utf8', MAGIC.length, end)) as Header;
    if (!Array.isArray(header?.kinds) || !header.kinds.every((k) => typeof k === 'string')) return undefined;
    return { header, data: bytes.subarray(end + 1) };
  } catch {
    return undefined;
  }
}

/**
 * Write the cache through writeFileSafely (a fresh file, 0600, renamed over the old one; no link followed, in the
 * `kubeward` folder and below; its temporary name does not come from node:crypto, which loads Node's streams: the first
 * run of each kind writes this cache, and a one-file run loads neither); any failure writes nothing.
 */
function writeCache(file: string, header: Header, data: Buffer): void {
  const dir = path.dirname(file);
  try {
    writeFileSafely(file, Buffer.concat([Buffer.from(`${MAGIC}${JSON.stringify(header)}\n`, 'utf8'), data]), {
      what: 'the code cache',
      base: path.dirname(dir),
    });
  } catch {
    return;
  }
  try {
    const now = Date.now();
    for (const name of fs.readdirSync(dir)) {
      if (!name.endsWith('.v8')) continue;
      const stat = fs.lstatSync(path.join(dir, name), { throwIfNoEntry: false });
      if (stat?.isFile() && stat.mtimeMs < now - UNUSED_MS) fs.rmSync(path.join(dir, name), { force: true });
    }
  } catch {
    // Left for another run.
  }
}

/**
 * Load the command from the script beside `entryUrl` (the bundled entry), with its code cache from `cacheDir`;
 * undefined when there is no script there (the entry of tsc's output, which imports src/cli/cli.js). `importModule` is
 * the entry's dynamic import, which the script's dynamic imports go through (a script run by `vm` cannot import). Call the
 * returned `save()` after the run: it writes the cache when it should (see above).
 */
export function loadCommandScript(
  entryUrl: string,
  cacheDir: string | undefined,
  digest: string | undefined,
  importModule: (specifier: string) => Promise<unknown>,
  argv: readonly string[] = process.argv.slice(2),
  /** The script is ASCII (known at build time): read as latin1, which copies bytes instead of decoding UTF-8. */
  ascii = false,
): { command: Command; save: () => void } | undefined {
  const file = path.join(path.dirname(fileURLToPath(entryUrl)), COMMAND_SCRIPT);
  let source: string;
  try {
    source = fs.readFileSync(file, ascii ? 'latin1' : 'utf8');
  } catch {
    return undefined;
  }
  const cacheFile = cacheDir && digest ? path.join(cacheDir, 'command', `${digest}-${process.version}-${process.arch}.v8`) : undefined;
  const cached = cacheFile ? readCache(cacheFile) : undefined;
  // The bundlers write the script inside CommonJS's wrapper (with the way to import), so V8 compiles the file's text as
  // it is; wrapping it here would copy the whole text once more. A script without it is wrapped here.
  const wrapped = source.startsWith(COMMAND_WRAPPER) ? source : `${COMMAND_WRAPPER}${source}\n})`;
  const script = new vm.Script(wrapped, { filename: file, ...(cached ? { cachedData: cached.data } : {}) });
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  const module = { exports: {} as Command };
  run.call(module.exports, module.exports, createRequire(pathToFileURL(file)), module, file, path.dirname(file), importModule);
  const kind = runKind(argv);
  const fresh = !cached || script.cachedDataRejected === true;
  const save = () => {
    if (!cacheFile) return;
    const kinds = fresh ? [] : cached.header.kinds;
    if (!fresh && (kinds.includes(kind) || kinds.length >= MAX_KINDS)) return;
    try {
      writeCache(cacheFile, { kinds: [...kinds, kind] }, script.createCachedData());
    } catch {
      // No cache this time.
    }
  };
  return { command: module.exports, save };
}

/**
 * A file's identity on disk, for the caches that skip reading a file that has not changed (the `--cache` of results,
 * src/engine/cache.ts; the index of the repository and its walk, src/engine/index-cache.ts): size, modification and
 * change times, inode and device. A file that is edited, replaced, renamed over or touched gets another stamp.
 *
 * Git's "racily clean" rule: a file changed within the clock's granularity of the moment its stamp was taken can change
 * again without its stamp changing (a same-size edit in the same tick). So a stamp is trusted only when the file's
 * times are more than two seconds older than the run that took it (the widest granularity in use: FAT's two seconds,
 * and the skew of a network file system's clock); any other stamp says "read the file again".
 */
import fs from 'node:fs';

export interface FileStamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  dev: number;
}

/** How much older than the run that took a stamp the file's times must be for the stamp to be trusted. */
const RACY_MS = 2000;
/** statSync's options, made once: warm runs stat every file of a repository. */
const NO_THROW = Object.freeze({ throwIfNoEntry: false });

export function stampOf(stat: fs.Stats): FileStamp {
  return { size: stat.size, mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs, ino: stat.ino, dev: stat.dev };
}

/** The stat of a path (links followed, or not with `lstat`), or undefined when it cannot be had (missing, unreadable). */
export function statOf(file: string, lstat = false): fs.Stats | undefined {
  try {
    return lstat ? fs.lstatSync(file, NO_THROW) : fs.statSync(file, NO_THROW);
  } catch {
    return undefined;
  }
}

/** The stamp of a path (links followed, or not with `lstat`), or undefined when it cannot be had (missing, unreadable). */
export function stampOfPath(file: string, lstat = false): FileStamp | undefined {
  if (!lstat) return pathStamp(file, false);
  const stat = statOf(file, lstat);
  return stat ? stampOf(stat) : undefined;
}

/**
 * Node's own binding of stat(2), which fills one shared Float64Array (the fields in the order of `fs.Stats`' constructor:
 * dev, mode, nlink, uid, gid, rdev, blksize, ino, size, blocks, then seconds and nanoseconds of atime, mtime, ctime and
 * birthtime) where `fs.statSync` then builds a Stats object: four Dates and a dozen numbers, ~1.5 KB of short-lived
 * memory per call under Node 22, which a warm run pays for every file and folder of the repository (docs/performance.md,
 * "stats"). `process.binding` is deprecated in documentation only (DEP0111, a warning where pending deprecations are
 * on, which this never triggers: loadStatBinding); it is used only where it is what `fs.statSync` calls: POSIX, no
 * permission model (where it throws), and after it gave exactly what `fs.statSync` gives for the first path asked.
 * Anything else, and every stamp check goes through `fs.statSync`.
 */
interface StatBinding {
  stat(file: string, bigint: false, request: undefined, throwIfNoEntry: boolean): Float64Array | undefined;
}

/** The binding once checked; null: not usable; undefined: not asked yet. */
let statBinding: StatBinding | null | undefined;

function loadStatBinding(): StatBinding | null {
  const { binding } = process as unknown as { binding?: ((name: string) => Partial<StatBinding>) & { name: string } };
  // Where Node would warn of it, it has replaced process.binding with its deprecation wrapper (named `deprecated`):
  // pending deprecations on, however they were asked for (--pending-deprecation or --pending_deprecation, on the
  // command line, in NODE_OPTIONS or a config file, NODE_PENDING_DEPRECATION=1). Only Node's own function is called,
  // so that kubeward never prints a warning of its own nor throws one (--throw-deprecation).
  if (process.platform === 'win32' || typeof binding !== 'function' || binding.name !== 'binding') return null;
  try {
    const fsBinding = binding('fs');
    return typeof fsBinding.stat === 'function' ? (fsBinding as StatBinding) : null;
  } catch {
    return null;
  }
}

/** Whether stamp checks go through the binding (after the first has checked it): for the tests. */
export function statBindingInUse(): boolean {
  return statBinding !== undefined && statBinding !== null;
}

/**
 * The binding's fields of a path (links followed; read them before the next stat: the array is shared), or undefined
 * (absent, unreadable); null when the binding is not to be used for it.
 */
function boundStat(file: string): Float64Array | undefined | null {
  if (statBinding === undefined) {
    const binding = loadStatBinding();
    if (binding === null) return (statBinding = null);
    // Trusted only after it agrees with fs.statSync on a path that exists (one more stat, once a run). A copy: the
    // binding's array is the one fs.statSync fills too.
    const shared = rawStat(binding, file);
    if (shared === undefined) return null;
    const values = shared?.slice();
    const stat = statOf(file);
    statBinding = values && stat && statHasValues(stat, values) && stat.mode === values[1] && stat.isFile() === isFileMode(values[1]) ? binding : null;
    return null;
  }
  // A NUL would end the path where fs.statSync refuses it.
  if (statBinding === null || file.includes('\0')) return null;
  return rawStat(statBinding, file);
}

function rawStat(binding: StatBinding, file: string): Float64Array | undefined | null {
  try {
    const values = binding.stat(file, false, undefined, false);
    return values === undefined ? undefined : values instanceof Float64Array && values.length >= 18 ? values : null;
  } catch {
    return undefined;
  }
}

/** Milliseconds from seconds and nanoseconds, as Node computes `mtimeMs` and `ctimeMs` (lib/internal/fs/utils.js). */
const msOf = (seconds: number, nanoseconds: number) => seconds * 1000 + nanoseconds / 1_000_000;
const isFileMode = (mode: number) => (mode & 0o170000) === 0o100000;

function statHasValues(stat: fs.Stats, v: Float64Array): boolean {
  return statHasStamp(stat, v[8], msOf(v[12], v[13]), msOf(v[14], v[15]), v[7], v[0]);
}

/**
 * Whether the path (links followed) is there, a regular file when `fileOnly`, with this stamp: `statHasStamp` of
 * `statOf(file)`, without a Stats object where the binding serves (see above).
 */
export function pathHasStamp(file: string, fileOnly: boolean, size: unknown, mtimeMs: unknown, ctimeMs: unknown, ino: unknown, dev: unknown): boolean {
  const v = boundStat(file);
  if (v === null) {
    const stat = statOf(file);
    return stat !== undefined && (!fileOnly || stat.isFile()) && statHasStamp(stat, size, mtimeMs, ctimeMs, ino, dev);
  }
  return (
    v !== undefined &&
    (!fileOnly || isFileMode(v[1])) &&
    v[8] === size &&
    msOf(v[12], v[13]) === mtimeMs &&
    msOf(v[14], v[15]) === ctimeMs &&
    v[7] === ino &&
    v[0] === dev
  );
}

/**
 * The stamp of the path (links followed), when it is there and, with `fileOnly`, a regular file: `stampOf(statOf(file))`
 * without a Stats object where the binding serves (a first run stamps every file and folder of the repository).
 */
export function pathStamp(file: string, fileOnly: boolean): FileStamp | undefined {
  const v = boundStat(file);
  if (v === null) {
    const stat = statOf(file);
    return stat && (!fileOnly || stat.isFile()) ? stampOf(stat) : undefined;
  }
  if (v === undefined || (fileOnly && !isFileMode(v[1]))) return undefined;
  return { size: v[8], mtimeMs: msOf(v[12], v[13]), ctimeMs: msOf(v[14], v[15]), ino: v[7], dev: v[0] };
}

/** Whether a stat is of the file a stamp was taken of, unchanged: sameStamp without a stamp made of the stat. */
export function statHasStamp(stat: fs.Stats, size: unknown, mtimeMs: unknown, ctimeMs: unknown, ino: unknown, dev: unknown): boolean {
  return stat.size === size && stat.mtimeMs === mtimeMs && stat.ctimeMs === ctimeMs && stat.ino === ino && stat.dev === dev;
}

export function sameStamp(a: FileStamp | undefined, b: FileStamp | undefined): boolean {
  if (!a || !b) return a === b;
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.ino === b.ino && a.dev === b.dev;
}

/** Whether a stamp taken by a run that began at `runStarted` (ms since the epoch) can be trusted by later runs. */
export function settledStamp(stamp: FileStamp, runStarted: number): boolean {
  return settledTimes(stamp.mtimeMs, stamp.ctimeMs, runStarted);
}

/** settledStamp of a stamp's two times. */
export function settledTimes(mtimeMs: number, ctimeMs: number, runStarted: number): boolean {
  const before = runStarted - RACY_MS;
  return mtimeMs < before && ctimeMs < before;
}

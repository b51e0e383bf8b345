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
  const stat = statOf(file, lstat);
  return stat ? stampOf(stat) : undefined;
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
  return mtimeMs < runStarted - RACY_MS && ctimeMs < runStarted - RACY_MS;
}

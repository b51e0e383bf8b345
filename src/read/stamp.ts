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

export function stampOf(stat: fs.Stats): FileStamp {
  return { size: stat.size, mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs, ino: stat.ino, dev: stat.dev };
}

/** The stamp of a path (links followed, or not with `lstat`), or undefined when it cannot be had (missing, unreadable). */
export function stampOfPath(file: string, lstat = false): FileStamp | undefined {
  try {
    const stat = lstat ? fs.lstatSync(file, { throwIfNoEntry: false }) : fs.statSync(file, { throwIfNoEntry: false });
    return stat ? stampOf(stat) : undefined;
  } catch {
    return undefined;
  }
}

export function sameStamp(a: FileStamp | undefined, b: FileStamp | undefined): boolean {
  if (!a || !b) return a === b;
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.ino === b.ino && a.dev === b.dev;
}

/** Whether a stamp taken by a run that began at `runStarted` (ms since the epoch) can be trusted by later runs. */
export function settledStamp(stamp: FileStamp, runStarted: number): boolean {
  return stamp.mtimeMs < runStarted - RACY_MS && stamp.ctimeMs < runStarted - RACY_MS;
}

/**
 * Reading a file kubeward keeps for itself (a `--cache` file, its renders, the index cache, a record in the user's cache
 * folder) where someone else may have put something in its place: a link (to a file outside, to /dev/zero), a FIFO, a
 * device, a huge file. One way to open such a file for every one of them: opened with O_NOFOLLOW, so a link is refused
 * by the open itself (a stat before the open would let a link swapped in between be read), and O_NONBLOCK, so a FIFO
 * never waits for a writer; then it must be a regular file (fstat of what was opened), and, when asked, this user's.
 */
import fs from 'node:fs';

/** An own file open for reading, and its stat (of what was opened, not of the path). The caller closes `fd`. */
export interface OpenOwnFile {
  fd: number;
  stat: fs.Stats;
}

const { O_RDONLY, O_NOFOLLOW = 0, O_NONBLOCK = 0 } = fs.constants;

/**
 * `file` open for reading: a regular file only, never through a link, never waiting on a FIFO; with `mine`, one this
 * user owns. Undefined when it is missing or anything else (a folder, a link, a FIFO, a device, another user's), or
 * cannot be opened; never throws.
 */
export function openOwnFile(file: string, mine = false): OpenOwnFile | undefined {
  let fd: number;
  try {
    // Where the platform has no O_NOFOLLOW (Windows), a stat of the path first keeps a link out but for a race.
    if (!O_NOFOLLOW && !fs.lstatSync(file, { throwIfNoEntry: false })?.isFile()) return undefined;
    fd = fs.openSync(file, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch {
    // Missing, a link (ELOOP), unreadable, or a path the stat refused (EPERM, ENAMETOOLONG): never thrown.
    return undefined;
  }
  try {
    const stat = fs.fstatSync(fd);
    if (stat.isFile() && (!mine || typeof process.getuid !== 'function' || stat.uid === process.getuid())) return { fd, stat };
  } catch {
    // Closed below.
  }
  fs.closeSync(fd);
  return undefined;
}

/** `length` bytes of the open file at `position`, or undefined when the file ends before. */
export function readAt(fd: number, position: number, length: number): Buffer | undefined {
  const bytes = Buffer.allocUnsafe(length);
  return readInto(fd, bytes, position, length) === length ? bytes : undefined;
}

/**
 * Read up to `length` bytes of the open file at `position` into the start of `bytes` (at least that long): how many it
 * read, fewer only where the file ends before.
 */
export function readInto(fd: number, bytes: Uint8Array, position: number, length: number): number {
  let done = 0;
  while (done < length) {
    const n = fs.readSync(fd, bytes, done, length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done;
}

/**
 * The bytes of the own file `file` (opened as `openOwnFile` opens it; `mine`: one this user owns), when it has at most
 * `max` bytes; undefined otherwise, or when it cannot be read. Never throws.
 */
export function readOwnFile(file: string, max: number, mine = false): Buffer | undefined {
  const open = openOwnFile(file, mine);
  if (!open) return undefined;
  try {
    return open.stat.size <= max ? readAt(open.fd, 0, open.stat.size) : undefined;
  } catch {
    return undefined;
  } finally {
    fs.closeSync(open.fd);
  }
}

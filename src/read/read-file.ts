import fs, { constants as fsConstants } from 'node:fs';
import { fsErrorReason } from './walk.js';

/** Why a file's bytes could not be had: unreadable (with the reason), or over the size limit (with its size). */
export type ReadFailure = { kind: 'unreadable'; reason: string } | { kind: 'tooLarge'; size: number; maxFileSize: number };

/**
 * Read one file's bytes. Never throws and never hangs: an unreadable file, a FIFO, socket or device named like a
 * manifest, a dangling link or a link loop, and a file over `maxFileSize` bytes are a `ReadFailure`. Reads are
 * synchronous: a few system calls per file cost microseconds, where a round trip through libuv's thread pool per call
 * costs a millisecond (a thread that reads files one after another, as a worker does, would spend most of its time
 * waiting).
 */
export function readBytes(filePath: string, maxFileSize: number): { bytes: Uint8Array } | { failure: ReadFailure } {
  const unreadable = (reason: string) => ({ failure: { kind: 'unreadable' as const, reason } });
  let fd: number | undefined;
  try {
    // O_NONBLOCK: opening a FIFO named like a manifest must not wait forever for a writer.
    fd = fs.openSync(filePath, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0));
    const stat = fs.fstatSync(fd);
    if (stat.isDirectory()) return unreadable(fsErrorReason({ code: 'EISDIR' }));
    if (!stat.isFile()) {
      const what = stat.isFIFO() ? 'a FIFO' : stat.isSocket() ? 'a socket' : stat.isCharacterDevice() || stat.isBlockDevice() ? 'a device' : 'a special file';
      return unreadable(`${what}, not a regular file; kubeward reads regular files only`);
    }
    if (stat.size > maxFileSize) return { failure: { kind: 'tooLarge', size: stat.size, maxFileSize } };
    const bytes = fs.readFileSync(fd);
    if (bytes.length > maxFileSize) return { failure: { kind: 'tooLarge', size: bytes.length, maxFileSize } };
    return { bytes };
  } catch (error) {
    return unreadable(fsErrorReason(error));
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

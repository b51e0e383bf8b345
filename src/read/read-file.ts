import fs, { constants as fsConstants } from 'node:fs';

/** A short reason for a file system error code. */
export function fsErrorReason(error: unknown): string {
  const err = error as NodeJS.ErrnoException;
  switch (err?.code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOENT':
      return 'no such file (a dangling symbolic link?)';
    case 'ELOOP':
      return 'symbolic link loop';
    case 'EISDIR':
      return 'is a folder (kubeward does not follow links to folders)';
    case 'ENOTDIR':
      return 'not a folder';
    case 'ENXIO':
      return 'not a regular file (a socket or device?)';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many open files';
    default:
      return err?.message ?? String(error);
  }
}

/** Why a file's bytes could not be had: unreadable (with the reason), or over the size limit (with its size). */
export type ReadFailure =
  | { kind: 'unreadable'; reason: string }
  /** `atLeast`: the size is what was read before the cap stopped the read (stat said less: a file of /proc, a growing file). */
  | { kind: 'tooLarge'; size: number; maxFileSize: number; atLeast?: boolean };

/** The first buffer of a file whose `stat` says it is small or empty. */
const CHUNK = 64 * 1024;

/**
 * A buffer that reads reuse (readBytes' `scratch`), so a run that reads thousands of files allocates no buffer per file:
 * each fresh buffer is memory the kernel maps in page by page while the file is read into it, and memory outside the
 * heap that hurries V8's next collection (with a fresh 64 KiB buffer per file, reading a copy of ../shared/corpus/real
 * took three times the CPU). The bytes a read into it gives are valid until the next read into it: a caller uses them
 * at once (decodes them, hashes them) and keeps none. It keeps at most KEPT bytes; a larger file gets a buffer of its own.
 */
export class ReadBuffer {
  private buffer: Buffer | undefined;

  /** A buffer of exactly `size` bytes, from the one kept when it fits. */
  take(size: number): Buffer {
    if (size > ReadBuffer.KEPT) return Buffer.allocUnsafe(size);
    if (!this.buffer || this.buffer.length < size)
      this.buffer = Buffer.allocUnsafe(Math.min(Math.max(size, this.buffer ? this.buffer.length * 2 : 0), ReadBuffer.KEPT));
    return this.buffer.subarray(0, size);
  }

  static readonly KEPT = 4 * 1024 * 1024;
}

/**
 * Read at most `maxFileSize` bytes, and a few more to know there are more: the cap holds while reading, whatever `stat`
 * said (a file of /proc says 0 bytes and never ends; a file may grow while it is read).
 */
function readCapped(fd: number, statSize: number, maxFileSize: number, scratch?: ReadBuffer): { bytes: Uint8Array } | { failure: ReadFailure } {
  // Reads in multiples of 8 bytes (files of /proc such as pagemap refuse others); at most `cap`, just over the limit.
  const cap = Math.ceil((maxFileSize + 1) / 8) * 8;
  const first = Math.min(Math.ceil(Math.max(statSize + 1, CHUNK) / 8) * 8, cap);
  let buffer = scratch ? scratch.take(first) : Buffer.allocUnsafe(first);
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (length > maxFileSize) return { failure: { kind: 'tooLarge', size: length, maxFileSize, atLeast: true } };
      const bigger = Buffer.allocUnsafe(Math.min(buffer.length * 2, cap));
      buffer.copy(bigger, 0, 0, length);
      buffer = bigger;
    }
    const n = fs.readSync(fd, buffer, length, buffer.length - length, null);
    if (n === 0) break;
    length += n;
    // A regular file that gave the size stat said in reads that asked for more is at its end: no read to see 0 bytes
    // (half the reads of a run). A file that grew since gave more and is read on; stat's 0 (a file of /proc) never stops it.
    if (length === statSize && length < buffer.length) break;
  }
  if (length > maxFileSize) return { failure: { kind: 'tooLarge', size: length, maxFileSize, atLeast: true } };
  return { bytes: buffer.subarray(0, length) };
}

/**
 * Read one file's bytes. Never throws and never hangs: an unreadable file, a FIFO, socket or device named like a
 * manifest, a dangling link or a link loop, and a file over `maxFileSize` bytes are a `ReadFailure`. The size limit
 * holds while reading (never more than `maxFileSize + 8` bytes are read), not only after `stat`, which can lie. Reads are
 * synchronous: a few system calls per file cost microseconds, where a round trip through libuv's thread pool per call
 * costs a millisecond (a thread that reads files one after another, as a worker does, would spend most of its time
 * waiting). With `scratch`, the bytes are read into its buffer and valid only until the next read into it (ReadBuffer).
 */
export function readBytes(filePath: string, maxFileSize: number, scratch?: ReadBuffer): { bytes: Uint8Array } | { failure: ReadFailure } {
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
    return readCapped(fd, stat.size, maxFileSize, scratch);
  } catch (error) {
    return unreadable(fsErrorReason(error));
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * The command's standard output and error as runFromProcess (src/cli/cli.ts) writes them. On POSIX systems text goes
 * to the file descriptor with `fs.writeSync` for as long as the descriptor takes it whole, and `process.stdout` or
 * `process.stderr` is made only when it must be: their first use on a pipe loads Node's net and stream modules, several
 * milliseconds of a one-file run (the pre-commit hook's stdout is a pipe). Writes to a pipe, a file or a terminal are
 * synchronous either way there (Node's pipes finish theirs before the process exits), so what a reader gets is the
 * same, in the same order. A descriptor that would block (EAGAIN: a non-blocking pipe whose reader lags) hands the
 * rest, and every later write, to the stream, in order. On Windows the streams are used from the start.
 */
import fs from 'node:fs';

/**
 * The writer of one descriptor: `write(text)`, and `fail(error)` called once for the first error (EPIPE included;
 * the caller decides what to say). `stream()` makes the stream on first use.
 */
export function descriptorWriter(
  fd: number,
  stream: () => NodeJS.WritableStream,
  fail: (error: unknown) => void,
  platform: NodeJS.Platform = process.platform,
): (text: string | Uint8Array) => void {
  let streamed: NodeJS.WritableStream | undefined;
  const toStream = (data: string | Uint8Array) => {
    if (!streamed) {
      streamed = stream();
      // Asynchronous failures (a pipe) arrive as 'error' events; without a listener Node.js prints a stack trace.
      streamed.on('error', fail);
    }
    streamed.write(data);
  };
  if (platform === 'win32') return toStream;
  return (text) => {
    if (streamed) {
      toStream(text);
      return;
    }
    const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
    let offset = 0;
    try {
      while (offset < bytes.length) offset += fs.writeSync(fd, bytes, offset, bytes.length - offset);
    } catch (error) {
      if ((error as NodeJS.ErrnoException | undefined)?.code !== 'EAGAIN') throw error;
      toStream(bytes.subarray(offset));
    }
  };
}

/**
 * Whether a descriptor is a terminal, as `process.stdout.isTTY` says, without making the stream (nor loading Node's
 * tty module, which loads net) when it cannot be one: a terminal is a character device, so a pipe, a socket or a
 * regular file is answered from one fstat, and so is /dev/null (`kubeward ... > /dev/null`: the same device as
 * `nullDevice`). Another character device (a terminal) asks `isTTY()`.
 */
export function isTerminal(fd: number, isTTY: () => boolean, platform: NodeJS.Platform = process.platform, nullDevice = '/dev/null'): boolean {
  if (platform !== 'win32') {
    try {
      const stat = fs.fstatSync(fd);
      if (!stat.isCharacterDevice()) return false;
      const empty = fs.statSync(nullDevice, { throwIfNoEntry: false });
      if (empty?.isCharacterDevice() && empty.rdev === stat.rdev) return false;
    } catch {
      // A closed descriptor: as the stream says.
    }
  }
  return isTTY();
}

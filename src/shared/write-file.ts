/**
 * The one way kubeward writes a file (reports, SARIF, the baseline, the cache, fixed manifests): a fresh temporary
 * file in the target's folder, created exclusively with an unpredictable name, then renamed over the target. A target
 * that is a symbolic link, a folder or not a regular file (a device such as /dev/full, a FIFO) is refused, and so is a
 * folder on the way that is a link planted below `base`; so no write ever follows a link a linted tree planted, and a
 * reader never sees half a file.
 *
 * The temporary file's name holds 24 hex digits from Math.random (whose state V8 seeds from 64 bits of the system's entropy), not from
 * node:crypto: loading node:crypto and Node's streams cost a warm `--cache` run a twentieth of its time. The name only
 * keeps a file planted beforehand (committed to the tree) from taking its place, which needs a name no one can know in
 * advance; the exclusive creation is what makes the write safe (a taken name is never written through, another is
 * tried).
 */
import fs, { constants as fsConstants } from 'node:fs';
import path from 'node:path';
import { UsageError } from './errors.js';

/** A write kubeward refused or could not do: exit code 2 with this message, never a stack trace. */
export class WriteError extends UsageError {
  constructor(
    message: string,
    /** The reason alone (`it is a symbolic link`), for a message of its own. */
    readonly reason: string,
  ) {
    super(message);
    this.name = 'WriteError';
  }
}

export interface WriteOptions {
  /** What is written, for messages: `the report`, `the baseline`. */
  what: string;
  /**
   * Folders from here down to the target's folder must not be symbolic links (a planted `reports -> /home/runner`);
   * missing ones are created. Folders above it are the user's. Default: the target's own folder.
   */
  base?: string;
  /** Mode of a new file (default 0o600); an existing target keeps its own. */
  mode?: number;
  /**
   * Called with the target's path just before the rename: a reason string stops the write (the temporary file is
   * removed) and is thrown as a WriteError. `--fix` checks here that the file is still what it read.
   */
  beforeRename?: () => string | undefined;
  /** Shown instead of the target's path in messages. */
  shown?: string;
}

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EDQUOT':
      return 'disk quota exceeded';
    case 'EISDIR':
      return 'it is a folder';
    case 'ENOTDIR':
      return 'a part of its path is not a folder';
    case 'ELOOP':
      return 'a part of its path is a symbolic link';
    default:
      return (error as Error)?.message ?? String(error);
  }
}

/** What a path is when it is not a regular file, or undefined for a regular file. */
function notRegular(stat: fs.Stats): string | undefined {
  if (stat.isFile()) return undefined;
  if (stat.isSymbolicLink()) return 'it is a symbolic link (kubeward never writes through links); remove the link or choose another path';
  if (stat.isDirectory()) return 'it is a folder; name a file';
  const what = stat.isFIFO() ? 'a FIFO' : stat.isSocket() ? 'a socket' : stat.isCharacterDevice() || stat.isBlockDevice() ? 'a device' : 'a special file';
  return `it is ${what}, not a regular file; name a regular file`;
}

/** Create the folders from `base` down to `dir`, refusing any that is a symbolic link or not a folder. */
function ensureFolders(base: string, dir: string): string | undefined {
  const rel = path.relative(base, dir);
  const parts = rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? [] : rel.split(path.sep);
  if (parts.length === 0) fs.mkdirSync(dir, { recursive: true });
  else fs.mkdirSync(base, { recursive: true });
  let at = parts.length ? base : dir;
  for (const part of parts) {
    at = path.join(at, part);
    const stat = fs.lstatSync(at, { throwIfNoEntry: false });
    if (!stat) {
      fs.mkdirSync(at);
      continue;
    }
    if (stat.isSymbolicLink()) return `its folder ${part} is a symbolic link (kubeward never writes through links)`;
    if (!stat.isDirectory()) return `${part} on its path is not a folder`;
  }
  return undefined;
}

/**
 * Write `data` to `target` through a fresh temporary file and a rename. Throws a WriteError (a UsageError: exit code
 * 2) with a message naming the target and the reason.
 */
export function writeFileSafely(target: string, data: string | Uint8Array, options: WriteOptions): void {
  const file = openFileSafely(target, options);
  file.write(data);
  file.commit();
}

/** A file being written: a fresh temporary file beside the target, renamed over it by `commit`. */
export interface SafeFile {
  /** Append to the temporary file (a WriteError when it fails: the temporary file is then removed). */
  write(data: string | Uint8Array): void;
  /** Give the file its mode (and owner) and rename it over the target. */
  commit(): void;
  /** Remove the temporary file: the target stays as it was. */
  abort(): void;
}

/**
 * Start writing `target` as writeFileSafely does (the same refusals, the same messages), for a caller that writes it
 * piece by piece (a report streamed as results come). Nothing is seen at `target` before `commit`.
 */
export function openFileSafely(target: string, options: WriteOptions): SafeFile {
  const file = path.resolve(target);
  const shown = options.shown ?? target;
  const fail = (reason: string): never => {
    throw new WriteError(`Cannot write ${options.what} ${shown}: ${reason}`, reason);
  };
  const dir = path.dirname(file);
  let folderProblem: string | undefined;
  try {
    folderProblem = ensureFolders(path.resolve(options.base ?? dir), dir);
  } catch (error) {
    fail(reasonOf(error));
  }
  if (folderProblem) fail(folderProblem);
  const existing = fs.lstatSync(file, { throwIfNoEntry: false });
  if (existing) {
    const problem = notRegular(existing);
    if (problem) fail(problem);
    // Root writes anything; for everyone else a read-only file stays unwritten, as with an in-place write.
    try {
      fs.accessSync(file, fsConstants.W_OK);
    } catch (error) {
      fail(`${reasonOf(error)} (the file is read-only)`);
    }
  }
  const mode = existing ? existing.mode & 0o7777 : (options.mode ?? 0o600);
  let temp = '';
  let fd: number | undefined;
  for (let attempt = 1; fd === undefined; attempt++) {
    temp = path.join(dir, `.${path.basename(file)}.${noise()}.tmp`);
    try {
      // O_EXCL: never an existing file (nor a link planted under the name); O_NOFOLLOW for good measure.
      fd = fs.openSync(temp, fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_EXCL | (fsConstants.O_NOFOLLOW ?? 0), 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException)?.code !== 'EEXIST' || attempt >= 8) fail(reasonOf(error));
    }
  }
  let done = false;
  const abort = () => {
    if (done) return;
    done = true;
    if (fd !== undefined) fs.closeSync(fd);
    fd = undefined;
    fs.rmSync(temp, { force: true });
  };
  /** Run `step`; on failure the temporary file goes and the reason is thrown as a WriteError. */
  const guarded = (step: () => void) => {
    if (done) throw new Error(`${options.what} ${shown} was already written or abandoned`);
    try {
      step();
    } catch (error) {
      abort();
      if (error instanceof WriteError) throw error;
      fail(reasonOf(error));
    }
  };
  return {
    write: (data) => guarded(() => fs.writeFileSync(fd!, data)),
    commit: () =>
      guarded(() => {
        fs.fchmodSync(fd!, mode);
        if (existing && typeof process.getuid === 'function' && existing.uid !== process.getuid()) {
          // Root fixing another user's file leaves it theirs; anyone else cannot give a file away (and need not).
          try {
            fs.fchownSync(fd!, existing.uid, existing.gid);
          } catch {
            // not permitted: the file becomes the writer's, as a rewritten file does
          }
        }
        fs.closeSync(fd!);
        fd = undefined;
        const stop = options.beforeRename?.();
        if (stop) fail(stop);
        fs.renameSync(temp, file);
        done = true;
      }),
    abort,
  };
}

/** 24 hex digits from Math.random (a 64-bit seed per process), for a temporary file's name (see the top of this module). */
function noise(): string {
  let out = '';
  for (let i = 0; i < 4; i++)
    out += Math.floor(Math.random() * 0x1000000)
      .toString(16)
      .padStart(6, '0');
  return out;
}

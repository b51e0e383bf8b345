/** Reading and parsing the files of a run: one file at a time, failures as one fatal message, a budget of kept files. */
import { decode, DEFAULT_MAX_FILE_SIZE, fatalMessage, ParsedFile, parseText } from '../parse/index.js';
import { readBytes, ReadBuffer, type ReadAhead, type ReadFailure } from '../read/index.js';
import { withinKinds, type FileEntries, type RepositoryFile } from '../resources/index.js';
import type { LintMessage } from '../shared/types.js';
import { indexEntries, skimmedEntries, type Engine } from './engine.js';

/**
 * Whether the js-yaml path builds node trees (positions) as it reads a file: always, never, or decided by the file's
 * size in bytes. A file the block reader reads gets each document's tree on first use either way (parseText).
 */
export type Trees = boolean | ((size: number) => boolean);

export function readAndParse(
  filePath: string,
  maxFileSize: number = DEFAULT_MAX_FILE_SIZE,
  trees: Trees = true,
  /** Sees the bytes read (`--fix` keeps their digest, to write only over the same content); they are valid during the call only. */
  onBytes?: (bytes: Uint8Array) => void,
  /** The run's read-ahead thread (src/read/read-ahead.ts), which may have read the file already. */
  ahead?: ReadAhead,
): ParsedFile {
  const read = readText(filePath, maxFileSize, onBytes, ahead);
  if (read instanceof ParsedFile) return read;
  return parseText(read.text, filePath, read.bomLength, { trees: typeof trees === 'function' ? trees(read.size) : trees });
}

/**
 * The buffer every file of the run is read into (one per thread: each has its modules): its bytes live until they are
 * decoded, and `onBytes` sees them before that, so no read allocates a buffer of its own (ReadBuffer).
 */
const SCRATCH = new ReadBuffer();

/** A file's text and its size in bytes, or the file with the fatal message of a failed read or decoding. */
function readText(
  filePath: string,
  maxFileSize: number,
  onBytes?: (bytes: Uint8Array) => void,
  ahead?: ReadAhead,
): { text: string; bomLength: number; size: number } | ParsedFile {
  const bytes = ahead?.take(filePath, maxFileSize);
  const read = bytes ? { bytes } : readBytes(filePath, maxFileSize, SCRATCH);
  if ('failure' in read) return failedFile(filePath, failureMessage(read.failure));
  onBytes?.(read.bytes);
  const decoded = decode(read.bytes);
  if ('error' in decoded) return failedFile(filePath, decoded.error);
  return { text: decoded.text, bomLength: decoded.bomLength, size: read.bytes.length };
}

/** The index entries of a parsed file (the engine's `indexEntries`). */
export type Entries = (parsed: ParsedFile) => FileEntries;

/**
 * The index entries of a file's text by the skim (the engine's `skimmedEntries`, src/resources/skim.ts): the same as
 * `Entries` gives for the file parsed whole, or undefined where the skim does not read the file.
 */
export type Skim = (text: string, filePath: string, bomLength: number) => FileEntries | undefined;

/** How a run's engine makes index entries: of a parsed file (indexEntries), and by the skim (skimmedEntries). */
export function indexReaders(engine: Engine): { entries: Entries; skim: Skim } {
  return {
    entries: (parsed) => indexEntries(engine, parsed),
    skim: (text, filePath, bomLength) => skimmedEntries(engine, text, filePath, bomLength),
  };
}

/**
 * Read a file for its index entries only (a file the run does not lint): by the skim, which builds only what the
 * index keeps, else parsed whole for its values (no node trees). A file that cannot be read or decoded gets the
 * entries of its failed file, as readAndParse gives it.
 */
export function readEntries(
  filePath: string,
  maxFileSize: number = DEFAULT_MAX_FILE_SIZE,
  entries: Entries,
  skim?: Skim,
  /** Sees the bytes read (the index cache hashes them); they are valid during the call only. */
  onBytes?: (bytes: Uint8Array) => void,
  ahead?: ReadAhead,
): FileEntries {
  const read = readText(filePath, maxFileSize, onBytes, ahead);
  return read instanceof ParsedFile ? entries(read) : entriesOfText(read, filePath, entries, skim);
}

/**
 * A file only indexed, read without being skimmed where it can be: `scan` (src/resources/kind-scan.ts) tells from its
 * text which kinds its objects may have (more, never fewer), or nothing when it cannot be sure. When it tells, the
 * file's entries are left to be made (PendingEntries: `again` reads the file when a question needs one of those
 * kinds); otherwise, and for a file that cannot be read or decoded, they are readEntries' (and `onBytes` sees the
 * bytes read).
 */
export function readEntriesLazily(
  filePath: string,
  maxFileSize: number = DEFAULT_MAX_FILE_SIZE,
  entries: Entries,
  skim: Skim,
  scan: (text: string, filePath: string) => readonly string[] | undefined,
  again: (filePath: string) => FileEntries,
  onBytes?: (bytes: Uint8Array) => void,
  ahead?: ReadAhead,
  beforeReads?: (count: number) => void,
): RepositoryFile {
  let bytes: Uint8Array | undefined;
  const read = readText(filePath, maxFileSize, onBytes && ((b) => (bytes = b)), ahead);
  const kinds = read instanceof ParsedFile ? undefined : scan(read.text, filePath);
  // Left unskimmed: `onBytes` does not see the bytes (the index cache keeps no hash of them: should the file's stamp
  // change, a later run scans it again, which costs what hashing it would).
  if (kinds) return { filePath, kinds, decode: () => withinKinds(again(filePath), kinds), beforeReads };
  // Made now: `onBytes` sees the bytes read as readEntries shows them (still the buffer's: nothing was read since).
  if (bytes) onBytes!(bytes);
  return read instanceof ParsedFile ? entries(read) : entriesOfText(read, filePath, entries, skim);
}

/** A text's index entries: by the skim when given and it reads the text, else parsed whole for its values (no trees). */
function entriesOfText(read: { text: string; bomLength: number }, filePath: string, entries: Entries, skim?: Skim): FileEntries {
  return skim?.(read.text, filePath, read.bomLength) ?? entries(parseText(read.text, filePath, read.bomLength, { trees: false }));
}

function failureMessage(failure: ReadFailure): LintMessage {
  return failure.kind === 'tooLarge'
    ? tooLargeMessage(failure.size, failure.maxFileSize, failure.atLeast)
    : fatalMessage(`Cannot read file: ${failure.reason}`, 1, 1, { messageId: 'unreadable' });
}

export function tooLargeMessage(size: number, maxFileSize: number, atLeast = false): LintMessage {
  const mib = (n: number) => (n >= 104_858 ? `${Math.round((n / 1024 / 1024) * 10) / 10} MiB` : `${n} bytes`);
  // `atLeast`: the read stopped at the limit (stat said less), so the real size is unknown.
  return fatalMessage(
    `File too large: ${atLeast ? `more than ${mib(maxFileSize)}, reading stopped at the limit` : `${mib(size)}, over the ${mib(maxFileSize)} limit`}, so it was not parsed; split it, or raise the limit with --max-file-size`,
    1,
    1,
    { messageId: 'tooLarge' },
  );
}

export function failedFile(filePath: string, message: LintMessage): ParsedFile {
  const file = parseText('', filePath);
  file.messages.push(message);
  return file;
}

/**
 * The index pass's reading, and files kept for the lint pass within a budget of bytes: a file that fits is parsed
 * with node trees and kept; the others are read for their index entries only (by the skim when given, else for their
 * values: a fraction of the work) and read again when linted.
 */
export class ParsedStore {
  private readonly kept = new Map<string, ParsedFile>();
  private room: number;

  constructor(
    /** The index entries of a parsed file (the engine's `indexEntries`). */
    private readonly entries: Entries,
    budget = DEFAULT_KEEP_PARSED,
    /** The index entries of a file's text by the skim (the engine's `skimmedEntries`), for the files not kept. */
    private readonly skim?: Skim,
    /** The run's read-ahead thread, for the reads of both passes (src/read/read-ahead.ts). */
    readonly ahead?: ReadAhead,
  ) {
    this.room = budget;
  }

  /** Read a file for the index pass: its index entries. `onBytes` sees the bytes read, during the call only (the index cache hashes them). */
  index(filePath: string, maxFileSize: number = DEFAULT_MAX_FILE_SIZE, onBytes?: (bytes: Uint8Array) => void): FileEntries {
    const read = readText(filePath, maxFileSize, onBytes, this.ahead);
    if (read instanceof ParsedFile) return this.entries(read);
    if (read.size > this.room) return entriesOfText(read, filePath, this.entries, this.skim);
    const parsed = parseText(read.text, filePath, read.bomLength);
    this.room -= parsed.text.length;
    this.kept.set(filePath, parsed);
    return this.entries(parsed);
  }

  /** Whether the file read by the index pass is kept for the lint pass. */
  holds(filePath: string): boolean {
    return this.kept.has(filePath);
  }

  /** The file for the lint pass: the one kept, or read again (with node trees unless `trees` says otherwise). */
  take(filePath: string, maxFileSize?: number, trees: Trees = true): ParsedFile {
    const file = this.kept.get(filePath);
    if (!file) return readAndParse(filePath, maxFileSize, trees, undefined, this.ahead);
    this.kept.delete(filePath);
    return file;
  }
}

export const DEFAULT_KEEP_PARSED = 4 * 1024 * 1024;

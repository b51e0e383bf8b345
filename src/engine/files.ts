/** Reading and parsing the files of a run: one file at a time, failures as one fatal message, a budget of kept files. */
import { decode, DEFAULT_MAX_FILE_SIZE, fatalMessage, type ParsedFile, parseText } from '../parse/index.js';
import { readBytes, type ReadFailure } from '../read/index.js';
import type { FileEntries } from '../resources/index.js';
import type { LintMessage } from '../shared/types.js';

/** Whether the fast path builds node trees (positions): always, never, or decided by the file's size in bytes. */
export type Trees = boolean | ((size: number) => boolean);

export function readAndParse(
  filePath: string,
  maxFileSize: number = DEFAULT_MAX_FILE_SIZE,
  trees: Trees = true,
  /** Sees the bytes read (`--fix` keeps their digest, to write only over the same content). */
  onBytes?: (bytes: Uint8Array) => void,
): ParsedFile {
  const read = readBytes(filePath, maxFileSize);
  if ('failure' in read) return failedFile(filePath, failureMessage(read.failure));
  onBytes?.(read.bytes);
  const decoded = decode(read.bytes);
  if ('error' in decoded) return failedFile(filePath, decoded.error);
  return parseText(decoded.text, filePath, decoded.bomLength, { trees: typeof trees === 'function' ? trees(read.bytes.length) : trees });
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
 * with node trees and kept; the others are read for their values only (half the work) and read again when linted.
 */
export class ParsedStore {
  private readonly kept = new Map<string, ParsedFile>();
  private room: number;

  constructor(
    /** The index entries of a parsed file (the engine's `indexEntries`). */
    private readonly entries: (parsed: ParsedFile) => FileEntries,
    budget = DEFAULT_KEEP_PARSED,
  ) {
    this.room = budget;
  }

  /** Read a file for the index pass: its index entries. `onBytes` sees the bytes read (the index cache hashes them). */
  index(filePath: string, maxFileSize?: number, onBytes?: (bytes: Uint8Array) => void): FileEntries {
    let keep = false;
    const parsed = readAndParse(filePath, maxFileSize, (size) => (keep = size <= this.room), onBytes);
    if (keep) {
      this.room -= parsed.text.length;
      this.kept.set(filePath, parsed);
    }
    return this.entries(parsed);
  }

  /** The file for the lint pass: the one kept, or read again. */
  take(filePath: string, maxFileSize?: number): ParsedFile {
    const file = this.kept.get(filePath);
    if (!file) return readAndParse(filePath, maxFileSize);
    this.kept.delete(filePath);
    return file;
  }
}

export const DEFAULT_KEEP_PARSED = 4 * 1024 * 1024;

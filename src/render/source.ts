/**
 * Reading source files for the render stage: a cache of parsed files, patches held as inline strings (whose inner
 * positions are translated back to the file that holds them), and `locate` results as SourceLocations.
 */
import { pairOf, parseText, positionAt, type ParsedDocument, type ParsedFile, type TreeNode } from '../parse/index.js';
import { locate } from '../parse/index.js';
import { outsideTreeReason, readBytes, ReadBuffer } from '../read/index.js';
import type { Path } from '../shared/types.js';
import type { DocumentRef, SourceLocation } from './types.js';

/** Reads a file's text; returns undefined when it cannot. */
export type ReadText = (filePath: string) => string | undefined;

/** The most the render stage reads of one source file (the engine's own limit is the run's --max-file-size). */
const MAX_SOURCE_BYTES = 10 * 1024 * 1024;

/**
 * A regular file's bytes, bounded; undefined for anything else. Never blocks: a FIFO or device named like a manifest
 * is refused by `readBytes` (non-blocking open, regular files only), as the engine's own reads refuse it.
 */
export type ReadBytes = (filePath: string) => Uint8Array | undefined;

const readBytesFromDisk: ReadBytes = (filePath) => {
  const read = readBytes(filePath, MAX_SOURCE_BYTES);
  return 'bytes' in read ? read.bytes : undefined;
};

/** UTF-8 text of bytes read. */
export function textOf(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

/** A regular file's text, bounded; undefined for anything else (as `readBytesFromDisk`). */
export const readTextFromDisk: ReadText = (filePath) => {
  const bytes = readBytesFromDisk(filePath);
  return bytes && textOf(bytes);
};

/**
 * A regular file's bytes (as `readBytesFromDisk`), for files inside the tree at `root` only: a link out of it (or into
 * `.git`) reads as nothing. The reader keeps its folders' real paths (as a walk does), so a file that is no link costs
 * one `lstat`, not a `realpath`; and it reads into one buffer (ReadBuffer), so the bytes it gives are valid only until
 * its next read: the caller uses them at once.
 */
export function readBytesWithin(root: string): ReadBytes {
  const realDirs = new Map<string, string>();
  const scratch = new ReadBuffer();
  return (filePath) => {
    if (outsideTreeReason(root, filePath, realDirs) !== undefined) return undefined;
    const read = readBytes(filePath, MAX_SOURCE_BYTES, scratch);
    return 'bytes' in read ? read.bytes : undefined;
  };
}

/** `readTextFromDisk` for files inside the tree at `root` only (as `readBytesWithin`). */
export function readTextWithin(root: string): ReadText {
  return textReader(readBytesWithin(root));
}

/** The text of what `readBytes` reads. */
export function textReader(read: ReadBytes): ReadText {
  return (filePath) => {
    const bytes = read(filePath);
    return bytes && textOf(bytes);
  };
}

/** A YAML text with positions that may sit inside another file (an inline patch). */
export interface YamlSource {
  file: ParsedFile;
  /** Turns a position of `file` into one of the real file. */
  translate: (line: number, column: number) => { line: number; column: number };
  filePath: string;
}

export class SourceCache {
  private files = new Map<string, ParsedFile | null>();
  private inline = new Map<string, YamlSource | null>();
  constructor(private readonly read: ReadText = readTextFromDisk) {}

  text(filePath: string): string | undefined {
    return this.read(filePath);
  }

  file(filePath: string): ParsedFile | undefined {
    if (!this.files.has(filePath)) {
      const text = this.read(filePath);
      this.files.set(filePath, text === undefined ? null : parseText(text, filePath));
    }
    return this.files.get(filePath) ?? undefined;
  }

  /** The file parsed from `text`, already read by the caller (the same text `file` would read); kept as `file` keeps it. */
  fileOfText(filePath: string, text: string): ParsedFile {
    let parsed = this.files.get(filePath);
    if (!parsed) this.files.set(filePath, (parsed = parseText(text, filePath)));
    return parsed;
  }

  document(filePath: string, index: number): ParsedDocument | undefined {
    return this.file(filePath)?.documents.find((d) => d.index === index);
  }

  /** The YAML held by a string scalar (an inline patch), or the document itself when `inline` is false. */
  yaml(ref: DocumentRef, inline: boolean): YamlSource | undefined {
    if (!inline) {
      const file = this.file(ref.filePath);
      return file && { file, translate: (line, column) => ({ line, column }), filePath: ref.filePath };
    }
    const key = `${ref.filePath}\0${ref.documentIndex}\0${ref.path.join('\0')}`;
    if (!this.inline.has(key)) this.inline.set(key, this.inlineYaml(ref) ?? null);
    return this.inline.get(key) ?? undefined;
  }

  private inlineYaml(ref: DocumentRef): YamlSource | undefined {
    const outer = this.file(ref.filePath);
    const document = this.document(ref.filePath, ref.documentIndex);
    if (!outer || !document) return undefined;
    const node = nodeAt(document, ref.path);
    if (node?.kind !== 'scalar' || typeof node.value !== 'string') return undefined;
    const file = parseText(node.value, ref.filePath);
    const start = positionAt(outer.lineCounter, node.start);
    if (node.style === 'BLOCK_LITERAL' || node.style === 'BLOCK_FOLDED') {
      const text = outer.text;
      const lineEnd = text.indexOf('\n', node.start);
      const body = lineEnd === -1 ? '' : text.slice(lineEnd + 1, node.end);
      const firstContent = body.split('\n').find((l) => l.trim() !== '') ?? '';
      const indent = firstContent.length - firstContent.trimStart().length;
      return { file, filePath: ref.filePath, translate: (line, column) => ({ line: start.line + line, column: column + indent }) };
    }
    const quoted = node.style === 'QUOTE_DOUBLE' || node.style === 'QUOTE_SINGLE' ? 1 : 0;
    return {
      file,
      filePath: ref.filePath,
      translate: (line, column) => (line === 1 ? { line: start.line, column: start.column + quoted + column - 1 } : { line: start.line + line - 1, column }),
    };
  }
}

/** `locate` in a YamlSource, as a SourceLocation of the real file. */
export function locateIn(source: YamlSource, document: ParsedDocument, path: Path): SourceLocation & { exact: boolean } {
  const range = locate(document, path, source.file.lineCounter, source.file.text);
  const a = source.translate(range.line, range.column);
  const b = source.translate(range.endLine, range.endColumn);
  return { filePath: source.filePath, line: a.line, column: a.column, endLine: b.line, endColumn: b.column, exact: range.exact };
}

/** The start of a document path as a SourceLocation (a whole document: its first line). */
export function locateRef(cache: SourceCache, ref: DocumentRef): SourceLocation {
  const file = cache.file(ref.filePath);
  const document = cache.document(ref.filePath, ref.documentIndex);
  if (!file || !document) return { filePath: ref.filePath, line: 1, column: 1, endLine: 1, endColumn: 1 };
  const { exact: _exact, ...location } = locateIn({ file, filePath: ref.filePath, translate: (line, column) => ({ line, column }) }, document, ref.path);
  return location;
}

export function fileStart(filePath: string): SourceLocation {
  return { filePath, line: 1, column: 1, endLine: 1, endColumn: 1 };
}

/** The node at a path of a document's tree, or undefined. */
function nodeAt(document: ParsedDocument, path: Path): TreeNode | null | undefined {
  let node: TreeNode | null | undefined = document.tree().contents;
  for (const key of path) {
    if (node?.kind === 'map') node = pairOf(node, String(key))?.value;
    else if (node?.kind === 'seq' && typeof key === 'number') node = node.items[key];
    else return undefined;
  }
  return node;
}

/**
 * parse: one file's text → its YAML documents (plain values, and node trees with positions, src/parse/tree.ts) and
 * the Kubernetes objects they hold. Nothing here decides what is a finding.
 *
 * Two readers, one result. The fast reader (src/parse/fast-reader.ts: the block reader, src/parse/block-reader.ts, for
 * the block-style YAML nearly every manifest is, else js-yaml) reads nearly every real file, values and trees, more
 * than ten times faster than the `yaml` package; it refuses what it would read differently or cannot
 * place exactly, and the `yaml` package reader (src/parse/yaml-reader.ts) reads those files: aliases and anchors the
 * block reader does not read (as keys, in flow collections, beyond its limits), tags, merge keys, duplicate keys,
 * errors, template actions. A fast-read file asks the `yaml` package only for what the
 * fast reader does not give, on first use, through `ParsedFile.full()`: its comments (a file holding a suppression
 * directive) and the trees it could not place. `ParsedFile.holds` says which of the three a file is.
 */
import { isAscii } from 'node:buffer';
import type { LintMessage, Path } from '../shared/types.js';
import { blockParse, blockSkim, blockTree, knownReadable, readableAscii, type Want } from './block-reader.js';
import { eventParse, type FastDocument } from './fast-reader.js';
import { LineTable, type LinePositions } from './lines.js';
import { fatalMessage } from './messages.js';
import { EMPTY_DOCUMENT, type TreeDocument } from './tree.js';
import { readWithYaml, type Comment, type YamlReading } from './yaml-reader.js';

/** Files larger than this (bytes) get one diagnostic instead of being parsed, unless `maxFileSize` raises it. */
export const DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024;

/**
 * What a parsed file holds:
 * - `values`: the js-yaml path's plain values only (trees were not asked for, or could not be placed): each document's
 *   tree is the `yaml` package's, read on first use (ParsedFile.full());
 * - `positions`: the fast reader's values and node trees (the block reader's are read per document on first use, with
 *   or without `trees`);
 * - `full`: read by the `yaml` package: values, trees, errors and comments.
 */
export type Holds = 'values' | 'positions' | 'full';

export class ParsedDocument {
  constructor(
    private readonly file: ParsedFile,
    /** 0-based position of the document in its file. */
    readonly index: number,
    /** The document as plain data; undefined when it could not be built (errors are in ParsedFile.messages). */
    readonly value: unknown,
    /** True when the document had a fatal error and must not be linted. */
    readonly broken: boolean,
    /** The reader's node tree; undefined in a file that holds values only, and until read where `at` is given. */
    private own: TreeDocument | undefined,
    /** Where the block reader read the document's root without its tree: the tree is read from there on first use. */
    private at?: number,
    /** The text has CRLF line ends: src/parse/position.ts does not place paths from it (unreadTree). */
    private readonly crlf = false,
  ) {}

  /**
   * Where the block reader read the document's root, while its tree is not read: src/parse/position.ts places a path
   * from the text alone then (most documents with a finding need no tree). Undefined once the tree is read or asked for.
   */
  unreadTree(): number | undefined {
    return this.own || this.crlf ? undefined : this.at;
  }

  /**
   * The document's node tree: the reader's own, else the block reader's, read on first use for this document alone
   * (a file parsed with trees by the block reader: most documents of a run have no finding and need none), else (a
   * file that holds values only, or a document whose tree the block reader cannot place) the tree of the `yaml`
   * package's document at the same index. Both readers count documents alike and give the same trees
   * (test/fast-values.test.ts checks it on the corpus).
   */
  tree(): TreeDocument {
    if (this.own) return this.own;
    if (this.at !== undefined) {
      const at = this.at;
      this.at = undefined;
      this.own = blockTree(this.file.text, at, this.crlf);
      if (this.own) return this.own;
    }
    return (this.own = this.file.full().tree(this.index) ?? EMPTY_DOCUMENT);
  }
}

export class ParsedFile {
  /** The file's documents that hold something (empty ones are left out; `index` keeps their place). */
  readonly documents: ParsedDocument[];
  /** Fatal problems (ruleId null) found while reading or parsing. */
  readonly messages: LintMessage[];
  /** Info-level notices, e.g. a Helm template passed over. */
  readonly notices: LintMessage[];
  readonly lineCounter: LinePositions;
  /** The `yaml` package's reading of the file: given for a file that holds `full`, else read by full() on first use. */
  private reading: YamlReading | undefined;

  constructor(
    readonly filePath: string,
    /** The decoded text, without a byte order mark. Offsets of nodes and comments index into it. */
    readonly text: string,
    /** Length of the byte order mark that was removed (0 or 1 characters), for fixes that write back. */
    readonly bomLength: number,
    readonly holds: Holds,
    lineCounter: LinePositions,
    documents: (file: ParsedFile) => ParsedDocument[],
    reading?: YamlReading,
  ) {
    this.lineCounter = lineCounter;
    this.reading = reading;
    this.documents = documents(this);
    this.messages = reading ? reading.messages : [];
    this.notices = reading ? reading.notices : [];
  }

  /**
   * The `yaml` package's reading of the file (trees, errors, comments), memoised. For a fast-read file it is read
   * here, once, without plain values; its errors are not the file's (the fast reader read the file).
   */
  full(): YamlReading {
    return (this.reading ??= readWithYaml(this.text, this.lineCounter, false));
  }

  /** The file's comments in file order (suppression directives), from the `yaml` package's CST. */
  comments(): Comment[] {
    return this.full().comments();
  }
}

/** Decide how a file's bytes are text. Returns the text or a fatal message. */
export function decode(bytes: Uint8Array): { text: string; bomLength: number } | { error: LintMessage } {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    const le = bytes[0] === 0xff;
    const text = new TextDecoder(le ? 'utf-16le' : 'utf-16be').decode(bytes.subarray(2));
    return { text, bomLength: 0 };
  }
  let start = 0;
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  const body = bytes.subarray(start);
  const nul = body.indexOf(0);
  if (nul !== -1) {
    return { error: fatalMessage('Parsing error: binary file (it holds a NUL byte); kubeward reads YAML and JSON text only', 1, 1, { messageId: 'binary' }) };
  }
  // Nearly every manifest is ASCII: a SIMD check, then a byte per character, about a quarter fewer instructions than
  // decoding UTF-8, for the same string (ASCII is the same in both).
  if (isAscii(body)) {
    const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('latin1');
    // The block reader's test of the whole text for characters it refuses, done here on the bytes, at a third of the cost.
    if (readableAscii(body)) knownReadable(text);
    return { text, bomLength: start ? 1 : 0 };
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    return { text, bomLength: start ? 1 : 0 };
  } catch {
    // Find the first invalid byte for an exact position.
    const lossy = new TextDecoder('utf-8').decode(body);
    const bad = lossy.indexOf('\uFFFD');
    const before = lossy.slice(0, Math.max(bad, 0));
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    return { error: fatalMessage('Parsing error: the file is not valid UTF-8; save it as UTF-8', line, column, { messageId: 'encoding' }) };
  }
}

/**
 * Parse one file's text. Never throws. `full`: always through the `yaml` package; `trees: false`: no node trees from
 * the js-yaml path (the index pass reads only values; trees would be read with the yaml package if asked for). A file
 * the block reader reads gets its trees per document on first use either way.
 */
export function parseText(text: string, filePath: string, bomLength = 0, options: { full?: boolean; trees?: boolean } = {}): ParsedFile {
  if (text.charCodeAt(0) === 0xfeff) {
    text = text.slice(1);
    bomLength = 1;
  }
  const lines = new LineTable(text);
  if (!options.full) {
    // The block reader reads the values, and each document's tree on first use (ParsedDocument.tree()), which most
    // documents of a big run never need: with or without `trees`, it costs nothing until asked for. Where it does not
    // read the file, the js-yaml path reads the values, and the trees when asked for.
    const values = blockParse(text, false);
    if (values) return fastFile(text, filePath, bomLength, lines, values, true);
    const parsed = eventParse(text, options.trees ?? true);
    if (parsed) return fastFile(text, filePath, bomLength, lines, parsed);
  }
  const reading = readWithYaml(text, lines);
  const documents = (file: ParsedFile) => reading.documents.map((d) => new ParsedDocument(file, d.index, d.value, d.broken, d.tree));
  return new ParsedFile(filePath, text, bomLength, 'full', lines, documents, reading);
}

/**
 * A file read for what `want` asks of each document (the index pass, src/resources/skim.ts): its documents hold only
 * that (blockSkim), or undefined where the block reader does not read the file (parse it with parseText then). Where
 * it reads a file, parseText reads the same documents at the same indexes, with the same values where they are built.
 * Its values are partial: such a file is read for index entries only, never linted.
 */
export function skimText(text: string, filePath: string, bomLength: number, want: Want): ParsedFile | undefined {
  if (text.charCodeAt(0) === 0xfeff) {
    text = text.slice(1);
    bomLength = 1;
  }
  const values = blockSkim(text, want);
  if (!values) return undefined;
  return fastFile(
    text,
    filePath,
    bomLength,
    new LineTable(text),
    values.map((value) => ({ value, tree: undefined })),
  );
}

/**
 * A file the fast reader read: documents with no content are left out (their indexes stay). `lazy`: the block reader
 * read it without trees, to read each document's tree on first use.
 */
function fastFile(text: string, filePath: string, bomLength: number, lines: LineTable, parsed: FastDocument[], lazy = false): ParsedFile {
  // The fast reader gives trees for every document of a file or for none.
  const holds = lazy || parsed.every((d) => d.tree) ? 'positions' : 'values';
  const documents = (file: ParsedFile) => {
    const out: ParsedDocument[] = [];
    parsed.forEach(({ value, tree, at, crlf }, index) => {
      if (value !== null && value !== undefined) out.push(new ParsedDocument(file, index, value, false, tree, lazy ? at : undefined, crlf));
    });
    return out;
  };
  return new ParsedFile(filePath, text, bomLength, holds, lines, documents);
}

/** A YAML mapping node as plain object, if the value is one. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface RawObject {
  document: ParsedDocument;
  /** Where the object sits in its document: [] for a top-level object, ['items', 3] for a List item. */
  basePath: Path;
  value: Record<string, unknown>;
}

/** The Kubernetes objects a file holds: documents with apiVersion and kind, and the items of `kind: List`. */
export function objectsOf(file: ParsedFile): RawObject[] {
  const objects: RawObject[] = [];
  for (const document of file.documents) {
    if (document.broken) continue;
    const value = document.value;
    if (!isPlainObject(value)) continue;
    if (isListObject(value)) {
      (value.items as unknown[]).forEach((item, i) => {
        if (isPlainObject(item) && isKubernetesObject(item)) objects.push({ document, basePath: ['items', i], value: item });
      });
      continue;
    }
    if (isKubernetesObject(value) || isKustomizationFile(file.filePath, value)) objects.push({ document, basePath: [], value });
  }
  return objects;
}

function isListObject(value: Record<string, unknown>): boolean {
  return typeof value.kind === 'string' && /List$/.test(value.kind) && typeof value.apiVersion === 'string' && Array.isArray(value.items);
}

export function isKubernetesObject(value: Record<string, unknown>): boolean {
  return typeof value.apiVersion === 'string' && typeof value.kind === 'string' && value.apiVersion !== '' && value.kind !== '';
}

const KUSTOMIZATION_FILE = /(^|[\\/])(kustomization\.ya?ml|Kustomization)$/;

/** kustomization.yaml often has no apiVersion/kind; its file name says what it is. */
export function isKustomizationFile(filePath: string, value: Record<string, unknown>): boolean {
  return KUSTOMIZATION_FILE.test(filePath) && (value.kind === undefined || value.kind === 'Kustomization');
}

/**
 * parse: one file's text → YAML documents with positions, the CST tokens (comments, for suppression
 * directives), and the Kubernetes objects they hold. Nothing here decides what is a finding.
 */
import type { CST, Document, Node } from 'yaml';
type Token = CST.Token;
import type { LintMessage, Path } from '../shared/types.js';
import { fastParse, type FastDocument } from './fast-reader.js';
import { yamlScalarTags } from './scalars.js';
import { isAlias, isMap, isPair, isScalar, isSeq, LineTable, yamlModule, type LinePositions } from './nodes.js';

/**
 * How kubeward reads YAML with the `yaml` package: the way Kubernetes does (sigs.k8s.io/yaml over go-yaml, YAML 1.1
 * scalars by the rules of src/parse/scalars.ts: `yes` is a boolean, `0644` is octal), duplicate keys refused, alias
 * expansion capped (MAX_ALIAS_EXPANSION).
 */
export const YAML_OPTIONS = {
  version: '1.1' as const,
  uniqueKeys: true,
  prettyErrors: false,
  keepSourceTokens: false,
  strict: true,
  logLevel: 'error' as const,
  customTags: yamlScalarTags,
};

/**
 * Alias expansion budget per document ("billion laughs" guard): the nodes that aliases add when the document is
 * turned into plain data, counting every alias as the full size of the node it repeats. Aliases share the data
 * they repeat, so memory stays linear, and the budget bounds the time of everything that walks the data.
 */
export const MAX_ALIAS_EXPANSION = 100_000;

/** Deepest nesting of maps and sequences kubeward reads (real manifests stay far below 100). */
export const MAX_DEPTH = 256;

/** Files larger than this (bytes) get one diagnostic instead of being parsed, unless `maxFileSize` raises it. */
export const DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024;

export interface ParsedDocument {
  /** 0-based position of the document in its file. */
  index: number;
  doc: Document.Parsed;
  /** The document as plain data; undefined when it could not be built (errors are in ParsedFile.messages). */
  value: unknown;
  /** True when the document had a fatal error and must not be linted. */
  broken: boolean;
}

export interface ParsedFile {
  filePath: string;
  /** The decoded text, without a byte order mark. Offsets of nodes and tokens index into it. */
  text: string;
  /** Length of the byte order mark that was removed (0 or 1 characters), for fixes that write back. */
  bomLength: number;
  lineCounter: LinePositions;
  /** CST tokens of the whole stream: comment tokens live here. Empty when the file was not parsed. */
  tokens: Token[];
  documents: ParsedDocument[];
  /** Fatal problems (ruleId null) found while reading or parsing. */
  messages: LintMessage[];
  /** Info-level notices, e.g. a Helm template passed over. */
  notices: LintMessage[];
}

export interface LineCol {
  line: number;
  column: number;
}

/** 1-based line and column of a character offset. */
export function positionAt(lineCounter: LinePositions, offset: number): LineCol {
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

export function fatalMessage(message: string, line = 1, column = 1, extra: Partial<LintMessage> = {}): LintMessage {
  return { ruleId: null, fatal: true, severity: 2, message, line, column, ...extra };
}

export function notice(message: string, line = 1, column = 1, messageId?: string): LintMessage {
  return { ruleId: null, severity: 0, message, line, column, ...(messageId ? { messageId } : {}) };
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
 * Parse one file's text. Never throws. `full`: always through the `yaml` package; `trees: false`: no node trees on
 * the fast path (the index pass reads only values; positions would be built with the yaml package if asked for).
 */
export function parseText(text: string, filePath: string, bomLength = 0, options: { full?: boolean; trees?: boolean } = {}): ParsedFile {
  if (text.charCodeAt(0) === 0xfeff) {
    text = text.slice(1);
    bomLength = 1;
  }
  if (!options.full) {
    const parsed = fastParse(text, { trees: options.trees ?? true });
    if (parsed) return fastFile(text, filePath, bomLength, parsed);
  }
  return parseFully(text, filePath, bomLength);
}

/**
 * A file read on the fast path: plain values and node trees with positions (src/fast-values.ts), which is all the
 * engine needs to check, position and fix. What the fast path does not give is built with the `yaml` package on first
 * use: the CST tokens (comments), which only a file holding a comment directive asks for, and the positions of a
 * document whose nodes the fast path could not place exactly (or when `trees` was false).
 */
function fastFile(text: string, filePath: string, bomLength: number, parsed: FastDocument[]): ParsedFile {
  let full: ParsedFile | undefined;
  const yamlParse = () => (full ??= parseFully(text, filePath, bomLength, false));
  const documents: ParsedDocument[] = [];
  parsed.forEach(({ value, doc }, index) => {
    if (value === null || value === undefined) return;
    if (doc) {
      documents.push({ index, value, broken: false, doc: doc as unknown as Document.Parsed });
      return;
    }
    const document = { index, value, broken: false } as ParsedDocument;
    Object.defineProperty(document, 'doc', { enumerable: false, get: () => yamlDocument(yamlParse(), index, value).doc });
    documents.push(document);
  });
  const file = { filePath, text, bomLength, lineCounter: new LineTable(text), documents, messages: [], notices: [] } as unknown as ParsedFile;
  Object.defineProperty(file, 'tokens', { enumerable: false, get: () => yamlParse().tokens });
  return file;
}

/**
 * The `yaml` document that holds a fast-path document: the one at the same index, which test/fast-values.test.ts
 * shows is the rule; should the two parsers ever count documents differently, the one with the same value.
 */
function yamlDocument(full: ParsedFile, index: number, value: unknown): ParsedDocument {
  const want = identity(value);
  const same = (d: ParsedDocument) => documentIdentity(d) === want;
  const atIndex = full.documents.find((d) => d.index === index);
  if (atIndex && same(atIndex)) return atIndex;
  const json = safeJson(value);
  return full.documents.find((d) => same(d) && safeJson(d.doc.toJS({ maxAliasCount: 1000 })) === json) ?? atIndex ?? full.documents[0];
}

function identity(value: unknown): string {
  if (!isPlainObject(value)) return typeof value;
  const metadata = isPlainObject(value.metadata) ? value.metadata : {};
  return safeJson([value.apiVersion, value.kind, metadata.namespace, metadata.name]);
}

/** identity() of a yaml document, read from its nodes (positions-only documents have no plain value). */
function documentIdentity(document: ParsedDocument): string {
  const contents = document.doc.contents;
  if (!isMap(contents)) return contents === null ? 'object' : isSeq(contents) ? 'object' : typeof (contents as { value?: unknown })?.value;
  const at = (path: string[]) => {
    const node = nodeAt(document, path);
    return isScalar(node) ? node.value : node === undefined ? undefined : '[collection]';
  };
  return safeJson([at(['apiVersion']), at(['kind']), at(['metadata', 'namespace']), at(['metadata', 'name'])]);
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'undefined';
  } catch {
    return '?';
  }
}

/** Files parsed only for positions (the fast path already has their values): no plain values are built. */
const positionsOnly = new WeakSet<ParsedFile>();

function parseFully(text: string, filePath: string, bomLength: number, buildValues = true): ParsedFile {
  // Lines are counted here rather than by the parser's callback, which misses line breaks inside some error tokens.
  const file: ParsedFile = { filePath, text, bomLength, lineCounter: new LineTable(text), tokens: [], documents: [], messages: [], notices: [] };
  if (!buildValues) positionsOnly.add(file);

  try {
    // An unclosed quote swallows the rest of the file (the yaml package reads on past `---`). YAML forbids `---` and
    // `...` at the start of a line inside a scalar, so kubeward reports the quote and reads the rest of the file from
    // that marker on, one `---` document at a time: documents after it are still linted, in linear time.
    try {
      const split = composeStream(file, text);
      if (split !== undefined) readByDocument(file, split);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      // The yaml parser recursed too deep (a deeply nested block closed by `---`): read the file again one
      // document at a time, so only the document that is too deep is lost.
      readByDocument(file, 0);
    }
    // An empty stream still yields one (empty) document; drop documents with no content at all.
    file.documents = file.documents.filter((d) => d.doc.contents !== null || d.doc.errors.length > 0 || d.broken);
  } catch (error) {
    // The yaml package does not throw on bad input; this is a last line of defence.
    file.messages.push(fatalMessage(`Parsing error: ${(error as Error).message}`, 1, 1, { messageId: 'internal' }));
  }
  if (text.includes('{{')) {
    const at = templateActionOutsideStrings(file);
    if (at !== undefined) {
      const pos = positionAt(file.lineCounter, at);
      file.documents = [];
      file.messages = [];
      file.notices.push(
        notice(
          'Helm or Go template passed over: render it first (`helm template . | kubeward -`) to lint what it produces',
          pos.line,
          pos.column,
          'template',
        ),
      );
    }
  }
  return file;
}

/** A line that starts with `---` or `...`: a document marker, which YAML forbids inside any scalar. */
const MARKER_LINE = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/gm;

/**
 * Read the file from offset `from` on, one `---` document at a time (see parseText); from 0, start the file over.
 * Each part is read once, so this is linear in the file's size, and an unclosed quote or a document too deep for the
 * parser loses only its own part.
 */
function readByDocument(file: ParsedFile, from: number): void {
  const { text } = file;
  if (from === 0) {
    file.documents = [];
    file.tokens = [];
    file.messages = [];
  } else if (text.startsWith('...', from)) {
    // A document end marker closes what came before; the next part starts after it.
    const lineEnd = text.indexOf('\n', from);
    from = lineEnd === -1 ? text.length : lineEnd + 1;
  }
  const starts = [from];
  const marker = /^---(?=[ \t\r\n]|$)/gm;
  marker.lastIndex = from;
  for (let match = marker.exec(text); match; match = marker.exec(text)) if (match.index > from) starts.push(match.index);
  starts.forEach((start, i) => {
    const end = i + 1 < starts.length ? starts[i + 1] : text.length;
    try {
      composeStream(file, text.slice(start, end), start);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      const at = positionAt(file.lineCounter, start);
      file.messages.push(
        fatalMessage(
          `Parsing error: maps and sequences nested too deep to read; kubeward does not read this document (real manifests nest far less: flatten it)`,
          at.line,
          at.column,
          { messageId: 'tooDeep' },
        ),
      );
    }
  });
}

/**
 * Parse and compose `source` (the file's text, or the file's text with a prefix blanked out, or one part of the file
 * that starts at `offset`) into file.documents. Returns the offset to read again from when the last document's
 * unclosed quote swallowed a document marker.
 */
function composeStream(file: ParsedFile, source: string, offset = 0): number | undefined {
  const { Composer, Parser, visit } = yamlModule();
  const parser = new Parser();
  parser.offset = offset;
  // The yaml package checks duplicate keys in quadratic time (a 20,000-key map takes seconds); kubeward checks
  // them itself, in linear time, while building plain values (see toPlain), whenever YAML_OPTIONS asks for it.
  const composer = new Composer({ ...YAML_OPTIONS, uniqueKeys: false });
  const tokens = Array.from(parser.parse(source));
  // The k-th document token composes into the k-th document. A document nested deeper than MAX_DEPTH is
  // composed empty (the composer recurses) and reported, so no stage ever recurses that deep.
  const tooDeep = new Map<number, number>();
  const composed: Document.Parsed[] = [];
  let documentTokens = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.type === 'document' && token.value) {
      const at = tooDeepAt(token.value);
      if (at !== undefined) {
        tooDeep.set(documentTokens, at);
        // Later stages walk the CST (comment directives): give them the shallow token too.
        tokens[i] = { ...token, value: undefined };
      }
    }
    if (token.type === 'document') documentTokens++;
    for (const doc of composer.next(tokens[i])) composed.push(doc);
  }
  for (const doc of composer.end(true, offset + source.length)) composed.push(doc);
  for (const token of tokens) file.tokens.push(token);
  let split: number | undefined;
  composed.forEach((doc, k) => {
    const unclosed = doc.errors.filter((e) => e.code === 'MISSING_CHAR' && /closing .?quote/.test(e.message));
    if (unclosed.length === 0 || tooDeep.has(k)) return;
    const quotes: Array<[number, number]> = [];
    visit(doc, {
      Scalar(_key, node) {
        if ((node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') && node.range) quotes.push([node.range[0], node.range[1]]);
      },
    });
    for (const error of unclosed) {
      // Report the quote where it opens (the yaml package points at the end of what it swallowed).
      const quote = quotes.filter(([start]) => start <= error.pos[0]).pop();
      if (!quote) continue;
      error.pos[0] = quote[0];
      error.pos[1] = quote[0] + 1;
      if (k !== composed.length - 1) continue;
      MARKER_LINE.lastIndex = quote[0];
      const marker = MARKER_LINE.exec(file.text);
      if (marker && marker.index < quote[1]) split = marker.index;
    }
  });
  const first = file.documents.length;
  composed.forEach((doc, k) => file.documents.push(toParsedDocument(doc, first + k, file, tooDeep.get(k))));
  return split;
}

/**
 * The offset of the first `{{` that is template syntax rather than text inside a string value, or undefined.
 * `description: "{{ $labels.pod }} is down"` (Prometheus rules, Argo templates) is text; `replicas: {{ .Values.n }}`,
 * `{{- if .Values.x }}` and anything that breaks the YAML are templates.
 */
function templateActionOutsideStrings(file: ParsedFile): number | undefined {
  const first = file.text.indexOf('{{');
  if (first === -1) return undefined;
  if (file.messages.length > 0 || file.documents.some((d) => d.broken)) return first;
  const strings: Array<[number, number]> = [];
  const { visit } = yamlModule();
  for (const document of file.documents) {
    // Recursion is bounded: documents nested deeper than MAX_DEPTH were composed empty.
    visit(document.doc, {
      Scalar(_key, node) {
        if (typeof node.value === 'string' && node.range) strings.push([node.range[0], node.range[1]]);
      },
    });
  }
  // String ranges do not overlap: sort them once and walk them alongside the `{{`s (linear, not quadratic).
  strings.sort((a, b) => a[0] - b[0]);
  let s = 0;
  for (let at = first; at !== -1; at = file.text.indexOf('{{', at + 2)) {
    while (s < strings.length && strings[s][1] <= at) s++;
    if (!(s < strings.length && at > strings[s][0] && at < strings[s][1])) return at;
  }
  return undefined;
}

/** The offset of the first collection nested deeper than MAX_DEPTH in a CST token, or undefined. Iterative. */
function tooDeepAt(root: Token): number | undefined {
  const stack: Array<[Token, number]> = [[root, 0]];
  while (stack.length) {
    const [token, depth] = stack.pop()!;
    if (!('items' in token) || !Array.isArray(token.items)) continue;
    if (depth + 1 > MAX_DEPTH) return token.offset;
    for (const item of token.items as CST.CollectionItem[]) {
      if (item.key) stack.push([item.key, depth + 1]);
      if (item.value) stack.push([item.value, depth + 1]);
    }
  }
  return undefined;
}

function toParsedDocument(doc: Document.Parsed, index: number, file: ParsedFile, tooDeep: number | undefined): ParsedDocument {
  const parsed: ParsedDocument = { index, doc, value: undefined, broken: false };
  const fail = (message: string, messageId: string, start: number, end = start) => {
    // The yaml package may point one past the end of the text (an unclosed `[`): keep positions inside it.
    start = Math.max(0, Math.min(start, file.text.length));
    end = Math.max(0, Math.min(end, file.text.length));
    const at = positionAt(file.lineCounter, start);
    const to = positionAt(file.lineCounter, Math.max(end, start));
    file.messages.push(fatalMessage(`Parsing error: ${message}`, at.line, at.column, { messageId, endLine: to.line, endColumn: to.column }));
    parsed.broken = true;
  };
  for (const error of doc.errors) {
    const message = error.message.split('\n')[0].replace(/\s*at line \d+, column \d+:?\s*$/, '');
    fail(message, error.code, error.pos[0], error.pos[1]);
  }
  if (tooDeep !== undefined) {
    fail(
      `maps and sequences nested more than ${MAX_DEPTH} levels deep; kubeward does not read this document (real manifests nest far less: flatten it)`,
      'tooDeep',
      tooDeep,
    );
  }
  for (const warning of doc.warnings) {
    if (warning.code !== 'TAG_RESOLVE_FAILED') continue;
    const tag = file.text.slice(warning.pos[0], warning.pos[1]).trim() || warning.message.replace(/^Unresolved tag:\s*/, '');
    fail(
      `unsupported YAML tag ${JSON.stringify(tag)} (a custom tag, or a standard tag on the wrong kind of value): Kubernetes cannot read it and kubeward never runs tags; remove the tag`,
      'tag',
      warning.pos[0],
      warning.pos[1],
    );
  }
  if (parsed.broken || positionsOnly.has(file)) return parsed;
  const built = toPlain(doc.contents as Node | null, YAML_OPTIONS.uniqueKeys !== false);
  if ('error' in built) {
    fail(built.error.message, built.error.messageId, built.error.range[0], built.error.range[1]);
    return parsed;
  }
  parsed.value = built.value;
  return parsed;
}

interface Built {
  value: unknown;
  /** Nodes in the value, counting what aliases repeat. */
  size: number;
  /** Nesting of maps and sequences, through aliases. */
  depth: number;
}

interface BuildError {
  message: string;
  messageId: string;
  range: [number, number];
}

interface Frame {
  node: Node;
  /** Child nodes in order: items of a sequence; key, value, key, value... of a map. */
  children: Array<Node | null>;
  next: number;
  built: Built[];
}

function childrenOf(node: Node): Array<Node | null> {
  const out: Array<Node | null> = [];
  if (isMap(node)) {
    for (const pair of node.items) out.push((pair.key ?? null) as Node | null, (pair.value ?? null) as Node | null);
  } else if (isSeq(node)) {
    // A pair inside a sequence (`[a: 1]`, !!omap, !!pairs) reads as a one-key map, as Kubernetes reads it.
    for (const item of node.items) out.push(isPair(item) ? (item as unknown as Node) : ((item ?? null) as Node | null));
  } else if (isPair(node)) {
    out.push(((node as { key: unknown }).key ?? null) as Node | null, ((node as { value: unknown }).value ?? null) as Node | null);
  }
  return out;
}

function rangeOf(node: Node | null | undefined): [number, number] {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? [range[0], range[1]] : [0, 0];
}

function isMergeKey(node: Node | null): boolean {
  return isScalar(node) && typeof node.value === 'symbol' && node.value.description === '<<';
}

function keyString(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function setOwn(object: Record<string, unknown>, key: string, value: unknown): void {
  // `__proto__`, `constructor`, `toString`...: always an own data property, never the prototype.
  if (key in object) Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
  else object[key] = value;
}

/**
 * A document's contents → plain data, the way Kubernetes reads YAML. Iterative (no recursion, so depth is no
 * danger), linear (anchors are found through a map, duplicate keys through a set), and bounded: aliases may add
 * at most MAX_ALIAS_EXPANSION nodes, nesting through aliases at most MAX_DEPTH, and an alias inside the node it
 * names (a cycle) is refused. Aliases share the data they repeat. Merge keys (`<<`) follow YAML 1.1: keys of the
 * map itself win, then earlier merge sources.
 */
export function toPlain(root: Node | null, uniqueKeys = true): { value: unknown } | { error: BuildError } {
  if (root === null || root === undefined) return { value: null };
  const anchors = new Map<string, Node>();
  const done = new Map<Node, Built>();
  let expansion = 0;
  let result: Built | undefined;
  const stack: Frame[] = [];
  let error: BuildError | undefined;

  /** A leaf (scalar, alias, null) at once, or undefined after pushing a frame for a collection. */
  const enter = (node: Node | null): Built | undefined => {
    if (node === null || node === undefined) return { value: null, size: 1, depth: 0 };
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (!target) {
        error = { message: `alias *${node.source} names no anchor before it; define &${node.source} first`, messageId: 'BAD_ALIAS', range: rangeOf(node) };
        return undefined;
      }
      const built = done.get(target);
      if (!built) {
        error = { message: `alias *${node.source} is inside the node it repeats (a cycle); remove the alias`, messageId: 'aliasCycle', range: rangeOf(node) };
        return undefined;
      }
      expansion += built.size;
      if (expansion > MAX_ALIAS_EXPANSION) {
        error = {
          message: `aliases expand to more than ${MAX_ALIAS_EXPANSION} nodes (a "billion laughs" alias bomb?); write the repeated parts out or use fewer aliases`,
          messageId: 'alias',
          range: rangeOf(node),
        };
        return undefined;
      }
      return built;
    }
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor) anchors.set(anchor, node);
    if (isScalar(node)) {
      let value = node.toJSON();
      if (typeof value === 'symbol') value = value.description;
      const built = { value, size: 1, depth: 0 };
      if (anchor) done.set(node, built);
      return built;
    }
    if (isMap(node) || isSeq(node) || isPair(node)) {
      stack.push({ node, children: childrenOf(node), next: 0, built: [] });
      return undefined;
    }
    return { value: null, size: 1, depth: 0 };
  };

  const finish = (frame: Frame): Built | undefined => {
    const { node, built } = frame;
    let size = 1;
    let depth = 0;
    for (const b of built) {
      size += b.size;
      if (b.depth > depth) depth = b.depth;
    }
    depth += 1;
    if (depth > MAX_DEPTH) {
      error = {
        message: `maps and sequences nested more than ${MAX_DEPTH} levels deep through aliases; kubeward does not read this document (flatten it)`,
        messageId: 'tooDeep',
        range: rangeOf(node),
      };
      return undefined;
    }
    let value: unknown;
    if (isSeq(node)) {
      value = built.map((b) => b.value);
    } else {
      const object: Record<string, unknown> = {};
      const explicit = new Set<string>();
      const merges: unknown[] = [];
      for (let i = 0; i < frame.children.length; i += 2) {
        const keyNode = frame.children[i];
        if (isMergeKey(keyNode)) {
          const source = built[i + 1].value;
          const sources = Array.isArray(source) ? source : [source];
          if (!sources.every((s) => typeof s === 'object' && s !== null && !Array.isArray(s))) {
            error = { message: 'a merge key (<<) takes a map or a list of maps; fix its value', messageId: 'mergeValue', range: rangeOf(frame.children[i + 1] ?? keyNode) };
            return undefined;
          }
          merges.push(...sources);
          continue;
        }
        const key = keyString(built[i].value);
        if (uniqueKeys && explicit.has(key)) {
          error = { message: `Map keys must be unique: "${key}" appears twice; remove one`, messageId: 'DUPLICATE_KEY', range: rangeOf(keyNode) };
          return undefined;
        }
        explicit.add(key);
        setOwn(object, key, built[i + 1].value);
      }
      for (const source of merges as Array<Record<string, unknown>>) {
        for (const key of Object.keys(source)) if (!Object.prototype.hasOwnProperty.call(object, key)) setOwn(object, key, source[key]);
      }
      value = object;
    }
    const result = { value, size, depth };
    if ((node as { anchor?: string }).anchor) done.set(node, result);
    return result;
  };

  const first = enter(root);
  if (first) return { value: first.value };
  while (stack.length && !error) {
    const frame = stack[stack.length - 1];
    if (frame.next < frame.children.length) {
      const child = enter(frame.children[frame.next++]);
      if (child) frame.built.push(child);
      continue;
    }
    stack.pop();
    const built = finish(frame);
    if (!built) break;
    if (stack.length) stack[stack.length - 1].built.push(built);
    else result = built;
  }
  if (error) return { error };
  return { value: result?.value ?? null };
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

/** The YAML node at a path inside a document, or undefined. */
export function nodeAt(document: ParsedDocument, path: Path): unknown {
  let node: unknown = document.doc.contents;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => scalarKey(p.key) === String(key));
      if (!pair) return undefined;
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key];
    } else {
      return undefined;
    }
  }
  return node;
}

/** The string form of a mapping key node (scalar keys only). */
export function scalarKey(key: unknown): string | undefined {
  if (key && typeof key === 'object' && 'value' in key) {
    const v = (key as { value: unknown }).value;
    if (v === null) return 'null';
    if (typeof v !== 'object') return String(v);
  }
  return undefined;
}

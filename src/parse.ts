/**
 * parse: one file's text → YAML documents with positions, the CST tokens (comments, for suppression
 * directives), and the Kubernetes objects they hold. Nothing here decides what is a finding.
 */
import { Composer, LineCounter, Parser, isMap, isSeq, visit, type Document } from 'yaml';
import type { CST } from 'yaml';
type Token = CST.Token;
import type { LintMessage, Path } from './types.js';

/**
 * How kubeward reads YAML: the way Kubernetes does (sigs.k8s.io/yaml over go-yaml, YAML 1.1 scalars:
 * `yes` is a boolean, `0644` is octal), duplicate keys refused, alias expansion capped.
 */
export const YAML_OPTIONS = {
  version: '1.1' as const,
  uniqueKeys: true,
  prettyErrors: false,
  keepSourceTokens: false,
  strict: true,
  logLevel: 'error' as const,
};

/** At most this many alias dereferences per document when building plain values (billion-laughs guard). */
export const MAX_ALIAS_COUNT = 1000;

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
  lineCounter: LineCounter;
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
export function positionAt(lineCounter: LineCounter, offset: number): LineCol {
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

/** Parse one file's text. Never throws. */
export function parseText(text: string, filePath: string, bomLength = 0): ParsedFile {
  if (text.charCodeAt(0) === 0xfeff) {
    text = text.slice(1);
    bomLength = 1;
  }
  const lineCounter = new LineCounter();
  const file: ParsedFile = { filePath, text, bomLength, lineCounter, tokens: [], documents: [], messages: [], notices: [] };

  try {
    const parser = new Parser(lineCounter.addNewLine);
    const composer = new Composer(YAML_OPTIONS);
    file.tokens = Array.from(parser.parse(text));
    let index = 0;
    for (const doc of composer.compose(file.tokens, true, text.length)) {
      file.documents.push(toParsedDocument(doc, index++, file));
    }
    // An empty stream still yields one (empty) document; drop documents with no content at all.
    file.documents = file.documents.filter((d) => d.doc.contents !== null || d.doc.errors.length > 0);
  } catch (error) {
    // The yaml package does not throw on bad input; this is a last line of defence (e.g. stack exhaustion).
    file.messages.push(fatalMessage(`Parsing error: ${(error as Error).message}`, 1, 1));
  }
  if (text.includes('{{')) {
    const at = templateActionOutsideStrings(file);
    if (at !== undefined) {
      const pos = positionAt(lineCounter, at);
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

/**
 * The offset of the first `{{` that is template syntax rather than text inside a string value, or undefined.
 * `description: "{{ $labels.pod }} is down"` (Prometheus rules, Argo templates) is text; `replicas: {{ .Values.n }}`,
 * `{{- if .Values.x }}` and anything that breaks the YAML are templates.
 */
function templateActionOutsideStrings(file: ParsedFile): number | undefined {
  const strings: Array<[number, number]> = [];
  for (const document of file.documents) {
    visit(document.doc, {
      Scalar(_key, node) {
        if (typeof node.value === 'string' && node.range) strings.push([node.range[0], node.range[1]]);
      },
    });
  }
  const hasErrors = file.messages.length > 0 || file.documents.some((d) => d.broken);
  for (let at = file.text.indexOf('{{'); at !== -1; at = file.text.indexOf('{{', at + 2)) {
    if (hasErrors) return at;
    if (!strings.some(([start, end]) => at > start && at < end)) return at;
  }
  return undefined;
}

function toParsedDocument(doc: Document.Parsed, index: number, file: ParsedFile): ParsedDocument {
  const parsed: ParsedDocument = { index, doc, value: undefined, broken: false };
  for (const error of doc.errors) {
    const at = positionAt(file.lineCounter, error.pos[0]);
    const end = positionAt(file.lineCounter, Math.max(error.pos[1], error.pos[0]));
    const message = error.message.split('\n')[0].replace(/\s*at line \d+, column \d+:?\s*$/, '');
    file.messages.push(
      fatalMessage(`Parsing error: ${message}`, at.line, at.column, {
        messageId: error.code,
        endLine: end.line,
        endColumn: end.column,
      }),
    );
    parsed.broken = true;
  }
  if (parsed.broken) return parsed;
  try {
    parsed.value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const at = positionAt(file.lineCounter, doc.range[0]);
    const reason = (error as Error).message.includes('alias')
      ? `more than ${MAX_ALIAS_COUNT} alias expansions (a "billion laughs" alias bomb?); expand the anchors by hand`
      : (error as Error).message;
    file.messages.push(fatalMessage(`Parsing error: ${reason}`, at.line, at.column, { messageId: 'alias' }));
    parsed.broken = true;
  }
  return parsed;
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
    if (isListObject(value) && isSeq(nodeAt(document, ['items']))) {
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

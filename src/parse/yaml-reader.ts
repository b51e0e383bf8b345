/**
 * The `yaml` package reader: a file's text → documents (kubeward's node trees, src/parse/tree.ts, adapted from the
 * package's nodes), plain values, the errors with their positions, and the CST's comment tokens (suppression
 * directives). It reads everything the fast reader (src/parse/fast-reader.ts) leaves to it: aliases, anchors, tags,
 * merge keys, duplicate keys, errors, template actions; and a fast-read file's comments, or its trees when the fast
 * reader could not place them (src/parse/parse.ts, ParsedFile.full()). The package is loaded on first use.
 */
import { createRequire } from 'node:module';
import type { CST, Document } from 'yaml';
import type { LintMessage } from '../shared/types.js';
import { positionAt, type LinePositions } from './lines.js';
import { fatalMessage, notice, quote } from './messages.js';
import { excerpt } from '../shared/inert.js';
import { yamlScalarTags } from './scalars.js';
import { MAX_DEPTH, TreeAlias, TreeDocument, TreeMap, TreePair, TreeScalar, TreeSeq, type TreeNode } from './tree.js';

type Token = CST.Token;

let yamlPackage: typeof import('yaml') | undefined;

/** The `yaml` package, loaded (synchronously) the first time something needs it. */
function yamlModule(): typeof import('yaml') {
  return (yamlPackage ??= createRequire(import.meta.url)('yaml') as typeof import('yaml'));
}

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

/** A document as the `yaml` package read it. */
export interface YamlDocument {
  /** 0-based position of the document in its file (the fast reader counts documents the same way). */
  index: number;
  tree: TreeDocument;
  /** The document as plain data; undefined when it was broken, or values were not asked for. */
  value: unknown;
  /** True when the document had a fatal error and must not be linted. */
  broken: boolean;
}

/** A comment of the file: its offset and its text (from `#`). */
export interface Comment {
  offset: number;
  source: string;
}

/** What the `yaml` package read of a file. */
export class YamlReading {
  /** The file's documents, without the ones with no content at all. */
  documents: YamlDocument[] = [];
  /** Fatal problems (ruleId null), with positions. */
  messages: LintMessage[] = [];
  /** Info-level notices, e.g. a Helm template passed over. */
  notices: LintMessage[] = [];
  /** CST tokens of the whole stream: comment tokens live here. */
  tokens: Token[] = [];
  private commentList: Comment[] | undefined;
  private byIndex: Map<number, YamlDocument> | undefined;

  constructor(
    readonly text: string,
    /** Lines are counted from the text rather than by the parser's callback, which misses line breaks inside some error tokens. */
    readonly lineCounter: LinePositions,
    /** False: trees only, no plain values (the fast reader already has them). */
    readonly buildValues: boolean,
  ) {}

  /** The tree of the document at `index` (its position in the file), or undefined when there is none. */
  tree(index: number): TreeDocument | undefined {
    this.byIndex ??= new Map(this.documents.map((d) => [d.index, d]));
    return this.byIndex.get(index)?.tree;
  }

  /** Every comment of the file, in file order (found once, on first use). */
  comments(): Comment[] {
    return (this.commentList ??= commentTokens(this.tokens));
  }
}

/**
 * Read a file's text with the `yaml` package. Never throws. `buildValues: false`: trees, errors and comments only,
 * for a file the fast reader has read the values of.
 */
export function readWithYaml(text: string, lineCounter: LinePositions, buildValues = true): YamlReading {
  const file = new YamlReading(text, lineCounter, buildValues);

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
    file.documents = file.documents.filter((d) => d.tree.contents !== null || d.tree.hasErrors || d.broken);
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
 * Read the file from offset `from` on, one `---` document at a time (see readWithYaml); from 0, start the file over.
 * Each part is read once, so this is linear in the file's size, and an unclosed quote or a document too deep for the
 * parser loses only its own part.
 */
function readByDocument(file: YamlReading, from: number): void {
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
function composeStream(file: YamlReading, source: string, offset = 0): number | undefined {
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
  composed.forEach((doc, k) => file.documents.push(toYamlDocument(doc, first + k, file, tooDeep.get(k))));
  return split;
}

/**
 * The offset of the first `{{` that is template syntax rather than text inside a string value, or undefined.
 * `description: "{{ $labels.pod }} is down"` (Prometheus rules, Argo templates) is text; `replicas: {{ .Values.n }}`,
 * `{{- if .Values.x }}` and anything that breaks the YAML are templates.
 */
function templateActionOutsideStrings(file: YamlReading): number | undefined {
  const first = file.text.indexOf('{{');
  if (first === -1) return undefined;
  if (file.messages.length > 0 || file.documents.some((d) => d.broken)) return first;
  const strings: Array<[number, number]> = [];
  for (const document of file.documents) {
    // Recursion is bounded: documents nested deeper than MAX_DEPTH were composed empty.
    const stack: Array<TreeNode | TreePair | null> = [document.tree.contents];
    while (stack.length) {
      const node = stack.pop();
      if (!node) continue;
      if (node.kind === 'scalar') {
        if (typeof node.value === 'string' && !node.merge) strings.push([node.start, node.end]);
      } else if (node.kind === 'pair') stack.push(node.value, node.key);
      else if (node.kind === 'map' || node.kind === 'seq') for (const item of node.items) stack.push(item);
    }
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

function toYamlDocument(doc: Document.Parsed, index: number, file: YamlReading, tooDeep: number | undefined): YamlDocument {
  const parsed: YamlDocument = { index, tree: new TreeDocument(adapt(doc.contents), doc.errors.length > 0), value: undefined, broken: false };
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
      `unsupported YAML tag ${quote(tag)} (a custom tag, or a standard tag on the wrong kind of value): Kubernetes cannot read it and kubeward never runs tags; remove the tag`,
      'tag',
      warning.pos[0],
      warning.pos[1],
    );
  }
  if (parsed.broken || !file.buildValues) return parsed;
  const built = toPlain(parsed.tree.contents, YAML_OPTIONS.uniqueKeys !== false);
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
  node: TreeMap | TreeSeq;
  /** Child nodes in order: items of a sequence; key, value, key, value... of a map. */
  children: Array<TreeNode | null>;
  next: number;
  built: Built[];
}

function childrenOf(node: TreeMap | TreeSeq): Array<TreeNode | null> {
  if (node.kind === 'seq') return node.items as TreeNode[];
  const out: Array<TreeNode | null> = [];
  for (const pair of node.items) out.push(pair.key, pair.value);
  return out;
}

function rangeOf(node: TreeNode | null | undefined): [number, number] {
  return node ? [node.start, node.end] : [0, 0];
}

function isMergeKey(node: TreeNode | null): boolean {
  return node?.kind === 'scalar' && node.merge;
}

function keyString(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'object') return JSON.stringify(value);
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- objects were handled above: a primitive here
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
function toPlain(root: TreeNode | null, uniqueKeys = true): { value: unknown } | { error: BuildError } {
  if (root === null || root === undefined) return { value: null };
  const anchors = new Map<string, TreeNode>();
  const done = new Map<TreeNode, Built>();
  let expansion = 0;
  let result: Built | undefined;
  const stack: Frame[] = [];
  let error: BuildError | undefined;

  /** A leaf (scalar, alias, null) at once, or undefined after pushing a frame for a collection. */
  const enter = (node: TreeNode | null): Built | undefined => {
    if (node === null || node === undefined) return { value: null, size: 1, depth: 0 };
    if (node.kind === 'alias') {
      const target = anchors.get(node.source);
      if (!target) {
        error = {
          message: `alias *${excerpt(node.source)} names no anchor before it; define &${excerpt(node.source)} first`,
          messageId: 'BAD_ALIAS',
          range: rangeOf(node),
        };
        return undefined;
      }
      const built = done.get(target);
      if (!built) {
        error = {
          message: `alias *${excerpt(node.source)} is inside the node it repeats (a cycle); remove the alias`,
          messageId: 'aliasCycle',
          range: rangeOf(node),
        };
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
    const anchor = node.anchor;
    if (anchor) anchors.set(anchor, node);
    if (node.kind === 'scalar') {
      const built = { value: node.value, size: 1, depth: 0 };
      if (anchor) done.set(node, built);
      return built;
    }
    stack.push({ node, children: childrenOf(node), next: 0, built: [] });
    return undefined;
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
    if (node.kind === 'seq') {
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
            error = {
              message: 'a merge key (<<) takes a map or a list of maps; fix its value',
              messageId: 'mergeValue',
              range: rangeOf(frame.children[i + 1] ?? keyNode),
            };
            return undefined;
          }
          merges.push(...sources);
          continue;
        }
        const key = keyString(built[i].value);
        if (uniqueKeys && explicit.has(key)) {
          error = { message: `Map keys must be unique: ${quote(key)} appears twice; remove one`, messageId: 'DUPLICATE_KEY', range: rangeOf(keyNode) };
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
    if (node.anchor) done.set(node, result);
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

/**
 * The `yaml` package's node → kubeward's tree node. Recursive: documents nested deeper than MAX_DEPTH were composed
 * empty. A pair inside a sequence (`!!omap`, `!!pairs`) becomes a map of that one pair, as Kubernetes reads it.
 */
function adapt(node: unknown): TreeNode | null {
  const { isAlias, isMap, isPair, isScalar, isSeq } = yamlModule();
  const convert = (node: unknown): TreeNode | null => {
    if (node === null || node === undefined) return null;
    const [start, end] = (node as { range?: [number, number, number] }).range ?? [0, 0, 0];
    if (isScalar(node)) {
      const value = node.value;
      // The YAML 1.1 merge key: the yaml package reads `<<` as a symbol.
      const merge = typeof value === 'symbol' && value.description === '<<';
      const style = node.type ?? 'PLAIN';
      return new TreeScalar(typeof value === 'symbol' ? value.description : value, style, start, end, node.anchor, merge);
    }
    if (isAlias(node)) return new TreeAlias(node.source, start, end);
    if (isMap(node)) {
      const items = node.items.map((pair) => new TreePair(convert(pair.key), convert(pair.value)));
      return new TreeMap(items, Boolean(node.flow), start, end, node.anchor);
    }
    if (isSeq(node)) {
      const items = node.items.map((item) => {
        if (!isPair(item)) return convert(item) ?? new TreeScalar(null, 'PLAIN', start, start);
        const pair = new TreePair(convert(item.key), convert(item.value));
        const from = pair.key ?? pair.value;
        const to = pair.value ?? pair.key;
        return new TreeMap([pair], Boolean(node.flow), from?.start ?? start, to?.end ?? start);
      });
      return new TreeSeq(items, Boolean(node.flow), start, end, node.anchor);
    }
    return null;
  };
  return convert(node);
}

/** Every comment token of a CST, in file order. */
function commentTokens(tokens: readonly Token[]): Comment[] {
  const out: Comment[] = [];
  const seen = new Set<object>();
  const visit = (value: unknown): void => {
    if (typeof value !== 'object' || value === null || seen.has(value)) return;
    seen.add(value);
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    const token = value as { type?: unknown; offset?: unknown; source?: unknown };
    if (token.type === 'comment' && typeof token.offset === 'number' && typeof token.source === 'string') {
      out.push({ offset: token.offset, source: token.source });
      return;
    }
    for (const key of Object.keys(value)) visit((value as Record<string, unknown>)[key]);
  };
  visit(tokens);
  return out.sort((a, b) => a.offset - b.offset);
}

/**
 * A config file's text read as YAML 1.2 (JSON is YAML 1.2, so one parser gives positions for both): its plain value
 * and tree, or its first error. Lines as the `yaml` package counts them.
 */
export function readYaml12(
  text: string,
): { lineCounter: LinePositions } & ({ value: unknown; tree: TreeDocument } | { error: { message: string; offset: number } }) {
  const { LineCounter, parseDocument } = yamlModule();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, version: '1.2', lineCounter });
  if (doc.errors.length) return { lineCounter, error: { message: doc.errors[0].message, offset: doc.errors[0].pos[0] } };
  return { lineCounter, value: doc.toJS({ maxAliasCount: 100 }), tree: new TreeDocument(adapt(doc.contents)) };
}

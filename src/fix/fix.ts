/**
 * fix: a check's declarative fix (a path and a value, never a position) → a minimal text edit on the original file
 * (ESLint's `{ range, text }`), and applying edits to a file until nothing more changes.
 *
 * Edits are computed from node ranges (kubeward's node tree, src/parse/tree.ts, the same from either reader), so only
 * the lines a fix touches change: comments, key order, quoting, anchors and the other documents stay byte-identical. New keys follow the
 * file's own style: the indent step it uses, whether its sequences are indented under their key, block or flow
 * style as the parent map is written, JSON quoting in JSON-style flow maps, and the line ending of the file.
 *
 * A fix is refused (no edit) when it could change more than the finding: a file with parse errors, a path that runs
 * through something that is not a map (a schema error the fix could make worse), through an alias, a node whose
 * anchor is repeated by an alias, or a map with a merge key (`<<`), whose merged keys an explicit key would shadow.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { AppendDocument, FixOp, FixScalar, FixValue } from '../check-api.js';
import { WriteError, writeFileSafely } from '../shared/write-file.js';
import {
  aliasesIn,
  pairOf,
  visitPairs,
  type ParsedDocument,
  type ParsedFile,
  type TreeDocument,
  type TreeMap,
  type TreeNode,
  type TreeSeq,
} from '../parse/index.js';
import type { FixObject, LintMessage, Path } from '../shared/types.js';

/** How many times fixes are applied to a file before kubeward stops (ESLint stops after 10 passes too). */
export const MAX_FIX_PASSES = 10;

/** Where an object sits, as the engine knows it (a SourceResource satisfies it). */
export interface FixTarget {
  file: ParsedFile;
  raw: { document: ParsedDocument };
  basePath: Path;
}

interface Style {
  /** Spaces per nesting level of block maps. */
  step: number;
  /** True when block sequences are indented under their key (`key:\n  - a`), false for `key:\n- a`. */
  seqIndented: boolean;
  eol: string;
}

/**
 * Whether a fix writes `value` unquoted in YAML: a name-like word (`[A-Za-z_][A-Za-z0-9_./-]*`) that YAML 1.1 does not
 * read as a boolean or null (`yes`, `Off`, `NULL`...). A loop and a switch rather than two regular expressions: V8
 * compiles an expression on its first use, which was a run's first fix (about 0.3 ms); test/fix.test.ts compares this
 * with the expressions on random strings.
 */
export function plainScalar(value: string): boolean {
  const length = value.length;
  if (length === 0) return false;
  let c = value.charCodeAt(0);
  // ASCII letters: c | 32 folds A-Z onto a-z and leaves no other code in a-z.
  if (c !== 95 && ((c | 32) < 97 || (c | 32) > 122)) return false;
  for (let i = 1; i < length; i++) {
    c = value.charCodeAt(i);
    // 45-57: - . / and the digits.
    if (c !== 95 && (c < 45 || c > 57) && ((c | 32) < 97 || (c | 32) > 122)) return false;
  }
  if (length > 5) return true;
  switch (value) {
    case 'y':
    case 'Y':
    case 'yes':
    case 'Yes':
    case 'YES':
    case 'n':
    case 'N':
    case 'no':
    case 'No':
    case 'NO':
    case 'true':
    case 'True':
    case 'TRUE':
    case 'false':
    case 'False':
    case 'FALSE':
    case 'on':
    case 'On':
    case 'ON':
    case 'off':
    case 'Off':
    case 'OFF':
    case 'null':
    case 'Null':
    case 'NULL':
      return false;
    default:
      return true;
  }
}

/**
 * Whether a file is JSON by its name (`.json`, any case): a loop, not `/\.json$/i`, which V8 would compile on a run's
 * first fix or suggestion (~45 µs). ASCII letters only, as the expression (without the `u` flag) folds case.
 */
export function isJsonFile(filePath: string): boolean {
  const n = filePath.length;
  return (
    n >= 5 &&
    filePath.charCodeAt(n - 5) === 0x2e /* . */ &&
    isLetter(filePath.charCodeAt(n - 4), 0x6a /* j */) &&
    isLetter(filePath.charCodeAt(n - 3), 0x73 /* s */) &&
    isLetter(filePath.charCodeAt(n - 2), 0x6f /* o */) &&
    isLetter(filePath.charCodeAt(n - 1), 0x6e /* n */)
  );
}

/** `c` is the lowercase ASCII letter `lower` or its capital. */
function isLetter(c: number, lower: number): boolean {
  return c === lower || c === lower - 0x20;
}

function scalarText(value: FixScalar, json: boolean): string {
  if (typeof value !== 'string') return String(value);
  if (!json && plainScalar(value)) return value;
  return JSON.stringify(value);
}

function keyText(key: string, json: boolean): string {
  return scalarText(key, json);
}

function flowText(value: FixValue, json: boolean): string {
  if (Array.isArray(value)) return `[${value.map((v) => flowText(v, json)).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.entries(value)
      .map(([k, v]) => `${keyText(k, json)}: ${flowText(v, json)}`)
      .join(', ')}}`;
  }
  return scalarText(value, json);
}

/** Lines of `key: value` in block style at column `column` (no line endings). */
function blockLines(key: string, value: FixValue, column: number, style: Style, flowSeqs: boolean): string[] {
  const pad = ' '.repeat(column);
  if (Array.isArray(value)) {
    if (flowSeqs || value.length === 0) return [`${pad}${keyText(key, false)}: ${flowText(value, false)}`];
    const dash = ' '.repeat(column + (style.seqIndented ? style.step : 0));
    return [`${pad}${keyText(key, false)}:`, ...value.map((v) => `${dash}- ${flowText(v, false)}`)];
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    if (entries.length === 0) return [`${pad}${keyText(key, false)}: {}`];
    return [`${pad}${keyText(key, false)}:`, ...entries.flatMap(([k, v]) => blockLines(k, v, column + style.step, style, flowSeqs))];
  }
  return [`${pad}${keyText(key, false)}: ${scalarText(value, false)}`];
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/** True when a line break lies between offsets `from` and `to` (linear in the distance, not in the file). */
function breakBetween(text: string, from: number, to: number): boolean {
  const at = text.indexOf('\n', from);
  return at !== -1 && at < to;
}

/** The file's line ending: CRLF when its first line ends with one. */
function eolOf(text: string): string {
  const at = text.indexOf('\n');
  return at > 0 && text[at - 1] === '\r' ? '\r\n' : '\n';
}

/**
 * The indent step and sequence style a document uses (most common wins); what the document does not show is taken
 * from the other documents of its file, else 2 and indented.
 */
function styleOf(document: ParsedDocument, file: ParsedFile): Style {
  const tree = document.tree();
  const cached = styles.get(tree);
  if (cached) return cached;
  const style = measureStyle(document, file);
  styles.set(tree, style);
  return style;
}

/** Derived facts per document tree: trees do not change once read. */
const styles = new WeakMap<TreeDocument, Style>();
const repeatedAnchors = new WeakMap<TreeDocument, ReadonlySet<string>>();

/** No anchors. */
const NO_ANCHORS: ReadonlySet<string> = new Set();

/**
 * Anchors that an alias of the document repeats. `text` is the file's: an alias is written `*name`, so the tree of a
 * file without a `*` is not walked for them.
 */
function repeatedIn(doc: TreeDocument, text: string): ReadonlySet<string> {
  let repeated = repeatedAnchors.get(doc);
  if (!repeated) {
    repeated = text.includes('*') ? new Set(aliasesIn(doc).map((node) => node.source)) : NO_ANCHORS;
    repeatedAnchors.set(doc, repeated);
  }
  return repeated;
}

function measureStyle(document: ParsedDocument, file: ParsedFile): Style {
  const text = file.text;
  const steps = new Map<number, number>();
  const seqs = { indented: 0, flush: 0 };
  const sample = (doc: ParsedDocument, wantSteps: boolean, wantSeqs: boolean) =>
    visitPairs(doc.tree(), ({ key, value }) => {
      // Most values are scalars: the key's column is found only for a collection's.
      if (!key || !value) return;
      if (wantSteps && value.kind === 'map' && !value.flow && value.items.length > 0) {
        const first = value.items[0].key;
        if (first && breakBetween(text, key.start, first.start)) {
          const step = columnOf(text, first.start) - columnOf(text, key.start);
          if (step > 0) steps.set(step, (steps.get(step) ?? 0) + 1);
        }
      } else if (wantSeqs && value.kind === 'seq' && !value.flow && value.items.length > 0) {
        if (columnOf(text, value.start) > columnOf(text, key.start)) seqs.indented++;
        else seqs.flush++;
      }
    });
  sample(document, true, true);
  for (const other of file.documents) {
    const needSteps = steps.size === 0;
    const needSeqs = seqs.indented + seqs.flush === 0;
    if (!needSteps && !needSeqs) break;
    if (other !== document && !other.broken) sample(other, needSteps, needSeqs);
  }
  let step = 2;
  let best = 0;
  for (const [s, n] of steps) if (n > best || (n === best && s < step)) [step, best] = [s, n];
  return { step, seqIndented: seqs.indented >= seqs.flush, eol: eolOf(text) };
}

/** The offset just after the line that holds `offset` (after its line break), or the end of the text. */
function afterLine(text: string, offset: number): { at: number; needsBreak: boolean } {
  if (offset > 0 && text[offset - 1] === '\n') return { at: offset, needsBreak: false };
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? { at: text.length, needsBreak: true } : { at: nl + 1, needsBreak: false };
}

/** Nodes an edit must not go through: aliases, anchors an alias repeats, maps with merge keys. */
function isShared(node: TreeNode, repeated: ReadonlySet<string>): boolean {
  if (node.kind === 'alias') return true;
  if (node.anchor && repeated.has(node.anchor)) return true;
  if (node.kind === 'map') return node.items.some((p) => p.key?.kind === 'scalar' && p.key.merge);
  return false;
}

function isJsonStyle(file: ParsedFile, map: TreeMap): boolean {
  if (isJsonFile(file.filePath)) return true;
  const first = map.items[0]?.key;
  return first?.kind === 'scalar' && first.style === 'QUOTE_DOUBLE';
}

function hasSiblingFlowSeq(map: TreeMap): boolean {
  return map.items.some((p) => p.value?.kind === 'seq' && p.value.flow);
}

/** Nest `value` under the keys of `rest`: ['a','b'], 1 → { a: { b: 1 } }. */
function nest(rest: Path, value: FixValue): FixValue {
  let out = value;
  for (let i = rest.length - 1; i >= 0; i--) out = { [String(rest[i])]: out };
  return out;
}

/** An edit that adds `key: value` to an existing map. */
function insertIntoMap(file: ParsedFile, document: ParsedDocument, map: TreeMap, key: string, value: FixValue): FixObject | undefined {
  const text = file.text;
  const { start, end } = map;
  if (map.flow) {
    const json = isJsonStyle(file, map);
    const pair = `${keyText(key, json)}: ${flowText(value, json)}`;
    const close = text.lastIndexOf('}', end - 1);
    if (close < start) return undefined;
    if (map.items.length === 0) {
      // `{}` or `{ }`: only blanks inside, replaced as a whole.
      if (text.slice(start + 1, close).trim() !== '') return undefined;
      return { range: [start, close + 1], text: `{${pair}}` };
    }
    const last = map.items[map.items.length - 1];
    const lastEnd = last.value?.end ?? last.key?.end;
    const firstKey = map.items[0].key;
    if (lastEnd === undefined || !firstKey) return undefined;
    // A map written one entry per line (pretty-printed JSON) gets its new entry on a line of its own.
    if (breakBetween(text, start, firstKey.start) && breakBetween(text, lastEnd, close)) {
      const lastKey = last.key!.start;
      return { range: [lastEnd, lastEnd], text: `,${eolOf(text)}${' '.repeat(columnOf(text, lastKey))}${pair}` };
    }
    return { range: [lastEnd, lastEnd], text: `, ${pair}` };
  }
  if (map.items.length === 0) return undefined;
  const firstKey = map.items[0].key;
  if (!firstKey) return undefined;
  const style = styleOf(document, file);
  const lines = blockLines(key, value, columnOf(text, firstKey.start), style, hasSiblingFlowSeq(map));
  const last = map.items[map.items.length - 1];
  const lastEnd = last.value?.end ?? last.key?.end ?? end;
  const { at, needsBreak } = afterLine(text, lastEnd);
  const body = lines.join(style.eol);
  return { range: [at, at], text: needsBreak ? `${style.eol}${body}` : `${body}${style.eol}` };
}

/** An edit that replaces an empty or null value (`key:` or `key: null`) by `value`. */
function replaceNull(
  file: ParsedFile,
  document: ParsedDocument,
  node: TreeNode,
  keyNode: TreeNode | null,
  inFlow: boolean,
  value: FixValue,
): FixObject | undefined {
  const text = file.text;
  const { start, end } = node;
  if (inFlow || typeof value !== 'object' || value === null) {
    const rendered = flowText(value, inFlow && isJsonFile(file.filePath));
    return start === end ? { range: [start, end], text: ` ${rendered}` } : { range: [start, end], text: rendered };
  }
  if (!keyNode) return undefined;
  const style = styleOf(document, file);
  const column = columnOf(text, keyNode.start);
  let lines: string[];
  if (Array.isArray(value)) {
    const dash = ' '.repeat(column + (style.seqIndented ? style.step : 0));
    lines = value.map((v) => `${dash}- ${flowText(v, false)}`);
  } else {
    lines = Object.entries(value).flatMap(([k, v]) => blockLines(k, v, column + style.step, style, false));
  }
  // `key:` / `key: null` / `key: ~` → `key:` followed by the new lines.
  const from = start === end ? start : text.lastIndexOf(':', start) + 1;
  return { range: [from, end], text: `${style.eol}${lines.join(style.eol)}` };
}

/** An edit that appends `value` to an existing sequence. */
function appendToSeq(file: ParsedFile, seq: TreeSeq, value: FixScalar): FixObject | undefined {
  const text = file.text;
  const { start, end } = seq;
  if (seq.flow) {
    const first = seq.items[0];
    const json = isJsonFile(file.filePath) || (first?.kind === 'scalar' && first.style === 'QUOTE_DOUBLE');
    const close = text.lastIndexOf(']', end - 1);
    if (close < start) return undefined;
    if (seq.items.length === 0) {
      if (text.slice(start + 1, close).trim() !== '') return undefined;
      return { range: [start, close + 1], text: `[${scalarText(value, json)}]` };
    }
    const lastEnd = seq.items[seq.items.length - 1].end;
    return { range: [lastEnd, lastEnd], text: `, ${scalarText(value, json)}` };
  }
  if (seq.items.length === 0) return undefined;
  const last = seq.items[seq.items.length - 1];
  if (last.kind === 'map' || last.kind === 'seq') return undefined;
  const eol = eolOf(text);
  const { at, needsBreak } = afterLine(text, last.end);
  const line = `${' '.repeat(columnOf(text, start))}- ${scalarText(value, false)}`;
  return { range: [at, at], text: needsBreak ? `${eol}${line}` : `${line}${eol}` };
}

function sameScalar(node: TreeNode, value: FixScalar): boolean {
  return node.kind === 'scalar' && node.value === value;
}

/**
 * The text edit that carries out a declarative fix on the object `target`, or undefined when kubeward will not fix
 * it (see the module comment) or there is nothing to change.
 */
export function fixToEdit(target: FixTarget, op: FixOp): FixObject | undefined {
  const { file } = target;
  const document = target.raw.document;
  if (hasFatal(file) || document.broken) return undefined;
  const doc = document.tree();
  if (doc.hasErrors) return undefined;
  const repeated = repeatedIn(doc, file.text);
  // The object's own path when it is a document's root (most are): no copy (the path is only read).
  const path = target.basePath.length ? [...target.basePath, ...op.path] : op.path;
  let node = doc.contents;
  let keyNode: TreeNode | null = null;
  let inFlow = false;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    if (!node) return undefined;
    if (isShared(node, repeated)) return undefined;
    if (node.kind === 'map') {
      if (typeof segment !== 'string') return undefined;
      const pair = pairOf(node, segment);
      if (!pair) {
        const value = op.op === 'set' ? nest(path.slice(i + 1), op.value) : nest(path.slice(i + 1), [op.value]);
        return insertIntoMap(file, document, node, segment, value);
      }
      inFlow = inFlow || node.flow;
      keyNode = pair.key;
      node = pair.value;
      if (!node) return undefined;
      continue;
    }
    if (node.kind === 'seq') {
      if (typeof segment !== 'number' || node.items[segment] === undefined) return undefined;
      inFlow = inFlow || node.flow;
      keyNode = null;
      node = node.items[segment];
      continue;
    }
    if (node.kind === 'scalar' && node.value === null && typeof segment === 'string') {
      // `securityContext:` with nothing: it becomes the map the rest of the path builds.
      const value = nest(path.slice(i + 1), op.op === 'set' ? op.value : [op.value]);
      return replaceNull(file, document, node, keyNode, inFlow, { [segment]: value });
    }
    return undefined;
  }
  if (!node || isShared(node, repeated)) return undefined;
  if (op.op === 'add') {
    if (node.kind === 'seq') {
      if (node.items.some((item) => sameScalar(item, op.value))) return undefined;
      return appendToSeq(file, node, op.value);
    }
    if (node.kind === 'scalar' && node.value === null) return replaceNull(file, document, node, keyNode, inFlow, [op.value]);
    return undefined;
  }
  if (node.kind !== 'scalar') return undefined;
  if (node.value === null) return replaceNull(file, document, node, keyNode, inFlow, op.value);
  if (typeof op.value === 'object' || node.value === op.value) return undefined;
  // A scalar that is already there: only its value changes (quotes and tags around it stay as written).
  return { range: [node.start, node.end], text: scalarText(op.value, inFlow && isJsonFile(file.filePath)) };
}

/** A file with a fatal parse error: no edit is made in it. */
function hasFatal(file: ParsedFile): boolean {
  for (const m of file.messages) if (m.fatal) return true;
  return false;
}

/**
 * Whether making the edit of `op` on `target` reads the document's tree (fixToEdit does unless it refuses for a fatal
 * error or a broken document; appendDocumentEdit for the document's style, unless it refuses for a fatal error or a
 * JSON file): src/check/run.ts reads the tree before placing such a finding, so that its path is placed from the tree
 * and the text walk of src/parse/position.ts does not also run for a document that reads its tree anyway.
 */
export function editReadsTree(target: FixTarget, op: FixOp | AppendDocument): boolean {
  const { file } = target;
  if (hasFatal(file)) return false;
  return op.op === 'appendDocument' ? !isJsonFile(file.filePath) : !target.raw.document.broken;
}

/**
 * The text edit that appends a new document (`---` and the object in block style, in the indent step and sequence
 * style of the target's document) at the end of the target's file. Undefined for JSON files (a JSON file holds one
 * value) and files with parse errors.
 */
export function appendDocumentEdit(target: FixTarget, op: AppendDocument): FixObject | undefined {
  const { file } = target;
  if (hasFatal(file) || isJsonFile(file.filePath)) return undefined;
  const text = file.text;
  const style = styleOf(target.raw.document, file);
  const lines = Object.entries(op.value).flatMap(([k, v]) => blockLines(k, v, 0, style, false));
  const lead = text === '' || text.endsWith('\n') ? '' : style.eol;
  return { range: [text.length, text.length], text: `${lead}---${style.eol}${lines.join(style.eol)}${style.eol}` };
}

/**
 * Apply edits to a text the way ESLint does: in order of position, skipping an edit that overlaps (or touches the
 * same point as) one already applied; the skipped ones are tried again on the next pass.
 */
export function applyFixes(text: string, fixes: readonly FixObject[]): { output: string; applied: number } {
  const sorted = [...fixes].sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  let output = '';
  let lastPos = -Infinity;
  let copied = 0;
  let applied = 0;
  for (const fix of sorted) {
    const [start, end] = fix.range;
    if (start <= lastPos || start > end || start < 0 || end > text.length) continue;
    output += text.slice(copied, start) + fix.text;
    copied = end;
    lastPos = end;
    applied++;
  }
  return { output: output + text.slice(copied), applied };
}

/** Which messages' fixes are applied: all (true), none (false), or those a predicate picks (ESLint's `fix` option). */
export type FixFilter = boolean | ((message: LintMessage) => boolean);

/** What `--fix-type` selects: fixes of some checks only (none named: every check), and the strict alternatives. */
export interface FixTypes {
  filter: FixFilter;
  strict: boolean;
}

/**
 * Read `--fix-type` values (repeatable, comma-separated): check ids, `strict` (the stricter fix where a check has
 * one) and `problem` (ESLint's fix type; every kubeward check is of type problem). Throws a message for anything else.
 */
export function parseFixTypes(values: readonly string[], fixableIds: readonly string[]): FixTypes {
  const ids = new Set<string>();
  let strict = false;
  for (const value of values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean)) {
    if (value === 'strict') strict = true;
    else if (value === 'problem') continue;
    else if (fixableIds.includes(value)) ids.add(value);
    else {
      throw new Error(`--fix-type expects "strict", "problem" or the id of a check with an automatic fix (${fixableIds.join(', ')}), got "${value}"`);
    }
  }
  return { filter: ids.size === 0 ? true : (m) => m.ruleId !== null && ids.has(m.ruleId), strict };
}

/** The digest `writeFixedFile` compares: SHA-256 of the file's bytes. */
export function contentDigest(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const CHANGED = 'the file changed while kubeward ran (it is not what was linted), so it was left as it is; run kubeward --fix again';

/** The bytes of a file to be fixed: a regular file, never through a link. */
function currentBytes(filePath: string, shown: string): Buffer {
  const stat = fs.lstatSync(filePath, { throwIfNoEntry: false });
  if (!stat) throw new WriteError(`Cannot write the fixed file ${shown}: it no longer exists`, 'the file no longer exists, so it was not written');
  if (stat.isSymbolicLink()) {
    const reason = 'it is a symbolic link (kubeward never writes through links); fix the file it points to instead';
    throw new WriteError(`Cannot write the fixed file ${shown}: ${reason}`, reason);
  }
  return fs.readFileSync(filePath);
}

/**
 * Write a fixed file (`output` of a result) back in the encoding it was read in: UTF-8 (with its byte order mark,
 * which `output` carries), or UTF-16 with its byte order mark. Through a fresh file renamed over it (never through a
 * link); when `digest` is given (that of the bytes that were linted), the file is written only while it still holds
 * those bytes, checked again just before the rename. Throws a WriteError with the reason.
 */
export function writeFixedFile(filePath: string, output: string, digest?: string, shown: string = filePath): void {
  const before = currentBytes(filePath, shown);
  const changed = () => (digest !== undefined && contentDigest(currentBytes(filePath, shown)) !== digest ? CHANGED : undefined);
  const stop = changed();
  if (stop) throw new WriteError(`Cannot write the fixed file ${shown}: ${stop}`, stop);
  let bytes: Buffer;
  if (before.length >= 2 && before[0] === 0xff && before[1] === 0xfe) {
    bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(output, 'utf16le')]);
  } else if (before.length >= 2 && before[0] === 0xfe && before[1] === 0xff) {
    bytes = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(output, 'utf16le').swap16()]);
  } else {
    bytes = Buffer.from(output, 'utf8');
  }
  writeFileSafely(filePath, bytes, { what: 'the fixed file', shown, beforeRename: changed });
}

/**
 * Suppressions: comment directives read from the file's comments (the CST's comment tokens, ParsedFile.comments(),
 * never a pattern over the file's lines), and `ignore-check.kubeward.io/<id>` annotations on objects (rendered
 * manifests, where comments do not survive).
 * Suppressed findings leave `messages` for `suppressedMessages`, each with the reasons it was suppressed.
 *
 *   # kubeward-disable-next-line <id>[, <id>] -- reason      the next line
 *   key: value  # kubeward-disable-line <id> -- reason        its own line
 *   # kubeward-disable <id> -- reason  ...  # kubeward-enable <id>   a range (no id: every check)
 *   # kubeward-disable-file <id> -- reason                    the whole file
 *
 * Parse errors (ruleId null) are never suppressed.
 */
import { isRecord, podSpecOf } from '../k8s/index.js';
import { type KubeObject, resourceId } from '../check-api.js';
import type { ParsedFile } from '../parse/index.js';
import type { LintMessage, Severity } from '../shared/types.js';

export const DIRECTIVE_KINDS = ['disable-next-line', 'disable-line', 'disable-file', 'disable', 'enable'] as const;
export type DirectiveKind = (typeof DIRECTIVE_KINDS)[number];

/** The annotation prefix: `ignore-check.kubeward.io/<id>: "reason"`. */
export const ANNOTATION_PREFIX = 'ignore-check.kubeward.io/';

export interface Directive {
  kind: DirectiveKind;
  /** Check ids it names; empty means every check. */
  ids: string[];
  /** The text after ` -- `, trimmed ('' when there is none). */
  justification: string;
  /** Where the comment is (1-based). */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Check ids of the findings it suppressed. */
  used: Set<string>;
}

export interface DirectiveScan {
  directives: Directive[];
  /** Malformed directives and unknown check ids, as warnings (ruleId null). */
  problems: LintMessage[];
}

/** Read the directives of a file from its comment tokens. `knownIds` flags directives naming a check that does not exist. */
export function directivesOf(file: ParsedFile, knownIds: ReadonlySet<string>): DirectiveScan {
  const directives: Directive[] = [];
  const problems: LintMessage[] = [];
  // Every directive holds "kubeward-": a file without it needs no comments (and, on the fast path, no yaml parse).
  if (!hasDirective(file.text)) return { directives, problems };
  for (const comment of file.comments()) {
    const body = comment.source.replace(/^#/, '').trim();
    if (!body.startsWith('kubeward-')) continue;
    const start = file.lineCounter.linePos(comment.offset);
    const end = file.lineCounter.linePos(comment.offset + comment.source.trimEnd().length);
    const where = { line: start.line, column: start.col, endLine: end.line, endColumn: end.col };
    const word = body.split(/\s/, 1)[0];
    const kind = DIRECTIVE_KINDS.find((k) => word === `kubeward-${k}`);
    if (!kind) {
      problems.push({
        ruleId: null,
        severity: 1,
        message: `Unknown directive "${word}": use kubeward-disable-next-line, kubeward-disable-line, kubeward-disable, kubeward-enable or kubeward-disable-file`,
        messageId: 'unknownDirective',
        ...where,
      });
      continue;
    }
    // `ids -- reason`: the reason starts at the first "--" that stands alone.
    const rest = ` ${body.slice(word.length)} `;
    const split = rest.search(/\s--\s/);
    const idsText = split === -1 ? rest : rest.slice(0, split);
    const justification = split === -1 ? '' : rest.slice(split + 3).trim();
    const ids = idsText.split(/[\s,]+/).filter(Boolean);
    for (const id of ids) {
      if (isKnownId(id, knownIds)) continue;
      problems.push({
        ruleId: null,
        severity: 1,
        message: `Unknown check "${id}" in kubeward-${kind} directive (kubeward --list-checks lists the check ids)`,
        messageId: 'unknownCheck',
        ...where,
      });
    }
    directives.push({ kind, ids, justification, ...where, used: new Set() });
  }
  return { directives, problems };
}

/**
 * Whether an id names a check: a check id, or `<id>/<suffix>` of a check that reports sub-ids (`knownIds` then holds
 * `<id>/*`), such as `vap/<policy name>`.
 */
function isKnownId(id: string, knownIds: ReadonlySet<string>): boolean {
  const slash = id.indexOf('/');
  return knownIds.has(id) || (slash > 0 && knownIds.has(`${id.slice(0, slash)}/*`));
}

/** The id of a directive (or annotation) that covers a message's rule id: the id itself, or its check's for a sub-id. */
function coveringId(ids: readonly string[], ruleId: string, knownIds: ReadonlySet<string> | undefined): string | undefined {
  if (ids.includes(ruleId)) return ruleId;
  const slash = ruleId.indexOf('/');
  const parent = slash > 0 ? ruleId.slice(0, slash) : undefined;
  return parent && knownIds?.has(`${parent}/*`) && ids.includes(parent) ? parent : undefined;
}

/** Whether a directive covers a check (no ids: every check). */
function applies(directive: Directive, ruleId: string, knownIds?: ReadonlySet<string>): boolean {
  return directive.ids.length === 0 || coveringId(directive.ids, ruleId, knownIds) !== undefined;
}

function before(d: Directive, m: LintMessage): boolean {
  return d.line < m.line || (d.line === m.line && d.column < m.column);
}

/** The directives that suppress a message (none for parse errors). */
export function directivesFor(directives: readonly Directive[], message: LintMessage, knownIds?: ReadonlySet<string>): Directive[] {
  const ruleId = message.ruleId;
  if (ruleId === null || message.fatal) return [];
  const out: Directive[] = [];
  let range: Directive | undefined;
  for (const d of directives) {
    if (!applies(d, ruleId, knownIds)) continue;
    if (d.kind === 'disable-file') out.push(d);
    else if (d.kind === 'disable-next-line' && d.line + 1 === message.line) out.push(d);
    else if (d.kind === 'disable-line' && d.line === message.line) out.push(d);
    else if ((d.kind === 'disable' || d.kind === 'enable') && before(d, message)) range = d;
  }
  if (range?.kind === 'disable') out.push(range);
  return out;
}

/** The reason an object's annotations give for ignoring a check on it (its own, else its pod template's). */
export function annotationJustification(object: KubeObject, checkId: string): string | undefined {
  const key = `${ANNOTATION_PREFIX}${checkId}`;
  const sources = [object.metadata?.annotations, podSpecOf(object)?.metadata?.annotations];
  for (const annotations of sources) {
    if (!isRecord(annotations) || !(key in annotations)) continue;
    const value = annotations[key];
    return value === null || value === undefined ? '' : String(value).trim();
  }
  return undefined;
}

/**
 * Whether an object of `objects` has an `ignore-check.kubeward.io/` annotation where annotationJustification looks (its
 * own annotations, its pod template's): without one, no annotation suppresses anything.
 */
function anyIgnoreAnnotation(objects: SuppressOptions['objects']): boolean {
  for (const { object } of objects) {
    if (hasIgnoreKey(object.metadata?.annotations) || hasIgnoreKey(podSpecOf(object)?.metadata?.annotations)) return true;
  }
  return false;
}

function hasIgnoreKey(annotations: unknown): boolean {
  if (!isRecord(annotations)) return false;
  // `for in`, as annotationJustification's `in` also sees inherited keys.
  for (const key in annotations) if (key.startsWith(ANNOTATION_PREFIX)) return true;
  return false;
}

export interface SuppressOptions {
  /** Check ids that exist (the registered checks and `schema`). */
  knownIds: ReadonlySet<string>;
  /** The objects of the file, for annotations: messages name their object with `message.object`. */
  objects: ReadonlyArray<{ object: KubeObject; kind: string; namespace: string | undefined; name: string | undefined }>;
  /** Report directives that suppressed nothing at this severity (0: do not report). */
  reportUnused?: Severity;
  /**
   * Read directives and annotations at all (ESLint's `allowInlineConfig`, default true). false (`--no-inline-config`):
   * every `kubeward-*` comment and `ignore-check.kubeward.io/*` annotation is ignored, so every finding is reported.
   */
  inlineConfig?: boolean;
  /**
   * A directive or annotation must give a reason (` -- reason`, a non-empty annotation value): one without is reported
   * as a warning and suppresses nothing.
   */
  requireReason?: boolean;
}

/** The warning for a directive without a reason, when reasons are required. */
function missingReason(d: Directive): LintMessage {
  const ids = d.ids.length ? ` ${d.ids.join(', ')}` : '';
  return {
    ruleId: null,
    severity: 1,
    message: `kubeward-${d.kind} directive has no reason, so it suppresses nothing: add one after " -- " (# kubeward-${d.kind}${ids} -- why this is accepted)`,
    messageId: 'missingReason',
    line: d.line,
    column: d.column,
    endLine: d.endLine,
    endColumn: d.endColumn,
  };
}

/** The warning for an annotation without a reason (at the finding it would have suppressed), when reasons are required. */
function missingAnnotationReason(message: LintMessage, id: string): LintMessage {
  return {
    ruleId: null,
    severity: 1,
    message: `Annotation ${ANNOTATION_PREFIX}${id} on ${message.object} has no reason, so it suppresses nothing: give it one as its value (${ANNOTATION_PREFIX}${id}: "why this is accepted")`,
    messageId: 'missingReason',
    line: message.line,
    column: message.column,
    ...(message.endLine !== undefined ? { endLine: message.endLine, endColumn: message.endColumn } : {}),
  };
}

/** Whether `text` may hold a directive (`kubeward-`, as any directive starts). */
function hasDirective(text: string): boolean {
  return text.includes('ward-') && text.includes('kubeward-');
}

/** Split a file's messages into reported and suppressed ones, and add directive problems. */
export function applySuppressions(
  file: ParsedFile,
  messages: readonly LintMessage[],
  options: SuppressOptions,
): { messages: LintMessage[]; suppressedMessages: LintMessage[] } {
  const inline = options.inlineConfig !== false;
  // Most files hold no directive: skip walking their CST. V8 searches a text for a pattern of 7 characters or more
  // with Boyer-Moore-Horspool, several times slower here than its search for a shorter one (which finds the first
  // character with memchr): 'ward-' first, which nearly no file holds.
  const scan = inline && hasDirective(file.text) ? directivesOf(file, options.knownIds) : { directives: [], problems: [] };
  const { problems } = scan;
  // Without a reason a directive suppresses nothing when reasons are required (`kubeward-enable` needs none).
  const directives = options.requireReason ? scan.directives.filter((d) => d.kind === 'enable' || d.justification !== '') : scan.directives;
  if (options.requireReason) for (const d of scan.directives) if (d.kind !== 'enable' && d.justification === '') problems.push(missingReason(d));
  // Most files hold no directive and no object an ignore annotation: every message is reported as it is, without
  // reading each one's object's annotations twice (~0.8 M instructions of a one-file run of 12 messages).
  if (directives.length === 0 && problems.length === 0 && !(inline && anyIgnoreAnnotation(options.objects))) {
    return { messages: messages.slice(), suppressedMessages: [] };
  }
  const reasonless = new Set<string>();
  const byObject = new Map<string, KubeObject>();
  for (const o of options.objects) {
    const id = resourceId(o);
    if (!byObject.has(id)) byObject.set(id, o.object);
  }
  const reported: LintMessage[] = [];
  const suppressed: LintMessage[] = [];
  for (const message of messages) {
    if (message.ruleId === null || message.fatal) {
      reported.push(message);
      continue;
    }
    const suppressions: NonNullable<LintMessage['suppressions']> = [];
    for (const d of directivesFor(directives, message, options.knownIds)) {
      d.used.add(d.ids.length ? coveringId(d.ids, message.ruleId, options.knownIds)! : message.ruleId);
      suppressions.push({ kind: 'directive', justification: d.justification });
    }
    const object = inline && message.object ? byObject.get(message.object) : undefined;
    const annotated =
      object &&
      (annotationJustification(object, message.ruleId) !== undefined
        ? message.ruleId
        : coveringId([message.ruleId.split('/')[0]], message.ruleId, options.knownIds));
    const reason = object && annotated ? annotationJustification(object, annotated) : undefined;
    if (reason === '' && options.requireReason) {
      // Once per object and annotation, at its first finding.
      const key = `${message.object}\0${annotated}`;
      if (!reasonless.has(key)) problems.push(missingAnnotationReason(message, annotated!));
      reasonless.add(key);
    } else if (reason !== undefined) suppressions.push({ kind: 'annotation', justification: reason });
    if (suppressions.length) suppressed.push({ ...message, suppressions });
    else reported.push(message);
  }
  const hasFatal = messages.some((m) => m.fatal);
  if (options.reportUnused && !hasFatal) {
    for (const d of directives) {
      if (d.kind === 'enable') continue;
      const unused = d.ids.length === 0 ? (d.used.size ? [] : ['*']) : d.ids.filter((id) => !d.used.has(id) && isKnownId(id, options.knownIds));
      if (unused.length === 0) continue;
      const from = unused[0] === '*' ? '' : ` from ${unused.map((id) => `"${id}"`).join(', ')}`;
      reported.push({
        ruleId: null,
        severity: options.reportUnused,
        message: `Unused kubeward-${d.kind} directive (no problems were reported${from}): remove it`,
        messageId: 'unusedDirective',
        line: d.line,
        column: d.column,
        endLine: d.endLine,
        endColumn: d.endColumn,
      });
    }
  }
  reported.push(...problems);
  return { messages: reported, suppressedMessages: suppressed };
}

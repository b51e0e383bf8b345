/**
 * check: every check on each object of a file, findings (paths) turned into messages (positions, text, severity,
 * fixes, suggestions), then one message per problem. The engine decides which checks run at which level
 * (`RunRule`); a check only yields findings.
 */
import { resourceId, type Check, type CheckContext, type Finding, type Resource, type ResourceIndex } from '../check-api.js';
import { appendDocumentEdit, editReadsTree, fixToEdit } from '../fix/index.js';
import { formatPath, locate, type ParsedFile } from '../parse/index.js';
import { coversWorkloadKinds, get, isConfiguredWorkload } from '../k8s/index.js';
import { namespaceOfCheckedResource, namespacesOf, reportTarget, type SourceResource } from '../resources/index.js';
import type { FixObject, LintMessage, Path, Severity, SuggestionObject } from '../shared/types.js';
import { excerpt, MAX_EXCERPT, MAX_IDENTITY, MAX_MESSAGE, quote } from '../shared/inert.js';
import { isWhiteSpace } from '../shared/white-space.js';

/** How one check runs on one file: its level and options, as the configuration resolves them. */
export interface RunRule {
  /** 0 off, 1 warning, 2 error. */
  severity: Severity;
  options: Record<string, unknown>;
  /** The check's own default level; while `severity` equals it, findings keep their per-finding level. */
  defaultSeverity: Severity;
  /** True under the strict preset: every finding at the configured level. */
  strict: boolean;
}

export interface CheckRun {
  checks: readonly Check[];
  /** The rule of each check id for this file; a check without one does not run. */
  rules: ReadonlyMap<string, RunRule>;
  kubernetesVersion: string;
  index: ResourceIndex;
  /** Fixes use their stricter alternative where a check has one. */
  fixStrict: boolean;
  /**
   * Check Kustomize patch files for the values they set: every check runs on a patch, and a finding is kept only when its
   * path holds a value in the patch (a patch that sets `privileged: true`), never for a field the patch leaves out.
   */
  patchValues?: boolean;
  /**
   * False: the file was parsed without node trees, and a finding's position is not worth reading the file's trees for
   * (the engine lints it again with trees when anything is reported): asking for one reports an error instead.
   */
  positions?: boolean;
}

/**
 * The most messages one check reports on one file; the rest are counted in one last message (`tooManyMessages`). High
 * enough for a real file of thousands of objects (a `kubectl get -o yaml` dump), low enough that a hostile one cannot
 * make a report too long to print.
 */
export const MAX_MESSAGES_PER_CHECK = 10_000;

/**
 * At most `max` messages of each rule for one file: a file with 200,000 containers (or a ConfigMap whose 100,000
 * values each break the schema) gives a report that can still be printed, and the message that replaces the rest says
 * how many there were. Notices (severity 0) are counted with their rule's messages.
 */
class MessageLimit {
  private readonly counts = new Map<string | null, number>();
  private readonly dropped = new Map<string | null, { count: number; first: LintMessage; severity: Severity }>();

  constructor(private readonly max = MAX_MESSAGES_PER_CHECK) {}

  /** Whether the next message of `ruleId` would be left out (it need not be built in full: only counted). */
  full(ruleId: string | null): boolean {
    return (this.counts.get(ruleId) ?? 0) >= this.max;
  }

  /** Whether `message` is kept; when not, it is counted. */
  admit(message: LintMessage): boolean {
    const n = (this.counts.get(message.ruleId) ?? 0) + 1;
    this.counts.set(message.ruleId, n);
    if (n <= this.max) return true;
    const seen = this.dropped.get(message.ruleId);
    if (seen) {
      seen.count++;
      if (message.severity > seen.severity) seen.severity = message.severity;
    } else {
      this.dropped.set(message.ruleId, { count: 1, first: message, severity: message.severity });
    }
    return false;
  }

  /** One message per rule that went over the limit, at the first message left out, at the most severe level left out. */
  rest(): LintMessage[] {
    return [...this.dropped.entries()].map(([ruleId, { count, first, severity }]) => ({
      ruleId,
      severity,
      ...(first.fatal ? { fatal: true } : {}),
      message: `${count.toLocaleString('en-US')} more ${count === 1 ? 'message' : 'messages'} of ${ruleId ?? 'kubeward'} on this file not shown: kubeward reports at most ${this.max.toLocaleString('en-US')} per check and file; fix the ones shown (the rest are most likely the same problem) and lint again`,
      messageId: 'tooManyMessages',
      line: first.line,
      column: first.column,
    }));
  }
}

/** Messages (and notices, pushed to `file.notices`) of every check on every resource of a file. */
export function runChecks(run: CheckRun, file: ParsedFile, resources: readonly SourceResource[]): LintMessage[] {
  const messages: LintMessage[] = [];
  const limit = new MessageLimit();
  const keep = (message: LintMessage) => (message.severity === 0 ? file.notices : messages).push(message);
  for (const resource of resources) {
    checkResource(run, resource, {
      locate:
        run.positions === false
          ? () => {
              throw new Error('no positions in this pass');
            }
          : // An object at its document's root (most are) is placed by the finding's own path: locate only reads it.
            (path, pointAt) =>
              locate(resource.raw.document, resource.basePath.length ? [...resource.basePath, ...path] : path, file.lineCounter, file.text, pointAt),
      edits: resource,
      report: (message) => {
        if (limit.admit(message)) keep(message);
      },
      full: (ruleId) => limit.full(ruleId),
      ...(run.patchValues && resource.isPatch ? { keep: (finding: Finding) => get(resource.object, finding.path) !== undefined } : {}),
    });
  }
  for (const message of limit.rest()) keep(message);
  return messages;
}

/** Where a finding's path lands, and what becomes of each message. */
export interface CheckPlacement {
  /** The position of a path of the object (from the object's root). */
  locate(path: Path, pointAt?: 'key' | 'value'): Position;
  /** The object's own document, for fixes and suggestions; absent for objects that are not text of a file (rendered). */
  edits?: SourceResource;
  /** Takes each message: notices have severity 0. */
  report(message: LintMessage): void;
  /** True when a message of `ruleId` would be left out: it is reported without text, fix or suggestions, to be counted. */
  full?(ruleId: string): boolean;
  /** Keep only the findings this says yes to (patches checked without rendering: only the values they set). */
  keep?(finding: Finding): boolean;
}

export interface Position {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

/** Every check on one resource, findings placed by `placement`. */
export function checkResource(run: CheckRun, resource: Resource, placement: CheckPlacement): void {
  // The object as messages and baselines name it: inert, and bounded (a 1 MB name is not copied into every message).
  const object = excerpt(resourceId(resource), MAX_IDENTITY);
  // `{{object}}` of every message on it, made once (on its first message).
  const named: ObjectName = { resource, text: undefined };
  const internalError = (check: Check, error: unknown) => {
    let at: Position = { line: 1, column: 1 };
    try {
      at = placement.locate([]);
    } catch {
      // The object's own position failed too: the file's first line.
    }
    const why = excerpt((error as Error)?.message ?? String(error), MAX_EXCERPT * 2);
    placement.report({
      ruleId: check.meta.id,
      severity: 2,
      message: `Internal error in check "${check.meta.id}" on ${excerpt(resourceId(resource))}: ${why}. Please report it; the other checks still ran`,
      messageId: 'internalError',
      fatal: true,
      line: at.line,
      column: at.column,
      object,
    });
  };
  for (const check of run.checks) {
    const rule = run.rules.get(check.meta.id);
    if (!rule || rule.severity === 0) continue;
    if (resource.isPatch && !check.meta.appliesToPatches && !placement.keep) continue;
    if (!kindMatches(check, resource)) continue;
    const context: CheckContext = { options: rule.options, kubernetesVersion: run.kubernetesVersion, index: run.index };
    // All of a check's findings before any is placed (a check that throws reports none). A loop, not a spread: V8
    // takes a generator's values faster so (a million calls in a big run).
    const findings: Finding[] = [];
    try {
      for (const finding of check.check(resource, context)) findings.push(finding);
    } catch (error) {
      internalError(check, error);
      continue;
    }
    for (const finding of findings) {
      let message: LintMessage | undefined;
      try {
        message = findingMessage(run, check, rule, resource, placement, finding, object, named);
      } catch (error) {
        // An unknown message id, a path that cannot be placed, a fix that cannot be made: one message, and the
        // check's other findings and every other check still run.
        internalError(check, error);
        continue;
      }
      if (message) placement.report(message);
    }
  }
}

/** A finding as a message: rule, level, text, position, fix and suggestions; undefined when it is not reported. */
function findingMessage(
  run: CheckRun,
  check: Check,
  rule: RunRule,
  resource: Resource,
  placement: CheckPlacement,
  finding: Finding,
  object: string,
  named: ObjectName,
): LintMessage | undefined {
  const template = check.meta.messages[finding.messageId];
  if (template === undefined) throw new Error(`Check "${check.meta.id}" reported unknown messageId ${quote(finding.messageId)}`);
  const ruleId = check.meta.subIds && finding.ruleSuffix ? `${check.meta.id}/${excerpt(finding.ruleSuffix)}` : check.meta.id;
  const findingRule = ruleId === check.meta.id ? rule : (run.rules.get(ruleId) ?? rule);
  if (findingRule.severity === 0) return undefined;
  if (finding.reportOnce === 'namespace' && !isNamespaceTarget(resource, run.index)) return undefined;
  if (resource.isPatch && !check.meta.appliesToPatches && !placement.keep!(finding)) return undefined;
  const full = placement.full?.(ruleId) === true;
  const edits = placement.edits;
  // A finding whose fix or suggestion is made reads its document's tree then: read before the finding is placed, its
  // path is placed from the tree, and a document that reads its tree anyway does not also run position.ts's text walk
  // (the walk's first run was ~0.6 M instructions of a one-file run).
  if (edits && !full && run.positions !== false && readsTree(check, finding, edits)) edits.raw.document.tree();
  const at = placement.locate(finding.path, finding.pointAt);
  const severity = finding.level === 'info' ? 0 : severityOf(findingRule, finding);
  if (full) return { ruleId, severity, message: '', line: at.line, column: at.column };
  const message: LintMessage = {
    ruleId,
    severity,
    message: messageText(template, finding.data, named),
    messageId: finding.messageId,
    line: at.line,
    column: at.column,
    endLine: at.endLine,
    endColumn: at.endColumn,
    remediation: check.meta.remediation,
    object,
    path: excerpt(formatPath(finding.path), MAX_IDENTITY),
  };
  // Set after the rest, in this order (`fix` before `suggestions`, as reports print them), and only when there is one.
  if (edits) {
    const fix = fixOf(check, finding, edits, run.fixStrict);
    if (fix) message.fix = fix;
    const suggestions = suggestionsOf(check, finding, edits);
    if (suggestions) message.suggestions = suggestions;
  }
  return message;
}

/** A per-namespace finding is kept on one object of its namespace: the Namespace object, else the first workload. */
function isNamespaceTarget(resource: Resource, index: ResourceIndex): boolean {
  const namespace = namespaceOfCheckedResource(resource);
  const facts = namespace === undefined ? undefined : namespacesOf(index).get(namespace);
  return facts !== undefined && reportTarget(facts) === resource;
}

/**
 * The one place a check's message is built: each placeholder's value (a name, key, value or text from the linted
 * tree, or a policy's own message) is made inert and bounded to MAX_PLACEHOLDER characters, and the whole text to
 * MAX_MESSAGE, so no check quotes more than a short excerpt, whatever its data holds.
 */
function messageText(template: string, data: Finding['data'], named: ObjectName): string {
  const parts = templateParts(template);
  let text = parts[0];
  for (let i = 1; i < parts.length; i += 3) {
    const key = parts[i];
    // The finding's own value, else `object`'s (no object of both spread together for each message).
    let value: string | number | undefined;
    if (data !== undefined && Object.hasOwn(data, key)) value = data[key];
    else if (key === 'object') value = named.text ??= `${named.resource.kind} ${quote(named.resource.name ?? '<unnamed>', 256)}`;
    else {
      text += parts[i + 1] + parts[i + 2];
      continue;
    }
    text += excerpt(String(value), MAX_PLACEHOLDER) + parts[i + 2];
  }
  return excerpt(text, MAX_MESSAGE);
}

/** A resource and its name in messages (`Deployment "web"`), made on first use. */
interface ObjectName {
  readonly resource: Resource;
  text: string | undefined;
}

/**
 * Each template, split once: its text before the first placeholder, then for each its key, its own text and the text
 * after it (one regular expression replace per message was ~1 s of a big run's messages).
 */
const templates = new Map<string, string[]>();

function templateParts(template: string): string[] {
  let parts = templates.get(template);
  if (parts) return parts;
  parts = splitTemplate(template);
  // Templates are the checks' own (a few hundred); a long-lived process that loads many plugins starts over.
  if (templates.size >= 10_000) templates.clear();
  templates.set(template, parts);
  return parts;
}

/**
 * A template split at its `{{ key }}` placeholders, as `/\{\{\s*([\w.-]+)\s*\}\}/g` finds them (a key of letters,
 * digits, `_`, `.` and `-`, blanks around it): [text, key, placeholder, text, ...]. A loop, not that expression: V8
 * compiles an expression on its first uses (~45 µs of a one-file run); test/regex-free.test.ts compares the two.
 */
export function splitTemplate(template: string): string[] {
  const parts: string[] = [];
  let from = 0;
  for (let open = template.indexOf('{{'); open !== -1;) {
    let at = skipSpaces(template, open + 2);
    const keyStart = at;
    while (at < template.length && isKeyChar(template.charCodeAt(at))) at++;
    const keyEnd = at;
    at = skipSpaces(template, at);
    if (keyEnd > keyStart && template.startsWith('}}', at)) {
      parts.push(template.slice(from, open), template.slice(keyStart, keyEnd), template.slice(open, at + 2));
      from = at + 2;
      open = template.indexOf('{{', from);
    } else open = template.indexOf('{{', open + 1);
  }
  parts.push(template.slice(from));
  return parts;
}

/** `\w`, `.` and `-`. */
function isKeyChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x2e || c === 0x2d;
}

/** Where the blanks (`\s`: JavaScript's white space and line terminators) from `at` end. */
function skipSpaces(text: string, at: number): number {
  while (at < text.length && isWhiteSpace(text.charCodeAt(at))) at++;
  return at;
}

/** The longest placeholder value: a quoted name (up to 253 characters in Kubernetes) with its kind fits. */
const MAX_PLACEHOLDER = 320;

/** Checks whose `kinds` list every workload kind: they also run on the kinds of the config's `podTemplates`. */
const workloadChecks = new WeakMap<Check, boolean>();

/**
 * `meta.kinds` (plain kind names) and `meta.apiGroups` (the groups they must be in; '' is the core group). A kind the
 * config names in `podTemplates` is one of the workload kinds for a check that lists them all.
 */
function kindMatches(check: Check, resource: Resource): boolean {
  const { kinds, apiGroups } = check.meta;
  if (kinds && !kinds.includes(resource.kind)) {
    if (!isConfiguredWorkload(resource.kind, resource.apiVersion)) return false;
    let covers = workloadChecks.get(check);
    if (covers === undefined) workloadChecks.set(check, (covers = coversWorkloadKinds(kinds)));
    return covers;
  }
  if (!apiGroups) return true;
  const slash = resource.apiVersion.lastIndexOf('/');
  return apiGroups.includes(slash === -1 ? '' : resource.apiVersion.slice(0, slash));
}

/** Whether fixOf or suggestionsOf reads the document's tree for this finding. */
function readsTree(check: Check, finding: Finding, target: SourceResource): boolean {
  if (finding.level === 'info') return false;
  if (check.meta.fixable && finding.fix && editReadsTree(target, finding.fix)) return true;
  if (!check.meta.hasSuggestions || !finding.suggestions) return false;
  for (const s of finding.suggestions) if (editReadsTree(target, s.fix)) return true;
  return false;
}

/** The text edit of a finding's fix, as ESLint's message `fix`; nothing when the check is not fixable or refuses. */
function fixOf(check: Check, finding: Finding, target: SourceResource, strict: boolean): FixObject | undefined {
  if (!check.meta.fixable || !finding.fix || finding.level === 'info') return undefined;
  return fixToEdit(target, (strict && finding.fix.strict) || finding.fix);
}

/** ESLint's message `suggestions`: the ones whose edit kubeward can make; never applied by --fix. */
function suggestionsOf(check: Check, finding: Finding, target: SourceResource): SuggestionObject[] | undefined {
  if (!check.meta.hasSuggestions || !finding.suggestions || finding.level === 'info') return undefined;
  const suggestions: SuggestionObject[] = [];
  for (const s of finding.suggestions) {
    const edit = s.fix.op === 'appendDocument' ? appendDocumentEdit(target, s.fix) : fixToEdit(target, s.fix);
    if (edit) suggestions.push({ desc: s.desc, fix: edit });
  }
  return suggestions.length ? suggestions : undefined;
}

function severityOf(rule: RunRule, finding: Finding): 1 | 2 {
  if (!rule.strict && rule.severity === rule.defaultSeverity && finding.level) return finding.level === 'error' ? 2 : 1;
  return rule.severity === 2 ? 2 : 1;
}

/**
 * One problem, one message: drop exact repeats, and a message that a finding of another check supersedes at the same
 * position (`meta.supersedes`: a schema "apiVersion not served" gives way to no-deprecated-api, which says more). With
 * the superseding check turned off, the other message stays.
 */
export function dedupe(messages: readonly LintMessage[], checks: readonly Check[]): LintMessage[] {
  const superseded = new Set<string>();
  // A loop, not filter and map: two callbacks fewer to run (and compile) on a one-file run's only call.
  const supersedesOf = new Map<string, NonNullable<Check['meta']['supersedes']>>();
  for (const c of checks) {
    const supersedes = c.meta.supersedes;
    if (supersedes?.length) supersedesOf.set(c.meta.id, supersedes);
  }
  for (const m of messages) {
    for (const s of (m.ruleId && supersedesOf.get(m.ruleId)) || []) superseded.add(`${s.ruleId}\0${s.messageId}\0${m.line}\0${m.column}`);
  }
  // The texts seen of each rule at each position: a message's text is compared only with those (a key made of every
  // whole text was flattened and hashed for each of a big run's messages).
  const seen = new Map<string, string | string[]>();
  return messages.filter((m) => {
    if (superseded.size && superseded.has(`${m.ruleId}\0${m.messageId}\0${m.line}\0${m.column}`)) return false;
    const key = `${m.ruleId}\0${m.line}\0${m.column}`;
    const texts = seen.get(key);
    if (texts === undefined) {
      seen.set(key, m.message);
    } else if (typeof texts === 'string') {
      if (texts === m.message) return false;
      seen.set(key, [texts, m.message]);
    } else {
      if (texts.includes(m.message)) return false;
      texts.push(m.message);
    }
    return true;
  });
}

export function compareMessages(a: LintMessage, b: LintMessage): number {
  return a.line - b.line || a.column - b.column || byCodePoint(a.ruleId ?? '', b.ruleId ?? '') || byCodePoint(a.message, b.message);
}

/** Plain string order: the same on every machine, and no ICU collator to load (a few milliseconds a run). */
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

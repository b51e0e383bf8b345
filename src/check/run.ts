/**
 * check: every check on each object of a file, findings (paths) turned into messages (positions, text, severity,
 * fixes, suggestions), then one message per problem. The engine decides which checks run at which level
 * (`RunRule`); a check only yields findings.
 */
import { resourceId, type Check, type CheckContext, type Finding, type ResourceIndex } from '../check-api.js';
import { appendDocumentEdit, fixToEdit } from '../fix/index.js';
import { formatPath, locate, type ParsedFile } from '../parse/index.js';
import { namespaceOfCheckedResource, namespacesOf, reportTarget, type SourceResource } from '../resources/index.js';
import type { FixObject, LintMessage, Severity, SuggestionObject } from '../shared/types.js';

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
}

/** Messages (and notices, pushed to `file.notices`) of every check on every resource of a file. */
export function runChecks(run: CheckRun, file: ParsedFile, resources: readonly SourceResource[]): LintMessage[] {
  const messages: LintMessage[] = [];
  for (const resource of resources) {
    for (const check of run.checks) {
      const rule = run.rules.get(check.meta.id);
      if (!rule || rule.severity === 0) continue;
      if (resource.isPatch && !check.meta.appliesToPatches) continue;
      if (!kindMatches(check, resource)) continue;
      const context: CheckContext = { options: rule.options, kubernetesVersion: run.kubernetesVersion, index: run.index };
      let findings: Finding[];
      try {
        findings = [...check.check(resource, context)];
      } catch (error) {
        const at = locate(resource.raw.document, resource.basePath, file.lineCounter, file.text);
        messages.push({
          ruleId: check.meta.id,
          severity: 2,
          message: `Internal error in check "${check.meta.id}" on ${resourceId(resource)}: ${(error as Error)?.message ?? String(error)}. Please report it; the other checks still ran`,
          messageId: 'internalError',
          line: at.line,
          column: at.column,
          object: resourceId(resource),
        });
        continue;
      }
      for (const finding of findings) {
        const template = check.meta.messages[finding.messageId];
        const ruleId = check.meta.subIds && finding.ruleSuffix ? `${check.meta.id}/${finding.ruleSuffix}` : check.meta.id;
        const findingRule = ruleId === check.meta.id ? rule : (run.rules.get(ruleId) ?? rule);
        if (findingRule.severity === 0) continue;
        if (template === undefined) throw new Error(`Check "${check.meta.id}" reported unknown messageId "${finding.messageId}"`);
        if (finding.reportOnce === 'namespace' && !isNamespaceTarget(resource, run.index)) continue;
        const fullPath = [...resource.basePath, ...finding.path];
        const at = locate(resource.raw.document, fullPath, file.lineCounter, file.text, finding.pointAt);
        const data = { object: `${resource.kind} "${resource.name ?? '<unnamed>'}"`, ...finding.data };
        (finding.level === 'info' ? file.notices : messages).push({
          ruleId,
          severity: finding.level === 'info' ? 0 : severityOf(findingRule, finding),
          message: messageText(template, data),
          messageId: finding.messageId,
          line: at.line,
          column: at.column,
          endLine: at.endLine,
          endColumn: at.endColumn,
          remediation: check.meta.remediation,
          object: resourceId(resource),
          path: formatPath(finding.path),
          ...fixOf(check, finding, resource, run.fixStrict),
          ...suggestionsOf(check, finding, resource),
        });
      }
    }
  }
  return messages;
}

/** A per-namespace finding is kept on one object of its namespace: the Namespace object, else the first workload. */
function isNamespaceTarget(resource: SourceResource, index: ResourceIndex): boolean {
  const namespace = namespaceOfCheckedResource(resource);
  const facts = namespace === undefined ? undefined : namespacesOf(index).get(namespace);
  return facts !== undefined && reportTarget(facts) === resource;
}

function messageText(template: string, data: Record<string, string | number>): string {
  return template.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (whole, key: string) => (key in data ? String(data[key]) : whole));
}

/** `meta.kinds` (plain kind names) and `meta.apiGroups` (the groups they must be in; '' is the core group). */
function kindMatches(check: Check, resource: SourceResource): boolean {
  const { kinds, apiGroups } = check.meta;
  if (kinds && !kinds.includes(resource.kind)) return false;
  if (!apiGroups) return true;
  const slash = resource.apiVersion.lastIndexOf('/');
  return apiGroups.includes(slash === -1 ? '' : resource.apiVersion.slice(0, slash));
}

/** The text edit of a finding's fix, as ESLint's message `fix`; nothing when the check is not fixable or refuses. */
function fixOf(check: Check, finding: Finding, target: SourceResource, strict: boolean): { fix?: FixObject } {
  if (!check.meta.fixable || !finding.fix || finding.level === 'info') return {};
  const edit = fixToEdit(target, (strict && finding.fix.strict) || finding.fix);
  return edit ? { fix: edit } : {};
}

/** ESLint's message `suggestions`: the ones whose edit kubeward can make; never applied by --fix. */
function suggestionsOf(check: Check, finding: Finding, target: SourceResource): { suggestions?: SuggestionObject[] } {
  if (!check.meta.hasSuggestions || !finding.suggestions || finding.level === 'info') return {};
  const suggestions: SuggestionObject[] = [];
  for (const s of finding.suggestions) {
    const edit = s.fix.op === 'appendDocument' ? appendDocumentEdit(target, s.fix) : fixToEdit(target, s.fix);
    if (edit) suggestions.push({ desc: s.desc, fix: edit });
  }
  return suggestions.length ? { suggestions } : {};
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
  const supersedesOf = new Map(checks.filter((c) => c.meta.supersedes?.length).map((c) => [c.meta.id, c.meta.supersedes!]));
  for (const m of messages) {
    for (const s of (m.ruleId && supersedesOf.get(m.ruleId)) || []) superseded.add(`${s.ruleId}\0${s.messageId}\0${m.line}\0${m.column}`);
  }
  const seen = new Set<string>();
  return messages.filter((m) => {
    if (superseded.size && superseded.has(`${m.ruleId}\0${m.messageId}\0${m.line}\0${m.column}`)) return false;
    const key = `${m.ruleId}\0${m.line}\0${m.column}\0${m.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
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

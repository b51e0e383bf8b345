/**
 * SARIF 2.1.0, as GitHub code scanning (`github/codeql-action/upload-sarif`) reads it.
 *
 * - `tool.driver.rules`: every check given in the context (plus any other rule a result names), with help text and
 *   Markdown that carry the remediation, the docs URL, the default level and `security` tags.
 * - Results carry the exact region kubeward computed (start and end line and column, UTF-16 columns as JavaScript
 *   counts them), a URI relative to the repository root (`uriBaseId: %SRCROOT%`), and a `partialFingerprints` entry
 *   that hashes the rule, file, object, field path and message id, never the line, so a finding keeps its identity
 *   when lines move.
 * - Suppressed findings (`suppressedMessages`) are results with `suppressions`; info notices are `note` results.
 * - Files outside the repository root cannot be given a root-relative URI: their findings are left out of `results`
 *   and each such file gets one tool notification saying how many findings it had.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Check } from '../check-api.js';
import type { LintMessage, LintResult } from '../shared/types.js';
import type { Formatter, FormatterContext } from './types.js';
import { relativeToRoot, rootOf } from './paths.js';
import { type StreamFormatter, wholeReport } from './stream.js';
import { jsonInert } from './text.js';
import { VERSION } from '../shared/version.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
export const INFORMATION_URI = 'https://github.com/kubeward/kubeward';
/** Rule id of results for files that could not be read or parsed (ESLint's `ruleId: null, fatal: true`). */
export const PARSE_ERROR_RULE = 'parse-error';
/** Rule id of kubeward's info notices (`ruleId: null, severity: 0`). */
export const NOTICE_RULE = 'notice';
export const FINGERPRINT_KEY = 'kubewardFindingHash/v1';

/** RFC 3986 path segments: everything but unreserved characters percent-encoded, `/` kept. */
function toUri(relative: string): string {
  return relative
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
}

type Level = 'error' | 'warning' | 'note';

function levelOf(message: LintMessage): Level {
  if (message.fatal || message.severity === 2) return 'error';
  return message.severity === 1 ? 'warning' : 'note';
}

function ruleIdOf(message: LintMessage): string {
  if (message.ruleId) return message.ruleId;
  return message.severity === 0 && !message.fatal ? NOTICE_RULE : PARSE_ERROR_RULE;
}

interface SarifRule {
  id: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  helpUri?: string;
  defaultConfiguration: { level: Level };
  properties: { tags: string[]; precision: string; 'problem.severity': string; 'security-severity'?: string };
}

function ensureSentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

function checkRule(check: Check, url: string | undefined): SarifRule {
  const { id, description, remediation, guideline, severity } = check.meta;
  const level: Level = severity === 'error' ? 'error' : 'warning';
  const textParts = [ensureSentence(description), `How to fix: ${ensureSentence(remediation)}`];
  const markdownParts = [ensureSentence(description), `**How to fix:** ${ensureSentence(remediation)}`];
  if (guideline) {
    textParts.push(`Guideline: ${guideline}`);
    markdownParts.push(`**Guideline:** ${guideline}`);
  }
  if (url) {
    textParts.push(`Documentation: ${url}`);
    markdownParts.push(`[Documentation](${url})`);
  }
  return {
    id,
    shortDescription: { text: ensureSentence(description) },
    fullDescription: { text: guideline ? `${ensureSentence(description)} ${ensureSentence(guideline)}` : ensureSentence(description) },
    help: { text: textParts.join('\n\n'), markdown: markdownParts.join('\n\n') },
    ...(url ? { helpUri: url } : {}),
    defaultConfiguration: { level },
    properties: {
      tags: ['security', 'kubernetes'],
      precision: 'very-high',
      'problem.severity': level,
      // GitHub code scanning ranks security alerts by this score: 7.0-8.9 is "high", 4.0-6.9 "medium".
      'security-severity': level === 'error' ? '8.0' : '5.0',
    },
  };
}

function otherRule(id: string, context: FormatterContext): SarifRule {
  const builtin: Record<string, { description: string; help: string; level: Level }> = {
    [PARSE_ERROR_RULE]: {
      description: 'The file could not be read or parsed as YAML or JSON.',
      help: 'Fix the syntax error at the reported position; kubeward lints nothing else in a document it cannot parse.',
      level: 'error',
    },
    [NOTICE_RULE]: {
      description: 'Something kubeward passed over or could not check (a Helm template, a custom resource without a schema).',
      help: 'Informational: read the message for what was skipped and how to lint it.',
      level: 'note',
    },
  };
  const known = builtin[id];
  const meta = context.rulesMeta[id];
  const description = known?.description ?? ensureSentence(meta?.docs?.description ?? `The ${id} check.`);
  const help = known?.help;
  const url = meta?.docs?.url;
  const level: Level = known?.level ?? 'error';
  const textParts = [description, ...(help ? [help] : []), ...(url ? [`Documentation: ${url}`] : [])];
  const markdownParts = [description, ...(help ? [help] : []), ...(url ? [`[Documentation](${url})`] : [])];
  return {
    id,
    shortDescription: { text: description },
    fullDescription: { text: description },
    help: { text: textParts.join('\n\n'), markdown: markdownParts.join('\n\n') },
    ...(url ? { helpUri: url } : {}),
    defaultConfiguration: { level },
    properties: {
      tags: id === NOTICE_RULE ? ['kubernetes'] : ['security', 'kubernetes'],
      precision: 'very-high',
      'problem.severity': level === 'note' ? 'recommendation' : level,
    },
  };
}

/** A fingerprint that survives line shifts: rule, file, object, field path and message id (never the line). */
export function findingFingerprint(ruleId: string, uri: string, message: LintMessage): string {
  const identity =
    message.object !== undefined || message.path !== undefined
      ? [ruleId, uri, message.object ?? '', message.path ?? '', message.messageId ?? message.message]
      : // Parse errors and notices have no object: the message text (which holds no position) identifies them.
        [ruleId, uri, message.messageId ?? '', message.message];
  return createHash('sha256').update(identity.join('\u0000')).digest('hex');
}

interface Entry {
  message: LintMessage;
  suppressed: boolean;
}

function entriesOf(result: LintResult): Entry[] {
  const entries: Entry[] = [
    ...result.messages.map((message) => ({ message, suppressed: false })),
    ...(result.notices ?? []).map((message) => ({ message, suppressed: false })),
    ...result.suppressedMessages.map((message) => ({ message, suppressed: true })),
  ];
  // Stable: same position keeps messages before notices before suppressed findings.
  return entries.sort((a, b) => (a.message.line || 0) - (b.message.line || 0) || (a.message.column || 0) - (b.message.column || 0));
}

function region(message: LintMessage): Record<string, number> {
  const startLine = Math.max(1, message.line || 1);
  const startColumn = Math.max(1, message.column || 1);
  const out: Record<string, number> = { startLine, startColumn };
  if (message.endLine !== undefined && message.endColumn !== undefined) {
    const endLine = Math.max(startLine, message.endLine);
    const endColumn = endLine === startLine ? Math.max(startColumn, message.endColumn) : Math.max(1, message.endColumn);
    out.endLine = endLine;
    out.endColumn = endColumn;
  }
  return out;
}

/** A SARIF run built one result at a time: rules, artifacts and notifications grow as results come. */
class SarifRun {
  private readonly root: string;
  private readonly rules: SarifRule[] = [];
  private readonly ruleIndex = new Map<string, number>();
  private readonly notifications: Record<string, unknown>[] = [];
  private readonly artifacts: Array<{ location: { uri: string; uriBaseId: string } }> = [];

  constructor(private readonly context: FormatterContext) {
    this.root = rootOf(context);
    for (const check of [...(context.checks ?? [])].sort((a, b) => (a.meta.id < b.meta.id ? -1 : a.meta.id > b.meta.id ? 1 : 0))) {
      this.addRule(checkRule(check, context.rulesMeta[check.meta.id]?.docs?.url));
    }
  }

  private addRule(rule: SarifRule): void {
    if (this.ruleIndex.has(rule.id)) return;
    this.ruleIndex.set(rule.id, this.rules.length);
    this.rules.push(rule);
  }

  /** The SARIF results of one LintResult, in order. */
  add(result: LintResult): Record<string, unknown>[] {
    const sarifResults: Record<string, unknown>[] = [];
    const entries = entriesOf(result);
    if (entries.length === 0) return sarifResults;
    const relative = relativeToRoot(result.filePath, this.root);
    if (relative === undefined) {
      this.notifications.push({
        level: 'warning',
        message: {
          text: `${entries.length} ${entries.length === 1 ? 'finding' : 'findings'} in "${path.basename(result.filePath)}" left out: the file is outside the repository root, so it has no repository-relative location. Lint files inside the repository (or set the root).`,
        },
      });
      return sarifResults;
    }
    const uri = toUri(relative);
    const artifactIndex = this.artifacts.length;
    this.artifacts.push({ location: { uri, uriBaseId: '%SRCROOT%' } });
    for (const { message, suppressed } of entries) {
      const ruleId = ruleIdOf(message);
      if (!this.ruleIndex.has(ruleId)) this.addRule(otherRule(ruleId, this.context));
      const sarifResult: Record<string, unknown> = {
        ruleId,
        ruleIndex: this.ruleIndex.get(ruleId),
        level: levelOf(message),
        message: { text: message.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri, uriBaseId: '%SRCROOT%', index: artifactIndex },
              region: region(message),
            },
          },
        ],
        partialFingerprints: { [FINGERPRINT_KEY]: findingFingerprint(ruleId, uri, message) },
      };
      const properties: Record<string, string> = {};
      if (message.object !== undefined) properties.object = message.object;
      if (message.path !== undefined) properties.path = message.path;
      if (Object.keys(properties).length) sarifResult.properties = properties;
      if (message.fix && !suppressed) {
        // ESLint's `fix` (character offsets into the text after any byte order mark, end exclusive) as a SARIF fix.
        const { range, text } = message.fix;
        const replacements = [{ deletedRegion: { charOffset: range[0], charLength: range[1] - range[0] }, insertedContent: { text } }];
        sarifResult.fixes = [
          {
            description: { text: 'kubeward --fix' },
            artifactChanges: [{ artifactLocation: { uri, uriBaseId: '%SRCROOT%', index: artifactIndex }, replacements }],
          },
        ];
      }
      if (suppressed) {
        const list = message.suppressions?.length ? message.suppressions : [{ kind: 'directive' as const, justification: '' }];
        sarifResult.suppressions = list.map((s) => ({
          kind: s.kind === 'baseline' ? 'external' : 'inSource',
          status: 'accepted',
          ...(s.justification ? { justification: s.justification } : {}),
        }));
      }
      sarifResults.push(sarifResult);
    }
    return sarifResults;
  }

  /** The log, with these results. */
  log(results: Record<string, unknown>[]): Record<string, unknown> {
    return {
      $schema: SARIF_SCHEMA_URI,
      version: '2.1.0',
      runs: [
        {
          tool: {
            driver: {
              name: 'kubeward',
              version: VERSION,
              semanticVersion: VERSION,
              informationUri: INFORMATION_URI,
              rules: this.rules,
            },
          },
          invocations: [{ executionSuccessful: true, toolExecutionNotifications: this.notifications }],
          columnKind: 'utf16CodeUnits',
          artifacts: this.artifacts,
          results,
        },
      ],
    };
  }
}

export function sarifLog(results: LintResult[], context: FormatterContext): Record<string, unknown> {
  const run = new SarifRun(context);
  const sarifResults = results.flatMap((result) => run.add(result));
  return run.log(sarifResults);
}

/** How deep `runs[0].results[i]` sits in the pretty-printed log: its lines are indented by this much more. */
const RESULT_INDENT = '\n        ';

/**
 * `--format sarif`: the SARIF log, pretty-printed. Each result's text is made as it comes (the results are the last
 * member of the run); the rules, artifacts and notifications before them are written once every result was seen.
 */
export const sarifStream: StreamFormatter = (context) => {
  const run = new SarifRun(context);
  let first = true;
  return {
    result(result) {
      let text = '';
      for (const sarifResult of run.add(result)) {
        text += `${first ? '' : ','}${RESULT_INDENT}${JSON.stringify(sarifResult, null, 2).replace(/\n/g, RESULT_INDENT)}`;
        first = false;
      }
      return jsonInert(text);
    },
    end: () => (first ? ']\n    }\n  ]\n}\n' : '\n      ]\n    }\n  ]\n}\n'),
    head() {
      // The log with no results ends `"results": []` and the run's and log's closing lines; the results go between.
      const text = jsonInert(JSON.stringify(run.log([]), null, 2));
      const at = text.lastIndexOf('"results": []');
      return text.slice(0, at + '"results": ['.length);
    },
  };
};

export const sarif: Formatter = wholeReport(sarifStream);

/**
 * Shared types of the kubeward pipeline. The result shapes follow ESLint's formatter contract exactly
 * (LintResult, LintMessage), so every `eslint-formatter-*` package can print kubeward's results.
 */

/** A path into a Kubernetes object: keys and sequence indexes, from the document root. */
export type Path = ReadonlyArray<string | number>;

/** 0 = info (kubeward's notices, never counted), 1 = warning, 2 = error. */
export type Severity = 0 | 1 | 2;

export interface FixObject {
  /** Character offsets into the original file text, end exclusive. */
  range: [number, number];
  text: string;
}

export interface SuggestionObject {
  desc: string;
  messageId?: string;
  fix: FixObject;
}

export interface LintMessage {
  ruleId: string | null;
  severity: Severity;
  message: string;
  messageId?: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  fatal?: boolean;
  fix?: FixObject;
  suggestions?: SuggestionObject[];
  /** kubeward's additions, ignored by ESLint formatters. */
  remediation?: string;
  /** The object the finding is about: `Kind/namespace/name` (namespace omitted for cluster-scoped). */
  object?: string;
  /** The path inside the object the finding points at, dotted (`spec.template.spec.containers[0]`). */
  path?: string;
  /** Set on entries of `suppressedMessages`: why the finding is not reported. */
  suppressions?: Array<{ kind: 'directive' | 'annotation' | 'baseline'; justification: string }>;
}

export interface LintResult {
  filePath: string;
  messages: LintMessage[];
  suppressedMessages: LintMessage[];
  errorCount: number;
  fatalErrorCount: number;
  warningCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
  /** Info-level notices (Helm templates passed over, custom resources without a schema...). Not counted. */
  notices?: LintMessage[];
  /** The fixed file text, set by --fix and --fix-dry-run when a fix changed it. */
  output?: string;
  source?: string;
  /** Number of Kubernetes objects found in the file. */
  objectCount?: number;
}

/** Metadata passed to formatters, keyed by rule id, ESLint's `rulesMeta`. */
export interface RuleMetaForFormatter {
  type?: string;
  docs?: { description?: string; url?: string; recommended?: boolean };
  messages?: Record<string, string>;
  fixable?: 'code';
}

export interface FormatterContext {
  cwd: string;
  color: boolean;
  rulesMeta: Record<string, RuleMetaForFormatter>;
  /** kubeward's own: the repository root used to make paths relative (SARIF, GitHub annotations). */
  root?: string;
  /** kubeward's own: the full check definitions, for reporters that describe rules (SARIF). */
  checks?: ReadonlyArray<import('../check-api.js').Check>;
}

export type Formatter = (results: LintResult[], context: FormatterContext) => string | Promise<string>;

/** The reporter contract, ESLint's: a formatter is `(results, context) => string`. */
import type { Check } from '../check-api.js';
import type { LintResult } from '../shared/types.js';

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
  /** kubeward's own: the full check definitions (the schema rule among them), for reporters that describe rules (SARIF). */
  checks?: readonly Check[];
  /** kubeward's own: the most characters a text formatter writes before it says how many messages it left out (tests set it low). */
  maxOutput?: number;
}

export type Formatter = (results: LintResult[], context: FormatterContext) => string | Promise<string>;

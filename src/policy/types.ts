/**
 * Plain-data types of the policy module (src/policy): CEL programs, ValidatingAdmissionPolicy findings and custom CEL
 * checks. Nothing here holds state between runs; compiled programs are values the caller keeps for one run.
 */
import type { Path } from '../shared/types.js';
import type { KubeObject } from '../check-api.js';
import type { ResourceInfo } from './resources-table.js';

/** Limits of one evaluation. A hostile expression hits one of them and becomes an error, never a hang. */
export interface CelBudget {
  /** Comprehension iterations (all, exists, map, filter, ...) per evaluation, summed over every nesting level. */
  maxSteps: number;
  /** Wall-clock milliseconds per evaluation (checked every 128 steps and after the evaluation). */
  maxMillis: number;
}

export const DEFAULT_BUDGET: CelBudget = { maxSteps: 1_000_000, maxMillis: 250 };

/** Why an expression could not be compiled: the parser's text, an unknown function or variable, named. */
export interface CelCompileError {
  ok: false;
  message: string;
}

/** The outcome of one evaluation: a value (as kubeward's plain JS, see `fromCel`; evaluateRaw: as CEL gives it), an error, or a budget overrun. */
export type CelOutcome = { kind: 'value'; value: unknown } | { kind: 'error'; message: string } | { kind: 'budget'; message: string };

/** An object the policy module reads: the object, and where it comes from (for findings). */
export interface PolicyObject {
  object: KubeObject;
  /** The effective namespace (metadata, or a kustomization's), when namespaced. */
  namespace?: string;
  /** Opaque handle the caller uses to tell which object a finding is about (e.g. the engine's Resource). */
  ref?: unknown;
  /** The file it comes from: of several policies (or bindings) of one name, an object is checked against the nearest. */
  source?: string;
  /**
   * For an object to validate: which policy and binding pairs admit it, decided already by the caller with the same
   * Namespaces and CRDs (admissionOf, ./match.ts); without it, ./vap.ts matches each pair itself.
   */
  admission?: Admission;
}

/** What `evaluatePolicies` reads: every object of the repository, as plain data. */
export interface PolicyInput {
  /** Every object; policies, bindings, params, Namespaces and CRDs are picked out of it. */
  objects: readonly PolicyObject[];
  budget?: Partial<CelBudget>;
}

/** One problem found by a policy: on the object validated, or on the policy (or binding) itself. */
export interface PolicyFinding {
  /** `vap/<policy name>`. */
  ruleId: string;
  /** 2 error (Deny, or a Fail policy's evaluation error), 1 warning (Warn). */
  severity: 1 | 2;
  message: string;
  /** `validation` (a validation failed), `compile` (an expression of the policy does not compile), `evaluation`
   *  (a Fail policy could not evaluate, e.g. a budget overrun or a missing param), `config` (the policy or binding is
   *  malformed). */
  kind: 'validation' | 'compile' | 'evaluation' | 'config';
  /** The object the finding is about: the validated object for `validation`, else the policy or binding. */
  target: PolicyObject;
  /** Path into `target.object`. */
  path: Path;
  /** The validation's `reason` (Invalid, Forbidden, ...), for validation findings. */
  reason?: string;
  /** The binding that applied the policy, for validation and evaluation findings. */
  binding?: string;
}

/** One entry of the config's `customChecks`, exactly as written. */
export interface CustomCheckConfig {
  id: string;
  level?: 'error' | 'warn' | 'warning';
  match?: { kinds?: string[]; apiGroups?: string[]; namespaces?: string[] };
  expression: string;
  message?: string;
  messageExpression?: string;
  description?: string;
  remediation?: string;
  variables?: Array<{ name: string; expression: string }>;
}

/**
 * The distinct match rules of a repository's policy and binding pairs: a policy's `matchConstraints` with a binding's
 * `matchResources` (bindings of a name, and copies of a policy, often share them), and where each pair of values is
 * among them (`at`, by the values themselves).
 */
export interface MatchPairs {
  pairs: Array<{ matchConstraints: unknown; matchResources: unknown }>;
  at: Map<unknown, Map<unknown, number>>;
}

/**
 * Which policy and binding pairs send one object to the policy's validations, decided once for the object: the
 * `vap` check's filter asks it before any CEL is loaded (admissionOf, ./match.ts), and ./vap.ts reads the answers
 * instead of matching again (a pair not decided yet is matched when asked, once).
 */
export interface Admission {
  /** The object's resource (admissibleResource). */
  info: ResourceInfo;
  /** The answer for each of `pairs.pairs`, once decided. */
  answers: Array<boolean | undefined>;
  pairs: MatchPairs;
  namespaces: ReadonlyMap<string, KubeObject>;
  target: PolicyObject;
}

/**
 * Custom CEL checks from the config's `customChecks`: each entry compiles once into a check-like object whose pure
 * `check(object, context)` returns findings as paths. Same CEL environment as policies; variables `object`,
 * `namespaceObject`, `variables` (the entry's own `variables`, in order).
 */
import { isRecord } from '../k8s/index.js';
import type { KubeObject } from '../check-api.js';
import type { Path } from '../shared/types.js';
import { compile, namespaceToCel, objectToCel, type CelProgram } from './cel.js';
import { failingPath } from './vap.js';
import type { CelBudget, CustomCheckConfig } from './types.js';

const CHECK_VARIABLES = ['object', 'namespaceObject', 'variables'];

export interface CustomCheckFinding {
  messageId: 'failed' | 'evaluation';
  data: { message: string };
  path: Path;
}

/** A compiled custom check: meta like a built-in check's, and a pure check. */
export interface CustomCheck {
  meta: {
    id: string;
    description: string;
    severity: 'error' | 'warning';
    kinds?: readonly string[];
    apiGroups?: readonly string[];
    namespaces?: readonly string[];
    scope: 'object';
    messages: { failed: string; evaluation: string };
    remediation: string;
  };
  /** Findings for one object. `namespaceObject`: the object's Namespace, when known. */
  check(object: KubeObject, context?: { namespaceObject?: KubeObject | null; budget?: Partial<CelBudget> }): CustomCheckFinding[];
}

/** A custom check entry that cannot be used: which entry (index and id), and why (the CEL error). */
export interface CustomCheckError {
  index: number;
  id: string | undefined;
  /** Config key of the problem: `customChecks[2].expression`. */
  key: string;
  message: string;
}

/** Compile `customChecks` entries. Entries with errors are left out of `checks` and reported in `errors`. */
export function compileCustomChecks(entries: readonly unknown[]): { checks: CustomCheck[]; errors: CustomCheckError[] } {
  const checks: CustomCheck[] = [];
  const errors: CustomCheckError[] = [];
  const seen = new Set<string>();
  entries.forEach((raw, index) => {
    const entry = raw as CustomCheckConfig;
    const id = isRecord(raw) && typeof raw.id === 'string' ? raw.id : undefined;
    const err = (field: string, message: string) => errors.push({ index, id, key: `customChecks[${index}]${field ? `.${field}` : ''}`, message });
    if (!isRecord(raw)) return err('', 'must be an object');
    if (!id || !/^[a-z0-9][a-z0-9._-]*\/[a-z0-9][a-z0-9._-]*$/.test(id))
      return err('id', 'id must look like "owner/name" (lower case letters, digits, ".", "_", "-")');
    if (seen.has(id)) return err('id', `duplicate id "${id}"`);
    seen.add(id);
    const level = entry.level ?? 'error';
    if (!['error', 'warn', 'warning'].includes(level)) return err('level', `level must be "error" or "warn", got ${JSON.stringify(level)}`);
    const variables: Array<{ name: string; program: CelProgram }> = [];
    for (const [i, v] of (entry.variables ?? []).entries()) {
      const p = compile(v?.expression, CHECK_VARIABLES);
      if (!p.ok) return err(`variables[${i}].expression`, `${id}: variables[${i}] does not compile: ${p.message}`);
      variables.push({ name: String(v.name), program: p });
    }
    const program = compile(entry.expression, CHECK_VARIABLES);
    if (!program.ok) return err('expression', `${id}: expression does not compile: ${program.message}`);
    let messageProgram: CelProgram | undefined;
    if (entry.messageExpression !== undefined) {
      const m = compile(entry.messageExpression, CHECK_VARIABLES);
      if (!m.ok) return err('messageExpression', `${id}: messageExpression does not compile: ${m.message}`);
      messageProgram = m;
    }
    const message = entry.message ?? `failed expression: ${entry.expression}`;
    const match = isRecord(entry.match) ? entry.match : {};
    checks.push({
      meta: {
        id,
        description: entry.description ?? message,
        severity: level === 'error' ? 'error' : 'warning',
        kinds: match.kinds,
        apiGroups: match.apiGroups,
        namespaces: match.namespaces,
        scope: 'object',
        messages: { failed: '{{message}}', evaluation: '{{message}}' },
        remediation: entry.remediation ?? message,
      },
      check(object, context = {}) {
        if (match.kinds && !match.kinds.includes(object.kind)) return [];
        if (match.apiGroups) {
          const group = typeof object.apiVersion === 'string' && object.apiVersion.includes('/') ? object.apiVersion.split('/')[0] : '';
          if (!match.apiGroups.includes(group) && !match.apiGroups.includes('*')) return [];
        }
        if (match.namespaces && !match.namespaces.includes(object.metadata?.namespace ?? '')) return [];
        const vars = new Map<string, unknown>();
        const env = {
          object: objectToCel(object),
          namespaceObject: context.namespaceObject ? namespaceToCel(context.namespaceObject) : null,
          variables: vars,
        };
        for (const v of variables) {
          const r = v.program.evaluateRaw(env, context.budget);
          if (r.kind === 'value') vars.set(v.name, r.value);
          else if (r.kind === 'budget') return [{ messageId: 'evaluation', data: { message: `${id}: variables.${v.name} ${r.message}` }, path: [] }];
        }
        const r = program.evaluate(env, context.budget);
        if (r.kind !== 'value' || typeof r.value !== 'boolean') {
          const why = r.kind === 'value' ? 'the expression did not give a bool' : r.message;
          return [{ messageId: 'evaluation', data: { message: `${id}: could not evaluate the expression: ${why}` }, path: [] }];
        }
        if (r.value) return [];
        let text = message;
        if (messageProgram) {
          const m = messageProgram.evaluate(env, context.budget);
          if (m.kind === 'value' && typeof m.value === 'string' && m.value.trim()) text = m.value;
        }
        return [{ messageId: 'failed', data: { message: text }, path: failingPath(program, env, context.budget) }];
      },
    });
  });
  return { checks, errors };
}

/**
 * Which objects a ValidatingAdmissionPolicy and its binding send to the policy's validations: the policy's
 * `matchConstraints` and the binding's `matchResources` (resource rules, exclusions, object and namespace selectors),
 * as the API server applies them. No CEL here: the engine decides with these whether a run needs the CEL runtime at
 * all (`policiesApply`, ./checks.ts), and ./vap.ts evaluates exactly the objects they admit.
 */
import { isRecord, selectorMatches } from '../k8s/index.js';
import type { KubeObject } from '../check-api.js';
import { EQUIVALENT_GROUPS, type ResourceInfo, type ResourceTable } from './resources-table.js';
import type { Admission, MatchPairs, PolicyObject } from './types.js';

const GROUP = 'admissionregistration.k8s.io';

/** An object of `kind` in the admissionregistration.k8s.io group (a policy or a binding). */
export const isAdmissionKind = (o: KubeObject, kind: string) => o.kind === kind && typeof o.apiVersion === 'string' && o.apiVersion.startsWith(`${GROUP}/`);

/** The severity a binding's `validationActions` give its findings: 2 with Deny, 1 with Warn; undefined otherwise (Audit only, or none). */
export function bindingSeverity(bindingSpec: Record<string, unknown>): 1 | 2 | undefined {
  const actions: unknown[] = Array.isArray(bindingSpec.validationActions) ? bindingSpec.validationActions : [];
  return actions.includes('Deny') ? 2 : actions.includes('Warn') ? 1 : undefined;
}

/**
 * The resource of `target` when the policy (its spec `policySpec`) under the binding (its spec `bindingSpec`) validates it:
 * a known resource, not itself an admission policy or binding, that the policy's matchConstraints and the binding's
 * matchResources admit; undefined otherwise. `namespaces`: the repository's Namespace objects by name (their labels).
 */
export function matchedResource(
  table: ResourceTable,
  namespaces: ReadonlyMap<string, KubeObject>,
  policySpec: Record<string, unknown>,
  bindingSpec: Record<string, unknown>,
  target: PolicyObject,
): ResourceInfo | undefined {
  const info = admissibleResource(table, target);
  return info && admits(namespaces, policySpec.matchConstraints, bindingSpec.matchResources, target, info) ? info : undefined;
}

/** The resource of `target` when admission policies can validate it at all: a known resource, not itself an admission policy or binding. */
export function admissibleResource(table: ResourceTable, target: PolicyObject): ResourceInfo | undefined {
  const info = table(target.object);
  // Admission policies and their bindings are not themselves subject to admission policies.
  if (!info || target.object.kind.startsWith('ValidatingAdmissionPolicy') || target.object.kind.startsWith('MutatingAdmissionPolicy')) return undefined;
  return info;
}

/**
 * Whether a policy's `matchConstraints` and its binding's `matchResources` admit `target` (of resource `info`, from
 * admissibleResource): matchedResource without the resource lookup, for a caller that asks for many pairs.
 */
export function admits(
  namespaces: ReadonlyMap<string, KubeObject>,
  matchConstraints: unknown,
  matchResources: unknown,
  target: PolicyObject,
  info: ResourceInfo,
): boolean {
  if (!matchesResources(namespaces, matchConstraints, target, info, true)) return false;
  return matchResources === undefined || matchesResources(namespaces, matchResources, target, info, false);
}

/**
 * MatchPairs of `list`: pairs of equal values are one (undefined and absent alike, as the rules read them). Equal means
 * equal: NaN, Infinity and null are three values (JSON would write all as null, and one binding's answer would decide
 * another's), and a value the key cannot tell apart from others (not plain data) is never shared.
 */
export function matchPairs(list: Iterable<{ matchConstraints: unknown; matchResources: unknown }>): MatchPairs {
  const out: MatchPairs = { pairs: [], at: new Map() };
  const byKey = new Map<string, number>();
  for (const { matchConstraints, matchResources } of list) {
    let own = out.at.get(matchConstraints);
    if (!own) out.at.set(matchConstraints, (own = new Map()));
    if (own.has(matchResources)) continue;
    const a = valueKey(matchConstraints);
    const b = a === undefined ? undefined : valueKey(matchResources);
    const key = b === undefined ? undefined : `${a}|${b}`;
    let i = key === undefined ? undefined : byKey.get(key);
    if (i === undefined) {
      i = out.pairs.push({ matchConstraints, matchResources }) - 1;
      if (key !== undefined) byKey.set(key, i);
    }
    own.set(matchResources, i);
  }
  return out;
}

/**
 * A key that two values share only when they are equal plain data (undefined, null, booleans, numbers by Object.is,
 * bigints, strings, arrays, records of own keys): every value is written with a tag of its type, so no string in a
 * manifest can stand for a number or null. Undefined for anything else (such a value shares no key).
 */
export function valueKey(value: unknown): string | undefined {
  switch (typeof value) {
    case 'undefined':
      return 'u';
    case 'boolean':
      return value ? 't' : 'f';
    case 'number':
      return Object.is(value, -0) ? 'n-0' : `n${value}`;
    case 'bigint':
      return `b${value}`;
    case 'string':
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      return undefined;
  }
  if (value === null) return 'z';
  const parts: string[] = [];
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const k = valueKey(value[i]);
      if (k === undefined) return undefined;
      parts.push(k);
    }
    return `[${parts.join(',')}]`;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return undefined;
  for (const name of Object.keys(value)) {
    const k = valueKey((value as Record<string, unknown>)[name]);
    if (k === undefined) return undefined;
    parts.push(`${JSON.stringify(name)}:${k}`);
  }
  return `{${parts.join(',')}}`;
}

/**
 * Decide for `target` whether some pair admits it (`any`; undefined when no policy can validate the object at all),
 * each pair at most once for the object: those not needed for `any` are decided when ./vap.ts asks (admittedBy).
 */
export function admissionOf(
  table: ResourceTable,
  namespaces: ReadonlyMap<string, KubeObject>,
  pairs: MatchPairs,
  target: PolicyObject,
): { admission: Admission; any: boolean } | undefined {
  const info = admissibleResource(table, target);
  if (!info) return undefined;
  // Up to the first pair that admits it (all that the filter needs); the others are decided when asked (admittedBy).
  const answers: Array<boolean | undefined> = new Array(pairs.pairs.length);
  let any = false;
  for (let i = 0; i < pairs.pairs.length && !any; i++) {
    const p = pairs.pairs[i];
    any = answers[i] = admits(namespaces, p.matchConstraints, p.matchResources, target, info);
  }
  return { admission: { info, answers, pairs, namespaces, target }, any };
}

/** matchedResource for the object of an Admission: the decided answer, else matched now. */
export function admittedBy(admission: Admission, policySpec: Record<string, unknown>, bindingSpec: Record<string, unknown>): ResourceInfo | undefined {
  const i = admission.pairs.at.get(policySpec.matchConstraints)?.get(bindingSpec.matchResources);
  let yes = i === undefined ? undefined : admission.answers[i];
  if (yes === undefined) {
    yes = admits(admission.namespaces, policySpec.matchConstraints, bindingSpec.matchResources, admission.target, admission.info);
    if (i !== undefined) admission.answers[i] = yes;
  }
  return yes ? admission.info : undefined;
}

/** `requireRules`: the policy's matchConstraints need resourceRules; a binding's matchResources without them keeps
 *  everything the policy matches. */
function matchesResources(
  namespaces: ReadonlyMap<string, KubeObject>,
  match: unknown,
  target: PolicyObject,
  info: ResourceInfo,
  requireRules: boolean,
): boolean {
  if (!isRecord(match)) return !requireRules && match == null;
  const rules = Array.isArray(match.resourceRules) ? match.resourceRules : [];
  const exact = match.matchPolicy === 'Exact';
  if ((requireRules || rules.length > 0) && !rules.some((r) => ruleMatches(r, target, info, exact))) return false;
  const excluded = Array.isArray(match.excludeResourceRules) ? match.excludeResourceRules : [];
  if (excluded.some((r) => ruleMatches(r, target, info, exact))) return false;
  if (match.objectSelector !== undefined && !selectorMatches(match.objectSelector, labelsOf(target.object))) return false;
  if (match.namespaceSelector !== undefined) {
    const nsLabels =
      target.object.kind === 'Namespace' ? labelsOf(target.object) : info.namespaced ? namespaceLabels(namespaces, target.namespace) : undefined;
    if (nsLabels && !selectorMatches(match.namespaceSelector, nsLabels)) return false;
  }
  return true;
}

/** The repository's Namespace objects (v1, named) by name: whose labels namespaceSelectors read. */
export function namespacesByName(objects: Iterable<KubeObject>): Map<string, KubeObject> {
  const namespaces = new Map<string, KubeObject>();
  for (const o of objects) if (o.kind === 'Namespace' && o.apiVersion === 'v1' && o.metadata?.name) namespaces.set(o.metadata.name, o);
  return namespaces;
}

export function labelsOf(object: KubeObject): Record<string, string> {
  const labels = object.metadata?.labels;
  return isRecord(labels) ? labels : {};
}

/** A Namespace's labels: from the Namespace object given, else only the label the API server sets on every one. */
function namespaceLabels(namespaces: ReadonlyMap<string, KubeObject>, namespace: string | undefined): Record<string, string> {
  const name = namespace ?? 'default';
  const ns = namespaces.get(name);
  return { 'kubernetes.io/metadata.name': name, ...(ns ? labelsOf(ns) : {}) };
}

function ruleMatches(rule: unknown, target: PolicyObject, info: ResourceInfo, exact: boolean): boolean {
  if (!isRecord(rule)) return false;
  const has = (key: string, value: string) => {
    const list = rule[key];
    return Array.isArray(list) && (list.includes('*') || list.includes(value));
  };
  const operations = rule.operations === undefined ? ['*'] : rule.operations;
  if (!Array.isArray(operations) || !(operations.includes('CREATE') || operations.includes('*'))) return false;
  const resources: unknown[] = Array.isArray(rule.resources) ? rule.resources : [];
  if (!resources.some((r) => r === '*' || r === '*/*' || r === info.resource)) return false;
  const groups = [info.group, ...(exact ? [] : (EQUIVALENT_GROUPS[`${info.group}/${info.resource}`] ?? []))];
  if (!groups.some((g) => has('apiGroups', g))) return false;
  if (exact && !has('apiVersions', info.version)) return false;
  if (!exact && !Array.isArray(rule.apiVersions)) return false;
  const scope = rule.scope ?? '*';
  if (scope === 'Cluster' && info.namespaced) return false;
  if (scope === 'Namespaced' && !info.namespaced) return false;
  const names = rule.resourceNames;
  if (Array.isArray(names) && names.length > 0 && !names.includes(target.object.metadata?.name)) return false;
  return true;
}

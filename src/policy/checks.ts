/**
 * The policy module's checks, on the check contract like every other: `vapCheck`, the repository's own
 * ValidatingAdmissionPolicies as one repository-wide check reporting under `vap/<policy name>`, and
 * `customCheckAsCheck`, one config `customChecks` entry as a check of its own id.
 */
import type { Check, CheckMeta, Finding, Resource, ResourceIndex } from '../check-api.js';
import type { Path } from '../shared/types.js';
import { docsUrl } from '../shared/version.js';
import type { CustomCheck } from './custom-checks.js';
import { celRuntime } from './load.js';
import type { PreparedPolicies } from './vap.js';
import { admissionOf, bindingSeverity, isAdmissionKind, matchPairs, namespacesByName } from './match.js';
import { resourceTable, type ResourceTable } from './resources-table.js';
import { isRecord } from '../k8s/index.js';
import { crdsDefining } from '../resources/index.js';
import type { KubeObject } from '../check-api.js';
import type { MatchPairs, PolicyFinding, PolicyObject } from './types.js';

export const VAP_CHECK_ID = 'vap';
const DOCS = docsUrl('docs/policies.md');

const POLICY_KINDS = ['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding'];
/** The kinds whose presence in a run's repository needs the CEL runtime (`loadCel()`) before the checks run. */
export const VAP_POLICY_KINDS: readonly string[] = ['ValidatingAdmissionPolicy'];

/**
 * The repository's policies, prepared once per run (per index), whichever file is linted first; each is compiled when
 * first needed (a run that names one file compiles only the policies whose rules match its objects).
 */
interface Prepared {
  prepared: PreparedPolicies;
  /** Findings on policies and bindings, reported on them, by the object they are on (made on first use). */
  onPolicies?: Map<unknown, PolicyFinding[]>;
  /** Keys of the findings that do not depend on the object evaluated (made on first use). */
  standalone?: Set<string>;
}
const preparedByIndex = new WeakMap<ResourceIndex, Prepared>();
const standaloneKey = (f: PolicyFinding) => `${String(f.target.ref)}\0${f.message}`;

const keyOf = (r: Pick<Resource, 'filePath' | 'documentIndex' | 'basePath'>) => `${r.filePath}\0${r.documentIndex}\0${r.basePath.join('\0')}`;

function policyObject(r: Resource): PolicyObject {
  return { object: r.object, namespace: r.namespace, ref: keyOf(r), source: r.filePath };
}

function prepare(index: ResourceIndex): Prepared {
  let entry = preparedByIndex.get(index);
  if (entry) return entry;
  const objects: PolicyObject[] = [];
  for (const r of index.all) {
    // Kustomize patch files hold partial objects: neither policies nor params.
    if (r.isPatch) continue;
    objects.push(policyObject(r));
  }
  entry = { prepared: celRuntime('ValidatingAdmissionPolicies').preparePolicies({ objects }) };
  preparedByIndex.set(index, entry);
  return entry;
}

/**
 * What decides, without CEL, whether the vap check gives an object anything: the policies that have a binding with
 * Deny or Warn (as pairs of specs), the CRDs' resources and the Namespaces, as ./vap.ts takes them from the repository.
 */
interface Matcher {
  table: ResourceTable;
  namespaces: Map<string, KubeObject>;
  /**
   * The match rules of each policy and binding pair, once each: a policy's `matchConstraints` and its binding's
   * `matchResources` are all that decide (bindings of a name, and variants of a policy, often share them).
   */
  pairs: MatchPairs;
}
const matcherByIndex = new WeakMap<ResourceIndex, Matcher>();

function matcherOf(index: ResourceIndex): Matcher {
  let matcher = matcherByIndex.get(index);
  if (matcher) return matcher;
  // The Namespaces and CRDs ./vap.ts reads (prepare()), so that its evaluation can take this filter's answers
  // (Admission) instead of matching every object again. The index holds no Kustomize patch file (buildIndex).
  const namespaces = namespacesByName(index.ofKind('Namespace').map((r) => r.object));
  const bindingsOf = new Map<string, Array<Record<string, unknown>>>();
  for (const b of index.ofKind('ValidatingAdmissionPolicyBinding')) {
    if (!isAdmissionKind(b.object, 'ValidatingAdmissionPolicyBinding')) continue;
    const spec = isRecord(b.object.spec) ? b.object.spec : {};
    // Bindings without Deny or Warn never validate an object (those without actions are findings on themselves).
    if (typeof spec.policyName !== 'string' || bindingSeverity(spec) === undefined) continue;
    const list = bindingsOf.get(spec.policyName) ?? [];
    list.push(spec);
    bindingsOf.set(spec.policyName, list);
  }
  const pairs: Array<{ matchConstraints: unknown; matchResources: unknown }> = [];
  for (const p of index.ofKind('ValidatingAdmissionPolicy')) {
    const name = p.object.metadata?.name;
    if (!isAdmissionKind(p.object, 'ValidatingAdmissionPolicy') || !name) continue;
    const policy = isRecord(p.object.spec) ? p.object.spec : {};
    for (const binding of bindingsOf.get(name) ?? []) pairs.push({ matchConstraints: policy.matchConstraints, matchResources: binding.matchResources });
  }
  // An object's resource comes from the CRDs of its own kind (resourceTable keys them by group and kind): each kind's
  // are read on its first object (crdsDefining: a partial repository takes in no other CRD file).
  const tables = new Map<string, ResourceTable>();
  const table: ResourceTable = (object) => {
    const kind = typeof object.kind === 'string' ? object.kind : '';
    let own = tables.get(kind);
    if (!own) tables.set(kind, (own = resourceTable(crdsDefining(index, new Set([kind])).map((r) => r.object))));
    return own(object);
  };
  matcher = { table, namespaces, pairs: matchPairs(pairs) };
  matcherByIndex.set(index, matcher);
  return matcher;
}

/**
 * Whether some binding sends the object to its policy's validations (every variant and binding of a name counted):
 * the object, with every pair's answer (./vap.ts reads them), when one does; undefined otherwise.
 */
function validated(index: ResourceIndex, resource: Resource): PolicyObject | undefined {
  const { table, namespaces, pairs } = matcherOf(index);
  const target = policyObject(resource);
  const decided = admissionOf(table, namespaces, pairs, target);
  if (!decided?.any) return undefined;
  target.admission = decided.admission;
  return target;
}

/**
 * Whether the vap check needs the CEL runtime for `resources` (the Resources a run lints) in the repository of `index`:
 * the repository holds a ValidatingAdmissionPolicy, and one of them is a policy or a binding (their findings compile
 * every policy) or an object that a binding with Deny or Warn sends to its policy's validations (the same match rules
 * ./vap.ts applies). The check gives every other object nothing, without compiling anything; a run that lints only
 * such objects (a pre-commit hook's staged file in a repository whose policies are about other kinds) never loads CEL.
 */
export function policiesApply(index: ResourceIndex, resources: Iterable<Resource>): boolean {
  if (index.ofKind('ValidatingAdmissionPolicy').length === 0) return false;
  for (const r of resources) if (POLICY_KINDS.includes(r.kind) || validated(index, r)) return true;
  return false;
}

/** What a binding gives whatever the objects (no validationActions): once, on the binding. */
function standaloneOf(entry: Prepared): PolicyFinding[] {
  return entry.prepared.evaluate([]);
}

function onPoliciesOf(entry: Prepared): Map<unknown, PolicyFinding[]> {
  if (entry.onPolicies) return entry.onPolicies;
  const onPolicies = new Map<unknown, PolicyFinding[]>();
  for (const f of [...entry.prepared.findings, ...standaloneOf(entry)]) {
    const list = onPolicies.get(f.target.ref);
    if (list) list.push(f);
    else onPolicies.set(f.target.ref, [f]);
  }
  return (entry.onPolicies = onPolicies);
}

function standaloneKeys(entry: Prepared): Set<string> {
  return (entry.standalone ??= new Set(standaloneOf(entry).map(standaloneKey)));
}

function nameOf(finding: PolicyFinding): string {
  return finding.ruleId.slice(`${VAP_CHECK_ID}/`.length);
}

function toFinding(f: PolicyFinding, path: Path = f.path, message = f.message): Finding {
  return {
    messageId: f.kind === 'validation' ? 'failed' : 'policy',
    data: { message },
    path,
    level: f.severity === 2 ? 'error' : 'warning',
    ruleSuffix: nameOf(f),
  };
}

export const vapCheck: Check = {
  meta: {
    id: VAP_CHECK_ID,
    description: "The repository's own ValidatingAdmissionPolicies, with their bindings, evaluated against every object of the repository.",
    severity: 'error',
    scope: 'repository',
    // Params (ConfigMaps or any other paramKind) are not kept whole: the ones a binding can select are read again once
    // the policies are known (restoreParams, ./params.ts).
    reads: [...POLICY_KINDS, 'Namespace', 'CustomResourceDefinition'],
    subIds: true,
    messages: { failed: '{{message}}', policy: '{{message}}' },
    remediation: "Change the object so that the policy admits it (the message is the policy's own), or fix the policy and its binding.",
    guideline: 'Kubernetes ValidatingAdmissionPolicy (admission control in the repository)',
    docs: { url: DOCS },
  },
  *check(resource, context) {
    // No policy, nothing to do (and no CEL to load).
    if (context.index.ofKind('ValidatingAdmissionPolicy').length === 0) return;
    const isPolicy = POLICY_KINDS.includes(resource.kind);
    // An object that no binding with Deny or Warn sends to its policy gets nothing (a binding without actions is a
    // finding on the binding only): no policy is compiled for it, and the run needs no CEL (policiesApply).
    const target = isPolicy ? undefined : validated(context.index, resource);
    if (!isPolicy && !target) return;
    const entry = prepare(context.index);
    const key = keyOf(resource);
    // Findings on the policies themselves (an expression that does not compile) and their bindings: once, on them.
    // Only policies and bindings are given such findings, and they are not evaluated themselves.
    if (isPolicy) {
      for (const f of onPoliciesOf(entry).get(key) ?? []) yield toFinding(f);
      return;
    }
    for (const f of entry.prepared.evaluate([target!])) {
      if (f.target.ref === key) yield toFinding(f);
      else if (standaloneKeys(entry).has(standaloneKey(f))) continue;
      // A problem of the policy met while evaluating this object (a budget overrun, a binding without paramRef): on
      // this object, as the policy's file may be linted before or without it.
      else yield toFinding(f, [], `policy "${nameOf(f)}": ${f.message}`);
    }
  },
};

/** One compiled `customChecks` entry as a check: `rules`, `overrides`, presets and suppressions work by its id. */
export function customCheckAsCheck(cc: CustomCheck, sources: readonly string[]): Check {
  // The Namespace object is read from the index: only then is the check repository-wide.
  const readsNamespace = sources.some((s) => s.includes('namespaceObject'));
  const meta: CheckMeta = {
    id: cc.meta.id,
    description: cc.meta.description,
    severity: cc.meta.severity,
    ...(cc.meta.kinds ? { kinds: cc.meta.kinds } : {}),
    ...(cc.meta.apiGroups ? { apiGroups: cc.meta.apiGroups } : {}),
    scope: readsNamespace ? 'repository' : 'object',
    ...(readsNamespace ? { reads: ['Namespace'] } : {}),
    messages: cc.meta.messages,
    remediation: cc.meta.remediation,
    guideline: 'custom check',
  };
  return {
    meta,
    check(resource, context) {
      const namespaceObject =
        readsNamespace && resource.namespace !== undefined ? context.index.find('Namespace', undefined, resource.namespace)?.object : undefined;
      return cc.check(resource.object, { namespaceObject });
    },
  };
}

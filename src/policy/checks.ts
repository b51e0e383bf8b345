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
import type { PolicyFinding, PolicyObject } from './types.js';

export const VAP_CHECK_ID = 'vap';
const DOCS = docsUrl('docs/policies.md');

/**
 * Params kept whole by the index pass itself: ConfigMaps, the usual params. Objects of any other `paramKind` are read
 * again once the policies are known (restoreParams, ./params.ts).
 */
export const VAP_PARAM_KINDS: readonly string[] = ['ConfigMap'];

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
    reads: [...POLICY_KINDS, 'Namespace', 'CustomResourceDefinition', ...VAP_PARAM_KINDS],
    subIds: true,
    messages: { failed: '{{message}}', policy: '{{message}}' },
    remediation: "Change the object so that the policy admits it (the message is the policy's own), or fix the policy and its binding.",
    guideline: 'Kubernetes ValidatingAdmissionPolicy (admission control in the repository)',
    docs: { url: DOCS },
  },
  *check(resource, context) {
    // No policy, nothing to do (and no CEL to load).
    if (context.index.ofKind('ValidatingAdmissionPolicy').length === 0) return;
    const entry = prepare(context.index);
    const key = keyOf(resource);
    // Findings on the policies themselves (an expression that does not compile) and their bindings: once, on them.
    // Only policies and bindings are given such findings, and they are not evaluated themselves.
    if (POLICY_KINDS.includes(resource.kind)) {
      for (const f of onPoliciesOf(entry).get(key) ?? []) yield toFinding(f);
      return;
    }
    for (const f of entry.prepared.evaluate([policyObject(resource)])) {
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

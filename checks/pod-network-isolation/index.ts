import { get, isRecord, podSpecOf, selectorMatches, WORKLOAD_KINDS } from '../../src/k8s/index.js';
import type { Check, Finding, Resource } from '../../src/check-api.js';
import { isKubernetesNetworkPolicy, namespaceOfCheckedResource, namespacesOf } from '../../src/resources/index.js';
import type { Path } from '../../src/shared/types.js';
import { namespaceFindingPath, namespaceLabel, podLabels, podMetadataPath } from '../_lib/namespaces.js';

type Direction = 'Ingress' | 'Egress';
const DIRECTIONS: readonly Direction[] = ['Ingress', 'Egress'];

/**
 * The directions a NetworkPolicy isolates: its `policyTypes`, else as the API server defaults them (Ingress always,
 * Egress when the policy has egress rules).
 */
function policyTypesOf(spec: Record<string, any>): Direction[] {
  const given = Array.isArray(spec.policyTypes) ? spec.policyTypes.filter((t): t is Direction => t === 'Ingress' || t === 'Egress') : [];
  if (Array.isArray(spec.policyTypes) && spec.policyTypes.length > 0) return given;
  return Array.isArray(spec.egress) && spec.egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
}

const FIELD: Record<Direction, { rules: 'ingress' | 'egress'; peers: 'from' | 'to' }> = {
  Ingress: { rules: 'ingress', peers: 'from' },
  Egress: { rules: 'egress', peers: 'to' },
};

function emptyList(value: unknown): boolean {
  return value === undefined || value === null || (Array.isArray(value) && value.length === 0);
}

/** The index of a rule that allows all traffic of a direction (no peers, no ports: `ingress: [{}]`), or -1. */
function allowAllRule(spec: Record<string, any>, direction: Direction): number {
  const rules: unknown = spec[FIELD[direction].rules];
  if (!Array.isArray(rules)) return -1;
  return rules.findIndex((rule) => rule === null || (isRecord(rule) && emptyList(rule[FIELD[direction].peers]) && emptyList(rule.ports)));
}

/** `"a", "b", "c" and 2 more`. */
function namesText(policies: readonly Resource[], max = 4): string {
  const names = policies.slice(0, max).map((p) => `"${p.name ?? '<unnamed>'}"`);
  return policies.length <= max ? names.join(', ') : `${names.join(', ')} and ${policies.length - max} more`;
}

/** Whether every policy is Kubernetes' own NetworkPolicy; once per namespace's list (a repository's workloads share it). */
const allKubernetes = new WeakMap<readonly Resource[], boolean>();
function allKubernetesPolicies(policies: readonly Resource[]): boolean {
  let all = allKubernetes.get(policies);
  if (all === undefined) allKubernetes.set(policies, (all = policies.every(isKubernetesNetworkPolicy)));
  return all;
}

/**
 * The policies of a namespace's list whose podSelector selects these labels. Workloads of a namespace often share
 * their pod labels (copies of an application, the same chart installed twice): each set of labels is matched against
 * the list once, not once per workload (the lists of big repositories hold hundreds of policies).
 */
const selectingByLabels = new WeakMap<readonly Resource[], Map<string, Resource[]>>();
function selectingPolicies(policies: readonly Resource[], labels: Record<string, string>): Resource[] {
  let byLabels = selectingByLabels.get(policies);
  if (!byLabels) selectingByLabels.set(policies, (byLabels = new Map()));
  // The same labels in any order select the same policies.
  const key = JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  let selecting = byLabels.get(key);
  if (!selecting) {
    selecting = policies.filter((p) => isRecord(p.object.spec) && selectorMatches(get(p.object, ['spec', 'podSelector']), labels));
    byLabels.set(key, selecting);
  }
  return selecting;
}

const check: Check = {
  meta: {
    id: 'pod-network-isolation',
    description:
      'Every workload is isolated by a NetworkPolicy of its namespace, for Ingress and for Egress, and no policy that selects it allows all traffic.',
    severity: 'warning',
    kinds: ['Namespace', ...WORKLOAD_KINDS],
    scope: 'repository',
    reads: ['Namespace', 'NetworkPolicy', 'CiliumNetworkPolicy', 'CustomResourceDefinition'],
    guideline:
      'NSA/CISA Kubernetes Hardening Guide: use network policies to isolate resources (deny all ingress and egress, then allow what is needed); CIS Kubernetes Benchmark 5.3.2: all namespaces have NetworkPolicies',
    messages: {
      notSelected:
        '{{object}} runs pods ({{labels}}) that no NetworkPolicy of namespace "{{namespace}}" selects (of {{policies}}), so their Ingress and Egress traffic is not restricted: add a policy whose podSelector matches these labels, or a default-deny policy (podSelector: {}, policyTypes: [Ingress, Egress])',
      directionOpen:
        '{{object}} runs pods ({{labels}}) that the NetworkPolicies selecting them ({{selecting}}, of namespace "{{namespace}}") isolate for {{covered}} only, so their {{direction}} traffic is not restricted: add {{direction}} to the policyTypes of one of them, with the {{field}} rules the pods need, or add a default-deny {{direction}} policy (podSelector: {}, policyTypes: [{{direction}}])',
      allowAll:
        '{{object}} runs pods ({{labels}}) whose {{direction}} traffic is not restricted: NetworkPolicy "{{policy}}" of namespace "{{namespace}}" selects them and its {{field}}[{{index}}] allows all {{direction}} traffic (no {{peers}}, no ports), which cancels every {{direction}} isolation of these pods; list the {{peers}} peers and ports they need',
      noPolicyInNamespace:
        '{{nsLabel}} has no NetworkPolicy in the repository: none of its pods is isolated, for Ingress or Egress. Add a default-deny NetworkPolicy (podSelector: {}, policyTypes: [Ingress, Egress]) with metadata.namespace: {{namespace}}',
    },
    remediation:
      'Give each namespace a default-deny NetworkPolicy (podSelector: {}, policyTypes: [Ingress, Egress]), then policies that select each workload by its pod labels and allow only the peers and ports it needs (DNS egress to kube-dns included).',
  },
  *check(resource, context): Generator<Finding> {
    const namespace = namespaceOfCheckedResource(resource);
    if (namespace === undefined) return;
    const facts = namespacesOf(context.index).get(namespace);
    if (!facts || facts.workloads.length === 0) return;
    if (facts.policies.length === 0) {
      // Said once per namespace; namespace-network-policy says it too, at the same place, and supersedes this message.
      yield {
        messageId: 'noPolicyInNamespace',
        data: { namespace, nsLabel: namespaceLabel(namespace, resource) },
        path: namespaceFindingPath(resource),
        reportOnce: 'namespace',
      };
      return;
    }
    if (resource.kind === 'Namespace') return;
    const pod = podSpecOf(resource.object);
    // No pod template (an Argo Rollout that runs a Deployment by workloadRef), or host-network pods, which no
    // NetworkPolicy applies to (no-host-namespaces reports them).
    if (!pod || pod.spec.hostNetwork === true) return;
    // Calico or Cilium policies use their own selectors: when a namespace has one, selection is not judged.
    if (!allKubernetesPolicies(facts.policies)) return;
    const labels = podLabels(resource.object);
    const pairs = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
    const metadataPath = podMetadataPath(resource.object);
    const path: Path = metadataPath ? [...metadataPath, 'labels'] : ['metadata', 'name'];
    const base = { namespace, labels: pairs.length ? `labels ${pairs.join(', ')}` : 'no labels' };
    const selecting = selectingPolicies(facts.policies, labels);
    if (selecting.length === 0) {
      yield { messageId: 'notSelected', data: { ...base, policies: namesText(facts.policies) }, path };
      return;
    }
    const typesOf = new Map(selecting.map((p) => [p, policyTypesOf(p.object.spec as Record<string, any>)]));
    // policyTypes of the wrong values only (the schema rule reports them): these policies isolate nothing.
    if (!selecting.some((p) => typesOf.get(p)!.length > 0)) {
      yield { messageId: 'notSelected', data: { ...base, policies: namesText(facts.policies) }, path };
      return;
    }
    for (const direction of DIRECTIONS) {
      const isolating = selecting.filter((p) => typesOf.get(p)!.includes(direction));
      const { rules: field, peers } = FIELD[direction];
      if (isolating.length === 0) {
        const covered = DIRECTIONS.filter((d) => d !== direction).join('');
        yield { messageId: 'directionOpen', data: { ...base, selecting: namesText(selecting), covered, direction, field }, path };
        continue;
      }
      for (const policy of isolating) {
        const index = allowAllRule(policy.object.spec as Record<string, any>, direction);
        if (index === -1) continue;
        yield { messageId: 'allowAll', data: { ...base, policy: policy.name ?? '<unnamed>', direction, field, index, peers }, path };
        break;
      }
    }
  },
};

export default check;

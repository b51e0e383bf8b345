import { get, isRecord, selectorMatches, WORKLOAD_KINDS } from '../../src/k8s/index.js';
import type { Check, Finding } from '../../src/check-api.js';
import { isKubernetesNetworkPolicy, namespaceOfCheckedResource, namespacesOf } from '../../src/resources/index.js';
import { namespaceFindingPath, namespaceLabel, podLabels, podMetadataPath } from '../_lib/namespaces.js';

const check: Check = {
  meta: {
    id: 'namespace-network-policy',
    description: 'Every namespace that holds workloads has a NetworkPolicy, and every workload is selected by one (a warning when a workload is left out).',
    severity: 'error',
    kinds: ['Namespace', ...WORKLOAD_KINDS],
    scope: 'repository',
    reads: ['Namespace', 'NetworkPolicy', 'CiliumNetworkPolicy', 'CustomResourceDefinition'],
    guideline:
      'NSA/CISA Kubernetes Hardening Guide: use network policies to isolate resources (a default-deny policy per namespace); CIS Kubernetes Benchmark 5.3.2: all namespaces have NetworkPolicies',
    messages: {
      noPolicy:
        '{{object}} holds workloads but has no NetworkPolicy in the repository: every pod in it accepts traffic from anywhere. Add a default-deny NetworkPolicy (podSelector: {}) with metadata.namespace: {{namespace}}',
      noPolicyForWorkloads:
        '{{nsLabel}} has no NetworkPolicy in the repository (reported on its first workload, {{object}}, as there is no Namespace object for it): every pod in it accepts traffic from anywhere. Add a default-deny NetworkPolicy (podSelector: {}) with metadata.namespace: {{namespace}}',
      notSelected:
        '{{object}} runs pods ({{labels}}) that no NetworkPolicy of namespace "{{namespace}}" selects, so their traffic is not restricted: add a policy whose podSelector matches these labels, or a default-deny policy with podSelector: {}',
    },
    remediation:
      'Give each namespace a default-deny NetworkPolicy (podSelector: {}, policyTypes: [Ingress, Egress]) and policies that allow only the traffic each workload needs.',
    hasSuggestions: true,
  },
  *check(resource, context): Generator<Finding> {
    const namespace = namespaceOfCheckedResource(resource);
    if (namespace === undefined) return;
    const facts = namespacesOf(context.index).get(namespace);
    if (!facts || facts.workloads.length === 0) return;
    if (facts.policies.length === 0) {
      yield {
        messageId: resource.kind === 'Namespace' ? 'noPolicy' : 'noPolicyForWorkloads',
        data: { namespace, nsLabel: namespaceLabel(namespace, resource) },
        path: namespaceFindingPath(resource),
        reportOnce: 'namespace',
        // A suggestion, never a fix: denying all traffic breaks every workload until its allow policies exist.
        suggestions: [
          {
            desc: `Add a default-deny NetworkPolicy for namespace "${namespace}" as a new document at the end of this file`,
            fix: {
              op: 'appendDocument',
              value: {
                apiVersion: 'networking.k8s.io/v1',
                kind: 'NetworkPolicy',
                metadata: { name: 'default-deny', namespace },
                spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
              },
            },
          },
        ],
      };
      return;
    }
    if (resource.kind === 'Namespace') return;
    // Calico or Cilium policies use their own selectors: when a namespace has one, selection is not judged.
    if (!facts.policies.every(isKubernetesNetworkPolicy)) return;
    const labels = podLabels(resource.object);
    if (facts.policies.some((p) => isRecord(p.object.spec) && selectorMatches(get(p.object, ['spec', 'podSelector']), labels))) return;
    const pairs = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
    yield {
      messageId: 'notSelected',
      data: { namespace, labels: pairs.length ? `labels ${pairs.join(', ')}` : 'no labels' },
      path: [...podMetadataPath(resource.object), 'labels'],
      level: 'warning',
    };
  },
};

export default check;

import { WORKLOAD_KINDS } from '../../src/k8s/index.js';
import type { Check, Finding } from '../../src/check-api.js';
import { namespaceOfCheckedResource, namespacesOf } from '../../src/resources/index.js';
import { namespaceFindingPath, namespaceLabel } from '../_lib/namespaces.js';

const check: Check = {
  meta: {
    id: 'namespace-network-policy',
    description: 'Every namespace that holds workloads has a NetworkPolicy (pod-network-isolation judges each workload).',
    severity: 'error',
    kinds: ['Namespace', ...WORKLOAD_KINDS],
    scope: 'repository',
    reads: ['Namespace', 'NetworkPolicy', 'CiliumNetworkPolicy', 'CustomResourceDefinition'],
    // One problem, one message: pod-network-isolation says the same of a namespace without any policy, at the same place.
    supersedes: [{ ruleId: 'pod-network-isolation', messageId: 'noPolicyInNamespace' }],
    guideline:
      'NSA/CISA Kubernetes Hardening Guide: use network policies to isolate resources (a default-deny policy per namespace); CIS Kubernetes Benchmark 5.3.2: all namespaces have NetworkPolicies',
    messages: {
      noPolicy:
        '{{object}} holds workloads but has no NetworkPolicy in the repository: every pod in it accepts traffic from anywhere. Add a default-deny NetworkPolicy (podSelector: {}) with metadata.namespace: {{namespace}}',
      noPolicyForWorkloads:
        '{{nsLabel}} has no NetworkPolicy in the repository (reported on its first workload, {{object}}, as there is no Namespace object for it): every pod in it accepts traffic from anywhere. Add a default-deny NetworkPolicy (podSelector: {}) with metadata.namespace: {{namespace}}',
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
    }
  },
};

export default check;

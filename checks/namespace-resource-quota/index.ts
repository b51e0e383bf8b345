import { WORKLOAD_KINDS } from '../../src/k8s/index.js';
import type { Check, Finding } from '../../src/check-api.js';
import { namespaceFindingPath, namespaceLabel } from '../_lib/namespaces.js';
import { namespaceOfCheckedResource, namespacesOf } from '../../src/resources/index.js';

const check: Check = {
  meta: {
    id: 'namespace-resource-quota',
    description: 'Every namespace that holds workloads, or is declared by a Namespace object, has a ResourceQuota.',
    severity: 'error',
    kinds: ['Namespace', ...WORKLOAD_KINDS],
    scope: 'repository',
    reads: ['Namespace', 'ResourceQuota', 'CustomResourceDefinition'],
    guideline:
      'NSA/CISA Kubernetes Hardening Guide: use resource policies (ResourceQuota per namespace) to limit resources and prevent denial of service; CIS Kubernetes Benchmark 5.7: namespaces',
    messages: {
      noQuota:
        '{{object}} has no ResourceQuota in the repository: nothing caps the CPU, memory and object counts its workloads can claim. Add a ResourceQuota with metadata.namespace: {{namespace}}',
      noQuotaForWorkloads:
        '{{nsLabel}} has no ResourceQuota in the repository (reported on its first workload, {{object}}, as there is no Namespace object for it): nothing caps the CPU, memory and object counts its workloads can claim. Add a ResourceQuota with metadata.namespace: {{namespace}}',
    },
    remediation:
      'Add a ResourceQuota to the namespace (spec.hard with requests.cpu, requests.memory, limits.cpu, limits.memory and pods) so one workload cannot starve the others.',
    hasSuggestions: true,
  },
  *check(resource, context): Generator<Finding> {
    const namespace = namespaceOfCheckedResource(resource);
    if (namespace === undefined) return;
    const facts = namespacesOf(context.index).get(namespace);
    if (!facts || facts.quotas.length > 0) return;
    const data = { namespace, nsLabel: namespaceLabel(namespace, resource) };
    yield {
      messageId: resource.kind === 'Namespace' ? 'noQuota' : 'noQuotaForWorkloads',
      data,
      path: namespaceFindingPath(resource),
      reportOnce: 'namespace',
      // A suggestion, never a fix: the limits are placeholders to size for the namespace's workloads.
      suggestions: [
        {
          desc: `Add a ResourceQuota with placeholder limits for namespace "${namespace}" as a new document at the end of this file; size the limits for its workloads`,
          fix: {
            op: 'appendDocument',
            value: {
              apiVersion: 'v1',
              kind: 'ResourceQuota',
              metadata: { name: 'default-quota', namespace },
              spec: { hard: { 'requests.cpu': '4', 'requests.memory': '8Gi', 'limits.cpu': '8', 'limits.memory': '16Gi', pods: '50' } },
            },
          },
        },
      ],
    };
  },
};

export default check;

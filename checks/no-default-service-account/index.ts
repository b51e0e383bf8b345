import { podSpecOf, WORKLOAD_KINDS } from '../../src/k8s/index.js';
import type { Check } from '../../src/check-api.js';

const check: Check = {
  meta: {
    id: 'no-default-service-account',
    description: "Pods must run as their own ServiceAccount, not the namespace's default one.",
    severity: 'warning',
    kinds: WORKLOAD_KINDS,
    scope: 'object',
    guideline:
      'NSA/CISA Kubernetes Hardening Guide: create a service account per workload and disable default service account tokens; CIS Kubernetes Benchmark 5.1.5 (default service accounts are not actively used)',
    messages: {
      implicitDefault:
        "{{object}} runs as its namespace's default ServiceAccount (no serviceAccountName): every role bound to default applies to it; create a ServiceAccount for this workload and set serviceAccountName",
      explicitDefault:
        '{{object}} sets {{field}}: default: every role bound to default applies to it; create a ServiceAccount for this workload and name it here',
    },
    remediation:
      'Create a ServiceAccount per workload (with automountServiceAccountToken: false unless it calls the API), set the pod spec serviceAccountName to it, and grant the default ServiceAccount nothing.',
  },
  *check(resource) {
    const pod = podSpecOf(resource.object);
    if (!pod) return;
    // serviceAccountName wins; the deprecated serviceAccount is used when it is empty.
    for (const field of ['serviceAccountName', 'serviceAccount'] as const) {
      const value = pod.spec[field];
      if (typeof value !== 'string' || value === '') continue;
      if (value === 'default') yield { messageId: 'explicitDefault', data: { field }, path: [...pod.path, field] };
      return;
    }
    yield { messageId: 'implicitDefault', path: [...pod.path, 'serviceAccountName'] };
  },
};

export default check;

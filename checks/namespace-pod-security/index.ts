import { get, isRecord } from '../../src/k8s/index.js';
import type { Check, Finding } from '../../src/check-api.js';

const ENFORCE = 'pod-security.kubernetes.io/enforce';
const LEVELS = ['privileged', 'baseline', 'restricted'];

const check: Check = {
  meta: {
    id: 'namespace-pod-security',
    description: 'Namespaces set the Pod Security Admission label pod-security.kubernetes.io/enforce to baseline or restricted.',
    severity: 'warning',
    kinds: ['Namespace'],
    scope: 'object',
    guideline:
      'NSA/CISA Kubernetes Hardening Guide: pod security enforcement (Pod Security Admission replaced PodSecurityPolicy); Pod Security Standards; CIS Kubernetes Benchmark 5.2: pod security',
    messages: {
      missing:
        '{{object}} has no pod-security.kubernetes.io/enforce label, so Pod Security Admission lets any pod in (unless the cluster sets a default): label it enforce: restricted (or baseline)',
      privileged:
        '{{object}} sets pod-security.kubernetes.io/enforce to privileged, which turns Pod Security Admission off for it: use restricted (or baseline)',
      invalid:
        '{{object}} sets pod-security.kubernetes.io/enforce to "{{value}}", which is not a Pod Security level (privileged, baseline or restricted): use restricted (or baseline)',
    },
    remediation:
      'Label the namespace pod-security.kubernetes.io/enforce: restricted (baseline where a workload truly needs more), and pin pod-security.kubernetes.io/enforce-version.',
  },
  *check(resource): Generator<Finding> {
    const labels = get(resource.object, ['metadata', 'labels']);
    const value = isRecord(labels) ? labels[ENFORCE] : undefined;
    if (value === undefined || value === null) {
      yield { messageId: 'missing', path: ['metadata', 'labels'] };
    } else if (value === 'privileged') {
      yield { messageId: 'privileged', path: ['metadata', 'labels', ENFORCE] };
    } else if (typeof value !== 'string' || !LEVELS.includes(value)) {
      yield {
        messageId: 'invalid',
        data: { value: typeof value === 'object' ? JSON.stringify(value) : String(value) },
        path: ['metadata', 'labels', ENFORCE],
      };
    }
  },
};

export default check;

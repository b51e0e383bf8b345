import { podSpecOf, WORKLOAD_KINDS } from '../../src/k8s/index.js';
import type { Check, Finding } from '../../src/check-api.js';

const check: Check = {
  meta: {
    id: 'no-automount-service-account-token',
    description:
      'Pods must not get a Kubernetes API token they do not need: automountServiceAccountToken: false on the pod spec, or on its ServiceAccount when the pod leaves it unset.',
    severity: 'error',
    kinds: WORKLOAD_KINDS,
    scope: 'repository',
    reads: ['ServiceAccount'],
    guideline:
      'NSA/CISA Kubernetes Hardening Guide: disable automatic mounting of service account tokens; CIS Kubernetes Benchmark 5.1.6 (service account tokens are only mounted where necessary)',
    messages: {
      podAutomounts:
        '{{object}} sets automountServiceAccountToken: {{value}}, so every container gets a Kubernetes API token; set it to false unless the workload calls the Kubernetes API',
      serviceAccountAutomounts:
        '{{object}} gets a Kubernetes API token in every container: neither its pod spec nor its ServiceAccount "{{serviceAccount}}" sets automountServiceAccountToken: false; set it to false on the pod spec or the ServiceAccount',
      unknownServiceAccount:
        '{{object}} gets a Kubernetes API token in every container: its pod spec does not set automountServiceAccountToken: false and its ServiceAccount "{{serviceAccount}}" is not in the repository; set it to false on the pod spec',
    },
    remediation:
      'Set automountServiceAccountToken: false on the pod spec (or on a ServiceAccount kept in the repository); workloads that call the API mount a projected token explicitly.',
    fixable: true,
  },
  *check(resource, context): Generator<Finding> {
    const pod = podSpecOf(resource.object);
    if (!pod) return;
    const path = [...pod.path, 'automountServiceAccountToken'];
    const own = pod.spec.automountServiceAccountToken;
    if (own === false) return;
    if (own !== undefined && own !== null) {
      yield { messageId: 'podAutomounts', data: { value: JSON.stringify(own) }, path };
      return;
    }
    // serviceAccountName wins; the deprecated serviceAccount is used when it is empty; else the namespace's default.
    const named = [pod.spec.serviceAccountName, pod.spec.serviceAccount].find((v): v is string => typeof v === 'string' && v !== '');
    const serviceAccount = named ?? 'default';
    const found = context.index.find('ServiceAccount', resource.namespace, serviceAccount);
    // Unset on the pod: the fix sets it there. An explicit true is the author's decision and is not fixed.
    const fix = { op: 'set' as const, path, value: false };
    if (!found) {
      yield { messageId: 'unknownServiceAccount', data: { serviceAccount }, path, fix };
      return;
    }
    if (found.object.automountServiceAccountToken === false) return;
    yield { messageId: 'serviceAccountAutomounts', data: { serviceAccount }, path, fix };
  },
};

export default check;

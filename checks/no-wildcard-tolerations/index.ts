import { get, isRecord, podSpecOf, WORKLOAD_KINDS } from '../../src/k8s/index.js';
import type { Check } from '../../src/check-api.js';

const check: Check = {
  meta: {
    id: 'no-wildcard-tolerations',
    description: 'Tolerations must name a taint key: operator Exists with no key tolerates every taint.',
    severity: 'warning',
    kinds: WORKLOAD_KINDS,
    scope: 'object',
    guideline: 'NSA/CISA Kubernetes Hardening Guide: separate sensitive workloads (taints and tolerations keep pods off dedicated nodes)',
    messages: {
      everyTaint:
        '{{object}} tolerates every taint (operator: Exists with no key and no effect): it can be scheduled on control-plane and dedicated nodes and is never evicted from unhealthy ones; name the taint key it needs',
      everyTaintWithEffect:
        '{{object}} tolerates every {{effect}} taint (operator: Exists with no key): it can be scheduled on control-plane and dedicated nodes; name the taint key it needs',
    },
    remediation:
      'Give each toleration the key of the taint it is meant for (key: dedicated, operator: Equal, value: batch); keep wildcard tolerations for node agents that must run everywhere, and suppress them there with a justification.',
  },
  *check(resource) {
    const pod = podSpecOf(resource.object);
    if (!pod || !Array.isArray(pod.spec.tolerations)) return;
    for (const [i, toleration] of (pod.spec.tolerations as unknown[]).entries()) {
      if (!isRecord(toleration) || toleration.operator !== 'Exists') continue;
      const key = get(toleration, ['key']);
      if (key !== undefined && key !== null && key !== '') continue;
      const effect = toleration.effect;
      const path = [...pod.path, 'tolerations', i, 'operator'];
      if (typeof effect === 'string' && effect !== '') yield { messageId: 'everyTaintWithEffect', data: { effect }, path };
      else yield { messageId: 'everyTaint', path };
    }
  },
};

export default check;

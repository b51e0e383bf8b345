import { containerLabel, get, WORKLOAD_KINDS } from '../../src/k8s/index.js';
import { perContainerCheck } from '../_lib/per-container.js';

export default perContainerCheck({
  meta: {
    id: 'no-privileged',
    description: 'Containers must not run privileged (securityContext.privileged: true).',
    severity: 'error',
    kinds: WORKLOAD_KINDS,
    scope: 'object',
    guideline:
      'NSA/CISA Kubernetes Hardening Guide: do not run privileged containers; CIS Kubernetes Benchmark 5.2.2 (minimize the admission of privileged containers); Pod Security Standards (baseline): privileged containers',
    messages: {
      privileged:
        '{{object}} {{container}} runs privileged: it gets every capability and every host device, so a breakout is one step away; remove securityContext.privileged or set it to false',
    },
    remediation: 'Remove securityContext.privileged (or set it to false) and add only the capabilities the container needs to capabilities.add.',
  },
  windowsPods: 'check',
  container(c) {
    if (get(c.container, ['securityContext', 'privileged']) !== true) return;
    return { messageId: 'privileged', data: { container: containerLabel(c) }, path: [...c.path, 'securityContext', 'privileged'] };
  },
});

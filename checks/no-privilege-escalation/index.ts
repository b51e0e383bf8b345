import { capabilityName } from '../_lib/security-context.js';
import { containerLabel, get, WORKLOAD_KINDS } from '../../src/k8s/index.js';
import { perContainerCheck } from '../_lib/per-container.js';

export default perContainerCheck({
  meta: {
    id: 'no-privilege-escalation',
    description: 'Containers must set securityContext.allowPrivilegeEscalation: false (Kubernetes defaults it to true).',
    severity: 'error',
    kinds: WORKLOAD_KINDS,
    scope: 'object',
    guideline:
      'NSA/CISA Kubernetes Hardening Guide: prevent privilege escalation; CIS Kubernetes Benchmark 5.2.6 (minimize the admission of containers with allowPrivilegeEscalation); Pod Security Standards (restricted): allowPrivilegeEscalation',
    messages: {
      missing:
        '{{object}} {{container}} may gain more privileges than its parent process (setuid binaries, file capabilities): securityContext.allowPrivilegeEscalation is not set and Kubernetes defaults it to true; set it to false',
      allowed: '{{object}} {{container}} sets securityContext.allowPrivilegeEscalation: {{value}}; set it to false',
    },
    remediation:
      'Set securityContext.allowPrivilegeEscalation: false on every container (it is a container-only field: the pod securityContext has no such field).',
    fixable: true,
  },
  windowsPods: 'skip',
  container(c) {
    const path = [...c.path, 'securityContext', 'allowPrivilegeEscalation'];
    const value = get(c.container, ['securityContext', 'allowPrivilegeEscalation']);
    if (value === false) return;
    const data = { container: containerLabel(c) };
    if (value !== undefined && value !== null) return { messageId: 'allowed', data: { ...data, value: JSON.stringify(value) }, path };
    // The API server refuses allowPrivilegeEscalation: false next to privileged: true or an added SYS_ADMIN:
    // such a container is not fixed (no-privileged reports it).
    const privileged = get(c.container, ['securityContext', 'privileged']) === true;
    const add = get(c.container, ['securityContext', 'capabilities', 'add']);
    const sysAdmin = Array.isArray(add) && add.some((a) => capabilityName(a) === 'SYS_ADMIN');
    return { messageId: 'missing', data, path, ...(privileged || sysAdmin ? {} : { fix: { op: 'set' as const, path, value: false } }) };
  },
});

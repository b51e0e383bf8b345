import { containerLabel, WORKLOAD_KINDS } from '../../src/k8s/index.js';
import { perContainerCheck } from '../_lib/per-container.js';
import { effectiveSecurityField } from '../_lib/security-context.js';

export default perContainerCheck({
  meta: {
    id: 'run-as-non-root',
    description: 'Containers must not run as root: runAsNonRoot: true or a non-zero runAsUser, on the container or the pod.',
    severity: 'error',
    kinds: WORKLOAD_KINDS,
    scope: 'object',
    guideline:
      'NSA/CISA Kubernetes Hardening Guide: use containers built to run applications as non-root users; Pod Security Standards (restricted): runAsNonRoot',
    messages: {
      mayRunAsRoot:
        '{{object}} {{container}} may run as root: neither the container nor the pod sets securityContext.runAsNonRoot: true or a non-zero runAsUser',
      runAsRootUser: '{{object}} {{container}} runs as root: runAsUser is 0 (set on the {{from}})',
      runAsNonRootFalse: '{{object}} {{container}} sets securityContext.runAsNonRoot: false, so it may run as root',
    },
    remediation:
      'Set securityContext.runAsNonRoot: true on the pod or the container (and a non-zero runAsUser if the image has no numeric USER), and build the image to run as an unprivileged user.',
    fixable: true,
  },
  windowsPods: 'check',
  container(c) {
    const data = { container: containerLabel(c) };
    const user = effectiveSecurityField(c, 'runAsUser');
    if (user.value === 0) return { messageId: 'runAsRootUser', data: { ...data, from: user.from! }, path: user.path! };
    const nonRoot = effectiveSecurityField(c, 'runAsNonRoot');
    if (nonRoot.value === true) return;
    if (typeof user.value === 'number' && Number.isInteger(user.value) && user.value > 0) return;
    if (nonRoot.value === false) return { messageId: 'runAsNonRootFalse', data, path: nonRoot.path! };
    const path = [...c.path, 'securityContext', 'runAsNonRoot'];
    // Fixed only when neither field is set at all: a runAsUser of the wrong type is a decision to make by hand.
    const fix = nonRoot.value === undefined && user.value === undefined ? { fix: { op: 'set' as const, path, value: true } } : {};
    return { messageId: 'mayRunAsRoot', data, path, ...fix };
  },
});

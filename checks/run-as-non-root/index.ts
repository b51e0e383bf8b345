import { containerLabel, get, WORKLOAD_KINDS } from '../../src/k8s/index.js';
import { perContainerCheck, selectContainers } from '../_lib/per-container.js';
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
      podRunAsRootUser:
        '{{object}} sets runAsUser: 0 on the pod: every container sets its own runAsUser today, but a namespace that enforces the Pod Security Standards (restricted) refuses the pod for it, and containers added later (injected sidecars, debug containers) inherit it and run as root; remove it or set a non-zero runAsUser',
      podRunAsNonRootFalse:
        '{{object}} sets runAsNonRoot: false on the pod: every container sets its own runAsNonRoot today, but a namespace that enforces the Pod Security Standards (restricted) refuses the pod for it, and containers added later (injected sidecars, debug containers) inherit it; set it to true or remove it',
    },
    remediation:
      'Set securityContext.runAsNonRoot: true on the pod or the container (and a non-zero runAsUser if the image has no numeric USER), and build the image to run as an unprivileged user.',
    fixable: true,
  },
  windowsPods: 'check',
  // A pod-level value that every container overrides is reported on its own: the containers find nothing, yet the
  // Pod Security Standards restrict the pod-level field, and containers added later inherit it.
  *pod(pod, _context, resource) {
    const containers = selectContainers(resource, { windowsPods: 'check' });
    const everyOverrides = (field: string) => containers.every((c) => get(c.container, ['securityContext', field]) != null);
    const path = [...pod.path, 'securityContext'];
    if (get(pod.spec, ['securityContext', 'runAsUser']) === 0 && everyOverrides('runAsUser')) {
      yield { messageId: 'podRunAsRootUser', path: [...path, 'runAsUser'] };
    }
    if (get(pod.spec, ['securityContext', 'runAsNonRoot']) === false && everyOverrides('runAsNonRoot')) {
      yield { messageId: 'podRunAsNonRootFalse', path: [...path, 'runAsNonRoot'] };
    }
  },
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

import { containerLabel, get, WORKLOAD_KINDS } from '../../src/k8s/index.js';
import type { Finding } from '../../src/check-api.js';
import { perContainerCheck, selectContainers } from '../_lib/per-container.js';

export default perContainerCheck({
  meta: {
    id: 'run-as-non-root-group',
    description: 'Pods and containers must not run with the root group: no runAsGroup 0, and no group 0 in fsGroup or supplementalGroups.',
    severity: 'warning',
    kinds: WORKLOAD_KINDS,
    scope: 'object',
    guideline:
      'Kyverno policy library: Require Non-Root Groups (EKS Best Practices); trivy-checks KSV029 (a root primary or supplementary GID); the Pod Security Standards leave groups out',
    messages: {
      runAsGroupRoot:
        '{{object}} {{container}} runs with the root group as its primary group: securityContext.runAsGroup is 0, so it may read and write every file that group 0 owns in the image and on shared volumes; set a non-zero runAsGroup',
      podRunAsGroupRoot:
        '{{object}} sets securityContext.runAsGroup: 0 on the pod, so the containers that set no runAsGroup of their own ({{inheritors}}) run with the root group as their primary group, and so do containers added later (injected sidecars, debug containers); set a non-zero runAsGroup',
      fsGroupRoot:
        '{{object}} sets securityContext.fsGroup: 0, so every container gets the root group as a supplementary group and volumes that support ownership management are made group-owned by it; set a non-zero fsGroup',
      supplementalGroupRoot:
        '{{object}} lists group 0 in securityContext.supplementalGroups, so every container gets the root group as a supplementary group; remove it',
    },
    remediation:
      'Set runAsGroup, fsGroup and supplementalGroups to non-zero group IDs (on the pod, so every container inherits them), and make the files the workload needs readable by that group rather than by root.',
  },
  // Groups are a Linux notion: the API server refuses runAsGroup, fsGroup and supplementalGroups on Windows pods.
  windowsPods: 'skip',
  // Each place is checked on its own: a container's runAsGroup replaces the pod's for that container, but the pod's
  // value still applies to every container that sets none, and to every container added later.
  *pod(pod, _context, resource): Generator<Finding> {
    const securityContext = [...pod.path, 'securityContext'];
    if (get(pod.spec, ['securityContext', 'runAsGroup']) === 0) {
      const inheritors = selectContainers(resource, { windowsPods: 'skip' })
        .filter((c) => get(c.container, ['securityContext', 'runAsGroup']) == null)
        .map(containerLabel);
      yield {
        messageId: 'podRunAsGroupRoot',
        data: { inheritors: inheritors.length ? inheritors.join(', ') : 'none today' },
        path: [...securityContext, 'runAsGroup'],
      };
    }
    if (get(pod.spec, ['securityContext', 'fsGroup']) === 0) yield { messageId: 'fsGroupRoot', path: [...securityContext, 'fsGroup'] };
    const groups: unknown = get(pod.spec, ['securityContext', 'supplementalGroups']);
    if (Array.isArray(groups)) {
      for (const [index, group] of groups.entries()) {
        if (group === 0) yield { messageId: 'supplementalGroupRoot', path: [...securityContext, 'supplementalGroups', index] };
      }
    }
  },
  container(c) {
    if (get(c.container, ['securityContext', 'runAsGroup']) !== 0) return;
    return { messageId: 'runAsGroupRoot', data: { container: containerLabel(c) }, path: [...c.path, 'securityContext', 'runAsGroup'] };
  },
});

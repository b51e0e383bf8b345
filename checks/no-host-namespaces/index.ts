import { podSpecOf, WORKLOAD_KINDS } from '../../src/k8s/index.js';
import type { Check } from '../../src/check-api.js';

const FIELDS = ['hostNetwork', 'hostPID', 'hostIPC'] as const;

const check: Check = {
  meta: {
    id: 'no-host-namespaces',
    description: "Pods must not share the node's network, process ID or IPC namespace (hostNetwork, hostPID, hostIPC).",
    severity: 'error',
    kinds: WORKLOAD_KINDS,
    scope: 'object',
    guideline:
      'NSA/CISA Kubernetes Hardening Guide: do not share host namespaces; CIS Kubernetes Benchmark 5.2.3, 5.2.4, 5.2.5 (minimize the admission of containers sharing the host PID, IPC and network namespaces); Pod Security Standards (baseline): host namespaces',
    messages: {
      hostNetwork:
        "{{object}} sets hostNetwork: true, so every container shares the node's network: it sees all the node's traffic, reaches services bound to the node's localhost and bypasses NetworkPolicy; remove it",
      hostPID: '{{object}} sets hostPID: true, so every container sees (and, as root, can signal and inspect) every process of the node; remove it',
      hostIPC: "{{object}} sets hostIPC: true, so every container shares the node's IPC namespace and its shared memory; remove it",
    },
    remediation:
      'Remove hostNetwork, hostPID and hostIPC from the pod spec (they default to false); expose ports through a Service instead of the host network.',
  },
  *check(resource) {
    const pod = podSpecOf(resource.object);
    if (!pod) return;
    for (const field of FIELDS) {
      if (pod.spec[field] === true) yield { messageId: field, path: [...pod.path, field] };
    }
  },
};

export default check;

import { posix } from 'node:path';
import { get, isRecord, podSpecOf, WORKLOAD_KINDS } from '../../src/k8s/index.js';
import type { Check } from '../../src/check-api.js';

/** Host paths that hand over the node, by normalised path. */
const SENSITIVE: Record<string, string> = {
  '/': "the node's whole filesystem",
  '/etc': "the node's configuration (credentials, kubelet and kubeadm settings)",
  '/proc': "the node's processes and kernel settings",
  '/var/lib/kubelet': "the kubelet's data (every pod's secrets and service account tokens)",
  '/var/run/docker.sock': 'the container runtime socket: whoever can write to it controls every container on the node',
  '/run/docker.sock': 'the container runtime socket: whoever can write to it controls every container on the node',
  '/var/run/containerd/containerd.sock': 'the container runtime socket: whoever can write to it controls every container on the node',
  '/run/containerd/containerd.sock': 'the container runtime socket: whoever can write to it controls every container on the node',
  '/var/run/crio/crio.sock': 'the container runtime socket: whoever can write to it controls every container on the node',
  '/run/crio/crio.sock': 'the container runtime socket: whoever can write to it controls every container on the node',
};

function normalise(hostPath: string): string {
  const p = posix.normalize(hostPath.trim());
  return p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p;
}

const check: Check = {
  meta: {
    id: 'no-host-path',
    description: "Pods must not mount hostPath volumes, which expose the node's filesystem.",
    severity: 'error',
    kinds: WORKLOAD_KINDS,
    scope: 'object',
    guideline:
      'NSA/CISA Kubernetes Hardening Guide: restrict access to the host filesystem (hostPath); CIS Kubernetes Benchmark 5.2.12 (minimize the admission of HostPath volumes); Pod Security Standards (baseline): HostPath volumes',
    messages: {
      hostPath:
        '{{object}} mounts the host path "{{hostPath}}" (volume "{{volume}}"): a hostPath volume exposes the node\'s filesystem to the pod; use an emptyDir, a ConfigMap, a Secret or a PersistentVolumeClaim instead',
      sensitiveHostPath: '{{object}} mounts the host path "{{hostPath}}" (volume "{{volume}}"), {{why}}; remove the volume',
    },
    remediation:
      'Replace hostPath volumes with emptyDir, ConfigMap, Secret, projected or PersistentVolumeClaim volumes; node agents that truly need a host path should mount it readOnly and be suppressed with a justification.',
  },
  *check(resource) {
    const pod = podSpecOf(resource.object);
    if (!pod || !Array.isArray(pod.spec.volumes)) return;
    for (const [i, volume] of (pod.spec.volumes as unknown[]).entries()) {
      if (!isRecord(volume) || volume.hostPath === undefined || volume.hostPath === null) continue;
      const raw = get(volume, ['hostPath', 'path']);
      const hostPath = typeof raw === 'string' || typeof raw === 'number' ? String(raw) : '<unset>';
      const volumeName = typeof volume.name === 'string' && volume.name ? volume.name : `#${i}`;
      const volumePath = [...pod.path, 'volumes', i];
      const path = isRecord(volume.hostPath) ? [...volumePath, 'hostPath', 'path'] : [...volumePath, 'hostPath'];
      const why = SENSITIVE[normalise(hostPath)];
      const data = { hostPath, volume: volumeName };
      if (why) yield { messageId: 'sensitiveHostPath', data: { ...data, why }, path };
      else yield { messageId: 'hostPath', data, path };
    }
  },
};

export default check;

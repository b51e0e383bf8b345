import { containerLabel, isRecord, WORKLOAD_KINDS } from '../../src/k8s/index.js';
import { perContainerCheck } from '../_lib/per-container.js';

const KUBELET_PORTS: Record<string, string> = { '10250': "the kubelet's API port", '10255': "the kubelet's read-only port" };

export default perContainerCheck({
  meta: {
    id: 'no-host-port',
    description: 'Container ports must not set hostPort, which binds a port on the node itself.',
    severity: 'warning',
    kinds: WORKLOAD_KINDS,
    scope: 'object',
    guideline:
      'NSA/CISA Kubernetes Hardening Guide: network separation (expose pods through Services); CIS Kubernetes Benchmark 5.2.13 (minimize the admission of containers which use HostPorts); Pod Security Standards (baseline): host ports',
    messages: {
      hostPort:
        '{{object}} {{container}} binds port {{port}} on the node (hostPort): it is reachable from outside the cluster network, bypasses NetworkPolicy on many network plugins and limits the pod to one per node; remove hostPort and expose it through a Service',
      kubeletPort:
        '{{object}} {{container}} binds port {{port}} on the node (hostPort), {{which}}: it collides with or impersonates the kubelet; remove hostPort and expose it through a Service',
    },
    remediation: 'Remove hostPort from the container ports and expose the pod through a Service (ClusterIP, NodePort or LoadBalancer) or an Ingress.',
  },
  windowsPods: 'check',
  *container(c) {
    if (!Array.isArray(c.container.ports)) return;
    for (const [i, port] of (c.container.ports as unknown[]).entries()) {
      if (!isRecord(port)) continue;
      const value = port.hostPort;
      if (value === undefined || value === null || value === 0 || value === '' || value === '0') continue;
      const data = { container: containerLabel(c), port: String(value) };
      const path = [...c.path, 'ports', i, 'hostPort'];
      const which = KUBELET_PORTS[String(value)];
      if (which) yield { messageId: 'kubeletPort', data: { ...data, which }, path };
      else yield { messageId: 'hostPort', data, path };
    }
  },
});

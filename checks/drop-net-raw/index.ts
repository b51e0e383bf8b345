import { capabilityName } from '../_lib/security-context.js';
import { containerLabel, get, WORKLOAD_KINDS } from '../../src/k8s/index.js';
import { perContainerCheck } from '../_lib/per-container.js';

const GRANTS_NET_RAW = new Set(['NET_RAW', 'ALL']);

export default perContainerCheck({
  meta: {
    id: 'drop-net-raw',
    description: 'Containers must drop the NET_RAW capability (or ALL) and must not add it back.',
    severity: 'error',
    kinds: WORKLOAD_KINDS,
    scope: 'object',
    guideline:
      'NSA/CISA Kubernetes Hardening Guide: drop unneeded Linux capabilities; CIS Kubernetes Benchmark 5.2.8 (minimize the admission of containers with the NET_RAW capability); Pod Security Standards (restricted): capabilities',
    messages: {
      notDropped:
        '{{object}} {{container}} keeps the NET_RAW capability (raw sockets, ARP and DNS spoofing on the pod network): securityContext.capabilities.drop holds neither ALL nor NET_RAW; add ALL to it',
      added:
        '{{object}} {{container}} adds the capability "{{capability}}", which grants NET_RAW (raw sockets); remove it from securityContext.capabilities.add',
    },
    remediation:
      'Set securityContext.capabilities.drop: [ALL] on every container and add back only the capabilities it needs (never NET_RAW or ALL). Names are compared case-insensitively, with or without CAP_.',
    fixable: true,
  },
  windowsPods: 'skip',
  *container(c) {
    const data = { container: containerLabel(c) };
    const capsPath = [...c.path, 'securityContext', 'capabilities'];
    const drop = get(c.container, ['securityContext', 'capabilities', 'drop']);
    const dropped = Array.isArray(drop) ? drop.map(capabilityName) : [];
    if (!dropped.some((name) => name !== undefined && GRANTS_NET_RAW.has(name))) {
      const path = [...capsPath, 'drop'];
      yield { messageId: 'notDropped', data, path, fix: { op: 'add', path, value: 'NET_RAW', strict: { op: 'add', path, value: 'ALL' } } };
    }
    const add = get(c.container, ['securityContext', 'capabilities', 'add']);
    if (!Array.isArray(add)) return;
    for (const [i, entry] of add.entries()) {
      const name = capabilityName(entry);
      if (name !== undefined && GRANTS_NET_RAW.has(name)) {
        yield { messageId: 'added', data: { ...data, capability: String(entry) }, path: [...capsPath, 'add', i] };
      }
    }
  },
});

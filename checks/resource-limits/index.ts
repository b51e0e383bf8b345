import { containerLabel, get, WORKLOAD_KINDS } from '../../src/k8s/index.js';
import { perContainerCheck } from '../_lib/per-container.js';
import type { Path } from '../../src/shared/types.js';

interface Options {
  /** Require a CPU limit (some teams leave CPU unlimited on purpose to avoid throttling). */
  cpuLimit: boolean;
}

const GROUPS = ['requests', 'limits'] as const;
const RESOURCES = ['cpu', 'memory'] as const;

function isSet(value: unknown): boolean {
  return (typeof value === 'string' && value.trim() !== '') || typeof value === 'number';
}

export default perContainerCheck<Options>({
  meta: {
    id: 'resource-limits',
    description: 'Containers must set CPU and memory requests and limits (pod-level resources count for every container).',
    severity: 'warning',
    kinds: WORKLOAD_KINDS,
    scope: 'object',
    guideline: 'NSA/CISA Kubernetes Hardening Guide: limit container resource usage (denial of service)',
    messages: {
      missing:
        '{{object}} {{container}} does not set {{missing}}: without requests and limits one pod can starve the node; set resources.requests and resources.limits for cpu and memory',
    },
    remediation:
      'Set resources.requests and resources.limits for cpu and memory on every container (or resources on the pod spec, which bounds all its containers), sized from observed usage.',
    schema: {
      type: 'object',
      properties: { cpuLimit: { type: 'boolean', description: 'Require a CPU limit.' } },
      additionalProperties: false,
    },
    defaultOptions: { cpuLimit: true },
  },
  windowsPods: 'check',
  // Ephemeral containers may not set resources: the API server refuses them.
  lists: ['containers', 'initContainers'],
  container(c, context) {
    const cpuLimit = context.options.cpuLimit !== false;
    const missing: Array<[string, string]> = [];
    for (const group of GROUPS) {
      for (const name of RESOURCES) {
        if (group === 'limits' && name === 'cpu' && !cpuLimit) continue;
        const own = get(c.container, ['resources', group, name]);
        const pod = get(c.pod.spec, ['resources', group, name]);
        if (!isSet(own) && !isSet(pod)) missing.push([group, name]);
      }
    }
    if (missing.length === 0) return;
    const groups = new Set(missing.map(([g]) => g));
    const path: Path =
      missing.length === 1 ? [...c.path, 'resources', ...missing[0]] : groups.size === 1 ? [...c.path, 'resources', missing[0][0]] : [...c.path, 'resources'];
    return {
      messageId: 'missing',
      data: { container: containerLabel(c), missing: missing.map(([g, n]) => `${g}.${n}`).join(', ') },
      path,
    };
  },
});

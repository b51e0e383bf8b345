import { containerLabel, get, WORKLOAD_KINDS } from '../../src/k8s/index.js';
import type { CheckContext, Finding } from '../../src/check-api.js';
import { perContainerCheck } from '../_lib/per-container.js';
import type { Path } from '../../src/shared/types.js';

interface Options {
  /** SELinux types a container may run as (the Pod Security Standards' baseline list). */
  allowedTypes: string[];
}

const BASELINE_TYPES = ['container_t', 'container_init_t', 'container_kvm_t'];

function shown(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function allowedTypes(context: CheckContext<Options>): string[] {
  const configured = context.options.allowedTypes;
  return Array.isArray(configured) ? configured.filter((t): t is string => typeof t === 'string') : BASELINE_TYPES;
}

function* checkOptions(owner: unknown, path: Path, where: string, allowed: readonly string[]): Generator<Finding> {
  const options = get(owner, ['securityContext', 'seLinuxOptions']);
  for (const field of ['user', 'role'] as const) {
    const value = get(options, [field]);
    if (value === undefined || value === null || value === '') continue;
    yield { messageId: 'userOrRole', data: { field, value: shown(value), where }, path: [...path, 'securityContext', 'seLinuxOptions', field] };
  }
  const type = get(options, ['type']);
  if (type === undefined || type === null || type === '' || (typeof type === 'string' && allowed.includes(type))) return;
  yield {
    messageId: 'type',
    data: { value: shown(type), where, allowed: allowed.join(', ') },
    path: [...path, 'securityContext', 'seLinuxOptions', 'type'],
  };
}

export default perContainerCheck<Options>({
  meta: {
    id: 'selinux-options',
    description: 'seLinuxOptions must not set a custom user or role, nor a type other than the confined container types.',
    severity: 'error',
    kinds: WORKLOAD_KINDS,
    scope: 'object',
    guideline:
      'NSA/CISA Kubernetes Hardening Guide: use SELinux to restrict containers; CIS Kubernetes Benchmark 5.7.3 (apply security context to pods and containers); Pod Security Standards (baseline): SELinux',
    messages: {
      userOrRole:
        '{{object}} sets securityContext.seLinuxOptions.{{field}} "{{value}}" on {{where}}: a custom SELinux {{field}} can lift the container out of its confined domain; remove it',
      type: '{{object}} sets securityContext.seLinuxOptions.type "{{value}}" on {{where}}, which is not a confined container type ({{allowed}}); remove it or use one of those',
    },
    remediation:
      'Leave seLinuxOptions.user and role unset and let the runtime pick the type, or set type to container_t, container_init_t or container_kvm_t; a level (MCS label) is fine.',
    schema: {
      type: 'object',
      properties: { allowedTypes: { type: 'array', items: { type: 'string' }, description: 'SELinux types a container may use.' } },
      additionalProperties: false,
    },
    defaultOptions: { allowedTypes: BASELINE_TYPES },
  },
  windowsPods: 'skip',
  // Each place is checked on its own, as the Pod Security Standards do: a container's options replace the pod's
  // for that container, but a bad pod-level value is still admitted for every container that does not.
  pod: (pod, context) => checkOptions(pod.spec, pod.path, 'the pod', allowedTypes(context)),
  container: (c, context) => checkOptions(c.container, c.path, containerLabel(c), allowedTypes(context)),
});

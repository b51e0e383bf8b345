import { get, WORKLOAD_KINDS } from '../../src/k8s/index.js';
import type { Check, Finding } from '../../src/check-api.js';
import { profileFindings } from '../_lib/profiles.js';

const check: Check = {
  meta: {
    id: 'seccomp-profile',
    description:
      'Containers must run under a seccomp profile: seccompProfile.type RuntimeDefault or Localhost on the container or the pod (the legacy annotations count); Unconfined is an error.',
    severity: 'warning',
    kinds: WORKLOAD_KINDS,
    scope: 'object',
    guideline:
      'NSA/CISA Kubernetes Hardening Guide: use seccomp to limit system calls; CIS Kubernetes Benchmark 5.7.2 (the seccomp profile is set to docker/default in pod definitions); Pod Security Standards (baseline and restricted): seccomp',
    messages: {
      missing:
        '{{object}} {{container}} has no seccomp profile (it runs Unconfined unless the kubelet defaults it): neither the container nor the pod sets securityContext.seccompProfile.type; set it to RuntimeDefault on the pod',
      unconfined:
        '{{object}} {{container}} turns seccomp off: {{setting}} is "{{value}}", so every system call is allowed; set it to RuntimeDefault (or a Localhost profile)',
      podUnconfined:
        '{{object}} turns seccomp off for {{containers}}: {{setting}} is "{{value}}" on the pod, so every system call is allowed; set it to RuntimeDefault (or a Localhost profile)',
      unknown: '{{object}} {{container}} sets {{setting}} to {{value}}, which is not a seccomp profile kubeward can confirm; use RuntimeDefault or Localhost',
      podUnknown:
        '{{object}} sets {{setting}} to {{value}} on the pod (inherited by {{containers}}), which is not a seccomp profile kubeward can confirm; use RuntimeDefault or Localhost',
    },
    remediation:
      'Set securityContext.seccompProfile.type: RuntimeDefault on the pod (every container inherits it), or Localhost with a localhostProfile for a custom profile; never Unconfined.',
    fixable: true,
  },
  *check(resource): Generator<Finding> {
    yield* profileFindings(resource, {
      field: 'seccompProfile',
      containerAnnotationPrefix: 'container.seccomp.security.alpha.kubernetes.io/',
      podAnnotation: 'seccomp.security.alpha.kubernetes.io/pod',
      confinedAnnotation: (value) => value === 'runtime/default' || value === 'docker/default' || value.startsWith('localhost/'),
      // The fix sets RuntimeDefault on the pod, only when the pod has no seccompProfile at all (a Localhost one
      // without its type is left to the author).
      missing: (c, container) => {
        const podProfile = [...c.pod.path, 'securityContext', 'seccompProfile'];
        const fix =
          get(c.pod.spec, ['securityContext', 'seccompProfile']) == null
            ? { fix: { op: 'set' as const, path: podProfile, value: { type: 'RuntimeDefault' } } }
            : {};
        return { messageId: 'missing', data: { container }, path: [...c.path, 'securityContext', 'seccompProfile'], ...fix };
      },
    });
  },
};

export default check;

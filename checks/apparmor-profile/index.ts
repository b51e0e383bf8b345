import { WORKLOAD_KINDS } from '../../src/k8s/index.js';
import type { Check, Finding } from '../../src/check-api.js';
import { profileFindings } from '../_lib/profiles.js';

const check: Check = {
  meta: {
    id: 'apparmor-profile',
    description:
      'Containers must run under an AppArmor profile: appArmorProfile.type RuntimeDefault or Localhost on the container or the pod (the legacy annotation counts); Unconfined is an error.',
    severity: 'warning',
    kinds: WORKLOAD_KINDS,
    scope: 'object',
    guideline:
      'NSA/CISA Kubernetes Hardening Guide: use AppArmor to restrict containers; CIS Kubernetes Benchmark 5.7.3 (apply security context to pods and containers); Pod Security Standards (baseline): AppArmor',
    messages: {
      missing:
        '{{object}} {{container}} names no AppArmor profile: neither the container nor the pod sets securityContext.appArmorProfile.type (nor the legacy annotation); set it to RuntimeDefault on the pod',
      unconfined: '{{object}} {{container}} turns AppArmor off: {{setting}} is "{{value}}"; set it to RuntimeDefault (or a Localhost profile)',
      podUnconfined:
        '{{object}} turns AppArmor off for {{containers}}: {{setting}} is "{{value}}" on the pod; set it to RuntimeDefault (or a Localhost profile)',
      unknown:
        '{{object}} {{container}} sets {{setting}} to {{value}}, which is not an AppArmor profile kubeward can confirm; use RuntimeDefault or Localhost',
      podUnknown:
        '{{object}} sets {{setting}} to {{value}} on the pod (inherited by {{containers}}), which is not an AppArmor profile kubeward can confirm; use RuntimeDefault or Localhost',
    },
    remediation:
      'Set securityContext.appArmorProfile.type: RuntimeDefault on the pod (every container inherits it), or Localhost with a localhostProfile loaded on the nodes; never Unconfined.',
  },
  *check(resource): Generator<Finding> {
    yield* profileFindings(resource, {
      field: 'appArmorProfile',
      containerAnnotationPrefix: 'container.apparmor.security.beta.kubernetes.io/',
      confinedAnnotation: (value) => value === 'runtime/default' || value.startsWith('localhost/'),
      missing: (c, container) => ({ messageId: 'missing', data: { container }, path: [...c.path, 'securityContext', 'appArmorProfile'] }),
    });
  },
};

export default check;

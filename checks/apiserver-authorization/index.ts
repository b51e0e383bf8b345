import { WORKLOAD_KINDS } from '../../src/k8s/index.js';
import type { Check, Finding } from '../../src/check-api.js';
import { listValue, processesOf } from '../_lib/static-pod.js';

const check: Check = {
  meta: {
    id: 'apiserver-authorization',
    description: 'kube-apiserver must authorize requests with RBAC (--authorization-mode holds RBAC) and never with AlwaysAllow.',
    severity: 'error',
    kinds: WORKLOAD_KINDS,
    scope: 'object',
    guideline:
      'NSA/CISA Kubernetes Hardening Guide: authentication and authorization (enable RBAC); CIS Kubernetes Benchmark 1.2.x: --authorization-mode not AlwaysAllow, includes RBAC',
    messages: {
      missing:
        '{{object}} {{container}} runs kube-apiserver without --authorization-mode, which defaults to AlwaysAllow: every authenticated request is allowed; add --authorization-mode=Node,RBAC',
      alwaysAllow:
        '{{object}} {{container}} runs kube-apiserver with --authorization-mode={{value}}: AlwaysAllow allows every authenticated request; use --authorization-mode=Node,RBAC',
      noRbac: '{{object}} {{container}} runs kube-apiserver with --authorization-mode={{value}}, which lacks RBAC; use --authorization-mode=Node,RBAC',
    },
    remediation:
      "Run kube-apiserver with --authorization-mode=Node,RBAC (kubeadm's default) and grant access with Roles and RoleBindings; never list AlwaysAllow.",
  },
  *check(resource) {
    for (const p of processesOf(resource.object, 'kube-apiserver')) {
      const data = { container: p.label };
      const mode = p.flags.get('authorization-mode');
      if (!mode) {
        // --authorization-config (structured authorization) replaces --authorization-mode; the two are exclusive.
        if (p.flags.has('authorization-config')) continue;
        yield { messageId: 'missing', data, path: p.missingPath, pointAt: 'key' } satisfies Finding;
        continue;
      }
      const modes = listValue(mode.value);
      if (modes.includes('AlwaysAllow')) yield { messageId: 'alwaysAllow', data: { ...data, value: mode.value }, path: mode.path };
      else if (!modes.includes('RBAC')) yield { messageId: 'noRbac', data: { ...data, value: mode.value }, path: mode.path };
    }
  },
};

export default check;

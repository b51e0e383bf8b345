import { WORKLOAD_KINDS } from '../../src/k8s/index.js';
import type { Check, Finding } from '../../src/check-api.js';
import { parseBool, processesOf } from '../_lib/static-pod.js';

const check: Check = {
  meta: {
    id: 'apiserver-anonymous-auth',
    description: 'kube-apiserver must refuse anonymous requests: --anonymous-auth=false.',
    severity: 'error',
    kinds: WORKLOAD_KINDS,
    scope: 'object',
    guideline:
      'NSA/CISA Kubernetes Hardening Guide: authentication and authorization (disable anonymous requests); CIS Kubernetes Benchmark 1.2.1: --anonymous-auth=false',
    messages: {
      missing:
        '{{object}} {{container}} runs kube-apiserver without --anonymous-auth=false: anonymous requests are allowed by default (as system:anonymous); add --anonymous-auth=false',
      enabled: '{{object}} {{container}} runs kube-apiserver with --anonymous-auth={{value}}: anonymous requests are allowed; set --anonymous-auth=false',
      strayValue:
        '{{object}} {{container}} writes "--anonymous-auth {{value}}": a boolean flag takes its value only after "=", so anonymous auth stays on (and kube-apiserver refuses the stray argument); write --anonymous-auth=false',
    },
    remediation:
      "Add --anonymous-auth=false to kube-apiserver's command. If health probes need anonymous access, use an AuthenticationConfiguration (--authentication-config) that allows anonymous requests only to /livez, /readyz and /healthz.",
  },
  *check(resource) {
    for (const p of processesOf(resource.object, 'kube-apiserver')) {
      const data = { container: p.label };
      const flag = p.flags.get('anonymous-auth');
      if (!flag) {
        // With --authentication-config, anonymous access is configured in that file (the two are exclusive).
        if (p.flags.has('authentication-config')) continue;
        yield { messageId: 'missing', data, path: p.missingPath, pointAt: 'key' } satisfies Finding;
      } else if (flag.strayValue !== undefined) {
        yield { messageId: 'strayValue', data: { ...data, value: flag.strayValue }, path: flag.path };
      } else if (parseBool(flag.value) !== false) {
        yield { messageId: 'enabled', data: { ...data, value: flag.value }, path: flag.path };
      }
    }
  },
};

export default check;

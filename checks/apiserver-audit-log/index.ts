import { WORKLOAD_KINDS } from '../../src/k8s/index.js';
import type { Check, Finding } from '../../src/check-api.js';
import { processesOf, setFlag } from '../_lib/static-pod.js';

const check: Check = {
  meta: {
    id: 'apiserver-audit-log',
    description: 'kube-apiserver must write an audit log: --audit-policy-file and a backend (--audit-log-path or --audit-webhook-config-file).',
    severity: 'error',
    kinds: WORKLOAD_KINDS,
    scope: 'object',
    guideline: 'NSA/CISA Kubernetes Hardening Guide: audit logging; CIS Kubernetes Benchmark 1.2.x: --audit-log-path and 3.2.1: an audit policy is created',
    messages: {
      noBackend:
        '{{object}} {{container}} runs kube-apiserver without an audit log backend: set --audit-log-path (a file, or "-" for stdout) or --audit-webhook-config-file',
      noPolicy:
        '{{object}} {{container}} runs kube-apiserver without --audit-policy-file: without a policy nothing is audited; set --audit-policy-file to an audit Policy',
    },
    remediation:
      'Add --audit-policy-file=/etc/kubernetes/audit-policy.yaml and --audit-log-path=/var/log/kubernetes/audit/audit.log (with --audit-log-maxage, --audit-log-maxbackup and --audit-log-maxsize), and mount both paths into the pod.',
  },
  *check(resource) {
    for (const p of processesOf(resource.object, 'kube-apiserver')) {
      const data = { container: p.label };
      if (!setFlag(p, 'audit-log-path') && !setFlag(p, 'audit-webhook-config-file')) {
        // An empty value turns the log off: point at it; else at the command.
        const empty = p.flags.get('audit-log-path') ?? p.flags.get('audit-webhook-config-file');
        yield (
          empty ? { messageId: 'noBackend', data, path: empty.path } : { messageId: 'noBackend', data, path: p.missingPath, pointAt: 'key' }
        ) satisfies Finding;
      }
      if (!setFlag(p, 'audit-policy-file')) {
        const empty = p.flags.get('audit-policy-file');
        yield empty ? { messageId: 'noPolicy', data, path: empty.path } : { messageId: 'noPolicy', data, path: p.missingPath, pointAt: 'key' };
      }
    }
  },
};

export default check;

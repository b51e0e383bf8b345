import { WORKLOAD_KINDS } from '../../src/k8s/index.js';
import type { Check, Finding } from '../../src/check-api.js';
import { listValue, missingFlag, parseBool, processesOf, type ComponentProcess } from '../_lib/static-pod.js';

/** A boolean flag that must be true: reported on its value when it is not, on the command when it is missing. */
function notTrue(p: ComponentProcess, name: string, messageId: string): Finding | undefined {
  const flag = p.flags.get(name);
  if (flag && parseBool(flag.value) === true) return undefined;
  const data = { container: p.label, flag: `--${name}=true` };
  return flag ? { messageId, data, path: flag.path } : { messageId, data, path: p.missingPath, pointAt: 'key' };
}

const check: Check = {
  meta: {
    id: 'etcd-tls',
    description:
      'etcd must serve clients over TLS and require client certificates (--cert-file, --key-file, --client-cert-auth=true, --trusted-ca-file), and secure its peer links the same way.',
    severity: 'error',
    kinds: WORKLOAD_KINDS,
    scope: 'object',
    guideline:
      'NSA/CISA Kubernetes Hardening Guide: protect etcd (TLS, client certificate authentication); CIS Kubernetes Benchmark 2.1-2.6: etcd --cert-file/--key-file, --client-cert-auth, --auto-tls, peer TLS',
    messages: {
      clientTls:
        '{{object}} {{container}} runs etcd without {{flag}}: clients reach the cluster state without TLS; set --cert-file and --key-file and use https:// client URLs',
      clientCertAuth:
        '{{object}} {{container}} runs etcd without {{flag}}: any client that reaches port 2379 can read every Secret; set --client-cert-auth=true and --trusted-ca-file',
      peerTls:
        '{{object}} {{container}} runs etcd without {{flag}}: members replicate the cluster state over an unauthenticated peer link; set --peer-cert-file, --peer-key-file, --peer-trusted-ca-file and --peer-client-cert-auth=true',
      autoTls:
        '{{object}} {{container}} runs etcd with {{flag}}: it generates self-signed certificates that nobody verifies; remove it and use certificates signed by the etcd CA',
      plaintextUrl: '{{object}} {{container}} runs etcd with {{flag}} listing {{url}}: that listener speaks plain HTTP; use https://',
    },
    remediation:
      'Run etcd with --cert-file, --key-file, --trusted-ca-file and --client-cert-auth=true, and the --peer-* equivalents, using certificates from the etcd CA (kubeadm writes them under /etc/kubernetes/pki/etcd); listen on https:// URLs only.',
  },
  *check(resource) {
    for (const p of processesOf(resource.object, 'etcd')) {
      // With --config-file etcd ignores its other flags and environment: what it runs with is not in the manifest.
      if (p.configFile) continue;
      const findings = [
        missingFlag(p, 'cert-file', 'clientTls'),
        missingFlag(p, 'key-file', 'clientTls'),
        notTrue(p, 'client-cert-auth', 'clientCertAuth'),
        missingFlag(p, 'trusted-ca-file', 'clientCertAuth'),
        missingFlag(p, 'peer-cert-file', 'peerTls'),
        missingFlag(p, 'peer-key-file', 'peerTls'),
        notTrue(p, 'peer-client-cert-auth', 'peerTls'),
        missingFlag(p, 'peer-trusted-ca-file', 'peerTls'),
      ];
      for (const f of findings) if (f) yield f;
      for (const name of ['auto-tls', 'peer-auto-tls']) {
        const flag = p.flags.get(name);
        if (flag && parseBool(flag.value) === true) {
          yield { messageId: 'autoTls', data: { container: p.label, flag: `--${name}=${flag.value}` }, path: flag.path };
        }
      }
      for (const name of ['listen-client-urls', 'listen-peer-urls']) {
        const flag = p.flags.get(name);
        if (!flag) continue;
        for (const url of listValue(flag.value)) {
          if (/^http:\/\//i.test(url)) yield { messageId: 'plaintextUrl', data: { container: p.label, flag: `--${name}`, url }, path: flag.path };
        }
      }
    }
  },
};

export default check;

import { WORKLOAD_KINDS } from '../../src/k8s/index.js';
import type { Check } from '../../src/check-api.js';
import { listValue, missingFlag, processesOf } from '../_lib/static-pod.js';

const check: Check = {
  meta: {
    id: 'apiserver-tls',
    description: 'kube-apiserver must serve TLS with its own certificate, verify the kubelets it calls, and talk to etcd over TLS with a client certificate.',
    severity: 'error',
    kinds: WORKLOAD_KINDS,
    scope: 'object',
    guideline:
      'NSA/CISA Kubernetes Hardening Guide: protect control plane traffic with TLS; CIS Kubernetes Benchmark 1.2.x: --kubelet-certificate-authority, --etcd-certfile/--etcd-keyfile, --tls-cert-file/--tls-private-key-file, --etcd-cafile',
    messages: {
      servingCert:
        '{{object}} {{container}} runs kube-apiserver without {{flag}}: it serves a self-signed certificate that clients cannot verify; set --tls-cert-file and --tls-private-key-file',
      kubeletCa:
        "{{object}} {{container}} runs kube-apiserver without {{flag}}: it does not verify the kubelets' serving certificates, so exec, logs and port-forward can be intercepted; set it to the CA that signs the kubelets' certificates",
      etcdTls:
        '{{object}} {{container}} runs kube-apiserver without {{flag}}: it reaches etcd without TLS client credentials or server verification; set --etcd-certfile, --etcd-keyfile and --etcd-cafile',
      etcdPlaintext: '{{object}} {{container}} runs kube-apiserver with --etcd-servers listing {{url}}: plain HTTP to etcd; use https:// URLs',
    },
    remediation:
      'Give kube-apiserver --tls-cert-file/--tls-private-key-file, --kubelet-certificate-authority (with kubelet serving certificates signed by the cluster CA, e.g. serverTLSBootstrap), and --etcd-certfile/--etcd-keyfile/--etcd-cafile with https:// --etcd-servers, as kubeadm does.',
  },
  *check(resource) {
    for (const p of processesOf(resource.object, 'kube-apiserver')) {
      const wanted: Array<[string, string]> = [
        ['tls-cert-file', 'servingCert'],
        ['tls-private-key-file', 'servingCert'],
        ['kubelet-certificate-authority', 'kubeletCa'],
        ['etcd-certfile', 'etcdTls'],
        ['etcd-keyfile', 'etcdTls'],
        ['etcd-cafile', 'etcdTls'],
      ];
      for (const [name, messageId] of wanted) {
        const finding = missingFlag(p, name, messageId);
        if (finding) yield finding;
      }
      const servers = p.flags.get('etcd-servers');
      if (servers) {
        for (const url of listValue(servers.value)) {
          if (/^http:\/\//i.test(url)) yield { messageId: 'etcdPlaintext', data: { container: p.label, url }, path: servers.path };
        }
      }
    }
  },
};

export default check;

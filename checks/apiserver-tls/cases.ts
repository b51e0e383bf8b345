import type { CheckCases } from '../../test/check-tester.js';

/** A kubeadm-style static pod; the container's own lines start at line 11. */
const pod = (container: string) => `apiVersion: v1
kind: Pod
metadata:
  name: kube-apiserver
  namespace: kube-system
spec:
  hostNetwork: true
  containers:
    - name: kube-apiserver
      image: registry.k8s.io/kube-apiserver:v1.31.2
${container}`;
/** `command:` on line 11, the binary on 12, the flags from line 13, at column 11. */
const command = (...flags: string[]) => `      command:\n        - kube-apiserver\n${flags.map((f) => `        - ${f}\n`).join('')}`;
const args = (...items: string[]) => `      args:\n${items.map((f) => `        - ${f}\n`).join('')}`;

/** What kubeadm writes (lines 13-18), and the flag kubeadm leaves out. */
const kubeadm = [
  '--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt',
  '--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt',
  '--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key',
  '--etcd-servers=https://127.0.0.1:2379',
  '--tls-cert-file=/etc/kubernetes/pki/apiserver.crt',
  '--tls-private-key-file=/etc/kubernetes/pki/apiserver.key',
];
const kubeletCa = '--kubelet-certificate-authority=/etc/kubernetes/pki/ca.crt';

const who = 'Pod "kube-apiserver" container "kube-apiserver"';
const servingCert = (flag: string) =>
  `${who} runs kube-apiserver without ${flag}: it serves a self-signed certificate that clients cannot verify; set --tls-cert-file and --tls-private-key-file`;
const kubeletCaMessage = `${who} runs kube-apiserver without --kubelet-certificate-authority: it does not verify the kubelets' serving certificates, so exec, logs and port-forward can be intercepted; set it to the CA that signs the kubelets' certificates`;
const etcdTls = (flag: string) =>
  `${who} runs kube-apiserver without ${flag}: it reaches etcd without TLS client credentials or server verification; set --etcd-certfile, --etcd-keyfile and --etcd-cafile`;
const etcdPlaintext = (url: string) => `${who} runs kube-apiserver with --etcd-servers listing ${url}: plain HTTP to etcd; use https:// URLs`;

export default {
  valid: [
    { name: 'kubeadm flags plus --kubelet-certificate-authority', code: pod(command(...kubeadm, kubeletCa)) },
    {
      name: '--flag value form in args',
      code: pod(
        command() +
          args(
            '--tls-cert-file',
            '/pki/apiserver.crt',
            '--tls-private-key-file',
            '/pki/apiserver.key',
            '--kubelet-certificate-authority',
            '/pki/ca.crt',
            '--etcd-cafile',
            '/pki/etcd/ca.crt',
            '--etcd-certfile',
            '/pki/etcd-client.crt',
            '--etcd-keyfile',
            '/pki/etcd-client.key',
          ),
      ),
    },
    { name: 'shape-hostile: command is a string', code: pod('      command: "x"\n') },
    { name: 'shape-hostile: args hold a number and null', code: pod(command(...kubeadm) + args('1', 'null', kubeletCa)) },
  ],
  invalid: [
    {
      name: 'kubeadm defaults: no --kubelet-certificate-authority, reported on the command key',
      code: pod(command(...kubeadm)),
      errors: [{ messageId: 'kubeletCa', message: kubeletCaMessage, line: 11, column: 7, endLine: 11, endColumn: 14 }],
    },
    {
      name: 'nothing set: every flag is named, all on the command key (sorted by message)',
      code: pod(command('--advertise-address=10.0.0.10')),
      errors: [
        { messageId: 'etcdTls', message: etcdTls('--etcd-cafile'), line: 11, column: 7 },
        { messageId: 'etcdTls', message: etcdTls('--etcd-certfile'), line: 11, column: 7 },
        { messageId: 'etcdTls', message: etcdTls('--etcd-keyfile'), line: 11, column: 7 },
        { messageId: 'kubeletCa', message: kubeletCaMessage, line: 11, column: 7 },
        { messageId: 'servingCert', message: servingCert('--tls-cert-file'), line: 11, column: 7 },
        { messageId: 'servingCert', message: servingCert('--tls-private-key-file'), line: 11, column: 7 },
      ],
    },
    {
      name: 'an empty --tls-private-key-file, last in args: its item is pointed at',
      code: pod(command(...kubeadm, kubeletCa) + args('--tls-private-key-file=')),
      errors: [{ messageId: 'servingCert', message: servingCert('--tls-private-key-file'), line: 21, column: 11, endLine: 21, endColumn: 34 }],
    },
    {
      name: 'plain HTTP etcd servers, --flag value form: the value item is pointed at, once per URL',
      code: pod(
        command(...kubeadm.filter((f) => !f.startsWith('--etcd-servers')), kubeletCa) +
          args('--etcd-servers', 'http://10.0.0.2:2379,https://10.0.0.3:2379,HTTP://10.0.0.4:2379'),
      ),
      errors: [
        // Same position: sorted by message, in code point order (upper case first), the same on every machine.
        { messageId: 'etcdPlaintext', message: etcdPlaintext('HTTP://10.0.0.4:2379'), line: 21, column: 11, endLine: 21, endColumn: 74 },
        { messageId: 'etcdPlaintext', message: etcdPlaintext('http://10.0.0.2:2379'), line: 21, column: 11 },
      ],
    },
    {
      name: 'shape-hostile args do not hide a missing flag',
      code: pod(command(...kubeadm) + args('1', 'null')),
      errors: [{ messageId: 'kubeletCa', message: kubeletCaMessage, line: 11, column: 7 }],
    },
  ],
} satisfies CheckCases;

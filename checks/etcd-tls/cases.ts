import type { CheckCases } from '../../test/check-tester.js';

/** A kubeadm-style etcd static pod; the container's own lines start at line 11. */
const pod = (container: string, image = 'registry.k8s.io/etcd:3.5.15-0') => `apiVersion: v1
kind: Pod
metadata:
  name: etcd
  namespace: kube-system
spec:
  hostNetwork: true
  containers:
    - name: etcd
      image: ${image}
${container}`;
/** `command:` on line 11, the binary on 12, the flags from line 13, at column 11. */
const command = (...flags: string[]) => `      command:\n        - etcd\n${flags.map((f) => `        - ${f}\n`).join('')}`;
const args = (...items: string[]) => `      args:\n${items.map((f) => `        - ${f}\n`).join('')}`;

/** What kubeadm writes. */
const kubeadm = [
  '--advertise-client-urls=https://10.0.0.10:2379',
  '--cert-file=/etc/kubernetes/pki/etcd/server.crt',
  '--client-cert-auth=true',
  '--data-dir=/var/lib/etcd',
  '--initial-advertise-peer-urls=https://10.0.0.10:2380',
  '--initial-cluster=cp-1=https://10.0.0.10:2380',
  '--key-file=/etc/kubernetes/pki/etcd/server.key',
  '--listen-client-urls=https://127.0.0.1:2379,https://10.0.0.10:2379',
  '--listen-metrics-urls=http://127.0.0.1:2381',
  '--listen-peer-urls=https://10.0.0.10:2380',
  '--name=cp-1',
  '--peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt',
  '--peer-client-cert-auth=true',
  '--peer-key-file=/etc/kubernetes/pki/etcd/peer.key',
  '--peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt',
  '--snapshot-count=10000',
  '--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt',
];
/** kubeadm's flags without those that start with one of `prefixes`. */
const without = (...prefixes: string[]) => kubeadm.filter((f) => !prefixes.some((p) => f.startsWith(p)));

const who = 'Pod "etcd" container "etcd"';
const clientTls = (flag: string) =>
  `${who} runs etcd without ${flag}: clients reach the cluster state without TLS; set --cert-file and --key-file and use https:// client URLs`;
const clientCertAuth = (flag: string) =>
  `${who} runs etcd without ${flag}: any client that reaches port 2379 can read every Secret; set --client-cert-auth=true and --trusted-ca-file`;
const peerTls = (flag: string) =>
  `${who} runs etcd without ${flag}: members replicate the cluster state over an unauthenticated peer link; set --peer-cert-file, --peer-key-file, --peer-trusted-ca-file and --peer-client-cert-auth=true`;
const autoTls = (flag: string) =>
  `${who} runs etcd with ${flag}: it generates self-signed certificates that nobody verifies; remove it and use certificates signed by the etcd CA`;
const plaintextUrl = (flag: string, url: string) => `${who} runs etcd with ${flag} listing ${url}: that listener speaks plain HTTP; use https://`;

export default {
  valid: [
    { name: 'kubeadm flags (the http:// metrics listener is not a client listener)', code: pod(command(...kubeadm)) },
    {
      name: "--flag value and Go's single-dash form, in args",
      code: pod(
        command() +
          args(
            '-cert-file',
            '/pki/server.crt',
            '-key-file',
            '/pki/server.key',
            '-client-cert-auth=true',
            '-trusted-ca-file',
            '/pki/ca.crt',
            '--peer-cert-file',
            '/pki/peer.crt',
            '--peer-key-file',
            '/pki/peer.key',
            '--peer-client-cert-auth',
            '--peer-trusted-ca-file',
            '/pki/ca.crt',
          ),
      ),
    },
    {
      name: 'ETCD_* environment variables (image entrypoint, no command)',
      code: pod(
        `      env:
        - { name: ETCD_CERT_FILE, value: /pki/server.crt }
        - { name: ETCD_KEY_FILE, value: /pki/server.key }
        - { name: ETCD_CLIENT_CERT_AUTH, value: "true" }
        - { name: ETCD_TRUSTED_CA_FILE, value: /pki/ca.crt }
        - { name: ETCD_PEER_CERT_FILE, value: /pki/peer.crt }
        - { name: ETCD_PEER_KEY_FILE, value: /pki/peer.key }
        - { name: ETCD_PEER_CLIENT_CERT_AUTH, value: "true" }
        - { name: ETCD_PEER_TRUSTED_CA_FILE, value: /pki/ca.crt }
`,
        'docker.io/bitnami/etcd:3.5.15',
      ),
    },
    { name: '--config-file: etcd ignores the other flags, so they are not judged', code: pod(command('--config-file=/etc/etcd/etcd.conf.yml')) },
    { name: 'etcdctl is not etcd', code: pod(`      command: ["etcdctl", "endpoint", "health"]\n`) },
    { name: 'shape-hostile: command is a string', code: pod('      command: "x"\n') },
    { name: 'shape-hostile: args hold a number and null', code: pod(command(...kubeadm) + args('1', 'null')) },
    {
      name: 'shape-hostile: env entries that are not name/value pairs',
      code: pod(command(...kubeadm) + '      env: [1, null, { name: 5 }, { name: ETCD_CLIENT_CERT_AUTH }, { name: ETCD_, value: x }]\n'),
    },
  ],
  invalid: [
    {
      name: 'no client TLS: missing flags on the command key, the http:// listener on its item',
      code: pod(
        command(
          ...without('--cert-file', '--key-file', '--client-cert-auth', '--trusted-ca-file', '--listen-client-urls'),
          '--listen-client-urls=http://0.0.0.0:2379',
        ),
      ),
      errors: [
        { messageId: 'clientTls', message: clientTls('--cert-file'), line: 11, column: 7, endLine: 11, endColumn: 14 },
        { messageId: 'clientCertAuth', message: clientCertAuth('--client-cert-auth=true'), line: 11, column: 7 },
        { messageId: 'clientTls', message: clientTls('--key-file'), line: 11, column: 7 },
        { messageId: 'clientCertAuth', message: clientCertAuth('--trusted-ca-file'), line: 11, column: 7 },
        {
          messageId: 'plaintextUrl',
          message: plaintextUrl('--listen-client-urls', 'http://0.0.0.0:2379'),
          line: 25,
          column: 11,
          endLine: 25,
          endColumn: 51,
        },
      ],
    },
    {
      name: '--client-cert-auth=false: the item is pointed at',
      code: pod(command(...without('--client-cert-auth'), '--client-cert-auth=false')),
      errors: [{ messageId: 'clientCertAuth', message: clientCertAuth('--client-cert-auth=true'), line: 29, column: 11, endLine: 29, endColumn: 35 }],
    },
    {
      name: 'no peer TLS (a single-member cluster from a tutorial)',
      code: pod(command(...without('--peer-', '--listen-peer-urls'))),
      errors: [
        { messageId: 'peerTls', message: peerTls('--peer-cert-file'), line: 11, column: 7 },
        { messageId: 'peerTls', message: peerTls('--peer-client-cert-auth=true'), line: 11, column: 7 },
        { messageId: 'peerTls', message: peerTls('--peer-key-file'), line: 11, column: 7 },
        { messageId: 'peerTls', message: peerTls('--peer-trusted-ca-file'), line: 11, column: 7 },
      ],
    },
    {
      name: 'auto TLS in args: --auto-tls=true and a bare --peer-auto-tls',
      code: pod(command(...kubeadm) + args('--auto-tls=true', '--peer-auto-tls')),
      errors: [
        { messageId: 'autoTls', message: autoTls('--auto-tls=true'), line: 31, column: 11, endLine: 31, endColumn: 26 },
        { messageId: 'autoTls', message: autoTls('--peer-auto-tls=true'), line: 32, column: 11 },
      ],
    },
    {
      name: 'an ETCD_ variable turns client certificates off: its value is pointed at; a command flag wins over the env',
      code: pod(
        args(...without('--client-cert-auth', '--peer-client-cert-auth'), '--peer-client-cert-auth=true') +
          `      env:
        - name: ETCD_CLIENT_CERT_AUTH
          value: "false"
        - name: ETCD_PEER_CLIENT_CERT_AUTH
          value: "false"
`,
      ),
      errors: [{ messageId: 'clientCertAuth', message: clientCertAuth('--client-cert-auth=true'), line: 30, column: 18, endLine: 30, endColumn: 25 }],
    },
    {
      name: 'peer URLs in the --flag value form, plain HTTP',
      code: pod(command(...without('--listen-peer-urls')) + args('--listen-peer-urls', 'http://10.0.0.10:2380')),
      errors: [{ messageId: 'plaintextUrl', message: plaintextUrl('--listen-peer-urls', 'http://10.0.0.10:2380'), line: 31, column: 11 }],
    },
    {
      name: 'shape-hostile args do not hide missing flags',
      code: pod(command(...without('--cert-file')) + args('1', 'null')),
      errors: [{ messageId: 'clientTls', message: clientTls('--cert-file'), line: 11, column: 7 }],
    },
  ],
} satisfies CheckCases;

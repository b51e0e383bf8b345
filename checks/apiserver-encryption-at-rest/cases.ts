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

const missing =
  'Pod "kube-apiserver" container "kube-apiserver" runs kube-apiserver without --encryption-provider-config: Secrets are stored in etcd in plain text; add --encryption-provider-config with an EncryptionConfiguration';

export default {
  valid: [
    { name: '--encryption-provider-config=... in command', code: pod(command('--encryption-provider-config=/etc/kubernetes/enc/encryption-config.yaml')) },
    { name: '--flag value form in args', code: pod(command() + args('--encryption-provider-config', '/etc/kubernetes/enc/config.yaml')) },
    {
      name: 'a full path to the binary',
      code: pod(command().replace('- kube-apiserver', '- /usr/local/bin/kube-apiserver') + args('--encryption-provider-config=/enc.yaml')),
    },
    { name: 'shape-hostile: command is a string', code: pod('      command: "x"\n') },
    { name: 'shape-hostile: args hold a number and null', code: pod(command() + args('1', 'null', '--encryption-provider-config=/enc.yaml')) },
  ],
  invalid: [
    {
      name: 'missing flag: reported on the command key',
      code: pod(command('--authorization-mode=Node,RBAC')),
      errors: [{ messageId: 'missing', message: missing, line: 11, column: 7, endLine: 11, endColumn: 14 }],
    },
    {
      name: 'an empty value, last in args, wins over the command',
      code: pod(command('--encryption-provider-config=/enc.yaml') + args('--encryption-provider-config=')),
      errors: [{ messageId: 'missing', message: missing, line: 15, column: 11, endLine: 15, endColumn: 40 }],
    },
    {
      name: 'an init container that runs kube-apiserver is checked too',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: kube-apiserver
spec:
  initContainers:
    - name: migrate
      image: registry.k8s.io/kube-apiserver:v1.31.2
      args: ["--authorization-mode=RBAC"]
  containers:
    - name: pause
      image: registry.k8s.io/pause:3.10
`,
      errors: [
        {
          messageId: 'missing',
          message:
            'Pod "kube-apiserver" init container "migrate" runs kube-apiserver without --encryption-provider-config: Secrets are stored in etcd in plain text; add --encryption-provider-config with an EncryptionConfiguration',
          line: 9,
          column: 7,
        },
      ],
    },
    {
      name: 'an empty command runs the image entrypoint: args are read, the command key is pointed at',
      code: pod('      command: []\n' + args('--authorization-mode=Node,RBAC')),
      errors: [{ messageId: 'missing', message: missing, line: 11, column: 7, endLine: 11, endColumn: 14 }],
    },
    {
      name: 'shape-hostile args do not hide a missing flag',
      code: pod(command() + args('1', 'null')),
      errors: [{ messageId: 'missing', message: missing, line: 11, column: 7 }],
    },
  ],
} satisfies CheckCases;

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

const who = 'Pod "kube-apiserver" container "kube-apiserver"';

export default {
  valid: [
    { name: 'kubeadm: --authorization-mode=Node,RBAC', code: pod(command('--advertise-address=10.0.0.10', '--authorization-mode=Node,RBAC')) },
    { name: '--flag value form in args', code: pod(command() + args('--authorization-mode', 'RBAC')) },
    {
      name: 'the last occurrence wins: args after command',
      code: pod(command('--authorization-mode=AlwaysAllow') + args('--authorization-mode=Node,RBAC')),
    },
    { name: '--authorization-config replaces --authorization-mode', code: pod(command('--authorization-config=/etc/kubernetes/authz.yaml')) },
    {
      name: 'a shell command is not read (kubeward cannot see the flags)',
      code: pod(`      command: ["/bin/sh", "-c", "exec kube-apiserver --authorization-mode=AlwaysAllow"]\n`),
    },
    { name: 'other containers are not kube-apiserver', code: pod('').replace('registry.k8s.io/kube-apiserver:v1.31.2', 'nginx:1.27') },
    { name: 'shape-hostile: command is a string', code: pod('      command: "x"\n') },
    { name: 'shape-hostile: args hold a number and null', code: pod(command() + args('1', 'null', '--authorization-mode=RBAC')) },
  ],
  invalid: [
    {
      name: 'missing flag: reported on the command key',
      code: pod(command('--advertise-address=10.0.0.10')),
      errors: [
        {
          messageId: 'missing',
          message: `${who} runs kube-apiserver without --authorization-mode, which defaults to AlwaysAllow: every authenticated request is allowed; add --authorization-mode=Node,RBAC`,
          line: 11,
          column: 7,
          endLine: 11,
          endColumn: 14,
        },
      ],
    },
    {
      name: '--flag=value with AlwaysAllow: the item is pointed at',
      code: pod(command('--advertise-address=10.0.0.10', '--authorization-mode=AlwaysAllow')),
      errors: [
        {
          messageId: 'alwaysAllow',
          message: `${who} runs kube-apiserver with --authorization-mode=AlwaysAllow: AlwaysAllow allows every authenticated request; use --authorization-mode=Node,RBAC`,
          line: 14,
          column: 11,
          endLine: 14,
          endColumn: 43,
        },
      ],
    },
    {
      name: '--flag value in args without RBAC: the value item is pointed at',
      code: pod(command('--advertise-address=10.0.0.10') + args('--authorization-mode', 'Node,ABAC')),
      errors: [
        {
          messageId: 'noRbac',
          message: `${who} runs kube-apiserver with --authorization-mode=Node,ABAC, which lacks RBAC; use --authorization-mode=Node,RBAC`,
          line: 16,
          column: 11,
          endLine: 16,
          endColumn: 20,
        },
      ],
    },
    {
      name: 'the last occurrence wins: a good command overridden by args',
      code: pod(command('--authorization-mode=Node,RBAC') + args('--authorization-mode=Node,AlwaysAllow')),
      errors: [
        {
          messageId: 'alwaysAllow',
          message: `${who} runs kube-apiserver with --authorization-mode=Node,AlwaysAllow: AlwaysAllow allows every authenticated request; use --authorization-mode=Node,RBAC`,
          line: 15,
          column: 11,
        },
      ],
    },
    {
      name: 'image entrypoint, no command: a missing flag is reported on args',
      code: pod(args('--advertise-address=10.0.0.10')),
      errors: [
        {
          messageId: 'missing',
          message: `${who} runs kube-apiserver without --authorization-mode, which defaults to AlwaysAllow: every authenticated request is allowed; add --authorization-mode=Node,RBAC`,
          line: 11,
          column: 7,
          endLine: 11,
          endColumn: 11,
        },
      ],
    },
    {
      name: 'hyperkube in a Deployment, command as a flow sequence',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: apiserver
spec:
  template:
    spec:
      containers:
        - name: api
          image: example.com/hyperkube:v1.18.0
          command: ["/hyperkube", "kube-apiserver", "--authorization-mode=AlwaysAllow"]
`,
      errors: [
        {
          messageId: 'alwaysAllow',
          message:
            'Deployment "apiserver" container "api" runs kube-apiserver with --authorization-mode=AlwaysAllow: AlwaysAllow allows every authenticated request; use --authorization-mode=Node,RBAC',
          line: 11,
          column: 53,
          endLine: 11,
          endColumn: 87,
        },
      ],
    },
    {
      name: 'shape-hostile args do not hide a missing flag',
      code: pod(command() + args('1', 'null')),
      errors: [
        {
          messageId: 'missing',
          message: `${who} runs kube-apiserver without --authorization-mode, which defaults to AlwaysAllow: every authenticated request is allowed; add --authorization-mode=Node,RBAC`,
          line: 11,
          column: 7,
        },
      ],
    },
  ],
} satisfies CheckCases;

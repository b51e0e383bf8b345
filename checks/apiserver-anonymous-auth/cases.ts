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
    { name: '--anonymous-auth=false in command', code: pod(command('--advertise-address=10.0.0.10', '--anonymous-auth=false')) },
    { name: '--anonymous-auth=False in args (Go reads every ParseBool spelling)', code: pod(command() + args('--anonymous-auth=False')) },
    { name: 'the last occurrence wins', code: pod(command('--anonymous-auth=true') + args('--anonymous-auth=false')) },
    {
      name: 'anonymous access configured by --authentication-config',
      code: pod(command('--authentication-config=/etc/kubernetes/authn.yaml')),
    },
    { name: 'a shell command is not read', code: pod(`      command: ["sh", "-c", "kube-apiserver"]\n`) },
    { name: 'shape-hostile: command is a string', code: pod('      command: "x"\n') },
    { name: 'shape-hostile: args hold a number and null', code: pod(command() + args('1', 'null', '--anonymous-auth=0')) },
  ],
  invalid: [
    {
      name: 'missing flag: reported on the command key',
      code: pod(command('--advertise-address=10.0.0.10', '--authorization-mode=Node,RBAC')),
      errors: [
        {
          messageId: 'missing',
          message: `${who} runs kube-apiserver without --anonymous-auth=false: anonymous requests are allowed by default (as system:anonymous); add --anonymous-auth=false`,
          line: 11,
          column: 7,
          endLine: 11,
          endColumn: 14,
        },
      ],
    },
    {
      name: '--anonymous-auth=true: the item is pointed at',
      code: pod(command('--anonymous-auth=true')),
      errors: [
        {
          messageId: 'enabled',
          message: `${who} runs kube-apiserver with --anonymous-auth=true: anonymous requests are allowed; set --anonymous-auth=false`,
          line: 13,
          column: 11,
          endLine: 13,
          endColumn: 32,
        },
      ],
    },
    {
      name: 'a bare --anonymous-auth in args is true',
      code: pod(command('--authorization-mode=Node,RBAC') + args('--anonymous-auth')),
      errors: [
        {
          messageId: 'enabled',
          message: `${who} runs kube-apiserver with --anonymous-auth=true: anonymous requests are allowed; set --anonymous-auth=false`,
          line: 15,
          column: 11,
        },
      ],
    },
    {
      name: '"--anonymous-auth false" (space form) leaves it on: the flag item is pointed at',
      code: pod(command('--anonymous-auth', '"false"')),
      errors: [
        {
          messageId: 'strayValue',
          message: `${who} writes "--anonymous-auth false": a boolean flag takes its value only after "=", so anonymous auth stays on (and kube-apiserver refuses the stray argument); write --anonymous-auth=false`,
          line: 13,
          column: 11,
          endLine: 13,
          endColumn: 27,
        },
      ],
    },
    {
      name: 'the last occurrence wins: args turn it back on',
      code: pod(command('--anonymous-auth=false') + args('--anonymous-auth=true')),
      errors: [
        {
          messageId: 'enabled',
          message: `${who} runs kube-apiserver with --anonymous-auth=true: anonymous requests are allowed; set --anonymous-auth=false`,
          line: 15,
          column: 11,
        },
      ],
    },
    {
      name: 'shape-hostile args do not hide a missing flag',
      code: pod(command() + args('1', 'null')),
      errors: [
        {
          messageId: 'missing',
          message: `${who} runs kube-apiserver without --anonymous-auth=false: anonymous requests are allowed by default (as system:anonymous); add --anonymous-auth=false`,
          line: 11,
          column: 7,
        },
      ],
    },
  ],
} satisfies CheckCases;

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
const noBackend = `${who} runs kube-apiserver without an audit log backend: set --audit-log-path (a file, or "-" for stdout) or --audit-webhook-config-file`;
const noPolicy = `${who} runs kube-apiserver without --audit-policy-file: without a policy nothing is audited; set --audit-policy-file to an audit Policy`;

export default {
  valid: [
    {
      name: 'policy file and log path',
      code: pod(command('--audit-policy-file=/etc/kubernetes/audit-policy.yaml', '--audit-log-path=/var/log/kubernetes/audit/audit.log')),
    },
    {
      name: '--flag value form, log to stdout ("-")',
      code: pod(command() + args('--audit-policy-file', '/etc/kubernetes/audit.yaml', '--audit-log-path', '-')),
    },
    {
      name: 'a webhook backend instead of a log file',
      code: pod(command('--audit-policy-file=/etc/kubernetes/audit.yaml', '--audit-webhook-config-file=/etc/kubernetes/audit-webhook.kubeconfig')),
    },
    { name: 'shape-hostile: command is a string', code: pod('      command: "x"\n') },
    {
      name: 'shape-hostile: args hold a number and null',
      code: pod(command('--audit-policy-file=/etc/kubernetes/audit.yaml') + args('1', 'null', '--audit-log-path=/var/log/audit.log')),
    },
  ],
  invalid: [
    {
      name: 'neither flag: both reported on the command key',
      code: pod(command('--authorization-mode=Node,RBAC')),
      errors: [
        // Same position: sorted by message.
        { messageId: 'noPolicy', message: noPolicy, line: 11, column: 7, endLine: 11, endColumn: 14 },
        { messageId: 'noBackend', message: noBackend, line: 11, column: 7, endLine: 11, endColumn: 14 },
      ],
    },
    {
      name: 'log path in args (space form) but no policy',
      code: pod(command('--authorization-mode=Node,RBAC') + args('--audit-log-path', '/var/log/audit.log')),
      errors: [{ messageId: 'noPolicy', message: noPolicy, line: 11, column: 7 }],
    },
    {
      name: 'an empty --audit-log-path turns the log off: the item is pointed at',
      code: pod(command('--audit-policy-file=/etc/kubernetes/audit.yaml', '--audit-log-path=')),
      errors: [{ messageId: 'noBackend', message: noBackend, line: 14, column: 11, endLine: 14, endColumn: 28 }],
    },
    {
      name: 'the last occurrence wins: an empty policy file in args',
      code: pod(command('--audit-policy-file=/etc/kubernetes/audit.yaml', '--audit-log-path=/var/log/audit.log') + args("'--audit-policy-file='")),
      errors: [{ messageId: 'noPolicy', message: noPolicy, line: 16, column: 11 }],
    },
    {
      name: 'shape-hostile args do not hide missing flags',
      code: pod(command() + args('1', 'null')),
      errors: [
        { messageId: 'noPolicy', message: noPolicy, line: 11, column: 7 },
        { messageId: 'noBackend', message: noBackend, line: 11, column: 7 },
      ],
    },
  ],
} satisfies CheckCases;

import type { CheckCases } from '../../test/check-tester.js';

/** What kubeadm writes to /var/lib/kubelet/config.yaml (trimmed), with extra lines from line 16. */
const config = (extra = '') => `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
authentication:
  anonymous:
    enabled: false
  webhook:
    cacheTTL: 0s
    enabled: true
  x509:
    clientCAFile: /etc/kubernetes/pki/ca.crt
authorization:
  mode: Webhook
cgroupDriver: systemd
clusterDNS:
  - 10.96.0.10
${extra}`;

const anonymous = (value: string, object = 'KubeletConfiguration') =>
  `${object} sets authentication.anonymous.enabled: ${value}: anyone who reaches the kubelet's port 10250 is served as system:anonymous; set it to false`;
const mode = (value: string, object = 'KubeletConfiguration') =>
  `${object} sets authorization.mode: ${value}: the kubelet does not ask the API server who may use its API (exec, logs, pods); set it to Webhook`;
const port = (value: number, object = 'KubeletConfiguration') =>
  `${object} sets readOnlyPort: ${value}: the kubelet serves pod and node details on that port with no authentication at all; set readOnlyPort: 0`;

export default {
  valid: [
    { name: "kubeadm's KubeletConfiguration", code: config() },
    { name: 'readOnlyPort: 0 closes the port', code: config('readOnlyPort: 0\n') },
    {
      name: 'nothing set: the config file defaults are anonymous off, Webhook, port closed',
      code: 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n',
    },
    {
      name: "a KubeletConfiguration of another API group is not the kubelet's",
      code: 'apiVersion: example.com/v1\nkind: KubeletConfiguration\nreadOnlyPort: 10255\n',
    },
    {
      name: 'shape-hostile: wrong types do not throw',
      code: 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication: "x"\nauthorization: [1, null]\nreadOnlyPort: null\n',
    },
  ],
  invalid: [
    {
      name: 'anonymous auth enabled: the value is pointed at',
      code: config().replace('enabled: false', 'enabled: true'),
      errors: [{ messageId: 'anonymousAuth', message: anonymous('true'), line: 5, column: 14, endLine: 5, endColumn: 18 }],
    },
    {
      name: 'authorization mode AlwaysAllow',
      code: config().replace('mode: Webhook', 'mode: AlwaysAllow'),
      errors: [{ messageId: 'authorizationMode', message: mode('AlwaysAllow'), line: 12, column: 9, endLine: 12, endColumn: 20 }],
    },
    {
      name: 'the read-only port 10255 opened',
      code: config('readOnlyPort: 10255\n'),
      errors: [{ messageId: 'readOnlyPort', message: port(10255), line: 16, column: 15, endLine: 16, endColumn: 20 }],
    },
    {
      name: "an old tutorial's config: everything open, named object",
      code: `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
metadata:
  name: worker
authentication:
  anonymous:
    enabled: true
  webhook:
    enabled: false
authorization:
  mode: AlwaysAllow
readOnlyPort: 10255
`,
      errors: [
        { messageId: 'anonymousAuth', message: anonymous('true', 'KubeletConfiguration "worker"'), line: 7, column: 14 },
        { messageId: 'authorizationMode', message: mode('AlwaysAllow', 'KubeletConfiguration "worker"'), line: 11, column: 9 },
        { messageId: 'readOnlyPort', message: port(10255, 'KubeletConfiguration "worker"'), line: 12, column: 15 },
      ],
    },
    {
      name: 'shape-hostile: a quoted port and a string boolean are still read',
      code: 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: "true"\nreadOnlyPort: "10255"\n',
      errors: [
        { messageId: 'anonymousAuth', message: anonymous('true'), line: 5, column: 14 },
        { messageId: 'readOnlyPort', message: port(10255), line: 6, column: 15 },
      ],
    },
  ],
} satisfies CheckCases;

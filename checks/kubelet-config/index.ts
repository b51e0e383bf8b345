import { get } from '../../src/k8s/index.js';
import type { Check, Finding } from '../../src/check-api.js';
import { configObjectLabel } from '../_lib/labels.js';

const check: Check = {
  meta: {
    id: 'kubelet-config',
    description: 'A KubeletConfiguration must refuse anonymous requests, authorize with Webhook, and keep the unauthenticated read-only port (10255) closed.',
    severity: 'error',
    kinds: ['KubeletConfiguration'],
    apiGroups: ['kubelet.config.k8s.io'],
    scope: 'object',
    guideline:
      'NSA/CISA Kubernetes Hardening Guide: protect the kubelet (authentication, authorization, no read-only port); CIS Kubernetes Benchmark 4.2.1-4.2.4',
    messages: {
      anonymousAuth:
        "{{object}} sets authentication.anonymous.enabled: {{value}}: anyone who reaches the kubelet's port 10250 is served as system:anonymous; set it to false",
      authorizationMode:
        '{{object}} sets authorization.mode: {{value}}: the kubelet does not ask the API server who may use its API (exec, logs, pods); set it to Webhook',
      readOnlyPort:
        '{{object}} sets readOnlyPort: {{value}}: the kubelet serves pod and node details on that port with no authentication at all; set readOnlyPort: 0',
    },
    remediation:
      "In the KubeletConfiguration, set authentication.anonymous.enabled: false, authentication.webhook.enabled: true, authorization.mode: Webhook and readOnlyPort: 0 (or leave them unset: those are the config file's defaults).",
  },
  *check(resource) {
    const object = resource.object;
    const label = configObjectLabel(resource);
    const anonymous = get(object, ['authentication', 'anonymous', 'enabled']);
    // Unset means false in the config file (kubelet.config.k8s.io/v1beta1 defaults); the --anonymous-auth flag's default is true.
    if (anonymous !== undefined && anonymous !== null && anonymous !== false) {
      yield { messageId: 'anonymousAuth', data: { ...label, value: String(anonymous) }, path: ['authentication', 'anonymous', 'enabled'] } satisfies Finding;
    }
    const mode = get(object, ['authorization', 'mode']);
    // Unset (or empty) means Webhook in the config file; the --authorization-mode flag's default is AlwaysAllow.
    if (mode !== undefined && mode !== null && mode !== '' && mode !== 'Webhook') {
      yield { messageId: 'authorizationMode', data: { ...label, value: String(mode) }, path: ['authorization', 'mode'] };
    }
    const port = get(object, ['readOnlyPort']);
    // Unset means 0 (closed) in the config file; the --read-only-port flag's default is 10255.
    const portNumber = typeof port === 'number' ? port : typeof port === 'string' && /^\s*\d+\s*$/.test(port) ? Number(port) : undefined;
    if (portNumber !== undefined && portNumber !== 0) {
      yield { messageId: 'readOnlyPort', data: { ...label, value: portNumber }, path: ['readOnlyPort'] };
    }
  },
};

export default check;

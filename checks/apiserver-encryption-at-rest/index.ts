import { WORKLOAD_KINDS } from '../../src/k8s/index.js';
import type { Check, Finding } from '../../src/check-api.js';
import { processesOf, setFlag } from '../_lib/static-pod.js';

const check: Check = {
  meta: {
    id: 'apiserver-encryption-at-rest',
    description: 'kube-apiserver must encrypt Secrets in etcd: --encryption-provider-config names an EncryptionConfiguration.',
    severity: 'error',
    kinds: WORKLOAD_KINDS,
    scope: 'object',
    guideline:
      'NSA/CISA Kubernetes Hardening Guide: encrypt etcd data at rest (Secrets); CIS Kubernetes Benchmark 1.2.x: --encryption-provider-config is set',
    messages: {
      missing:
        '{{object}} {{container}} runs kube-apiserver without --encryption-provider-config: Secrets are stored in etcd in plain text; add --encryption-provider-config with an EncryptionConfiguration',
    },
    remediation:
      'Write an EncryptionConfiguration whose first provider for secrets is aescbc, aesgcm, secretbox or kms (not identity), mount it into the pod, and pass it with --encryption-provider-config; then rewrite existing Secrets so they are encrypted.',
  },
  *check(resource) {
    for (const p of processesOf(resource.object, 'kube-apiserver')) {
      if (setFlag(p, 'encryption-provider-config')) continue;
      const empty = p.flags.get('encryption-provider-config');
      const data = { container: p.label };
      yield (
        empty ? { messageId: 'missing', data, path: empty.path } : { messageId: 'missing', data, path: p.missingPath, pointAt: 'key' }
      ) satisfies Finding;
    }
  },
};

export default check;

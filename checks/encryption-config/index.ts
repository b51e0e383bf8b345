import { isRecord } from '../../src/k8s/index.js';
import type { Check, Finding } from '../../src/check-api.js';
import { configObjectLabel } from '../_lib/labels.js';

/** `secrets` (core group), `*.` (every core resource) and `*.*` (everything) cover Secrets. */
const COVERS_SECRETS = new Set(['secrets', '*.', '*.*']);

const check: Check = {
  meta: {
    id: 'encryption-config',
    description: 'An EncryptionConfiguration must cover secrets, and the first provider for them must encrypt (identity first stores them in plain text).',
    severity: 'error',
    kinds: ['EncryptionConfiguration'],
    apiGroups: ['apiserver.config.k8s.io'],
    scope: 'object',
    guideline:
      'NSA/CISA Kubernetes Hardening Guide: encrypt etcd data at rest (Secrets); CIS Kubernetes Benchmark 1.2.x: encryption providers are appropriately configured',
    messages: {
      identityFirst:
        '{{object}} lists identity first for {{resources}}: the API server writes Secrets to etcd unencrypted; put aescbc, aesgcm, secretbox or kms first and keep identity last (only to read old data)',
      secretsNotCovered:
        '{{object}} has no resource list that covers secrets (secrets, *. or *.*): Secrets are stored unencrypted; add an entry for secrets with an encrypting provider first',
    },
    remediation:
      'Add a resources entry whose resources include secrets and whose first provider is kms (v2), aescbc, aesgcm or secretbox; keep identity only as the last provider while old data is rewritten.',
  },
  *check(resource) {
    const label = configObjectLabel(resource);
    const lists = resource.object.resources;
    if (Array.isArray(lists)) {
      // Resource lists are processed in order; the first one that covers secrets decides.
      for (let i = 0; i < lists.length; i++) {
        const entry = lists[i];
        if (!isRecord(entry) || !Array.isArray(entry.resources)) continue;
        const covering = entry.resources.filter((r: unknown) => typeof r === 'string' && COVERS_SECRETS.has(r.trim().toLowerCase()));
        if (covering.length === 0) continue;
        const first = Array.isArray(entry.providers) ? entry.providers[0] : undefined;
        if (isRecord(first) && 'identity' in first) {
          yield {
            messageId: 'identityFirst',
            data: { ...label, resources: covering.join(', ') },
            path: ['resources', i, 'providers', 0, 'identity'],
            pointAt: 'key',
          } satisfies Finding;
        }
        return;
      }
    }
    yield { messageId: 'secretsNotCovered', data: label, path: ['resources'], pointAt: 'key' };
  },
};

export default check;

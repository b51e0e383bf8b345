import { isRecord } from '../../src/k8s/index.js';
import type { Check, Finding } from '../../src/check-api.js';
import { configObjectLabel } from '../_lib/labels.js';

/** Fields that narrow what a rule matches; a rule with none of them matches every request. */
const SELECTORS = ['users', 'userGroups', 'verbs', 'resources', 'namespaces', 'nonResourceURLs'];

function matchesEverything(rule: Record<string, unknown>): boolean {
  return SELECTORS.every(
    (field) => rule[field] === undefined || rule[field] === null || (Array.isArray(rule[field]) && (rule[field] as unknown[]).length === 0),
  );
}

const check: Check = {
  meta: {
    id: 'audit-policy',
    description: 'An audit Policy must log something: at least one rule with a level other than None that a request can reach.',
    severity: 'error',
    kinds: ['Policy'],
    apiGroups: ['audit.k8s.io'],
    scope: 'object',
    guideline: 'NSA/CISA Kubernetes Hardening Guide: audit logging; CIS Kubernetes Benchmark 3.2.2: the audit policy covers key security concerns',
    messages: {
      noRules: '{{object}} has no rules: the API server logs nothing; add rules, ending with a catch-all rule at level Metadata',
      onlyNone: '{{object}} sets level: None on every rule: the API server logs nothing; log at least Metadata for the requests that matter',
      catchAllNone:
        '{{object}} rule {{index}} matches every request with level: None before any rule logs: rules are applied in order, so nothing is logged; move it last or narrow it',
    },
    remediation:
      'Write rules from the most specific to the least: level None only for noisy, harmless requests (health checks, kube-proxy watches), Metadata for Secrets and ConfigMaps, Request or RequestResponse where needed, and a final catch-all at Metadata.',
  },
  *check(resource) {
    const label = configObjectLabel(resource, 'audit Policy');
    const rules = Array.isArray(resource.object.rules) ? resource.object.rules : [];
    if (!rules.some(isRecord)) {
      yield { messageId: 'noRules', data: label, path: ['rules'], pointAt: 'key' } satisfies Finding;
      return;
    }
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i];
      if (!isRecord(rule)) continue;
      if (rule.level !== 'None') return; // a rule that logs comes first: something is logged
      if (matchesEverything(rule)) {
        yield { messageId: 'catchAllNone', data: { ...label, index: i + 1 }, path: ['rules', i, 'level'] };
        return;
      }
    }
    yield { messageId: 'onlyNone', data: label, path: ['rules'], pointAt: 'key' };
  },
};

export default check;

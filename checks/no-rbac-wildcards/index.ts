import type { Check, Finding } from '../../src/check-api.js';
import { rulesOf, stringsOf } from '../_lib/rbac.js';

const FIELDS = ['apiGroups', 'resources', 'verbs'] as const;

function meaning(field: (typeof FIELDS)[number], value: string): string {
  if (field === 'verbs') return 'every verb, escalate, bind and impersonate included';
  if (field === 'apiGroups') return 'every API group, including groups added later';
  if (value === '*') return 'every resource, Secrets and resources added later included';
  return `the ${value.slice(2)} subresource of every resource`;
}

const check: Check = {
  meta: {
    id: 'no-rbac-wildcards',
    description: 'Role and ClusterRole rules name their verbs, resources and API groups instead of using "*".',
    severity: 'error',
    kinds: ['Role', 'ClusterRole'],
    scope: 'object',
    guideline:
      'NSA/CISA Kubernetes Hardening Guide: least privilege with RBAC; CIS Kubernetes Benchmark 5.1.3: minimize wildcard use in Roles and ClusterRoles',
    messages: {
      wildcard: '{{object}} rules[{{rule}}] uses "{{value}}" in {{field}}, granting {{meaning}}: list the exact {{field}} the role needs',
    },
    remediation:
      'Replace "*" with the exact API groups, resources and verbs the role needs (kubectl auth can-i --list or an audit log shows what is used); wildcards also grant whatever is added to the cluster later.',
  },
  *check(resource): Generator<Finding> {
    for (const { rule, index } of rulesOf(resource.object)) {
      for (const field of FIELDS) {
        for (const item of stringsOf(rule[field])) {
          const wild = item.value === '*' || (field === 'resources' && item.value.startsWith('*/'));
          if (!wild) continue;
          yield {
            messageId: 'wildcard',
            data: { rule: index, value: item.value, field, meaning: meaning(field, item.value) },
            path: ['rules', index, field, item.index],
          };
        }
      }
    }
  },
};

export default check;

import type { Check, Finding } from '../../src/check-api.js';
import { rulesOf, stringsOf } from '../_lib/rbac.js';

const READ_VERBS = ['get', 'list', 'watch'];

const check: Check = {
  meta: {
    id: 'no-secret-access',
    description: 'Roles and ClusterRoles do not grant get, list or watch on Secrets.',
    severity: 'warning',
    kinds: ['Role', 'ClusterRole'],
    scope: 'object',
    guideline: 'NSA/CISA Kubernetes Hardening Guide: least privilege with RBAC, protect Secrets; CIS Kubernetes Benchmark 5.1.2: minimize access to secrets',
    messages: {
      readsSecrets:
        '{{object}} rules[{{rule}}] grants {{verbs}} on {{resource}}, so its subjects can read the values of {{secrets}}: remove the read verbs, or mount the Secret into the pod that needs it instead of reading it through the API',
    },
    remediation:
      'Drop get, list and watch on secrets; let pods receive Secrets as mounted volumes or environment variables, and when an API read is unavoidable restrict it with resourceNames to the one Secret needed.',
  },
  *check(resource): Generator<Finding> {
    for (const { rule, index } of rulesOf(resource.object)) {
      const groups = stringsOf(rule.apiGroups).map((g) => g.value);
      if (!groups.includes('') && !groups.includes('*')) continue;
      const verbs = stringsOf(rule.verbs).map((v) => v.value);
      const reads = verbs.includes('*') ? ['"*"'] : READ_VERBS.filter((v) => verbs.includes(v));
      if (reads.length === 0) continue;
      const target = stringsOf(rule.resources).find((r) => r.value === 'secrets' || r.value === '*');
      if (!target) continue;
      const names = stringsOf(rule.resourceNames).map((n) => `"${n.value}"`);
      const where = resource.kind === 'Role' ? `namespace "${resource.namespace ?? 'default'}"` : 'every namespace it is bound in';
      yield {
        messageId: 'readsSecrets',
        data: {
          rule: index,
          verbs: reads.join(', '),
          resource: target.value === '*' ? '"*" (every resource, Secrets included)' : 'secrets',
          secrets: names.length ? `the Secrets ${names.join(', ')} in ${where}` : `every Secret in ${where}`,
        },
        path: ['rules', index, 'resources', target.index],
      };
    }
  },
};

export default check;

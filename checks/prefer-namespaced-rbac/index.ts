import { isRecord } from '../../src/k8s/index.js';
import type { Check, Finding, ResourceIndex } from '../../src/check-api.js';
import { rbacResourceScope } from '../../src/resources/index.js';
import { rulesOf, stringsOf, subjectLabel, subjectsOf } from '../_lib/rbac.js';

/** Built-in user-facing ClusterRoles that Kubernetes documents as meant for RoleBindings within a namespace. */
const NAMESPACE_ROLES = new Set(['admin', 'edit', 'view']);

/**
 * Whether every rule of a ClusterRole touches only namespaced resources, so RoleBindings could serve it.
 * False when it cannot be told (a wildcard, a non-resource URL, an aggregated role, an unknown custom resource).
 */
function namespacedOnly(role: Record<string, any>, index: ResourceIndex): boolean {
  if (role.aggregationRule !== undefined && role.aggregationRule !== null) return false;
  const rules = rulesOf(role);
  if (rules.length === 0) return false;
  for (const { rule } of rules) {
    if (Array.isArray(rule.nonResourceURLs) && rule.nonResourceURLs.length > 0) return false;
    const groups = stringsOf(rule.apiGroups).map((g) => g.value);
    const resources = stringsOf(rule.resources).map((r) => r.value);
    if (groups.length === 0 || resources.length === 0) return false;
    // A rule grants every group × resource pair; pairs that exist nowhere (core "widgets") grant nothing. Each
    // resource must be known as namespaced in some listed group and as cluster-scoped in none.
    for (const res of resources) {
      const scopes = groups.map((group) => rbacResourceScope(group, res, index));
      if (scopes.includes('cluster') || !scopes.includes('namespaced')) return false;
    }
  }
  return true;
}

const check: Check = {
  meta: {
    id: 'prefer-namespaced-rbac',
    description:
      'A ClusterRoleBinding does not grant people or ServiceAccounts a ClusterRole that only covers namespaced resources (RoleBindings in the namespaces that need it would do).',
    severity: 'warning',
    kinds: ['ClusterRoleBinding'],
    scope: 'repository',
    reads: ['ClusterRole', 'CustomResourceDefinition'],
    guideline:
      'NSA/CISA Kubernetes Hardening Guide: least privilege with RBAC (prefer namespaced Roles and RoleBindings); CIS Kubernetes Benchmark 5.1: RBAC',
    messages: {
      preferRoleBinding:
        '{{object}} grants ClusterRole "{{role}}" in every namespace to {{subjects}}, but the role only covers namespaced resources: bind it with a RoleBinding in each namespace that needs it instead',
    },
    remediation:
      'Replace the ClusterRoleBinding with one RoleBinding per namespace the subjects work in (a RoleBinding may reference a ClusterRole), so a leaked credential reaches only those namespaces.',
  },
  *check(resource, context): Generator<Finding> {
    const roleRef = resource.object.roleRef;
    if (!isRecord(roleRef) || roleRef.kind !== 'ClusterRole' || typeof roleRef.name !== 'string') return;
    const role = context.index.find('ClusterRole', undefined, roleRef.name);
    const servable = role ? namespacedOnly(role.object, context.index) : NAMESPACE_ROLES.has(roleRef.name);
    if (!servable) return;
    const subjects = subjectsOf(resource.object).filter((s) => {
      if (s.kind === 'ServiceAccount') return s.namespace !== 'kube-system';
      return (s.kind === 'User' || s.kind === 'Group') && typeof s.name === 'string' && !s.name.startsWith('system:');
    });
    if (subjects.length === 0) return;
    yield {
      messageId: 'preferRoleBinding',
      data: { role: roleRef.name, subjects: subjects.map((s) => subjectLabel(s, undefined)).join(', ') },
      path: ['roleRef', 'name'],
    };
  },
};

export default check;

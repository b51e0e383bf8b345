import { isRecord, podSpecOf, WORKLOAD_KINDS } from '../../src/k8s/index.js';
import type { Check, Finding, Resource } from '../../src/check-api.js';

/** The role a binding grants, for messages: `ClusterRole "view"`. */
function roleText(binding: Resource): string {
  const roleRef = binding.object.roleRef;
  if (!isRecord(roleRef)) return 'its role';
  const kind = typeof roleRef.kind === 'string' ? roleRef.kind : 'role';
  return typeof roleRef.name === 'string' ? `${kind} "${roleRef.name}"` : 'its role';
}

/** Findings of a binding whose subjects include a namespace's default ServiceAccount (or every ServiceAccount). */
function* bindingFindings(binding: Resource): Generator<Finding> {
  const role = roleText(binding);
  const own = binding.kind === 'RoleBinding' ? (binding.namespace ?? 'default') : undefined;
  const subjects: unknown[] = Array.isArray(binding.object.subjects) ? binding.object.subjects : [];
  for (const [i, subject] of subjects.entries()) {
    if (!isRecord(subject) || typeof subject.name !== 'string') continue;
    const path = ['subjects', i, 'name'];
    if (subject.kind === 'ServiceAccount' && subject.name === 'default') {
      const namespace = typeof subject.namespace === 'string' && subject.namespace ? subject.namespace : own;
      // A ClusterRoleBinding's ServiceAccount subject without a namespace is refused by the API server.
      if (namespace !== undefined) yield { messageId: 'boundDefault', data: { role, subject: `ServiceAccount "${namespace}/default"`, namespace }, path };
      continue;
    }
    // The same account by its user name, as the API server authenticates it.
    const user = subject.kind === 'User' ? /^system:serviceaccount:([^:]+):default$/.exec(subject.name) : null;
    if (user) {
      yield { messageId: 'boundDefault', data: { role, subject: `User "${subject.name}"`, namespace: user[1] }, path };
      continue;
    }
    const group = subject.kind === 'Group' ? /^system:serviceaccounts(?::([^:]+))?$/.exec(subject.name) : null;
    if (group) {
      const which = group[1] ? `of namespace "${group[1]}"` : 'of every namespace';
      yield { messageId: 'boundAllServiceAccounts', data: { role, subject: `Group "${subject.name}"`, which }, path };
    }
  }
}

const check: Check = {
  meta: {
    id: 'no-default-service-account',
    description:
      "Pods run as their own ServiceAccount, not the namespace's default one; the default ServiceAccount mounts no token and no binding grants it a role.",
    severity: 'warning',
    kinds: [...WORKLOAD_KINDS, 'ServiceAccount', 'RoleBinding', 'ClusterRoleBinding'],
    scope: 'object',
    guideline:
      'NSA/CISA Kubernetes Hardening Guide: create a service account per workload and disable default service account tokens; CIS Kubernetes Benchmark 5.1.5 (default service accounts are not actively used)',
    messages: {
      implicitDefault:
        "{{object}} runs as its namespace's default ServiceAccount (no serviceAccountName): every role bound to default applies to it; create a ServiceAccount for this workload and set serviceAccountName",
      explicitDefault:
        '{{object}} sets {{field}}: default: every role bound to default applies to it; create a ServiceAccount for this workload and name it here',
      defaultAutomounts:
        '{{object}} of namespace "{{namespace}}" {{setting}}, so every pod there that names no ServiceAccount gets a Kubernetes API token; set automountServiceAccountToken: false on it',
      boundDefault:
        '{{object}} grants {{role}} to {{subject}}, the default ServiceAccount of namespace "{{namespace}}": every pod there that names no ServiceAccount gets it; create a ServiceAccount for the workload that needs the role and bind that one',
      boundAllServiceAccounts:
        '{{object}} grants {{role}} to {{subject}}, every ServiceAccount {{which}}, the default ones included: every pod there gets it; bind the ServiceAccounts of the workloads that need the role instead',
    },
    remediation:
      "Create a ServiceAccount per workload (with automountServiceAccountToken: false unless it calls the API), set the pod spec serviceAccountName to it, set automountServiceAccountToken: false on each namespace's default ServiceAccount, and bind no role to it.",
  },
  *check(resource) {
    if (resource.kind === 'ServiceAccount') {
      if (resource.name !== 'default' || resource.apiVersion !== 'v1') return;
      const value = resource.object.automountServiceAccountToken;
      if (value === false) return;
      const setting =
        value === undefined || value === null
          ? 'leaves automountServiceAccountToken unset (true)'
          : `sets automountServiceAccountToken: ${JSON.stringify(value)}`;
      const path = value === undefined || value === null ? ['metadata', 'name'] : ['automountServiceAccountToken'];
      yield { messageId: 'defaultAutomounts', data: { namespace: resource.namespace ?? 'default', setting }, path };
      return;
    }
    if (resource.kind === 'RoleBinding' || resource.kind === 'ClusterRoleBinding') {
      yield* bindingFindings(resource);
      return;
    }
    const pod = podSpecOf(resource.object);
    if (!pod) return;
    // serviceAccountName wins; the deprecated serviceAccount is used when it is empty.
    for (const field of ['serviceAccountName', 'serviceAccount'] as const) {
      const value = pod.spec[field];
      if (typeof value !== 'string' || value === '') continue;
      if (value === 'default') yield { messageId: 'explicitDefault', data: { field }, path: [...pod.path, field] };
      return;
    }
    yield { messageId: 'implicitDefault', path: [...pod.path, 'serviceAccountName'] };
  },
};

export default check;

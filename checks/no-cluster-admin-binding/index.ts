import { isRecord } from '../../src/k8s/index.js';
import type { Check, Finding } from '../../src/check-api.js';
import { subjectsOf, subjectsText } from '../_lib/rbac.js';

const check: Check = {
  meta: {
    id: 'no-cluster-admin-binding',
    description: 'No ClusterRoleBinding or RoleBinding grants the cluster-admin ClusterRole.',
    severity: 'error',
    kinds: ['ClusterRoleBinding', 'RoleBinding'],
    scope: 'object',
    guideline:
      'NSA/CISA Kubernetes Hardening Guide: least privilege with RBAC; CIS Kubernetes Benchmark 5.1.1: ensure that the cluster-admin role is only used where required',
    messages: {
      clusterAdmin:
        '{{object}} grants cluster-admin to {{subjects}}: full control of every object in every namespace, Secrets and RBAC included. Bind a ClusterRole that lists only the verbs and resources they need',
      clusterAdminInNamespace:
        '{{object}} grants cluster-admin in namespace "{{namespace}}" to {{subjects}}: full control of every object in it, Secrets and RBAC included. Bind the built-in "edit" or "view" ClusterRole, or a Role that lists only what they need',
    },
    remediation:
      'Replace roleRef cluster-admin with a role that lists only the verbs and resources the subjects need (the built-in edit or view ClusterRoles, or your own Role); keep cluster-admin for break-glass access outside the repository.',
  },
  *check(resource): Generator<Finding> {
    const roleRef = resource.object.roleRef;
    if (!isRecord(roleRef) || roleRef.name !== 'cluster-admin' || roleRef.kind === 'Role') return;
    const subjects = subjectsText(subjectsOf(resource.object), resource.namespace);
    if (resource.kind === 'ClusterRoleBinding') {
      yield { messageId: 'clusterAdmin', data: { subjects }, path: ['roleRef', 'name'] };
    } else {
      yield { messageId: 'clusterAdminInNamespace', data: { subjects, namespace: resource.namespace ?? 'default' }, path: ['roleRef', 'name'] };
    }
  },
};

export default check;

import type { CheckCases } from '../../test/check-tester.js';

const binding = (kind: string, roleKind: string, role: string, subjects: string) => `apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata:
  name: deployers
${kind === 'RoleBinding' ? '  namespace: ci\n' : ''}roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ${roleKind}
  name: ${role}
subjects:${subjects}
`;

const sa = '\n  - kind: ServiceAccount\n    name: deployer\n    namespace: ci';

export default {
  valid: [
    { name: 'a ClusterRoleBinding to the view ClusterRole', code: binding('ClusterRoleBinding', 'ClusterRole', 'view', sa) },
    { name: 'a RoleBinding to the edit ClusterRole', code: binding('RoleBinding', 'ClusterRole', 'edit', sa) },
    { name: 'a RoleBinding to a Role that happens to be named cluster-admin', code: binding('RoleBinding', 'Role', 'cluster-admin', sa) },
    {
      name: 'a ClusterRole named cluster-admin is not a binding',
      code: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: cluster-admin\nrules: []\n',
    },
    {
      name: 'shape-hostile: roleRef and subjects of the wrong shape',
      code: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: x\nroleRef: cluster-admin\nsubjects: 7\n',
    },
    {
      name: 'multi-file: a binding in a file that is only read is not reported (a pre-commit hook names the staged files)',
      code: binding('ClusterRoleBinding', 'ClusterRole', 'view', sa),
      files: { 'rbac/admin.yaml': binding('ClusterRoleBinding', 'ClusterRole', 'cluster-admin', sa) },
    },
  ],
  invalid: [
    {
      name: 'a ClusterRoleBinding grants cluster-admin: reported on the role name',
      code: binding(
        'ClusterRoleBinding',
        'ClusterRole',
        'cluster-admin',
        `${sa}\n  - kind: Group\n    name: platform\n    apiGroup: rbac.authorization.k8s.io`,
      ),
      errors: [
        {
          messageId: 'clusterAdmin',
          message:
            'ClusterRoleBinding "deployers" grants cluster-admin to ServiceAccount "ci/deployer", Group "platform": full control of every object in every namespace, Secrets and RBAC included. Bind a ClusterRole that lists only the verbs and resources they need',
          line: 8,
          column: 9,
          endLine: 8,
          endColumn: 22,
        },
      ],
    },
    {
      name: "a RoleBinding grants cluster-admin in its namespace; a ServiceAccount without namespace is the binding's",
      code: binding('RoleBinding', 'ClusterRole', 'cluster-admin', '\n  - kind: ServiceAccount\n    name: builder\n  - kind: User\n    name: alice'),
      errors: [
        {
          messageId: 'clusterAdminInNamespace',
          message:
            'RoleBinding "deployers" grants cluster-admin in namespace "ci" to ServiceAccount "ci/builder", User "alice": full control of every object in it, Secrets and RBAC included. Bind the built-in "edit" or "view" ClusterRole, or a Role that lists only what they need',
          line: 9,
          column: 9,
        },
      ],
    },
    {
      name: 'shape-hostile: subjects that are not objects are left out of the message',
      code: binding('ClusterRoleBinding', 'ClusterRole', 'cluster-admin', ' [oops, 3]'),
      errors: [
        {
          messageId: 'clusterAdmin',
          message:
            'ClusterRoleBinding "deployers" grants cluster-admin to no subject yet: full control of every object in every namespace, Secrets and RBAC included. Bind a ClusterRole that lists only the verbs and resources they need',
          line: 8,
          column: 9,
        },
      ],
    },
  ],
} satisfies CheckCases;

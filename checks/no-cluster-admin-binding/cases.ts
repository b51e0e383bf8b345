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

/** A ClusterRole or Role (of namespace ci) with `rules` as flow YAML, one rule a line; `extra` goes after metadata.name. */
const role = (kind: string, name: string, rules: string[], extra = '') => `apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata:
  name: ${name}
${kind === 'Role' ? '  namespace: ci\n' : ''}${extra}rules:
${rules.map((r) => `  - ${r}\n`).join('')}`;

const everything = '{apiGroups: ["*"], resources: ["*"], verbs: ["*"]}';

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
      name: 'roles of the repository that do not grant everything: one group, named verbs, non-resource URLs, a Role of another namespace',
      code: `${binding('ClusterRoleBinding', 'ClusterRole', 'apps-admin', sa)}---\n${role('ClusterRole', 'apps-admin', [
        '{apiGroups: [apps], resources: ["*"], verbs: ["*"]}',
        '{apiGroups: ["*"], resources: ["*"], verbs: [get, list, watch]}',
        '{nonResourceURLs: ["*"], verbs: ["*"]}',
      ])}---\n${binding('RoleBinding', 'Role', 'ops', sa)}`,
      files: { 'other-namespace.yaml': role('Role', 'ops', [everything]).replace('namespace: ci', 'namespace: prod') },
    },
    {
      name: 'a ClusterRoleBinding to a Role is refused by the API server; a role that is not in the repository is not judged',
      code: `${binding('ClusterRoleBinding', 'Role', 'ops', sa)}---\n${role('Role', 'ops', [everything])}---\n${binding('ClusterRoleBinding', 'ClusterRole', 'elsewhere', sa)}`,
    },
    {
      name: 'an aggregated ClusterRole whose selected roles grant less, and an empty selector (refused by the API server)',
      code: `${binding('ClusterRoleBinding', 'ClusterRole', 'aggregate', sa)}---\n${role('ClusterRole', 'aggregate', [], 'aggregationRule:\n  clusterRoleSelectors:\n    - {}\n    - matchLabels: {acme.io/aggregate: "true"}\n').replace('rules:\n', 'rules: []\n')}---\n${role(
        'ClusterRole',
        'part',
        ['{apiGroups: [""], resources: [pods], verbs: ["*"]}'],
        '  labels: {acme.io/aggregate: "true"}\n',
      )}---\n${role('ClusterRole', 'unlabelled', [everything])}`,
    },
    {
      name: "multi-file: two roles of the same name (two installs side by side): the one in the binding's folder is the bound one",
      code: binding('ClusterRoleBinding', 'ClusterRole', 'controller', sa),
      files: {
        'a/install.yaml': role('ClusterRole', 'controller', [everything]),
        'roles.yaml': role('ClusterRole', 'controller', ['{apiGroups: [apps], resources: [deployments], verbs: [get, list, watch]}']),
      },
    },
    {
      name: 'multi-file: a binding in a file that is only read is not reported (a pre-commit hook names the staged files)',
      code: binding('ClusterRoleBinding', 'ClusterRole', 'view', sa),
      files: { 'rbac/admin.yaml': binding('ClusterRoleBinding', 'ClusterRole', 'cluster-admin', sa) },
    },
  ],
  invalid: [
    {
      name: 'a ClusterRoleBinding to a ClusterRole of the same file that grants everything in its second rule',
      code: `${binding('ClusterRoleBinding', 'ClusterRole', 'superuser', sa)}---\n${role('ClusterRole', 'superuser', ['{apiGroups: [""], resources: [pods], verbs: [get]}', everything])}`,
      errors: [
        {
          messageId: 'equivalent',
          message:
            'ClusterRoleBinding "deployers" grants ClusterRole "superuser" to ServiceAccount "ci/deployer", which is cluster-admin under another name: its rules[1] allows every verb on every resource of every API group, so they get full control of every object in every namespace, Secrets and RBAC included. Bind a ClusterRole that lists only the verbs and resources they need',
          line: 8,
          column: 9,
          endLine: 8,
          endColumn: 18,
        },
      ],
    },
    {
      name: 'multi-file: a RoleBinding to a Role of its namespace, in another file, that grants everything',
      code: binding('RoleBinding', 'Role', 'ops', sa),
      files: { 'rbac/ops.yaml': role('Role', 'ops', [`{apiGroups: ["*", apps], resources: [pods, "*"], verbs: [get, "*"]}`]) },
      errors: [
        {
          messageId: 'equivalentInNamespace',
          message:
            'RoleBinding "deployers" grants Role "ops" in namespace "ci" to ServiceAccount "ci/deployer", which is cluster-admin under another name: its rules[0] (in rbac/ops.yaml) allows every verb on every resource of every API group, so they get full control of every object in the namespace, Secrets and RBAC included. Bind the built-in "edit" or "view" ClusterRole, or a Role that lists only what they need',
          line: 9,
          column: 9,
        },
      ],
    },
    {
      name: 'an aggregated ClusterRole: the repository ClusterRole its selector picks grants everything',
      code: `${binding('RoleBinding', 'ClusterRole', 'platform-admin', sa)}---\n${role('ClusterRole', 'platform-admin', [], 'aggregationRule:\n  clusterRoleSelectors:\n    - matchLabels: {acme.io/aggregate-to-platform: "true"}\n').replace('rules:\n', 'rules: []\n')}`,
      files: {
        'rbac/parts.yaml': `${role('ClusterRole', 'platform-pods', ['{apiGroups: [""], resources: [pods], verbs: [get]}'], '  labels: {acme.io/aggregate-to-platform: "true"}\n')}---\n${role(
          'ClusterRole',
          'platform-all',
          [everything],
          '  labels: {acme.io/aggregate-to-platform: "true"}\n',
        )}`,
      },
      errors: [
        {
          messageId: 'equivalentInNamespace',
          data: {
            role: 'ClusterRole "platform-admin"',
            namespace: 'ci',
            subjects: 'ServiceAccount "ci/deployer"',
            rule: 'rules[0] of ClusterRole "platform-all" (in rbac/parts.yaml), which its aggregationRule.clusterRoleSelectors[0] aggregates',
          },
          line: 9,
          column: 9,
        },
      ],
    },
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

import type { CheckCases } from '../../test/check-tester.js';

const binding = (role: string, subjects: string) => `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: app-readers
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: ${role}
subjects:${subjects}
`;

const clusterRole = (name: string, rules: string) => `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: ${name}
rules:
${rules}`;

const devs = '\n  - kind: Group\n    name: developers\n    apiGroup: rbac.authorization.k8s.io';
const podReader = clusterRole('pod-reader', '  - apiGroups: [""]\n    resources: [pods, pods/log]\n    verbs: [get, list, watch]\n');

export default {
  valid: [
    {
      name: 'the role reads nodes, which are cluster-scoped',
      code: `${binding('node-reader', devs)}---\n${clusterRole('node-reader', '  - apiGroups: [""]\n    resources: [nodes]\n    verbs: [get]\n')}`,
    },
    {
      name: 'the role uses non-resource URLs',
      code: `${binding('metrics', devs)}---\n${clusterRole('metrics', '  - nonResourceURLs: [/metrics]\n    verbs: [get]\n')}`,
    },
    {
      name: 'the role uses a resource wildcard',
      code: `${binding('all', devs)}---\n${clusterRole('all', '  - apiGroups: [apps]\n    resources: ["*"]\n    verbs: [get]\n')}`,
    },
    { name: 'a role that is not in the repository and not a built-in namespace role', code: binding('external-role', devs) },
    {
      name: 'system: users and groups, and kube-system ServiceAccounts, are cluster components',
      code: `${binding('pod-reader', '\n  - kind: Group\n    name: system:authenticated\n  - kind: User\n    name: system:kube-scheduler\n  - kind: ServiceAccount\n    name: coredns\n    namespace: kube-system')}---\n${podReader}`,
    },
    {
      name: 'a custom resource without its CustomResourceDefinition in the repository cannot be told',
      code: `${binding('widgets', devs)}---\n${clusterRole('widgets', '  - apiGroups: [example.com]\n    resources: [widgets]\n    verbs: [get]\n')}`,
    },
    {
      name: 'multi-file: a cluster-scoped custom resource, told by its CustomResourceDefinition in another file',
      code: `${binding('issuers', devs)}---\n${clusterRole('issuers', '  - apiGroups: [cert-manager.io]\n    resources: [clusterissuers]\n    verbs: [get]\n')}`,
      files: {
        'crds/clusterissuer.yaml':
          'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: clusterissuers.cert-manager.io\nspec:\n  group: cert-manager.io\n  scope: Cluster\n  names: {kind: ClusterIssuer, plural: clusterissuers}\n',
      },
    },
    {
      name: 'an aggregated role cannot be told',
      code: `${binding('agg', devs)}---\n${clusterRole('agg', '  []\n').replace('rules:\n  []\n', 'aggregationRule:\n  clusterRoleSelectors: [{matchLabels: {x: "y"}}]\n')}`,
    },
    {
      name: 'shape-hostile: roleRef, subjects and rules of the wrong shape',
      code: `${binding('pod-reader', ' {a: b}')}---\n${clusterRole('pod-reader', '  - 1\n  - {apiGroups: "", resources: pods}\n')}---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: x\nroleRef: [1]\n`,
    },
  ],
  invalid: [
    {
      name: 'a group gets a role that only reads pods, in every namespace',
      code: `${binding('pod-reader', `${devs}\n  - kind: ServiceAccount\n    name: dashboard\n    namespace: tools\n  - kind: User\n    name: alice`)}---\n${podReader}`,
      errors: [
        {
          messageId: 'preferRoleBinding',
          message:
            'ClusterRoleBinding "app-readers" grants ClusterRole "pod-reader" in every namespace to Group "developers", ServiceAccount "tools/dashboard", User "alice", but the role only covers namespaced resources: bind it with a RoleBinding in each namespace that needs it instead',
          line: 8,
          column: 9,
          endLine: 8,
          endColumn: 19,
        },
      ],
    },
    {
      name: 'the built-in edit role is meant for RoleBindings',
      code: binding('edit', devs),
      errors: [
        {
          messageId: 'preferRoleBinding',
          message:
            'ClusterRoleBinding "app-readers" grants ClusterRole "edit" in every namespace to Group "developers", but the role only covers namespaced resources: bind it with a RoleBinding in each namespace that needs it instead',
          line: 8,
          column: 9,
        },
      ],
    },
    {
      name: 'multi-file: the ClusterRole and a namespaced CustomResourceDefinition live in other files',
      code: binding('widget-editor', devs),
      files: {
        'rbac/role.yaml': clusterRole(
          'widget-editor',
          '  - apiGroups: [example.com, ""]\n    resources: [widgets, configmaps]\n    verbs: [get, update]\n  - apiGroups: ["*"]\n    resources: [deployments/scale]\n    verbs: [update]\n',
        ),
        'crds/widget.yaml':
          'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\nspec:\n  group: example.com\n  scope: Namespaced\n  names: {kind: Widget, plural: widgets}\n',
      },
      errors: [
        {
          messageId: 'preferRoleBinding',
          message:
            'ClusterRoleBinding "app-readers" grants ClusterRole "widget-editor" in every namespace to Group "developers", but the role only covers namespaced resources: bind it with a RoleBinding in each namespace that needs it instead',
          line: 8,
          column: 9,
        },
      ],
    },
  ],
} satisfies CheckCases;

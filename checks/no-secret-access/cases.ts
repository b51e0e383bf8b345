import type { CheckCases } from '../../test/check-tester.js';

const role = (kind: string, rules: string) => `apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata:
  name: reader
${kind === 'Role' ? '  namespace: shop\n' : ''}rules:
${rules}`;

export default {
  valid: [
    { name: 'reading ConfigMaps', code: role('Role', '  - apiGroups: [""]\n    resources: [configmaps]\n    verbs: [get, list, watch]\n') },
    {
      name: 'creating and deleting Secrets without reading them',
      code: role('Role', '  - apiGroups: [""]\n    resources: [secrets]\n    verbs: [create, delete]\n'),
    },
    {
      name: 'secrets of a custom API group are not the core Secrets',
      code: role('ClusterRole', '  - apiGroups: [vault.example.com]\n    resources: [secrets]\n    verbs: [get]\n'),
    },
    { name: 'shape-hostile: rules of the wrong shape', code: role('ClusterRole', '  - apiGroups: ""\n    resources: secrets\n    verbs: get\n  - null\n') },
    {
      name: 'multi-file: a Secret reader in a file that is only read is not reported',
      code: role('Role', '  - apiGroups: [""]\n    resources: [pods]\n    verbs: [get]\n'),
      files: { 'rbac/reader.yaml': role('ClusterRole', '  - apiGroups: [""]\n    resources: [secrets]\n    verbs: [list]\n') },
    },
  ],
  invalid: [
    {
      name: 'a ClusterRole that lists and watches Secrets',
      code: role('ClusterRole', '  - apiGroups: [""]\n    resources: [configmaps, secrets]\n    verbs: [get, list, watch]\n'),
      errors: [
        {
          messageId: 'readsSecrets',
          message:
            'ClusterRole "reader" rules[0] grants get, list, watch on secrets, so its subjects can read the values of every Secret in every namespace it is bound in: remove the read verbs, or mount the Secret into the pod that needs it instead of reading it through the API',
          line: 7,
          column: 29,
          endLine: 7,
          endColumn: 36,
        },
      ],
    },
    {
      name: 'a Role: the verb and resource wildcards, and resourceNames',
      code: role(
        'Role',
        '  - apiGroups: ["*"]\n    resources: ["*"]\n    verbs: ["*"]\n  - apiGroups: [""]\n    resources: [secrets]\n    resourceNames: [tls, db]\n    verbs: [get]\n',
      ),
      errors: [
        {
          messageId: 'readsSecrets',
          message:
            'Role "reader" rules[0] grants "*" on "*" (every resource, Secrets included), so its subjects can read the values of every Secret in namespace "shop": remove the read verbs, or mount the Secret into the pod that needs it instead of reading it through the API',
          line: 8,
          column: 17,
        },
        {
          messageId: 'readsSecrets',
          message:
            'Role "reader" rules[1] grants get on secrets, so its subjects can read the values of the Secrets "tls", "db" in namespace "shop": remove the read verbs, or mount the Secret into the pod that needs it instead of reading it through the API',
          line: 11,
          column: 17,
        },
      ],
    },
  ],
} satisfies CheckCases;

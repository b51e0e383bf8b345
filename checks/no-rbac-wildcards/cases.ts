import type { CheckCases } from '../../test/check-tester.js';

const role = (kind: string, rules: string) => `apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata:
  name: ops
${kind === 'Role' ? '  namespace: shop\n' : ''}rules:
${rules}`;

export default {
  valid: [
    {
      name: 'exact groups, resources and verbs',
      code: role('ClusterRole', '  - apiGroups: ["", apps]\n    resources: [pods, deployments, deployments/scale]\n    verbs: [get, list, watch]\n'),
    },
    {
      name: 'a RoleBinding is not a role',
      code: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: b\n  namespace: shop\nroleRef: {kind: Role, name: "*", apiGroup: rbac.authorization.k8s.io}\n',
    },
    {
      name: 'shape-hostile: rules that are not a list, and rule items of the wrong shape',
      code: `${role('Role', '  - 5\n  - apiGroups: "*"\n    verbs: {a: "*"}\n')}---\n${role('ClusterRole', '').replace('rules:\n', 'rules: "*"\n')}`,
    },
    {
      name: 'multi-file: a wildcard in a file that is only read is not reported',
      code: role('Role', '  - apiGroups: [""]\n    resources: [pods]\n    verbs: [get]\n'),
      files: { 'rbac/ops.yaml': role('ClusterRole', '  - apiGroups: ["*"]\n    resources: ["*"]\n    verbs: ["*"]\n') },
    },
  ],
  invalid: [
    {
      name: 'every wildcard field is reported at its item',
      code: role('ClusterRole', '  - apiGroups: ["*"]\n    resources: ["*"]\n    verbs: ["*"]\n'),
      errors: [
        {
          messageId: 'wildcard',
          message:
            'ClusterRole "ops" rules[0] uses "*" in apiGroups, granting every API group, including groups added later: list the exact apiGroups the role needs',
          line: 6,
          column: 17,
          endLine: 6,
          endColumn: 20,
        },
        {
          messageId: 'wildcard',
          message:
            'ClusterRole "ops" rules[0] uses "*" in resources, granting every resource, Secrets and resources added later included: list the exact resources the role needs',
          line: 7,
          column: 17,
        },
        {
          messageId: 'wildcard',
          message:
            'ClusterRole "ops" rules[0] uses "*" in verbs, granting every verb, escalate, bind and impersonate included: list the exact verbs the role needs',
          line: 8,
          column: 13,
        },
      ],
    },
    {
      name: 'a Role: a subresource wildcard in the second rule',
      code: role(
        'Role',
        '  - apiGroups: [""]\n    resources: [pods]\n    verbs: [get]\n  - apiGroups: [apps]\n    resources:\n      - deployments\n      - "*/scale"\n    verbs: [update]\n',
      ),
      errors: [
        {
          messageId: 'wildcard',
          message:
            'Role "ops" rules[1] uses "*/scale" in resources, granting the scale subresource of every resource: list the exact resources the role needs',
          line: 13,
          column: 9,
          endLine: 13,
          endColumn: 18,
        },
      ],
    },
  ],
} satisfies CheckCases;

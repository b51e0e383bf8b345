import type { CheckCases } from '../../test/check-tester.js';

const head = 'apiVersion: audit.k8s.io/v1\nkind: Policy\n';
const noRules = 'audit Policy has no rules: the API server logs nothing; add rules, ending with a catch-all rule at level Metadata';
const onlyNone = 'audit Policy sets level: None on every rule: the API server logs nothing; log at least Metadata for the requests that matter';
const catchAll = (index: number, object = 'audit Policy') =>
  `${object} rule ${index} matches every request with level: None before any rule logs: rules are applied in order, so nothing is logged; move it last or narrow it`;

export default {
  valid: [
    {
      name: 'a typical policy: quiet noise, Metadata for secrets, catch-all Metadata',
      code: `${head}omitStages:
  - RequestReceived
rules:
  - level: None
    users: ["system:kube-proxy"]
    verbs: ["watch"]
  - level: None
    nonResourceURLs: ["/healthz*", "/livez*", "/readyz*"]
  - level: Metadata
    resources:
      - group: ""
        resources: ["secrets", "configmaps"]
  - level: Metadata
`,
    },
    {
      name: 'a catch-all None after a rule that logs is fine',
      code: `${head}rules:\n  - level: RequestResponse\n    resources: [{ group: rbac.authorization.k8s.io }]\n  - level: None\n`,
    },
    { name: 'the older audit.k8s.io/v1beta1 is read the same way', code: 'apiVersion: audit.k8s.io/v1beta1\nkind: Policy\nrules:\n  - level: Metadata\n' },
    { name: 'a Policy of another group is not an audit policy', code: 'apiVersion: example.com/v1\nkind: Policy\nrules: []\n' },
  ],
  invalid: [
    {
      name: 'no rules: reported on the rules key',
      code: `${head}rules: []\n`,
      errors: [{ messageId: 'noRules', message: noRules, line: 3, column: 1, endLine: 3, endColumn: 6 }],
    },
    {
      name: 'every rule is level None',
      code: `${head}rules:\n  - level: None\n    users: ["system:kube-proxy"]\n  - level: None\n    verbs: [get, list, watch]\n`,
      errors: [{ messageId: 'onlyNone', message: onlyNone, line: 3, column: 1 }],
    },
    {
      name: 'a catch-all None first hides every later rule: its level is pointed at',
      code: `${head}metadata:\n  name: quiet\nrules:\n  - level: None\n  - level: Metadata\n    resources: [{ group: "", resources: [secrets] }]\n`,
      errors: [{ messageId: 'catchAllNone', message: catchAll(1, 'Policy "quiet"'), line: 6, column: 12, endLine: 6, endColumn: 16 }],
    },
    {
      name: 'empty selector lists match everything too',
      code: `${head}rules:\n  - level: None\n    users: ["system:apiserver"]\n  - level: None\n    users: []\n    verbs: []\n  - level: Request\n`,
      errors: [{ messageId: 'catchAllNone', message: catchAll(2), line: 6, column: 12 }],
    },
    {
      name: 'shape-hostile: rules hold only junk, so there are no rules',
      code: `${head}rules: [1, null]\n`,
      errors: [{ messageId: 'noRules', message: noRules, line: 3, column: 1 }],
    },
    {
      name: 'shape-hostile: rules is a string',
      code: `${head}rules: "x"\n`,
      errors: [{ messageId: 'noRules', message: noRules, line: 3, column: 1 }],
    },
  ],
} satisfies CheckCases;

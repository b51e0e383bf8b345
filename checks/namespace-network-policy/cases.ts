import type { CheckCases } from '../../test/check-tester.js';

const namespace = (name: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: ${name}
`;

const policy = (ns: string, podSelector: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow
  namespace: ${ns}
spec:
  podSelector:${podSelector}
  policyTypes: [Ingress]
`;

const deployment = (name: string, ns: string | undefined, labels = 'app: web') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
${ns ? `  namespace: ${ns}\n` : ''}spec:
  template:
    metadata:
      labels:
        ${labels}
    spec:
      containers:
        - name: app
          image: nginx:1.27
`;

export default {
  valid: [
    { name: 'an empty podSelector selects every pod', code: `${deployment('web', 'shop')}---\n${policy('shop', ' {}')}` },
    { name: 'a missing podSelector selects every pod', code: `${deployment('web', 'shop')}---\n${policy('shop', '').replace('  podSelector:\n', '')}` },
    { name: 'matchLabels selects the pod', code: `${deployment('web', 'shop')}---\n${policy('shop', '\n    matchLabels:\n      app: web')}` },
    {
      name: 'matchExpressions In, NotIn, Exists and DoesNotExist all hold',
      code: `${deployment('web', 'shop', 'app: web\n        tier: "1"')}---\n${policy(
        'shop',
        '\n    matchExpressions:\n      - {key: app, operator: In, values: [web, api]}\n      - {key: app, operator: NotIn, values: [db]}\n      - {key: tier, operator: Exists}\n      - {key: canary, operator: DoesNotExist}\n      - {key: tier, operator: In, values: [1]}',
      )}`,
    },
    { name: 'a Namespace without workloads needs no NetworkPolicy', code: namespace('empty') },
    {
      name: 'multi-file: the policy lives in another file',
      code: deployment('web', 'shop'),
      files: { 'policies/shop.yaml': policy('shop', ' {}') },
    },
    {
      name: 'multi-file: the finding belongs to the Namespace object of a file that is only read',
      code: deployment('web', 'shop'),
      files: { 'namespaces.yaml': namespace('shop') },
    },
    {
      name: 'a Calico policy protects the namespace; its selectors are not judged',
      code: `${deployment('web', 'shop')}---\napiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata:\n  name: deny\n  namespace: shop\nspec:\n  selector: all()\n`,
    },
    {
      name: 'shape-hostile: labels, selectors and specs of the wrong shape do not throw',
      code: `${deployment('web', 'shop', 'app: [x]')}---\n${policy('shop', ' [a]')}---\n${policy('shop', '\n    matchExpressions: {a: b}')}---\n${policy('shop', '\n    matchExpressions: [{key: app, operator: DoesNotExist}]')}`,
    },
  ],
  invalid: [
    {
      name: 'a Namespace object with workloads and no policy: reported on its name',
      code: `${namespace('shop')}---\n${deployment('web', 'shop')}`,
      errors: [
        {
          messageId: 'noPolicy',
          message:
            'Namespace "shop" holds workloads but has no NetworkPolicy in the repository: every pod in it accepts traffic from anywhere. Add a default-deny NetworkPolicy (podSelector: {}) with metadata.namespace: shop',
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 13,
        },
      ],
    },
    {
      name: 'no Namespace object: reported once, on the first workload',
      code: `${deployment('web', 'shop')}---\n${deployment('api', 'shop')}`,
      errors: [
        {
          messageId: 'noPolicyForWorkloads',
          message:
            'Namespace "shop" has no NetworkPolicy in the repository (reported on its first workload, Deployment "web", as there is no Namespace object for it): every pod in it accepts traffic from anywhere. Add a default-deny NetworkPolicy (podSelector: {}) with metadata.namespace: shop',
          line: 5,
          column: 14,
        },
      ],
    },
    {
      name: 'multi-file: a policy of another namespace does not count',
      code: deployment('web', undefined),
      files: { 'policies.yaml': policy('shop', ' {}') },
      errors: [
        {
          messageId: 'noPolicyForWorkloads',
          message:
            'Namespace "default" (objects without metadata.namespace land there) has no NetworkPolicy in the repository (reported on its first workload, Deployment "web", as there is no Namespace object for it): every pod in it accepts traffic from anywhere. Add a default-deny NetworkPolicy (podSelector: {}) with metadata.namespace: default',
          line: 3,
          column: 1,
        },
      ],
    },
    {
      name: 'a workload that no policy selects: a warning on its pod labels',
      code: `${deployment('web', 'shop')}---\n${policy('shop', '\n    matchLabels:\n      app: api')}`,
      errors: [
        {
          messageId: 'notSelected',
          message:
            'Deployment "web" runs pods (labels app=web) that no NetworkPolicy of namespace "shop" selects, so their traffic is not restricted: add a policy whose podSelector matches these labels, or a default-deny policy with podSelector: {}',
          line: 9,
          column: 7,
          endLine: 9,
          endColumn: 13,
          severity: 1,
        },
      ],
    },
    {
      name: 'every failing matchExpressions operator leaves the pod out',
      code: `${deployment('a', 'shop')}---\n${policy('shop', '\n    matchExpressions:\n      - {key: app, operator: NotIn, values: [web]}')}---\n${policy(
        'shop',
        '\n    matchExpressions:\n      - {key: app, operator: DoesNotExist}',
      )}---\n${policy('shop', '\n    matchExpressions:\n      - {key: tier, operator: Exists}')}---\n${policy('shop', '\n    matchExpressions:\n      - {key: app, operator: In, values: [api]}')}---\n${policy(
        'shop',
        '\n    matchExpressions:\n      - {key: app, operator: Matches, values: [web]}',
      )}`,
      errors: [
        {
          messageId: 'notSelected',
          message:
            'Deployment "a" runs pods (labels app=web) that no NetworkPolicy of namespace "shop" selects, so their traffic is not restricted: add a policy whose podSelector matches these labels, or a default-deny policy with podSelector: {}',
          line: 9,
          column: 7,
        },
      ],
    },
    {
      name: 'multi-file: a Pod without labels and a CronJob in a namespace whose only policy selects other pods',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: debug
  namespace: shop
spec:
  containers:
    - name: sh
      image: busybox:1.36
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
  namespace: shop
spec:
  jobTemplate:
    spec:
      template:
        metadata:
          labels: {job: nightly}
        spec:
          containers:
            - name: job
              image: busybox:1.36
`,
      files: { 'policy.yaml': policy('shop', '\n    matchLabels: {app: web}') },
      errors: [
        {
          messageId: 'notSelected',
          message:
            'Pod "debug" runs pods (no labels) that no NetworkPolicy of namespace "shop" selects, so their traffic is not restricted: add a policy whose podSelector matches these labels, or a default-deny policy with podSelector: {}',
          line: 3,
          column: 1,
        },
        {
          messageId: 'notSelected',
          message:
            'CronJob "nightly" runs pods (labels job=nightly) that no NetworkPolicy of namespace "shop" selects, so their traffic is not restricted: add a policy whose podSelector matches these labels, or a default-deny policy with podSelector: {}',
          line: 21,
          column: 11,
        },
      ],
    },
  ],
} satisfies CheckCases;

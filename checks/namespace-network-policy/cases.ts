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
      name: 'a namespace with a policy that selects other pods has one: pod-network-isolation judges its workloads',
      code: `${namespace('shop')}---\n${deployment('web', 'shop')}---\n${policy('shop', '\n    matchLabels:\n      app: api')}`,
    },
    {
      name: 'an OpenShift DeploymentConfig in a namespace with a policy',
      code: `${policy('shop', ' {}')}---\napiVersion: apps.openshift.io/v1\nkind: DeploymentConfig\nmetadata:\n  name: legacy\n  namespace: shop\nspec:\n  template:\n    spec:\n      containers: [{name: app, image: legacy:1.0}]\n`,
    },
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
      name: 'an Argo Rollout and a PodTemplate are workloads: reported once, on the first',
      code: `apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata:\n  name: canary\n  namespace: shop\nspec:\n  template:\n    spec:\n      containers: [{name: app, image: web:2.0}]\n---\napiVersion: v1\nkind: PodTemplate\nmetadata:\n  name: tpl\n  namespace: shop\ntemplate:\n  spec:\n    containers: [{name: app, image: web:2.0}]\n`,
      errors: [{ messageId: 'noPolicyForWorkloads', data: { namespace: 'shop', nsLabel: 'Namespace "shop"' }, line: 5, column: 14 }],
    },
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
  ],
} satisfies CheckCases;

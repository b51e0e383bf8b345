import type { CheckCases } from '../../test/check-tester.js';

const namespace = (name: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: ${name}
`;

/** A NetworkPolicy of namespace shop; `spec` is the text after `podSelector:` (indented by two). */
const policy = (name: string, spec: string, ns = 'shop') => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  podSelector:${spec}
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

const denyAll = policy('default-deny', ' {}\n  policyTypes: [Ingress, Egress]');

export default {
  valid: [
    { name: 'a default-deny policy for Ingress and Egress (empty podSelector)', code: `${deployment('web', 'shop')}---\n${denyAll}` },
    {
      name: 'a missing podSelector selects every pod; egress rules make policyTypes default to Ingress and Egress',
      code: `${deployment('web', 'shop')}---\n${policy('dns', ' {}').replace('  podSelector: {}\n', '')}  egress:\n    - to: [{namespaceSelector: {}}]\n      ports: [{port: 53, protocol: UDP}]\n`,
    },
    {
      name: 'matchLabels for Ingress and matchExpressions for Egress, in two policies',
      code: `${deployment('web', 'shop', 'app: web\n        tier: "1"')}---\n${policy('in', '\n    matchLabels: {app: web}')}---\n${policy(
        'out',
        '\n    matchExpressions:\n      - {key: app, operator: In, values: [web, api]}\n      - {key: app, operator: NotIn, values: [db]}\n      - {key: tier, operator: Exists}\n      - {key: canary, operator: DoesNotExist}\n      - {key: tier, operator: In, values: [1]}\n  policyTypes: [Egress]',
      )}`,
    },
    {
      name: 'allow rules with peers or ports do not cancel the default-deny',
      code: `${deployment('web', 'shop')}---\n${denyAll}---\n${policy('from-gw', ' {matchLabels: {app: web}}')}  ingress:\n    - from: [{podSelector: {matchLabels: {app: gateway}}}]\n    - ports: [{port: 8080}]\n`,
    },
    {
      name: 'an allow-all egress rule in a policy that covers Ingress only is ignored, as Kubernetes ignores it',
      code: `${deployment('web', 'shop')}---\n${denyAll}---\n${policy('ignored', ' {}\n  policyTypes: [Ingress]')}  egress:\n    - {}\n`,
    },
    { name: 'a Namespace without workloads needs no policy', code: namespace('empty') },
    {
      name: 'multi-file: the policy lives in another file',
      code: deployment('web', 'shop'),
      files: { 'policies/shop.yaml': denyAll },
    },
    {
      name: 'a Calico policy protects the namespace; its selectors are not judged',
      code: `${deployment('web', 'shop')}---\napiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata:\n  name: deny\n  namespace: shop\nspec:\n  selector: all()\n`,
    },
    {
      name: 'host-network pods (no NetworkPolicy applies to them) and a Rollout that runs a Deployment by workloadRef',
      code: `${policy('api', ' {matchLabels: {app: api}}')}---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: node-agent\n  namespace: shop\nspec:\n  hostNetwork: true\n  containers:\n    - name: a\n      image: agent:1.0\n---\napiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  workloadRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n`,
    },
    {
      name: 'shape-hostile: labels, selectors, specs and rules of the wrong shape do not throw',
      code: `${deployment('web', 'shop', 'app: [x]')}---\n${policy('a', ' [a]')}---\n${policy('b', '\n    matchExpressions: {a: b}')}---\n${policy('c', ' {}\n  policyTypes: Ingress\n  ingress: {a: b}\n  egress: [[], 3]\n')}`,
    },
  ],
  invalid: [
    {
      name: 'workloads with the same pod labels in another order are selected alike; fewer labels are not',
      code: `${deployment('a', 'shop', 'app: web\n        tier: front')}---\n${deployment('b', 'shop', 'tier: front\n        app: web')}---\n${deployment('c', 'shop')}---\n${policy('front', '\n    matchLabels:\n      tier: front\n  policyTypes: [Ingress, Egress]')}`,
      errors: [
        {
          messageId: 'notSelected',
          message:
            'Deployment "c" runs pods (labels app=web) that no NetworkPolicy of namespace "shop" selects (of "front"), so their Ingress and Egress traffic is not restricted: add a policy whose podSelector matches these labels, or a default-deny policy (podSelector: {}, policyTypes: [Ingress, Egress])',
          line: 41,
          column: 7,
        },
      ],
    },
    {
      name: 'a workload that no policy selects: one finding for both directions, on its pod labels, naming the policies',
      code: `${deployment('web', 'shop')}---\n${policy('api', '\n    matchLabels:\n      app: api')}`,
      errors: [
        {
          messageId: 'notSelected',
          message:
            'Deployment "web" runs pods (labels app=web) that no NetworkPolicy of namespace "shop" selects (of "api"), so their Ingress and Egress traffic is not restricted: add a policy whose podSelector matches these labels, or a default-deny policy (podSelector: {}, policyTypes: [Ingress, Egress])',
          line: 9,
          column: 7,
          endLine: 9,
          endColumn: 13,
          severity: 1,
        },
      ],
    },
    {
      name: 'a default-deny without policyTypes and without egress rules covers Ingress only: Egress is reported',
      code: `${deployment('web', 'shop')}---\n${policy('default-deny', ' {}')}`,
      errors: [
        {
          messageId: 'directionOpen',
          message:
            'Deployment "web" runs pods (labels app=web) that the NetworkPolicies selecting them ("default-deny", of namespace "shop") isolate for Ingress only, so their Egress traffic is not restricted: add Egress to the policyTypes of one of them, with the egress rules the pods need, or add a default-deny Egress policy (podSelector: {}, policyTypes: [Egress])',
          line: 9,
          column: 7,
        },
      ],
    },
    {
      name: 'policyTypes [Egress] only: Ingress is reported',
      code: `${deployment('web', 'shop')}---\n${policy('egress-only', ' {}\n  policyTypes: [Egress]')}`,
      errors: [
        {
          messageId: 'directionOpen',
          data: { namespace: 'shop', labels: 'labels app=web', selecting: '"egress-only"', covered: 'Egress', direction: 'Ingress', field: 'ingress' },
          line: 9,
          column: 7,
        },
      ],
    },
    {
      name: 'an allow-all ingress rule (ingress: [{}]) cancels the default-deny for Ingress',
      code: `${deployment('web', 'shop')}---\n${denyAll}---\n${policy('allow-all', ' {}')}  ingress:\n    - from: [{podSelector: {}}]\n    - {}\n`,
      errors: [
        {
          messageId: 'allowAll',
          message:
            'Deployment "web" runs pods (labels app=web) whose Ingress traffic is not restricted: NetworkPolicy "allow-all" of namespace "shop" selects them and its ingress[1] allows all Ingress traffic (no from, no ports), which cancels every Ingress isolation of these pods; list the from peers and ports they need',
          line: 9,
          column: 7,
        },
      ],
    },
    {
      name: 'an allow-all egress rule with empty lists (to: [], ports: []) cancels the default-deny for Egress',
      code: `${deployment('web', 'shop')}---\n${policy('open-egress', ' {matchLabels: {app: web}}\n  policyTypes: [Ingress, Egress]')}  egress:\n    - to: []\n      ports: []\n`,
      errors: [
        {
          messageId: 'allowAll',
          data: { namespace: 'shop', labels: 'labels app=web', policy: 'open-egress', direction: 'Egress', field: 'egress', index: 0, peers: 'to' },
          line: 9,
          column: 7,
        },
      ],
    },
    {
      name: 'every failing matchExpressions operator leaves the pod out; more than four policies are counted',
      code: `${deployment('a', 'shop')}---\n${policy('p1', '\n    matchExpressions:\n      - {key: app, operator: NotIn, values: [web]}')}---\n${policy(
        'p2',
        '\n    matchExpressions:\n      - {key: app, operator: DoesNotExist}',
      )}---\n${policy('p3', '\n    matchExpressions:\n      - {key: tier, operator: Exists}')}---\n${policy('p4', '\n    matchExpressions:\n      - {key: app, operator: In, values: [api]}')}---\n${policy(
        'p5',
        '\n    matchExpressions:\n      - {key: app, operator: Matches, values: [web]}',
      )}`,
      errors: [
        {
          messageId: 'notSelected',
          data: { namespace: 'shop', labels: 'labels app=web', policies: '"p1", "p2", "p3", "p4" and 1 more' },
          line: 9,
          column: 7,
        },
      ],
    },
    {
      name: 'multi-file: a Pod without labels, a CronJob, a DeploymentConfig and a Rollout whose namespace policy selects other pods',
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
---
apiVersion: apps.openshift.io/v1
kind: DeploymentConfig
metadata:
  name: legacy
  namespace: shop
spec:
  template:
    metadata:
      labels: {app: legacy}
    spec:
      containers:
        - name: app
          image: legacy:1.0
---
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: canary
  namespace: shop
spec:
  template:
    spec:
      containers:
        - name: app
          image: web:2.0
`,
      files: { 'policy.yaml': policy('web', '\n    matchLabels: {app: web}') },
      errors: [
        { messageId: 'notSelected', data: { namespace: 'shop', labels: 'no labels', policies: '"web"' }, line: 3, column: 1 },
        { messageId: 'notSelected', data: { namespace: 'shop', labels: 'labels job=nightly', policies: '"web"' }, line: 21, column: 11 },
        { messageId: 'notSelected', data: { namespace: 'shop', labels: 'labels app=legacy', policies: '"web"' }, line: 35, column: 7 },
        { messageId: 'notSelected', data: { namespace: 'shop', labels: 'no labels', policies: '"web"' }, line: 47, column: 3 },
      ],
    },
    {
      name: 'a namespace without any policy, with namespace-network-policy off: said once, on the Namespace object',
      code: `${namespace('shop')}---\n${deployment('web', 'shop')}---\n${deployment('api', 'shop')}`,
      errors: [
        {
          messageId: 'noPolicyInNamespace',
          message:
            'Namespace "shop" has no NetworkPolicy in the repository: none of its pods is isolated, for Ingress or Egress. Add a default-deny NetworkPolicy (podSelector: {}, policyTypes: [Ingress, Egress]) with metadata.namespace: shop',
          line: 4,
          column: 9,
        },
      ],
    },
  ],
} satisfies CheckCases;

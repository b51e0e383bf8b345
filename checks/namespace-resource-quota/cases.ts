import type { CheckCases } from '../../test/check-tester.js';

const namespace = (name: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: ${name}
`;

const quota = (ns: string | undefined) => `apiVersion: v1
kind: ResourceQuota
metadata:
  name: compute
${ns ? `  namespace: ${ns}\n` : ''}spec:
  hard:
    pods: "10"
`;

const deployment = (name: string, ns: string | undefined) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
${ns ? `  namespace: ${ns}\n` : ''}spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx:1.27
`;

export default {
  valid: [
    { name: 'a Namespace with its ResourceQuota', code: `${namespace('shop')}---\n${quota('shop')}` },
    {
      name: 'the quota lives in another file of the repository',
      code: deployment('web', 'shop'),
      files: { 'quotas/shop.yaml': quota('shop') },
    },
    {
      name: 'the finding belongs to the Namespace object of a file that is only read, not linted',
      code: deployment('web', 'shop'),
      files: { 'namespaces.yaml': namespace('shop') },
    },
    {
      name: 'the first workload in path order sits in a file that is only read',
      code: deployment('web', 'shop'),
      files: { 'apps/a.yaml': deployment('api', 'shop') },
    },
    {
      name: 'objects without a namespace and a quota without one share the default namespace',
      code: `${deployment('web', undefined)}---\n${quota(undefined)}`,
    },
    {
      name: 'cluster-scoped and non-workload objects hold no namespace',
      code: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: reader\nrules: []\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: shop\n',
    },
    { name: 'shape-hostile: a Namespace whose metadata is a list', code: 'apiVersion: v1\nkind: Namespace\nmetadata: [shop]\n' },
  ],
  invalid: [
    {
      name: 'a Namespace object without a ResourceQuota: reported on its name',
      code: namespace('shop'),
      errors: [
        {
          messageId: 'noQuota',
          message:
            'Namespace "shop" has no ResourceQuota in the repository: nothing caps the CPU, memory and object counts its workloads can claim. Add a ResourceQuota with metadata.namespace: shop',
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 13,
        },
      ],
    },
    {
      name: 'no Namespace object: reported once, on the first workload',
      code: `${deployment('web', 'shop')}---\n${deployment('api', 'shop')}---\n${quota('payments')}`,
      errors: [
        {
          messageId: 'noQuotaForWorkloads',
          message:
            'Namespace "shop" has no ResourceQuota in the repository (reported on its first workload, Deployment "web", as there is no Namespace object for it): nothing caps the CPU, memory and object counts its workloads can claim. Add a ResourceQuota with metadata.namespace: shop',
          line: 5,
          column: 14,
          endLine: 5,
          endColumn: 18,
        },
      ],
    },
    {
      name: 'multi-file: the linted file holds the first workload; a quota of another namespace does not count',
      code: deployment('web', 'shop'),
      files: { 'web.yaml': deployment('worker', 'shop'), 'other.yaml': quota('payments') },
      errors: [
        {
          messageId: 'noQuotaForWorkloads',
          message:
            'Namespace "shop" has no ResourceQuota in the repository (reported on its first workload, Deployment "web", as there is no Namespace object for it): nothing caps the CPU, memory and object counts its workloads can claim. Add a ResourceQuota with metadata.namespace: shop',
          line: 5,
          column: 14,
        },
      ],
    },
    {
      name: 'multi-file: the Namespace object is linted, the workloads are only read',
      code: namespace('payments'),
      files: { 'apps/ledger.yaml': deployment('ledger', 'payments') },
      errors: [
        {
          messageId: 'noQuota',
          message:
            'Namespace "payments" has no ResourceQuota in the repository: nothing caps the CPU, memory and object counts its workloads can claim. Add a ResourceQuota with metadata.namespace: payments',
          line: 4,
          column: 9,
        },
      ],
    },
    {
      name: 'a workload without a namespace lands in default; reported on its metadata',
      code: deployment('web', undefined),
      errors: [
        {
          messageId: 'noQuotaForWorkloads',
          message:
            'Namespace "default" (objects without metadata.namespace land there) has no ResourceQuota in the repository (reported on its first workload, Deployment "web", as there is no Namespace object for it): nothing caps the CPU, memory and object counts its workloads can claim. Add a ResourceQuota with metadata.namespace: default',
          line: 3,
          column: 1,
          endLine: 3,
          endColumn: 9,
        },
      ],
    },
    {
      name: 'shape-hostile: a workload whose metadata is a number does not throw',
      code: 'apiVersion: v1\nkind: Pod\nmetadata: 42\nspec: null\n',
      errors: [
        {
          messageId: 'noQuotaForWorkloads',
          message:
            'Namespace "default" (objects without metadata.namespace land there) has no ResourceQuota in the repository (reported on its first workload, Pod "<unnamed>", as there is no Namespace object for it): nothing caps the CPU, memory and object counts its workloads can claim. Add a ResourceQuota with metadata.namespace: default',
          line: 3,
          column: 1,
        },
      ],
    },
  ],
} satisfies CheckCases;

import type { CheckCases } from '../../test/check-tester.js';

const cronJob = (apiVersion: string) => `apiVersion: ${apiVersion}
kind: CronJob
metadata:
  name: nightly
  namespace: batch
spec:
  schedule: "0 3 * * *"
`;

const flowSchema = (name: string) => `apiVersion: flowcontrol.apiserver.k8s.io/v1beta3
kind: FlowSchema
metadata:
  name: ${name}
spec:
  priorityLevelConfiguration:
    name: workload-low
`;

export default {
  valid: [
    { name: 'current apiVersions', code: `${cronJob('batch/v1')}---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\n` },
    { name: 'flowcontrol v1beta3 before its deprecation (1.29)', code: flowSchema('global'), kubernetesVersion: '1.26' },
    {
      name: 'policy/v1beta1 of a kind the guide does not list is left to schema validation',
      code: 'apiVersion: policy/v1beta1\nkind: Eviction\nmetadata:\n  name: e\n',
    },
    {
      name: 'custom resources with beta versions are not Kubernetes deprecations',
      code: 'apiVersion: example.com/v1beta1\nkind: Ingress\nmetadata:\n  name: i\n',
    },
    {
      name: 'multi-file: a removed apiVersion in a file that is only read is not reported',
      code: cronJob('batch/v1'),
      files: { 'old/cronjob.yaml': cronJob('batch/v1beta1') },
    },
  ],
  invalid: [
    {
      name: 'removed in the target version: an error on apiVersion',
      code: cronJob('batch/v1beta1'),
      kubernetesVersion: '1.25',
      errors: [
        {
          messageId: 'removed',
          message:
            'CronJob "nightly" uses batch/v1beta1, which Kubernetes 1.25 stopped serving for CronJob (linting for 1.25): the API server refuses it. Use apiVersion batch/v1',
          line: 1,
          column: 13,
          endLine: 1,
          endColumn: 26,
          severity: 2,
        },
      ],
    },
    {
      name: 'deprecated but still served: a warning that says when it goes',
      code: flowSchema('system'),
      kubernetesVersion: '1.30',
      errors: [
        {
          messageId: 'deprecated',
          message:
            'FlowSchema "system" uses flowcontrol.apiserver.k8s.io/v1beta3, deprecated for FlowSchema since Kubernetes 1.29; Kubernetes 1.32 removes it: use apiVersion flowcontrol.apiserver.k8s.io/v1',
          line: 1,
          column: 13,
          severity: 1,
        },
      ],
    },
    {
      name: 'the default target (1.36): removed long ago, a removal without replacement version, deprecated only',
      code: 'apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata:\n  name: old\n---\napiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata:\n  name: restricted\n---\napiVersion: v1\nkind: Endpoints\nmetadata:\n  name: external\n',
      errors: [
        {
          messageId: 'removed',
          message:
            'Deployment "old" uses extensions/v1beta1, which Kubernetes 1.16 stopped serving for Deployment (linting for 1.36): the API server refuses it. Use apiVersion apps/v1',
          line: 1,
          column: 13,
        },
        {
          messageId: 'removed',
          message:
            'PodSecurityPolicy "restricted" uses policy/v1beta1, which Kubernetes 1.25 stopped serving for PodSecurityPolicy (linting for 1.36): the API server refuses it. Use Pod Security Admission (pod-security.kubernetes.io/* labels on the Namespace)',
          line: 6,
          column: 13,
        },
        {
          messageId: 'deprecated',
          message: 'Endpoints "external" uses v1, deprecated for Endpoints since Kubernetes 1.33: use kind EndpointSlice (apiVersion discovery.k8s.io/v1)',
          line: 11,
          column: 13,
          severity: 1,
        },
      ],
    },
    {
      name: 'an item of a kind: List',
      code: 'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: networking.k8s.io/v1beta1\n    kind: Ingress\n    metadata:\n      name: web\n',
      kubernetesVersion: '1.25',
      errors: [
        {
          messageId: 'removed',
          message:
            'Ingress "web" uses networking.k8s.io/v1beta1, which Kubernetes 1.22 stopped serving for Ingress (linting for 1.25): the API server refuses it. Use apiVersion networking.k8s.io/v1',
          line: 4,
          column: 17,
        },
      ],
    },
    {
      name: 'shape-hostile: metadata and spec of the wrong shape do not hide the apiVersion',
      code: 'apiVersion: batch/v1beta1\nkind: CronJob\nmetadata: [nightly]\nspec: 3\n',
      errors: [
        {
          messageId: 'removed',
          message:
            'CronJob "<unnamed>" uses batch/v1beta1, which Kubernetes 1.25 stopped serving for CronJob (linting for 1.36): the API server refuses it. Use apiVersion batch/v1',
          line: 1,
          column: 13,
        },
      ],
    },
  ],
} satisfies CheckCases;

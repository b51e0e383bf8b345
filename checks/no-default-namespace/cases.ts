import type { CheckCases } from '../../test/check-tester.js';

const configMap = (ns: string | undefined) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
${ns ? `  namespace: ${ns}\n` : ''}data:
  a: b
`;

export default {
  valid: [
    { name: 'a namespaced object in its own namespace', code: configMap('shop') },
    {
      name: 'cluster-scoped kinds never have a namespace',
      code: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: default\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: r\nrules: []\n',
    },
    {
      name: 'multi-file: a kustomization sets the namespace',
      filePath: 'app/settings.yaml',
      code: configMap(undefined),
      files: { 'app/kustomization.yaml': 'namespace: shop\nresources:\n  - settings.yaml\n' },
    },
    {
      name: 'a custom kind whose scope the repository does not tell is left alone',
      code: 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n',
    },
    {
      name: 'a cluster-scoped custom kind, told by its CustomResourceDefinition',
      code: 'apiVersion: cert-manager.io/v1\nkind: ClusterIssuer\nmetadata:\n  name: letsencrypt\n---\napiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: clusterissuers.cert-manager.io\nspec:\n  group: cert-manager.io\n  scope: Cluster\n  names: {kind: ClusterIssuer, plural: clusterissuers}\n',
    },
    {
      name: 'configuration files that are not API objects are left alone',
      code: 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nreadOnlyPort: 0\n',
    },
  ],
  invalid: [
    {
      name: 'no namespace: reported on metadata',
      code: configMap(undefined),
      errors: [
        {
          messageId: 'noNamespace',
          message:
            'ConfigMap "settings" has no namespace (neither metadata.namespace nor a kustomization sets one), so it lands in whatever namespace the kubectl context names, usually "default": set metadata.namespace',
          line: 3,
          column: 1,
          endLine: 3,
          endColumn: 9,
        },
      ],
    },
    {
      name: 'namespace: default is reported on the value',
      code: configMap('default'),
      errors: [
        {
          messageId: 'defaultNamespace',
          message:
            'ConfigMap "settings" is in the "default" namespace, which every user and tool lands in and which cannot carry its own isolation: move it to a dedicated namespace',
          line: 5,
          column: 14,
          endLine: 5,
          endColumn: 21,
        },
      ],
    },
    {
      name: 'multi-file: a kustomization puts the object in default',
      filePath: 'base/settings.yaml',
      code: configMap(undefined),
      files: {
        'base/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: default\nresources: [settings.yaml]\n',
      },
      errors: [
        {
          messageId: 'defaultFromKustomization',
          message:
            'ConfigMap "settings" is put in the "default" namespace by a kustomization, which every user and tool lands in and which cannot carry its own isolation: set the kustomization\'s namespace to a dedicated one',
          line: 3,
          column: 1,
        },
      ],
    },
    {
      name: 'a namespaced custom kind, told by its CustomResourceDefinition; a List item; shape-hostile metadata',
      code: `apiVersion: v1
kind: List
items:
  - apiVersion: example.com/v1
    kind: Widget
    metadata:
      name: w
  - apiVersion: v1
    kind: Secret
    metadata: [x]
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names: {kind: Widget, plural: widgets}
`,
      errors: [
        {
          messageId: 'noNamespace',
          message:
            'Widget "w" has no namespace (neither metadata.namespace nor a kustomization sets one), so it lands in whatever namespace the kubectl context names, usually "default": set metadata.namespace',
          line: 6,
          column: 5,
        },
        {
          messageId: 'noNamespace',
          message:
            'Secret "<unnamed>" has no namespace (neither metadata.namespace nor a kustomization sets one), so it lands in whatever namespace the kubectl context names, usually "default": set metadata.namespace',
          line: 10,
          column: 5,
        },
      ],
    },
  ],
} satisfies CheckCases;

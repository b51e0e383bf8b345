import type { CheckCases } from '../../test/check-tester.js';

const namespace = (labels: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: shop
${labels}`;

export default {
  valid: [
    { name: 'enforce: restricted', code: namespace('  labels:\n    pod-security.kubernetes.io/enforce: restricted\n') },
    {
      name: 'enforce: baseline',
      code: namespace('  labels:\n    pod-security.kubernetes.io/enforce: baseline\n    pod-security.kubernetes.io/enforce-version: v1.30\n'),
    },
    { name: 'objects that are not Namespaces are not checked', code: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: shop\n' },
    {
      name: 'multi-file: an unlabelled Namespace in a file that is only read is not reported',
      code: namespace('  labels:\n    pod-security.kubernetes.io/enforce: restricted\n').replace('shop', 'payments'),
      files: { 'namespaces/shop.yaml': namespace('') },
    },
  ],
  invalid: [
    {
      name: 'no labels at all: reported on metadata',
      code: namespace(''),
      errors: [
        {
          messageId: 'missing',
          message:
            'Namespace "shop" has no pod-security.kubernetes.io/enforce label, so Pod Security Admission lets any pod in (unless the cluster sets a default): label it enforce: restricted (or baseline)',
          line: 3,
          column: 1,
          endLine: 3,
          endColumn: 9,
        },
      ],
    },
    {
      name: 'only warn and audit labels: reported on labels',
      code: namespace('  labels:\n    pod-security.kubernetes.io/warn: restricted\n    pod-security.kubernetes.io/audit: restricted\n'),
      errors: [
        {
          messageId: 'missing',
          message:
            'Namespace "shop" has no pod-security.kubernetes.io/enforce label, so Pod Security Admission lets any pod in (unless the cluster sets a default): label it enforce: restricted (or baseline)',
          line: 5,
          column: 3,
        },
      ],
    },
    {
      name: 'enforce: privileged is reported on the value',
      code: namespace('  labels:\n    pod-security.kubernetes.io/enforce: privileged\n'),
      errors: [
        {
          messageId: 'privileged',
          message:
            'Namespace "shop" sets pod-security.kubernetes.io/enforce to privileged, which turns Pod Security Admission off for it: use restricted (or baseline)',
          line: 6,
          column: 41,
          endLine: 6,
          endColumn: 51,
        },
      ],
    },
    {
      name: 'a value that is not a level; shape-hostile labels',
      code: `${namespace('  labels:\n    pod-security.kubernetes.io/enforce: Restricted\n')}---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: other\n  labels: [x]\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: third\n  labels:\n    pod-security.kubernetes.io/enforce: [restricted]\n`,
      errors: [
        {
          messageId: 'invalid',
          message:
            'Namespace "shop" sets pod-security.kubernetes.io/enforce to "Restricted", which is not a Pod Security level (privileged, baseline or restricted): use restricted (or baseline)',
          line: 6,
          column: 41,
        },
        {
          messageId: 'missing',
          message:
            'Namespace "other" has no pod-security.kubernetes.io/enforce label, so Pod Security Admission lets any pod in (unless the cluster sets a default): label it enforce: restricted (or baseline)',
          line: 12,
          column: 3,
        },
        {
          messageId: 'invalid',
          message:
            'Namespace "third" sets pod-security.kubernetes.io/enforce to "["restricted"]", which is not a Pod Security level (privileged, baseline or restricted): use restricted (or baseline)',
          line: 19,
          column: 5,
        },
      ],
    },
  ],
} satisfies CheckCases;

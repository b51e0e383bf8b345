import type { CheckCases } from '../../test/check-tester.js';

const head = 'apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\n';
const identityFirst = (resources: string, object = 'EncryptionConfiguration') =>
  `${object} lists identity first for ${resources}: the API server writes Secrets to etcd unencrypted; put aescbc, aesgcm, secretbox or kms first and keep identity last (only to read old data)`;
const notCovered = (object = 'EncryptionConfiguration') =>
  `${object} has no resource list that covers secrets (secrets, *. or *.*): Secrets are stored unencrypted; add an entry for secrets with an encrypting provider first`;

export default {
  valid: [
    {
      name: 'secrets with aescbc first, identity last (while old data is rewritten)',
      code: `${head}resources:
  - resources:
      - secrets
      - configmaps
    providers:
      - aescbc:
          keys:
            - name: key1
              secret: c2VjcmV0IGlzIHNlY3VyZQ==
      - identity: {}
`,
    },
    {
      name: 'the *.* wildcard with KMS v2',
      code: `${head}resources:
  - resources: ["*.*"]
    providers:
      - kms:
          apiVersion: v2
          name: vault
          endpoint: unix:///var/run/kms/socket.sock
`,
    },
    {
      name: 'events left unencrypted before a *. entry that encrypts the core group',
      code: `${head}resources:
  - resources: [events]
    providers: [{ identity: {} }]
  - resources: ["*."]
    providers: [{ secretbox: { keys: [{ name: k, secret: YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXoxMjM0NTY= }] } }]
`,
    },
    {
      name: 'a different kind of the group is not checked',
      code: 'apiVersion: apiserver.config.k8s.io/v1\nkind: AdmissionConfiguration\nplugins: []\n',
    },
  ],
  invalid: [
    {
      name: 'identity first for secrets: the identity key is pointed at',
      code: `${head}resources:
  - resources:
      - secrets
    providers:
      - identity: {}
      - aescbc:
          keys:
            - name: key1
              secret: c2VjcmV0IGlzIHNlY3VyZQ==
`,
      errors: [{ messageId: 'identityFirst', message: identityFirst('secrets'), line: 7, column: 9, endLine: 7, endColumn: 17 }],
    },
    {
      name: 'the first list that covers secrets decides, even when a later one encrypts',
      code: `${head}metadata:
  name: cluster-a
resources:
  - resources: [configmaps]
    providers: [{ aesgcm: { keys: [{ name: k, secret: c2VjcmV0IGlzIHNlY3VyZQ== }] } }]
  - resources: ["*.*"]
    providers: [{ identity: {} }]
  - resources: [secrets]
    providers: [{ aescbc: { keys: [{ name: k, secret: c2VjcmV0IGlzIHNlY3VyZQ== }] } }]
`,
      errors: [{ messageId: 'identityFirst', message: identityFirst('*.*', 'EncryptionConfiguration "cluster-a"'), line: 9, column: 19 }],
    },
    {
      name: 'secrets not covered: reported on the resources key',
      code: `${head}resources:
  - resources: [configmaps]
    providers:
      - aescbc:
          keys:
            - name: key1
              secret: c2VjcmV0IGlzIHNlY3VyZQ==
`,
      errors: [{ messageId: 'secretsNotCovered', message: notCovered(), line: 3, column: 1, endLine: 3, endColumn: 10 }],
    },
    {
      name: 'shape-hostile: resources is a list of junk',
      code: `${head}resources: [1, null, { resources: "secrets" }, { resources: [1, null] }]\n`,
      errors: [{ messageId: 'secretsNotCovered', message: notCovered(), line: 3, column: 1 }],
    },
    {
      name: 'shape-hostile: no resources at all, reported on the first line',
      code: head,
      errors: [{ messageId: 'secretsNotCovered', message: notCovered(), line: 1, column: 1 }],
    },
  ],
} satisfies CheckCases;

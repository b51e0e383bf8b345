import type { CheckCases } from '../../test/check-tester.js';

export default {
  valid: [
    {
      name: 'readOnlyRootFilesystem: true',
      code: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  template:
    spec:
      containers:
        - name: db
          image: postgres:17
          securityContext:
            readOnlyRootFilesystem: true
`,
    },
  ],
  invalid: [
    {
      name: 'missing, and explicitly false, in a multi-document file',
      output: `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  template:
    spec:
      containers:
        - name: agent
          image: agent:2.1
          securityContext:
            runAsNonRoot: true
            readOnlyRootFilesystem: true
        - name: shipper
          image: shipper:1.0
          securityContext:
            readOnlyRootFilesystem: false
`,
      code: `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  template:
    spec:
      containers:
        - name: agent
          image: agent:2.1
          securityContext:
            runAsNonRoot: true
        - name: shipper
          image: shipper:1.0
          securityContext:
            readOnlyRootFilesystem: false
`,
      errors: [
        {
          messageId: 'writableRoot',
          message: 'DaemonSet "agent" container "agent" has a writable root filesystem: securityContext.readOnlyRootFilesystem is not true',
          line: 16,
          column: 11,
          endLine: 16,
          endColumn: 26,
        },
        {
          messageId: 'explicitlyWritable',
          message: 'DaemonSet "agent" container "shipper" sets securityContext.readOnlyRootFilesystem: false',
          line: 21,
          column: 37,
          endLine: 21,
          endColumn: 42,
        },
      ],
    },
  ],
} satisfies CheckCases;

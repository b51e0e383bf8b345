import type { CheckCases } from '../../test/check-tester.js';

export default {
  valid: [
    {
      name: 'a named ServiceAccount',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      serviceAccountName: web
      containers:
        - name: app
          image: nginx:1.27
`,
    },
    {
      name: 'the deprecated serviceAccount field is read when serviceAccountName is empty (CronJob job template)',
      code: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  jobTemplate:
    spec:
      template:
        spec:
          serviceAccountName: ""
          serviceAccount: nightly
          containers:
            - name: job
              image: busybox:1.36
`,
    },
    {
      name: 'shape-hostile: a spec that is a list',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec: []
`,
    },
  ],
  invalid: [
    {
      name: 'no serviceAccountName: reported on the pod spec',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx:1.27
`,
      errors: [
        {
          messageId: 'implicitDefault',
          message:
            'Deployment "web" runs as its namespace\'s default ServiceAccount (no serviceAccountName): every role bound to default applies to it; create a ServiceAccount for this workload and set serviceAccountName',
          line: 7,
          column: 5,
          endLine: 7,
          endColumn: 9,
        },
      ],
    },
    {
      name: 'serviceAccountName: default, and the deprecated field set to default',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  serviceAccountName: default
  containers:
    - name: app
      image: nginx:1.27
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  template:
    spec:
      serviceAccount: default
      containers:
        - name: db
          image: postgres:17
`,
      errors: [
        {
          messageId: 'explicitDefault',
          message:
            'Pod "p" sets serviceAccountName: default: every role bound to default applies to it; create a ServiceAccount for this workload and name it here',
          line: 6,
          column: 23,
          endLine: 6,
          endColumn: 30,
        },
        {
          messageId: 'explicitDefault',
          message:
            'StatefulSet "db" sets serviceAccount: default: every role bound to default applies to it; create a ServiceAccount for this workload and name it here',
          line: 18,
          column: 23,
        },
      ],
    },
    {
      name: 'shape-hostile: a number is not a name; DaemonSet, Job, ReplicaSet, ReplicationController and PodTemplate are found',
      code: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  template:
    spec:
      serviceAccountName: 42
---
apiVersion: batch/v1
kind: Job
metadata:
  name: once
spec:
  template:
    spec:
      restartPolicy: Never
---
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: rs
spec:
  template:
    spec:
      serviceAccountName: default
---
apiVersion: v1
kind: ReplicationController
metadata:
  name: rc
spec:
  template:
    spec:
      serviceAccountName: default
---
apiVersion: v1
kind: PodTemplate
metadata:
  name: tpl
template:
  spec:
    serviceAccountName: default
`,
      errors: [
        {
          messageId: 'implicitDefault',
          message:
            'DaemonSet "agent" runs as its namespace\'s default ServiceAccount (no serviceAccountName): every role bound to default applies to it; create a ServiceAccount for this workload and set serviceAccountName',
          line: 8,
          column: 27,
          endLine: 8,
          endColumn: 29,
        },
        {
          messageId: 'implicitDefault',
          message:
            'Job "once" runs as its namespace\'s default ServiceAccount (no serviceAccountName): every role bound to default applies to it; create a ServiceAccount for this workload and set serviceAccountName',
          line: 16,
          column: 5,
        },
        {
          messageId: 'explicitDefault',
          message:
            'ReplicaSet "rs" sets serviceAccountName: default: every role bound to default applies to it; create a ServiceAccount for this workload and name it here',
          line: 26,
          column: 27,
        },
        {
          messageId: 'explicitDefault',
          message:
            'ReplicationController "rc" sets serviceAccountName: default: every role bound to default applies to it; create a ServiceAccount for this workload and name it here',
          line: 35,
          column: 27,
        },
        {
          messageId: 'explicitDefault',
          message:
            'PodTemplate "tpl" sets serviceAccountName: default: every role bound to default applies to it; create a ServiceAccount for this workload and name it here',
          line: 43,
          column: 25,
        },
      ],
    },
  ],
} satisfies CheckCases;

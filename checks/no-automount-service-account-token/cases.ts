import type { CheckCases } from '../../test/check-tester.js';

const serviceAccount = (name: string, namespace: string, automount: string) => `apiVersion: v1
kind: ServiceAccount
metadata:
  name: ${name}
  namespace: ${namespace}
${automount}`;

export default {
  valid: [
    {
      name: 'automountServiceAccountToken: false on the pod spec',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    spec:
      automountServiceAccountToken: false
      containers:
        - name: app
          image: nginx:1.27
`,
    },
    {
      name: 'unset on the pod, false on its ServiceAccount in another file of the repository',
      files: { 'serviceaccounts.yaml': serviceAccount('web', 'shop', 'automountServiceAccountToken: false\n') },
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
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
      name: "no serviceAccountName: the namespace's default ServiceAccount, false in the repository (CronJob job template)",
      files: { 'base/default-sa.yaml': serviceAccount('default', 'batch', 'automountServiceAccountToken: false\n') },
      code: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
  namespace: batch
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: job
              image: busybox:1.36
`,
    },
    {
      name: 'the ServiceAccount in the same file, read through the deprecated serviceAccount field (Job)',
      code: `apiVersion: v1
kind: ServiceAccount
metadata:
  name: once
  namespace: jobs
automountServiceAccountToken: false
---
apiVersion: batch/v1
kind: Job
metadata:
  name: once
  namespace: jobs
spec:
  template:
    spec:
      serviceAccount: once
      containers:
        - name: job
          image: busybox:1.36
`,
      files: {},
    },
  ],
  invalid: [
    {
      name: 'automountServiceAccountToken: true on the pod spec wins over its ServiceAccount',
      output: null,
      files: { 'serviceaccounts.yaml': serviceAccount('web', 'shop', 'automountServiceAccountToken: false\n') },
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    spec:
      serviceAccountName: web
      automountServiceAccountToken: true
      containers:
        - name: app
          image: nginx:1.27
`,
      errors: [
        {
          messageId: 'podAutomounts',
          message:
            'Deployment "web" sets automountServiceAccountToken: true, so every container gets a Kubernetes API token; set it to false unless the workload calls the Kubernetes API',
          line: 10,
          column: 37,
          endLine: 10,
          endColumn: 41,
        },
      ],
    },
    {
      name: 'the ServiceAccount in the repository does not disable it; one in another namespace does not count',
      output: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
  namespace: monitoring
spec:
  template:
    spec:
      serviceAccountName: agent
      containers:
        - name: agent
          image: agent:2.1
      automountServiceAccountToken: false
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  namespace: data
spec:
  template:
    spec:
      serviceAccountName: db
      containers:
        - name: db
          image: postgres:17
      automountServiceAccountToken: false
`,
      files: {
        'serviceaccounts.yaml': `${serviceAccount('agent', 'monitoring', '')}---
${serviceAccount('db', 'other', 'automountServiceAccountToken: false\n')}`,
      },
      code: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
  namespace: monitoring
spec:
  template:
    spec:
      serviceAccountName: agent
      containers:
        - name: agent
          image: agent:2.1
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  namespace: data
spec:
  template:
    spec:
      serviceAccountName: db
      containers:
        - name: db
          image: postgres:17
`,
      errors: [
        {
          messageId: 'serviceAccountAutomounts',
          message:
            'DaemonSet "agent" gets a Kubernetes API token in every container: neither its pod spec nor its ServiceAccount "agent" sets automountServiceAccountToken: false; set it to false on the pod spec or the ServiceAccount',
          line: 8,
          column: 5,
          endLine: 8,
          endColumn: 9,
        },
        {
          messageId: 'unknownServiceAccount',
          message:
            'StatefulSet "db" gets a Kubernetes API token in every container: its pod spec does not set automountServiceAccountToken: false and its ServiceAccount "db" is not in the repository; set it to false on the pod spec',
          line: 21,
          column: 5,
        },
      ],
    },
    {
      name: 'no ServiceAccount in the repository: the pod spec must say false (Pod, ReplicaSet, ReplicationController, PodTemplate)',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: nginx:1.27
---
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: rs
spec:
  template:
    spec:
      serviceAccountName: rs
---
apiVersion: v1
kind: ReplicationController
metadata:
  name: rc
spec:
  template:
    spec:
      automountServiceAccountToken: null
---
apiVersion: v1
kind: PodTemplate
metadata:
  name: tpl
template:
  spec:
    serviceAccountName: 42
`,
      errors: [
        {
          messageId: 'unknownServiceAccount',
          message:
            'Pod "p" gets a Kubernetes API token in every container: its pod spec does not set automountServiceAccountToken: false and its ServiceAccount "default" is not in the repository; set it to false on the pod spec',
          line: 5,
          column: 1,
          endLine: 5,
          endColumn: 5,
        },
        {
          messageId: 'unknownServiceAccount',
          message:
            'ReplicaSet "rs" gets a Kubernetes API token in every container: its pod spec does not set automountServiceAccountToken: false and its ServiceAccount "rs" is not in the repository; set it to false on the pod spec',
          line: 16,
          column: 5,
        },
        {
          messageId: 'unknownServiceAccount',
          message:
            'ReplicationController "rc" gets a Kubernetes API token in every container: its pod spec does not set automountServiceAccountToken: false and its ServiceAccount "default" is not in the repository; set it to false on the pod spec',
          line: 26,
          column: 37,
        },
        {
          messageId: 'unknownServiceAccount',
          message:
            'PodTemplate "tpl" gets a Kubernetes API token in every container: its pod spec does not set automountServiceAccountToken: false and its ServiceAccount "default" is not in the repository; set it to false on the pod spec',
          line: 33,
          column: 3,
        },
      ],
    },
    {
      name: 'shape-hostile: a quoted "false" is not false',
      output: null,
      code: `apiVersion: batch/v1
kind: Job
metadata:
  name: once
spec:
  template:
    spec:
      automountServiceAccountToken: "false"
`,
      errors: [
        {
          messageId: 'podAutomounts',
          message:
            'Job "once" sets automountServiceAccountToken: "false", so every container gets a Kubernetes API token; set it to false unless the workload calls the Kubernetes API',
          line: 8,
          column: 37,
          endLine: 8,
          endColumn: 44,
        },
      ],
    },
  ],
} satisfies CheckCases;

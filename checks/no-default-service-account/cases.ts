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
    {
      name: 'a default ServiceAccount with automountServiceAccountToken: false, another ServiceAccount, bindings to other subjects',
      code: `apiVersion: v1
kind: ServiceAccount
metadata:
  name: default
  namespace: shop
automountServiceAccountToken: false
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: web
  namespace: shop
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: web
  namespace: shop
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: web}
subjects:
  - {kind: ServiceAccount, name: web}
  - {kind: User, name: "system:serviceaccount:shop:web"}
  - {kind: Group, name: "system:authenticated"}
  - {kind: Group, name: "system:serviceaccounts:shop:x"}
  - [oops]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: refused
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects:
  - {kind: ServiceAccount, name: default}
`,
    },
  ],
  invalid: [
    {
      name: 'a default ServiceAccount that mounts its token: unset (on its name) or true (on the value)',
      code: `apiVersion: v1
kind: ServiceAccount
metadata:
  name: default
  namespace: shop
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: default
automountServiceAccountToken: true
`,
      errors: [
        {
          messageId: 'defaultAutomounts',
          message:
            'ServiceAccount "default" of namespace "shop" leaves automountServiceAccountToken unset (true), so every pod there that names no ServiceAccount gets a Kubernetes API token; set automountServiceAccountToken: false on it',
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 16,
          severity: 1,
        },
        {
          messageId: 'defaultAutomounts',
          data: { namespace: 'default', setting: 'sets automountServiceAccountToken: true' },
          line: 11,
          column: 31,
        },
      ],
    },
    {
      name: "bindings to a namespace's default ServiceAccount, by kind or by user name, and to every ServiceAccount",
      code: `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: ci
  namespace: ci
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
subjects:
  - kind: ServiceAccount
    name: default
  - kind: User
    name: "system:serviceaccount:prod:default"
  - kind: Group
    name: "system:serviceaccounts:ci"
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: monitoring
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects:
  - {kind: ServiceAccount, name: default, namespace: kube-system}
  - {kind: Group, name: "system:serviceaccounts"}
`,
      errors: [
        {
          messageId: 'boundDefault',
          message:
            'RoleBinding "ci" grants ClusterRole "edit" to ServiceAccount "ci/default", the default ServiceAccount of namespace "ci": every pod there that names no ServiceAccount gets it; create a ServiceAccount for the workload that needs the role and bind that one',
          line: 9,
          column: 11,
        },
        {
          messageId: 'boundDefault',
          data: { role: 'ClusterRole "edit"', subject: 'User "system:serviceaccount:prod:default"', namespace: 'prod' },
          line: 11,
          column: 11,
        },
        {
          messageId: 'boundAllServiceAccounts',
          message:
            'RoleBinding "ci" grants ClusterRole "edit" to Group "system:serviceaccounts:ci", every ServiceAccount of namespace "ci", the default ones included: every pod there gets it; bind the ServiceAccounts of the workloads that need the role instead',
          line: 13,
          column: 11,
        },
        {
          messageId: 'boundDefault',
          data: {
            object: 'ClusterRoleBinding "monitoring"',
            role: 'ClusterRole "view"',
            subject: 'ServiceAccount "kube-system/default"',
            namespace: 'kube-system',
          },
          line: 21,
          column: 34,
        },
        {
          messageId: 'boundAllServiceAccounts',
          data: {
            object: 'ClusterRoleBinding "monitoring"',
            role: 'ClusterRole "view"',
            subject: 'Group "system:serviceaccounts"',
            which: 'of every namespace',
          },
          line: 22,
          column: 25,
        },
      ],
    },
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

import type { CheckCases } from '../../test/check-tester.js';

export default {
  valid: [
    {
      name: 'privileged: false, and no securityContext at all',
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
          securityContext:
            privileged: false
        - name: sidecar
          image: envoy:1.31
`,
    },
    {
      name: 'shape-hostile: securityContext: [], containers: null, a quoted "true" is not a boolean',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: nginx:1.27
      securityContext: []
    - name: other
      image: nginx:1.27
      securityContext:
        privileged: "true"
  initContainers: null
`,
    },
    {
      name: 'a pod-level privileged key is not a Kubernetes field (ReplicationController)',
      code: `apiVersion: v1
kind: ReplicationController
metadata:
  name: rc
spec:
  template:
    spec:
      securityContext:
        privileged: true
      containers:
        - name: app
          image: nginx:1.27
`,
    },
    {
      name: 'a Rollout of another API group (OpenKruise) and an Argo Rollout that runs a Deployment by workloadRef hold no pod template',
      code: `apiVersion: rollouts.kruise.io/v1alpha1
kind: Rollout
metadata:
  name: kruise
spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx:1.27
          securityContext:
            privileged: true
---
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: by-ref
spec:
  workloadRef:
    apiVersion: apps/v1
    kind: Deployment
    name: web
`,
    },
  ],
  invalid: [
    {
      name: 'a privileged DaemonSet container',
      code: `apiVersion: apps/v1
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
            privileged: true
`,
      errors: [
        {
          messageId: 'privileged',
          message:
            'DaemonSet "agent" container "agent" runs privileged: it gets every capability and every host device, so a breakout is one step away; remove securityContext.privileged or set it to false',
          line: 12,
          column: 25,
          endLine: 12,
          endColumn: 29,
        },
      ],
    },
    {
      name: 'privileged init and ephemeral containers of a Pod',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  initContainers:
    - name: sysctl
      image: busybox:1.36
      securityContext: {privileged: true}
  containers:
    - name: app
      image: nginx:1.27
  ephemeralContainers:
    - name: debug
      image: busybox:1.36
      securityContext:
        privileged: true
`,
      errors: [
        {
          messageId: 'privileged',
          message:
            'Pod "p" init container "sysctl" runs privileged: it gets every capability and every host device, so a breakout is one step away; remove securityContext.privileged or set it to false',
          line: 9,
          column: 37,
          endLine: 9,
          endColumn: 41,
        },
        {
          messageId: 'privileged',
          message:
            'Pod "p" ephemeral container "debug" runs privileged: it gets every capability and every host device, so a breakout is one step away; remove securityContext.privileged or set it to false',
          line: 17,
          column: 21,
        },
      ],
    },
    {
      name: 'Job, CronJob job template, StatefulSet, ReplicaSet and PodTemplate are found',
      code: `apiVersion: batch/v1
kind: Job
metadata:
  name: once
spec:
  template:
    spec:
      containers:
        - name: job
          image: busybox:1.36
          securityContext:
            privileged: true
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: job
              image: busybox:1.36
              securityContext:
                privileged: yes
---
apiVersion: apps/v1
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
            privileged: true
---
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: rs
spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx:1.27
          securityContext:
            privileged: true
---
apiVersion: v1
kind: PodTemplate
metadata:
  name: tpl
template:
  spec:
    containers:
      - name: app
        image: nginx:1.27
        securityContext:
          privileged: true
`,
      errors: [
        {
          messageId: 'privileged',
          data: { container: 'container "job"' },
          line: 12,
          column: 25,
          endLine: 12,
          endColumn: 29,
        },
        {
          messageId: 'privileged',
          data: { container: 'container "job"' },
          line: 27,
          column: 29,
        },
        {
          messageId: 'privileged',
          data: { container: 'container "db"' },
          line: 40,
          column: 25,
        },
        {
          messageId: 'privileged',
          data: { container: 'container "app"' },
          line: 53,
          column: 25,
        },
        {
          messageId: 'privileged',
          data: { container: 'container "app"' },
          line: 65,
          column: 23,
        },
      ],
    },
    {
      name: 'OpenShift DeploymentConfig, Argo Rollout and PodTemplate: their pod templates are checked',
      code: `apiVersion: apps.openshift.io/v1
kind: DeploymentConfig
metadata:
  name: legacy
spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx:1.27
          securityContext:
            privileged: true
---
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: canary
spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx:1.27
          securityContext: {privileged: true}
---
apiVersion: v1
kind: PodTemplate
metadata:
  name: tpl
template:
  spec:
    containers:
      - name: app
        image: nginx:1.27
        securityContext:
          privileged: true
`,
      errors: [
        {
          messageId: 'privileged',
          message:
            'DeploymentConfig "legacy" container "app" runs privileged: it gets every capability and every host device, so a breakout is one step away; remove securityContext.privileged or set it to false',
          line: 12,
          column: 25,
        },
        { messageId: 'privileged', data: { object: 'Rollout "canary"', container: 'container "app"' }, line: 24, column: 41 },
        { messageId: 'privileged', data: { object: 'PodTemplate "tpl"', container: 'container "app"' }, line: 36, column: 23 },
      ],
    },
  ],
} satisfies CheckCases;

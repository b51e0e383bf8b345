import type { CheckCases } from '../../test/check-tester.js';

export default {
  valid: [
    {
      name: 'allowPrivilegeEscalation: false on the container',
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
            allowPrivilegeEscalation: false
`,
    },
    {
      name: 'init and ephemeral containers of a Pod that all set false',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  initContainers:
    - name: setup
      image: busybox:1.36
      securityContext: {allowPrivilegeEscalation: false}
  containers:
    - name: app
      image: nginx:1.27
      securityContext: {allowPrivilegeEscalation: false}
  ephemeralContainers:
    - name: debug
      image: busybox:1.36
      securityContext: {allowPrivilegeEscalation: false}
`,
    },
    {
      name: 'a CronJob job template that sets false',
      code: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: job
              image: busybox:1.36
              securityContext:
                allowPrivilegeEscalation: false
`,
    },
    {
      name: 'shape-hostile: containers: null and a scalar container are passed over',
      code: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  template:
    spec:
      containers: null
      initContainers:
        - 42
`,
    },
    {
      name: 'a ReplicationController and a PodTemplate that set false',
      code: `apiVersion: v1
kind: ReplicationController
metadata:
  name: legacy
spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx:1.27
          securityContext:
            allowPrivilegeEscalation: false
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
          allowPrivilegeEscalation: false
`,
    },
    {
      name: 'Windows pods (spec.os.name: windows) are exempt, as in the Pod Security Standards',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: win
spec:
  template:
    spec:
      os:
        name: windows
      containers:
        - name: app
          image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022
`,
    },
  ],
  invalid: [
    {
      name: 'no securityContext: reported on the container',
      output: `apiVersion: apps/v1
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
            allowPrivilegeEscalation: false
`,
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
          messageId: 'missing',
          message:
            'Deployment "web" container "app" may gain more privileges than its parent process (setuid binaries, file capabilities): securityContext.allowPrivilegeEscalation is not set and Kubernetes defaults it to true; set it to false',
          line: 9,
          column: 11,
          endLine: 9,
          endColumn: 20,
        },
      ],
    },
    {
      name: 'explicitly true on a StatefulSet',
      output: null,
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
            allowPrivilegeEscalation: true
`,
      errors: [
        {
          messageId: 'allowed',
          message: 'StatefulSet "db" container "db" sets securityContext.allowPrivilegeEscalation: true; set it to false',
          line: 12,
          column: 39,
          endLine: 12,
          endColumn: 43,
        },
      ],
    },
    {
      name: 'a pod-level allowPrivilegeEscalation is not a Kubernetes field and does not count (ReplicaSet)',
      code: `apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: rs
spec:
  template:
    spec:
      securityContext:
        allowPrivilegeEscalation: false
      containers:
        - name: app
          image: nginx:1.27
          securityContext:
            runAsNonRoot: true
`,
      errors: [
        {
          messageId: 'missing',
          message:
            'ReplicaSet "rs" container "app" may gain more privileges than its parent process (setuid binaries, file capabilities): securityContext.allowPrivilegeEscalation is not set and Kubernetes defaults it to true; set it to false',
          line: 13,
          column: 11,
          endLine: 13,
          endColumn: 26,
        },
      ],
    },
    {
      name: 'init and ephemeral containers of a Pod are checked',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  initContainers:
    - name: setup
      image: busybox:1.36
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        allowPrivilegeEscalation: false
  ephemeralContainers:
    - name: debug
      image: busybox:1.36
      securityContext:
        privileged: false
`,
      errors: [
        {
          messageId: 'missing',
          message:
            'Pod "p" init container "setup" may gain more privileges than its parent process (setuid binaries, file capabilities): securityContext.allowPrivilegeEscalation is not set and Kubernetes defaults it to true; set it to false',
          line: 7,
          column: 7,
          endLine: 7,
          endColumn: 18,
        },
        {
          messageId: 'missing',
          message:
            'Pod "p" ephemeral container "debug" may gain more privileges than its parent process (setuid binaries, file capabilities): securityContext.allowPrivilegeEscalation is not set and Kubernetes defaults it to true; set it to false',
          line: 17,
          column: 7,
        },
      ],
    },
    {
      name: 'shape-hostile: securityContext: [] on a Job, and a quoted "false" in a CronJob',
      output: null,
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
          securityContext: []
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
                allowPrivilegeEscalation: "false"
`,
      errors: [
        {
          messageId: 'missing',
          message:
            'Job "once" container "job" may gain more privileges than its parent process (setuid binaries, file capabilities): securityContext.allowPrivilegeEscalation is not set and Kubernetes defaults it to true; set it to false',
          line: 11,
          column: 11,
          endLine: 11,
          endColumn: 26,
        },
        {
          messageId: 'allowed',
          message: 'CronJob "nightly" container "job" sets securityContext.allowPrivilegeEscalation: "false"; set it to false',
          line: 26,
          column: 43,
        },
      ],
    },
    {
      name: 'a DaemonSet and a PodTemplate without it',
      code: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  template:
    spec:
      containers:
        - image: agent:2.1
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
`,
      errors: [
        {
          messageId: 'missing',
          message:
            'DaemonSet "agent" container "#0" may gain more privileges than its parent process (setuid binaries, file capabilities): securityContext.allowPrivilegeEscalation is not set and Kubernetes defaults it to true; set it to false',
          line: 9,
          column: 11,
          endLine: 9,
          endColumn: 27,
        },
        {
          messageId: 'missing',
          message:
            'PodTemplate "tpl" container "app" may gain more privileges than its parent process (setuid binaries, file capabilities): securityContext.allowPrivilegeEscalation is not set and Kubernetes defaults it to true; set it to false',
          line: 18,
          column: 9,
        },
      ],
    },
  ],
} satisfies CheckCases;

import type { CheckCases } from '../../test/check-tester.js';

export default {
  valid: [
    {
      name: 'RuntimeDefault on the pod counts for every container, init and ephemeral ones included',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      securityContext:
        seccompProfile:
          type: RuntimeDefault
      initContainers:
        - name: setup
          image: busybox:1.36
      containers:
        - name: app
          image: nginx:1.27
      ephemeralContainers:
        - name: debug
          image: busybox:1.36
`,
    },
    {
      name: 'Localhost on the container overrides an Unconfined pod',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    seccompProfile: {type: Unconfined}
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        seccompProfile:
          type: Localhost
          localhostProfile: profiles/app.json
`,
    },
    {
      name: 'the legacy pod and container annotations count (CronJob job template)',
      code: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  jobTemplate:
    spec:
      template:
        metadata:
          annotations:
            seccomp.security.alpha.kubernetes.io/pod: runtime/default
            container.seccomp.security.alpha.kubernetes.io/tool: localhost/profiles/tool.json
        spec:
          containers:
            - name: job
              image: busybox:1.36
            - name: tool
              image: busybox:1.36
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
      name: 'no profile anywhere: reported on each container',
      output: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  template:
    spec:
      initContainers:
        - name: init
          image: busybox:1.36
      containers:
        - name: db
          image: postgres:17
          securityContext:
            runAsNonRoot: true
      securityContext:
        seccompProfile:
          type: RuntimeDefault
`,
      code: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  template:
    spec:
      initContainers:
        - name: init
          image: busybox:1.36
      containers:
        - name: db
          image: postgres:17
          securityContext:
            runAsNonRoot: true
`,
      errors: [
        {
          messageId: 'missing',
          message:
            'StatefulSet "db" init container "init" has no seccomp profile (it runs Unconfined unless the kubelet defaults it): neither the container nor the pod sets securityContext.seccompProfile.type; set it to RuntimeDefault on the pod',
          line: 9,
          column: 11,
          endLine: 9,
          endColumn: 21,
        },
        {
          messageId: 'missing',
          message:
            'StatefulSet "db" container "db" has no seccomp profile (it runs Unconfined unless the kubelet defaults it): neither the container nor the pod sets securityContext.seccompProfile.type; set it to RuntimeDefault on the pod',
          line: 14,
          column: 11,
        },
      ],
    },
    {
      name: 'Unconfined on the pod is one error naming the containers that inherit it',
      output: null,
      code: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  template:
    spec:
      securityContext:
        seccompProfile:
          type: Unconfined
      containers:
        - name: agent
          image: agent:2.1
        - name: shipper
          image: shipper:1.0
        - name: safe
          image: safe:1.0
          securityContext:
            seccompProfile: {type: RuntimeDefault}
      ephemeralContainers:
        - name: debug
          image: busybox:1.36
`,
      errors: [
        {
          messageId: 'podUnconfined',
          message:
            'DaemonSet "agent" turns seccomp off for container "agent", container "shipper", ephemeral container "debug": securityContext.seccompProfile.type is "Unconfined" on the pod, so every system call is allowed; set it to RuntimeDefault (or a Localhost profile)',
          line: 10,
          column: 17,
          endLine: 10,
          endColumn: 27,
          severity: 2,
        },
      ],
    },
    {
      name: 'a container-level Unconfined overrides a RuntimeDefault pod; the legacy unconfined annotation (Job)',
      code: `apiVersion: batch/v1
kind: Job
metadata:
  name: once
spec:
  template:
    metadata:
      annotations:
        container.seccomp.security.alpha.kubernetes.io/helper: unconfined
    spec:
      securityContext:
        seccompProfile: {type: RuntimeDefault}
      containers:
        - name: job
          image: busybox:1.36
          securityContext:
            seccompProfile:
              type: Unconfined
        - name: helper
          image: busybox:1.36
`,
      errors: [
        {
          messageId: 'unconfined',
          message:
            'Job "once" container "helper" turns seccomp off: annotation "container.seccomp.security.alpha.kubernetes.io/helper" is "unconfined", so every system call is allowed; set it to RuntimeDefault (or a Localhost profile)',
          line: 9,
          column: 64,
          endLine: 9,
          endColumn: 74,
          severity: 2,
        },
        {
          messageId: 'unconfined',
          message:
            'Job "once" container "job" turns seccomp off: securityContext.seccompProfile.type is "Unconfined", so every system call is allowed; set it to RuntimeDefault (or a Localhost profile)',
          line: 18,
          column: 21,
          severity: 2,
        },
      ],
    },
    {
      name: 'shape-hostile: unknown types, a numeric type, securityContext: [] (ReplicaSet, ReplicationController, PodTemplate)',
      output: `apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: rs
spec:
  template:
    spec:
      securityContext:
        seccompProfile: {type: 42}
      containers:
        - name: app
          image: nginx:1.27
---
apiVersion: v1
kind: ReplicationController
metadata:
  name: rc
spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx:1.27
          securityContext:
            seccompProfile: {type: runtime/default}
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
        securityContext: []
    securityContext:
      seccompProfile:
        type: RuntimeDefault
`,
      code: `apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: rs
spec:
  template:
    spec:
      securityContext:
        seccompProfile: {type: 42}
      containers:
        - name: app
          image: nginx:1.27
---
apiVersion: v1
kind: ReplicationController
metadata:
  name: rc
spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx:1.27
          securityContext:
            seccompProfile: {type: runtime/default}
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
        securityContext: []
`,
      errors: [
        {
          messageId: 'podUnknown',
          message:
            'ReplicaSet "rs" sets securityContext.seccompProfile.type to 42 on the pod (inherited by container "app"), which is not a seccomp profile kubeward can confirm; use RuntimeDefault or Localhost',
          line: 9,
          column: 32,
          endLine: 9,
          endColumn: 34,
        },
        {
          messageId: 'unknown',
          message:
            'ReplicationController "rc" container "app" sets securityContext.seccompProfile.type to "runtime/default", which is not a seccomp profile kubeward can confirm; use RuntimeDefault or Localhost',
          line: 25,
          column: 36,
        },
        {
          messageId: 'missing',
          message:
            'PodTemplate "tpl" container "app" has no seccomp profile (it runs Unconfined unless the kubelet defaults it): neither the container nor the pod sets securityContext.seccompProfile.type; set it to RuntimeDefault on the pod',
          line: 36,
          column: 9,
        },
      ],
    },
  ],
} satisfies CheckCases;

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
        appArmorProfile:
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
    appArmorProfile: {type: Unconfined}
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        appArmorProfile:
          type: Localhost
          localhostProfile: k8s-app
`,
    },
    {
      name: 'the legacy per-container annotation counts (CronJob job template)',
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
            container.apparmor.security.beta.kubernetes.io/job: runtime/default
            container.apparmor.security.beta.kubernetes.io/tool: localhost/k8s-tool
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
            'StatefulSet "db" init container "init" names no AppArmor profile: neither the container nor the pod sets securityContext.appArmorProfile.type (nor the legacy annotation); set it to RuntimeDefault on the pod',
          line: 9,
          column: 11,
          endLine: 9,
          endColumn: 21,
        },
        {
          messageId: 'missing',
          message:
            'StatefulSet "db" container "db" names no AppArmor profile: neither the container nor the pod sets securityContext.appArmorProfile.type (nor the legacy annotation); set it to RuntimeDefault on the pod',
          line: 14,
          column: 11,
        },
      ],
    },
    {
      name: 'Unconfined on the pod is one error naming the containers that inherit it',
      code: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  template:
    spec:
      securityContext:
        appArmorProfile:
          type: Unconfined
      containers:
        - name: agent
          image: agent:2.1
        - name: safe
          image: safe:1.0
          securityContext:
            appArmorProfile: {type: RuntimeDefault}
      ephemeralContainers:
        - name: debug
          image: busybox:1.36
`,
      errors: [
        {
          messageId: 'podUnconfined',
          message:
            'DaemonSet "agent" turns AppArmor off for container "agent", ephemeral container "debug": securityContext.appArmorProfile.type is "Unconfined" on the pod; set it to RuntimeDefault (or a Localhost profile)',
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
        container.apparmor.security.beta.kubernetes.io/helper: unconfined
    spec:
      securityContext:
        appArmorProfile: {type: RuntimeDefault}
      containers:
        - name: job
          image: busybox:1.36
          securityContext:
            appArmorProfile:
              type: Unconfined
        - name: helper
          image: busybox:1.36
`,
      errors: [
        {
          messageId: 'unconfined',
          message:
            'Job "once" container "helper" turns AppArmor off: annotation "container.apparmor.security.beta.kubernetes.io/helper" is "unconfined"; set it to RuntimeDefault (or a Localhost profile)',
          line: 9,
          column: 64,
          endLine: 9,
          endColumn: 74,
          severity: 2,
        },
        {
          messageId: 'unconfined',
          message:
            'Job "once" container "job" turns AppArmor off: securityContext.appArmorProfile.type is "Unconfined"; set it to RuntimeDefault (or a Localhost profile)',
          line: 18,
          column: 21,
          severity: 2,
        },
      ],
    },
    {
      name: 'shape-hostile: unknown types, a numeric type, securityContext: [] (ReplicaSet, ReplicationController, PodTemplate)',
      code: `apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: rs
spec:
  template:
    spec:
      securityContext:
        appArmorProfile: {type: 42}
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
            appArmorProfile: {type: runtime/default}
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
            'ReplicaSet "rs" sets securityContext.appArmorProfile.type to 42 on the pod (inherited by container "app"), which is not an AppArmor profile kubeward can confirm; use RuntimeDefault or Localhost',
          line: 9,
          column: 33,
          endLine: 9,
          endColumn: 35,
        },
        {
          messageId: 'unknown',
          message:
            'ReplicationController "rc" container "app" sets securityContext.appArmorProfile.type to "runtime/default", which is not an AppArmor profile kubeward can confirm; use RuntimeDefault or Localhost',
          line: 25,
          column: 37,
        },
        {
          messageId: 'missing',
          message:
            'PodTemplate "tpl" container "app" names no AppArmor profile: neither the container nor the pod sets securityContext.appArmorProfile.type (nor the legacy annotation); set it to RuntimeDefault on the pod',
          line: 36,
          column: 9,
        },
      ],
    },
  ],
} satisfies CheckCases;

import type { CheckCases } from '../../test/check-tester.js';

const CRON_WITH_ANNOTATIONS = `apiVersion: batch/v1
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
`;

/** A pod-level Unconfined that every container (init and ephemeral ones included) overrides. */
const OVERRIDDEN = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    seccompProfile: {type: Unconfined}
  initContainers:
    - name: setup
      image: busybox:1.36
      securityContext:
        seccompProfile: {type: RuntimeDefault}
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        seccompProfile:
          type: Localhost
          localhostProfile: profiles/app.json
`;

/** Only the legacy pod annotation, unconfined: from 1.27 it does nothing, and the pod runs Unconfined anyway. */
const UNCONFINED_ANNOTATION = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: legacy
spec:
  template:
    metadata:
      annotations:
        seccomp.security.alpha.kubernetes.io/pod: unconfined
    spec:
      containers:
        - name: app
          image: nginx:1.27
`;

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
      name: 'Kubernetes 1.26: the legacy pod and container annotations count (CronJob job template)',
      kubernetesVersion: '1.26',
      code: CRON_WITH_ANNOTATIONS,
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
    {
      name: 'Kubernetes 1.36: a pod field next to a dead annotation is all that counts',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: both
spec:
  template:
    metadata:
      annotations:
        seccomp.security.alpha.kubernetes.io/pod: runtime/default
    spec:
      securityContext:
        seccompProfile: {type: RuntimeDefault}
      containers:
        - name: app
          image: nginx:1.27
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
      name: 'Kubernetes 1.26: a container-level Unconfined overrides a RuntimeDefault pod; the legacy unconfined annotation (Job)',
      kubernetesVersion: '1.26',
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
            'Job "once" container "helper" turns seccomp off: annotation "container.seccomp.security.alpha.kubernetes.io/helper" is "unconfined", so every system call is allowed; replace the annotation with securityContext.seccompProfile.type: RuntimeDefault on container "helper" (the annotations do nothing from Kubernetes 1.27)',
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
            'ReplicaSet "rs" sets securityContext.seccompProfile.type to 42 on the pod (inherited by container "app"), which is not a seccomp profile kubeward can confirm; set it to RuntimeDefault (or a Localhost profile)',
          line: 9,
          column: 32,
          endLine: 9,
          endColumn: 34,
        },
        {
          messageId: 'unknown',
          message:
            'ReplicationController "rc" container "app" sets securityContext.seccompProfile.type to "runtime/default", which is not a seccomp profile kubeward can confirm; set it to RuntimeDefault (or a Localhost profile)',
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
    {
      name: 'Kubernetes 1.27: the same Job; the dead annotation leaves "helper" to the pod profile',
      kubernetesVersion: '1.27',
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
          data: {
            container: 'container "job"',
            setting: 'securityContext.seccompProfile.type',
            value: 'Unconfined',
            advice: 'set it to RuntimeDefault (or a Localhost profile)',
          },
          line: 18,
          column: 21,
          severity: 2,
        },
      ],
    },
    {
      name: 'Kubernetes 1.27: the legacy annotations are ignored; reported on each annotation with the field to set, runtime/default fixed',
      kubernetesVersion: '1.27',
      code: CRON_WITH_ANNOTATIONS,
      output: `apiVersion: batch/v1
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
          securityContext:
            seccompProfile:
              type: RuntimeDefault
`,
      errors: [
        {
          messageId: 'annotationIgnored',
          message:
            'CronJob "nightly" relies on the annotation "seccomp.security.alpha.kubernetes.io/pod" for the seccomp profile of container "job", but Kubernetes 1.27 and later ignore it (linting for 1.27): without the field, seccomp is off unless the kubelet defaults it; set securityContext.seccompProfile.type: RuntimeDefault on the pod instead',
          line: 11,
          column: 13,
          endLine: 11,
          endColumn: 53,
          severity: 1,
        },
        {
          messageId: 'annotationIgnored',
          message:
            'CronJob "nightly" relies on the annotation "container.seccomp.security.alpha.kubernetes.io/tool" for the seccomp profile of container "tool", but Kubernetes 1.27 and later ignore it (linting for 1.27): without the field, seccomp is off unless the kubelet defaults it; set securityContext.seccompProfile.type: Localhost with localhostProfile: "profiles/tool.json" on container "tool" instead',
          line: 12,
          column: 13,
          endLine: 12,
          endColumn: 64,
          severity: 1,
        },
      ],
    },
    {
      name: 'Kubernetes 1.29: an unconfined pod annotation alone is ignored too; an error, not fixed',
      kubernetesVersion: '1.29',
      code: UNCONFINED_ANNOTATION,
      output: null,
      errors: [
        {
          messageId: 'annotationIgnored',
          message:
            'Deployment "legacy" relies on the annotation "seccomp.security.alpha.kubernetes.io/pod" for the seccomp profile of container "app", but Kubernetes 1.27 and later ignore it (linting for 1.29): without the field, seccomp is off unless the kubelet defaults it; set securityContext.seccompProfile.type: RuntimeDefault on the pod instead',
          line: 9,
          column: 9,
          severity: 2,
        },
      ],
    },
    {
      name: 'Kubernetes 1.30: the same message',
      kubernetesVersion: '1.30',
      code: UNCONFINED_ANNOTATION,
      errors: [
        {
          messageId: 'annotationIgnored',
          data: {
            annotation: 'seccomp.security.alpha.kubernetes.io/pod',
            containers: 'container "app"',
            target: '1.30',
            field: 'securityContext.seccompProfile.type: RuntimeDefault',
            place: 'the pod',
          },
          line: 9,
          column: 9,
          severity: 2,
        },
      ],
    },
    {
      name: 'Kubernetes 1.26: the unconfined pod annotation is read, and reported as unconfined',
      kubernetesVersion: '1.26',
      code: UNCONFINED_ANNOTATION,
      errors: [
        {
          messageId: 'podUnconfined',
          message:
            'Deployment "legacy" turns seccomp off for container "app": annotation "seccomp.security.alpha.kubernetes.io/pod" is "unconfined" on the pod, so every system call is allowed; replace the annotation with securityContext.seccompProfile.type: RuntimeDefault on the pod (the annotations do nothing from Kubernetes 1.27)',
          line: 9,
          column: 51,
          severity: 2,
        },
      ],
    },
    {
      name: 'Kubernetes 1.29: a pod-level Unconfined that every container overrides is still reported, on the pod field',
      kubernetesVersion: '1.29',
      code: OVERRIDDEN,
      output: null,
      errors: [
        {
          messageId: 'podUnconfinedOverridden',
          message:
            'Pod "p" sets securityContext.seccompProfile.type to "Unconfined" on the pod: every container overrides it today, but a namespace that enforces the Pod Security Standards (baseline) refuses the pod for it, and containers added later (injected sidecars, debug containers) inherit it and run without seccomp; set it to RuntimeDefault (or a Localhost profile)',
          line: 7,
          column: 28,
          endLine: 7,
          endColumn: 38,
          severity: 2,
        },
      ],
    },
    {
      name: 'Kubernetes 1.30: the same',
      kubernetesVersion: '1.30',
      code: OVERRIDDEN,
      errors: [
        {
          messageId: 'podUnconfinedOverridden',
          data: { setting: 'securityContext.seccompProfile.type', value: 'Unconfined', advice: 'set it to RuntimeDefault (or a Localhost profile)' },
          line: 7,
          column: 28,
          severity: 2,
        },
      ],
    },
    {
      name: 'Kubernetes 1.26: an unconfined pod annotation that every container overrides',
      kubernetesVersion: '1.26',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    seccomp.security.alpha.kubernetes.io/pod: unconfined
    container.seccomp.security.alpha.kubernetes.io/app: runtime/default
spec:
  containers:
    - name: app
      image: nginx:1.27
`,
      errors: [
        {
          messageId: 'podUnconfinedOverridden',
          data: {
            setting: 'annotation "seccomp.security.alpha.kubernetes.io/pod"',
            value: 'unconfined',
            advice:
              'replace the annotation with securityContext.seccompProfile.type: RuntimeDefault on the pod (the annotations do nothing from Kubernetes 1.27)',
          },
          line: 6,
          column: 47,
          severity: 2,
        },
      ],
    },
    {
      name: 'Kubernetes 1.30: an ignored docker/default container annotation is fixed on that container',
      kubernetesVersion: '1.30',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    container.seccomp.security.alpha.kubernetes.io/app: docker/default
spec:
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        runAsNonRoot: true
`,
      output: `apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    container.seccomp.security.alpha.kubernetes.io/app: docker/default
spec:
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        runAsNonRoot: true
        seccompProfile:
          type: RuntimeDefault
`,
      errors: [
        {
          messageId: 'annotationIgnored',
          data: {
            annotation: 'container.seccomp.security.alpha.kubernetes.io/app',
            containers: 'container "app"',
            target: '1.30',
            field: 'securityContext.seccompProfile.type: RuntimeDefault',
            place: 'container "app"',
          },
          line: 6,
          column: 5,
          endLine: 6,
          endColumn: 55,
          severity: 1,
        },
      ],
    },
  ],
} satisfies CheckCases;

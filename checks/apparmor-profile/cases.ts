import type { CheckCases } from '../../test/check-tester.js';

/** No profile anywhere: reported only with requireProfile (the strict preset). */
const NO_PROFILE = `apiVersion: apps/v1
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
`;

/** A container-level Unconfined field, and an unconfined annotation for the other container. */
const JOB = `apiVersion: batch/v1
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
`;

/** A pod-level Unconfined that every container overrides. */
const OVERRIDDEN = `apiVersion: v1
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
`;

/** Annotations for a container, an init container and a container the pod does not have. */
const UNKNOWN_CONTAINER = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    metadata:
      annotations:
        container.apparmor.security.beta.kubernetes.io/app: runtime/default
        container.apparmor.security.beta.kubernetes.io/setup: runtime/default
        container.apparmor.security.beta.kubernetes.io/sidecar: runtime/default
    spec:
      initContainers:
        - name: setup
          image: busybox:1.36
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
      name: 'Windows pods (spec.os.name: windows) are exempt, as in the Pod Security Standards, even with requireProfile',
      options: { requireProfile: true },
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
      name: 'no profile named: nothing by default (the runtime default applies on AppArmor nodes; the strict preset asks for one)',
      code: NO_PROFILE,
    },
    {
      name: 'Kubernetes 1.29: the runtime/default annotation on every container, init containers included',
      kubernetesVersion: '1.29',
      options: { requireProfile: true },
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    container.apparmor.security.beta.kubernetes.io/setup: runtime/default
    container.apparmor.security.beta.kubernetes.io/app: localhost/k8s-app
spec:
  initContainers:
    - name: setup
      image: busybox:1.36
  containers:
    - name: app
      image: nginx:1.27
`,
    },
    {
      name: 'Kubernetes 1.29: securityContext.appArmorProfile does not exist yet, so it is not read (the schema rule reports the field)',
      kubernetesVersion: '1.29',
      code: OVERRIDDEN,
    },
    {
      name: 'annotations for a container, an init container and an ephemeral container of the pod',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    container.apparmor.security.beta.kubernetes.io/app: runtime/default
    container.apparmor.security.beta.kubernetes.io/setup: runtime/default
    container.apparmor.security.beta.kubernetes.io/debug: runtime/default
spec:
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
  ],
  invalid: [
    {
      name: 'Kubernetes 1.30, requireProfile (the strict preset): no profile anywhere is reported on each container',
      kubernetesVersion: '1.30',
      options: { requireProfile: true },
      code: NO_PROFILE,
      errors: [
        {
          messageId: 'missing',
          message:
            'StatefulSet "db" init container "init" names no AppArmor profile: neither the container nor the pod sets securityContext.appArmorProfile.type (nor the legacy annotation); set securityContext.appArmorProfile.type: RuntimeDefault on the pod',
          line: 9,
          column: 11,
          endLine: 9,
          endColumn: 21,
        },
        {
          messageId: 'missing',
          data: {
            container: 'container "db"',
            unset: 'neither the container nor the pod sets securityContext.appArmorProfile.type (nor the legacy annotation)',
            advice: 'set securityContext.appArmorProfile.type: RuntimeDefault on the pod',
          },
          line: 14,
          column: 11,
        },
      ],
    },
    {
      name: 'Kubernetes 1.29, requireProfile: the advice is the annotation, which 1.29 has',
      kubernetesVersion: '1.29',
      options: { requireProfile: true },
      code: NO_PROFILE,
      errors: [
        {
          messageId: 'missing',
          message:
            'StatefulSet "db" init container "init" names no AppArmor profile: the pod has no annotation "container.apparmor.security.beta.kubernetes.io/init"; add it with the value runtime/default (securityContext.appArmorProfile only comes in Kubernetes 1.30; linting for 1.29)',
          line: 9,
          column: 11,
        },
        {
          messageId: 'missing',
          message:
            'StatefulSet "db" container "db" names no AppArmor profile: the pod has no annotation "container.apparmor.security.beta.kubernetes.io/db"; add it with the value runtime/default (securityContext.appArmorProfile only comes in Kubernetes 1.30; linting for 1.29)',
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
      name: 'Kubernetes 1.30: a container-level Unconfined overrides a RuntimeDefault pod; the legacy unconfined annotation (Job)',
      kubernetesVersion: '1.30',
      code: JOB,
      errors: [
        {
          messageId: 'unconfined',
          message:
            'Job "once" container "helper" turns AppArmor off: annotation "container.apparmor.security.beta.kubernetes.io/helper" is "unconfined"; replace the annotation with securityContext.appArmorProfile.type: RuntimeDefault on container "helper" (the API server refuses a pod whose annotation and field disagree)',
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
      name: 'Kubernetes 1.29: the same Job; only the annotation exists, and the advice names it',
      kubernetesVersion: '1.29',
      code: JOB,
      errors: [
        {
          messageId: 'unconfined',
          message:
            'Job "once" container "helper" turns AppArmor off: annotation "container.apparmor.security.beta.kubernetes.io/helper" is "unconfined"; set the annotation to runtime/default (or localhost/<profile>); securityContext.appArmorProfile only comes in Kubernetes 1.30 (linting for 1.29)',
          line: 9,
          column: 64,
          severity: 2,
        },
      ],
    },
    {
      name: 'Kubernetes 1.30: a pod-level Unconfined that every container overrides is still reported, on the pod field',
      kubernetesVersion: '1.30',
      code: OVERRIDDEN,
      errors: [
        {
          messageId: 'podUnconfinedOverridden',
          message:
            'Pod "p" sets securityContext.appArmorProfile.type to "Unconfined" on the pod: every container overrides it today, but a namespace that enforces the Pod Security Standards (baseline) refuses the pod for it, and containers added later (injected sidecars, debug containers) inherit it and run without AppArmor; set it to RuntimeDefault (or a Localhost profile)',
          line: 7,
          column: 29,
          endLine: 7,
          endColumn: 39,
          severity: 2,
        },
      ],
    },
    {
      name: 'an annotation for a container the pod does not have: an error at the key, at 1.29',
      kubernetesVersion: '1.29',
      code: UNKNOWN_CONTAINER,
      errors: [
        {
          messageId: 'unknownContainer',
          message:
            'Deployment "web" has the annotation "container.apparmor.security.beta.kubernetes.io/sidecar" for a container "sidecar" that the pod does not have (its containers: "app", "setup"), so the API server refuses the pod; name one of its containers after the "/" or remove the annotation',
          line: 11,
          column: 9,
          endLine: 11,
          endColumn: 63,
          severity: 2,
        },
      ],
    },
    {
      name: 'the same at 1.30',
      kubernetesVersion: '1.30',
      code: UNKNOWN_CONTAINER,
      errors: [
        {
          messageId: 'unknownContainer',
          data: { annotation: 'container.apparmor.security.beta.kubernetes.io/sidecar', name: 'sidecar', containers: '"app", "setup"' },
          line: 11,
          column: 9,
          severity: 2,
        },
      ],
    },
    {
      name: 'a Windows pod and an empty container list are checked for unknown containers too (Pod)',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: win
  annotations:
    container.apparmor.security.beta.kubernetes.io/app: runtime/default
spec:
  os:
    name: windows
  containers: []
`,
      errors: [
        {
          messageId: 'unknownContainer',
          data: { annotation: 'container.apparmor.security.beta.kubernetes.io/app', name: 'app', containers: 'none' },
          line: 6,
          column: 5,
          severity: 2,
        },
      ],
    },
    {
      name: 'shape-hostile: unknown types, a numeric type, securityContext: [] (ReplicaSet, ReplicationController, PodTemplate)',
      options: { requireProfile: true },
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
            'ReplicaSet "rs" sets securityContext.appArmorProfile.type to 42 on the pod (inherited by container "app"), which is not an AppArmor profile kubeward can confirm; set it to RuntimeDefault (or a Localhost profile)',
          line: 9,
          column: 33,
          endLine: 9,
          endColumn: 35,
        },
        {
          messageId: 'unknown',
          message:
            'ReplicationController "rc" container "app" sets securityContext.appArmorProfile.type to "runtime/default", which is not an AppArmor profile kubeward can confirm; set it to RuntimeDefault (or a Localhost profile)',
          line: 25,
          column: 37,
        },
        {
          messageId: 'missing',
          message:
            'PodTemplate "tpl" container "app" names no AppArmor profile: neither the container nor the pod sets securityContext.appArmorProfile.type (nor the legacy annotation); set securityContext.appArmorProfile.type: RuntimeDefault on the pod',
          line: 36,
          column: 9,
        },
      ],
    },
  ],
} satisfies CheckCases;

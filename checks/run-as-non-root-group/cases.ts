import type { CheckCases } from '../../test/check-tester.js';

export default {
  valid: [
    {
      name: 'non-zero groups on the pod, inherited by every container',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      securityContext:
        runAsUser: 10001
        runAsGroup: 10001
        fsGroup: 10001
        supplementalGroups: [10002, 10003]
      containers:
        - name: app
          image: nginx:1.27
`,
    },
    {
      name: 'no group set at all: the image decides, as run-as-non-root leaves the user to runAsNonRoot',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: nginx:1.27
`,
    },
    {
      name: 'Windows pods (spec.os.name: windows) are not checked: groups are a Linux notion',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: win
spec:
  os:
    name: windows
  securityContext:
    fsGroup: 0
  containers:
    - name: app
      image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022
      securityContext:
        runAsGroup: 0
`,
    },
    {
      name: 'shape-hostile: a quoted "0", a null runAsGroup, supplementalGroups not a list, securityContext: []',
      code: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  template:
    spec:
      securityContext:
        runAsGroup: "0"
        supplementalGroups: 0
      containers:
        - name: db
          image: postgres:17
          securityContext:
            runAsGroup: null
        - name: tool
          image: busybox:1.36
          securityContext: []
`,
    },
  ],
  invalid: [
    {
      name: 'runAsGroup 0 on a container, an init container and an ephemeral container',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  initContainers:
    - name: setup
      image: busybox:1.36
      securityContext: {runAsGroup: 0}
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        runAsUser: 1000
        runAsGroup: 0
  ephemeralContainers:
    - name: debug
      image: busybox:1.36
      securityContext:
        runAsGroup: 0
`,
      errors: [
        { messageId: 'runAsGroupRoot', data: { container: 'init container "setup"' }, line: 9, column: 37 },
        {
          messageId: 'runAsGroupRoot',
          message:
            'Pod "p" container "app" runs with the root group as its primary group: securityContext.runAsGroup is 0, so it may read and write every file that group 0 owns in the image and on shared volumes; set a non-zero runAsGroup',
          line: 15,
          column: 21,
          endLine: 15,
          endColumn: 22,
          severity: 1,
        },
        { messageId: 'runAsGroupRoot', data: { container: 'ephemeral container "debug"' }, line: 20, column: 21 },
      ],
    },
    {
      name: 'pod-level runAsGroup, fsGroup and supplementalGroups holding 0 (Deployment); the container that overrides is not an inheritor',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      securityContext:
        runAsGroup: 0
        fsGroup: 0
        supplementalGroups: [10002, 0]
      containers:
        - name: app
          image: nginx:1.27
        - name: sidecar
          image: envoy:1.31
          securityContext:
            runAsGroup: 10001
`,
      errors: [
        {
          messageId: 'podRunAsGroupRoot',
          message:
            'Deployment "web" sets securityContext.runAsGroup: 0 on the pod, so the containers that set no runAsGroup of their own (container "app") run with the root group as their primary group, and so do containers added later (injected sidecars, debug containers); set a non-zero runAsGroup',
          line: 9,
          column: 21,
        },
        {
          messageId: 'fsGroupRoot',
          message:
            'Deployment "web" sets securityContext.fsGroup: 0, so every container gets the root group as a supplementary group and volumes that support ownership management are made group-owned by it; set a non-zero fsGroup',
          line: 10,
          column: 18,
        },
        {
          messageId: 'supplementalGroupRoot',
          message:
            'Deployment "web" lists group 0 in securityContext.supplementalGroups, so every container gets the root group as a supplementary group; remove it',
          line: 11,
          column: 37,
          endLine: 11,
          endColumn: 38,
        },
      ],
    },
    {
      name: 'a pod-level runAsGroup 0 that every container overrides is still reported (CronJob)',
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
          securityContext:
            runAsGroup: 0
          containers:
            - name: job
              image: busybox:1.36
              securityContext:
                runAsGroup: 10001
`,
      errors: [{ messageId: 'podRunAsGroupRoot', data: { inheritors: 'none today' }, line: 12, column: 25 }],
    },
  ],
} satisfies CheckCases;

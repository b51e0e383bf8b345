import type { CheckCases } from '../../test/check-tester.js';

export default {
  valid: [
    {
      name: 'drop: [ALL]',
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
            capabilities:
              drop: [ALL]
              add: [NET_BIND_SERVICE]
`,
    },
    {
      name: 'names compared case-insensitively, with or without CAP_, on init and ephemeral containers',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  initContainers:
    - name: setup
      image: busybox:1.36
      securityContext:
        capabilities:
          drop: [cap_net_raw]
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        capabilities:
          drop: ["all"]
  ephemeralContainers:
    - name: debug
      image: busybox:1.36
      securityContext:
        capabilities:
          drop: [CAP_NET_RAW, CHOWN]
`,
    },
    {
      name: 'a CronJob job template that drops ALL; a numeric entry beside it does not throw',
      code: `apiVersion: batch/v1
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
                capabilities:
                  drop: [42, ALL]
                  add: [7]
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
      name: 'no capabilities at all: reported on the container',
      output: `apiVersion: apps/v1
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
            capabilities:
              drop:
                - NET_RAW
`,
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
`,
      errors: [
        {
          messageId: 'notDropped',
          message:
            'StatefulSet "db" container "db" keeps the NET_RAW capability (raw sockets, ARP and DNS spoofing on the pod network): securityContext.capabilities.drop holds neither ALL nor NET_RAW; add ALL to it',
          line: 9,
          column: 11,
          endLine: 9,
          endColumn: 19,
        },
      ],
    },
    {
      name: 'drops other capabilities only, and adds NET_RAW back after dropping ALL',
      output: `apiVersion: apps/v1
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
            capabilities:
              drop: [CHOWN, SETUID, NET_RAW]
        - name: pinger
          image: busybox:1.36
          securityContext:
            capabilities:
              drop: [ALL]
              add: [CAP_NET_RAW]
`,
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
            capabilities:
              drop: [CHOWN, SETUID]
        - name: pinger
          image: busybox:1.36
          securityContext:
            capabilities:
              drop: [ALL]
              add: [CAP_NET_RAW]
`,
      errors: [
        {
          messageId: 'notDropped',
          data: { container: 'container "agent"' },
          line: 13,
          column: 15,
          endLine: 13,
          endColumn: 19,
        },
        {
          messageId: 'added',
          data: { container: 'container "pinger"', capability: 'CAP_NET_RAW' },
          line: 19,
          column: 21,
        },
      ],
    },
    {
      name: 'add: [all] on an init container, and an ephemeral container that drops nothing',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  initContainers:
    - name: setup
      image: busybox:1.36
      securityContext:
        capabilities:
          drop: [NET_RAW]
          add: [all]
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        capabilities: {drop: [ALL]}
  ephemeralContainers:
    - name: debug
      image: busybox:1.36
      securityContext:
        runAsNonRoot: true
`,
      errors: [
        {
          messageId: 'added',
          data: { container: 'init container "setup"', capability: 'all' },
          line: 12,
          column: 17,
          endLine: 12,
          endColumn: 20,
        },
        {
          messageId: 'notDropped',
          data: { container: 'ephemeral container "debug"' },
          line: 21,
          column: 7,
        },
      ],
    },
    {
      name: 'shape-hostile: drop as a string, capabilities as a list, securityContext: [] (Job, ReplicaSet, ReplicationController)',
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
          securityContext:
            capabilities:
              drop: ALL
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
            capabilities: []
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
          securityContext: []
`,
      errors: [
        {
          messageId: 'notDropped',
          message:
            'Job "once" container "job" keeps the NET_RAW capability (raw sockets, ARP and DNS spoofing on the pod network): securityContext.capabilities.drop holds neither ALL nor NET_RAW; add ALL to it',
          line: 13,
          column: 21,
          endLine: 13,
          endColumn: 24,
        },
        {
          messageId: 'notDropped',
          message:
            'ReplicaSet "rs" container "app" keeps the NET_RAW capability (raw sockets, ARP and DNS spoofing on the pod network): securityContext.capabilities.drop holds neither ALL nor NET_RAW; add ALL to it',
          line: 26,
          column: 13,
        },
        {
          messageId: 'notDropped',
          message:
            'ReplicationController "rc" container "app" keeps the NET_RAW capability (raw sockets, ARP and DNS spoofing on the pod network): securityContext.capabilities.drop holds neither ALL nor NET_RAW; add ALL to it',
          line: 38,
          column: 11,
        },
      ],
    },
    {
      name: 'a pod-level capabilities key does not exist in Kubernetes and does not count (PodTemplate)',
      code: `apiVersion: v1
kind: PodTemplate
metadata:
  name: tpl
template:
  spec:
    securityContext:
      capabilities:
        drop: [ALL]
    containers:
      - name: app
        image: nginx:1.27
`,
      errors: [
        {
          messageId: 'notDropped',
          message:
            'PodTemplate "tpl" container "app" keeps the NET_RAW capability (raw sockets, ARP and DNS spoofing on the pod network): securityContext.capabilities.drop holds neither ALL nor NET_RAW; add ALL to it',
          line: 11,
          column: 9,
          endLine: 11,
          endColumn: 18,
        },
      ],
    },
  ],
} satisfies CheckCases;

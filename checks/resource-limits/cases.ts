import type { CheckCases } from '../../test/check-tester.js';

export default {
  valid: [
    {
      name: 'requests and limits for cpu and memory; ephemeral containers may not set resources and are passed over',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  initContainers:
    - name: setup
      image: busybox:1.36
      resources:
        requests: {cpu: 10m, memory: 16Mi}
        limits: {cpu: 100m, memory: 32Mi}
  containers:
    - name: app
      image: nginx:1.27
      resources:
        requests:
          cpu: 100m
          memory: 128Mi
        limits:
          cpu: 1
          memory: 256Mi
  ephemeralContainers:
    - name: debug
      image: busybox:1.36
`,
    },
    {
      name: 'pod-level resources count for every container (Deployment)',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      resources:
        requests: {cpu: 500m, memory: 512Mi}
        limits: {cpu: "1", memory: 1Gi}
      containers:
        - name: app
          image: nginx:1.27
        - name: sidecar
          image: envoy:1.31
          resources:
            limits: {memory: 128Mi}
`,
    },
    {
      name: 'cpuLimit: false leaves CPU unlimited on purpose (CronJob job template)',
      options: { cpuLimit: false },
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
              resources:
                requests: {cpu: 100m, memory: 64Mi}
                limits: {memory: 64Mi}
`,
    },
  ],
  invalid: [
    {
      name: 'no resources at all: reported on the container',
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
          messageId: 'missing',
          message:
            'StatefulSet "db" container "db" does not set requests.cpu, requests.memory, limits.cpu, limits.memory: without requests and limits one pod can starve the node; set resources.requests and resources.limits for cpu and memory',
          line: 9,
          column: 11,
          endLine: 9,
          endColumn: 19,
        },
      ],
    },
    {
      name: 'one value missing is pointed at its group; a whole group missing at resources',
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
          resources:
            requests: {cpu: 10m, memory: 32Mi}
            limits: {cpu: 100m}
        - name: shipper
          image: shipper:1.0
          resources:
            requests: {cpu: 10m, memory: 32Mi}
`,
      errors: [
        {
          messageId: 'missing',
          message:
            'DaemonSet "agent" container "agent" does not set limits.memory: without requests and limits one pod can starve the node; set resources.requests and resources.limits for cpu and memory',
          line: 13,
          column: 13,
          endLine: 13,
          endColumn: 19,
        },
        {
          messageId: 'missing',
          message:
            'DaemonSet "agent" container "shipper" does not set limits.cpu, limits.memory: without requests and limits one pod can starve the node; set resources.requests and resources.limits for cpu and memory',
          line: 16,
          column: 11,
        },
      ],
    },
    {
      name: 'the pod-level value fills in only what it sets; init containers are checked (Job)',
      code: `apiVersion: batch/v1
kind: Job
metadata:
  name: once
spec:
  template:
    spec:
      resources:
        limits: {cpu: "1", memory: 1Gi}
      initContainers:
        - name: setup
          image: busybox:1.36
          resources:
            requests: {cpu: 10m}
      containers:
        - name: job
          image: busybox:1.36
          resources:
            requests: {cpu: 100m, memory: 64Mi}
`,
      errors: [
        {
          messageId: 'missing',
          message:
            'Job "once" init container "setup" does not set requests.memory: without requests and limits one pod can starve the node; set resources.requests and resources.limits for cpu and memory',
          line: 14,
          column: 13,
          endLine: 14,
          endColumn: 21,
        },
      ],
    },
    {
      name: 'shape-hostile: resources: [], limits as a string, empty values (ReplicaSet, ReplicationController, PodTemplate)',
      code: `apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: rs
spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx:1.27
          resources: []
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
          resources:
            requests: {cpu: 100m, memory: 64Mi}
            limits: "1"
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
        resources:
          requests: {cpu: "", memory: 64Mi}
          limits: {cpu: 1, memory: 64Mi}
`,
      errors: [
        {
          messageId: 'missing',
          message:
            'ReplicaSet "rs" container "app" does not set requests.cpu, requests.memory, limits.cpu, limits.memory: without requests and limits one pod can starve the node; set resources.requests and resources.limits for cpu and memory',
          line: 11,
          column: 11,
          endLine: 11,
          endColumn: 20,
        },
        {
          messageId: 'missing',
          message:
            'ReplicationController "rc" container "app" does not set limits.cpu, limits.memory: without requests and limits one pod can starve the node; set resources.requests and resources.limits for cpu and memory',
          line: 25,
          column: 21,
        },
        {
          messageId: 'missing',
          message:
            'PodTemplate "tpl" container "app" does not set requests.cpu: without requests and limits one pod can starve the node; set resources.requests and resources.limits for cpu and memory',
          line: 37,
          column: 27,
        },
      ],
    },
  ],
} satisfies CheckCases;

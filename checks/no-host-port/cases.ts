import type { CheckCases } from '../../test/check-tester.js';

export default {
  valid: [
    {
      name: 'container ports without hostPort, and hostPort: 0 (unset)',
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
          ports:
            - containerPort: 8080
            - containerPort: 9090
              hostPort: 0
`,
    },
    {
      name: 'shape-hostile: ports: null, a scalar port, ports as a map',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: a
      image: nginx:1.27
      ports: null
    - name: b
      image: nginx:1.27
      ports: [8080]
    - name: c
      image: nginx:1.27
      ports: {containerPort: 80, hostPort: 80}
`,
    },
  ],
  invalid: [
    {
      name: 'a hostPort on a Deployment container',
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
          ports:
            - containerPort: 80
              hostPort: 8080
`,
      errors: [
        {
          messageId: 'hostPort',
          message:
            'Deployment "web" container "app" binds port 8080 on the node (hostPort): it is reachable from outside the cluster network, bypasses NetworkPolicy on many network plugins and limits the pod to one per node; remove hostPort and expose it through a Service',
          line: 13,
          column: 25,
          endLine: 13,
          endColumn: 29,
        },
      ],
    },
    {
      name: "the kubelet's ports are called out; init and ephemeral containers are checked",
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  initContainers:
    - name: setup
      image: busybox:1.36
      ports:
        - containerPort: 10250
          hostPort: 10250
  containers:
    - name: app
      image: nginx:1.27
      ports:
        - {containerPort: 10255, hostPort: 10255}
  ephemeralContainers:
    - name: debug
      image: busybox:1.36
      ports:
        - containerPort: 80
          hostPort: "8081"
`,
      errors: [
        {
          messageId: 'kubeletPort',
          message:
            'Pod "p" init container "setup" binds port 10250 on the node (hostPort), the kubelet\'s API port: it collides with or impersonates the kubelet; remove hostPort and expose it through a Service',
          line: 11,
          column: 21,
          endLine: 11,
          endColumn: 26,
        },
        {
          messageId: 'kubeletPort',
          message:
            'Pod "p" container "app" binds port 10255 on the node (hostPort), the kubelet\'s read-only port: it collides with or impersonates the kubelet; remove hostPort and expose it through a Service',
          line: 16,
          column: 44,
        },
        {
          messageId: 'hostPort',
          message:
            'Pod "p" ephemeral container "debug" binds port 8081 on the node (hostPort): it is reachable from outside the cluster network, bypasses NetworkPolicy on many network plugins and limits the pod to one per node; remove hostPort and expose it through a Service',
          line: 22,
          column: 21,
        },
      ],
    },
    {
      name: 'DaemonSet, StatefulSet, Job, CronJob job template, ReplicaSet, ReplicationController and PodTemplate are found',
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
          ports: [{containerPort: 9100, hostPort: 9100}]
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
          ports: [{containerPort: 5432, hostPort: 5432}]
---
apiVersion: batch/v1
kind: Job
metadata:
  name: once
spec:
  template:
    spec:
      containers:
        - name: job
          image: busybox:1.36
          ports: [{containerPort: 80, hostPort: 80}]
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
              ports: [{containerPort: 80, hostPort: 81}]
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
          ports: [{containerPort: 80, hostPort: 82}]
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
          ports: [{containerPort: 80, hostPort: 83}]
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
        ports: [{containerPort: 80, hostPort: 84}]
`,
      errors: [
        {
          messageId: 'hostPort',
          message:
            'DaemonSet "agent" container "agent" binds port 9100 on the node (hostPort): it is reachable from outside the cluster network, bypasses NetworkPolicy on many network plugins and limits the pod to one per node; remove hostPort and expose it through a Service',
          line: 11,
          column: 51,
          endLine: 11,
          endColumn: 55,
        },
        {
          messageId: 'hostPort',
          message:
            'StatefulSet "db" container "db" binds port 5432 on the node (hostPort): it is reachable from outside the cluster network, bypasses NetworkPolicy on many network plugins and limits the pod to one per node; remove hostPort and expose it through a Service',
          line: 23,
          column: 51,
        },
        {
          messageId: 'hostPort',
          message:
            'Job "once" container "job" binds port 80 on the node (hostPort): it is reachable from outside the cluster network, bypasses NetworkPolicy on many network plugins and limits the pod to one per node; remove hostPort and expose it through a Service',
          line: 35,
          column: 49,
        },
        {
          messageId: 'hostPort',
          message:
            'CronJob "nightly" container "job" binds port 81 on the node (hostPort): it is reachable from outside the cluster network, bypasses NetworkPolicy on many network plugins and limits the pod to one per node; remove hostPort and expose it through a Service',
          line: 49,
          column: 53,
        },
        {
          messageId: 'hostPort',
          message:
            'ReplicaSet "rs" container "app" binds port 82 on the node (hostPort): it is reachable from outside the cluster network, bypasses NetworkPolicy on many network plugins and limits the pod to one per node; remove hostPort and expose it through a Service',
          line: 61,
          column: 49,
        },
        {
          messageId: 'hostPort',
          message:
            'ReplicationController "rc" container "app" binds port 83 on the node (hostPort): it is reachable from outside the cluster network, bypasses NetworkPolicy on many network plugins and limits the pod to one per node; remove hostPort and expose it through a Service',
          line: 73,
          column: 49,
        },
        {
          messageId: 'hostPort',
          message:
            'PodTemplate "tpl" container "app" binds port 84 on the node (hostPort): it is reachable from outside the cluster network, bypasses NetworkPolicy on many network plugins and limits the pod to one per node; remove hostPort and expose it through a Service',
          line: 84,
          column: 47,
        },
      ],
    },
  ],
} satisfies CheckCases;

import type { CheckCases } from '../../test/check-tester.js';

export default {
  valid: [
    {
      name: 'no host namespaces, and explicit false',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      hostNetwork: false
      containers:
        - name: app
          image: nginx:1.27
`,
    },
    {
      name: 'shape-hostile: a quoted "true", a number and a spec that is a list',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  hostNetwork: "true"
  hostPID: 1
  containers:
    - name: app
      image: nginx:1.27
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  template:
    spec: []
`,
    },
  ],
  invalid: [
    {
      name: 'hostNetwork on the pod templates of a DeploymentConfig, a Rollout and a PodTemplate',
      code: `apiVersion: apps.openshift.io/v1
kind: DeploymentConfig
metadata:
  name: legacy
spec:
  template:
    spec:
      hostNetwork: true
      containers: [{name: app, image: "legacy:1.0"}]
---
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: canary
spec:
  template:
    spec:
      hostPID: true
      containers: [{name: app, image: "web:2.0"}]
---
apiVersion: v1
kind: PodTemplate
metadata:
  name: tpl
template:
  spec:
    hostIPC: true
    containers: [{name: app, image: "web:2.0"}]
`,
      errors: [
        { messageId: 'hostNetwork', data: { object: 'DeploymentConfig "legacy"' }, line: 8, column: 20 },
        { messageId: 'hostPID', data: { object: 'Rollout "canary"' }, line: 18, column: 16 },
        { messageId: 'hostIPC', data: { object: 'PodTemplate "tpl"' }, line: 27, column: 14 },
      ],
    },
    {
      name: 'hostNetwork, hostPID and hostIPC on a Pod',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  hostNetwork: true
  hostPID: true
  hostIPC: true
  containers:
    - name: app
      image: nginx:1.27
`,
      errors: [
        {
          messageId: 'hostNetwork',
          message:
            "Pod \"p\" sets hostNetwork: true, so every container shares the node's network: it sees all the node's traffic, reaches services bound to the node's localhost and bypasses NetworkPolicy; remove it",
          line: 6,
          column: 16,
          endLine: 6,
          endColumn: 20,
        },
        {
          messageId: 'hostPID',
          message: 'Pod "p" sets hostPID: true, so every container sees (and, as root, can signal and inspect) every process of the node; remove it',
          line: 7,
          column: 12,
        },
        {
          messageId: 'hostIPC',
          message: 'Pod "p" sets hostIPC: true, so every container shares the node\'s IPC namespace and its shared memory; remove it',
          line: 8,
          column: 12,
        },
      ],
    },
    {
      name: 'DaemonSet, Job, CronJob job template, ReplicaSet, ReplicationController and PodTemplate are found',
      code: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  template:
    spec:
      hostNetwork: true
      containers:
        - name: agent
          image: agent:2.1
---
apiVersion: batch/v1
kind: Job
metadata:
  name: once
spec:
  template:
    spec:
      hostPID: true
      containers:
        - name: job
          image: busybox:1.36
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
          hostIPC: true
          containers:
            - name: job
              image: busybox:1.36
---
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: rs
spec:
  template:
    spec:
      hostNetwork: true
---
apiVersion: v1
kind: ReplicationController
metadata:
  name: rc
spec:
  template:
    spec:
      hostPID: true
---
apiVersion: v1
kind: PodTemplate
metadata:
  name: tpl
template:
  spec:
    hostIPC: true
`,
      errors: [
        {
          messageId: 'hostNetwork',
          message:
            "DaemonSet \"agent\" sets hostNetwork: true, so every container shares the node's network: it sees all the node's traffic, reaches services bound to the node's localhost and bypasses NetworkPolicy; remove it",
          line: 8,
          column: 20,
          endLine: 8,
          endColumn: 24,
        },
        {
          messageId: 'hostPID',
          message: 'Job "once" sets hostPID: true, so every container sees (and, as root, can signal and inspect) every process of the node; remove it',
          line: 20,
          column: 16,
        },
        {
          messageId: 'hostIPC',
          message: 'CronJob "nightly" sets hostIPC: true, so every container shares the node\'s IPC namespace and its shared memory; remove it',
          line: 34,
          column: 20,
        },
        {
          messageId: 'hostNetwork',
          message:
            "ReplicaSet \"rs\" sets hostNetwork: true, so every container shares the node's network: it sees all the node's traffic, reaches services bound to the node's localhost and bypasses NetworkPolicy; remove it",
          line: 46,
          column: 20,
        },
        {
          messageId: 'hostPID',
          message:
            'ReplicationController "rc" sets hostPID: true, so every container sees (and, as root, can signal and inspect) every process of the node; remove it',
          line: 55,
          column: 16,
        },
        {
          messageId: 'hostIPC',
          message: 'PodTemplate "tpl" sets hostIPC: true, so every container shares the node\'s IPC namespace and its shared memory; remove it',
          line: 63,
          column: 14,
        },
      ],
    },
  ],
} satisfies CheckCases;

import type { CheckCases } from '../../test/check-tester.js';

export default {
  valid: [
    {
      name: 'tolerations that name their taint key',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      tolerations:
        - key: dedicated
          operator: Equal
          value: web
          effect: NoSchedule
        - key: node.kubernetes.io/not-ready
          operator: Exists
          effect: NoExecute
          tolerationSeconds: 300
      containers:
        - name: app
          image: nginx:1.27
`,
    },
    {
      name: 'shape-hostile: tolerations: null, a scalar toleration, a toleration list as a map, a lower-case operator',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  tolerations: null
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  template:
    spec:
      tolerations:
        - 42
        - operator: exists
---
apiVersion: batch/v1
kind: Job
metadata:
  name: once
spec:
  template:
    spec:
      tolerations: {operator: Exists}
`,
    },
  ],
  invalid: [
    {
      name: 'operator Exists with no key, with and without an effect',
      code: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  template:
    spec:
      tolerations:
        - operator: Exists
        - operator: Exists
          effect: NoSchedule
        - key: ""
          operator: Exists
      containers:
        - name: agent
          image: agent:2.1
`,
      errors: [
        {
          messageId: 'everyTaint',
          message:
            'DaemonSet "agent" tolerates every taint (operator: Exists with no key and no effect): it can be scheduled on control-plane and dedicated nodes and is never evicted from unhealthy ones; name the taint key it needs',
          line: 9,
          column: 21,
          endLine: 9,
          endColumn: 27,
        },
        {
          messageId: 'everyTaintWithEffect',
          message:
            'DaemonSet "agent" tolerates every NoSchedule taint (operator: Exists with no key): it can be scheduled on control-plane and dedicated nodes; name the taint key it needs',
          line: 10,
          column: 21,
        },
        {
          messageId: 'everyTaint',
          message:
            'DaemonSet "agent" tolerates every taint (operator: Exists with no key and no effect): it can be scheduled on control-plane and dedicated nodes and is never evicted from unhealthy ones; name the taint key it needs',
          line: 13,
          column: 21,
        },
      ],
    },
    {
      name: 'Pod, Job, CronJob job template, Deployment, ReplicaSet, ReplicationController and PodTemplate are found',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  tolerations: [{operator: Exists}]
---
apiVersion: batch/v1
kind: Job
metadata:
  name: once
spec:
  template:
    spec:
      tolerations: [{operator: Exists}]
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
          tolerations: [{operator: Exists, key: null}]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      tolerations: [{operator: Exists}]
---
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: rs
spec:
  template:
    spec:
      tolerations: [{operator: Exists}]
---
apiVersion: v1
kind: ReplicationController
metadata:
  name: rc
spec:
  template:
    spec:
      tolerations: [{operator: Exists}]
---
apiVersion: v1
kind: PodTemplate
metadata:
  name: tpl
template:
  spec:
    tolerations: [{operator: Exists}]
`,
      errors: [
        {
          messageId: 'everyTaint',
          message:
            'Pod "p" tolerates every taint (operator: Exists with no key and no effect): it can be scheduled on control-plane and dedicated nodes and is never evicted from unhealthy ones; name the taint key it needs',
          line: 6,
          column: 28,
          endLine: 6,
          endColumn: 34,
        },
        {
          messageId: 'everyTaint',
          message:
            'Job "once" tolerates every taint (operator: Exists with no key and no effect): it can be scheduled on control-plane and dedicated nodes and is never evicted from unhealthy ones; name the taint key it needs',
          line: 15,
          column: 32,
        },
        {
          messageId: 'everyTaint',
          message:
            'CronJob "nightly" tolerates every taint (operator: Exists with no key and no effect): it can be scheduled on control-plane and dedicated nodes and is never evicted from unhealthy ones; name the taint key it needs',
          line: 26,
          column: 36,
        },
        {
          messageId: 'everyTaint',
          message:
            'Deployment "web" tolerates every taint (operator: Exists with no key and no effect): it can be scheduled on control-plane and dedicated nodes and is never evicted from unhealthy ones; name the taint key it needs',
          line: 35,
          column: 32,
        },
        {
          messageId: 'everyTaint',
          message:
            'ReplicaSet "rs" tolerates every taint (operator: Exists with no key and no effect): it can be scheduled on control-plane and dedicated nodes and is never evicted from unhealthy ones; name the taint key it needs',
          line: 44,
          column: 32,
        },
        {
          messageId: 'everyTaint',
          message:
            'ReplicationController "rc" tolerates every taint (operator: Exists with no key and no effect): it can be scheduled on control-plane and dedicated nodes and is never evicted from unhealthy ones; name the taint key it needs',
          line: 53,
          column: 32,
        },
        {
          messageId: 'everyTaint',
          message:
            'PodTemplate "tpl" tolerates every taint (operator: Exists with no key and no effect): it can be scheduled on control-plane and dedicated nodes and is never evicted from unhealthy ones; name the taint key it needs',
          line: 61,
          column: 30,
        },
      ],
    },
  ],
} satisfies CheckCases;

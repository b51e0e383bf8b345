import type { CheckCases } from '../../test/check-tester.js';

export default {
  valid: [
    {
      name: 'no seLinuxOptions, a baseline type and a level on the pod and the containers',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      securityContext:
        seLinuxOptions:
          type: container_t
          level: "s0:c123,c456"
      initContainers:
        - name: setup
          image: busybox:1.36
          securityContext:
            seLinuxOptions: {type: container_init_t}
      containers:
        - name: app
          image: nginx:1.27
      ephemeralContainers:
        - name: debug
          image: busybox:1.36
          securityContext:
            seLinuxOptions: {user: "", role: "", type: ""}
`,
    },
    {
      name: 'allowedTypes adds a type (container_engine_t, allowed by newer Pod Security Standards)',
      options: { allowedTypes: ['container_t', 'container_engine_t'] },
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
                seLinuxOptions: {type: container_engine_t}
`,
    },
    {
      name: 'shape-hostile: seLinuxOptions as a list, securityContext: [], containers: null',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    seLinuxOptions: [spc_t]
  initContainers: null
  containers:
    - name: app
      image: nginx:1.27
      securityContext: []
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
          securityContext:
            seLinuxOptions: {type: spc_t}
`,
    },
  ],
  invalid: [
    {
      name: 'a custom user and role on the pod, and a privileged type on a container',
      code: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  template:
    spec:
      securityContext:
        seLinuxOptions:
          user: system_u
          role: system_r
      containers:
        - name: agent
          image: agent:2.1
          securityContext:
            seLinuxOptions:
              type: spc_t
`,
      errors: [
        {
          messageId: 'userOrRole',
          message:
            'DaemonSet "agent" sets securityContext.seLinuxOptions.user "system_u" on the pod: a custom SELinux user can lift the container out of its confined domain; remove it',
          line: 10,
          column: 17,
          endLine: 10,
          endColumn: 25,
        },
        {
          messageId: 'userOrRole',
          message:
            'DaemonSet "agent" sets securityContext.seLinuxOptions.role "system_r" on the pod: a custom SELinux role can lift the container out of its confined domain; remove it',
          line: 11,
          column: 17,
        },
        {
          messageId: 'type',
          message:
            'DaemonSet "agent" sets securityContext.seLinuxOptions.type "spc_t" on container "agent", which is not a confined container type (container_t, container_init_t, container_kvm_t); remove it or use one of those',
          line: 17,
          column: 21,
        },
      ],
    },
    {
      name: 'a bad pod-level type is reported even when every container overrides it; init and ephemeral containers are checked',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    seLinuxOptions: {type: unconfined_t}
  initContainers:
    - name: setup
      image: busybox:1.36
      securityContext:
        seLinuxOptions: {role: sysadm_r, type: container_init_t}
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        seLinuxOptions: {type: container_t}
  ephemeralContainers:
    - name: debug
      image: busybox:1.36
      securityContext:
        seLinuxOptions: {type: spc_t}
`,
      errors: [
        {
          messageId: 'type',
          message:
            'Pod "p" sets securityContext.seLinuxOptions.type "unconfined_t" on the pod, which is not a confined container type (container_t, container_init_t, container_kvm_t); remove it or use one of those',
          line: 7,
          column: 28,
          endLine: 7,
          endColumn: 40,
        },
        {
          messageId: 'userOrRole',
          message:
            'Pod "p" sets securityContext.seLinuxOptions.role "sysadm_r" on init container "setup": a custom SELinux role can lift the container out of its confined domain; remove it',
          line: 12,
          column: 32,
        },
        {
          messageId: 'type',
          message:
            'Pod "p" sets securityContext.seLinuxOptions.type "spc_t" on ephemeral container "debug", which is not a confined container type (container_t, container_init_t, container_kvm_t); remove it or use one of those',
          line: 22,
          column: 32,
        },
      ],
    },
    {
      name: 'shape-hostile: a numeric user; StatefulSet, Job, ReplicaSet, ReplicationController and PodTemplate are found',
      code: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  template:
    spec:
      securityContext:
        seLinuxOptions: {user: 42}
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
          securityContext:
            seLinuxOptions: {type: spc_t}
---
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: rs
spec:
  template:
    spec:
      securityContext:
        seLinuxOptions: {type: spc_t}
---
apiVersion: v1
kind: ReplicationController
metadata:
  name: rc
spec:
  template:
    spec:
      securityContext:
        seLinuxOptions: {role: object_r}
---
apiVersion: v1
kind: PodTemplate
metadata:
  name: tpl
template:
  spec:
    securityContext:
      seLinuxOptions: {type: spc_t}
`,
      errors: [
        {
          messageId: 'userOrRole',
          message:
            'StatefulSet "db" sets securityContext.seLinuxOptions.user "42" on the pod: a custom SELinux user can lift the container out of its confined domain; remove it',
          line: 9,
          column: 32,
          endLine: 9,
          endColumn: 34,
        },
        {
          messageId: 'type',
          message:
            'Job "once" sets securityContext.seLinuxOptions.type "spc_t" on container "job", which is not a confined container type (container_t, container_init_t, container_kvm_t); remove it or use one of those',
          line: 22,
          column: 36,
        },
        {
          messageId: 'type',
          message:
            'ReplicaSet "rs" sets securityContext.seLinuxOptions.type "spc_t" on the pod, which is not a confined container type (container_t, container_init_t, container_kvm_t); remove it or use one of those',
          line: 32,
          column: 32,
        },
        {
          messageId: 'userOrRole',
          message:
            'ReplicationController "rc" sets securityContext.seLinuxOptions.role "object_r" on the pod: a custom SELinux role can lift the container out of its confined domain; remove it',
          line: 42,
          column: 32,
        },
        {
          messageId: 'type',
          message:
            'PodTemplate "tpl" sets securityContext.seLinuxOptions.type "spc_t" on the pod, which is not a confined container type (container_t, container_init_t, container_kvm_t); remove it or use one of those',
          line: 51,
          column: 30,
        },
      ],
    },
  ],
} satisfies CheckCases;

import type { CheckCases } from '../../test/check-tester.js';

const deployment = (podSecurity: string, containerSecurity: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
${podSecurity}      containers:
        - name: app
          image: nginx:1.27
${containerSecurity}`;

export default {
  valid: [
    { name: 'container runAsNonRoot: true', code: deployment('', '          securityContext:\n            runAsNonRoot: true\n') },
    { name: 'pod runAsNonRoot: true is inherited', code: deployment('      securityContext:\n        runAsNonRoot: true\n', '') },
    { name: 'non-zero runAsUser on the pod', code: deployment('      securityContext:\n        runAsUser: 10001\n', '') },
    {
      name: 'a pod-level runAsNonRoot: true that every container overrides with true is fine',
      code: deployment('      securityContext:\n        runAsNonRoot: true\n', '          securityContext:\n            runAsNonRoot: true\n'),
    },
    { name: 'objects that are not workloads are not checked', code: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: b\n' },
  ],
  invalid: [
    {
      name: 'no securityContext at all: reported on the container',
      output: `apiVersion: apps/v1
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
            runAsNonRoot: true
`,
      code: deployment('', ''),
      errors: [
        {
          messageId: 'mayRunAsRoot',
          message:
            'Deployment "web" container "app" may run as root: neither the container nor the pod sets securityContext.runAsNonRoot: true or a non-zero runAsUser',
          line: 9,
          column: 11,
          endLine: 9,
          endColumn: 20,
        },
      ],
    },
    {
      name: 'container-level false overrides the pod',
      output: null,
      code: deployment('      securityContext:\n        runAsNonRoot: true\n', '          securityContext:\n            runAsNonRoot: false\n'),
      errors: [
        {
          messageId: 'runAsNonRootFalse',
          message: 'Deployment "web" container "app" sets securityContext.runAsNonRoot: false, so it may run as root',
          line: 14,
          column: 27,
        },
      ],
    },
    {
      name: 'runAsUser: 0 fails even with runAsNonRoot: true',
      output: null,
      code: deployment('      securityContext:\n        runAsNonRoot: true\n', '          securityContext:\n            runAsUser: 0\n'),
      errors: [
        { messageId: 'runAsRootUser', message: 'Deployment "web" container "app" runs as root: runAsUser is 0 (set on the container)', line: 14, column: 24 },
      ],
    },
    {
      name: 'init and ephemeral containers of a Pod are checked; the securityContext key is pointed at',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  initContainers:
    - name: setup
      image: busybox:1.36
      securityContext:
        privileged: false
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        runAsNonRoot: true
  ephemeralContainers:
    - name: debug
      image: busybox:1.36
`,
      errors: [
        {
          messageId: 'mayRunAsRoot',
          message:
            'Pod "p" init container "setup" may run as root: neither the container nor the pod sets securityContext.runAsNonRoot: true or a non-zero runAsUser',
          line: 9,
          column: 7,
        },
        {
          messageId: 'mayRunAsRoot',
          message:
            'Pod "p" ephemeral container "debug" may run as root: neither the container nor the pod sets securityContext.runAsNonRoot: true or a non-zero runAsUser',
          line: 17,
          column: 7,
        },
      ],
    },
    {
      name: 'a CronJob job template is found',
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
          restartPolicy: OnFailure
          containers:
            - name: job
              image: busybox:1.36
`,
      errors: [
        {
          messageId: 'mayRunAsRoot',
          message:
            'CronJob "nightly" container "job" may run as root: neither the container nor the pod sets securityContext.runAsNonRoot: true or a non-zero runAsUser',
          line: 13,
          column: 15,
        },
      ],
    },
    {
      name: 'a pod-level runAsUser: 0 that every container overrides is reported on the pod field',
      output: null,
      code: deployment('      securityContext:\n        runAsUser: 0\n', '          securityContext:\n            runAsUser: 1000\n'),
      errors: [
        {
          messageId: 'podRunAsRootUser',
          message:
            'Deployment "web" sets runAsUser: 0 on the pod: every container sets its own runAsUser today, but a namespace that enforces the Pod Security Standards (restricted) refuses the pod for it, and containers added later (injected sidecars, debug containers) inherit it and run as root; remove it or set a non-zero runAsUser',
          line: 9,
          column: 20,
          endLine: 9,
          endColumn: 21,
        },
      ],
    },
    {
      name: 'a pod-level runAsUser: 0 that one container inherits is reported on that container only (Pod, init container overrides)',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    runAsUser: 0
    runAsNonRoot: false
  initContainers:
    - name: setup
      image: busybox:1.36
      securityContext: {runAsUser: 1000, runAsNonRoot: true}
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        runAsNonRoot: true
`,
      errors: [
        { messageId: 'runAsRootUser', data: { container: 'container "app"', from: 'pod' }, line: 7, column: 16 },
        {
          messageId: 'podRunAsNonRootFalse',
          message:
            'Pod "p" sets runAsNonRoot: false on the pod: every container sets its own runAsNonRoot today, but a namespace that enforces the Pod Security Standards (restricted) refuses the pod for it, and containers added later (injected sidecars, debug containers) inherit it; set it to true or remove it',
          line: 8,
          column: 19,
        },
      ],
    },
  ],
} satisfies CheckCases;

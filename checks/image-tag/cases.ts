import type { CheckCases } from '../../test/check-tester.js';

export default {
  valid: [
    {
      name: 'version tags, digests, and a registry with a port',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  initContainers:
    - name: setup
      image: registry.example.com:5000/team/setup:2.3.1
  containers:
    - name: app
      image: nginx:1.27.3
    - name: pinned
      image: nginx@sha256:4b1b7a0b0e1b6c8e3f3a5e2d9c6b7a8f9e0d1c2b3a4f5e6d7c8b9a0f1e2d3c4b
  ephemeralContainers:
    - name: debug
      image: busybox:latest@sha256:4b1b7a0b0e1b6c8e3f3a5e2d9c6b7a8f9e0d1c2b3a4f5e6d7c8b9a0f1e2d3c4b
`,
    },
    {
      name: "shape-hostile: a numeric image and a missing image are the schema stage's business",
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: app
          image: 42
        - name: none
`,
    },
  ],
  invalid: [
    {
      name: 'an OpenShift DeploymentConfig and an Argo Rollout without tags',
      code: `apiVersion: apps.openshift.io/v1
kind: DeploymentConfig
metadata:
  name: legacy
spec:
  template:
    spec:
      containers:
        - name: app
          image: legacy
---
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: canary
spec:
  template:
    spec:
      initContainers:
        - name: migrate
          image: migrate:latest
`,
      errors: [
        { messageId: 'noTag', data: { object: 'DeploymentConfig "legacy"', container: 'container "app"', image: 'legacy' }, line: 10, column: 18 },
        {
          messageId: 'latestTag',
          data: { object: 'Rollout "canary"', container: 'init container "migrate"', image: 'migrate:latest' },
          line: 21,
          column: 18,
        },
      ],
    },
    {
      name: 'no tag, and a registry port that is not a tag',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx
        - name: sidecar
          image: registry.example.com:5000/team/envoy
`,
      errors: [
        {
          messageId: 'noTag',
          message:
            'Deployment "web" container "app" uses the image "nginx" with no tag, so it runs whatever latest points to when the node pulls; pin a version tag or a digest (@sha256:...)',
          line: 10,
          column: 18,
          endLine: 10,
          endColumn: 23,
        },
        {
          messageId: 'noTag',
          message:
            'Deployment "web" container "sidecar" uses the image "registry.example.com:5000/team/envoy" with no tag, so it runs whatever latest points to when the node pulls; pin a version tag or a digest (@sha256:...)',
          line: 12,
          column: 18,
        },
      ],
    },
    {
      name: 'latest on init and ephemeral containers',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  initContainers:
    - name: setup
      image: busybox:latest
  containers:
    - name: app
      image: nginx:1.27
  ephemeralContainers:
    - name: debug
      image: "ghcr.io/example/toolbox:latest"
`,
      errors: [
        {
          messageId: 'latestTag',
          message:
            'Pod "p" init container "setup" uses the image "busybox:latest" with the tag latest, which moves; pin a version tag or a digest (@sha256:...)',
          line: 8,
          column: 14,
          endLine: 8,
          endColumn: 28,
        },
        {
          messageId: 'latestTag',
          message:
            'Pod "p" ephemeral container "debug" uses the image "ghcr.io/example/toolbox:latest" with the tag latest, which moves; pin a version tag or a digest (@sha256:...)',
          line: 14,
          column: 14,
        },
      ],
    },
    {
      name: 'StatefulSet, DaemonSet, Job, CronJob job template, ReplicaSet, ReplicationController and PodTemplate are found',
      code: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  template:
    spec:
      containers: [{name: db, image: postgres}]
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  template:
    spec:
      containers: [{name: agent, image: "agent:"}]
---
apiVersion: batch/v1
kind: Job
metadata:
  name: once
spec:
  template:
    spec:
      containers: [{name: job, image: busybox}]
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
          containers: [{name: job, image: "busybox:latest"}]
---
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: rs
spec:
  template:
    spec:
      containers: [{name: app, image: nginx}]
---
apiVersion: v1
kind: ReplicationController
metadata:
  name: rc
spec:
  template:
    spec:
      containers: [{name: app, image: nginx}]
---
apiVersion: v1
kind: PodTemplate
metadata:
  name: tpl
template:
  spec:
    containers: [{name: app, image: nginx}]
`,
      errors: [
        {
          messageId: 'noTag',
          message:
            'StatefulSet "db" container "db" uses the image "postgres" with no tag, so it runs whatever latest points to when the node pulls; pin a version tag or a digest (@sha256:...)',
          line: 8,
          column: 38,
          endLine: 8,
          endColumn: 46,
        },
        {
          messageId: 'noTag',
          message:
            'DaemonSet "agent" container "agent" uses the image "agent:" with no tag, so it runs whatever latest points to when the node pulls; pin a version tag or a digest (@sha256:...)',
          line: 17,
          column: 41,
        },
        {
          messageId: 'noTag',
          message:
            'Job "once" container "job" uses the image "busybox" with no tag, so it runs whatever latest points to when the node pulls; pin a version tag or a digest (@sha256:...)',
          line: 26,
          column: 39,
        },
        {
          messageId: 'latestTag',
          message:
            'CronJob "nightly" container "job" uses the image "busybox:latest" with the tag latest, which moves; pin a version tag or a digest (@sha256:...)',
          line: 37,
          column: 43,
        },
        {
          messageId: 'noTag',
          message:
            'ReplicaSet "rs" container "app" uses the image "nginx" with no tag, so it runs whatever latest points to when the node pulls; pin a version tag or a digest (@sha256:...)',
          line: 46,
          column: 39,
        },
        {
          messageId: 'noTag',
          message:
            'ReplicationController "rc" container "app" uses the image "nginx" with no tag, so it runs whatever latest points to when the node pulls; pin a version tag or a digest (@sha256:...)',
          line: 55,
          column: 39,
        },
        {
          messageId: 'noTag',
          message:
            'PodTemplate "tpl" container "app" uses the image "nginx" with no tag, so it runs whatever latest points to when the node pulls; pin a version tag or a digest (@sha256:...)',
          line: 63,
          column: 37,
        },
      ],
    },
  ],
} satisfies CheckCases;

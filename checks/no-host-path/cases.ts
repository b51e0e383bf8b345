import type { CheckCases } from '../../test/check-tester.js';

export default {
  valid: [
    {
      name: 'emptyDir, configMap and PVC volumes',
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
      volumes:
        - name: tmp
          emptyDir: {}
        - name: config
          configMap:
            name: web
        - name: data
          persistentVolumeClaim:
            claimName: web-data
`,
    },
    {
      name: 'shape-hostile: volumes: null, a scalar volume, hostPath: null',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  volumes: null
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
    spec:
      volumes:
        - 42
        - name: nothing
          hostPath: null
`,
    },
  ],
  invalid: [
    {
      name: 'a hostPath volume names its path',
      code: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: logs
spec:
  template:
    spec:
      containers:
        - name: shipper
          image: fluent-bit:3.1
      volumes:
        - name: varlog
          hostPath:
            path: /var/log
            type: Directory
`,
      errors: [
        {
          messageId: 'hostPath',
          message:
            'DaemonSet "logs" mounts the host path "/var/log" (volume "varlog"): a hostPath volume exposes the node\'s filesystem to the pod; use an emptyDir, a ConfigMap, a Secret or a PersistentVolumeClaim instead',
          line: 14,
          column: 19,
          endLine: 14,
          endColumn: 27,
        },
      ],
    },
    {
      name: 'the runtime socket, /, /etc, /proc and the kubelet data are called out (normalised paths)',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: nginx:1.27
  volumes:
    - name: docker
      hostPath: {path: /var/run/docker.sock}
    - name: root
      hostPath: {path: /}
    - name: etc
      hostPath: {path: /etc/}
    - name: proc
      hostPath: {path: //proc}
    - name: kubelet
      hostPath: {path: /var/lib/kubelet/./}
    - name: containerd
      hostPath: {path: /run/containerd/containerd.sock}
`,
      errors: [
        {
          messageId: 'sensitiveHostPath',
          message:
            'Pod "p" mounts the host path "/var/run/docker.sock" (volume "docker"), the container runtime socket: whoever can write to it controls every container on the node; remove the volume',
          line: 11,
          column: 24,
          endLine: 11,
          endColumn: 44,
        },
        {
          messageId: 'sensitiveHostPath',
          message: 'Pod "p" mounts the host path "/" (volume "root"), the node\'s whole filesystem; remove the volume',
          line: 13,
          column: 24,
        },
        {
          messageId: 'sensitiveHostPath',
          message:
            'Pod "p" mounts the host path "/etc/" (volume "etc"), the node\'s configuration (credentials, kubelet and kubeadm settings); remove the volume',
          line: 15,
          column: 24,
        },
        {
          messageId: 'sensitiveHostPath',
          message: 'Pod "p" mounts the host path "//proc" (volume "proc"), the node\'s processes and kernel settings; remove the volume',
          line: 17,
          column: 24,
        },
        {
          messageId: 'sensitiveHostPath',
          message:
            'Pod "p" mounts the host path "/var/lib/kubelet/./" (volume "kubelet"), the kubelet\'s data (every pod\'s secrets and service account tokens); remove the volume',
          line: 19,
          column: 24,
        },
        {
          messageId: 'sensitiveHostPath',
          message:
            'Pod "p" mounts the host path "/run/containerd/containerd.sock" (volume "containerd"), the container runtime socket: whoever can write to it controls every container on the node; remove the volume',
          line: 21,
          column: 24,
        },
      ],
    },
    {
      name: 'Job, CronJob job template, ReplicaSet, ReplicationController and PodTemplate are found',
      code: `apiVersion: batch/v1
kind: Job
metadata:
  name: once
spec:
  template:
    spec:
      volumes:
        - name: data
          hostPath:
            path: /data
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
          volumes:
            - name: backup
              hostPath:
                path: /backup
---
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: rs
spec:
  template:
    spec:
      volumes:
        - name: cache
          hostPath:
            path: /cache
---
apiVersion: v1
kind: ReplicationController
metadata:
  name: rc
spec:
  template:
    spec:
      volumes:
        - name: cache
          hostPath:
            path: /cache
---
apiVersion: v1
kind: PodTemplate
metadata:
  name: tpl
template:
  spec:
    volumes:
      - name: cache
        hostPath:
          path: /cache
`,
      errors: [
        {
          messageId: 'hostPath',
          message:
            'Job "once" mounts the host path "/data" (volume "data"): a hostPath volume exposes the node\'s filesystem to the pod; use an emptyDir, a ConfigMap, a Secret or a PersistentVolumeClaim instead',
          line: 11,
          column: 19,
          endLine: 11,
          endColumn: 24,
        },
        {
          messageId: 'hostPath',
          message:
            'CronJob "nightly" mounts the host path "/backup" (volume "backup"): a hostPath volume exposes the node\'s filesystem to the pod; use an emptyDir, a ConfigMap, a Secret or a PersistentVolumeClaim instead',
          line: 25,
          column: 23,
        },
        {
          messageId: 'hostPath',
          message:
            'ReplicaSet "rs" mounts the host path "/cache" (volume "cache"): a hostPath volume exposes the node\'s filesystem to the pod; use an emptyDir, a ConfigMap, a Secret or a PersistentVolumeClaim instead',
          line: 37,
          column: 19,
        },
        {
          messageId: 'hostPath',
          message:
            'ReplicationController "rc" mounts the host path "/cache" (volume "cache"): a hostPath volume exposes the node\'s filesystem to the pod; use an emptyDir, a ConfigMap, a Secret or a PersistentVolumeClaim instead',
          line: 49,
          column: 19,
        },
        {
          messageId: 'hostPath',
          message:
            'PodTemplate "tpl" mounts the host path "/cache" (volume "cache"): a hostPath volume exposes the node\'s filesystem to the pod; use an emptyDir, a ConfigMap, a Secret or a PersistentVolumeClaim instead',
          line: 60,
          column: 17,
        },
      ],
    },
    {
      name: 'shape-hostile: hostPath with no path, a number, a string instead of an object, no volume name',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      volumes:
        - name: empty
          hostPath: {}
        - name: number
          hostPath:
            path: 42
        - hostPath: /etc
`,
      errors: [
        {
          messageId: 'hostPath',
          message:
            'Deployment "web" mounts the host path "<unset>" (volume "empty"): a hostPath volume exposes the node\'s filesystem to the pod; use an emptyDir, a ConfigMap, a Secret or a PersistentVolumeClaim instead',
          line: 10,
          column: 11,
          endLine: 10,
          endColumn: 19,
        },
        {
          messageId: 'hostPath',
          message:
            'Deployment "web" mounts the host path "42" (volume "number"): a hostPath volume exposes the node\'s filesystem to the pod; use an emptyDir, a ConfigMap, a Secret or a PersistentVolumeClaim instead',
          line: 13,
          column: 19,
        },
        {
          messageId: 'hostPath',
          message:
            'Deployment "web" mounts the host path "<unset>" (volume "#2"): a hostPath volume exposes the node\'s filesystem to the pod; use an emptyDir, a ConfigMap, a Secret or a PersistentVolumeClaim instead',
          line: 14,
          column: 21,
        },
      ],
    },
  ],
} satisfies CheckCases;

import { majorMinor } from '../_lib/version.js';

/**
 * Deprecated and removed apiVersions of built-in kinds, from the Kubernetes "Deprecated API Migration Guide"
 * (https://kubernetes.io/docs/reference/using-api/deprecation-guide/).
 *
 * `removedIn`: the release that stopped serving it (the guide's "Removed APIs by release").
 * `deprecatedIn`: the release from which the replacement was available (the guide's "available since"), or the
 * release that announced the deprecation when there is no replacement version.
 */
export interface Deprecation {
  apiVersion: string;
  kinds: readonly string[];
  deprecatedIn: string;
  /** Undefined: deprecated, removal not scheduled. */
  removedIn?: string;
  /** What to use instead, as a phrase: `apiVersion apps/v1`. */
  replacement: string;
}

export const DEPRECATIONS: readonly Deprecation[] = [
  // v1.16
  { apiVersion: 'extensions/v1beta1', kinds: ['NetworkPolicy'], deprecatedIn: '1.8', removedIn: '1.16', replacement: 'apiVersion networking.k8s.io/v1' },
  {
    apiVersion: 'extensions/v1beta1',
    kinds: ['DaemonSet', 'Deployment', 'ReplicaSet'],
    deprecatedIn: '1.9',
    removedIn: '1.16',
    replacement: 'apiVersion apps/v1',
  },
  {
    apiVersion: 'apps/v1beta1',
    kinds: ['Deployment', 'StatefulSet', 'ControllerRevision'],
    deprecatedIn: '1.9',
    removedIn: '1.16',
    replacement: 'apiVersion apps/v1',
  },
  {
    apiVersion: 'apps/v1beta2',
    kinds: ['DaemonSet', 'Deployment', 'StatefulSet', 'ReplicaSet', 'ControllerRevision'],
    deprecatedIn: '1.9',
    removedIn: '1.16',
    replacement: 'apiVersion apps/v1',
  },
  {
    apiVersion: 'extensions/v1beta1',
    kinds: ['PodSecurityPolicy'],
    deprecatedIn: '1.10',
    removedIn: '1.16',
    replacement: 'Pod Security Admission (pod-security.kubernetes.io/* labels on the Namespace); PodSecurityPolicy itself is gone since 1.25',
  },
  // v1.22
  {
    apiVersion: 'admissionregistration.k8s.io/v1beta1',
    kinds: ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'],
    deprecatedIn: '1.16',
    removedIn: '1.22',
    replacement: 'apiVersion admissionregistration.k8s.io/v1',
  },
  {
    apiVersion: 'apiextensions.k8s.io/v1beta1',
    kinds: ['CustomResourceDefinition'],
    deprecatedIn: '1.16',
    removedIn: '1.22',
    replacement: 'apiVersion apiextensions.k8s.io/v1',
  },
  {
    apiVersion: 'apiregistration.k8s.io/v1beta1',
    kinds: ['APIService'],
    deprecatedIn: '1.10',
    removedIn: '1.22',
    replacement: 'apiVersion apiregistration.k8s.io/v1',
  },
  {
    apiVersion: 'authentication.k8s.io/v1beta1',
    kinds: ['TokenReview'],
    deprecatedIn: '1.6',
    removedIn: '1.22',
    replacement: 'apiVersion authentication.k8s.io/v1',
  },
  {
    apiVersion: 'authorization.k8s.io/v1beta1',
    kinds: ['LocalSubjectAccessReview', 'SelfSubjectAccessReview', 'SubjectAccessReview'],
    deprecatedIn: '1.6',
    removedIn: '1.22',
    replacement: 'apiVersion authorization.k8s.io/v1',
  },
  {
    apiVersion: 'certificates.k8s.io/v1beta1',
    kinds: ['CertificateSigningRequest'],
    deprecatedIn: '1.19',
    removedIn: '1.22',
    replacement: 'apiVersion certificates.k8s.io/v1',
  },
  { apiVersion: 'coordination.k8s.io/v1beta1', kinds: ['Lease'], deprecatedIn: '1.14', removedIn: '1.22', replacement: 'apiVersion coordination.k8s.io/v1' },
  { apiVersion: 'extensions/v1beta1', kinds: ['Ingress'], deprecatedIn: '1.14', removedIn: '1.22', replacement: 'apiVersion networking.k8s.io/v1' },
  {
    apiVersion: 'networking.k8s.io/v1beta1',
    kinds: ['Ingress', 'IngressClass'],
    deprecatedIn: '1.19',
    removedIn: '1.22',
    replacement: 'apiVersion networking.k8s.io/v1',
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1beta1',
    kinds: ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'],
    deprecatedIn: '1.17',
    removedIn: '1.22',
    replacement: 'apiVersion rbac.authorization.k8s.io/v1',
  },
  {
    apiVersion: 'scheduling.k8s.io/v1beta1',
    kinds: ['PriorityClass'],
    deprecatedIn: '1.14',
    removedIn: '1.22',
    replacement: 'apiVersion scheduling.k8s.io/v1',
  },
  {
    apiVersion: 'storage.k8s.io/v1beta1',
    kinds: ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'],
    deprecatedIn: '1.19',
    removedIn: '1.22',
    replacement: 'apiVersion storage.k8s.io/v1',
  },
  // v1.25
  { apiVersion: 'batch/v1beta1', kinds: ['CronJob'], deprecatedIn: '1.21', removedIn: '1.25', replacement: 'apiVersion batch/v1' },
  {
    apiVersion: 'discovery.k8s.io/v1beta1',
    kinds: ['EndpointSlice'],
    deprecatedIn: '1.21',
    removedIn: '1.25',
    replacement: 'apiVersion discovery.k8s.io/v1',
  },
  { apiVersion: 'events.k8s.io/v1beta1', kinds: ['Event'], deprecatedIn: '1.19', removedIn: '1.25', replacement: 'apiVersion events.k8s.io/v1' },
  {
    apiVersion: 'autoscaling/v2beta1',
    kinds: ['HorizontalPodAutoscaler'],
    deprecatedIn: '1.23',
    removedIn: '1.25',
    replacement: 'apiVersion autoscaling/v2',
  },
  { apiVersion: 'policy/v1beta1', kinds: ['PodDisruptionBudget'], deprecatedIn: '1.21', removedIn: '1.25', replacement: 'apiVersion policy/v1' },
  {
    apiVersion: 'policy/v1beta1',
    kinds: ['PodSecurityPolicy'],
    deprecatedIn: '1.21',
    removedIn: '1.25',
    replacement: 'Pod Security Admission (pod-security.kubernetes.io/* labels on the Namespace)',
  },
  { apiVersion: 'node.k8s.io/v1beta1', kinds: ['RuntimeClass'], deprecatedIn: '1.20', removedIn: '1.25', replacement: 'apiVersion node.k8s.io/v1' },
  // v1.26
  {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta1',
    kinds: ['FlowSchema', 'PriorityLevelConfiguration'],
    deprecatedIn: '1.23',
    removedIn: '1.26',
    replacement: 'apiVersion flowcontrol.apiserver.k8s.io/v1',
  },
  {
    apiVersion: 'autoscaling/v2beta2',
    kinds: ['HorizontalPodAutoscaler'],
    deprecatedIn: '1.23',
    removedIn: '1.26',
    replacement: 'apiVersion autoscaling/v2',
  },
  // v1.27
  {
    apiVersion: 'storage.k8s.io/v1beta1',
    kinds: ['CSIStorageCapacity'],
    deprecatedIn: '1.24',
    removedIn: '1.27',
    replacement: 'apiVersion storage.k8s.io/v1',
  },
  // v1.29
  {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta2',
    kinds: ['FlowSchema', 'PriorityLevelConfiguration'],
    deprecatedIn: '1.26',
    removedIn: '1.29',
    replacement: 'apiVersion flowcontrol.apiserver.k8s.io/v1',
  },
  // v1.32
  {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3',
    kinds: ['FlowSchema', 'PriorityLevelConfiguration'],
    deprecatedIn: '1.29',
    removedIn: '1.32',
    replacement: 'apiVersion flowcontrol.apiserver.k8s.io/v1',
  },
  // Deprecated, still served
  { apiVersion: 'v1', kinds: ['Endpoints'], deprecatedIn: '1.33', replacement: 'kind EndpointSlice (apiVersion discovery.k8s.io/v1)' },
  { apiVersion: 'v1', kinds: ['ComponentStatus'], deprecatedIn: '1.19', replacement: "the API server's /livez and /readyz endpoints" },
];

/** `1.25` → [1, 25]; undefined when it is not `major.minor` (a `v` prefix and a patch part are allowed). */
export function parseVersion(version: string): [number, number] | undefined {
  return majorMinor(version, true);
}

/** a <= b for `major.minor` versions, compared numerically (1.9 < 1.16). */
export function versionAtMost(a: [number, number], b: [number, number]): boolean {
  return a[0] < b[0] || (a[0] === b[0] && a[1] <= b[1]);
}

export function deprecationOf(apiVersion: string, kind: string): Deprecation | undefined {
  return DEPRECATIONS.find((d) => d.apiVersion === apiVersion && d.kinds.includes(kind));
}

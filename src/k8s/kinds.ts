import { KUBERNETES_WORKLOAD_KINDS } from './pods.js';

/**
 * Built-in kinds that are cluster-scoped: they never have a namespace. Custom kinds are told by the scope of their
 * CustomResourceDefinition (see src/resources/namespaces.ts).
 */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  'APIService',
  'CertificateSigningRequest',
  'ClusterRole',
  'ClusterRoleBinding',
  'ClusterTrustBundle',
  'ComponentStatus',
  'CSIDriver',
  'CSINode',
  'CustomResourceDefinition',
  'DeviceClass',
  'FlowSchema',
  'IngressClass',
  'IPAddress',
  'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding',
  'MutatingWebhookConfiguration',
  'Namespace',
  'Node',
  'PersistentVolume',
  'PodSecurityPolicy',
  'PriorityClass',
  'PriorityLevelConfiguration',
  'ResourceSlice',
  'RuntimeClass',
  'SelfSubjectAccessReview',
  'SelfSubjectReview',
  'SelfSubjectRulesReview',
  'ServiceCIDR',
  'StorageClass',
  'StorageVersion',
  'StorageVersionMigration',
  'SubjectAccessReview',
  'TokenReview',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'ValidatingWebhookConfiguration',
  'VolumeAttachment',
  'VolumeAttributesClass',
]);

/** Where objects without a namespace land (the namespace of a default kubectl context). */
export const DEFAULT_NAMESPACE = 'default';

/** Built-in kinds that live in a namespace. */
export const NAMESPACED_KINDS: ReadonlySet<string> = new Set([
  ...KUBERNETES_WORKLOAD_KINDS,
  'Binding',
  'ConfigMap',
  'ControllerRevision',
  'CSIStorageCapacity',
  'Endpoints',
  'EndpointSlice',
  'Event',
  'HorizontalPodAutoscaler',
  'Ingress',
  'Lease',
  'LimitRange',
  'LocalSubjectAccessReview',
  'NetworkPolicy',
  'PersistentVolumeClaim',
  'PodDisruptionBudget',
  'ResourceClaim',
  'ResourceClaimTemplate',
  'ResourceQuota',
  'Role',
  'RoleBinding',
  'Secret',
  'Service',
  'ServiceAccount',
]);

/** RBAC resource names (plural, as in a rule's `resources`) of built-in cluster-scoped kinds. */
export const CLUSTER_SCOPED_RESOURCES: ReadonlySet<string> = new Set([
  'apiservices',
  'certificatesigningrequests',
  'clusterrolebindings',
  'clusterroles',
  'clustertrustbundles',
  'componentstatuses',
  'csidrivers',
  'csinodes',
  'customresourcedefinitions',
  'deviceclasses',
  'flowschemas',
  'ingressclasses',
  'ipaddresses',
  'mutatingadmissionpolicies',
  'mutatingadmissionpolicybindings',
  'mutatingwebhookconfigurations',
  'namespaces',
  'nodes',
  'persistentvolumes',
  'podsecuritypolicies',
  'priorityclasses',
  'prioritylevelconfigurations',
  'resourceslices',
  'runtimeclasses',
  'selfsubjectaccessreviews',
  'selfsubjectreviews',
  'selfsubjectrulesreviews',
  'servicecidrs',
  'storageclasses',
  'storageversionmigrations',
  'storageversions',
  'subjectaccessreviews',
  'tokenreviews',
  'validatingadmissionpolicies',
  'validatingadmissionpolicybindings',
  'validatingwebhookconfigurations',
  'volumeattachments',
  'volumeattributesclasses',
]);

/** RBAC resource names of built-in namespaced kinds. */
export const NAMESPACED_RESOURCES: ReadonlySet<string> = new Set([
  'bindings',
  'configmaps',
  'controllerrevisions',
  'cronjobs',
  'csistoragecapacities',
  'daemonsets',
  'deployments',
  'endpoints',
  'endpointslices',
  'events',
  'horizontalpodautoscalers',
  'ingresses',
  'jobs',
  'leases',
  'limitranges',
  'localsubjectaccessreviews',
  'networkpolicies',
  'persistentvolumeclaims',
  'poddisruptionbudgets',
  'pods',
  'podtemplates',
  'replicasets',
  'replicationcontrollers',
  'resourceclaims',
  'resourceclaimtemplates',
  'resourcequotas',
  'rolebindings',
  'roles',
  'secrets',
  'serviceaccounts',
  'services',
  'statefulsets',
]);

export type Scope = 'namespaced' | 'cluster';

/** The API group of an apiVersion: `apps/v1` → `apps`, `v1` → `` (core). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.lastIndexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

/** Groups served by Kubernetes itself: the core group, dotless groups (`apps`, `batch`) and `*.k8s.io`. */
export function isBuiltinGroup(group: string): boolean {
  return !group.includes('.') || group.endsWith('.k8s.io');
}

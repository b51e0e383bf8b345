/**
 * Kinds to API resources (the plural names admission rules match on): the built-in kinds, and the repository's
 * CustomResourceDefinitions for the rest.
 */
import { CLUSTER_SCOPED_KINDS, isRecord } from '../k8s/index.js';
import type { KubeObject } from '../check-api.js';

export interface ResourceInfo {
  group: string;
  version: string;
  /** Plural, lower case: `deployments`. */
  resource: string;
  namespaced: boolean;
}

/** Built-in kinds: `Kind` → `group/plural` (group '' for the core group). */
const BUILT_IN: Record<string, string> = {
  Binding: '/bindings',
  ComponentStatus: '/componentstatuses',
  ConfigMap: '/configmaps',
  Endpoints: '/endpoints',
  Event: '/events',
  LimitRange: '/limitranges',
  Namespace: '/namespaces',
  Node: '/nodes',
  PersistentVolume: '/persistentvolumes',
  PersistentVolumeClaim: '/persistentvolumeclaims',
  Pod: '/pods',
  PodTemplate: '/podtemplates',
  ReplicationController: '/replicationcontrollers',
  ResourceQuota: '/resourcequotas',
  Secret: '/secrets',
  Service: '/services',
  ServiceAccount: '/serviceaccounts',
  MutatingWebhookConfiguration: 'admissionregistration.k8s.io/mutatingwebhookconfigurations',
  ValidatingWebhookConfiguration: 'admissionregistration.k8s.io/validatingwebhookconfigurations',
  ValidatingAdmissionPolicy: 'admissionregistration.k8s.io/validatingadmissionpolicies',
  ValidatingAdmissionPolicyBinding: 'admissionregistration.k8s.io/validatingadmissionpolicybindings',
  MutatingAdmissionPolicy: 'admissionregistration.k8s.io/mutatingadmissionpolicies',
  MutatingAdmissionPolicyBinding: 'admissionregistration.k8s.io/mutatingadmissionpolicybindings',
  CustomResourceDefinition: 'apiextensions.k8s.io/customresourcedefinitions',
  APIService: 'apiregistration.k8s.io/apiservices',
  ControllerRevision: 'apps/controllerrevisions',
  DaemonSet: 'apps/daemonsets',
  Deployment: 'apps/deployments',
  ReplicaSet: 'apps/replicasets',
  StatefulSet: 'apps/statefulsets',
  TokenReview: 'authentication.k8s.io/tokenreviews',
  SelfSubjectReview: 'authentication.k8s.io/selfsubjectreviews',
  LocalSubjectAccessReview: 'authorization.k8s.io/localsubjectaccessreviews',
  SelfSubjectAccessReview: 'authorization.k8s.io/selfsubjectaccessreviews',
  SelfSubjectRulesReview: 'authorization.k8s.io/selfsubjectrulesreviews',
  SubjectAccessReview: 'authorization.k8s.io/subjectaccessreviews',
  HorizontalPodAutoscaler: 'autoscaling/horizontalpodautoscalers',
  CronJob: 'batch/cronjobs',
  Job: 'batch/jobs',
  CertificateSigningRequest: 'certificates.k8s.io/certificatesigningrequests',
  ClusterTrustBundle: 'certificates.k8s.io/clustertrustbundles',
  Lease: 'coordination.k8s.io/leases',
  EndpointSlice: 'discovery.k8s.io/endpointslices',
  FlowSchema: 'flowcontrol.apiserver.k8s.io/flowschemas',
  PriorityLevelConfiguration: 'flowcontrol.apiserver.k8s.io/prioritylevelconfigurations',
  Ingress: 'networking.k8s.io/ingresses',
  IngressClass: 'networking.k8s.io/ingressclasses',
  NetworkPolicy: 'networking.k8s.io/networkpolicies',
  IPAddress: 'networking.k8s.io/ipaddresses',
  ServiceCIDR: 'networking.k8s.io/servicecidrs',
  RuntimeClass: 'node.k8s.io/runtimeclasses',
  PodDisruptionBudget: 'policy/poddisruptionbudgets',
  PodSecurityPolicy: 'policy/podsecuritypolicies',
  ClusterRole: 'rbac.authorization.k8s.io/clusterroles',
  ClusterRoleBinding: 'rbac.authorization.k8s.io/clusterrolebindings',
  Role: 'rbac.authorization.k8s.io/roles',
  RoleBinding: 'rbac.authorization.k8s.io/rolebindings',
  DeviceClass: 'resource.k8s.io/deviceclasses',
  ResourceClaim: 'resource.k8s.io/resourceclaims',
  ResourceClaimTemplate: 'resource.k8s.io/resourceclaimtemplates',
  ResourceSlice: 'resource.k8s.io/resourceslices',
  PriorityClass: 'scheduling.k8s.io/priorityclasses',
  CSIDriver: 'storage.k8s.io/csidrivers',
  CSINode: 'storage.k8s.io/csinodes',
  CSIStorageCapacity: 'storage.k8s.io/csistoragecapacities',
  StorageClass: 'storage.k8s.io/storageclasses',
  VolumeAttachment: 'storage.k8s.io/volumeattachments',
  VolumeAttributesClass: 'storage.k8s.io/volumeattributesclasses',
  StorageVersionMigration: 'storagemigration.k8s.io/storageversionmigrations',
};

function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

export type ResourceTable = (object: KubeObject) => ResourceInfo | undefined;

/**
 * A lookup from an object to its resource: built-in kinds by the table above (when the group matches), custom kinds
 * by the CRDs given (`spec.group`, `spec.names.kind`, `spec.names.plural`, `spec.scope`). Unknown kinds: undefined.
 */
export function resourceTable(crds: readonly KubeObject[]): ResourceTable {
  const custom = new Map<string, { plural: string; namespaced: boolean }>();
  for (const crd of crds) {
    const spec = crd.spec;
    if (!isRecord(spec) || !isRecord(spec.names)) continue;
    const { kind, plural } = spec.names;
    if (typeof spec.group !== 'string' || typeof kind !== 'string') continue;
    custom.set(`${spec.group}/${kind}`, { plural: typeof plural === 'string' ? plural : `${kind.toLowerCase()}s`, namespaced: spec.scope !== 'Cluster' });
  }
  return (object) => {
    if (typeof object.apiVersion !== 'string' || typeof object.kind !== 'string') return undefined;
    const { group, version } = splitApiVersion(object.apiVersion);
    const own = custom.get(`${group}/${object.kind}`);
    if (own) return { group, version, resource: own.plural, namespaced: own.namespaced };
    const builtIn = BUILT_IN[object.kind];
    if (builtIn) {
      const [g, resource] = builtIn.split('/');
      // Old groups of the same kinds (extensions/v1beta1 Deployment, autoscaling/v2 HPA, ...) keep the plural.
      if (g === group || group === 'extensions') {
        return { group, version, resource, namespaced: !CLUSTER_SCOPED_KINDS.has(object.kind) };
      }
    }
    return undefined;
  };
}

/** Groups that hold the same resources (matchPolicy Equivalent). */
export const EQUIVALENT_GROUPS: Record<string, readonly string[]> = {
  'extensions/deployments': ['apps'],
  'extensions/daemonsets': ['apps'],
  'extensions/replicasets': ['apps'],
  'extensions/ingresses': ['networking.k8s.io'],
  'extensions/networkpolicies': ['networking.k8s.io'],
  'apps/deployments': ['extensions'],
  'apps/daemonsets': ['extensions'],
  'apps/replicasets': ['extensions'],
  'networking.k8s.io/ingresses': ['extensions'],
  'networking.k8s.io/networkpolicies': ['extensions'],
};

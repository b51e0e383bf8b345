/**
 * Shared by the namespace and RBAC checks: which kinds and RBAC resources are namespaced, the namespace an object
 * lands in, and a per-namespace summary of the repository (its Namespace object, workloads, quotas and policies).
 *
 * Decisions, documented in the checks' READMEs:
 * - An object of a namespaced kind without a namespace (none in metadata, none from a kustomization) lands in the
 *   namespace of the kubectl context when it is applied, `default` unless set: it is grouped under `default`.
 * - Cluster-scoped kinds never have a namespace. A custom kind's scope comes from its CustomResourceDefinition when
 *   the repository holds it; a kind whose scope is unknown is left alone.
 */
import {
  CLUSTER_SCOPED_KINDS,
  get,
  isRecord,
  podSpecPath,
  WORKLOAD_KINDS,
  type KubeObject,
  type Resource,
  type ResourceIndex,
} from '../../src/check-api.js';
import type { Path } from '../../src/shared/types.js';

/** Where objects without a namespace land (the namespace of a default kubectl context). */
export const DEFAULT_NAMESPACE = 'default';

/** Built-in kinds that live in a namespace. */
export const NAMESPACED_KINDS: ReadonlySet<string> = new Set([
  ...WORKLOAD_KINDS,
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
const CLUSTER_SCOPED_RESOURCES: ReadonlySet<string> = new Set([
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
const NAMESPACED_RESOURCES: ReadonlySet<string> = new Set([
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
function isBuiltinGroup(group: string): boolean {
  return !group.includes('.') || group.endsWith('.k8s.io');
}

interface CrdFacts {
  group: string;
  kind: string;
  plural: string | undefined;
  scope: Scope | undefined;
}

const crdCache = new WeakMap<ResourceIndex, CrdFacts[]>();

function crdsOf(index: ResourceIndex): CrdFacts[] {
  let crds = crdCache.get(index);
  if (crds) return crds;
  crds = [];
  for (const r of index.ofKind('CustomResourceDefinition')) {
    const spec = r.object.spec;
    if (!isRecord(spec) || typeof spec.group !== 'string' || !isRecord(spec.names) || typeof spec.names.kind !== 'string') continue;
    // apiextensions.k8s.io/v1beta1 defaulted the scope to Namespaced; v1 requires it.
    const rawScope = spec.scope ?? (r.apiVersion.endsWith('/v1beta1') ? 'Namespaced' : undefined);
    const scope = rawScope === 'Namespaced' ? 'namespaced' : rawScope === 'Cluster' ? 'cluster' : undefined;
    const plural = typeof spec.names.plural === 'string' ? spec.names.plural : undefined;
    crds.push({ group: spec.group, kind: spec.names.kind, plural, scope });
  }
  crdCache.set(index, crds);
  return crds;
}

/** Whether objects of a resource's kind live in a namespace; undefined when the repository does not tell. */
export function kindScope(resource: Pick<Resource, 'apiVersion' | 'kind'>, index: ResourceIndex): Scope | undefined {
  const group = groupOf(resource.apiVersion);
  const crd = crdsOf(index).find((c) => c.group === group && c.kind === resource.kind);
  if (crd) return crd.scope;
  if (!isBuiltinGroup(group)) return undefined;
  if (CLUSTER_SCOPED_KINDS.has(resource.kind)) return 'cluster';
  if (NAMESPACED_KINDS.has(resource.kind)) return 'namespaced';
  return undefined;
}

/**
 * Whether an RBAC resource (`pods`, `deployments/scale`) of an API group (`*` for any) is namespaced; undefined
 * when it cannot be told (a wildcard resource, a custom resource without its CRD in the repository).
 */
export function rbacResourceScope(group: string, resource: string, index: ResourceIndex): Scope | undefined {
  const base = resource.split('/')[0];
  if (base === '*' || base === '') return undefined;
  const crds = crdsOf(index).filter((c) => c.plural === base && (group === '*' || c.group === group));
  if (group === '*') {
    // Any group: cluster-scoped if some group serves it cluster-wide.
    if (CLUSTER_SCOPED_RESOURCES.has(base) || crds.some((c) => c.scope === 'cluster')) return 'cluster';
    if (crds.some((c) => c.scope === undefined)) return undefined;
    return NAMESPACED_RESOURCES.has(base) || crds.length > 0 ? 'namespaced' : undefined;
  }
  if (crds.length) return crds[0].scope;
  if (!isBuiltinGroup(group)) return undefined;
  if (CLUSTER_SCOPED_RESOURCES.has(base)) return 'cluster';
  if (NAMESPACED_RESOURCES.has(base)) return 'namespaced';
  return undefined;
}

/** The namespace an object lands in: its own or its kustomization's, else `default`. */
export function effectiveNamespace(resource: Pick<Resource, 'namespace'>): string {
  return resource.namespace ?? DEFAULT_NAMESPACE;
}

/** Kinds of network policy that restrict a namespace's pods (Kubernetes', Calico's and Cilium's). */
export function isNetworkPolicy(resource: Pick<Resource, 'apiVersion' | 'kind'>): boolean {
  const group = groupOf(resource.apiVersion);
  if (resource.kind === 'NetworkPolicy') return group === 'networking.k8s.io' || group === 'extensions' || group.endsWith('projectcalico.org');
  return resource.kind === 'CiliumNetworkPolicy' && group === 'cilium.io';
}

/** Kubernetes' own NetworkPolicy, whose podSelector kubeward evaluates. */
export function isKubernetesNetworkPolicy(resource: Pick<Resource, 'apiVersion' | 'kind'>): boolean {
  const group = groupOf(resource.apiVersion);
  return resource.kind === 'NetworkPolicy' && (group === 'networking.k8s.io' || group === 'extensions');
}

export function isWorkload(resource: Pick<Resource, 'kind'>): boolean {
  return (WORKLOAD_KINDS as readonly string[]).includes(resource.kind);
}

/** Deterministic repository order: file path, then document index, then position in a `kind: List`. */
export function compareResources(a: Resource, b: Resource): number {
  if (a.filePath !== b.filePath) return a.filePath < b.filePath ? -1 : 1;
  if (a.documentIndex !== b.documentIndex) return a.documentIndex - b.documentIndex;
  const ai = typeof a.basePath[1] === 'number' ? a.basePath[1] : -1;
  const bi = typeof b.basePath[1] === 'number' ? b.basePath[1] : -1;
  return ai - bi;
}

export interface NamespaceFacts {
  name: string;
  /** The first Namespace object of that name in repository order. */
  namespaceObject: Resource | undefined;
  /** Workloads in repository order. */
  workloads: Resource[];
  quotas: Resource[];
  policies: Resource[];
}

const factsCache = new WeakMap<ResourceIndex, Map<string, NamespaceFacts>>();

/** Every namespace of the repository (declared or holding objects), computed once per index. */
export function namespacesOf(index: ResourceIndex): Map<string, NamespaceFacts> {
  let facts = factsCache.get(index);
  if (facts) return facts;
  facts = new Map();
  const entry = (name: string) => {
    let e = facts.get(name);
    if (!e) facts.set(name, (e = { name, namespaceObject: undefined, workloads: [], quotas: [], policies: [] }));
    return e;
  };
  for (const r of [...index.all].sort(compareResources)) {
    if (r.kind === 'Namespace' && r.apiVersion === 'v1') {
      if (r.name !== undefined) {
        const e = entry(r.name);
        e.namespaceObject ??= r;
      }
      continue;
    }
    if (kindScope(r, index) === 'cluster') continue;
    if (isWorkload(r)) entry(effectiveNamespace(r)).workloads.push(r);
    else if (r.kind === 'ResourceQuota' && r.apiVersion === 'v1') entry(effectiveNamespace(r)).quotas.push(r);
    else if (isNetworkPolicy(r)) entry(effectiveNamespace(r)).policies.push(r);
  }
  factsCache.set(index, facts);
  return facts;
}

/** The namespace a Namespace object declares, or the one a workload lands in. */
export function namespaceOfCheckedResource(resource: Resource): string | undefined {
  if (resource.kind === 'Namespace') return resource.apiVersion === 'v1' ? resource.name : undefined;
  return effectiveNamespace(resource);
}

/** Where a per-namespace finding is reported: the Namespace object, else the first workload. */
export function reportTarget(facts: NamespaceFacts): Resource | undefined {
  return facts.namespaceObject ?? facts.workloads[0];
}

/** How a message names a namespace; says where objects without a namespace go. */
export function namespaceLabel(name: string, on: Resource): string {
  return on.kind !== 'Namespace' && on.namespace === undefined
    ? `Namespace "${name}" (objects without metadata.namespace land there)`
    : `Namespace "${name}"`;
}

/** The path a per-namespace finding points at on its target. */
export function namespaceFindingPath(on: Resource): Path {
  return on.kind === 'Namespace' ? ['metadata', 'name'] : ['metadata', 'namespace'];
}

/** Where a workload keeps its pod template's metadata (the Pod's own metadata for a Pod). */
export function podMetadataPath(object: KubeObject): Path {
  const specPath = podSpecPath(object.kind) ?? ['spec', 'template', 'spec'];
  return [...specPath.slice(0, -1), 'metadata'];
}

/** The pod labels of a workload, as strings (non-string values are stringified the way they are written). */
export function podLabels(object: KubeObject): Record<string, string> {
  const labels = get(object, [...podMetadataPath(object), 'labels']);
  const out: Record<string, string> = {};
  if (!isRecord(labels)) return out;
  for (const [k, v] of Object.entries(labels)) if (v !== null && typeof v !== 'object') out[k] = String(v);
  return out;
}

/**
 * Whether a Kubernetes label selector (`matchLabels` and `matchExpressions` with In, NotIn, Exists,
 * DoesNotExist) selects a set of labels. A missing or empty selector selects everything; a selector of the wrong
 * shape, or with an unknown operator, selects nothing (the API server would refuse it).
 */
export function selectorMatches(selector: unknown, labels: Record<string, string>): boolean {
  if (selector === undefined || selector === null) return true;
  if (!isRecord(selector)) return false;
  const { matchLabels, matchExpressions } = selector;
  if (matchLabels !== undefined && matchLabels !== null) {
    if (!isRecord(matchLabels)) return false;
    for (const [k, v] of Object.entries(matchLabels)) {
      if (v === null || typeof v === 'object' || labels[k] !== String(v)) return false;
    }
  }
  if (matchExpressions !== undefined && matchExpressions !== null) {
    if (!Array.isArray(matchExpressions)) return false;
    for (const e of matchExpressions) {
      if (!isRecord(e) || typeof e.key !== 'string') return false;
      const has = Object.prototype.hasOwnProperty.call(labels, e.key);
      const values = Array.isArray(e.values) ? e.values.filter((v) => v !== null && typeof v !== 'object').map(String) : [];
      switch (e.operator) {
        case 'In':
          if (!has || !values.includes(labels[e.key])) return false;
          break;
        case 'NotIn':
          if (has && values.includes(labels[e.key])) return false;
          break;
        case 'Exists':
          if (!has) return false;
          break;
        case 'DoesNotExist':
          if (has) return false;
          break;
        default:
          return false;
      }
    }
  }
  return true;
}

/** An RBAC subject for messages: `ServiceAccount "ci/deployer"`, `Group "devs"`. */
export function subjectLabel(subject: Record<string, any>, bindingNamespace: string | undefined): string {
  const kind = typeof subject.kind === 'string' ? subject.kind : 'subject';
  const name = typeof subject.name === 'string' ? subject.name : '<unnamed>';
  if (kind === 'ServiceAccount') {
    const ns = typeof subject.namespace === 'string' && subject.namespace ? subject.namespace : bindingNamespace;
    return `ServiceAccount "${ns ? `${ns}/` : ''}${name}"`;
  }
  return `${kind} "${name}"`;
}

/** The subjects of a binding, listed for a message. */
export function subjectsText(subjects: Array<Record<string, any>>, bindingNamespace: string | undefined): string {
  if (subjects.length === 0) return 'no subject yet';
  return subjects.map((s) => subjectLabel(s, bindingNamespace)).join(', ');
}

/** The subjects of a binding that are objects. */
export function subjectsOf(object: KubeObject): Array<Record<string, any>> {
  return Array.isArray(object.subjects) ? object.subjects.filter(isRecord) : [];
}

/** The rules of a Role or ClusterRole that are objects, with their index. */
export function rulesOf(object: Record<string, any>): Array<{ rule: Record<string, any>; index: number }> {
  if (!Array.isArray(object.rules)) return [];
  return object.rules.flatMap((rule, index) => (isRecord(rule) ? [{ rule, index }] : []));
}

/** The strings of a list field, with their index (shape-safe). */
export function stringsOf(value: unknown): Array<{ value: string; index: number }> {
  if (!Array.isArray(value)) return [];
  return value.flatMap((v, index) => (typeof v === 'string' ? [{ value: v, index }] : []));
}

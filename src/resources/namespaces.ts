/**
 * The namespaces of a repository: the namespace an object lands in, whether a kind or an RBAC resource is namespaced
 * (built-in tables, and the scope of the repository's CustomResourceDefinitions), and a per-namespace summary (its
 * Namespace object, workloads, quotas and policies) with the object a per-namespace finding is reported on.
 *
 * Decisions, documented in the checks' READMEs:
 * - An object of a namespaced kind without a namespace (none in metadata, none from a kustomization) lands in the
 *   namespace of the kubectl context when it is applied, `default` unless set: it is grouped under `default`.
 * - Cluster-scoped kinds never have a namespace. A custom kind's scope comes from its CustomResourceDefinition when
 *   the repository holds it; a kind whose scope is unknown is left alone.
 */
import type { Resource, ResourceIndex } from '../check-api.js';
import {
  CLUSTER_SCOPED_KINDS,
  CLUSTER_SCOPED_RESOURCES,
  DEFAULT_NAMESPACE,
  groupOf,
  isBuiltinGroup,
  isRecord,
  NAMESPACED_KINDS,
  NAMESPACED_RESOURCES,
  type Scope,
  isWorkloadObject,
  podTemplateKindNames,
} from '../k8s/index.js';
import { crdsDefining, ofKindsInOrder } from './resources.js';

interface CrdFacts {
  group: string;
  kind: string;
  plural: string | undefined;
  scope: Scope | undefined;
}

/** A repository's CRDs in index order, and the first of each group and kind (what kindScope asks for every object). */
interface Crds {
  all: CrdFacts[];
  byKind: Map<string, Map<string, CrdFacts>>;
}

const crdCache = new WeakMap<ResourceIndex, Crds>();

/** What kindScope and rbacResourceScope read of a CRD; undefined for one without a string group and kind. */
function crdFacts(r: Resource): CrdFacts | undefined {
  const spec = r.object.spec;
  if (!isRecord(spec) || typeof spec.group !== 'string' || !isRecord(spec.names) || typeof spec.names.kind !== 'string') return undefined;
  // apiextensions.k8s.io/v1beta1 defaulted the scope to Namespaced; v1 requires it.
  const rawScope = spec.scope ?? (r.apiVersion.endsWith('/v1beta1') ? 'Namespaced' : undefined);
  const scope = rawScope === 'Namespaced' ? 'namespaced' : rawScope === 'Cluster' ? 'cluster' : undefined;
  const plural = typeof spec.names.plural === 'string' ? spec.names.plural : undefined;
  return { group: spec.group, kind: spec.names.kind, plural, scope };
}

/** The first of each group among CRDs (in index order): the one that decides a group's kind. */
function firstOfEachGroup(crds: readonly CrdFacts[]): Map<string, CrdFacts> {
  const byGroup = new Map<string, CrdFacts>();
  for (const crd of crds) if (!byGroup.has(crd.group)) byGroup.set(crd.group, crd);
  return byGroup;
}

function crdsOf(index: ResourceIndex): Crds {
  let cached = crdCache.get(index);
  if (cached) return cached;
  const crds: CrdFacts[] = [];
  for (const r of index.ofKind('CustomResourceDefinition')) {
    const facts = crdFacts(r);
    if (facts) crds.push(facts);
  }
  const byKind = new Map<string, Map<string, CrdFacts>>();
  for (const crd of crds) {
    let kinds = byKind.get(crd.group);
    if (!kinds) byKind.set(crd.group, (kinds = new Map()));
    if (!kinds.has(crd.kind)) kinds.set(crd.kind, crd);
  }
  crdCache.set(index, (cached = { all: crds, byKind }));
  return cached;
}

/**
 * The CRD that decides a group's kind (the first in index order): from every CRD when they were all read already,
 * else from those of that kind only (crdsDefining: a partial repository takes in only their files), kept by kind.
 */
const crdByKindCache = new WeakMap<ResourceIndex, Map<string, Map<string, CrdFacts>>>();

function crdOfKind(index: ResourceIndex, group: string, kind: string): CrdFacts | undefined {
  const whole = crdCache.get(index);
  if (whole) return whole.byKind.get(group)?.get(kind);
  let byKind = crdByKindCache.get(index);
  if (!byKind) crdByKindCache.set(index, (byKind = new Map()));
  let byGroup = byKind.get(kind);
  if (!byGroup) {
    const facts: CrdFacts[] = [];
    for (const r of crdsDefining(index, new Set([kind]))) {
      const f = crdFacts(r);
      if (f) facts.push(f);
    }
    byKind.set(kind, (byGroup = firstOfEachGroup(facts)));
  }
  return byGroup.get(group);
}

/** Whether objects of a resource's kind live in a namespace; undefined when the repository does not tell. */
export function kindScope(resource: Pick<Resource, 'apiVersion' | 'kind'>, index: ResourceIndex): Scope | undefined {
  const group = groupOf(resource.apiVersion);
  const crd = crdOfKind(index, group, resource.kind);
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
  const crds = crdsOf(index).all.filter((c) => c.plural === base && (group === '*' || c.group === group));
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

/** A Pod or an object of a kind that holds a pod template in its API group (the config's `podTemplates` included). */
export function isWorkload(resource: Pick<Resource, 'kind' | 'apiVersion'>): boolean {
  return isWorkloadObject(resource);
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

/**
 * The kinds namespacesOf reads: Namespaces, quotas, network policies (isNetworkPolicy) and every kind isWorkload can
 * accept (the config's `podTemplates` kinds as known now: withPodTemplates). Objects of other kinds add nothing to a
 * namespace's facts.
 */
export function namespaceFactKinds(): Set<string> {
  return new Set(['Namespace', 'ResourceQuota', 'NetworkPolicy', 'CiliumNetworkPolicy', ...podTemplateKindNames()]);
}

/**
 * Every namespace of the repository (declared or holding objects), computed once per index. From the objects of
 * namespaceFactKinds only, in the index's order (a partial repository takes in only the files holding one): sorted as
 * a stable sort of every object would put them, since sorting keeps the relative order of the objects it keeps.
 */
export function namespacesOf(index: ResourceIndex): Map<string, NamespaceFacts> {
  let facts = factsCache.get(index);
  if (facts) return facts;
  facts = new Map();
  const entry = (name: string) => {
    let e = facts.get(name);
    if (!e) facts.set(name, (e = { name, namespaceObject: undefined, workloads: [], quotas: [], policies: [] }));
    return e;
  };
  for (const r of [...ofKindsInOrder(index, namespaceFactKinds())].sort(compareResources)) {
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

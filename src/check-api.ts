/**
 * The contract between the engine and a check. A check is `{ meta, check }`: pure, it reads one object (and, for
 * repository-wide checks, the index of every object) and returns findings as paths. It never reads files, prints,
 * decides severity or looks at configuration: the engine owns all of that.
 */
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';
import type { Path } from './shared/types.js';

/** A Kubernetes object as decoded from YAML: its shape is not trusted (the schema stage reports bad shapes). */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata?: ObjectMeta;
  [field: string]: unknown;
}

export interface Resource {
  readonly object: KubeObject;
  readonly apiVersion: string;
  readonly kind: string;
  /** `metadata.name`, or `metadata.generateName`, or undefined. */
  readonly name: string | undefined;
  /** The namespace the object lands in: `metadata.namespace`, else one set by a kustomization, else undefined. */
  readonly namespace: string | undefined;
  /** Where the effective namespace came from. */
  readonly namespaceSource: 'metadata' | 'kustomization' | undefined;
  /** Absolute path of the file that holds the object. */
  readonly filePath: string;
  /** 0-based index of the YAML document in its file. */
  readonly documentIndex: number;
  /** Where the object sits in its document: [] for a top-level object, ['items', 3] for a `kind: List` item. */
  readonly basePath: Path;
  /** True for files a kustomization lists under `patches`/`patchesStrategicMerge`: partial objects on purpose. */
  readonly isPatch: boolean;
  /** True when the file is one of those asked for (not only read for repository-wide checks). */
  readonly linted: boolean;
}

/** Object identity used in messages and baselines: `Deployment/shop/web` or `ClusterRole/admin`. */
export function resourceId(resource: Pick<Resource, 'kind' | 'namespace' | 'name'>): string {
  return [resource.kind, resource.namespace, resource.name ?? '<unnamed>'].filter((p) => p !== undefined).join('/');
}

/** What a check needs to know about every object of the repository (repository-wide checks). */
export interface ResourceIndex {
  /**
   * Every object. An object other than the one being checked holds only what the index keeps of it (see
   * `indexedObject` in src/resources.ts: whole Namespaces, NetworkPolicies, quotas, ServiceAccounts, RBAC objects and
   * CRDs; the apiVersion, kind, metadata name, namespace and labels, and pod labels, of the rest).
   */
  readonly all: readonly Resource[];
  /** Objects whose effective namespace is `namespace` (cluster-scoped objects have none). */
  inNamespace(namespace: string): readonly Resource[];
  ofKind(kind: string): readonly Resource[];
  find(kind: string, namespace: string | undefined, name: string): Resource | undefined;
}

export interface CheckContext<Options = Record<string, unknown>> {
  /** The check's options: its `defaultOptions` merged with the user's. */
  options: Options;
  /** The Kubernetes version linted against, `major.minor`. */
  kubernetesVersion: string;
  /** Every object of the repository (not only the linted files). */
  index: ResourceIndex;
}

export interface Finding {
  messageId: string;
  data?: Record<string, string | number>;
  /** Where in the object: keys and sequence indexes from the object's root. */
  path: Path;
  /** Point at the key instead of the value (e.g. an unknown field). */
  pointAt?: 'key' | 'value';
  /**
   * A finding whose default level differs from the check's (a `seccompProfile: Unconfined` is an error in a
   * check that otherwise warns). Applies only while the user has not set the check's level. `info`: a notice
   * (severity 0, in `result.notices`, never counted), whatever the check's level.
   */
  level?: 'error' | 'warning' | 'info';
  /**
   * The automatic fix, as a path and a value (src/fix.ts turns it into a text edit). Only where it cannot change what
   * the workload is meant to do; `strict` is the stricter alternative `--fix-type strict` applies instead.
   */
  fix?: FixOp & { strict?: FixOp };
  /**
   * ESLint-style suggestions: repairs offered, never applied by --fix (they need a person's judgement), e.g. a
   * default-deny NetworkPolicy appended as a new document. Only for checks with `meta.hasSuggestions`.
   */
  suggestions?: Array<{ desc: string; fix: FixOp | AppendDocument }>;
}

/** A new YAML document (a whole object) appended at the end of the file of the object the finding is about. */
export interface AppendDocument {
  op: 'appendDocument';
  value: { [key: string]: FixValue };
}

export type FixScalar = string | number | boolean;
export type FixValue = FixScalar | FixValue[] | { [key: string]: FixValue };

/**
 * A declarative fix, with a path from the object's root like a finding's:
 * - `set`: the field gets `value`; maps missing along the path are created; an empty value (`key:`) is filled.
 * - `add`: `value` is appended to the sequence at `path` (created when missing), unless it is already there.
 */
export type FixOp = { op: 'set'; path: Path; value: FixValue } | { op: 'add'; path: Path; value: FixScalar };

/** A category from the hardening guides, for docs/checks.md and SARIF tags. */
export type Guideline = string;

export interface CheckMeta {
  /** Public id, also the folder name under checks/. */
  id: string;
  /** One sentence, "what is checked". */
  description: string;
  /** Default level in the recommended preset. */
  severity: 'error' | 'warning';
  /**
   * Object kinds the check applies to; the engine filters, the check never asks. `WORKLOAD_KINDS` for every kind
   * that holds a pod template. Omitted: every kind.
   */
  kinds?: readonly string[];
  /** `object`: looks at one object; `repository`: also needs the index of every object in the repository. */
  scope: 'object' | 'repository';
  /** Message templates by id, with `{{placeholders}}` filled from a finding's `data` (and `{{object}}`). */
  messages: Record<string, string>;
  /** How to fix, one or two sentences, shown with every finding. */
  remediation: string;
  /** The hardening guidance it enforces, e.g. "NSA/CISA Kubernetes Hardening Guide: non-root containers". */
  guideline: Guideline;
  /** JSON Schema of the options object. */
  schema?: Record<string, unknown>;
  defaultOptions?: Record<string, unknown>;
  /** In the `recommended` preset (default true). Everything is in `strict`. */
  recommended?: boolean;
  /** The check offers automatic fixes. */
  fixable?: boolean;
  /** The check offers suggestions (ESLint's `meta.hasSuggestions`). */
  hasSuggestions?: boolean;
}

export interface Check<Options = any> {
  meta: CheckMeta;
  check(resource: Resource, context: CheckContext<Options>): Iterable<Finding>;
}

/** Every kind that holds a pod template. */
export const WORKLOAD_KINDS = [
  'Pod',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'ReplicationController',
  'Job',
  'CronJob',
  'PodTemplate',
] as const;

export function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface PodSpecLocation {
  /** The pod spec, only when it is an object. */
  spec: Record<string, any>;
  path: Path;
  /** The pod's metadata (template metadata for controllers), when it is an object. */
  metadata: Record<string, any> | undefined;
  metadataPath: Path;
}

/** Where a workload keeps its pod spec, by kind. */
const POD_SPEC_PATHS: Record<string, Path> = {
  Pod: ['spec'],
  PodTemplate: ['template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

/** Where a workload kind keeps its pod spec (`['spec', 'template', 'spec']` for most), or undefined for other kinds. */
export function podSpecPath(kind: string): Path | undefined {
  return POD_SPEC_PATHS[kind] ?? (WORKLOAD_KINDS.includes(kind as never) ? ['spec', 'template', 'spec'] : undefined);
}

/** The pod spec of any workload kind, or undefined when the object has none (or it is not an object). */
export function podSpecOf(object: KubeObject): PodSpecLocation | undefined {
  const path = podSpecPath(object.kind);
  if (!path) return undefined;
  const spec = get(object, path);
  if (!isRecord(spec)) return undefined;
  const metadataPath = [...path.slice(0, -1), 'metadata'];
  const metadata = get(object, metadataPath);
  return { spec, path, metadata: isRecord(metadata) ? metadata : undefined, metadataPath };
}

export type ContainerListName = 'containers' | 'initContainers' | 'ephemeralContainers';
export const CONTAINER_LISTS: readonly ContainerListName[] = ['containers', 'initContainers', 'ephemeralContainers'];

export interface ContainerLocation {
  container: Record<string, any>;
  /** Container name, or `#<index>` when it has none. */
  name: string;
  list: ContainerListName;
  index: number;
  path: Path;
  pod: PodSpecLocation;
}

/** Every container of a workload: containers, init containers and ephemeral containers (shape-safe). */
export function containersOf(object: KubeObject): ContainerLocation[] {
  const pod = podSpecOf(object);
  if (!pod) return [];
  const out: ContainerLocation[] = [];
  for (const list of CONTAINER_LISTS) {
    const items = pod.spec[list];
    if (!Array.isArray(items)) continue;
    items.forEach((container, index) => {
      if (!isRecord(container)) return;
      const name = typeof container.name === 'string' && container.name ? container.name : `#${index}`;
      out.push({ container, name, list, index, path: [...pod.path, list, index], pod });
    });
  }
  return out;
}

/** Read a value at a path; undefined when any step is missing or of the wrong shape. */
export function get(value: unknown, path: Path): any {
  let current: any = value;
  for (const key of path) {
    if (typeof key === 'number') {
      if (!Array.isArray(current)) return undefined;
    } else if (!isRecord(current)) {
      return undefined;
    }
    current = current[key as never];
  }
  return current;
}

/**
 * The effective securityContext field of a container: the container's own value wins, else the pod's
 * (for the fields PodSecurityContext has). Returns the value and the path where it was set.
 */
export function effectiveSecurityField(
  c: ContainerLocation,
  field: string,
): { value: unknown; path: Path | undefined; from: 'container' | 'pod' | undefined } {
  const own = get(c.container, ['securityContext', field]);
  if (own !== undefined && own !== null) return { value: own, path: [...c.path, 'securityContext', field], from: 'container' };
  const pod = get(c.pod.spec, ['securityContext', field]);
  if (pod !== undefined && pod !== null) return { value: pod, path: [...c.pod.path, 'securityContext', field], from: 'pod' };
  return { value: undefined, path: undefined, from: undefined };
}

/** A human label for a container in messages: `container "web"`, `init container "setup"`. */
export function containerLabel(c: ContainerLocation): string {
  const kind = c.list === 'initContainers' ? 'init container' : c.list === 'ephemeralContainers' ? 'ephemeral container' : 'container';
  return `${kind} "${c.name}"`;
}

/** A string annotation of the pod (the template's metadata for controllers), with its path; undefined otherwise. */
export function podAnnotation(pod: PodSpecLocation, key: string): { value: string; path: Path } | undefined {
  const value = get(pod.metadata, ['annotations', key]);
  return typeof value === 'string' ? { value, path: [...pod.metadataPath, 'annotations', key] } : undefined;
}

/** A Linux capability name as runtimes compare it: trimmed, upper case, without `CAP_`. Undefined for non-strings. */
export function capabilityName(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const name = value.trim().toUpperCase();
  return name.startsWith('CAP_') ? name.slice(4) : name;
}

export interface ProfileSetting {
  /** The profile as written: a field's `type` (`RuntimeDefault`) or an annotation's value (`runtime/default`). */
  value: unknown;
  path: Path;
  from: 'container' | 'pod';
  /** True when it comes from a legacy annotation rather than the securityContext field. */
  annotation: boolean;
  /** What set it, for messages: `securityContext.seccompProfile.type` or `annotation "..."`. */
  setting: string;
}

/**
 * The effective seccomp or AppArmor profile of a container, first found of: the container's
 * `securityContext.<field>.type`, the legacy per-container annotation `<containerAnnotationPrefix><name>`, the pod's
 * `securityContext.<field>.type`, the legacy pod annotation `podAnnotationKey`. Undefined when none is set.
 */
export function effectiveProfile(
  c: ContainerLocation,
  field: string,
  containerAnnotationPrefix: string,
  podAnnotationKey?: string,
): ProfileSetting | undefined {
  const own = get(c.container, ['securityContext', field, 'type']);
  if (own !== undefined && own !== null) {
    return { value: own, path: [...c.path, 'securityContext', field, 'type'], from: 'container', annotation: false, setting: `securityContext.${field}.type` };
  }
  const key = `${containerAnnotationPrefix}${c.name}`;
  const ownAnnotation = podAnnotation(c.pod, key);
  if (ownAnnotation) return { ...ownAnnotation, from: 'container', annotation: true, setting: `annotation "${key}"` };
  const pod = get(c.pod.spec, ['securityContext', field, 'type']);
  if (pod !== undefined && pod !== null) {
    return { value: pod, path: [...c.pod.path, 'securityContext', field, 'type'], from: 'pod', annotation: false, setting: `securityContext.${field}.type` };
  }
  const podWide = podAnnotationKey ? podAnnotation(c.pod, podAnnotationKey) : undefined;
  if (podWide) return { ...podWide, from: 'pod', annotation: true, setting: `annotation "${podAnnotationKey}"` };
  return undefined;
}

/**
 * Built-in kinds that are cluster-scoped: they never have a namespace. Custom kinds are told by the scope of their
 * CustomResourceDefinition (see checks/namespaces.ts).
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

/**
 * True when the pod declares `spec.os.name: windows`. Linux-only controls (seccomp, AppArmor, SELinux, capabilities,
 * allowPrivilegeEscalation) do not apply to it, as the Pod Security Standards exempt it.
 */
export function isWindowsPod(pod: PodSpecLocation): boolean {
  return get(pod.spec, ['os', 'name']) === 'windows';
}

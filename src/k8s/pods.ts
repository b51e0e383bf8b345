/** Where workloads keep their pod spec and containers: what the engine and the checks both need to know. */
import type { KubeObject } from '../check-api.js';
import type { Path } from '../shared/types.js';

/** Kubernetes' own kinds that hold a pod or a pod template. */
export const KUBERNETES_WORKLOAD_KINDS = [
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

/**
 * Every kind that holds a pod template: Kubernetes' own, OpenShift's `DeploymentConfig` (`apps.openshift.io`) and Argo
 * Rollouts' `Rollout` (`argoproj.io`). The last two hold one only in their own API group (a `Rollout` of another group
 * is someone else's kind): `podSpecOf` tells, so a check that lists these kinds finds no pod in the others. Kinds a
 * config names in `podTemplates` are workloads too, for every check whose `kinds` lists all of these
 * (`coversWorkloadKinds`).
 */
export const WORKLOAD_KINDS = [...KUBERNETES_WORKLOAD_KINDS, 'DeploymentConfig', 'Rollout'] as const;

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

/**
 * Where a kind keeps its pod: the path to its pod template (`metadata` and `spec`) or, with `holds: 'spec'`, to the pod
 * spec itself (a Pod's `spec`; a custom kind that embeds a bare PodSpec has no pod metadata).
 */
export interface PodTemplateKind {
  kind: string;
  /** The API groups it is served from (`''` is core); undefined: any group. */
  groups?: readonly string[];
  /** Exact apiVersions (`example.com/v1`, or `example.com/*` for every version); undefined: any. */
  apiVersions?: readonly string[];
  path: Path;
  /** What `path` names: the pod template (default) or the pod spec; `auto` tells by the value (a pod spec has `containers`). */
  holds?: 'template' | 'spec' | 'auto';
  /** With `holds: 'spec'`, where the pod's metadata is (a Pod's own); none for a bare pod spec. */
  podMetadata?: Path;
}

/** Kubernetes' own kinds keep no group restriction (Kruise's Advanced StatefulSet and DaemonSet hold a pod template at the same path). */
const BUILTIN_POD_TEMPLATES: readonly PodTemplateKind[] = [
  { kind: 'Pod', path: ['spec'], holds: 'spec', podMetadata: ['metadata'] },
  { kind: 'PodTemplate', path: ['template'] },
  { kind: 'CronJob', path: ['spec', 'jobTemplate', 'spec', 'template'] },
  ...['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job'].map((kind) => ({ kind, path: ['spec', 'template'] })),
  { kind: 'DeploymentConfig', groups: ['apps.openshift.io'], path: ['spec', 'template'] },
  // A Rollout with spec.workloadRef has no template: it runs the referenced Deployment's, checked on the Deployment.
  { kind: 'Rollout', groups: ['argoproj.io'], path: ['spec', 'template'] },
];

/**
 * The kinds a run's config names in `podTemplates`. Set only for the length of a synchronous call (`withPodTemplates`),
 * so that two runs in one process with different configs never see each other's.
 */
let configured: readonly PodTemplateKind[] = [];

/** Run `fn` with the config's `podTemplates` known to `podSpecOf` and the rest of this module (synchronously). */
export function withPodTemplates<T>(kinds: readonly PodTemplateKind[] | undefined, fn: () => T): T {
  if (!kinds?.length && configured.length === 0) return fn();
  const saved = configured;
  configured = kinds ?? [];
  try {
    return fn();
  } finally {
    configured = saved;
  }
}

function groupOfVersion(apiVersion: string): string {
  const slash = apiVersion.lastIndexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

function entryMatches(entry: PodTemplateKind, kind: string, apiVersion: unknown): boolean {
  if (entry.kind !== kind) return false;
  if (!entry.groups && !entry.apiVersions) return true;
  if (typeof apiVersion !== 'string') return false;
  if (entry.groups && !entry.groups.includes(groupOfVersion(apiVersion))) return false;
  if (entry.apiVersions) {
    return entry.apiVersions.some((v) => v === apiVersion || (v.endsWith('/*') && groupOfVersion(apiVersion) === v.slice(0, -2)));
  }
  return true;
}

/** Where objects of this kind and apiVersion keep their pod: the config's `podTemplates` first, then the built-in kinds. */
function podTemplateKindOf(kind: unknown, apiVersion: unknown): PodTemplateKind | undefined {
  if (typeof kind !== 'string') return undefined;
  return configured.find((e) => entryMatches(e, kind, apiVersion)) ?? BUILTIN_POD_TEMPLATES.find((e) => entryMatches(e, kind, apiVersion));
}

/**
 * Every kind `isWorkloadObject` can accept (for some apiVersion): the built-in ones and those the config's
 * `podTemplates` name, as known now (withPodTemplates). A question about workloads can ask the index by these kinds.
 */
export function podTemplateKindNames(): string[] {
  return [...new Set([...configured, ...BUILTIN_POD_TEMPLATES].map((e) => e.kind))];
}

/** True for an object of a kind that holds a pod (template) in its API group, built-in or named by the config. */
export function isWorkloadObject(object: { kind?: unknown; apiVersion?: unknown }): boolean {
  return podTemplateKindOf(object.kind, object.apiVersion) !== undefined;
}

/** True for a kind (and apiVersion) only the config's `podTemplates` name: a workload for checks that cover every workload kind. */
export function isConfiguredWorkload(kind: string, apiVersion: string): boolean {
  return configured.length > 0 && configured.some((e) => entryMatches(e, kind, apiVersion));
}

/** True when `kinds` lists every kind of WORKLOAD_KINDS: the check also runs on the config's `podTemplates` kinds. */
export function coversWorkloadKinds(kinds: readonly string[]): boolean {
  return WORKLOAD_KINDS.every((k) => kinds.includes(k));
}

/** The paths of an object's pod spec and pod metadata (undefined for a bare pod spec), or undefined for other kinds. */
export function podPathsOf(object: { kind?: unknown; apiVersion?: unknown }): { spec: Path; metadata: Path | undefined } | undefined {
  const entry = podTemplateKindOf(object.kind, object.apiVersion);
  if (!entry) return undefined;
  let holds = entry.holds ?? 'template';
  if (holds === 'auto') {
    const value: unknown = get(object, entry.path);
    holds = isRecord(value) && 'containers' in value ? 'spec' : 'template';
  }
  if (holds === 'spec') return { spec: entry.path, metadata: entry.podMetadata };
  return { spec: [...entry.path, 'spec'], metadata: [...entry.path, 'metadata'] };
}

/** The pod spec of any workload kind, or undefined when the object has none (or it is not an object). */
export function podSpecOf(object: KubeObject): PodSpecLocation | undefined {
  const paths = podPathsOf(object);
  if (!paths) return undefined;
  const spec = get(object, paths.spec);
  if (!isRecord(spec)) return undefined;
  const metadataPath = paths.metadata ?? [...paths.spec.slice(0, -1), 'metadata'];
  const metadata = paths.metadata ? get(object, paths.metadata) : undefined;
  return { spec, path: paths.spec, metadata: isRecord(metadata) ? metadata : undefined, metadataPath };
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

/** A human label for a container in messages: `container "web"`, `init container "setup"`. */
export function containerLabel(c: ContainerLocation): string {
  const kind = c.list === 'initContainers' ? 'init container' : c.list === 'ephemeralContainers' ? 'ephemeral container' : 'container';
  return `${kind} "${c.name}"`;
}

/**
 * True when the pod declares `spec.os.name: windows`. Linux-only controls (seccomp, AppArmor, SELinux, capabilities,
 * allowPrivilegeEscalation) do not apply to it, as the Pod Security Standards exempt it.
 */
export function isWindowsPod(pod: PodSpecLocation): boolean {
  return get(pod.spec, ['os', 'name']) === 'windows';
}

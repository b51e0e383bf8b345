/** Where workloads keep their pod spec and containers: what the engine and the checks both need to know. */
import type { KubeObject } from '../check-api.js';
import type { Path } from '../shared/types.js';

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

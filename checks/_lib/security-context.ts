/** The effective securityContext fields and profiles of a container, as the pod checks read them. */
import { type ContainerLocation, get, type PodSpecLocation } from '../../src/k8s/index.js';
import type { Path } from '../../src/shared/types.js';

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
 * `securityContext.<field>.type`, the legacy pod annotation `podAnnotationKey`. Undefined when none is set. `read` leaves
 * out what the target Kubernetes version does not read: the field (AppArmor before 1.30) or the annotations (seccomp
 * from 1.27).
 */
export function effectiveProfile(
  c: ContainerLocation,
  field: string,
  containerAnnotationPrefix: string,
  podAnnotationKey?: string,
  read: { field: boolean; annotations: boolean } = { field: true, annotations: true },
): ProfileSetting | undefined {
  const own = read.field ? get(c.container, ['securityContext', field, 'type']) : undefined;
  if (own !== undefined && own !== null) {
    return {
      value: own,
      path: [...c.path, 'securityContext', field, 'type'],
      from: 'container',
      annotation: false,
      setting: `securityContext.${field}.type`,
    };
  }
  const key = `${containerAnnotationPrefix}${c.name}`;
  const ownAnnotation = read.annotations ? podAnnotation(c.pod, key) : undefined;
  if (ownAnnotation) return { ...ownAnnotation, from: 'container', annotation: true, setting: `annotation "${key}"` };
  const pod = read.field ? get(c.pod.spec, ['securityContext', field, 'type']) : undefined;
  if (pod !== undefined && pod !== null) {
    return { value: pod, path: [...c.pod.path, 'securityContext', field, 'type'], from: 'pod', annotation: false, setting: `securityContext.${field}.type` };
  }
  const podWide = read.annotations && podAnnotationKey ? podAnnotation(c.pod, podAnnotationKey) : undefined;
  if (podWide) return { ...podWide, from: 'pod', annotation: true, setting: `annotation "${podAnnotationKey}"` };
  return undefined;
}

/**
 * Shared by seccomp-profile and apparmor-profile: both read a profile from the container, the pod or a legacy
 * annotation, and report a missing profile per container, an unconfined or unknown one on the container that sets it,
 * and one set on the pod once, naming every container that inherits it.
 */
import { containerLabel, type ContainerLocation } from '../../src/k8s/index.js';
import { selectContainers } from './per-container.js';
import { effectiveProfile } from './security-context.js';
import type { Finding, Resource } from '../../src/check-api.js';

export type ProfileVerdict = 'confined' | 'unconfined' | 'unknown';

export interface ProfileCheck {
  /** `seccompProfile` or `appArmorProfile`. */
  field: string;
  containerAnnotationPrefix: string;
  podAnnotation?: string;
  /** Legacy annotation values that name a confining profile (`runtime/default`, `localhost/...`). */
  confinedAnnotation: (value: string) => boolean;
  /** The finding for a container with no profile at all. */
  missing: (c: ContainerLocation, container: string) => Finding;
}

/** `confined`, `unconfined` or `unknown`, for a field's type or a legacy annotation's value. */
export function classifyProfile(value: unknown, annotation: boolean, confinedAnnotation: (value: string) => boolean): ProfileVerdict {
  if (typeof value !== 'string') return 'unknown';
  if (annotation) {
    if (confinedAnnotation(value)) return 'confined';
    return value === 'unconfined' ? 'unconfined' : 'unknown';
  }
  if (value === 'RuntimeDefault' || value === 'Localhost') return 'confined';
  return value === 'Unconfined' ? 'unconfined' : 'unknown';
}

export function* profileFindings(resource: Resource, options: ProfileCheck): Generator<Finding> {
  const podWide = new Map<string, { finding: Finding; containers: string[] }>();
  // Linux-only controls: Windows pods are exempt.
  for (const c of selectContainers(resource, { windowsPods: 'skip' })) {
    const container = containerLabel(c);
    const profile = options.podAnnotation
      ? effectiveProfile(c, options.field, options.containerAnnotationPrefix, options.podAnnotation)
      : effectiveProfile(c, options.field, options.containerAnnotationPrefix);
    if (!profile) {
      yield options.missing(c, container);
      continue;
    }
    const verdict = classifyProfile(profile.value, profile.annotation, options.confinedAnnotation);
    if (verdict === 'confined') continue;
    const level = verdict === 'unconfined' ? ('error' as const) : undefined;
    const value = verdict === 'unconfined' ? String(profile.value) : JSON.stringify(profile.value);
    if (profile.from === 'container') {
      yield { messageId: verdict, data: { container, setting: profile.setting, value }, path: profile.path, ...(level && { level }) };
      continue;
    }
    const key = JSON.stringify(profile.path);
    const entry = podWide.get(key);
    if (entry) entry.containers.push(container);
    else {
      const messageId = verdict === 'unconfined' ? 'podUnconfined' : 'podUnknown';
      podWide.set(key, {
        finding: { messageId, data: { setting: profile.setting, value }, path: profile.path, ...(level && { level }) },
        containers: [container],
      });
    }
  }
  for (const { finding, containers } of podWide.values()) {
    yield { ...finding, data: { ...finding.data, containers: containers.join(', ') } };
  }
}

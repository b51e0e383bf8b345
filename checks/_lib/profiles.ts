/**
 * Shared by seccomp-profile and apparmor-profile: both read a profile from the container, the pod or a legacy
 * annotation, and report a missing profile per container, an unconfined or unknown one on the container that sets it,
 * one set on the pod once, naming every container that inherits it, and an unconfined pod-level one that every
 * container overrides (the Pod Security Standards restrict the pod-level field itself).
 *
 * What the target Kubernetes version reads decides what counts: the seccomp annotations do nothing from 1.27, the
 * AppArmor field exists only from 1.30.
 */
import { containerLabel, type ContainerLocation, get, isWindowsPod, podSpecOf, type PodSpecLocation } from '../../src/k8s/index.js';
import { selectContainers } from './per-container.js';
import { majorMinor } from './version.js';
import { effectiveProfile, podAnnotation, type ProfileSetting } from './security-context.js';
import type { Finding, Resource } from '../../src/check-api.js';
import type { Path } from '../../src/shared/types.js';

export type ProfileVerdict = 'confined' | 'unconfined' | 'unknown';

/** `major.minor` as numbers (what follows them is not read); undefined when it is not one. */
function parseVersion(version: string): [number, number] | undefined {
  return majorMinor(version, false);
}

/**
 * True when the target version (`context.kubernetesVersion`) is `minimum` or later. A version kubeward cannot read
 * counts as the latest (the engine validates `--kubernetes-version` before any check runs).
 */
export function kubernetesAtLeast(target: string, minimum: string): boolean {
  const t = parseVersion(target);
  const m = parseVersion(minimum)!;
  if (!t) return true;
  return t[0] > m[0] || (t[0] === m[0] && t[1] >= m[1]);
}

/** Where a finding about a container or the pod lands in messages: `container "app"`, `the pod`. */
export type Place = { kind: 'container'; c: ContainerLocation; label: string } | { kind: 'pod'; pod: PodSpecLocation };

export interface ProfileCheck {
  /** `seccompProfile` or `appArmorProfile`. */
  field: string;
  /** False when the target version has no such securityContext field (AppArmor before 1.30): it is not read. */
  fieldRead: boolean;
  containerAnnotationPrefix: string;
  podAnnotation?: string;
  /** False when the target version ignores the legacy annotations (seccomp from 1.27): they are not read. */
  annotationsRead: boolean;
  /** Legacy annotation values that name a confining profile (`runtime/default`, `localhost/...`). */
  confinedAnnotation: (value: string) => boolean;
  /** The finding for a container with no profile at all, or none to stay silent. */
  missing: (c: ContainerLocation, container: string) => Finding | undefined;
  /**
   * The finding for the containers that only an ignored annotation (`annotationsRead: false`) would confine, once per
   * annotation. Without it, such containers count as missing a profile.
   */
  ignoredAnnotation?: (annotation: ProfileSetting & { key: string }, place: Place, containers: string[]) => Finding;
  /** The advice that ends every unconfined or unknown message: what to set, as the target version has it. */
  advice: (profile: ProfileSetting, place: Place) => string;
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

/** The profile the pod level sets (its field, else its legacy annotation), as the target version reads it. */
function podLevelProfile(pod: PodSpecLocation, options: ProfileCheck): ProfileSetting | undefined {
  if (options.fieldRead) {
    const type: unknown = get(pod.spec, ['securityContext', options.field, 'type']);
    if (type !== undefined && type !== null) {
      return {
        value: type,
        path: [...pod.path, 'securityContext', options.field, 'type'],
        from: 'pod',
        annotation: false,
        setting: `securityContext.${options.field}.type`,
      };
    }
  }
  if (options.annotationsRead && options.podAnnotation) {
    const annotation = podAnnotation(pod, options.podAnnotation);
    if (annotation) return { ...annotation, from: 'pod', annotation: true, setting: `annotation "${options.podAnnotation}"` };
  }
  return undefined;
}

export function* profileFindings(resource: Resource, options: ProfileCheck): Generator<Finding> {
  const podWide = new Map<string, { finding: Finding; containers: string[] }>();
  const ignored = new Map<string, { annotation: ProfileSetting & { key: string }; place: Place; containers: string[] }>();
  const read = { field: options.fieldRead, annotations: options.annotationsRead };
  // Linux-only controls: Windows pods are exempt.
  for (const c of selectContainers(resource, { windowsPods: 'skip' })) {
    const container = containerLabel(c);
    const profile = effectiveProfile(c, options.field, options.containerAnnotationPrefix, options.podAnnotation, read);
    if (!profile) {
      const annotation = options.ignoredAnnotation && ignoredAnnotationOf(c, options);
      if (annotation) {
        const key = JSON.stringify(annotation.path);
        const entry = ignored.get(key);
        if (entry) entry.containers.push(container);
        else {
          const place: Place = annotation.from === 'container' ? { kind: 'container', c, label: container } : { kind: 'pod', pod: c.pod };
          ignored.set(key, { annotation, place, containers: [container] });
        }
        continue;
      }
      const finding = options.missing(c, container);
      if (finding) yield finding;
      continue;
    }
    const verdict = classifyProfile(profile.value, profile.annotation, options.confinedAnnotation);
    if (verdict === 'confined') continue;
    const level = verdict === 'unconfined' ? ('error' as const) : undefined;
    const value = verdict === 'unconfined' ? String(profile.value) : JSON.stringify(profile.value);
    if (profile.from === 'container') {
      const advice = options.advice(profile, { kind: 'container', c, label: container });
      yield { messageId: verdict, data: { container, setting: profile.setting, value, advice }, path: profile.path, ...(level && { level }) };
      continue;
    }
    const key = JSON.stringify(profile.path);
    const entry = podWide.get(key);
    if (entry) entry.containers.push(container);
    else {
      const messageId = verdict === 'unconfined' ? 'podUnconfined' : 'podUnknown';
      const advice = options.advice(profile, { kind: 'pod', pod: c.pod });
      podWide.set(key, {
        finding: { messageId, data: { setting: profile.setting, value, advice }, path: profile.path, ...(level && { level }) },
        containers: [container],
      });
    }
  }
  for (const { annotation, place, containers } of ignored.values()) yield options.ignoredAnnotation!(annotation, place, containers);
  for (const { finding, containers } of podWide.values()) {
    yield { ...finding, data: { ...finding.data, containers: containers.join(', ') } };
  }
  // An unconfined pod-level profile that no container inherits today: the Pod Security Standards (baseline) refuse
  // the pod-level value itself, and every container added later (an injected sidecar, `kubectl debug`) inherits it.
  const pod = podSpecOf(resource.object);
  if (!pod || isWindowsPod(pod)) return;
  const podProfile = podLevelProfile(pod, options);
  if (!podProfile || podWide.has(JSON.stringify(podProfile.path))) return;
  if (classifyProfile(podProfile.value, podProfile.annotation, options.confinedAnnotation) !== 'unconfined') return;
  yield {
    messageId: 'podUnconfinedOverridden',
    data: { setting: podProfile.setting, value: String(podProfile.value), advice: options.advice(podProfile, { kind: 'pod', pod }) },
    path: podProfile.path,
    level: 'error',
  };
}

/** The legacy annotation that would set the container's profile if the target version still read annotations. */
function ignoredAnnotationOf(c: ContainerLocation, options: ProfileCheck): (ProfileSetting & { key: string }) | undefined {
  const own = `${options.containerAnnotationPrefix}${c.name}`;
  const ownAnnotation = podAnnotation(c.pod, own);
  if (ownAnnotation) return { ...ownAnnotation, key: own, from: 'container', annotation: true, setting: `annotation "${own}"` };
  if (!options.podAnnotation) return undefined;
  const podWide = podAnnotation(c.pod, options.podAnnotation);
  return podWide && { ...podWide, key: options.podAnnotation, from: 'pod', annotation: true, setting: `annotation "${options.podAnnotation}"` };
}

/** Where a profile field sits for a place: the container's or the pod's `securityContext.<field>`. */
export function profileFieldPath(place: Place, field: string): Path {
  return place.kind === 'container' ? [...place.c.path, 'securityContext', field] : [...place.pod.path, 'securityContext', field];
}

import { get, WORKLOAD_KINDS } from '../../src/k8s/index.js';
import type { Check, Finding } from '../../src/check-api.js';
import { kubernetesAtLeast, type Place, profileFieldPath, profileFindings } from '../_lib/profiles.js';

const POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';
/** Kubernetes 1.27 stopped copying the annotations into the fields: from then on they do nothing. */
const ANNOTATIONS_IGNORED_FROM = '1.27';

const placeText = (place: Place) => (place.kind === 'pod' ? 'the pod' : place.label);

const check: Check = {
  meta: {
    id: 'seccomp-profile',
    description:
      'Containers must run under a seccomp profile: seccompProfile.type RuntimeDefault or Localhost on the container or the pod (the legacy annotations count only before Kubernetes 1.27); Unconfined is an error.',
    severity: 'warning',
    kinds: WORKLOAD_KINDS,
    scope: 'object',
    guideline:
      'NSA/CISA Kubernetes Hardening Guide: use seccomp to limit system calls; CIS Kubernetes Benchmark 5.7.2 (the seccomp profile is set to docker/default in pod definitions); Pod Security Standards (baseline and restricted): seccomp',
    messages: {
      missing:
        '{{object}} {{container}} has no seccomp profile (it runs Unconfined unless the kubelet defaults it): neither the container nor the pod sets securityContext.seccompProfile.type; set it to RuntimeDefault on the pod',
      unconfined: '{{object}} {{container}} turns seccomp off: {{setting}} is "{{value}}", so every system call is allowed; {{advice}}',
      podUnconfined: '{{object}} turns seccomp off for {{containers}}: {{setting}} is "{{value}}" on the pod, so every system call is allowed; {{advice}}',
      podUnconfinedOverridden:
        '{{object}} sets {{setting}} to "{{value}}" on the pod: every container overrides it today, but a namespace that enforces the Pod Security Standards (baseline) refuses the pod for it, and containers added later (injected sidecars, debug containers) inherit it and run without seccomp; {{advice}}',
      unknown: '{{object}} {{container}} sets {{setting}} to {{value}}, which is not a seccomp profile kubeward can confirm; {{advice}}',
      podUnknown:
        '{{object}} sets {{setting}} to {{value}} on the pod (inherited by {{containers}}), which is not a seccomp profile kubeward can confirm; {{advice}}',
      annotationIgnored:
        '{{object}} relies on the annotation "{{annotation}}" for the seccomp profile of {{containers}}, but Kubernetes 1.27 and later ignore it (linting for {{target}}): without the field, seccomp is off unless the kubelet defaults it; set {{field}} on {{place}} instead',
    },
    remediation:
      'Set securityContext.seccompProfile.type: RuntimeDefault on the pod (every container inherits it), or Localhost with a localhostProfile for a custom profile; never Unconfined. Replace the legacy seccomp annotations with the field.',
    fixable: true,
  },
  *check(resource, context): Generator<Finding> {
    const annotationsRead = !kubernetesAtLeast(context.kubernetesVersion, ANNOTATIONS_IGNORED_FROM);
    yield* profileFindings(resource, {
      field: 'seccompProfile',
      fieldRead: true,
      containerAnnotationPrefix: CONTAINER_ANNOTATION_PREFIX,
      podAnnotation: POD_ANNOTATION,
      annotationsRead,
      confinedAnnotation: (value) => value === 'runtime/default' || value === 'docker/default' || value.startsWith('localhost/'),
      // The fix sets RuntimeDefault on the pod, only when the pod has no seccompProfile at all (a Localhost one
      // without its type is left to the author).
      missing: (c, container) => {
        const podProfile = [...c.pod.path, 'securityContext', 'seccompProfile'];
        const fix =
          get(c.pod.spec, ['securityContext', 'seccompProfile']) == null
            ? { fix: { op: 'set' as const, path: podProfile, value: { type: 'RuntimeDefault' } } }
            : {};
        return { messageId: 'missing', data: { container }, path: [...c.path, 'securityContext', 'seccompProfile'], ...fix };
      },
      // From 1.27 the annotations do nothing: reported on the annotation, with the field that does what it said. The fix
      // writes that field where the annotation applied, for runtime/default only (a Localhost profile must exist on the
      // nodes, and an unconfined one is not written back).
      ignoredAnnotation: (annotation, place, containers) => {
        const value = String(annotation.value);
        const localhost = value.startsWith('localhost/') ? value.slice('localhost/'.length) : undefined;
        const field =
          localhost !== undefined
            ? `securityContext.seccompProfile.type: Localhost with localhostProfile: ${JSON.stringify(localhost)}`
            : 'securityContext.seccompProfile.type: RuntimeDefault';
        const fieldPath = profileFieldPath(place, 'seccompProfile');
        const owner = place.kind === 'pod' ? place.pod.spec : place.c.container;
        const fix =
          (value === 'runtime/default' || value === 'docker/default') && get(owner, ['securityContext', 'seccompProfile']) == null
            ? { fix: { op: 'set' as const, path: fieldPath, value: { type: 'RuntimeDefault' } } }
            : {};
        return {
          messageId: 'annotationIgnored',
          data: { annotation: annotation.key, containers: containers.join(', '), target: context.kubernetesVersion, field, place: placeText(place) },
          path: annotation.path,
          pointAt: 'key',
          ...(value === 'unconfined' && { level: 'error' as const }),
          ...fix,
        };
      },
      advice: (profile, place) =>
        profile.annotation
          ? `replace the annotation with securityContext.seccompProfile.type: RuntimeDefault on ${placeText(place)} (the annotations do nothing from Kubernetes 1.27)`
          : 'set it to RuntimeDefault (or a Localhost profile)',
    });
  },
};

export default check;

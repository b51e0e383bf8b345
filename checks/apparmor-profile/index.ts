import { CONTAINER_LISTS, get, isRecord, podSpecOf, WORKLOAD_KINDS } from '../../src/k8s/index.js';
import type { Check, Finding, Resource } from '../../src/check-api.js';
import { kubernetesAtLeast, type Place, profileFindings } from '../_lib/profiles.js';

const CONTAINER_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';
/** Kubernetes 1.30 brought securityContext.appArmorProfile; before, the 1.29 schema refuses it and only the annotation works. */
const FIELD_FROM = '1.30';

interface Options {
  requireProfile: boolean;
}

const placeText = (place: Place) => (place.kind === 'pod' ? 'the pod' : place.label);

/**
 * The API server refuses a pod whose AppArmor annotation names a container it does not have ("container not found"):
 * an error on the annotation's key, naming the pod's containers. Windows pods too (validation does not look at the OS).
 */
function* unknownContainers(resource: Resource): Generator<Finding> {
  const pod = podSpecOf(resource.object);
  const annotations: unknown = pod && get(pod.metadata, ['annotations']);
  if (!pod || !isRecord(annotations)) return;
  // A pod without a readable container list is the schema rule's business.
  if (!CONTAINER_LISTS.some((list) => Array.isArray(pod.spec[list]))) return;
  const names: string[] = [];
  for (const list of CONTAINER_LISTS) {
    const items: unknown = pod.spec[list];
    if (!Array.isArray(items)) continue;
    for (const item of items) if (isRecord(item) && typeof item.name === 'string') names.push(item.name);
  }
  for (const key of Object.keys(annotations)) {
    if (!key.startsWith(CONTAINER_ANNOTATION_PREFIX)) continue;
    const name = key.slice(CONTAINER_ANNOTATION_PREFIX.length);
    if (names.includes(name)) continue;
    yield {
      messageId: 'unknownContainer',
      data: { annotation: key, name, containers: names.length ? names.map((n) => JSON.stringify(n)).join(', ') : 'none' },
      path: [...pod.metadataPath, 'annotations', key],
      pointAt: 'key',
      level: 'error',
    };
  }
}

const check: Check<Options> = {
  meta: {
    id: 'apparmor-profile',
    description:
      'Containers must not run AppArmor Unconfined (securityContext.appArmorProfile from Kubernetes 1.30, the annotation before), and AppArmor annotations must name a container of the pod; the strict preset also wants every container to name a profile.',
    severity: 'warning',
    kinds: WORKLOAD_KINDS,
    scope: 'object',
    guideline:
      'NSA/CISA Kubernetes Hardening Guide: use AppArmor to restrict containers; CIS Kubernetes Benchmark 5.7.3 (apply security context to pods and containers); Pod Security Standards (baseline): AppArmor',
    messages: {
      missing: '{{object}} {{container}} names no AppArmor profile: {{unset}}; {{advice}}',
      unconfined: '{{object}} {{container}} turns AppArmor off: {{setting}} is "{{value}}"; {{advice}}',
      podUnconfined: '{{object}} turns AppArmor off for {{containers}}: {{setting}} is "{{value}}" on the pod; {{advice}}',
      podUnconfinedOverridden:
        '{{object}} sets {{setting}} to "{{value}}" on the pod: every container overrides it today, but a namespace that enforces the Pod Security Standards (baseline) refuses the pod for it, and containers added later (injected sidecars, debug containers) inherit it and run without AppArmor; {{advice}}',
      unknown: '{{object}} {{container}} sets {{setting}} to {{value}}, which is not an AppArmor profile kubeward can confirm; {{advice}}',
      podUnknown:
        '{{object}} sets {{setting}} to {{value}} on the pod (inherited by {{containers}}), which is not an AppArmor profile kubeward can confirm; {{advice}}',
      unknownContainer:
        '{{object}} has the annotation "{{annotation}}" for a container "{{name}}" that the pod does not have (its containers: {{containers}}), so the API server refuses the pod; name one of its containers after the "/" or remove the annotation',
    },
    remediation:
      'Never run a container Unconfined. From Kubernetes 1.30 set securityContext.appArmorProfile.type: RuntimeDefault (or Localhost with a localhostProfile loaded on the nodes) on the pod; before 1.30 set the annotation container.apparmor.security.beta.kubernetes.io/<container name>: runtime/default.',
    schema: {
      type: 'object',
      properties: {
        requireProfile: {
          type: 'boolean',
          description: 'Also report containers that name no AppArmor profile (on by default in the strict preset).',
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { requireProfile: false },
    strictOptions: { requireProfile: true },
  },
  *check(resource, context): Generator<Finding> {
    const target = context.kubernetesVersion;
    const fieldRead = kubernetesAtLeast(target, FIELD_FROM);
    yield* unknownContainers(resource);
    yield* profileFindings(resource, {
      field: 'appArmorProfile',
      fieldRead,
      containerAnnotationPrefix: CONTAINER_ANNOTATION_PREFIX,
      annotationsRead: true,
      confinedAnnotation: (value) => value === 'runtime/default' || value.startsWith('localhost/'),
      // The runtime's default profile already applies on AppArmor nodes, and the Pod Security Standards do not ask for a
      // named one: only the strict preset (or the option) reports it.
      missing: (c, container) => {
        if (context.options.requireProfile !== true) return undefined;
        const data = fieldRead
          ? {
              container,
              unset: 'neither the container nor the pod sets securityContext.appArmorProfile.type (nor the legacy annotation)',
              advice: 'set securityContext.appArmorProfile.type: RuntimeDefault on the pod',
            }
          : {
              container,
              unset: `the pod has no annotation "${CONTAINER_ANNOTATION_PREFIX}${c.name}"`,
              advice: `add it with the value runtime/default (securityContext.appArmorProfile only comes in Kubernetes 1.30; linting for ${target})`,
            };
        return { messageId: 'missing', data, path: [...c.path, 'securityContext', 'appArmorProfile'] };
      },
      advice: (profile, place) => {
        if (!fieldRead) {
          return `set the annotation to runtime/default (or localhost/<profile>); securityContext.appArmorProfile only comes in Kubernetes 1.30 (linting for ${target})`;
        }
        if (profile.annotation) {
          return `replace the annotation with securityContext.appArmorProfile.type: RuntimeDefault on ${placeText(place)} (the API server refuses a pod whose annotation and field disagree)`;
        }
        return 'set it to RuntimeDefault (or a Localhost profile)';
      },
    });
  },
};

export default check;

/**
 * `podTemplates`: custom kinds that embed a pod template or a pod spec (a CronJob-like or a job-runner CRD), named by
 * kind, apiVersion and the path to the template. Every pod and container check then looks at them as at a Deployment
 * (src/k8s/pods.ts, `withPodTemplates`).
 */
import type { PodTemplateKind } from '../k8s/index.js';

export interface PodTemplateConfig {
  /** The kind, as in `kind:` (`Workflow`). */
  kind: string;
  /** The apiVersion, as in `apiVersion:` (`example.com/v1`), or `example.com/*` for every version of the group. */
  apiVersion: string;
  /** Dotted path to the pod template (`spec.template`) or to the pod spec itself (`spec.podSpec`); digits index lists. */
  path: string;
}

/** The JSON Schema of `podTemplates` (part of the config's schema). */
export const podTemplatesSchema = {
  type: 'array',
  description: 'Custom kinds that embed a pod template or a pod spec: every pod and container check looks at them as at a Deployment (docs/config.md).',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['kind', 'apiVersion', 'path'],
    properties: {
      kind: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9]*$', description: 'The kind, as in kind: (e.g. "Workflow").' },
      apiVersion: {
        type: 'string',
        pattern: '^[a-z0-9]([-a-z0-9.]*[a-z0-9])?/([a-z0-9]+|\\*)$',
        description: 'The apiVersion, as in apiVersion: ("example.com/v1"), or "example.com/*" for every version of the group.',
      },
      path: {
        type: 'string',
        pattern: '^[^.\\s]+(\\.[^.\\s]+)*$',
        description:
          'Dotted path to the pod template (metadata and spec, as a Deployment\'s "spec.template") or to the pod spec itself ("spec.podSpec"); a number indexes a list.',
      },
    },
  },
} as const;

/** `spec.jobs.0.template` → ['spec', 'jobs', 0, 'template']. */
function podTemplatePath(path: string): Array<string | number> {
  return path.split('.').map((segment) => (/^(0|[1-9][0-9]*)$/.test(segment) ? Number(segment) : segment));
}

/** The config's `podTemplates` as src/k8s reads them: a template or a pod spec, told apart by the value (a pod spec has `containers`). */
export function podTemplateKinds(config: { podTemplates?: readonly PodTemplateConfig[] }): PodTemplateKind[] {
  return (config.podTemplates ?? []).map((t) => ({ kind: t.kind, apiVersions: [t.apiVersion], path: podTemplatePath(t.path), holds: 'auto' as const }));
}

/** How the per-namespace checks name a namespace and where they point, and label selectors of pods. */
import { get, isRecord, podPathsOf } from '../../src/k8s/index.js';
import type { KubeObject, Resource } from '../../src/check-api.js';
import type { Path } from '../../src/shared/types.js';

/** How a message names a namespace; says where objects without a namespace go. */
export function namespaceLabel(name: string, on: Resource): string {
  return on.kind !== 'Namespace' && on.namespace === undefined
    ? `Namespace "${name}" (objects without metadata.namespace land there)`
    : `Namespace "${name}"`;
}

/** The path a per-namespace finding points at on its target. */
export function namespaceFindingPath(on: Resource): Path {
  return on.kind === 'Namespace' ? ['metadata', 'name'] : ['metadata', 'namespace'];
}

/**
 * Where a workload keeps its pod template's metadata (the Pod's own metadata for a Pod); undefined for a kind that
 * embeds a bare pod spec (the config's `podTemplates`), whose pods have no labels kubeward can see.
 */
export function podMetadataPath(object: KubeObject): Path | undefined {
  return podPathsOf(object)?.metadata;
}

/** The pod labels of a workload, as strings (non-string values are stringified the way they are written). */
export function podLabels(object: KubeObject): Record<string, string> {
  const metadataPath = podMetadataPath(object);
  const labels = metadataPath ? get(object, [...metadataPath, 'labels']) : undefined;
  const out: Record<string, string> = {};
  if (!isRecord(labels)) return out;
  for (const [k, v] of Object.entries(labels)) if (v !== null && typeof v !== 'object') out[k] = String(v);
  return out;
}

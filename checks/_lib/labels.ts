import type { Resource } from '../../src/check-api.js';

/**
 * Config files (KubeletConfiguration, EncryptionConfiguration, an audit Policy) usually have no metadata: messages
 * name them by kind (`label`) rather than `KubeletConfiguration "<unnamed>"`. The `data` to give a finding.
 */
export function configObjectLabel(resource: Resource, label: string = resource.kind): Record<string, string> {
  return resource.name === undefined ? { object: label } : {};
}

import { containerLabel, get, isWindowsPod, WORKLOAD_KINDS } from '../../src/k8s/index.js';
import { perContainerCheck } from '../_lib/per-container.js';

export default perContainerCheck({
  meta: {
    id: 'read-only-root-filesystem',
    description: 'Containers must mount their root filesystem read-only (securityContext.readOnlyRootFilesystem: true).',
    severity: 'error',
    kinds: WORKLOAD_KINDS,
    scope: 'object',
    guideline: 'NSA/CISA Kubernetes Hardening Guide: use immutable container file systems',
    messages: {
      writableRoot: '{{object}} {{container}} has a writable root filesystem: securityContext.readOnlyRootFilesystem is not true',
      explicitlyWritable: '{{object}} {{container}} sets securityContext.readOnlyRootFilesystem: {{value}}',
    },
    remediation:
      'Set securityContext.readOnlyRootFilesystem: true on the container and mount an emptyDir volume on each path the application writes to (/tmp, caches).',
    fixable: true,
  },
  windowsPods: 'check',
  container(c) {
    const path = [...c.path, 'securityContext', 'readOnlyRootFilesystem'];
    const value = get(c.container, ['securityContext', 'readOnlyRootFilesystem']);
    if (value === true) return;
    const data = { container: containerLabel(c) };
    // The API server refuses readOnlyRootFilesystem on a Windows pod (spec.os.name: windows): not fixed there.
    const fix = isWindowsPod(c.pod) ? {} : { fix: { op: 'set' as const, path, value: true } };
    if (value === undefined || value === null) return { messageId: 'writableRoot', data, path, ...fix };
    return { messageId: 'explicitlyWritable', data: { ...data, value: JSON.stringify(value) }, path };
  },
});

/**
 * examples/cluster: the insecure control plane trips every cluster-configuration check, the hardened one trips none
 * of them (it still trips pod-spec checks: static pods use hostNetwork and hostPath by design).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintFiles } from '../src/engine/index.js';
import type { LintMessage } from '../src/shared/types.js';

const root = path.resolve(__dirname, '..');

/** Each cluster-configuration check and the example file it must fire in. */
const CLUSTER_CHECKS: Record<string, string> = {
  'apiserver-authorization': 'kube-apiserver.yaml',
  'apiserver-anonymous-auth': 'kube-apiserver.yaml',
  'apiserver-audit-log': 'kube-apiserver.yaml',
  'apiserver-encryption-at-rest': 'kube-apiserver.yaml',
  'apiserver-tls': 'kube-apiserver.yaml',
  'etcd-tls': 'etcd.yaml',
  'kubelet-config': 'kubelet-config.yaml',
  'encryption-config': 'encryption-config.yaml',
  'audit-policy': 'audit-policy.yaml',
};

async function clusterMessages(folder: string): Promise<Array<LintMessage & { file: string }>> {
  const results = await lintFiles([path.join('examples/cluster', folder)], { cwd: root });
  expect(results.map((r) => path.basename(r.filePath)).sort()).toEqual([
    'audit-policy.yaml',
    'encryption-config.yaml',
    'etcd.yaml',
    'kube-apiserver.yaml',
    'kubelet-config.yaml',
  ]);
  for (const r of results) expect(r.fatalErrorCount, path.basename(r.filePath)).toBe(0);
  return results.flatMap((r) =>
    r.messages.filter((m) => m.ruleId !== null && m.ruleId in CLUSTER_CHECKS).map((m) => ({ ...m, file: path.basename(r.filePath) })),
  );
}

describe('examples/cluster', () => {
  it('insecure trips every cluster-configuration check, in the file it is about', async () => {
    const messages = await clusterMessages('insecure');
    for (const [id, file] of Object.entries(CLUSTER_CHECKS)) {
      const own = messages.filter((m) => m.ruleId === id);
      expect(own.length, id).toBeGreaterThan(0);
      expect(new Set(own.map((m) => m.file)), id).toEqual(new Set([file]));
      expect(
        own.every((m) => m.severity === 2 && m.messageId !== 'internalError'),
        id,
      ).toBe(true);
    }
    // Spot-check positions: the AlwaysAllow item, and the identity provider.
    expect(messages.find((m) => m.ruleId === 'apiserver-authorization')).toMatchObject({ messageId: 'alwaysAllow', line: 20, column: 7 });
    expect(messages.find((m) => m.ruleId === 'encryption-config')).toMatchObject({ messageId: 'identityFirst', line: 9, column: 5 });
  });

  it('hardened trips none of them', async () => {
    expect(await clusterMessages('hardened')).toEqual([]);
  });
});

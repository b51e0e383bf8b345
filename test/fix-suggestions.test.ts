/** Suggestions: a new object appended as a new document at the end of the finding's file; never applied by --fix. */
import { describe, expect, it } from 'vitest';
import { checks } from '../checks/index.js';
import { applyFixes } from '../src/fix/fix.js';
import { lintText } from '../src/engine/index.js';

const only = (...ids: string[]) => ({
  rules: Object.fromEntries([['schema', 'off'], ...checks.map((c) => [c.meta.id, ids.includes(c.meta.id) ? 'error' : 'off'])]) as never,
});

const file = `# shop
apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    spec:
      containers:
      - name: web
        image: web:1`;

describe('suggestions', () => {
  it('namespace-network-policy suggests a default-deny policy appended to the Namespace file', async () => {
    const [result] = await lintText(file, { filePath: 'shop.yaml', config: only('namespace-network-policy'), root: false });
    expect(result.messages).toHaveLength(1);
    const [message] = result.messages;
    expect(message.messageId).toBe('noPolicy');
    expect(message.fix).toBeUndefined();
    expect(result.fixableErrorCount).toBe(0);
    expect(message.suggestions).toEqual([
      {
        desc: 'Add a default-deny NetworkPolicy for namespace "shop" as a new document at the end of this file',
        fix: {
          range: [file.length, file.length],
          text: '\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny\n  namespace: shop\nspec:\n  podSelector: {}\n  policyTypes:\n  - Ingress\n  - Egress\n',
        },
      },
    ]);
    const applied = applyFixes(file, [message.suggestions![0].fix]).output;
    const [after] = await lintText(applied, { filePath: 'shop.yaml', config: only('namespace-network-policy'), root: false });
    expect(after.messages).toEqual([]);
  });

  it('namespace-resource-quota suggests a quota with placeholder limits, in CRLF for a CRLF file', async () => {
    const crlf = `${file}\n`.replace(/\n/g, '\r\n');
    const [result] = await lintText(crlf, { filePath: 'shop.yaml', config: only('namespace-resource-quota'), root: false });
    const [suggestion] = result.messages[0].suggestions!;
    expect(suggestion.fix).toEqual({
      range: [crlf.length, crlf.length],
      text: '---\r\napiVersion: v1\r\nkind: ResourceQuota\r\nmetadata:\r\n  name: default-quota\r\n  namespace: shop\r\nspec:\r\n  hard:\r\n    requests.cpu: "4"\r\n    requests.memory: "8Gi"\r\n    limits.cpu: "8"\r\n    limits.memory: "16Gi"\r\n    pods: "50"\r\n',
    });
    const [after] = await lintText(applyFixes(crlf, [suggestion.fix]).output, {
      filePath: 'shop.yaml',
      config: only('namespace-resource-quota'),
      root: false,
    });
    expect(after.messages).toEqual([]);
  });

  it('--fix never applies a suggestion; JSON files get none', async () => {
    const [fixed] = await lintText(file, {
      filePath: 'shop.yaml',
      config: only('namespace-network-policy', 'namespace-resource-quota'),
      root: false,
      fix: true,
    });
    expect(fixed.output).toBeUndefined();
    expect(fixed.messages.every((m) => m.suggestions?.length === 1)).toBe(true);
    const json = JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
    const pod = JSON.stringify({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'shop' },
      spec: { containers: [{ name: 'a', image: 'a:1' }] },
    });
    const [result] = await lintText(`${json}\n---\n${pod}\n`, { filePath: 'shop.json', config: only('namespace-network-policy'), root: false });
    expect(result.messages).toHaveLength(1);
    expect(result.messages[0].suggestions).toBeUndefined();
  });
});

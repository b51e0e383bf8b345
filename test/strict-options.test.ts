/** `meta.strictOptions`: options the strict preset sets over a check's defaults (apparmor-profile's requireProfile). */
import AjvModule from 'ajv';
import { describe, expect, it } from 'vitest';
import { checks } from '../checks/index.js';
import { presetRules } from '../src/config/config.js';
import { lintText } from '../src/engine/index.js';

const Ajv = ((AjvModule as unknown as { default?: unknown }).default ?? AjvModule) as typeof AjvModule.default;

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    runAsNonRoot: true
  containers:
    - name: app
      image: nginx:1.27
`;

async function apparmorFindings(config: Record<string, unknown>, kubernetesVersion = '1.30') {
  const [result] = await lintText(POD, { config, kubernetesVersion, filePath: 'pod.yaml', root: false });
  return result.messages.filter((m) => m.ruleId === 'apparmor-profile').map((m) => ({ messageId: m.messageId, severity: m.severity, line: m.line }));
}

describe('strictOptions', () => {
  it('every built-in strictOptions is valid against its check options schema', () => {
    const withStrict = checks.filter((c) => c.meta.strictOptions);
    expect(withStrict.map((c) => c.meta.id)).toContain('apparmor-profile');
    for (const check of withStrict) {
      const validate = new Ajv({ strict: false }).compile(check.meta.schema ?? {});
      expect(validate({ ...check.meta.defaultOptions, ...check.meta.strictOptions }), check.meta.id).toBe(true);
    }
  });

  it('the strict preset merges them over the defaults; recommended does not', () => {
    expect(presetRules(checks, ['recommended']).get('apparmor-profile')!.options).toEqual({ requireProfile: false });
    expect(presetRules(checks, ['strict']).get('apparmor-profile')!.options).toEqual({ requireProfile: true });
  });

  it('apparmor-profile: a container that names no profile is reported under strict only', async () => {
    expect(await apparmorFindings({})).toEqual([]);
    expect(await apparmorFindings({ extends: 'recommended' })).toEqual([]);
    expect(await apparmorFindings({ extends: 'strict' })).toEqual([{ messageId: 'missing', severity: 2, line: 9 }]);
  });

  it("the user's options still win over the strict preset's, and turn it on under recommended", async () => {
    expect(await apparmorFindings({ extends: 'strict', rules: { 'apparmor-profile': ['error', { requireProfile: false }] } })).toEqual([]);
    expect(await apparmorFindings({ rules: { 'apparmor-profile': ['warn', { requireProfile: true }] } })).toEqual([
      { messageId: 'missing', severity: 1, line: 9 },
    ]);
  });
});

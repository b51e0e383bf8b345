/** Runs every check's cases (checks/<id>/cases.ts) through the check tester, and tests the tester itself. */
import { describe, expect, it } from 'vitest';
import { checks } from '../checks/index.js';
import { assertExpectedError, type CheckCases, type ExpectedError, expectedMessage, placeholdersOf, runCheckCases } from './check-tester.js';
import type { Check } from '../src/check-api.js';

const cases = import.meta.glob<{ default: CheckCases }>('../checks/*/cases.ts', { eager: true });

for (const check of checks) {
  const mod = cases[`../checks/${check.meta.id}/cases.ts`];
  if (mod) runCheckCases(check, mod.default);
}

describe('check tester: an expected error gives message or data', () => {
  const check: Check = {
    meta: {
      id: 'tester-fixture',
      description: 'A check for the tester tests.',
      severity: 'error',
      scope: 'object',
      messages: { twice: '{{object}} sets {{field}} to {{value}} ({{field}} again)', plain: 'no placeholder here' },
      remediation: 'Nothing to do.',
      guideline: 'none',
    },
    check: () => [],
  };
  const at = { line: 1, column: 1 };
  const refused = (e: unknown) => () => assertExpectedError(check, e as ExpectedError);

  it('fills the template with data, and {{object}} from the reported object as the engine does', () => {
    const e: ExpectedError = { messageId: 'twice', data: { field: 'hostPID', value: 'true' }, ...at };
    expect(() => assertExpectedError(check, e)).not.toThrow();
    const actual = { ruleId: 'tester-fixture', severity: 2, message: '', line: 1, column: 1, object: 'Pod/shop/web' } as const;
    expect(expectedMessage(check, e, actual)).toBe('Pod "web" sets hostPID to true (hostPID again)');
    expect(expectedMessage(check, { ...e, data: { ...e.data, object: 'KubeletConfiguration' } }, actual)).toBe(
      'KubeletConfiguration sets hostPID to true (hostPID again)',
    );
    expect(expectedMessage(check, { messageId: 'plain', message: 'as written', ...at }, actual)).toBe('as written');
    expect(placeholdersOf(check.meta.messages.twice)).toEqual(['object', 'field', 'value']);
  });

  it('takes data: {} for a template with no placeholder but {{object}}', () => {
    expect(refused({ messageId: 'plain', data: {}, ...at })).not.toThrow();
  });

  it('refuses both message and data, and neither', () => {
    expect(refused({ messageId: 'plain', message: 'no placeholder here', data: {}, ...at })).toThrow(/either message or data .*not both/);
    expect(refused({ messageId: 'plain', ...at })).toThrow(/either message or data .*one of them/);
  });

  it('refuses a data key that is no placeholder of the template', () => {
    expect(refused({ messageId: 'twice', data: { field: 'f', value: 'v', vaule: 'v' }, ...at })).toThrow(/data gives "vaule", not a placeholder/);
  });

  it('refuses a placeholder that data leaves unfilled', () => {
    expect(refused({ messageId: 'twice', data: { field: 'f' }, ...at })).toThrow(/data leaves \{\{value\}\} unfilled/);
  });

  it('refuses an unknown message id', () => {
    expect(refused({ messageId: 'nope', data: {}, ...at })).toThrow(/unknown messageId "nope"/);
  });
});

/**
 * The built-in checks' data-table tests: the CheckTester of src/testing (what plugins import from `kubeward/testing`),
 * run under vitest. A check's `cases.ts` exports `{ valid, invalid }`; see src/testing/check-tester.ts.
 */
import { describe, it } from 'vitest';
import type { Check } from '../src/check-api.js';
import { CheckTester, type CheckCases } from '../src/testing/index.js';

export { assertExpectedError, expectedMessage, placeholdersOf, type CheckCases, type ExpectedError } from '../src/testing/index.js';

export function runCheckCases(check: Check, cases: CheckCases): void {
  new CheckTester({ describe, it }).run(check, cases);
}

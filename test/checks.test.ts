/** Runs every check's cases (checks/<id>/cases.ts) through the check tester. */
import { checks } from '../checks/index.js';
import { runCheckCases, type CheckCases } from './check-tester.js';

const cases = import.meta.glob<{ default: CheckCases }>('../checks/*/cases.ts', { eager: true });

for (const check of checks) {
  const mod = cases[`../checks/${check.meta.id}/cases.ts`];
  if (mod) runCheckCases(check, mod.default);
}

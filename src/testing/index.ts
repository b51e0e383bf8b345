/** testing: the CheckTester, for the built-in checks' cases and for plugins (`kubeward/testing`). */
export {
  assertExpectedError,
  CheckTester,
  expectedMessage,
  lintCase,
  placeholdersOf,
  type CheckCases,
  type CheckTesterOptions,
  type ExpectedError,
  type InvalidCase,
  type ValidCase,
} from './check-tester.js';
export type { Check, CheckContext, CheckMeta, Finding, FixOp, KubeObject, Resource, ResourceIndex } from '../check-api.js';

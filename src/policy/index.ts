/**
 * The policy module: users' own rules in CEL. The `vap` check applies the repository's ValidatingAdmissionPolicies
 * (with their bindings) to its objects; `customCheckAsCheck` turns a compiled `customChecks` entry into a check. Plain
 * data in, plain data out; findings are paths into objects, for the engine's `locate()`. What compiles and evaluates
 * CEL (`evaluatePolicies`, `preparePolicies`, `compileCustomChecks`, `compile`) is loaded on demand: `loadCel()`, then
 * `celRuntime()`.
 */
export { loadCel, celLoaded, celRuntime, CelNotLoaded } from './load.js';
export type { CustomCheckError } from './custom-checks.js';

export { customChecksSchema } from './config-schema.js';
export * from './types.js';
export { vapCheck, customCheckAsCheck, policiesApply, VAP_POLICY_KINDS } from './checks.js';
export { restoreParams } from './params.js';

/**
 * The policy module: users' own rules in CEL. `evaluatePolicies` applies the repository's ValidatingAdmissionPolicies
 * (with their bindings) to its objects; `compileCustomChecks` turns the config's `customChecks` into checks. Plain
 * data in, plain data out; findings are paths into objects, for the engine's `locate()`.
 */
export { evaluatePolicies, preparePolicies, type PreparedPolicies, compilePolicy, selectorMatches, failingPath } from './vap.js';
export { compileCustomChecks, type CustomCheck, type CustomCheckError, type CustomCheckFinding } from './custom-checks.js';
export { compile, toCel, fromCel, UNSUPPORTED_FUNCTIONS, UNSUPPORTED_VARIABLES, type CelProgram } from './cel.js';
export { KUBERNETES_FUNCTIONS, parseQuantity } from './k8s-lib.js';
export { resourceTable, type ResourceInfo } from './resources-table.js';
export { customChecksSchema } from './config-schema.js';
export * from './types.js';
export { vapCheck, customCheckAsCheck, VAP_CHECK_ID, VAP_PARAM_KINDS } from './checks.js';

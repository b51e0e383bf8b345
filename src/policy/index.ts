/**
 * The policy module: users' own rules in CEL. `evaluatePolicies` applies the repository's ValidatingAdmissionPolicies
 * (with their bindings) to its objects; `compileCustomChecks` turns the config's `customChecks` into checks. Plain
 * data in, plain data out; findings are paths into objects, for the engine's `locate()`.
 */
export { evaluatePolicies, preparePolicies } from './vap.js';
export { compileCustomChecks, type CustomCheckError } from './custom-checks.js';
export { compile, fromCel } from './cel.js';

export { customChecksSchema } from './config-schema.js';
export * from './types.js';
export { vapCheck, customCheckAsCheck } from './checks.js';

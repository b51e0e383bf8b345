/**
 * The CEL half of the policy module: @bufbuild/cel (with its protobuf runtime and RE2) and everything that compiles or
 * evaluates CEL. Loaded on first use by `loadCel()` (./load.ts), only by runs that have a ValidatingAdmissionPolicy or
 * `customChecks`: most runs never pay for it.
 */
export { evaluatePolicies, preparePolicies } from './vap.js';
export { compileCustomChecks } from './custom-checks.js';
export { compile, fromCel } from './cel.js';

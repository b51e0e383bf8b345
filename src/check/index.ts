/** check: running the checks on a file's objects; findings become messages. */
export { checkResource, compareMessages, dedupe, runChecks, type CheckPlacement, type CheckRun, type Position, type RunRule } from './run.js';

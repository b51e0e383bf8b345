/** check: running the checks on a file's objects; findings become messages. */
export { compareMessages, dedupe, runChecks, type CheckRun, type RunRule } from './run.js';

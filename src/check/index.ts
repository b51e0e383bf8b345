/** check: running the checks on a file's objects; findings become messages. */
export { checkResource, compareMessages, dedupe, runChecks } from './run.js';

/** cli: the command line (its bin, options, output). What later stages use of it: the command line's option specs. */
export { COMMAND_OPTIONS } from './options.js';

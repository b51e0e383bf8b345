/** config: config files and their schema, presets, levels and options per file (overrides), ignore patterns, custom checks, plugins. */
export * from './config.js';
export * from './config-file.js';
export { customChecksOf } from './custom-checks.js';
export { loadPlugins, type LoadPluginsOptions } from './plugins.js';
export { podTemplateKinds } from './pod-templates.js';
export { policyWarnings } from './visibility.js';

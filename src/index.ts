/** kubeward's programmatic API. The CLI, the GitHub Action and the tests all go through it. */
export { lintFiles, lintText, countResult, DEFAULT_KUBERNETES_VERSION, type LintOptions, type LintTextOptions } from './engine/lint.js';
export { loadFormatter, builtinFormatters } from './report/index.js';
export { checks } from '../checks/index.js';
export { ConfigError, type KubewardConfig, type RuleSetting, type RuleLevel } from './config/config.js';
export { resolveConfigFor, loadConfig } from './config/config-file.js';
export type { Check, CheckMeta, CheckContext, Finding, Resource, ResourceIndex, KubeObject } from './check-api.js';
export type { LintResult, LintMessage, Formatter, FormatterContext, FixObject } from './shared/types.js';
export { VERSION } from './shared/version.js';

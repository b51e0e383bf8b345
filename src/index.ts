/** kubeward's programmatic API. The CLI, the GitHub Action and the tests all go through it. */
export { lintFiles, lintText, countResult, DEFAULT_KUBERNETES_VERSION, type LintOptions, type LintTextOptions } from './engine/index.js';
export { loadFormatter, builtinFormatters, type Formatter, type FormatterContext } from './report/index.js';
export { checks } from '../checks/index.js';
export { ConfigError, resolveConfigFor, loadConfig, type KubewardConfig, type RuleSetting, type RuleLevel } from './config/index.js';
export type { Check, CheckMeta, CheckContext, Finding, FixOp, Resource, ResourceIndex, KubeObject } from './check-api.js';
export { resourceId } from './check-api.js';
export { loadPlugins, type LoadPluginsOptions } from './config/index.js';
export { CheckTester, type CheckCases, type CheckTesterOptions, type ExpectedError, type InvalidCase, type ValidCase } from './testing/index.js';
export type { LintResult, LintMessage, FixObject } from './shared/types.js';
export { VERSION } from './shared/version.js';

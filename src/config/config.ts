/**
 * Configuration as the engine uses it: presets, rule levels and options, per-file overrides.
 * Finding and reading config files is src/config-file.ts; this module only resolves a config object.
 */
import path from 'node:path';
import { createRequire } from 'node:module';
import type Picomatch from 'picomatch';
import type { Check } from '../check-api.js';
import type { CustomCheckConfig } from '../policy/index.js';
import type { PodTemplateConfig } from './pod-templates.js';
import { ConfigError } from '../shared/errors.js';
import type { Severity } from '../shared/types.js';
import { SCHEMA_RULE_ID } from '../validate/index.js';

/**
 * picomatch, loaded on its first use (`overrides`, `ignorePatterns`): a run whose config has neither (a pre-commit hook's
 * one file, often) never loads it (docs/performance.md, "Cold start"). The bundles take it from a file of its own.
 */
let picomatchPackage: typeof Picomatch | undefined;
export function picomatch(): typeof Picomatch {
  return (picomatchPackage ??= createRequire(import.meta.url)('picomatch') as typeof Picomatch);
}

export { SCHEMA_RULE_ID };

export type RuleLevel = 'off' | 'warn' | 'error' | 0 | 1 | 2;
export type RuleSetting = RuleLevel | [RuleLevel, Record<string, unknown>?];
export type Preset = 'recommended' | 'strict';

export interface KubewardConfig {
  extends?: Preset | Preset[];
  rules?: Record<string, RuleSetting>;
  overrides?: Array<{ files: string | string[]; excludedFiles?: string | string[]; rules?: Record<string, RuleSetting> }>;
  ignorePatterns?: string[];
  kubernetesVersion?: string;
  /** Extra schema folders laid out `{group}/{kind}_{version}.json`. */
  schemas?: string[];
  /** A custom resource with no schema is an error rather than a notice. */
  strictCrds?: boolean;
  /** Where repository-wide checks look for every manifest; defaults to the config's folder or the git root. */
  root?: string;
  /**
   * Rendering of GitOps entry points. `kustomize` and `helm` name the programs: a bare name looked up on PATH, or an
   * absolute path outside the repository (a config in the linted tree cannot make kubeward run a program of the tree).
   */
  render?: { enabled?: boolean; kustomize?: string; helm?: string };
  /** Checks written in CEL (src/policy), each a check of its own id. */
  customChecks?: CustomCheckConfig[];
  /** npm packages of checks, loaded from the repository's own node_modules (src/config/plugins.ts). */
  plugins?: string[];
  /** How suppressions are read (ESLint's `linterOptions`); the command line's options win. */
  linterOptions?: {
    /** Ignore every directive and annotation (`--no-inline-config`). */
    noInlineConfig?: boolean;
    /** Report directives that suppress nothing, at this level. */
    reportUnusedDisableDirectives?: RuleLevel | boolean;
    /** Directives and annotations without a reason are reported and suppress nothing (`--require-reason`). */
    requireReason?: boolean;
  };
  /** Custom kinds that embed a pod template or a pod spec, checked as workloads (src/config/pod-templates.ts). */
  podTemplates?: PodTemplateConfig[];
}

export interface RuleState {
  /** 0 off, 1 warning, 2 error. */
  severity: Severity;
  options: Record<string, unknown>;
  /** The check's own default level; while `severity` equals it, findings keep their per-finding level. */
  defaultSeverity: Severity;
  /** True under the strict preset: every finding at the configured level. */
  strict: boolean;
}

export { ConfigError };

export function levelToSeverity(level: unknown, key: string): Severity {
  switch (level) {
    case 'off':
    case 0:
      return 0;
    case 'warn':
    case 'warning':
    case 1:
      return 1;
    case 'error':
    case 2:
      return 2;
    default:
      throw new ConfigError(`${key}: level must be "off", "warn" or "error" (or 0, 1, 2), got ${JSON.stringify(level)}`, key);
  }
}

function presetsOf(config: KubewardConfig): Preset[] {
  const ext = config.extends ?? 'recommended';
  return Array.isArray(ext) ? ext : [ext];
}

/** The rule table a preset gives. `strict`: every check on, every warning promoted to error. */
export function presetRules(checks: readonly Check[], presets: readonly Preset[]): Map<string, RuleState> {
  const strict = presets.includes('strict');
  const table = new Map<string, RuleState>();
  table.set(SCHEMA_RULE_ID, { severity: 2, options: {}, defaultSeverity: 2, strict });
  for (const check of checks) {
    const on = strict || check.meta.recommended !== false;
    const severity: Severity = !on ? 0 : strict || check.meta.severity === 'error' ? 2 : 1;
    const defaultSeverity: Severity = check.meta.severity === 'error' ? 2 : 1;
    const options = { ...(check.meta.defaultOptions ?? {}), ...(strict ? (check.meta.strictOptions ?? {}) : {}) };
    table.set(check.meta.id, { severity, options, defaultSeverity, strict });
  }
  return table;
}

/** The check a rule id configures: its own, or for `<id>/<suffix>` the check `<id>` when it reports sub-ids. */
export function checkForRuleId(checks: readonly Check[], id: string): Check | undefined {
  const own = checks.find((c) => c.meta.id === id);
  if (own) return own;
  const slash = id.indexOf('/');
  if (slash <= 0 || slash === id.length - 1) return undefined;
  const parent = checks.find((c) => c.meta.id === id.slice(0, slash));
  return parent?.meta.subIds ? parent : undefined;
}

function applyRules(table: Map<string, RuleState>, rules: Record<string, RuleSetting> | undefined, where: string, checks: readonly Check[]): void {
  if (!rules) return;
  for (const [id, setting] of Object.entries(rules)) {
    const key = `${where}.${id}`;
    // `vap/<policy>`: one sub-id of a check, starting from the check's own state.
    const parent = table.has(id) ? undefined : checkForRuleId(checks, id);
    const current = table.get(id) ?? (parent ? table.get(parent.meta.id) : undefined);
    if (!current) throw new ConfigError(`${key}: unknown check "${id}" (kubeward --list-checks lists them)`, key);
    const [level, options] = Array.isArray(setting) ? setting : [setting, undefined];
    if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) {
      throw new ConfigError(`${key}: options must be an object`, key);
    }
    table.set(id, {
      ...current,
      severity: levelToSeverity(level, key),
      options: options ? { ...current.options, ...options } : current.options,
    });
  }
}

export interface ResolvedConfig {
  config: KubewardConfig;
  /** Folder globs in overrides are relative to (the config file's folder, or the cwd). */
  baseDir: string;
  checks: readonly Check[];
  /** Command-line `--rule` settings, applied last. */
  cliRules?: Record<string, RuleSetting>;
}

/** Per resolved config: compiled override globs, and one rule table per set of matching overrides. */
const tableCache = new WeakMap<ResolvedConfig, { matchers: Array<(rel: string) => boolean>; tables: Map<string, Map<string, RuleState>> }>();

function cacheFor(resolved: ResolvedConfig) {
  let cache = tableCache.get(resolved);
  if (!cache) {
    const matchers = (resolved.config.overrides ?? []).map((override) => {
      const files = Array.isArray(override.files) ? override.files : [override.files];
      const excluded = override.excludedFiles ? (Array.isArray(override.excludedFiles) ? override.excludedFiles : [override.excludedFiles]) : [];
      const included = picomatch()(files, { dot: true, matchBase: !files.some((f) => f.includes('/')) });
      const isExcluded = excluded.length ? picomatch()(excluded, { dot: true }) : () => false;
      return (rel: string) => included(rel) && !isExcluded(rel);
    });
    tableCache.set(resolved, (cache = { matchers, tables: new Map() }));
  }
  return cache;
}

/**
 * The rule table for one file: preset, then `rules`, then matching `overrides`, then the command line. Files that
 * match the same overrides share one table (computed once per run), so do not modify it.
 */
export function rulesForFile(resolved: ResolvedConfig, filePath: string): Map<string, RuleState> {
  const { config, checks } = resolved;
  const cache = cacheFor(resolved);
  const rel = path.relative(resolved.baseDir, filePath).split(path.sep).join('/');
  const matching = cache.matchers.flatMap((matches, i) => (matches(rel) ? [i] : []));
  const key = matching.join(',');
  const cached = cache.tables.get(key);
  if (cached) return cached;
  const table = presetRules(checks, presetsOf(config));
  applyRules(table, config.rules, 'rules', checks);
  for (const i of matching) applyRules(table, config.overrides![i].rules, `overrides[${i}].rules`, checks);
  applyRules(table, resolved.cliRules, '--rule', checks);
  cache.tables.set(key, table);
  return table;
}

/** The rule table before any override: preset, then `rules`, then the command line (`--list-checks`). */
export function baseRules(resolved: ResolvedConfig): Map<string, RuleState> {
  const table = presetRules(resolved.checks, presetsOf(resolved.config));
  applyRules(table, resolved.config.rules, 'rules', resolved.checks);
  applyRules(table, resolved.cliRules, '--rule', resolved.checks);
  return table;
}

/** The presets a config extends, as a list (default: recommended). */
export function presetList(config: KubewardConfig): Preset[] {
  return presetsOf(config);
}

/** Validate the rule ids and levels of a config up front, so a mistake is a usage error before any file is read. */
export function checkConfig(resolved: ResolvedConfig): void {
  rulesForFile(resolved, path.join(resolved.baseDir, '__kubeward_check__.yaml'));
  for (const [i, override] of (resolved.config.overrides ?? []).entries()) {
    const table = presetRules(resolved.checks, presetsOf(resolved.config));
    applyRules(table, override.rules, `overrides[${i}].rules`, resolved.checks);
  }
  for (const preset of presetsOf(resolved.config)) {
    if (preset !== 'recommended' && preset !== 'strict') {
      throw new ConfigError(`extends: unknown preset ${JSON.stringify(preset)} (use "recommended" or "strict")`, 'extends');
    }
  }
}

/**
 * The run's settings: options, the checks and their configuration, the Kubernetes version, what the index keeps. The
 * calling thread and every worker thread build the same Engine from the same options.
 */
import path from 'node:path';
import { checks as builtinChecks } from '../../checks/index.js';
import type { Check } from '../check-api.js';
import { checkConfig, ConfigError, customChecksOf, podTemplateKinds, type KubewardConfig, type ResolvedConfig, type RuleSetting } from '../config/index.js';
import { loadCel, policiesApply, VAP_POLICY_KINDS, vapCheck } from '../policy/index.js';
import type { Resource, ResourceIndex } from '../check-api.js';
import type { FixFilter } from '../fix/index.js';
import { DEFAULT_MAX_FILE_SIZE } from '../parse/index.js';
import { withPodTemplates, type PodTemplateKind } from '../k8s/index.js';
import { entriesOf, skimEntries, type FileEntries } from '../resources/index.js';
import type { ParsedFile, RawObject } from '../parse/index.js';
import type { Severity } from '../shared/types.js';
import type { IgnoreFileSet } from '../read/index.js';
import { assertKnownKubernetesVersion, createSchemaCheck, LATEST_KUBERNETES_VERSION, SCHEMA_RULE_ID } from '../validate/index.js';

/** The newest version kubeward ships schemas for. */
export const DEFAULT_KUBERNETES_VERSION = LATEST_KUBERNETES_VERSION;

export interface LintOptions {
  cwd?: string;
  /** A config object (already loaded). Defaults to `{}`: the recommended preset. */
  config?: KubewardConfig;
  /** The folder override globs are relative to (the config file's folder). Defaults to cwd. */
  configBaseDir?: string;
  /** Rule settings that win over the config (the command line's `--rule`). */
  rules?: Record<string, RuleSetting>;
  /**
   * The checks to run. Defaults to every built-in check (with the schema rule and the `vap` check). The config's
   * `customChecks` and `pluginChecks` are added to them.
   */
  checks?: readonly Check[];
  /**
   * The checks of the config's `plugins`, as `loadPlugins(config, configBaseDir)` loads them (the CLI does). A config
   * that names plugins needs them; runs with plugins stay on the calling thread.
   */
  pluginChecks?: readonly Check[];
  kubernetesVersion?: string;
  /**
   * The repository root: when only some files are linted (a pre-commit hook names the staged files), repository-wide
   * checks still read every manifest below it. Defaults to `config.root`, else the git root. `false` turns it off.
   */
  root?: string | false;
  /**
   * Report `kubeward-disable` directives that suppressed nothing: true or 'warn' (a warning), 'error', 'off'. Default: the
   * config's `linterOptions.reportUnusedDisableDirectives`, else off.
   */
  reportUnusedDisableDirectives?: boolean | 'off' | 'warn' | 'error';
  /**
   * Honour suppression directives and `ignore-check.kubeward.io/*` annotations (ESLint's `allowInlineConfig`; the
   * command line's `--no-inline-config` sets false). Default: true, unless the config's `linterOptions.noInlineConfig`.
   */
  allowInlineConfig?: boolean;
  /**
   * A directive (or annotation) without a reason is reported as a warning and suppresses nothing (`--require-reason`).
   * Default: the config's `linterOptions.requireReason`, else false.
   */
  requireReason?: boolean;
  /**
   * Skip `.gitignore`, `.kubewardignore`, the config's `ignorePatterns` and `ignorePatterns` below (ESLint's `ignore`;
   * `--no-ignore` sets false). node_modules and .git are never entered. Default true.
   */
  ignore?: boolean;
  /** More globs of files never linted, relative to cwd (ESLint's `ignorePatterns`; `--ignore-pattern`). */
  ignorePatterns?: readonly string[];
  /**
   * The `.gitignore` and `.kubewardignore` files to apply instead of those on disk (the GitHub Action passes a pull
   * request's base commit's; src/read/walk.ts). Default: those on disk.
   */
  ignoreFiles?: IgnoreFileSet;
  /**
   * A path or glob that matches no file is an error (ESLint's `errorOnUnmatchedPattern`): lintFiles throws a
   * UsageError `No files matching the pattern "x" were found.` Default true.
   */
  errorOnUnmatchedPattern?: boolean;
  /**
   * Called with the time each check spent on each object (milliseconds), for `--stats`. Runs with it stay on the
   * calling thread.
   */
  onCheckTime?: (checkId: string, ms: number) => void;
  /**
   * A baseline file (relative to cwd): when it exists, findings it lists move to `suppressedMessages`; when it does not
   * (or with `updateBaseline`), it is written with today's findings, which are then all suppressed.
   */
  baseline?: string;
  updateBaseline?: boolean;
  /** Schema folders laid out `{group}/{kind}_{version}.json` (relative to cwd), added to the config's `schemas`. */
  schemaDirs?: readonly string[];
  /** A custom resource with no schema is an error (default: the config's `strictCrds`, else an info notice). */
  strictCrds?: boolean;
  /** Files larger than this many bytes get one fatal message instead of being parsed (default 10 MiB). */
  maxFileSize?: number;
  /**
   * Apply fixes (ESLint's `fix`): true for every fix, or a predicate that picks messages. Results then carry the
   * fixed text in `output` when it changed; nothing is written (the CLI's --fix writes it).
   */
  fix?: FixFilter;
  /** Fixes use their stricter alternative where a check has one (`--fix-type strict`: drop ALL capabilities). */
  fixStrict?: boolean;
  /**
   * Serve an unchanged run from the cache file `cacheLocation` (default `.kubewardcache` in cwd; a folder holds that
   * file), and record fresh runs in it. Any change to a linted or indexed file re-lints all (see src/cache.ts).
   * Runs that fix neither read nor write it; `checks` given here must be code that only changes with kubeward.
   */
  cache?: boolean;
  cacheLocation?: string;
  /**
   * Keep what the index pass made of the repository's files (and its walk) between runs, in the user's cache folder, so
   * a run that names some files (a pre-commit hook) reads and parses only the files of the repository that changed
   * (src/engine/index-cache.ts; `--no-index-cache` sets false). Results are the same either way. Default true.
   */
  indexCache?: boolean;
  /**
   * Lint only shard `index` (1-based) of `count`: the sorted files whose position modulo `count` is `index - 1`. The
   * other files are still read for repository-wide checks, so the shards' results together equal an unsharded run.
   */
  shard?: { index: number; count: number };
  /**
   * Worker threads for big runs (ESLint's `concurrency`): a number of threads, 'auto' (the default: one per core once
   * there are at least 1,000 files per thread, else none) or 'off'. Results are the same either way. Runs that fix, or
   * that are given `checks`, always run on the calling thread.
   */
  concurrency?: number | 'auto' | 'off';
  /** Bytes of parsed files kept between the two passes instead of read again (default 4 MiB, per thread). */
  keepParsed?: number;
  /**
   * Whether a run that names files leaves the files only indexed unskimmed where a scan of their text tells which kinds
   * they may hold, and reads them if a question needs one (default true; the results are the same: tests compare).
   */
  lazyIndex?: boolean;
  /**
   * Render what GitOps deploys (kustomizations, Flux Kustomizations and HelmReleases, Argo CD Applications, Helm charts)
   * with the real tools and lint the rendered objects, each finding on its source line (docs/gitops.md). Default: on,
   * unless the config's `render.enabled` is false. Runs that fix (`fix`) and `lintText` lint files one by one instead.
   */
  render?: boolean;
  /** The Kustomize program: a `kustomize` or `kubectl` binary (default: `kustomize`, else `kubectl`, on PATH). */
  kustomize?: string;
  /** The Helm program (default: `helm` on PATH). */
  helm?: string;
  /** Pass `--enable-helm` to Kustomize (charts inflated by Kustomize run Helm; off unless asked for). */
  kustomizeEnableHelm?: boolean;
  /** Called as files are done: files done, files in all (linted, and read for repository-wide checks). */
  onProgress?: (done: number, total: number) => void;
}

export interface LintTextOptions extends LintOptions {
  filePath?: string;
}

/** Whether a run renders: the option, else the config's `render.enabled`, else yes. */
export function renderEnabled(options: Pick<LintOptions, 'render'>, config: KubewardConfig): boolean {
  return options.render ?? config.render?.enabled ?? true;
}

/**
 * Every check a run can have: the schema rule (with no schema folders), the built-in checks, the `vap` check, and
 * given a config, its custom checks and the plugins' checks.
 */
export function checkCatalogue(extra: { config?: KubewardConfig; pluginChecks?: readonly Check[] } = {}): Check[] {
  return [createSchemaCheck(), ...builtinChecks, vapCheck, ...(extra.config ? customChecksOf(extra.config) : []), ...(extra.pluginChecks ?? [])];
}

/**
 * Kinds the engine itself reads whole from the index: kustomizations, for the namespaces they set and their patches;
 * Argo CD Applications (and Flux Kustomizations), for the namespace they deploy a folder into.
 */
const ENGINE_READS = ['Kustomization', 'Component', 'Application'];

export interface Engine {
  resolved: ResolvedConfig;
  checks: readonly Check[];
  schemaDirs: string[];
  kubernetesVersion: string;
  cwd: string;
  knownIds: Set<string>;
  reportUnused: Severity;
  /** Directives and annotations are honoured (false: `--no-inline-config`). */
  inlineConfig: boolean;
  /** Directives and annotations without a reason are reported and suppress nothing. */
  requireReason: boolean;
  fixStrict: boolean;
  maxFileSize: number;
  /** The kinds the index keeps whole: what the checks' `meta.reads` name, and what the engine reads itself. */
  wholeKinds: ReadonlySet<string>;
  /**
   * Patch files are checked for the values they set (never for fields they leave out) when rendering is on: a patch that
   * is linted on its own was not rendered (no tool, a failed render).
   */
  patchFallback: boolean;
  /** The config's `podTemplates`: custom kinds that embed a pod, known to src/k8s while the run's code runs (withPodTemplates). */
  podTemplates: readonly PodTemplateKind[];
}

export function makeEngine(options: LintOptions): Engine {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const config = options.config ?? {};
  const kubernetesVersion = options.kubernetesVersion ?? config.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION;
  assertKnownKubernetesVersion(kubernetesVersion);
  const schemaDirs = [
    ...(config.schemas ?? []).map((d) => path.resolve(options.configBaseDir ?? cwd, d)),
    ...(options.schemaDirs ?? []).map((d) => path.resolve(cwd, d)),
  ];
  if (config.plugins?.length && !options.pluginChecks) {
    throw new ConfigError(`plugins: the config names plugins (${config.plugins.join(', ')}): load them with loadPlugins() and pass pluginChecks`, 'plugins');
  }
  const untimed = [
    ...(options.checks ?? [createSchemaCheck({ schemaDirs, strictCrds: options.strictCrds ?? config.strictCrds }), ...builtinChecks, vapCheck]),
    ...customChecksOf(config),
    ...(options.pluginChecks ?? []),
  ];
  const checks = options.onCheckTime ? untimed.map((c) => timedCheck(c, options.onCheckTime!)) : untimed;
  const ids = new Set<string>();
  for (const check of checks) {
    if (ids.has(check.meta.id))
      throw new ConfigError(`check id "${check.meta.id}" is taken twice (a custom check or a plugin's check has a built-in check's id)`, check.meta.id);
    ids.add(check.meta.id);
  }
  const resolved: ResolvedConfig = { config, baseDir: options.configBaseDir ?? cwd, checks, cliRules: options.rules };
  checkConfig(resolved);
  const linterOptions = config.linterOptions ?? {};
  const unused = options.reportUnusedDisableDirectives ?? linterOptions.reportUnusedDisableDirectives;
  const reportUnused: Severity = unused === true || unused === 'warn' || unused === 1 ? 1 : unused === 'error' || unused === 2 ? 2 : 0;
  // `<id>/*`: a check that reports sub-ids (`vap/<policy>`), for directives and annotations.
  const knownIds = new Set([SCHEMA_RULE_ID, ...checks.map((c) => c.meta.id), ...checks.filter((c) => c.meta.subIds).map((c) => `${c.meta.id}/*`)]);
  return {
    resolved,
    checks,
    schemaDirs,
    kubernetesVersion,
    cwd,
    knownIds,
    reportUnused,
    inlineConfig: options.allowInlineConfig ?? !linterOptions.noInlineConfig,
    requireReason: options.requireReason ?? linterOptions.requireReason ?? false,
    fixStrict: Boolean(options.fixStrict),
    maxFileSize: options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
    wholeKinds: new Set([...ENGINE_READS, ...checks.flatMap((c) => c.meta.reads ?? [])]),
    patchFallback: renderEnabled(options, config),
    podTemplates: podTemplateKinds(config),
  };
}

/** A check that reports the time it takes on each object (`--stats`); its meta is the check's own. */
function timedCheck(check: Check, onTime: (checkId: string, ms: number) => void): Check {
  return {
    ...check,
    check(resource, context) {
      const start = performance.now();
      try {
        return [...check.check(resource, context)];
      } finally {
        onTime(check.meta.id, performance.now() - start);
      }
    },
  };
}

/** What a worker thread needs to build the same engine: the options, as plain data. */
export interface EngineSettings {
  options: Omit<LintOptions, 'onProgress' | 'checks' | 'pluginChecks' | 'fix' | 'cache' | 'cacheLocation' | 'baseline' | 'updateBaseline' | 'shard'>;
}

export function engineSettings(engine: Engine, options: LintOptions): EngineSettings {
  return {
    options: {
      cwd: engine.cwd,
      config: engine.resolved.config,
      configBaseDir: engine.resolved.baseDir,
      rules: options.rules,
      kubernetesVersion: engine.kubernetesVersion,
      schemaDirs: options.schemaDirs,
      strictCrds: options.strictCrds,
      maxFileSize: options.maxFileSize,
      reportUnusedDisableDirectives: options.reportUnusedDisableDirectives,
      allowInlineConfig: options.allowInlineConfig,
      requireReason: options.requireReason,
      fixStrict: options.fixStrict,
      root: options.root,
      keepParsed: options.keepParsed,
      render: options.render,
    },
  };
}

/** The index entries of a parsed file, with the config's `podTemplates` known (their pod labels are indexed). */
export function indexEntries(engine: Engine, file: ParsedFile, objects?: readonly RawObject[]): FileEntries {
  return withPodTemplates(engine.podTemplates, () => entriesOf(file, engine.wholeKinds, objects));
}

/**
 * The index entries of a file's text by the skim (src/resources/skim.ts), the same as indexEntries gives for the file
 * parsed whole, or undefined where the skim does not read it (parse it then).
 */
export function skimmedEntries(engine: Engine, text: string, filePath: string, bomLength: number): FileEntries | undefined {
  return withPodTemplates(engine.podTemplates, () => skimEntries(text, filePath, bomLength, engine.wholeKinds));
}

/**
 * Load the CEL runtime when a run needs it, before its checks run (they are synchronous): when the config has
 * `customChecks` (compiled as the engine is made), or the repository holds a ValidatingAdmissionPolicy. Other runs
 * never load it (a third of a one-file run's start-up). With `linted` (the Resources the run lints, all of them) and
 * a ResourceIndex, only when the vap check needs it for one of them (policiesApply): a pre-commit run whose staged
 * file no binding's match rules admit does not load it either.
 */
export async function loadPolicyRuntime(
  config: KubewardConfig | undefined,
  objects?: ResourceIndex | ReadonlyArray<{ kind?: unknown }>,
  linted?: Iterable<Resource>,
): Promise<void> {
  const holds = (kind: string) =>
    objects === undefined ? false : 'ofKind' in objects ? objects.ofKind(kind).length > 0 : objects.some((o) => o.kind === kind);
  if (config?.customChecks?.length) await loadCel();
  else if (linted && objects && 'ofKind' in objects ? policiesApply(objects, linted) : VAP_POLICY_KINDS.some(holds)) await loadCel();
}

/**
 * Finding, reading and validating kubeward's config file. The engine's side (presets, levels, overrides) is
 * src/config.ts; this module turns a folder into one validated `KubewardConfig`, once per run.
 *
 * Where: `.kubeward.yaml`, `.kubeward.yml`, `.kubeward.json`, then the `kubeward` key of `package.json`, looked for in
 * the starting folder and then each parent folder; the first found wins (configs do not cascade). `--config FILE`
 * names one; `--no-config` uses none. A JavaScript config is not supported on purpose: linting a repository must
 * never run code from that repository.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { pairOf, readYaml12, type LinePositions, type TreeDocument } from '../parse/index.js';
import { findRepositoryRoot, isWithin, readBytes } from '../read/index.js';

/** The most read of a config file. */
const MAX_CONFIG_BYTES = 4 * 1024 * 1024;
import { packageFile } from '../shared/package-root.js';
import { checks as checksOfKubeward } from '../../checks/index.js';
import type { Check } from '../check-api.js';
import { CelNotLoaded, customChecksSchema, loadCel, vapCheck } from '../policy/index.js';
import {
  baseRules,
  checkForRuleId,
  ConfigError,
  levelToSeverity,
  picomatch,
  presetList,
  rulesForFile,
  SCHEMA_RULE_ID,
  type KubewardConfig,
  type ResolvedConfig,
  type RuleLevel,
} from './config.js';
import { compileConfigChecks } from './custom-checks.js';
import { checkPluginName, isPluginRuleId } from './plugins.js';
import { podTemplatesSchema } from './pod-templates.js';

/** The checks a config may name without custom checks or plugins: the built-in ones and the policy check. */
const builtinChecks: readonly Check[] = [...checksOfKubeward, vapCheck];

type AjvClass = typeof import('ajv').default;
let AjvLoaded: AjvClass | undefined;
/** ajv costs a tenth of a second to load: only a run that has a config file (or check options) to validate pays it. */
function Ajv(): AjvClass {
  if (!AjvLoaded) {
    const mod = createRequire(import.meta.url)('ajv') as { default?: AjvClass } & AjvClass;
    AjvLoaded = mod.default ?? mod;
  }
  return AjvLoaded;
}

/** Config file names, in the order they are looked for within one folder. */
export const CONFIG_FILE_NAMES = ['.kubeward.yaml', '.kubeward.yml', '.kubeward.json', 'package.json'] as const;

export const CONFIG_SCHEMA_FILE = 'kubeward-config.schema.json';
export const CONFIG_SCHEMA_ID = 'https://github.com/kubeward/kubeward/raw/main/schemas/kubeward-config.schema.json';

export interface ResolvedConfigFile {
  config: KubewardConfig;
  /** The config file used, absent when there is none. */
  filePath?: string;
  /** The config file's folder (overrides, `root` and `schemas` are relative to it), or the cwd when there is none. */
  baseDir: string;
}

/**
 * The config for a run that starts in `cwd`: `configFile` when given (relative to cwd), none with `noConfig`, else
 * the nearest config file from cwd upwards. Throws ConfigError naming the file and the key on any mistake.
 */
export async function resolveConfigFor(options: { cwd: string; configFile?: string; noConfig?: boolean }): Promise<{
  config: KubewardConfig;
  filePath?: string;
  baseDir: string;
}> {
  return loadConfigWithCel({ searchFrom: options.cwd, cwd: options.cwd, configFile: options.configFile, noConfig: options.noConfig });
}

/** loadConfig, loading the CEL runtime first when the config turns out to have `customChecks` (it compiles them). */
export async function loadConfigWithCel(options: Parameters<typeof loadConfig>[0]): Promise<ResolvedConfigFile> {
  try {
    return loadConfig(options);
  } catch (error) {
    if (!(error instanceof CelNotLoaded)) throw error;
    await loadCel();
    return loadConfig(options);
  }
}

/**
 * resolveConfigFor with the search start separate from the folder paths are shown relative to. A config with
 * `customChecks` needs the CEL runtime loaded (`loadCel()`), else this throws CelNotLoaded: loadConfigWithCel loads it.
 */
export function loadConfig(options: {
  searchFrom: string;
  cwd: string;
  configFile?: string;
  noConfig?: boolean;
  checks?: readonly Check[];
}): ResolvedConfigFile {
  const cwd = path.resolve(options.cwd);
  if (options.noConfig && options.configFile) throw new ConfigError('--config and --no-config cannot be used together', '--config');
  if (options.noConfig) return { config: {}, baseDir: cwd };
  let found: { filePath: string; data: LoadedData } | undefined;
  if (options.configFile) {
    const filePath = path.resolve(cwd, options.configFile);
    if (!fs.existsSync(filePath)) throw new ConfigError(`Config file not found: ${displayPath(filePath, cwd)} (given with --config)`, '--config');
    const data = readConfigFile(filePath, cwd);
    if (!data) throw new ConfigError(`${displayPath(filePath, cwd)} has no "kubeward" key`, 'kubeward');
    found = { filePath, data };
  } else {
    found = findConfigFile(path.resolve(cwd, options.searchFrom), cwd);
  }
  if (!found) return { config: {}, baseDir: cwd };
  const baseDir = path.dirname(found.filePath);
  const config = validateConfig(found.data, found.filePath, cwd, options.checks ?? builtinChecks);
  // Paths in a config file are relative to the file's folder, wherever kubeward runs from.
  if (config.root !== undefined) config.root = checkedRoot(config.root, baseDir, cwd, displayPath(found.filePath, cwd));
  if (config.schemas) config.schemas = config.schemas.map((s) => path.resolve(baseDir, s));
  return { config, filePath: found.filePath, baseDir };
}

/**
 * A config's `root`, resolved: a folder inside the config's repository (its git root, else the working folder), also
 * once links are resolved. A config in the linted tree must not send kubeward to read the whole machine (`root: /`).
 */
function checkedRoot(root: string, baseDir: string, cwd: string, shown: string): string {
  const resolved = path.resolve(baseDir, root);
  // The git root above the config; with no git, the working folder (when the config is below it) or the config's folder.
  const gitRoot = findRepositoryRoot(baseDir);
  const repository = fs.existsSync(path.join(gitRoot, '.git')) ? gitRoot : isWithin(cwd, baseDir) ? cwd : baseDir;
  const fail = (why: string): never => {
    throw new ConfigError(`Invalid config ${shown}: root: "${root}" ${why}; root must name a folder inside the repository (${repository})`, 'root');
  };
  if (!isWithin(repository, resolved)) fail('lies outside the repository');
  let real: string | undefined;
  try {
    real = fs.realpathSync.native(resolved);
  } catch {
    fail('does not exist');
  }
  if (!isWithin(fs.realpathSync.native(repository), real!)) fail('is a link to a place outside the repository');
  if (!fs.statSync(real!).isDirectory()) fail('is not a folder');
  return resolved;
}

function findConfigFile(start: string, cwd: string): { filePath: string; data: LoadedData } | undefined {
  let dir = start;
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const filePath = path.join(dir, name);
      if (!fs.statSync(filePath, { throwIfNoEntry: false })?.isFile()) continue;
      const data = readConfigFile(filePath, cwd);
      if (data) return { filePath, data };
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The config data of a file, with its YAML document for positions. Undefined for a package.json with no `kubeward` key. */
interface LoadedData {
  value: unknown;
  tree: TreeDocument;
  lineCounter: LinePositions;
  /** Where the config sits in the document: [] or ['kubeward'] for package.json. */
  base: string[];
}

function readConfigFile(filePath: string, cwd: string): LoadedData | undefined {
  const shown = displayPath(filePath, cwd);
  let text: string;
  try {
    // Bounded and regular files only: a config linked to /dev/zero must not hang the run.
    const read = readBytes(filePath, MAX_CONFIG_BYTES);
    if ('failure' in read) {
      throw new Error(read.failure.kind === 'tooLarge' ? `larger than ${MAX_CONFIG_BYTES} bytes` : read.failure.reason);
    }
    text = Buffer.from(read.bytes).toString('utf8');
  } catch (error) {
    throw new ConfigError(`Cannot read config file ${shown}: ${(error as Error).message}`);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // JSON is YAML 1.2, so one parser gives positions for both.
  // The yaml package is loaded only when there is a config file to read.
  const read = readYaml12(text);
  const { lineCounter } = read;
  if ('error' in read) {
    const at = lineCounter.linePos(read.error.offset);
    const where = `${shown}:${at.line}:${at.col}`;
    throw new ConfigError(`Invalid config ${where}: ${read.error.message.split('\n')[0].replace(/\s*at line \d+, column \d+:?\s*$/, '')}`);
  }
  const { value, tree } = read;
  if (path.basename(filePath) === 'package.json') {
    if (!value || typeof value !== 'object' || !('kubeward' in value)) return undefined;
    return { value: (value as Record<string, unknown>).kubeward, tree, lineCounter, base: ['kubeward'] };
  }
  return { value: value ?? {}, tree, lineCounter, base: [] };
}

function displayPath(filePath: string, cwd: string): string {
  const rel = path.relative(cwd, filePath);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : filePath;
}

// ---------------------------------------------------------------------------------------------------------------
// The published JSON Schema

const TOP_LEVEL_KEYS = [
  '$schema',
  'extends',
  'rules',
  'overrides',
  'ignorePatterns',
  'kubernetesVersion',
  'schemas',
  'strictCrds',
  'root',
  'render',
  'customChecks',
  'plugins',
  'linterOptions',
  'podTemplates',
];

/**
 * kubeward's config JSON Schema (draft-07, what editors support best), with one property per check so editors
 * complete rule ids and their options. schemas/kubeward-config.schema.json is this, written out; a test fails when
 * the file is stale.
 */
export function configSchema(given: readonly Check[] = builtinChecks): Record<string, unknown> {
  // The vap check is the engine's (src/policy), not one of checks/: every schema names it.
  const checks = given.includes(vapCheck) ? given : [...given, vapCheck];
  const ruleProperties: Record<string, unknown> = {
    [SCHEMA_RULE_ID]: { description: 'Validation of each object against the Kubernetes (and custom resource) schemas.', $ref: '#/definitions/ruleSetting' },
  };
  for (const check of [...checks].sort((a, b) => a.meta.id.localeCompare(b.meta.id))) {
    const { id, description, schema } = check.meta;
    ruleProperties[id] = schema
      ? {
          description,
          anyOf: [
            { $ref: '#/definitions/ruleLevel' },
            { type: 'array', items: [{ $ref: '#/definitions/ruleLevel' }, schema], minItems: 1, maxItems: 2, additionalItems: false },
          ],
        }
      : { description, $ref: '#/definitions/ruleSetting' };
  }
  const rules = {
    type: 'object',
    description: 'Check levels and options: "off", "warn", "error", or [level, options].',
    properties: ruleProperties,
    // Namespaced ids: custom checks and plugins' checks (`acme/registry`), one policy of the vap check (`vap/<name>`).
    patternProperties: { '^[^/]+/.+$': { $ref: '#/definitions/ruleSetting' } },
    additionalProperties: false,
  };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: CONFIG_SCHEMA_ID,
    title: 'kubeward configuration',
    description: 'The config file of kubeward (.kubeward.yaml, .kubeward.yml, .kubeward.json or the "kubeward" key of package.json).',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string', description: 'The JSON Schema of this file, for editors.' },
      extends: {
        description: 'Preset(s) to start from: "recommended" (the default) or "strict" (every check, warnings promoted to errors).',
        anyOf: [{ $ref: '#/definitions/preset' }, { type: 'array', items: { $ref: '#/definitions/preset' } }],
      },
      rules: { $ref: '#/definitions/rules' },
      overrides: {
        type: 'array',
        description: "Rule settings for the files matching globs (relative to the config file's folder).",
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['files'],
          properties: {
            files: { $ref: '#/definitions/globs' },
            excludedFiles: { $ref: '#/definitions/globs' },
            rules: { $ref: '#/definitions/rules' },
          },
        },
      },
      ignorePatterns: { type: 'array', items: { type: 'string' }, description: 'Globs of files never linted (like .kubewardignore).' },
      kubernetesVersion: {
        type: 'string',
        pattern: '^[0-9]+\\.[0-9]+$',
        description: 'The Kubernetes version to validate against, "major.minor" (quote it in YAML: "1.30").',
      },
      schemas: { type: 'array', items: { type: 'string' }, description: 'Extra schema folders, laid out {group}/{kind}_{version}.json.' },
      strictCrds: { type: 'boolean', description: 'A custom resource with no schema is an error rather than a notice.' },
      root: { type: 'string', description: 'Repository root read by repository-wide checks when only some files are linted.' },
      render: {
        type: 'object',
        additionalProperties: false,
        description: 'Rendering of what GitOps deploys (kustomizations, Flux, Argo CD, Helm charts) with the real tools (docs/gitops.md).',
        properties: {
          enabled: { type: 'boolean', description: 'Render entry points and lint what they deploy (default true); false lints files one by one.' },
          kustomize: { type: 'string', description: 'The kustomize or kubectl program: a name on PATH, or an absolute path outside the repository.' },
          helm: { type: 'string', description: 'The helm program: a name on PATH, or an absolute path outside the repository.' },
        },
      },
      customChecks: customChecksSchema,
      linterOptions: {
        type: 'object',
        additionalProperties: false,
        description: 'How suppressions are read, as in ESLint (docs/suppressions.md); the command line wins.',
        properties: {
          noInlineConfig: {
            type: 'boolean',
            description: 'Ignore every kubeward-disable directive and ignore-check.kubeward.io annotation (as --no-inline-config).',
          },
          reportUnusedDisableDirectives: {
            description: 'Report directives that suppress nothing, at this level (as --report-unused-disable-directives-severity).',
            anyOf: [{ $ref: '#/definitions/ruleLevel' }, { type: 'boolean' }],
          },
          requireReason: {
            type: 'boolean',
            description: 'A directive without " -- reason" (an annotation with an empty value) is reported and suppresses nothing (as --require-reason).',
          },
        },
      },
      plugins: {
        type: 'array',
        description: "npm packages of checks (kubeward-plugin-*), loaded from the repository's own node_modules; --no-plugins refuses them.",
        items: { type: 'string', pattern: '^(@[a-z0-9][a-z0-9._~-]*/)?[a-z0-9][a-z0-9._~-]*$' },
      },
      podTemplates: podTemplatesSchema,
    },
    definitions: {
      rules,
      preset: { enum: ['recommended', 'strict'] },
      ruleLevel: { enum: ['off', 'warn', 'error', 0, 1, 2] },
      ruleSetting: {
        anyOf: [
          { $ref: '#/definitions/ruleLevel' },
          { type: 'array', items: [{ $ref: '#/definitions/ruleLevel' }, { type: 'object' }], minItems: 1, maxItems: 2, additionalItems: false },
        ],
      },
      globs: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, minItems: 1 }] },
    },
  };
}

/** The schema file's text, as written to schemas/kubeward-config.schema.json. */
export function renderConfigSchema(checks: readonly Check[] = builtinChecks): string {
  return `${JSON.stringify(configSchema(checks), null, 2)}\n`;
}

/** The shipped schema file, schemas/ at the package root. */
export function configSchemaPath(): string {
  const file = packageFile('schemas', CONFIG_SCHEMA_FILE);
  if (!fs.existsSync(file)) throw new Error(`kubeward's config schema ${CONFIG_SCHEMA_FILE} is missing from the package`);
  return file;
}

/**
 * The validator of the config schema. It is compiled from configSchema(checks), the very object the shipped file
 * holds (a test locks the file to it), so checks given to the API and checks added since the file was written are
 * never refused as unknown.
 */
const compiled = new WeakMap<readonly Check[], ValidateFunction>();
function schemaValidator(checks: readonly Check[]): ValidateFunction {
  let v = compiled.get(checks);
  if (!v) compiled.set(checks, (v = new (Ajv())({ allErrors: true, strict: false, verbose: true }).compile(configSchema(checks))));
  return v;
}

const optionValidators = new WeakMap<object, ValidateFunction>();
function optionsValidator(schema: Record<string, unknown>): ValidateFunction {
  let v = optionValidators.get(schema);
  if (!v) optionValidators.set(schema, (v = new (Ajv())({ allErrors: true, strict: false, verbose: true }).compile(schema)));
  return v;
}

// ---------------------------------------------------------------------------------------------------------------
// Validation with clear errors

type Segment = string | number;

function keyOf(segments: readonly Segment[]): string {
  let out = '';
  for (const s of segments) out += typeof s === 'number' ? `[${s}]` : out ? `.${s}` : s;
  return out || '(top level)';
}

function pointerSegments(pointer: string, value: unknown): Segment[] {
  if (!pointer) return [];
  const out: Segment[] = [];
  let current: any = value;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const seg: Segment = Array.isArray(current) && /^\d+$/.test(key) ? Number(key) : key;
    out.push(seg);
    current = current?.[seg as never];
  }
  return out;
}

function valueAt(value: unknown, segments: readonly Segment[]): unknown {
  let current: any = value;
  for (const s of segments) current = current?.[s as never];
  return current;
}

/** `file:line:column` of a key in the config file, for error messages. */
function locationOf(data: LoadedData, segments: readonly Segment[], shown: string, pointAtKey: boolean): string {
  let node = data.tree.contents;
  let best: number | undefined = node?.start;
  for (const s of [...data.base, ...segments]) {
    if (node?.kind === 'map') {
      const pair = pairOf(node, String(s));
      if (!pair) break;
      const target = pointAtKey || !pair.value ? pair.key : pair.value;
      if (target) best = target.start;
      node = pair.value;
    } else if (node?.kind === 'seq' && typeof s === 'number') {
      const item = node.items[s];
      if (!item) break;
      best = item.start;
      node = item;
    } else {
      break;
    }
  }
  if (best === undefined) return shown;
  const { line, col } = data.lineCounter.linePos(best);
  return `${shown}:${line}:${col}`;
}

function describe(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

/** Validate a config object; returns it typed, or throws ConfigError naming the file, line and key. */
function validateConfig(data: LoadedData, filePath: string, cwd: string, checks: readonly Check[]): KubewardConfig {
  const schemaChecks = checks;
  if (!checks.includes(vapCheck)) checks = [...checks, vapCheck];
  const shown = displayPath(filePath, cwd);
  const config = data.value;
  const fail = (segments: readonly Segment[], problem: string, pointAtKey = false): never => {
    throw new ConfigError(`Invalid config ${locationOf(data, segments, shown, pointAtKey)}: ${keyOf(segments)}: ${problem}`, keyOf(segments));
  };
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    fail([], `the config must be a mapping of keys (${TOP_LEVEL_KEYS.filter((k) => k !== '$schema').join(', ')}), got ${describe(config)}`);
  }
  const validate = schemaValidator(schemaChecks);
  if (!validate(config)) {
    // Rule settings get kubeward's own, more precise messages; everything else is described from ajv's error.
    for (const error of validate.errors ?? []) {
      const segments = pointerSegments(error.instancePath, config);
      const ruleAt = ruleSegmentsOf(segments);
      if (ruleAt) checkRuleSetting(ruleAt, valueAt(config, ruleAt), checks, fail);
    }
    const specific = (validate.errors ?? []).filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'if');
    const error = pickError(specific.length ? specific : validate.errors!, config);
    describeAjvError(error, config, true, fail);
  }
  // The schema file lists the built-in checks; checks given to the API (custom ones) are checked here.
  const cfg = config as KubewardConfig;
  (cfg.plugins ?? []).forEach((name, i) => {
    try {
      checkPluginName(name, `plugins[${i}]`);
    } catch (error) {
      fail(['plugins', i], (error as Error).message.replace(/^plugins\[\d+\]: /, ''));
    }
  });
  (cfg.podTemplates ?? []).forEach((t, i) => {
    const first = cfg.podTemplates!.findIndex((o) => o.kind === t.kind && o.apiVersion === t.apiVersion);
    if (first !== i) fail(['podTemplates', i], `${t.kind} (${t.apiVersion}) is named twice (also podTemplates[${first}]): one path per kind`);
  });
  if (cfg.customChecks?.length) {
    const custom = compileConfigChecks(cfg.customChecks);
    const error = custom.errors[0];
    if (error) fail(['customChecks', error.index, ...(error.key.split('.').slice(1) as Segment[]).flatMap(splitIndex)], error.message);
    const taken = custom.checks.find((c) => checks.some((b) => b.meta.id === c.meta.id) || checkForRuleId(checks, c.meta.id));
    if (taken)
      fail(
        ['customChecks', cfg.customChecks.findIndex((e) => e.id === taken.meta.id), 'id'],
        `"${taken.meta.id}" is the id of a built-in check (or of its sub-ids)`,
      );
    checks = [...checks, ...custom.checks];
  }
  const ruleTables: Array<[Segment[], Record<string, unknown> | undefined]> = [[['rules'], cfg.rules]];
  (cfg.overrides ?? []).forEach((o, i) => ruleTables.push([['overrides', i, 'rules'], o.rules]));
  for (const [at, rules] of ruleTables) {
    // A plugin's checks are known once it is loaded (loadPlugins); the engine checks their ids then.
    for (const [id, setting] of Object.entries(rules ?? {})) if (!isPluginRuleId(cfg, id)) checkRuleSetting([...at, id], setting, checks, fail);
  }
  return structuredClone(cfg);
}

/** `variables[0].expression` → `variables`, 0, `expression`. */
function splitIndex(segment: Segment): Segment[] {
  const m = /^([^[]+)\[(\d+)\]$/.exec(String(segment));
  return m ? [m[1], Number(m[2])] : [segment];
}

/** The segments of a rule setting (`rules.<id>` or `overrides[i].rules.<id>`) that `segments` is inside of. */
function ruleSegmentsOf(segments: readonly Segment[]): Segment[] | undefined {
  if (segments[0] === 'rules' && segments.length >= 2) return segments.slice(0, 2);
  if (segments[0] === 'overrides' && segments[2] === 'rules' && segments.length >= 4) return segments.slice(0, 4);
  return undefined;
}

function checkRuleSetting(at: Segment[], setting: unknown, checks: readonly Check[], fail: (s: readonly Segment[], p: string, k?: boolean) => never): void {
  const id = String(at[at.length - 1]);
  const check = checkForRuleId(checks, id);
  if (!check && id !== SCHEMA_RULE_ID) fail(at, `unknown check "${id}" (kubeward --list-checks lists them)`, true);
  const [level, options, ...rest] = Array.isArray(setting) ? setting : [setting];
  if (Array.isArray(setting) && (setting.length === 0 || rest.length)) {
    fail(at, `must be a level ("off", "warn", "error") or [level, options], got ${describe(setting)}`);
  }
  const levelAt = Array.isArray(setting) ? [...at, 0] : at;
  try {
    levelToSeverity(level, keyOf(levelAt));
  } catch {
    fail(levelAt, `level must be "off", "warn" or "error" (or 0, 1, 2), got ${describe(level)}`);
  }
  if (options === undefined) return;
  const optionsAt = [...at, 1];
  if (options === null || typeof options !== 'object' || Array.isArray(options)) fail(optionsAt, `options must be a mapping, got ${describe(options)}`);
  const schema = check?.meta.schema;
  if (!schema) {
    if (Object.keys(options as object).length) fail(optionsAt, `check "${id}" takes no options`);
    return;
  }
  const validate = optionsValidator(schema);
  if (!validate(options)) {
    const error = pickError(validate.errors ?? [], options);
    describeAjvError(error, options, false, (segments, problem, key) => fail([...optionsAt, ...segments], problem, key));
  }
}

/** The error deepest in the document (the most specific), first in document order among equals. */
function pickError(errors: ErrorObject[], value: unknown): ErrorObject {
  let best = errors[0];
  for (const e of errors) {
    if (pointerSegments(e.instancePath, value).length > pointerSegments(best.instancePath, value).length) best = e;
  }
  return best;
}

function describeAjvError(error: ErrorObject, root: unknown, isConfig: boolean, fail: (s: readonly Segment[], p: string, k?: boolean) => never): never {
  const segments = pointerSegments(error.instancePath, root);
  const value = valueAt(root, segments);
  const params = error.params;
  if (isConfig && segments.length === 1 && segments[0] === 'kubernetesVersion' && typeof value === 'number') {
    return fail(segments, `must be a string such as "1.30", got the number ${value}: quote it (YAML reads 1.30 as the number 1.3)`);
  }
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const at = [...segments, key];
      if (isConfig && segments.length === 0) {
        return fail(at, `unknown key (allowed: ${TOP_LEVEL_KEYS.filter((k) => k !== '$schema').join(', ')})`, true);
      }
      if (isConfig && ruleSegmentsOf(at)) return fail(at, `unknown check "${key}" (kubeward --list-checks lists them)`, true);
      const allowed = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      return fail(at, `unknown key${allowed.length ? ` (allowed: ${allowed.join(', ')})` : ''}`, true);
    }
    case 'required':
      return fail(segments, `missing required key "${params.missingProperty}"`);
    case 'type':
      return fail(
        segments,
        `must be ${params.type === 'object' ? 'a mapping' : params.type === 'array' ? 'a list' : `a ${params.type}`}, got ${describe(value)}`,
      );
    case 'enum':
      return fail(segments, `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}, got ${describe(value)}`);
    case 'pattern':
      if (isConfig && segments.length === 1 && segments[0] === 'kubernetesVersion') {
        return fail(segments, `must be "major.minor" such as "1.30", got ${describe(value)}`);
      }
      return fail(segments, `must match ${params.pattern}, got ${describe(value)}`);
    default:
      break;
  }
  return fail(segments, `${error.message ?? 'is invalid'}, got ${describe(value)}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Where to look, and what --print-config and --list-checks show

/**
 * The folder a run's config search starts from: the folder of the linted paths (their common folder when there are
 * several; a glob's folder before its first pattern), the cwd for standard input or no paths.
 */
export function configSearchStart(paths: readonly string[], cwd: string): string {
  const dirs: string[] = [];
  for (const p of paths) {
    if (p === '-') continue;
    // Split at either slash, and the first segment with a glob character: no regular expressions, which V8 would
    // compile on every run's first uses (~20-40 µs apiece).
    const segments = p.replaceAll('\\', '/').split('/');
    const firstGlob = segments.findIndex(hasGlobCharacter);
    const fixed = firstGlob === -1 ? p : segments.slice(0, firstGlob).join('/') || '.';
    const absolute = path.resolve(cwd, fixed);
    const stat = fs.statSync(absolute, { throwIfNoEntry: false });
    dirs.push(stat?.isDirectory() ? absolute : path.dirname(absolute));
  }
  if (dirs.length === 0) return path.resolve(cwd);
  let common = dirs[0];
  for (const dir of dirs.slice(1)) {
    while (common !== path.dirname(common) && dir !== common && !dir.startsWith(common.endsWith(path.sep) ? common : common + path.sep)) {
      common = path.dirname(common);
    }
  }
  return common;
}

/** Whether a path segment holds one of `*?[]{}()!`. */
function hasGlobCharacter(segment: string): boolean {
  for (let i = 0; i < segment.length; i++) {
    switch (segment.charCodeAt(i)) {
      case 0x2a: // *
      case 0x3f: // ?
      case 0x5b: // [
      case 0x5d: // ]
      case 0x7b: // {
      case 0x7d: // }
      case 0x28: // (
      case 0x29: // )
      case 0x21: // !
        return true;
    }
  }
  return false;
}

function levelName(severity: number): 'off' | 'warn' | 'error' {
  return severity === 2 ? 'error' : severity === 1 ? 'warn' : 'off';
}

/** The effective config for one file, as `--print-config` prints it: every key, every check's level and options. */
export function effectiveConfig(
  resolved: ResolvedConfig,
  filePath: string,
  extra: { configFile?: string; kubernetesVersion: string; cwd: string; linterOptions?: KubewardConfig['linterOptions'] },
): Record<string, unknown> {
  const table = rulesForFile(resolved, filePath);
  const rules: Record<string, unknown> = {};
  for (const id of [...table.keys()].sort()) {
    const state = table.get(id)!;
    rules[id] = Object.keys(state.options).length ? [levelName(state.severity), state.options] : levelName(state.severity);
  }
  const { config } = resolved;
  return {
    configFile: extra.configFile ? displayPath(extra.configFile, extra.cwd) : null,
    extends: presetList(config),
    kubernetesVersion: extra.kubernetesVersion,
    ignorePatterns: config.ignorePatterns ?? [],
    schemas: config.schemas ?? [],
    strictCrds: config.strictCrds ?? false,
    root: config.root ?? null,
    // How suppressions are read: the config's linterOptions, then the command line's (which win).
    linterOptions: {
      noInlineConfig: extra.linterOptions?.noInlineConfig ?? config.linterOptions?.noInlineConfig ?? false,
      reportUnusedDisableDirectives: levelName(
        unusedLevel(extra.linterOptions?.reportUnusedDisableDirectives ?? config.linterOptions?.reportUnusedDisableDirectives),
      ),
      requireReason: extra.linterOptions?.requireReason ?? config.linterOptions?.requireReason ?? false,
    },
    ...(config.podTemplates?.length ? { podTemplates: config.podTemplates } : {}),
    rules,
  };
}

/** A `reportUnusedDisableDirectives` setting as a severity (true: a warning; unset: off). */
function unusedLevel(setting: RuleLevel | boolean | undefined): number {
  return setting === true ? 1 : setting === undefined || setting === false ? 0 : levelToSeverity(setting, 'linterOptions.reportUnusedDisableDirectives');
}

/** `--list-checks`: one line per check, `id  level  scope  docs-url`, levels after the config and `--rule`. */
export function listChecks(resolved: ResolvedConfig): string {
  const table = baseRules(resolved);
  const checks = [...resolved.checks].sort((a, b) => (a.meta.id < b.meta.id ? -1 : a.meta.id > b.meta.id ? 1 : 0));
  const width = Math.max(0, ...checks.map((c) => c.meta.id.length));
  return checks
    .map(
      (c) => `${c.meta.id.padEnd(width)}  ${levelName(table.get(c.meta.id)?.severity ?? 0).padEnd(5)}  ${c.meta.scope.padEnd(10)}  ${c.meta.docs?.url ?? ''}`,
    )
    .join('\n');
}

/**
 * `ignorePatterns` as the config file means them: globs relative to the config's folder (`k8s/generated/**`), or at any
 * depth with a leading `**\/`. Returns a filter keeping the files not ignored.
 */
export function notIgnoredByConfig(ignorePatterns: readonly string[] | undefined, baseDir: string): (file: string) => boolean {
  if (!ignorePatterns?.length) return () => true;
  const isIgnored = picomatch()([...ignorePatterns], { dot: true });
  return (file) => {
    const rel = path.relative(baseDir, file).split(path.sep).join('/');
    return rel.startsWith('../') || path.isAbsolute(rel) || !isIgnored(rel);
  };
}

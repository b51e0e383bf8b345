/**
 * Plugins, as in ESLint: `plugins: [kubeward-plugin-acme]` in a config loads npm packages whose checks follow the
 * check contract. A plugin is JavaScript, so a config of the linted tree naming one runs code: plugins load only from
 * the repository's own installed `node_modules` (the config file's folder and its parents up to the repository root;
 * never NODE_PATH, the global folders or a path that leaves the repository), their names are bare package names
 * (never a path), and `--no-plugins` (`allowPlugins: false`) refuses a config that names any.
 *
 * A plugin package exports `checks`, an array of checks (ESM `export const checks = [...]`, or CommonJS
 * `module.exports = { checks }`, or a default export `{ checks }`). Each id is `<namespace>/<name>`, the namespace
 * being the package name without `kubeward-plugin-`: `kubeward-plugin-acme` → `acme/...`,
 * `@acme/kubeward-plugin` → `@acme/...`, `@acme/kubeward-plugin-k8s` → `@acme/k8s/...`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Check } from '../check-api.js';
import { findRepositoryRoot } from '../read/index.js';
import { ConfigError } from '../shared/errors.js';
import type { KubewardConfig } from './config.js';

/** npm's rules for a package name: lower case, no path, an optional scope. */
const PACKAGE_NAME = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;

/** The id namespace of a plugin's checks, from its package name. */
export function pluginNamespace(name: string): string {
  const scoped = /^(@[^/]+)\/kubeward-plugin(?:-(.+))?$/.exec(name);
  if (scoped) return scoped[2] ? `${scoped[1]}/${scoped[2]}` : scoped[1];
  return name.startsWith('kubeward-plugin-') ? name.slice('kubeward-plugin-'.length) : name;
}

/** Whether a rule id belongs to one of the config's plugins (checked once the plugins are loaded). */
export function isPluginRuleId(config: KubewardConfig, id: string): boolean {
  return (config.plugins ?? []).some((name) => typeof name === 'string' && id.startsWith(`${pluginNamespace(name)}/`));
}

/** Refuse a plugin name that is not a bare package name (a relative or absolute path, a subpath, `..`). */
export function checkPluginName(name: unknown, key: string): string {
  if (typeof name !== 'string' || !PACKAGE_NAME.test(name) || name.includes('..')) {
    throw new ConfigError(
      `${key}: a plugin is named by its npm package name (kubeward-plugin-acme, @acme/kubeward-plugin), never a path; got ${JSON.stringify(name)}`,
      key,
    );
  }
  return name;
}

const isInside = (file: string, dir: string) => file === dir || file.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);

/** The package's main module: `exports` ('.', then import/node/default/require), else `main`, else index.js. */
function entryOf(pkg: Record<string, unknown>): string {
  let e: unknown = pkg.exports;
  if (e && typeof e === 'object' && !Array.isArray(e) && '.' in e) e = (e as Record<string, unknown>)['.'];
  for (let depth = 0; e && typeof e === 'object' && !Array.isArray(e) && depth < 8; depth++) {
    const c = e as Record<string, unknown>;
    e = c.import ?? c.node ?? c.default ?? c.require;
  }
  if (typeof e === 'string') return e;
  return typeof pkg.main === 'string' ? pkg.main : 'index.js';
}

/**
 * The file a plugin loads from: `<dir>/node_modules/<name>` for the config's folder and each parent up to the
 * repository root, the first that exists; its real path (links followed) must stay inside the repository.
 */
export function resolvePlugin(name: string, baseDir: string, root: string, key: string): string {
  const realRoot = fs.realpathSync(root);
  for (let dir = path.resolve(baseDir); ; dir = path.dirname(dir)) {
    const packageDir = path.join(dir, 'node_modules', ...name.split('/'));
    const manifest = path.join(packageDir, 'package.json');
    if (fs.existsSync(manifest)) {
      const realDir = fs.realpathSync(packageDir);
      let pkg: Record<string, unknown>;
      try {
        pkg = JSON.parse(fs.readFileSync(manifest, 'utf8'));
      } catch (error) {
        throw new ConfigError(`${key}: plugin "${name}": cannot read ${manifest}: ${(error as Error).message}`, key);
      }
      const entry = path.resolve(realDir, entryOf(pkg));
      const realEntry = fs.existsSync(entry) ? fs.realpathSync(entry) : undefined;
      if (!realEntry) throw new ConfigError(`${key}: plugin "${name}": its main module ${entryOf(pkg)} is missing`, key);
      if (!isInside(realDir, realRoot) || !isInside(realEntry, realDir)) {
        throw new ConfigError(
          `${key}: plugin "${name}" resolves to ${realEntry}, outside the repository ${realRoot}: plugins load only from the repository's own node_modules`,
          key,
        );
      }
      return realEntry;
    }
    if (path.resolve(dir) === path.resolve(root) || path.dirname(dir) === dir || !isInside(path.resolve(dir), path.resolve(root))) break;
  }
  throw new ConfigError(
    `${key}: plugin "${name}" is not installed in the repository's node_modules (run npm install; plugins never load from elsewhere)`,
    key,
  );
}

function validateCheck(value: unknown, name: string, namespace: string, at: string): Check {
  const c = value as Check;
  const problem = (why: string) => new ConfigError(`${at}: plugin "${name}": ${why}`, at);
  if (!c || typeof c !== 'object' || !c.meta || typeof c.meta !== 'object' || typeof c.check !== 'function')
    throw problem('a check is an object { meta, check(resource, context) }');
  const { id, severity, scope, messages, remediation, description } = c.meta;
  if (typeof id !== 'string' || !id.startsWith(`${namespace}/`) || id.length === namespace.length + 1) {
    throw problem(`check id ${JSON.stringify(id)} must be namespaced "${namespace}/<name>"`);
  }
  if (severity !== 'error' && severity !== 'warning') throw problem(`check "${id}": meta.severity must be "error" or "warning"`);
  if (scope !== 'object' && scope !== 'repository') throw problem(`check "${id}": meta.scope must be "object" or "repository"`);
  if (!messages || typeof messages !== 'object') throw problem(`check "${id}": meta.messages must map message ids to templates`);
  if (typeof remediation !== 'string' || typeof description !== 'string')
    throw problem(`check "${id}": meta.description and meta.remediation must be strings`);
  return { ...c, meta: { ...c.meta, guideline: c.meta.guideline ?? `plugin ${name}` } };
}

export interface LoadPluginsOptions {
  /** false: a config naming plugins is a config error (`--no-plugins`). Default true. */
  allow?: boolean;
  /** Ids the plugins' checks must not take (the built-in checks', the config's custom checks'). */
  takenIds?: ReadonlySet<string>;
}

/**
 * Load the checks of the config's plugins (`config.plugins`), for a config file in `baseDir`. Throws ConfigError for a
 * refused, missing or malformed plugin, before any file is linted.
 */
export async function loadPlugins(config: KubewardConfig, baseDir: string, options: LoadPluginsOptions = {}): Promise<Check[]> {
  const names = config.plugins ?? [];
  if (names.length === 0) return [];
  if (options.allow === false) {
    throw new ConfigError(
      `plugins: the config names plugins (${names.join(', ')}), and --no-plugins refuses to run code named by the linted tree; lint without --no-plugins in a trusted job, or with --no-config`,
      'plugins',
    );
  }
  const root = config.root ?? findRepositoryRoot(baseDir);
  const taken = new Set(options.takenIds ?? []);
  const out: Check[] = [];
  for (const [i, raw] of names.entries()) {
    const key = `plugins[${i}]`;
    const name = checkPluginName(raw, key);
    const file = resolvePlugin(name, baseDir, root, key);
    let mod: Record<string, unknown>;
    try {
      mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    } catch (error) {
      throw new ConfigError(`${key}: plugin "${name}" failed to load: ${(error as Error)?.message ?? String(error)}`, key);
    }
    const exported = mod.checks ?? (mod.default as Record<string, unknown> | undefined)?.checks;
    if (!Array.isArray(exported)) throw new ConfigError(`${key}: plugin "${name}" exports no \`checks\` array`, key);
    const namespace = pluginNamespace(name);
    if (taken.has(namespace)) throw new ConfigError(`${key}: plugin "${name}": its namespace "${namespace}" is a check's id`, key);
    for (const value of exported) {
      const check = validateCheck(value, name, namespace, key);
      if (taken.has(check.meta.id)) throw new ConfigError(`${key}: plugin "${name}": check id "${check.meta.id}" is already taken`, key);
      taken.add(check.meta.id);
      out.push(check);
    }
  }
  return out;
}

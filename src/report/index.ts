/**
 * report: pick a formatter by name. Built-ins first, then an installed `eslint-formatter-NAME` (or
 * `@scope/eslint-formatter-NAME`) resolved from the working directory, then a file path, as ESLint does.
 */
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Formatter } from './types.js';
import { UsageError } from '../shared/errors.js';
import type { GithubFormatterOptions } from './github.js';

export { relativeToRoot } from './paths.js';
export { rulesMeta } from './rules-meta.js';
export type { Formatter, FormatterContext } from './types.js';

/** The github formatter with options of the Action's (loaded on first use, like every formatter). */
export async function githubFormatter(options: GithubFormatterOptions): Promise<Formatter> {
  return (await import('./github.js')).createGithubFormatter(options);
}

/** Built-in formatters, each loaded only when asked for (start-up time matters in a pre-commit hook). */
export const builtinFormatters: Record<string, () => Promise<Formatter>> = {
  stylish: async () => (await import('./stylish.js')).stylish,
  json: async () => (await import('./json.js')).json,
  sarif: async () => (await import('./sarif.js')).sarif,
  // Annotation paths are relative to the Actions workspace when there is one.
  github: async () => (await import('./github.js')).createGithubFormatter({ workspace: process.env.GITHUB_WORKSPACE || undefined }),
  junit: async () => (await import('./junit.js')).junit,
  checkstyle: async () => (await import('./checkstyle.js')).checkstyle,
};

/** `foo` → `eslint-formatter-foo`; `@scope/foo` → `@scope/eslint-formatter-foo`; `@scope` → `@scope/eslint-formatter`. */
export function formatterPackageName(name: string): string {
  if (name.startsWith('@')) {
    const [scope, rest] = name.split('/');
    if (!rest) return `${scope}/eslint-formatter`;
    return rest.startsWith('eslint-formatter') ? name : `${scope}/eslint-formatter-${rest}`;
  }
  return name.startsWith('eslint-formatter-') ? name : `eslint-formatter-${name}`;
}

async function importFormatter(file: string, shown: string): Promise<Formatter> {
  const mod = await import(pathToFileURL(file).href);
  const fn = typeof mod.default === 'function' ? mod.default : typeof mod === 'function' ? mod : mod.default?.default;
  if (typeof fn !== 'function') throw new UsageError(`The formatter "${shown}" does not export a function`);
  return fn as Formatter;
}

export async function loadFormatter(name: string, cwd: string): Promise<Formatter> {
  const builtin = builtinFormatters[name];
  if (builtin) return builtin();
  const looksLikePath = !name.startsWith('@') && (name.includes('/') || name.includes('\\') || /\.[cm]?js$/.test(name));
  if (looksLikePath) {
    const file = path.resolve(cwd, name);
    if (!fs.existsSync(file)) throw new UsageError(`The formatter file "${name}" does not exist`);
    return importFormatter(file, name);
  }
  const packageName = formatterPackageName(name);
  let resolved: string;
  try {
    resolved = createRequire(path.join(cwd, '__kubeward__.js')).resolve(packageName);
  } catch {
    const known = Object.keys(builtinFormatters).join(', ');
    throw new UsageError(`There was a problem loading formatter "${name}": built-in formatters are ${known}; otherwise install "${packageName}"`);
  }
  return importFormatter(resolved, name);
}

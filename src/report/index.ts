/**
 * report: pick a formatter by name. Built-ins first (their names never resolve to anything else, so `--format compact`
 * never loads a package from the linted tree's `node_modules`), then, where the caller allows code (`external`), an
 * installed `eslint-formatter-NAME` (or `@scope/eslint-formatter-NAME`) resolved from the working directory, or a file
 * path, as ESLint does. See docs/security.md ("Formatters").
 */
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { StreamFormatter } from './stream.js';
import type { Formatter } from './types.js';
import { UsageError } from '../shared/errors.js';
import { excerpt, MAX_EXCERPT, quote } from '../shared/inert.js';

export { relativeToRoot } from './paths.js';
export { rulesMeta } from './rules-meta.js';
export type { Formatter, FormatterContext } from './types.js';
export type { StreamFormatter } from './stream.js';

/** Built-in formatters, each loaded only when asked for (start-up time matters in a pre-commit hook). */
export const builtinFormatters: Record<string, () => Promise<Formatter>> = {
  stylish: async () => (await import('./stylish.js')).stylish,
  json: async () => (await import('./json.js')).json,
  sarif: async () => (await import('./sarif.js')).sarif,
  // Annotation paths are relative to the Actions workspace when there is one.
  github: async () => (await import('./github.js')).createGithubFormatter({ workspace: process.env.GITHUB_WORKSPACE || undefined }),
  junit: async () => (await import('./junit.js')).junit,
  checkstyle: async () => (await import('./checkstyle.js')).checkstyle,
  compact: async () => (await import('./compact.js')).compact,
  unix: async () => (await import('./compact.js')).unix,
  visualstudio: async () => (await import('./compact.js')).visualstudio,
};

/**
 * The built-in formats as streams (src/report/stream.ts): each result's text is written as it comes, in the same bytes
 * as the whole-array formatter of the same name.
 */
const builtinStreams: Record<string, () => Promise<StreamFormatter>> = {
  stylish: async () => (await import('./stylish.js')).stylishStream,
  json: async () => (await import('./json.js')).jsonStream,
  sarif: async () => (await import('./sarif.js')).sarifStream,
  github: async () => (await import('./github.js')).createGithubStream({ workspace: process.env.GITHUB_WORKSPACE || undefined }),
  junit: async () => (await import('./junit.js')).junitStream,
  checkstyle: async () => (await import('./checkstyle.js')).checkstyleStream,
  compact: async () => (await import('./compact.js')).compactStream,
  unix: async () => (await import('./compact.js')).unixStream,
  visualstudio: async () => (await import('./compact.js')).visualstudioStream,
};

/** The stream of a built-in format; undefined for any other name (a package or a file gets the whole array, as ESLint's contract says). */
export async function loadReportStream(name: string): Promise<StreamFormatter | undefined> {
  return Object.hasOwn(builtinStreams, name) ? builtinStreams[name]() : undefined;
}

/** Whether `name` is a built-in format (an own name of the table: `constructor` and `__proto__` are not). */
export function isBuiltinFormat(name: string): boolean {
  return Object.hasOwn(builtinFormatters, name);
}

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
  let mod: Record<string, any>;
  try {
    mod = (await import(pathToFileURL(file).href)) as Record<string, any>;
  } catch (error) {
    throw new UsageError(`There was a problem loading formatter ${quote(shown)}: ${excerpt((error as Error)?.message ?? String(error), MAX_EXCERPT * 2)}`);
  }
  const fn = typeof mod.default === 'function' ? mod.default : typeof mod === 'function' ? mod : mod.default?.default;
  if (typeof fn !== 'function') throw new UsageError(`The formatter ${quote(shown)} does not export a function`);
  return fn as Formatter;
}

export interface LoadFormatterOptions {
  /**
   * Whether a name that is not built in may load code: a package or a file. Default true (the command line: the user
   * named it). False where the name comes from what the linted tree controls, or from a workflow that did not allow
   * more: only built-in formats load, and `refusal` says who refused and how to allow it.
   */
  external?: boolean;
  /** The end of the refusal's message, e.g. `the Action loads only built-in formats unless its allow-external-formatter input is true`. */
  refusal?: string;
}

/**
 * The formatter named `name`. A formatter that throws (or returns something other than a string) becomes a
 * UsageError naming it, never a stack trace: exit code 2 with one clear line.
 */
export async function loadFormatter(name: string, cwd: string, options: LoadFormatterOptions = {}): Promise<Formatter> {
  return guarded(await resolveFormatter(name, cwd, options), name);
}

function guarded(formatter: Formatter, name: string): Formatter {
  const failed = (error: unknown) =>
    new UsageError(
      `The formatter ${quote(name)} failed: ${excerpt((error as Error)?.message ?? String(error), MAX_EXCERPT * 2)}; the results were not written (try --format json)`,
    );
  const check = (out: unknown): string => {
    if (typeof out !== 'string') throw failed(new Error(`it returned ${out === null ? 'null' : typeof out}, not text`));
    return out;
  };
  return (results, context) => {
    let out: string | Promise<string>;
    try {
      out = formatter(results, context);
    } catch (error) {
      throw failed(error);
    }
    if (out instanceof Promise || (typeof out === 'object' && out !== null && typeof (out as Promise<string>).then === 'function')) {
      return Promise.resolve(out).then(check, (error: unknown) => {
        throw failed(error);
      });
    }
    return check(out);
  };
}

async function resolveFormatter(name: string, cwd: string, options: LoadFormatterOptions): Promise<Formatter> {
  if (isBuiltinFormat(name)) return builtinFormatters[name]();
  if (options.external === false) {
    const known = Object.keys(builtinFormatters).join(', ');
    throw new UsageError(
      `The formatter ${quote(name)} is not built in (built-in formatters are ${known}), and ${options.refusal ?? 'this run loads only built-in formatters, never code from the linted tree'}`,
    );
  }
  const looksLikePath = !name.startsWith('@') && (name.includes('/') || name.includes('\\') || /\.[cm]?js$/.test(name));
  if (looksLikePath) {
    const file = path.resolve(cwd, name);
    if (!fs.existsSync(file)) throw new UsageError(`The formatter file ${quote(name)} does not exist`);
    return importFormatter(file, name);
  }
  const packageName = formatterPackageName(name);
  let resolved: string;
  try {
    resolved = createRequire(path.join(cwd, '__kubeward__.js')).resolve(packageName);
  } catch {
    const known = Object.keys(builtinFormatters).join(', ');
    throw new UsageError(`There was a problem loading formatter ${quote(name)}: built-in formatters are ${known}; otherwise install ${quote(packageName)}`);
  }
  return importFormatter(resolved, name);
}

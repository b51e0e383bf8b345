/**
 * walk: command-line paths and globs → the sorted list of manifest files to lint.
 * `.gitignore`, `.kubewardignore` and `ignorePatterns` are honoured; node_modules and .git never entered;
 * symbolic links to folders are not followed, so a link loop cannot trap the walk.
 */
import fs from 'node:fs';
import path from 'node:path';
import { globby, isDynamicPattern, isIgnoredByIgnoreFiles } from 'globby';

export const MANIFEST_EXTENSIONS = ['yaml', 'yml', 'json'];
const MANIFEST_GLOB = `**/*.{${MANIFEST_EXTENSIONS.join(',')}}`;
export const ALWAYS_IGNORED = ['**/node_modules/**', '**/.git/**'];
export const IGNORE_FILES = ['**/.kubewardignore'];

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface WalkOptions {
  cwd: string;
  ignorePatterns?: readonly string[];
  /** Honour .gitignore files (default true). */
  gitignore?: boolean;
}

export interface WalkResult {
  files: string[];
  /** Paths given that held no manifest, for an explanatory message. */
  empty: string[];
}

function globOptions(cwd: string, options: WalkOptions) {
  return {
    cwd,
    absolute: true,
    dot: true,
    onlyFiles: true,
    followSymbolicLinks: false,
    suppressErrors: true,
    gitignore: options.gitignore ?? true,
    ignoreFiles: IGNORE_FILES,
    ignore: [...ALWAYS_IGNORED, ...(options.ignorePatterns ?? [])],
  };
}

export function isManifestPath(file: string): boolean {
  return MANIFEST_EXTENSIONS.includes(path.extname(file).slice(1).toLowerCase());
}

/** Expand paths and globs into files. A path that does not exist is a usage error naming it. */
export async function walk(patterns: readonly string[], options: WalkOptions): Promise<WalkResult> {
  const files = new Set<string>();
  const empty: string[] = [];
  const explicit: string[] = [];
  for (const pattern of patterns.length ? patterns : ['.']) {
    const absolute = path.resolve(options.cwd, pattern);
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(absolute);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EACCES') throw new UsageError(`Cannot read "${pattern}": permission denied`);
      if (code !== 'ENOENT' && code !== 'ENOTDIR' && code !== 'ELOOP') throw error;
      // A dangling link is still a file the user named: reading it reports the problem.
      if (fs.lstatSync(absolute, { throwIfNoEntry: false })?.isSymbolicLink()) {
        explicit.push(absolute);
        continue;
      }
    }
    if (stat?.isDirectory()) {
      const found = await globby(MANIFEST_GLOB, globOptions(absolute, options));
      if (found.length === 0) empty.push(pattern);
      for (const f of found) files.add(path.normalize(f));
    } else if (stat) {
      explicit.push(absolute);
    } else if (isDynamicPattern(pattern)) {
      const found = await globby(pattern, globOptions(options.cwd, options));
      const manifests = found.filter(isManifestPath);
      if (manifests.length === 0) empty.push(pattern);
      for (const f of manifests) files.add(path.normalize(f));
    } else {
      throw new UsageError(`No such file or directory: "${pattern}"`);
    }
  }
  if (explicit.length) {
    // Files named one by one (a pre-commit hook does this) still honour the ignore files.
    const ignored = await isIgnoredByIgnoreFiles(IGNORE_FILES, { cwd: options.cwd });
    const patternsIgnored = (options.ignorePatterns ?? []).length
      ? await globby(explicit.map((f) => path.relative(options.cwd, f).split(path.sep).join('/')), {
          ...globOptions(options.cwd, options),
          gitignore: false,
          ignoreFiles: [],
        })
      : undefined;
    for (const f of explicit) {
      if (ignored(f)) continue;
      if (patternsIgnored && !patternsIgnored.includes(f) && fs.existsSync(f)) continue;
      files.add(path.normalize(f));
    }
  }
  return { files: [...files].sort(compareFilePaths), empty };
}

export function compareFilePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The repository root for repository-wide checks: the nearest folder upwards with `.git`, else `start`. */
export function findRepositoryRoot(start: string): string {
  let dir = path.resolve(start);
  for (;;) {
    if (fs.existsSync(path.join(dir, '.git'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(start);
    dir = parent;
  }
}

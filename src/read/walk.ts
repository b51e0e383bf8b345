/**
 * walk: command-line paths and globs → the sorted list of manifest files to lint.
 * `.gitignore`, `.kubewardignore` and `ignorePatterns` are honoured; node_modules and .git never entered;
 * symbolic links to folders are not followed, so a link loop cannot trap the walk.
 */
import fs from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { UsageError } from '../shared/errors.js';
import { fsErrorReason, readBytes } from './read-file.js';
import { isWithin, outsideTreeReason } from './tree.js';

export { UsageError };

export const MANIFEST_EXTENSIONS = ['yaml', 'yml', 'json'];
const MANIFEST_GLOB = `**/*.{${MANIFEST_EXTENSIONS.join(',')}}`;
export const ALWAYS_IGNORED = ['**/node_modules/**', '**/.git/**'];
export const IGNORE_FILES = ['**/.kubewardignore'];

export interface WalkOptions {
  cwd: string;
  ignorePatterns?: readonly string[];
  /** Honour .gitignore files (default true). */
  gitignore?: boolean;
  /**
   * Honour ignore files and `ignorePatterns` at all (default true). false (`--no-ignore`): no .gitignore,
   * .kubewardignore or pattern applies; node_modules and .git are still never entered.
   */
  ignore?: boolean;
  /**
   * A path or glob that matches no manifest throws `No files matching the pattern "x" were found.` (ESLint's message);
   * false lists it in `empty` instead. Default true.
   */
  errorOnUnmatchedPattern?: boolean;
  /** The file system to walk (tests inject failures no root user can cause). Defaults to node:fs. */
  fs?: typeof fs;
  /**
   * The linted tree (default: the repository root of `cwd`): a file found below it is kept only when its real path
   * stays inside it and outside `.git`. A path named outside it has its own repository root as its tree.
   */
  root?: string;
}

export interface WalkResult {
  files: string[];
  /** Paths given that held no manifest, for an explanatory message. */
  empty: string[];
  /** Folders that could not be listed (permission denied...): reported, never silently skipped. */
  unreadable: Array<{ path: string; reason: string }>;
  /** Files whose real path leaves their tree or enters `.git` (links): reported by name, never read. */
  refused: Array<{ path: string; reason: string }>;
}

/** node:fs, with every folder that cannot be listed recorded instead of silently skipped by the glob. */
function recordingFs(base: typeof fs, unreadable: WalkResult['unreadable']): typeof fs {
  const record = (dir: unknown, error: unknown) => {
    const where = path.resolve(String(dir));
    if (!unreadable.some((u) => u.path === where)) unreadable.push({ path: where, reason: fsErrorReason(error) });
  };
  const readdir = (...args: unknown[]) => {
    const callback = args.pop() as (error: unknown, entries?: unknown) => void;
    (base.readdir as (...a: unknown[]) => void)(...args, (error: unknown, entries: unknown) => {
      if (error) record(args[0], error);
      callback(error, entries);
    });
  };
  const readdirSync = (...args: unknown[]) => {
    try {
      return (base.readdirSync as (...a: unknown[]) => unknown)(...args);
    } catch (error) {
      record(args[0], error);
      throw error;
    }
  };
  return { ...base, readdir, readdirSync } as unknown as typeof fs;
}

function globOptions(cwd: string, options: WalkOptions, fsImpl?: typeof fs) {
  return {
    cwd,
    absolute: true,
    dot: true,
    // Links are listed but not followed into folders (no loops); a link named *.yaml is read like a file, so a
    // dangling link or a link loop is reported. FIFOs and sockets named *.yaml are listed and refused when read.
    onlyFiles: false,
    markDirectories: true,
    followSymbolicLinks: false,
    suppressErrors: true,
    gitignore: options.ignore !== false && (options.gitignore ?? true),
    ignoreFiles: options.ignore === false ? [] : IGNORE_FILES,
    ignore: [...ALWAYS_IGNORED, ...(options.ignore === false ? [] : (options.ignorePatterns ?? []))],
    ...(fsImpl ? { fs: fsImpl } : {}),
  };
}

/** Glob entries without the folders (marked with a trailing slash). */
function notFolders(entries: string[]): string[] {
  return entries.filter((e) => !e.endsWith('/'));
}

export function isManifestPath(file: string): boolean {
  return MANIFEST_EXTENSIONS.includes(path.extname(file).slice(1).toLowerCase());
}

/** Expand paths and globs into files. A path that does not exist is a usage error naming it. */
export async function walk(patterns: readonly string[], options: WalkOptions): Promise<WalkResult> {
  const files = new Set<string>();
  const empty: string[] = [];
  const explicit: string[] = [];
  const unreadable: WalkResult['unreadable'] = [];
  const walkFs = recordingFs(options.fs ?? fs, unreadable);
  // globby (and fast-glob) cost a fifth of a second to load: only folders and globs need them, not named files.
  let globbyModule: typeof import('globby') | undefined;
  const glob = async () => (globbyModule ??= await import('globby'));
  const runRoot = path.resolve(options.cwd, options.root ?? findRepositoryRoot(options.cwd));
  /** Trees of the paths named outside the run's tree: each its own repository root. */
  const otherRoots: string[] = [];
  const addRoot = (absolute: string, isFolder: boolean) => {
    if (isWithin(runRoot, absolute)) return;
    const root = findRepositoryRoot(isFolder ? absolute : path.dirname(absolute));
    if (!otherRoots.includes(root)) otherRoots.push(root);
  };
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
    if (stat) addRoot(absolute, stat.isDirectory());
    else {
      // A glob: its tree is that of the folder before its first wildcard.
      const prefix = pattern.split(/[*?[\]{}()!]/)[0];
      addRoot(path.resolve(options.cwd, prefix.endsWith('/') || prefix === '' ? prefix || '.' : path.dirname(prefix)), true);
    }
    if (stat?.isDirectory()) {
      // Synchronously: fast-glob's asynchronous walk waits on libuv's thread pool for every folder (1,314 files in about
      // 1,000 folders: 230 ms against 140 ms), and nothing else runs meanwhile.
      const found = notFolders((await glob()).globbySync(MANIFEST_GLOB, globOptions(absolute, options, walkFs)));
      if (found.length === 0 && !unreadable.some((u) => u.path === absolute)) empty.push(pattern);
      for (const f of found) files.add(path.normalize(f));
    } else if (stat) {
      explicit.push(absolute);
    } else if (/[*?[\]{}()!]/.test(pattern) && (await glob()).isDynamicPattern(pattern)) {
      const found = notFolders((await glob()).globbySync(pattern, globOptions(options.cwd, options, walkFs)));
      const manifests = found.filter(isManifestPath);
      if (manifests.length === 0) empty.push(pattern);
      for (const f of manifests) files.add(path.normalize(f));
    } else {
      empty.push(pattern);
    }
  }
  if (empty.length && options.errorOnUnmatchedPattern !== false) throw new UsageError(noFilesMatching(empty[0]));
  if (explicit.length) {
    // Files named one by one (a pre-commit hook does this) still honour the ignore files.
    const ignored = options.ignore === false ? () => false : ignoredByIgnoreFiles(options.cwd);
    const patternsIgnored =
      options.ignore !== false && (options.ignorePatterns ?? []).length
        ? await (
            await glob()
          ).globby(
            explicit.map((f) => path.relative(options.cwd, f).split(path.sep).join('/')),
            {
              ...globOptions(options.cwd, options),
              gitignore: false,
              ignoreFiles: [],
            },
          )
        : undefined;
    for (const f of explicit) {
      if (ignored(f)) continue;
      if (patternsIgnored && !patternsIgnored.includes(f) && fs.existsSync(f)) continue;
      files.add(path.normalize(f));
    }
  }
  const refused: WalkResult['refused'] = [];
  const realDirs = new Map<string, string>();
  for (const file of files) {
    // The deepest tree that holds the path as named (a path named outside the run's tree is checked against its own).
    const root = [runRoot, ...otherRoots].filter((r) => isWithin(r, file)).sort((a, b) => b.length - a.length)[0];
    const reason = root === undefined ? undefined : outsideTreeReason(root, file, realDirs);
    if (reason === undefined) continue;
    files.delete(file);
    refused.push({ path: file, reason });
  }
  return {
    files: [...files].sort(compareFilePaths),
    empty,
    unreadable: unreadable.sort((a, b) => compareFilePaths(a.path, b.path)),
    refused: refused.sort((a, b) => compareFilePaths(a.path, b.path)),
  };
}

/** ESLint's message for a path or glob that matches no file, and how to act on it. */
export function noFilesMatching(pattern: string): string {
  return (
    `No files matching the pattern "${pattern}" were found.\n` +
    'Please check for typing mistakes in the pattern (kubeward lints .yaml, .yml and .json files; ' +
    '--no-error-on-unmatched-pattern lets a run with no such files pass).'
  );
}

/**
 * Whether a named file is ignored by a `.kubewardignore` in its folder or a folder above it, up to `cwd` (each file's
 * patterns relative to its own folder, as .gitignore files work). Reads only the ancestors' ignore files, never the
 * tree: a pre-commit hook naming three files must not walk the whole repository.
 */
function ignoredByIgnoreFiles(cwd: string): (file: string) => boolean {
  const byDir = new Map<string, Ignore | null>();
  const rulesOf = (dir: string): Ignore | null => {
    let rules = byDir.get(dir);
    if (rules === undefined) {
      // A regular file only (never through a link), and bounded: an ignore file linked to /dev/zero must not hang.
      const file = path.join(dir, '.kubewardignore');
      const read = fs.lstatSync(file, { throwIfNoEntry: false })?.isFile() ? readBytes(file, 1024 * 1024) : undefined;
      const text = read && 'bytes' in read ? Buffer.from(read.bytes).toString('utf8') : undefined;
      rules = text === undefined ? null : ignore().add(text);
      byDir.set(dir, rules);
    }
    return rules;
  };
  const root = path.resolve(cwd);
  return (file) => {
    for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
      const rel = path.relative(dir, file).split(path.sep).join('/');
      if (rulesOf(dir)?.ignores(rel)) return true;
      if (dir === root || !dir.startsWith(root) || path.dirname(dir) === dir) return false;
    }
  };
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

/**
 * walk: command-line paths and globs → the sorted list of manifest files to lint.
 * `.gitignore`, `.kubewardignore` and `ignorePatterns` are honoured; node_modules and .git never entered;
 * symbolic links to folders are not followed, so a link loop cannot trap the walk. A folder is walked without globby
 * (src/read/folder-walk.ts: loading and compiling globby is a good part of a one-file run) when that walk is known to
 * find what globby would; globby walks the others, and globs.
 *
 * A walk of folders can be kept between runs (`WalkOptions.cache`: the repository walk of a run that names files, the
 * walk of the folders of a `--cache` run): it
 * records every path the glob looked at (folders listed, ignore files read, paths probed) with its stamp
 * (src/read/stamp.ts), and a later run reuses its files while every one of those stamps is unchanged and was taken
 * more than two seconds after the path last changed (git's racy rule). A file added, removed or renamed changes its
 * folder's stamp; an edited ignore file changes its own. Files that are symbolic links are checked against the tree
 * again on every run, since what they point at is not in any stamp.
 */
import fs from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { UsageError } from '../shared/errors.js';
import { walkFolderDirectly as walkDirectly, type Look } from './folder-walk.js';
import { fsErrorReason, readBytes } from './read-file.js';
import { pathHasStamp, settledTimes, stampOfPath, statOf } from './stamp.js';
import { isWithin, keepListedFolders, outsideTreeReason } from './tree.js';

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
  /**
   * The ignore files to apply instead of those on disk (the GitHub Action passes a pull request's base commit's, so
   * that a pull request cannot hide a committed manifest by adding it to an ignore file). When given, no `.gitignore`
   * or `.kubewardignore` is read from disk; each applies where the same file on disk would.
   */
  ignoreFiles?: IgnoreFileSet;
  /**
   * Where a walk of folders is kept between runs (see the top of this module). Ignored for walks of named files or
   * globs, with `ignoreFiles` or an injected `fs`.
   */
  cache?: WalkCache;
  /**
   * Walk folders without globby where the result is known to be the same (src/read/folder-walk.ts; default true).
   * false: always globby (test/walk-readdir.test.ts compares the two).
   */
  direct?: boolean;
}

/** A walk kept between runs: what it found, and every path it looked at with its stamp then. */
export interface CachedWalk {
  /** A digest of the walk's patterns and options. */
  key: string;
  /** When the walk began (ms since the epoch): the stamps are trusted against it. */
  started: number;
  /**
   * Each folder the glob listed and file it read, with its stamp then (size, mtimeMs, ctimeMs, ino, dev; none:
   * absent); `0` and a kind (PathKind) for a path it only probed, `1` and a kind when it probed it without following
   * links. Probes of a listed folder's entries that are not links are left out: what they are changes only with the
   * folder's listing, which is in its stamp.
   */
  seen: Array<[string, ...number[]]>;
  /** The files found, before the tree check, sorted. */
  files: string[];
  /** Those of them that are symbolic links. */
  links: string[];
  empty: string[];
  unreadable: Array<{ path: string; reason: string }>;
}

/** Where the caller keeps walks: the one kept under a key (if any), and a way to keep a new one. */
export interface WalkCache {
  find(key: string): CachedWalk | undefined;
  keep(walk: CachedWalk): void;
}

/**
 * Ignore files taken from elsewhere than the disk: each `.gitignore` and `.kubewardignore` of the tree at `root`, by
 * its path relative to `root` (`/` separators: `deploy/.kubewardignore`), with its text. A path outside `root` is
 * ignored by none of them.
 */
export interface IgnoreFileSet {
  root: string;
  files: ReadonlyMap<string, string>;
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

/**
 * How the glob looks at a path, by fs method: lists a folder, reads a file (an ignore file, `.git`), or probes what a
 * path is, following links or not. `seen` records them: what a folder lists and what a file holds are in its stamp; a
 * probe needs only the kind of thing found.
 */
const LOOKING_METHODS: Record<string, Look> = {
  readdir: 'list',
  readdirSync: 'list',
  opendir: 'list',
  opendirSync: 'list',
  readFile: 'read',
  readFileSync: 'read',
  stat: 'probe',
  statSync: 'probe',
  existsSync: 'probe',
  access: 'probe',
  accessSync: 'probe',
  realpath: 'probe',
  realpathSync: 'probe',
  lstat: 'lprobe',
  lstatSync: 'lprobe',
};

/** Records in `seen` that the walk looked at `p` (a path, URL or Buffer as fs takes it), and how. */
function lookAt(seen: Seen, p: unknown, how: Look): void {
  if (typeof p !== 'string' && !(p instanceof URL) && !Buffer.isBuffer(p)) return;
  const where = path.resolve(p instanceof URL ? p.pathname : String(p));
  if (how === 'list' || how === 'read') {
    seen.stamped.add(where);
    if (how === 'list') seen.listed.add(where);
    return;
  }
  // What a probe finds, as it looks (a link is kept: what it points at changes with no folder's stamp).
  const lstat = how === 'lprobe';
  const key = `${lstat ? 1 : 0}${where}`;
  if (seen.probed.has(key)) return;
  const isLink = kindOf(where, true) === PathKind.Link;
  if (!isLink && seen.listed.has(path.dirname(where))) return;
  seen.probed.set(key, [where, lstat ? 1 : 0, lstat ? (isLink ? PathKind.Link : kindOf(where, true)) : kindOf(where, false)]);
}

/**
 * node:fs, with every folder that cannot be listed recorded instead of silently skipped by the glob, and (given
 * `seen`) every path the glob looks at and how, for a walk kept between runs.
 */
function recordingFs(base: typeof fs, unreadable: WalkResult['unreadable'], seen?: Seen): typeof fs {
  const record = (dir: unknown, error: unknown) => {
    const where = path.resolve(String(dir));
    if (!unreadable.some((u) => u.path === where)) unreadable.push({ path: where, reason: fsErrorReason(error) });
  };
  const look = (p: unknown, how: Look) => seen && lookAt(seen, p, how);
  const wrapped: Record<string, unknown> = {};
  if (seen) {
    for (const [name, how] of Object.entries(LOOKING_METHODS)) {
      const method = (base as unknown as Record<string, unknown>)[name];
      if (typeof method !== 'function') continue;
      wrapped[name] = (...args: unknown[]) => {
        look(args[0], how);
        return (method as (...a: unknown[]) => unknown).apply(base, args);
      };
    }
  }
  const readdir = (...args: unknown[]) => {
    look(args[0], 'list');
    const callback = args.pop() as (error: unknown, entries?: unknown) => void;
    (base.readdir as (...a: unknown[]) => void)(...args, (error: unknown, entries: unknown) => {
      if (error) record(args[0], error);
      callback(error, entries);
    });
  };
  const readdirSync = (...args: unknown[]) => {
    look(args[0], 'list');
    try {
      return (base.readdirSync as (...a: unknown[]) => unknown)(...args);
    } catch (error) {
      record(args[0], error);
      throw error;
    }
  };
  return { ...base, ...wrapped, readdir, readdirSync } as unknown as typeof fs;
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
    // An injected set of ignore files replaces those on disk (applied by ignoredBySet after the glob).
    gitignore: options.ignore !== false && !options.ignoreFiles && (options.gitignore ?? true),
    ignoreFiles: options.ignore === false || options.ignoreFiles ? [] : IGNORE_FILES,
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
  const key = options.cache && walkCacheKey(patterns, options);
  if (!options.cache || !key) return walkNow(patterns, options);
  const runRoot = path.resolve(options.cwd, options.root ?? findRepositoryRoot(options.cwd));
  const kept = options.cache.find(key);
  if (kept && kept.key === key && wellFormedWalk(kept) && keptWalkHolds(kept)) {
    if (kept.empty.length && options.errorOnUnmatchedPattern !== false) throw new UsageError(noFilesMatching(kept.empty[0]));
    // Links are checked again: what they point at is in no stamp. (A file that became a link changed its folder's.)
    const links = new Set(kept.links);
    const realDirs = new Map<string, string>();
    const refused: WalkResult['refused'] = [];
    // (A copy: the kept walk stays as it is. No lookup per file without links, which hashed every path.)
    const files =
      links.size === 0
        ? kept.files.slice()
        : kept.files.filter((file) => {
            if (!links.has(file)) return true;
            const reason = outsideTreeReason(runRoot, file, realDirs);
            if (reason !== undefined) refused.push({ path: file, reason });
            return reason === undefined;
          });
    return { files, empty: [...kept.empty], unreadable: kept.unreadable.map((u) => ({ ...u })), refused };
  }
  const started = Date.now();
  const seen: Seen = { stamped: new Set(), listed: new Set(), probed: new Map() };
  const plain = new Set<string>();
  const found = await walkNow(patterns, options, seen, plain);
  const all = [...found.files, ...found.refused.map((r) => r.path)].sort(compareFilePaths);
  // A file a folder listing said is no link needs no lstat to say so.
  const links = all.filter((f) => !plain.has(f) && fs.lstatSync(f, { throwIfNoEntry: false })?.isSymbolicLink());
  // A file refused that is not a link (a folder swapped for a link during the walk): nothing to keep.
  if (found.refused.some((r) => !links.includes(r.path))) return found;
  options.cache.keep({
    key,
    started,
    seen: seenRecords(seen),
    files: all,
    links,
    empty: found.empty,
    unreadable: found.unreadable,
  });
  return found;
}

/** The key of a walk that can be kept (folders only, the disk's own ignore files and fs), or undefined. */
function walkCacheKey(patterns: readonly string[], options: WalkOptions): string | undefined {
  if (options.fs || options.ignoreFiles || patterns.length === 0) return undefined;
  const folders = patterns.map((p) => path.resolve(options.cwd, p));
  if (!folders.every((f) => fs.statSync(f, { throwIfNoEntry: false })?.isDirectory())) return undefined;
  const { cwd, root, ignorePatterns, gitignore, ignore: honour } = options;
  // The settings themselves are the key (compared whole, inside the index cache file): no digest, so a run that finds
  // no cache never loads node:crypto.
  return JSON.stringify({ folders, cwd, root: root ?? null, ignorePatterns: ignorePatterns ?? [], gitignore: gitignore ?? true, ignore: honour ?? true });
}

/** What a probe found: nothing, a file, a folder, a link (not followed), anything else. */
enum PathKind {
  Absent = 0,
  File = 1,
  Folder = 2,
  Link = 3,
  Other = 4,
}

function kindOf(file: string, lstat: boolean): PathKind {
  let stat: fs.Stats | undefined;
  try {
    stat = lstat ? fs.lstatSync(file, { throwIfNoEntry: false }) : fs.statSync(file, { throwIfNoEntry: false });
  } catch {
    return PathKind.Other;
  }
  if (!stat) return PathKind.Absent;
  return stat.isSymbolicLink() ? PathKind.Link : stat.isFile() ? PathKind.File : stat.isDirectory() ? PathKind.Folder : PathKind.Other;
}

/**
 * What a walk looked at: folders listed and files read (stamped after the walk: a change meanwhile is newer than the
 * walk's start, so the racy rule distrusts it), and what each probe found when it looked. A probe of an entry of a
 * folder already listed that is not a link is not kept: what the entry is changes only with the folder's listing.
 */
interface Seen {
  stamped: Set<string>;
  listed: Set<string>;
  probed: Map<string, [string, 0 | 1, PathKind]>;
}

function seenRecords(seen: Seen): CachedWalk['seen'] {
  const records: CachedWalk['seen'] = [];
  for (const file of seen.stamped) {
    const stamp = stampOfPath(file);
    records.push(stamp ? [file, stamp.size, stamp.mtimeMs, stamp.ctimeMs, stamp.ino, stamp.dev] : [file]);
  }
  return records.concat([...seen.probed.values()]);
}

const isString = (value: unknown): value is string => typeof value === 'string';

/**
 * Whether a kept walk has the shape walk() keeps (its `seen` records are checked by keptWalkHolds, which reads them
 * anyway): a cache file damaged on disk is read like any other (src/engine/index-cache.ts), and a walk that is not one
 * is walked again, never used (it would fail every later run before the file could be rewritten).
 */
function wellFormedWalk(kept: CachedWalk): boolean {
  const { started, seen, files, links, empty, unreadable } = kept as Partial<Record<keyof CachedWalk, unknown>>;
  return (
    typeof started === 'number' &&
    Array.isArray(seen) &&
    Array.isArray(files) &&
    files.every(isString) &&
    Array.isArray(links) &&
    links.every(isString) &&
    Array.isArray(empty) &&
    empty.every(isString) &&
    Array.isArray(unreadable) &&
    unreadable.every(
      (u: unknown) => typeof u === 'object' && u !== null && isString((u as { path?: unknown }).path) && isString((u as { reason?: unknown }).reason),
    )
  );
}

/**
 * Whether every path a kept walk looked at is as it was then, and every stamp can be trusted. A warm run checks every
 * folder of the repository here: indexed, no stamp made of each stat (an array pattern steps an iterator per element in
 * V8's interpreter, and the objects would only be compared and dropped).
 */
function keptWalkHolds(kept: CachedWalk): boolean {
  const { seen, started } = kept;
  for (let i = 0; i < seen.length; i++) {
    const record = seen[i];
    if (!Array.isArray(record) || typeof record[0] !== 'string') return false;
    const file = record[0];
    if (record.length === 3) {
      if (kindOf(file, record[1] === 1) !== (record[2] as PathKind)) return false;
      continue;
    }
    // A path without a stamp was missing or unreadable, and must still be.
    if (record.length === 1) {
      if (statOf(file) !== undefined) return false;
      continue;
    }
    const mtimeMs = record[2];
    const ctimeMs = record[3];
    if (!pathHasStamp(file, false, record[1], mtimeMs, ctimeMs, record[4], record[5]) || !settledTimes(mtimeMs, ctimeMs, started)) return false;
  }
  return true;
}

/**
 * The walk itself. `plain` gets the files found through folder listings that said they are no links, below folders
 * listed as no links (the walk without globby): their real paths need no syscall.
 */
async function walkNow(patterns: readonly string[], options: WalkOptions, seen?: Seen, plain = new Set<string>()): Promise<WalkResult> {
  const files = new Set<string>();
  const empty: string[] = [];
  const set = options.ignore === false ? undefined : options.ignoreFiles;
  /** Files of a folder (or glob) walked at `folder` that the injected ignore files leave in. */
  const notInSet = (folder: string) => {
    if (!set) return () => true;
    const ignored = ignoredBySet(set, path.resolve(options.cwd, folder), options.gitignore ?? true);
    return (file: string) => !ignored(file);
  };
  const explicit: string[] = [];
  const unreadable: WalkResult['unreadable'] = [];
  /** Folders' real paths (links resolved), as the tree check needs them: those the walk without globby listed, and others once resolved. */
  const realDirs = new Map<string, string>();
  // Made for globby only: copying node:fs's methods loads fs/promises, readline and fs streams, which a walk without
  // globby never needs.
  let recording: typeof fs | undefined;
  const walkFs = () => (recording ??= recordingFs(options.fs ?? fs, unreadable, seen));
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
      const direct = walkFolderDirectly(absolute, options, seen);
      // What an injected file system (tests) lists says nothing of the disk: its files are checked one by one.
      if (direct && !options.fs) {
        keepListedFolders(absolute, direct.listed, realDirs);
        for (const f of direct.files) plain.add(f);
      }
      // The direct walk's paths are joined from the folder's (normalized already).
      const found =
        direct?.files ?? notFolders((await glob()).globbySync(MANIFEST_GLOB, globOptions(absolute, options, walkFs()))).filter(notInSet(absolute));
      if (found.length === 0 && !unreadable.some((u) => u.path === absolute)) empty.push(pattern);
      if (direct) for (const f of found) files.add(f);
      else for (const f of found) files.add(path.normalize(f));
    } else if (stat) {
      explicit.push(absolute);
    } else if (/[*?[\]{}()!]/.test(pattern) && (await glob()).isDynamicPattern(pattern)) {
      const found = notFolders((await glob()).globbySync(pattern, globOptions(options.cwd, options, walkFs()))).filter(notInSet(options.cwd));
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
    const ignored = options.ignore === false ? () => false : ignoredByIgnoreFiles(options.cwd, set ? setReader(set) : diskReader);
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
  /**
   * The verdict on the files of a folder that folder listings found (`plain`): their real paths are the folder's and
   * their names (none named `.git`), and their tree is the folder's, so all of them get the first one's verdict.
   */
  const plainVerdicts = new Map<string, string | undefined>();
  for (const file of files) {
    const folder = plain.has(file) ? path.dirname(file) : undefined;
    let reason: string | undefined;
    if (folder !== undefined && plainVerdicts.has(folder)) reason = plainVerdicts.get(folder);
    else {
      // The deepest tree that holds the path as named (a path named outside the run's tree is checked against its own).
      const root = [runRoot, ...otherRoots].filter((r) => isWithin(r, file)).sort((a, b) => b.length - a.length)[0];
      reason = root === undefined ? undefined : outsideTreeReason(root, file, realDirs, folder !== undefined);
      if (folder !== undefined) plainVerdicts.set(folder, reason);
    }
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

/**
 * A folder's manifests found without globby (src/read/folder-walk.ts), with what was looked at recorded in `seen` as
 * `recordingFs` records globby's looks; undefined when the folder's walk is left to globby (`ignorePatterns`, injected
 * ignore files, or a tree that walk does not handle).
 */
function walkFolderDirectly(folder: string, options: WalkOptions, seen?: Seen): { files: string[]; listed: string[] } | undefined {
  if (options.direct === false) return undefined;
  const honour = options.ignore !== false;
  if (options.ignoreFiles || (honour && (options.ignorePatterns ?? []).length > 0)) return undefined;
  const direct = walkDirectly(folder, { fs: options.fs ?? fs, gitignore: honour && (options.gitignore ?? true), kubewardignore: honour });
  if (!direct) return undefined;
  if (seen) for (const [how, p] of direct.looks) lookAt(seen, p, how);
  // The folders listed (each after the one above it), for the tree check (keepListedFolders).
  const listed: string[] = [];
  for (const [how, p] of direct.looks) if (how === 'list') listed.push(p);
  return { files: direct.files, listed };
}

/** ESLint's message for a path or glob that matches no file, and how to act on it. */
export function noFilesMatching(pattern: string): string {
  return (
    `No files matching the pattern "${pattern}" were found.\n` +
    'Please check for typing mistakes in the pattern (kubeward lints .yaml, .yml and .json files; ' +
    '--no-error-on-unmatched-pattern lets a run with no such files pass).'
  );
}

/** The text of the `.kubewardignore` in a folder, or undefined when it has none. */
type IgnoreFileReader = (dir: string) => string | undefined;

/** A `.kubewardignore` on disk: a regular file only (never through a link), and bounded (one linked to /dev/zero must not hang). */
const diskReader: IgnoreFileReader = (dir) => {
  const file = path.join(dir, '.kubewardignore');
  const read = fs.lstatSync(file, { throwIfNoEntry: false })?.isFile() ? readBytes(file, 1024 * 1024) : undefined;
  return read && 'bytes' in read ? Buffer.from(read.bytes).toString('utf8') : undefined;
};

/** A `.kubewardignore` of an injected set. */
function setReader(set: IgnoreFileSet): IgnoreFileReader {
  return (dir) => {
    const rel = relativeInside(set.root, dir);
    return rel === undefined ? undefined : set.files.get(rel === '' ? '.kubewardignore' : `${rel}/.kubewardignore`);
  };
}

/** `p` relative to `root` with `/` separators ('' for the root itself), or undefined when it lies outside. */
function relativeInside(root: string, p: string): string | undefined {
  const rel = path.relative(root, p);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return rel.split(path.sep).join('/');
}

/**
 * Whether a file found by walking `folder` is ignored by an injected set of ignore files, where the walk on disk would
 * apply them: every `.gitignore` from the set's root down (when `gitignore`), the `.kubewardignore` files of `folder`
 * and below. As git applies them: a path's verdict comes from the deepest ignore file with a pattern that matches it
 * (`!pattern` re-includes), each pattern relative to its file's folder, and a file in an ignored folder is ignored.
 */
function ignoredBySet(set: IgnoreFileSet, folder: string, gitignore: boolean): (file: string) => boolean {
  const folderRel = relativeInside(set.root, folder);
  const rules: Record<'.gitignore' | '.kubewardignore', Map<string, Ignore>> = { '.gitignore': new Map(), '.kubewardignore': new Map() };
  for (const [rel, text] of set.files) {
    const name = path.posix.basename(rel);
    if (name !== '.gitignore' && name !== '.kubewardignore') continue;
    if (name === '.gitignore' && !gitignore) continue;
    const dir = path.posix.dirname(rel) === '.' ? '' : path.posix.dirname(rel);
    // A .kubewardignore applies to the folder walked and below it, not above (as on disk).
    if (name === '.kubewardignore' && (folderRel === undefined || !(folderRel === '' || dir === folderRel || dir.startsWith(`${folderRel}/`)))) continue;
    rules[name].set(dir, ignore().add(text.replace(/^\uFEFF/, '')));
  }
  /** The verdict of one kind of ignore file on a path (a folder ends with `/`): the deepest file's that has one. */
  const verdict = (byDir: Map<string, Ignore>, rel: string): boolean => {
    const bare = rel.endsWith('/') ? rel.slice(0, -1) : rel;
    for (let dir = path.posix.dirname(bare); ; dir = path.posix.dirname(dir)) {
      const at = dir === '.' ? '' : dir;
      const test = byDir.get(at)?.test(at === '' ? rel : rel.slice(at.length + 1));
      if (test?.ignored) return true;
      if (test?.unignored) return false;
      if (at === '') return false;
    }
  };
  const kinds = [rules['.gitignore'], rules['.kubewardignore']].filter((r) => r.size > 0);
  return (file) => {
    const rel = relativeInside(set.root, file);
    if (rel === undefined || rel === '' || kinds.length === 0) return false;
    const parts = rel.split('/');
    // A folder git does not enter hides everything in it, whatever a deeper pattern re-includes.
    for (let i = 1; i <= parts.length; i++) {
      const sub = parts.slice(0, i).join('/') + (i < parts.length ? '/' : '');
      if (kinds.some((byDir) => verdict(byDir, sub))) return true;
    }
    return false;
  };
}

/**
 * Whether a named file is ignored by a `.kubewardignore` in its folder or a folder above it, up to `cwd` (each file's
 * patterns relative to its own folder, as .gitignore files work). Reads only the ancestors' ignore files, never the
 * tree: a pre-commit hook naming three files must not walk the whole repository.
 */
function ignoredByIgnoreFiles(cwd: string, read: IgnoreFileReader): (file: string) => boolean {
  const byDir = new Map<string, Ignore | null>();
  const rulesOf = (dir: string): Ignore | null => {
    let rules = byDir.get(dir);
    if (rules === undefined) {
      const text = read(dir);
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

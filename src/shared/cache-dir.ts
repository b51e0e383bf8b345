/**
 * kubeward's folder in the user's cache folder, outside any linted tree: Node's compile cache of kubeward's modules
 * (src/cli/bin.ts), the key that seals cache files (src/shared/user-cache.ts), and the digest that names files kept there.
 * A module of its own, with no dependency, because the bin loads it before the compile cache is on.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * kubeward's folder in the user's cache folder: $XDG_CACHE_HOME/kubeward, else the platform's user cache folder. None
 * (no caches kept there: no code caches, no index cache, no seal key) when that folder is inside the working directory
 * `cwd` or the git work tree that holds it (`withinWorkTree`): a tree a pull request writes could plant code caches
 * that Node.js and V8 would run, or a seal key that makes kubeward trust forged cache files.
 */
export function userCacheDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home?: string,
  cwd: string = process.cwd(),
): string | undefined {
  // Only absolute folders: a relative one would be relative to the working directory, the linted tree.
  const absolute = (dir: string | undefined) => (dir && path.isAbsolute(dir) ? dir : undefined);
  const base = absolute(env.XDG_CACHE_HOME) ?? (platform === 'win32' ? absolute(env.LOCALAPPDATA) : undefined);
  const homeDir = base ? undefined : absolute(home ?? homeFolder(env, platform));
  const dir = base ? path.join(base, 'kubeward') : homeDir ? path.join(homeDir, platform === 'darwin' ? 'Library/Caches' : '.cache', 'kubeward') : undefined;
  return dir && !withinWorkTree(dir, cwd) ? dir : undefined;
}

let lastTree: { dir: string; cwd: string; within: boolean } | undefined;

/**
 * Whether `dir` is `cwd`, inside it, or inside the git work tree that holds `cwd` (the nearest folder at or above it
 * with a `.git` entry): the trees a run lints and reads for repository-wide checks. Paths are compared as given (the
 * working directory is a real path; a cache folder reached through a link into the tree is the user's own doing,
 * which no pull request can make). The last answer is kept: every cache of a run asks with the same folders.
 */
export function withinWorkTree(dir: string, cwd: string): boolean {
  if (lastTree?.dir === dir && lastTree.cwd === cwd) return lastTree.within;
  const inside = (top: string) => {
    const rel = path.relative(top, dir);
    return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
  };
  let within = inside(cwd);
  for (let top = cwd; !within;) {
    if (fs.existsSync(path.join(top, '.git'))) {
      within = inside(top);
      break;
    }
    const up = path.dirname(top);
    if (up === top) break;
    top = up;
  }
  lastTree = { dir, cwd, within };
  return within;
}

/**
 * The user's home folder as `os.homedir()` says it: on POSIX systems $HOME when it is set and not empty (libuv's
 * rule), read here so that the bin loads no node:os for it (a one-file run needs nothing else of it).
 */
function homeFolder(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string | undefined {
  if (platform !== 'win32' && env.HOME) return env.HOME;
  try {
    return os.homedir();
  } catch {
    return undefined;
  }
}

/**
 * A 128-bit FNV-1a digest of a path, as 32 hex digits, for the name of a file kept in the user's cache folder (the
 * index cache's, a --cache file's record). It is no seal: each such file names what it is for inside, so two paths
 * with one name just miss each other's file; it keeps node:crypto, and the streams it loads, out of a run that finds
 * nothing to read (a one-file repository).
 */
export function pathDigest(text: string): string {
  // Four 32-bit FNV-1a lanes with different offsets, each over every UTF-16 code unit (lane l mixes in l << 16). The
  // lanes are unrolled: the bin's entry names its code cache with this before any code cache is read, so it runs in
  // V8's interpreter, where a loop over an array of lanes took about 75 us for a 30-character run kind.
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  let c = 0x6b3e2f71;
  let d = 0x1f83d9ab;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    a = Math.imul(a ^ unit, 0x01000193);
    b = Math.imul(b ^ unit ^ 0x10000, 0x01000193);
    c = Math.imul(c ^ unit ^ 0x20000, 0x01000193);
    d = Math.imul(d ^ unit ^ 0x30000, 0x01000193);
  }
  return hex8(a) + hex8(b) + hex8(c) + hex8(d);
}

/** A 32-bit value as 8 hex digits. */
function hex8(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}

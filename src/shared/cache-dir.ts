/**
 * kubeward's folder in the user's cache folder, outside any linted tree: Node's compile cache of kubeward's modules
 * (src/cli/bin.ts) and the key that seals cache files (src/shared/user-cache.ts). A module of its own, with no
 * dependency, because the bin loads it before the compile cache is on.
 */
import os from 'node:os';
import path from 'node:path';

/** kubeward's folder in the user's cache folder: $XDG_CACHE_HOME/kubeward, else the platform's user cache folder. */
export function userCacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home?: string): string | undefined {
  // Only absolute folders: a relative one would be relative to the working directory, the linted tree.
  const absolute = (dir: string | undefined) => (dir && path.isAbsolute(dir) ? dir : undefined);
  const base = absolute(env.XDG_CACHE_HOME) ?? (platform === 'win32' ? absolute(env.LOCALAPPDATA) : undefined);
  if (base) return path.join(base, 'kubeward');
  const homeDir = absolute(home ?? homeFolder(env, platform));
  return homeDir ? path.join(homeDir, platform === 'darwin' ? 'Library/Caches' : '.cache', 'kubeward') : undefined;
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

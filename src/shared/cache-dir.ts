/**
 * kubeward's folder in the user's cache folder, outside any linted tree: Node's compile cache of kubeward's modules
 * (src/cli/bin.ts) and the key that seals cache files (src/shared/user-cache.ts). A module of its own, with no
 * dependency, because the bin loads it before the compile cache is on.
 */
import os from 'node:os';
import path from 'node:path';

/** kubeward's folder in the user's cache folder: $XDG_CACHE_HOME/kubeward, else the platform's user cache folder. */
export function userCacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = os.homedir()): string | undefined {
  // Only absolute folders: a relative one would be relative to the working directory, the linted tree.
  const absolute = (dir: string | undefined) => (dir && path.isAbsolute(dir) ? dir : undefined);
  const base =
    absolute(env.XDG_CACHE_HOME) ??
    (platform === 'win32' ? absolute(env.LOCALAPPDATA) : undefined) ??
    (absolute(home) ? path.join(home, platform === 'darwin' ? 'Library/Caches' : '.cache') : undefined);
  return base ? path.join(base, 'kubeward') : undefined;
}

#!/usr/bin/env node
/**
 * The bundled bin's entry (scripts/bundle.mjs builds dist/cli/kubeward.js from it): on Node.js 22.1 and later it turns
 * on Node's module compile cache, so later runs skip compiling kubeward's code, then loads the command and runs it.
 * The cache lives in the user's cache folder (never in the linted tree); where that cannot be used, nothing is cached
 * and nothing is said.
 */
import module from 'node:module';
import os from 'node:os';
import path from 'node:path';

/** The folder of kubeward's compile cache: $XDG_CACHE_HOME/kubeward, else the platform's user cache folder. */
export function compileCacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = os.homedir()): string | undefined {
  // Only absolute folders: a relative one would be relative to the working directory, the linted tree.
  const absolute = (dir: string | undefined) => (dir && path.isAbsolute(dir) ? dir : undefined);
  const base =
    absolute(env.XDG_CACHE_HOME) ??
    (platform === 'win32' ? absolute(env.LOCALAPPDATA) : undefined) ??
    (absolute(home) ? path.join(home, platform === 'darwin' ? 'Library/Caches' : '.cache') : undefined);
  return base ? path.join(base, 'kubeward') : undefined;
}

/** Turn the compile cache on where Node.js has it; any failure leaves it off, silently. */
function enableCompileCache(): void {
  try {
    const enable = (module as { enableCompileCache?: (dir?: string) => unknown }).enableCompileCache;
    const dir = compileCacheDir();
    if (typeof enable === 'function' && dir) enable.call(module, dir);
  } catch {
    // An unwritable or missing home: run without the cache.
  }
}

enableCompileCache();
const { runFromProcess } = await import('./cli.js');
await runFromProcess();

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;
/** The version its package.json gives, read with it (src/shared/version.ts). */
let cachedVersion: unknown;

/**
 * kubeward's package root: the nearest folder above this module whose package.json is kubeward's. The same module is
 * run from `src/` (tests), `dist/src/` (the library) and a bundle in `dist/cli/`, at different depths. A folder
 * without package.json is passed by `existsSync`, which answers without making an error (a failed read makes one, with
 * its stack: every run of the bin, which starts at least one folder below the root).
 */
export function packageRoot(): string {
  if (cached) return cached;
  // The bundles define import.meta.dirname as their __dirname (a file URL made and read back was ~0.05 ms of a run).
  let dir = import.meta.dirname ?? path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const file = path.join(dir, 'package.json');
      const pkg = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: unknown }) : undefined;
      if (pkg?.name === 'kubeward') {
        cachedVersion = pkg.version;
        return (cached = dir);
      }
    } catch {
      // not here: one folder up
    }
    const up = path.dirname(dir);
    if (up === dir) throw new Error('kubeward: its package.json is missing from the installation');
    dir = up;
  }
}

/** A file shipped in the package, by its path from the package root (`schemas/kubernetes-1.36.json`). */
export function packageFile(...parts: string[]): string {
  return path.join(packageRoot(), ...parts);
}

/** The `version` of kubeward's package.json (read once, with the package root), or undefined where it has none. */
export function packageVersion(): unknown {
  packageRoot();
  return cachedVersion;
}

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * kubeward's package root: the nearest folder above this module whose package.json is kubeward's. The same module is
 * run from `src/` (tests), `dist/src/` (the library) and a bundle in `dist/cli/`, at different depths.
 */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === 'kubeward') return (cached = dir);
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

/**
 * `../shared` beside the project root (the corpus, the SARIF schema, the real tools), found the same way by every
 * test; undefined on a clone without it, where the tests that need it skip and say so. CI always has it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root: the folder above test/. */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** `../shared` (relative to the project root) when it exists, else undefined. */
export function sharedDir(): string | undefined {
  const dir = path.resolve(projectRoot, '..', 'shared');
  return fs.existsSync(dir) ? dir : undefined;
}

/** A path under ../shared, or undefined when ../shared (or that path) is absent. */
export function sharedPath(...parts: string[]): string | undefined {
  const dir = sharedDir();
  const p = dir && path.join(dir, ...parts);
  return p && fs.existsSync(p) ? p : undefined;
}

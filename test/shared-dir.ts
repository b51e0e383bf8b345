/** Where the shared corpus lives: `../shared` next to the project root, when it is there. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root: the folder above test/. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** `../shared` (relative to the project root) when it exists, else undefined. */
export function sharedDir(): string | undefined {
  const dir = path.resolve(PROJECT_ROOT, '..', 'shared');
  return fs.existsSync(dir) ? dir : undefined;
}

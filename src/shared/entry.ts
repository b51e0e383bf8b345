import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

/** True when the module at `moduleUrl` is the script node was started with (through any symbolic link, as npx does). */
export function isEntryModule(moduleUrl: string): boolean {
  try {
    return fs.realpathSync(process.argv[1] ?? '') === fs.realpathSync(fileURLToPath(moduleUrl));
  } catch {
    return false;
  }
}

/**
 * Tests of the built code (worker threads need built modules; the bin is a bundle) must never run against a stale
 * dist/: before any test, the build runs when a source is newer than the bundle. `npm test` has just built, so this
 * costs a few stat calls there; a plain `npx vitest` after an edit rebuilds first.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function newest(dir: string): number {
  let latest = 0;
  for (const entry of fs.readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
      latest = Math.max(latest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
    }
  }
  return latest;
}

export default function setup(): () => void {
  // kubeward's caches (the index cache of runs that name files, the compile cache, the cache key) go to a folder of
  // the test run, never the user's: tests that need their own set XDG_CACHE_HOME themselves.
  const userCache = fs.mkdtempSync(path.join(os.tmpdir(), 'kubeward-test-cache-'));
  process.env.XDG_CACHE_HOME ??= userCache;
  const teardown = () => fs.rmSync(userCache, { recursive: true, force: true });
  const bundle = path.join(root, 'dist/cli/kubeward.cjs');
  const built = fs.existsSync(bundle) ? fs.statSync(bundle).mtimeMs : 0;
  if (Math.max(newest('src'), newest('checks'), fs.statSync(path.join(root, 'package.json')).mtimeMs) > built) {
    execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  }
  return teardown;
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, vi } from 'vitest';
import readOnly from '../../checks/read-only-root-filesystem/index.js';
import runAsNonRoot from '../../checks/run-as-non-root/index.js';

/** The two core checks only, so engine tests do not change when the catalogue grows. */
export const coreChecks = [readOnly, runAsNonRoot];

/**
 * A user cache folder of the test file's own (XDG_CACHE_HOME, put back after the file's tests), so the index and code
 * caches its runs write never mix with the user's or another file's. Returns the folder's real path.
 */
export function ownUserCache(prefix: string): string {
  const xdg = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  const saved = process.env.XDG_CACHE_HOME;
  process.env.XDG_CACHE_HOME = xdg;
  afterAll(() => {
    if (saved === undefined) delete process.env.XDG_CACHE_HOME;
    else process.env.XDG_CACHE_HOME = saved;
  });
  return xdg;
}

/** Write a tree of files into a new temporary folder; returns its path. */
/**
 * Runs of the test file at a clock set a minute ahead (vi.setSystemTime), so the files its tests write have settled
 * stamps and the index cache's records are used (not read again as racily clean).
 */
export function settledClock(): void {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 60_000);
  });
  afterEach(() => {
    vi.useRealTimers();
  });
}

/** The manifests below a folder (`pattern`: their names), relative to it, sorted; `.git` left out. */
export function manifestsBelow(dir: string, pattern = /\.ya?ml$/): string[] {
  return fs
    .readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => pattern.test(f) && !f.startsWith('.git'))
    .sort();
}

export function tempTree(files: Record<string, string | Buffer>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kubeward-test-')));
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  return dir;
}

export const hardenedPod = (name = 'p') => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        runAsNonRoot: true
        readOnlyRootFilesystem: true
`;

export const rootPod = (name = 'p') => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        readOnlyRootFilesystem: true
`;

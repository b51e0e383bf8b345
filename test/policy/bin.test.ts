/**
 * The bundled bin's entry (src/cli/bin.ts): Node's compile cache in the user's cache folder, never in the linted tree,
 * and a run that goes on silently where the cache cannot be written.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
// The bin's compile cache folder (src/cli/bin.ts, compileCacheDir).
import { userCacheDir as compileCacheDir } from '../../src/shared/cache-dir.js';
import { projectRoot } from '../shared-dir.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
const tmp = () => {
  const d = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kubeward-bin-')));
  dirs.push(d);
  return d;
};
const bin = path.join(projectRoot, 'dist/cli/kubeward.cjs');
const manifest = `apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: default}
data: {a: b}
`;

describe('compileCacheDir', () => {
  it('$XDG_CACHE_HOME/kubeward, else the platform cache folder; relative folders are never used', () => {
    expect(compileCacheDir({ XDG_CACHE_HOME: '/c' }, 'linux', '/home/u')).toBe(path.join('/c', 'kubeward'));
    expect(compileCacheDir({}, 'linux', '/home/u')).toBe(path.join('/home/u', '.cache', 'kubeward'));
    expect(compileCacheDir({ XDG_CACHE_HOME: 'rel' }, 'linux', '/home/u')).toBe(path.join('/home/u', '.cache', 'kubeward'));
    expect(compileCacheDir({}, 'darwin', '/Users/u')).toBe(path.join('/Users/u', 'Library/Caches', 'kubeward'));
    expect(compileCacheDir({ XDG_CACHE_HOME: 'rel' }, 'linux', '')).toBeUndefined();
  });
});

describe('the bin and its compile cache', () => {
  it('writes the cache under $XDG_CACHE_HOME/kubeward, nothing in the linted tree, and gives the same report again from it', () => {
    const cache = tmp();
    const tree = tmp();
    fs.writeFileSync(path.join(tree, 'cm.yaml'), manifest);
    const env: NodeJS.ProcessEnv = { ...process.env, XDG_CACHE_HOME: cache, NODE_COMPILE_CACHE: '' };
    delete env.NODE_COMPILE_CACHE;
    const first = spawnSync(process.execPath, [bin, '--no-render', '-f', 'json', 'cm.yaml'], { cwd: tree, env, encoding: 'utf8' });
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(fs.readdirSync(path.join(cache, 'kubeward')).length).toBeGreaterThan(0);
    expect(fs.readdirSync(tree)).toEqual(['cm.yaml']);
    const second = spawnSync(process.execPath, [bin, '--no-render', '-f', 'json', 'cm.yaml'], { cwd: tree, env, encoding: 'utf8' });
    expect(second.status).toBe(0);
    expect(second.stdout).toBe(first.stdout);
  });

  it('runs without a word where the cache folder cannot be written', () => {
    const tree = tmp();
    fs.writeFileSync(path.join(tree, 'cm.yaml'), manifest);
    const blocked = path.join(tmp(), 'file');
    fs.writeFileSync(blocked, '');
    // The cache folder would be below a regular file: it cannot be made.
    const env: NodeJS.ProcessEnv = { ...process.env, XDG_CACHE_HOME: blocked };
    delete env.NODE_COMPILE_CACHE;
    const run = spawnSync(process.execPath, [bin, '--no-render', 'cm.yaml'], { cwd: tree, env, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(fs.readdirSync(tree)).toEqual(['cm.yaml']);
  });
});

/**
 * src/read/tree.ts isWithin: a plain prefix test for plain absolute POSIX paths (the walk's), path.relative for the
 * rest; both give the same answers.
 */
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { isWithin } from '../src/read/tree.js';

/** What isWithin answered before its prefix test: path.relative's. */
function byRelative(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

const PATHS = [
  '/',
  '/a',
  '/a/',
  '/a/b',
  '/a/b/',
  '/ab',
  '/a/bc',
  '/a/b/c.yaml',
  '/a/./b',
  '/a/../b',
  '/a//b',
  '/a/.git/x',
  '/a/.hidden/b',
  '/a/b/..',
  '/..',
  '//a',
  '/a/b/c/d/e.yaml',
  '/b/a',
];

describe('isWithin', () => {
  it('answers as path.relative does, for plain paths and any other', () => {
    for (const root of PATHS) for (const p of PATHS) expect(isWithin(root, p), `${root} ${p}`).toBe(byRelative(root, p));
  });

  it('tells a folder from another that shares its name as a prefix', () => {
    expect(isWithin('/repo', '/repo/x.yaml')).toBe(true);
    expect(isWithin('/repo', '/repo')).toBe(true);
    expect(isWithin('/repo', '/repository/x.yaml')).toBe(false);
    expect(isWithin('/', '/repo/x.yaml')).toBe(true);
    expect(isWithin('/repo/a', '/repo')).toBe(false);
  });

  it('needs no path.relative for plain paths', () => {
    const relative = vi.spyOn(path, 'relative');
    try {
      expect(isWithin('/repo', '/repo/deploy/x.yaml')).toBe(true);
      expect(relative).not.toHaveBeenCalled();
      expect(isWithin('/repo', '/repo/.git/config')).toBe(true);
      expect(relative).toHaveBeenCalledTimes(1);
    } finally {
      relative.mockRestore();
    }
  });
});

/** kustomizeFacts' path helpers give what Node's path.dirname and path.basename give, for any path. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lastName, parentPath } from '../../src/resources/resources.js';

const PATHS = [
  '/',
  '//',
  '//a',
  '///a',
  '//a/b',
  '/a/b//c',
  '/a',
  '/a/',
  '/a/b',
  '/a/b/',
  '/a//b',
  '/a//b//',
  'a',
  'a/',
  'a/b',
  './a',
  '../a/b',
  '',
  '.',
  '..',
  '/a/b/c.yaml',
  'C:\\a\\b',
];

describe('the folder and name of a path', () => {
  it('are path.dirname and path.basename', () => {
    for (const p of PATHS) {
      expect(parentPath(p), p).toBe(path.dirname(p));
      expect(lastName(p), p).toBe(path.basename(p));
    }
  });
});

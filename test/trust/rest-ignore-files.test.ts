/**
 * The walk's injected ignore files (`ignoreFiles`: what the GitHub Action reads from a pull request's base commit).
 * Given the same files as the disk holds, it walks exactly what the walk on disk walks, for folders, globs and named
 * files; given other files (the base commit's), the ones on disk are not read, so a `.kubewardignore` or `.gitignore`
 * that a pull request adds hides nothing.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { walk } from '../../src/read/index.js';
import { tempTree, write } from './helpers.js';

const trees: string[] = [];
afterAll(() => {
  for (const t of trees) fs.rmSync(t, { recursive: true, force: true });
});

const MANIFEST = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n';

/** A git repository holding `manifests` (paths) and `ignores` (ignore files by path, with their text). */
function repository(manifests: string[], ignores: Record<string, string>): string {
  const dir = tempTree('kubeward-trust-ignore-');
  trees.push(dir);
  execFileSync('git', ['init', '-q'], { cwd: dir });
  for (const m of manifests) write(dir, m, MANIFEST);
  for (const [name, text] of Object.entries(ignores)) write(dir, name, text);
  return dir;
}

const rel = (dir: string, files: string[]) => files.map((f) => path.relative(dir, f).split(path.sep).join('/'));

async function walked(dir: string, patterns: string[], options: { cwd?: string; ignoreFiles?: Record<string, string>; gitignore?: boolean } = {}) {
  const cwd = path.join(dir, options.cwd ?? '.');
  const r = await walk(patterns, {
    cwd,
    errorOnUnmatchedPattern: false,
    ...(options.gitignore === false ? { gitignore: false } : {}),
    ...(options.ignoreFiles ? { ignoreFiles: { root: dir, files: new Map(Object.entries(options.ignoreFiles)) } } : {}),
  });
  return rel(dir, r.files);
}

const MANIFESTS = [
  'a.yaml',
  'deploy/a.yaml',
  'deploy/legacy/b.yaml',
  'deploy/legacy/keep.yaml',
  'deploy/sub/c.yaml',
  'deploy/sub/d.yaml',
  'deploy/sub/deep/e.yml',
  'deploy/sub/deep/keep.json',
  'generated/out.yaml',
  'generated/keep/out.yaml',
  'other/x.yaml',
];

/** Layouts of ignore files: nested, anchored, negated, folder patterns, a re-include under an ignored folder, comments, CRLF, BOM. */
const LAYOUTS: Array<Record<string, string>> = [
  {},
  { '.kubewardignore': 'deploy/legacy/\n', 'deploy/sub/.kubewardignore': 'd.yaml\n', '.gitignore': '/deploy/a.yaml\n' },
  { '.gitignore': 'generated/\n!generated/keep/\n', 'deploy/.gitignore': 'legacy/*\n!legacy/keep.yaml\n' },
  { '.kubewardignore': '# comment\r\n*.yml\r\n\r\n/a.yaml\r\n', 'deploy/sub/deep/.kubewardignore': '\uFEFF*\n!keep.json\n' },
  { 'deploy/.kubewardignore': 'sub/\n!sub/c.yaml\n', 'other/.gitignore': '*.yaml\n', '.gitignore': 'keep*\n' },
  { '.kubewardignore': 'deploy/**/c.yaml\nother\n', 'deploy/sub/.gitignore': '/deep/\n' },
];

describe('the walk with injected ignore files', () => {
  for (const [i, layout] of LAYOUTS.entries()) {
    it(`walks what the walk on disk walks, given the disk's ignore files (layout ${i})`, async () => {
      const dir = repository(MANIFESTS, layout);
      const cases: Array<{ patterns: string[]; cwd?: string; gitignore?: boolean }> = [
        { patterns: ['.'] },
        { patterns: ['deploy'] },
        { patterns: ['deploy/sub'] },
        { patterns: ['.'], cwd: 'deploy' },
        { patterns: ['**/*.yaml'] },
        { patterns: ['.'], gitignore: false },
        // Named files, as a pre-commit hook names them.
        { patterns: MANIFESTS },
        { patterns: MANIFESTS.filter((m) => m.startsWith('deploy/')).map((m) => m.slice('deploy/'.length)), cwd: 'deploy' },
      ];
      for (const c of cases) {
        const onDisk = await walked(dir, c.patterns, c);
        const injected = await walked(dir, c.patterns, { ...c, ignoreFiles: layout });
        expect({ ...c, files: injected }).toEqual({ ...c, files: onDisk });
      }
    });
  }

  it('reads no ignore file from disk: those a pull request adds hide nothing', async () => {
    const base = { '.kubewardignore': 'deploy/legacy/\n' };
    const dir = repository(MANIFESTS, {
      ...base,
      // What the pull request adds: its own manifests hidden three ways.
      '.kubewardignore': 'deploy/legacy/\ndeploy/a.yaml\n',
      'deploy/sub/.kubewardignore': '*\n',
      '.gitignore': 'other/\n',
    });
    expect(await walked(dir, ['.'])).toEqual(['a.yaml', 'generated/keep/out.yaml', 'generated/out.yaml']);
    expect(await walked(dir, ['.'], { ignoreFiles: base })).toEqual([
      'a.yaml',
      'deploy/a.yaml',
      'deploy/sub/c.yaml',
      'deploy/sub/d.yaml',
      'deploy/sub/deep/e.yml',
      'deploy/sub/deep/keep.json',
      'generated/keep/out.yaml',
      'generated/out.yaml',
      'other/x.yaml',
    ]);
    // Named files too (a pre-commit hook): the disk's .kubewardignore names deploy/a.yaml, the injected one does not.
    expect(await walked(dir, ['deploy/a.yaml', 'deploy/legacy/b.yaml'])).toEqual([]);
    expect(await walked(dir, ['deploy/a.yaml', 'deploy/legacy/b.yaml'], { ignoreFiles: base })).toEqual(['deploy/a.yaml']);
  });

  it('applies an ignore file the disk no longer has (a pull request that deletes one changes nothing)', async () => {
    const dir = repository(MANIFESTS, {});
    expect(await walked(dir, ['deploy'], { ignoreFiles: { 'deploy/.kubewardignore': 'sub/\n' } })).toEqual([
      'deploy/a.yaml',
      'deploy/legacy/b.yaml',
      'deploy/legacy/keep.yaml',
    ]);
  });

  it('applies no ignore file with ignore: false (--no-ignore), injected or not', async () => {
    const dir = repository(MANIFESTS, { '.kubewardignore': '*\n' });
    const r = await walk(['.'], { cwd: dir, ignore: false, ignoreFiles: { root: dir, files: new Map([['.kubewardignore', '*\n']]) } });
    expect(rel(dir, r.files)).toEqual([...MANIFESTS].sort());
  });
});

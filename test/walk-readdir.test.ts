/**
 * The walk of folders without globby (src/read/folder-walk.ts) against globby's, on the real corpus, random trees and
 * hand-written cases: the same files, empty, unreadable and refused lists, and the same paths looked at for a walk
 * kept between runs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { walkFolderDirectly } from '../src/read/folder-walk.js';
import { walk, type CachedWalk, type WalkOptions } from '../src/read/walk.js';
import { sharedPath } from './shared-dir.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) {
    chmodAll(dir);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-walk-readdir-'));
  made.push(dir);
  return dir;
}

/** Undo the unreadable folders of a tree, so it can be removed. */
function chmodAll(dir: string): void {
  try {
    fs.chmodSync(dir, 0o755);
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) if (entry.isDirectory()) chmodAll(path.join(dir, entry.name));
  } catch {
    // gone already
  }
}

const canMakeUnreadable = typeof process.getuid === 'function' && process.getuid() !== 0;

/** A walk and what it looked at (the records a walk kept between runs holds), by the direct walk or globby's. */
async function walkBy(direct: boolean, patterns: string[], options: WalkOptions) {
  let kept: CachedWalk | undefined;
  const cache = { find: () => undefined, keep: (w: CachedWalk) => void (kept = w) };
  let result: unknown;
  try {
    result = await walk(patterns, { ...options, direct, cache: options.fs ? undefined : cache });
  } catch (error) {
    result = { error: String(error) };
  }
  // globby also probes its own patterns as if they were paths (`DIR/**/*.{yaml,yml,json}`, `DIR/!**/.git`): nothing
  // can change what such a probe finds but a file of that very name, so those records are left out of the comparison.
  const seen = kept
    ? kept.seen
        .filter((r) => !r[0].includes('*'))
        .map((r) => JSON.stringify(r))
        .sort()
    : undefined;
  return { result, seen };
}

/** Both walks, asserted equal; whether the direct walk took the tree (rather than leaving it to globby). */
async function expectSameWalks(patterns: string[], options: WalkOptions, label = ''): Promise<void> {
  const byGlobby = await walkBy(false, patterns, options);
  const direct = await walkBy(true, patterns, options);
  expect(direct.result, `${label} result`).toEqual(byGlobby.result);
  expect(direct.seen, `${label} seen`).toEqual(byGlobby.seen);
}

function tookDirectly(folder: string, options: WalkOptions): boolean {
  const honour = options.ignore !== false;
  if (honour && (options.ignorePatterns ?? []).length) return false;
  return walkFolderDirectly(folder, { fs, gitignore: honour && (options.gitignore ?? true), kubewardignore: honour }) !== undefined;
}

/** node:fs, refusing to list the folders given (as chmod 000 does for a user other than root). */
function refusing(denied: Set<string>): typeof fs {
  const refuse = (p: unknown) => {
    if (denied.has(path.resolve(String(p)))) throw Object.assign(new Error(`EACCES: permission denied, scandir '${String(p)}'`), { code: 'EACCES' });
  };
  return {
    ...fs,
    readdirSync: ((p: fs.PathLike, o?: unknown) => (refuse(p), fs.readdirSync(p, o as never))) as typeof fs.readdirSync,
    readdir: ((p: fs.PathLike, ...rest: unknown[]) => {
      const callback = rest.pop() as (error: unknown, entries?: unknown) => void;
      try {
        refuse(p);
      } catch (error) {
        callback(error);
        return;
      }
      (fs.readdir as (...a: unknown[]) => void)(p, ...rest, callback);
    }) as typeof fs.readdir,
  };
}

describe('the direct walk of folders gives what globby gives', () => {
  const corpus = sharedPath('corpus');
  it.skipIf(!corpus)(
    'on every folder of ../shared/corpus (skipped without ../shared)',
    async () => {
      const folders: string[] = [];
      const collect = (dir: string) => {
        folders.push(dir);
        for (const e of fs.readdirSync(dir, { withFileTypes: true })) if (e.isDirectory()) collect(path.join(dir, e.name));
      };
      collect(corpus!);
      let direct = 0;
      for (const folder of folders) {
        const options = { cwd: folder, errorOnUnmatchedPattern: false };
        await expectSameWalks(['.'], options, folder);
        if (tookDirectly(folder, options)) direct++;
      }
      expect(direct).toBeGreaterThan(folders.length / 2);
    },
    120_000,
  );

  // A random tree: folders, manifests and other files, ignore files with random rules, links inside and outside.
  const names = ['a', 'b', '.hidden', 'deploy', 'node_modules', '.git', 'coverage', 'x.yaml', 'Sub'];
  const files = ['a.yaml', 'b.yml', 'c.json', 'd.txt', '.e.yaml', 'F.YAML', 'g.tpl.yaml', '.yaml', 'h.JSON'];
  // Rules that ignore or re-include files (the direct walk takes them), and rules that ignore folders (it leaves those to
  // globby): both kinds appear, the first more often, so that both walks run often.
  const fileRules = [
    '*.yml',
    'a.yaml',
    '/a.yaml',
    '*.json',
    '**/c.json',
    'a/*.yaml',
    '# a comment',
    '',
    '   ',
    '*.tpl.yaml',
    'a/b.yml',
    '\\#x',
    'A.YAML',
    'c.json  ',
    'b/*.yml',
    'deploy/a.yaml',
  ];
  const otherRules = ['deploy/', 'deploy', '!a.yaml', 'b/', 'x.yaml/', '.hidden', '.kubewardignore', '!deploy/', 'Sub/**', '!*.yml'];
  const negations = ['!a.yaml', '!*.yml', '!b.yml', '!/c.json', '!sub/a.yaml', '!A.YAML', '!**/c.json', '!.kubewardignore', '!*.tpl.yaml', '!a/*.yaml'];
  const rule = fc.oneof(
    { arbitrary: fc.constantFrom(...fileRules), weight: 12 },
    { arbitrary: fc.constantFrom(...negations), weight: 4 },
    { arbitrary: fc.constantFrom(...otherRules), weight: 1 },
  );
  type Node = { dirs: Record<string, Node>; files: string[]; gitignore?: string[]; kubewardignore?: string[]; unreadable: boolean; links: string[] };
  const node: fc.Memo<Node> = fc.memo((depth) =>
    fc.record({
      dirs: depth <= 1 ? fc.constant({}) : fc.dictionary(fc.constantFrom(...names), node(depth - 1), { maxKeys: 3 }),
      files: fc.uniqueArray(fc.constantFrom(...files), { maxLength: 4 }),
      gitignore: fc.option(fc.array(rule, { maxLength: 4 }), { nil: undefined, freq: 2 }),
      kubewardignore: fc.option(fc.array(rule, { maxLength: 3 }), { nil: undefined, freq: 2 }),
      unreadable: fc.oneof({ arbitrary: fc.constant(false), weight: 15 }, { arbitrary: fc.constant(true), weight: 1 }),
      links: fc.oneof(
        { arbitrary: fc.constant([] as string[]), weight: 6 },
        { arbitrary: fc.uniqueArray(fc.constantFrom('l.yaml', 'ldir', 'out.yaml', 'dangling.json', 'ldir.yaml', 'l.txt'), { maxLength: 2 }), weight: 1 },
      ),
    }),
  );
  const build = (dir: string, tree: Node, isRoot: boolean, outside: string, denied: Set<string>) => {
    fs.mkdirSync(dir, { recursive: true });
    for (const f of tree.files) fs.writeFileSync(path.join(dir, f), 'kind: ConfigMap\n');
    if (tree.gitignore) fs.writeFileSync(path.join(dir, '.gitignore'), tree.gitignore.join('\n'));
    if (tree.kubewardignore) fs.writeFileSync(path.join(dir, '.kubewardignore'), tree.kubewardignore.join('\r\n'));
    for (const link of tree.links) {
      const target = {
        'l.yaml': tree.files[0] ?? 'missing.yaml',
        ldir: '.',
        'out.yaml': path.join(outside, 'out.yaml'),
        'dangling.json': 'nowhere',
        'ldir.yaml': '..',
        'l.txt': tree.files[0] ?? 'nowhere',
      }[link]!;
      fs.symlinkSync(target, path.join(dir, link));
    }
    for (const [name, child] of Object.entries(tree.dirs)) {
      if (tree.files.includes(name)) continue;
      build(path.join(dir, name), child, false, outside, denied);
    }
    // Root reads any folder: there, a file system that refuses to list it stands in.
    if (tree.unreadable && !isRoot) {
      if (canMakeUnreadable) fs.chmodSync(dir, 0o000);
      else denied.add(dir);
    }
  };

  it('on random trees, with every option', async () => {
    const outside = tempDir();
    fs.writeFileSync(path.join(outside, 'out.yaml'), 'kind: ConfigMap\n');
    let direct = 0;
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        node(4),
        fc.record({
          repository: fc.constantFrom('none', 'root', 'above'),
          gitignore: fc.boolean(),
          ignore: fc.oneof({ arbitrary: fc.constant(true), weight: 4 }, { arbitrary: fc.constant(false), weight: 1 }),
          ignorePatterns: fc.constantFrom([], [], [], [], [], ['*.tpl.yaml'], ['deploy/**'], ['**/b.yml']),
          aboveRules: fc.array(rule, { maxLength: 3 }),
        }),
        async (tree, o) => {
          const top = tempDir();
          const folder = o.repository === 'above' ? path.join(top, 'work') : top;
          if (o.repository !== 'none') fs.mkdirSync(path.join(top, '.git'), { recursive: true });
          if (o.repository === 'above') {
            fs.mkdirSync(folder);
            fs.writeFileSync(path.join(top, '.gitignore'), o.aboveRules.map((r) => (r.includes('/') && !r.endsWith('/') ? `work/${r}` : r)).join('\n'));
          }
          const denied = new Set<string>();
          build(folder, tree, true, outside, denied);
          const options: WalkOptions = {
            cwd: folder,
            errorOnUnmatchedPattern: false,
            gitignore: o.gitignore,
            ignore: o.ignore,
            ignorePatterns: o.ignorePatterns,
          };
          if (denied.size) options.fs = refusing(denied);
          await expectSameWalks(['.'], options, JSON.stringify({ tree, o }));
          runs++;
          if (tookDirectly(folder, options)) direct++;
          chmodAll(top);
        },
      ),
      { numRuns: Number(process.env.WALK_RUNS ?? 300) },
    );
    // The property must exercise the direct walk, not only the fallback to globby.
    expect(direct).toBeGreaterThan(runs / 4);
    expect(direct).toBeLessThan(runs);
  }, 300_000);

  /** A tree from a map of paths to contents (a string: a file; null: a folder; `-> target`: a link). */
  const tree = (entries: Record<string, string | null>): string => {
    const top = tempDir();
    for (const [rel, content] of Object.entries(entries)) {
      const file = path.join(top, rel);
      fs.mkdirSync(content === null ? file : path.dirname(file), { recursive: true });
      if (content === null) continue;
      if (content.startsWith('-> ')) fs.symlinkSync(content.slice(3), file);
      else fs.writeFileSync(file, content);
    }
    return top;
  };
  const cases: Array<{ name: string; entries: Record<string, string | null>; walkIn?: string; options?: Partial<WalkOptions>; direct: boolean }> = [
    { name: 'a one-file repository (the pre-commit case)', entries: { '.git/HEAD': 'ref: refs/heads/main\n', 'shop.yaml': 'kind: Pod\n' }, direct: true },
    {
      name: 'dot files and folders, extensions by case, folders named like manifests, node_modules and .git',
      entries: {
        '.git/x.yaml': 'a',
        '.hidden/a.yaml': 'a',
        '.a.yml': 'a',
        '.yaml': 'a',
        'B.YAML': 'a',
        'c.Json': 'a',
        'x.yaml/d.json': 'a',
        'node_modules/e.yaml': 'a',
        'sub/node_modules/f.yaml': 'a',
        'sub/.git/g.yaml': 'a',
        'Node_Modules/h.yaml': 'a',
      },
      direct: true,
    },
    {
      name: 'nested .gitignore and .kubewardignore files, anchored and not, with a BOM, CRLF and an escaped trailing space',
      entries: {
        '.git/HEAD': 'x',
        '.gitignore': '\uFEFF*.yml\r\n/top.json\r\n# comment\r\nsub/only.yaml\r\n',
        'top.json': 'a',
        'a/top.json': 'a',
        'b.yml': 'a',
        'sub/only.yaml': 'a',
        'sub/.kubewardignore': 'k.yaml\nspace.yaml\\ \n',
        'sub/deep/k.yaml': 'a',
        'sub/space.yaml ': 'a',
        'sub/keep.yaml': 'a',
      },
      direct: true,
    },
    {
      name: 'a subfolder of a repository: the .gitignore files from the root down apply',
      entries: {
        '.git/HEAD': 'x',
        '.gitignore': 'gen-*.yaml\nwork/drop.yaml\n',
        'work/.gitignore': '/x.json\n',
        'work/gen-a.yaml': 'a',
        'work/drop.yaml': 'a',
        'work/x.json': 'a',
        'work/y/x.json': 'a',
        'work/keep.yaml': 'a',
      },
      walkIn: 'work',
      direct: true,
    },
    { name: "no repository: the folder's own .gitignore", entries: { '.gitignore': '*.json\n', 'a.json': 'a', 'b.yaml': 'a' }, direct: true },
    {
      name: '--no-ignore',
      entries: { '.gitignore': '*.json\n', '.kubewardignore': 'b.yaml\n', 'a.json': 'a', 'b.yaml': 'a' },
      options: { ignore: false },
      direct: true,
    },
    {
      name: 'gitignore: false keeps .kubewardignore',
      entries: { '.gitignore': '*.json\n', '.kubewardignore': 'b.yaml\n', 'a.json': 'a', 'b.yaml': 'a' },
      options: { gitignore: false },
      direct: true,
    },
    {
      name: 'an ignore file in coverage/ (globby does not read it): left to globby',
      entries: { 'coverage/.gitignore': 'a.yaml\n', 'coverage/a.yaml': 'a' },
      direct: false,
    },
    { name: 'an ignored folder: left to globby', entries: { '.gitignore': 'gen/\n', 'gen/a.yaml': 'a', 'b.yaml': 'a' }, direct: false },
    { name: 'a negation in the same file', entries: { '.gitignore': '*.yaml\n!keep.yaml\n', 'keep.yaml': 'a', 'b.yaml': 'a' }, direct: true },
    {
      name: 'a negation in a deeper file, and in a .kubewardignore beside a .gitignore',
      entries: {
        '.kubewardignore': 'a.yaml\n',
        'a/.gitignore': '!a.yaml\n',
        'a/a.yaml': 'a',
        'b/.gitignore': '*.json\n',
        'b/.kubewardignore': '!c.json\n',
        'b/c.json': 'a',
        'b/d.json': 'a',
      },
      direct: true,
    },
    {
      name: 'a negation that re-includes a folder: left to globby',
      entries: { '.gitignore': 'deploy/\n', 'a/.gitignore': '!deploy/\n', 'a/deploy/x.yaml': 'a', 'deploy/y.yaml': 'a' },
      direct: false,
    },
    {
      name: 'ignorePatterns: left to globby',
      entries: { 'a.tpl.yaml': 'a', 'sub/b.tpl.yaml': 'a', 'c.yaml': 'a' },
      options: { ignorePatterns: ['*.tpl.yaml'] },
      direct: false,
    },
    { name: 'links named like manifests: left to globby', entries: { 'a.yaml': 'a', 'l.yaml': '-> a.yaml', 'out.yaml': '-> /etc/hostname' }, direct: false },
    { name: 'a link to a folder, not followed', entries: { 'a/b.yaml': 'a', 'loop': '-> .', 'c': '-> a' }, direct: true },
    { name: 'an ignore file that is a link: left to globby', entries: { 'rules': '*.json\n', '.gitignore': '-> rules', 'a.json': 'a' }, direct: false },
    {
      name: 'a `!` inside a rule (literal to git, a negation to fast-glob): left to globby',
      entries: { '.git/HEAD': 'x', '.gitignore': 'work/!**/c.json\n', 'work/c.json': 'a' },
      walkIn: 'work',
      direct: false,
    },
    { name: 'an empty folder', entries: { 'notes.txt': 'a' }, direct: true },
  ];
  for (const c of cases) {
    it(`${c.name}`, async () => {
      const top = tree(c.entries);
      const folder = path.join(top, c.walkIn ?? '.');
      const options: WalkOptions = { cwd: folder, errorOnUnmatchedPattern: false, ...c.options };
      await expectSameWalks(['.'], options);
      expect(tookDirectly(folder, options)).toBe(c.direct);
    });
  }

  it('a folder that cannot be listed is left to globby, which reports it', async () => {
    const top = tree({ 'a.yaml': 'a', 'locked/b.yaml': 'a' });
    const options: WalkOptions = { cwd: top, errorOnUnmatchedPattern: false, fs: refusing(new Set([path.join(top, 'locked')])) };
    await expectSameWalks(['.'], options);
    expect((await walk(['.'], options)).unreadable).toEqual([{ path: path.join(top, 'locked'), reason: expect.any(String) }]);
    expect(walkFolderDirectly(top, { fs: options.fs!, gitignore: true, kubewardignore: true })).toBeUndefined();
  });

  it('several folders in one walk, one of them ignored by the .gitignore above it', async () => {
    const top = tree({
      '.git/HEAD': 'x',
      '.gitignore': 'gen\n*.yml\n',
      'gen/a.yaml': 'a',
      'apps/b.yaml': 'a',
      'apps/c.yml': 'a',
      'apps/deep/d.json': 'a',
      'e.yaml': 'a',
    });
    for (const patterns of [['apps', 'gen', '.'], ['gen'], ['apps/deep', 'apps'], ['.', 'apps']])
      await expectSameWalks(patterns, { cwd: top, errorOnUnmatchedPattern: false }, patterns.join(' '));
    await expectSameWalks(['gen'], { cwd: top });
  });

  it('leaves a tree with an ignored folder to globby before listing that folder', () => {
    const top = tree({ '.gitignore': 'vendor/\n', 'vendor/deep/a.yaml': 'a', 'b.yaml': 'a' });
    const listed: string[] = [];
    const spying = {
      ...fs,
      readdirSync: ((p: fs.PathLike, o?: unknown) => (listed.push(String(p)), fs.readdirSync(p, o as never))) as typeof fs.readdirSync,
    };
    expect(walkFolderDirectly(top, { fs: spying, gitignore: true, kubewardignore: true })).toBeUndefined();
    expect(listed).toEqual([top]);
  });

  it('the files found by the direct walk on a tree it takes', async () => {
    const top = tree({
      '.git/HEAD': 'x',
      '.gitignore': '*.yml\n',
      'a.yaml': 'a',
      'b.yml': 'a',
      'sub/.kubewardignore': 'c.json\n',
      'sub/c.json': 'a',
      'sub/d.json': 'a',
    });
    const result = await walk(['.'], { cwd: top });
    expect(result.files).toEqual([path.join(top, 'a.yaml'), path.join(top, 'sub/d.json')]);
    expect(tookDirectly(top, { cwd: top })).toBe(true);
  });
});

/** A tree from a map of paths to contents (a string: a file; `-> target`: a link), in a fresh temporary folder. */
function makeTree(entries: Record<string, string>, top = tempDir()): string {
  for (const [rel, content] of Object.entries(entries)) {
    const file = path.join(top, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (content.startsWith('-> ')) fs.symlinkSync(content.slice(3), file);
    else fs.writeFileSync(file, content);
  }
  return top;
}

describe('the tree check of the files the direct walk lists', () => {
  const OUTSIDE_THROUGH_FOLDER = 'a path through a linked folder to a place outside the linted tree; kubeward reads only files inside it';

  it('resolves one real path per walk, not one per folder, and lstats no file the listing says is no link', async () => {
    const entries: Record<string, string> = { '.git/HEAD': 'x' };
    for (let i = 0; i < 12; i++) entries[`apps/app-${i}/deep/k8s-${i}.yaml`] = 'kind: Pod\n';
    const top = makeTree(entries);
    const resolved: string[] = [];
    const lstated: string[] = [];
    const realpath = fs.realpathSync.native;
    const lstat = fs.lstatSync;
    const realpathSpy = vi
      .spyOn(fs.realpathSync, 'native')
      .mockImplementation(((p: fs.PathLike, o?: never) => (resolved.push(String(p)), realpath(p, o))) as never);
    const lstatSpy = vi.spyOn(fs, 'lstatSync').mockImplementation(((p: fs.PathLike, o?: never) => (lstated.push(String(p)), lstat(p, o))) as never);
    let result: Awaited<ReturnType<typeof walk>>;
    let kept: CachedWalk | undefined;
    try {
      result = await walk(['.'], { cwd: top, cache: { find: () => undefined, keep: (w) => void (kept = w) } });
    } finally {
      realpathSpy.mockRestore();
      lstatSpy.mockRestore();
    }
    expect(result.files).toHaveLength(12);
    expect(result.refused).toEqual([]);
    expect(kept?.links).toEqual([]);
    // The walked folder (and the run's root, once per process) only; never a folder below it or a file.
    expect(resolved.filter((p) => p !== top)).toEqual([]);
    expect(lstated.filter((p) => p.endsWith('.yaml'))).toEqual([]);
  });

  it('a folder named through a link out of the tree: every file refused by name, as the walk by globby refuses them', async () => {
    const outside = makeTree({ 'secret/b.yaml': 'kind: Secret\n', 'secret/deep/c.yaml': 'kind: Secret\n' });
    const top = makeTree({ '.git/HEAD': 'x', 'apps/a.yaml': 'kind: Pod\n', 'vendor': `-> ${path.join(outside, 'secret')}` });
    await expectSameWalks(['vendor', 'apps'], { cwd: top });
    expect(tookDirectly(path.join(top, 'vendor'), { cwd: top })).toBe(true);
    const result = await walk(['vendor', 'apps'], { cwd: top });
    expect(result.files).toEqual([path.join(top, 'apps/a.yaml')]);
    expect(result.refused).toEqual([
      { path: path.join(top, 'vendor/b.yaml'), reason: OUTSIDE_THROUGH_FOLDER },
      { path: path.join(top, 'vendor/deep/c.yaml'), reason: OUTSIDE_THROUGH_FOLDER },
    ]);
  });

  it('a folder named through a link inside the tree is walked; one into .git, or .git itself, is refused', async () => {
    const top = makeTree({ '.git/HEAD': 'x', '.git/hooks/x.yaml': 'a: 1\n', 'apps/a.yaml': 'kind: Pod\n', 'alias': '-> apps', 'hooks': '-> .git/hooks' });
    for (const patterns of [['alias'], ['hooks'], ['.git'], ['alias', 'apps', 'hooks']]) await expectSameWalks(patterns, { cwd: top }, patterns.join(' '));
    expect((await walk(['alias'], { cwd: top })).files).toEqual([path.join(top, 'alias/a.yaml')]);
    expect((await walk(['hooks'], { cwd: top })).refused).toEqual([
      { path: path.join(top, 'hooks/x.yaml'), reason: 'a path through a linked folder into a .git folder, which holds credentials and is never read' },
    ]);
    expect((await walk(['.git'], { cwd: top })).refused).toEqual([
      { path: path.join(top, '.git/hooks/x.yaml'), reason: 'the file lies inside a .git folder, which holds credentials and is never read' },
    ]);
  });

  it('a tree named through a link whose real folder is the root of another walked folder: the verdicts are per folder', async () => {
    // Two folders of one run, one of them the real folder of the other: each file keeps the verdict of its own folder.
    const outside = makeTree({ 'x.yaml': 'a: 1\n' });
    const top = makeTree({ '.git/HEAD': 'x', 'a/b.yaml': 'a: 1\n', 'a/out': `-> ${outside}`, 'c.yaml': 'a: 1\n' });
    await expectSameWalks(['.', 'a/out'], { cwd: top });
    const result = await walk(['.', 'a/out'], { cwd: top });
    expect(result.files).toEqual([path.join(top, 'a/b.yaml'), path.join(top, 'c.yaml')]);
    expect(result.refused).toEqual([{ path: path.join(top, 'a/out/x.yaml'), reason: OUTSIDE_THROUGH_FOLDER }]);
  });
});

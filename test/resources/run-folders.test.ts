/**
 * kustomizeFacts (src/resources/resources.ts, RunFolders) finds the folder a few GitOps objects deploy, and its
 * files, in the text of the run's paths (more of them in a map of files by folder), and makes that map only for them
 * and a kustomization's entries, taking a file's folder from the file before where it can. Whatever the layout of the paths (`//`, a trailing separator,
 * relative ones, files at the root), the files get the namespaces they get from a map of every file by
 * `path.dirname` and every folder's ancestors, written out here.
 */
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { kustomizeFacts, type FileEntries } from '../../src/resources/resources.js';

interface Deployer {
  file: string;
  path: string;
  namespace: string;
  flux: boolean;
  recurse: boolean;
}

const object = (d: Deployer): Record<string, unknown> =>
  d.flux
    ? { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'k' }, spec: { path: d.path, targetNamespace: d.namespace } }
    : {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: { name: 'a' },
        spec: { source: { path: d.path, directory: { recurse: d.recurse } }, destination: { namespace: d.namespace } },
      };

const deployed = (paths: readonly string[], deployers: readonly Deployer[]): Array<[string, string | undefined]> => {
  const files: FileEntries[] = deployers.map((d) => ({ filePath: d.file, objects: [{ documentIndex: 0, basePath: [], object: object(d) }] }));
  const facts = kustomizeFacts(files, paths);
  return [...facts].map(([f, fact]): [string, string | undefined] => [f, fact.namespace]).sort((a, b) => (a[0] < b[0] ? -1 : 1));
};

/** What the map of every file by folder gives (the way kustomizeFacts took before it read the paths' text). */
const byMap = (paths: readonly string[], deployers: readonly Deployer[]): Array<[string, string | undefined]> => {
  const byDir = new Map<string, string[]>();
  for (const p of paths) byDir.set(path.dirname(p), [...(byDir.get(path.dirname(p)) ?? []), p]);
  // Every folder with files and its ancestors, in the order of the first path below each.
  const folders = new Set<string>();
  for (const dir of byDir.keys()) for (let d = dir; path.dirname(d) !== d; d = path.dirname(d)) folders.add(d);
  const namespaces = new Map<string, string>();
  for (const d of deployers) {
    const parts = d.path.split('/').filter((p) => p !== '' && p !== '.');
    if (parts.length === 0 || parts.includes('..')) continue;
    const suffix = '/' + parts.join('/');
    const from = path.dirname(d.file).split('/');
    const shared = (f: string) => {
      const a = f.split('/');
      let n = 0;
      while (n < a.length && n < from.length && a[n] === from[n]) n++;
      return n;
    };
    const candidates = [...folders].filter((f) => path.basename(f) === parts[parts.length - 1] && f.endsWith(suffix));
    const dir = candidates.sort((a, b) => shared(b) - shared(a) || a.length - b.length)[0];
    if (dir === undefined) continue;
    const recurse = d.flux || d.recurse;
    for (const [folder, list] of byDir) {
      if (folder !== dir && !(recurse && folder.startsWith(dir + '/'))) continue;
      for (const f of list) if (!namespaces.has(f)) namespaces.set(f, d.namespace);
    }
  }
  return [...namespaces].sort((a, b) => (a[0] < b[0] ? -1 : 1));
};

describe('kustomizeFacts: the folders of the run, read from the paths', () => {
  it('takes no folder from a path with `//` that only its text has (the folder of `/r/a//apps/x` is `/r/a//apps`, then `/r/a/`)', () => {
    const paths = ['/r/a//apps/x.yaml', '/r/c/flux.yaml'];
    const deployers: Deployer[] = [{ file: '/r/c/flux.yaml', path: 'a', namespace: 'ns', flux: true, recurse: true }];
    expect(deployed(paths, deployers)).toEqual([]);
    expect(deployed(paths, deployers)).toEqual(byMap(paths, deployers));
  });

  it('takes no folder from a path ending with a separator that only its text has', () => {
    // `/r/b/` is a path whose folder is `/r`: no folder `/r/b` nearer than `/s/b`.
    const paths = ['/r/b/', '/r/app.yaml', '/s/b/y.yaml'];
    const deployers: Deployer[] = [{ file: '/r/app.yaml', path: 'b', namespace: 'ns', flux: false, recurse: false }];
    expect(deployed(paths, deployers)).toEqual([['/s/b/y.yaml', 'ns']]);
    expect(deployed(paths, deployers)).toEqual(byMap(paths, deployers));
  });

  it('takes a file whose path ends with a separator as right in the folder path.dirname gives', () => {
    const paths = ['/r/apps/x.yaml', '/r/apps/y/', '/r/apps/z/w.yaml', '/r/app.yaml'];
    const deployers: Deployer[] = [{ file: '/r/app.yaml', path: 'apps', namespace: 'ns', flux: false, recurse: false }];
    expect(deployed(paths, deployers)).toEqual([
      ['/r/apps/x.yaml', 'ns'],
      ['/r/apps/y/', 'ns'],
    ]);
  });

  it('takes the map of files by folder when the paths are too long together for one string', () => {
    const join = Array.prototype.join;
    // The paths joined by NULs throw as V8 does past its longest string; any other join is Array's own.
    const spy = vi.spyOn(Array.prototype, 'join').mockImplementation(function (this: unknown[], separator?: string) {
      if (separator === '\0') throw new RangeError('Invalid string length');
      return join.call(this, separator);
    });
    try {
      const paths = ['/r/apps/x.yaml', '/r/apps/y/z.yaml', '/s/apps/w.yaml', '/r/c/flux.yaml'];
      const deployers: Deployer[] = [{ file: '/r/c/flux.yaml', path: './apps', namespace: 'ns', flux: true, recurse: true }];
      expect(deployed(paths, deployers)).toEqual([
        ['/r/apps/x.yaml', 'ns'],
        ['/r/apps/y/z.yaml', 'ns'],
      ]);
      expect(spy).toHaveBeenCalledWith('\0');
    } finally {
      spy.mockRestore();
    }
  });

  it('gives what the map of every file by folder gives, for any layout', () => {
    const names = ['a', 'b', 'ab', 'apps', '.', '..', ''];
    let seed = 17;
    const random = (n: number) => Math.floor(((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32) * n);
    const pathOf = (segments: number) => Array.from({ length: segments }, () => names[random(names.length)]).join('/');
    let found = 0;
    for (let round = 0; round < 400; round++) {
      const paths: string[] = [];
      for (let i = 0, count = 1 + random(25); i < count; i++) {
        const lead = ['/', '/', '/', '//', ''][random(5)];
        const trail = random(8) === 0 ? '/' : random(2) === 0 ? '/x.yaml' : '';
        paths.push(lead + pathOf(1 + random(4)) + trail);
      }
      // Sorted as a walk lists them, some of the time (a folder's files together).
      if (random(2) === 0) paths.sort();
      // A few (looked up in the paths' text) or more (in the map of files by folder and folders by name).
      const deployers: Deployer[] = Array.from({ length: round % 2 === 0 ? 1 + random(3) : 9 + random(4) }, (_, i) => ({
        file: paths[random(paths.length)],
        path: pathOf(1 + random(3)),
        namespace: `ns${i}`,
        flux: random(2) === 0,
        recurse: random(2) === 0,
      }));
      const expected = byMap(paths, deployers);
      found += expected.length;
      expect(deployed(paths, deployers), JSON.stringify({ paths, deployers })).toEqual(expected);
    }
    // The layouts deploy files, not only nothing.
    expect(found).toBeGreaterThan(200);
  });
});

describe("kustomizeFacts: a kustomization's entries that are folders with files", () => {
  const kustomization = (resources: string[]): FileEntries => ({
    filePath: '/r/k/kustomization.yaml',
    objects: [{ documentIndex: 0, basePath: [], object: { namespace: 'ns', resources } }],
  });
  const namespaced = (facts: ReturnType<typeof kustomizeFacts>) => [...facts.keys()].sort();

  it('are folders of the files right in them only, whatever file comes before', () => {
    // Each path starts with the folder of the path before, and is not right in it: `b/c/z.yaml` and `bc.yaml` after
    // `b/x.yaml`, `bc/y.yaml` after `b/w.yaml`.
    const paths = [
      '/r/a/b/x.yaml',
      '/r/a/b/c/z.yaml',
      '/r/a/b/w.yaml',
      '/r/a/bc/y.yaml',
      '/r/a/b/v.yaml',
      '/r/a/bc.yaml',
      '/r/a/d/e/v.yaml',
      '/r/k/kustomization.yaml',
    ];
    const facts = kustomizeFacts([kustomization(['../a/b', '../a/bc', '../a/b/c', '../a/d', '../a', 'x.yaml'])], paths);
    // An entry that is a folder with files is a base (its own kustomization, here none, says); any other a file.
    expect(namespaced(facts)).toEqual(['/r/a/d', '/r/k/x.yaml']);
  });

  it('hold a path that ends with a separator in the folder above, as path.dirname does', () => {
    const paths = ['/r/a/b/x.yaml', '/r/a/b/', '/r/k/kustomization.yaml'];
    expect(namespaced(kustomizeFacts([kustomization(['../a', '../a/b'])], paths))).toEqual([]);
    expect(namespaced(kustomizeFacts([kustomization(['../a', '../a/b'])], paths.slice(0, 1)))).toEqual(['/r/a']);
  });

  it('take the root of the file system and `//` folders as path.dirname does', () => {
    const entries = ['../../..', '../../r2', '../../x.yaml'];
    // `//r2/z.yaml` is in `//r2`, which no entry names (path.resolve makes `/r2`): `/r2` is taken for a file.
    expect(namespaced(kustomizeFacts([kustomization(entries)], ['/x.yaml', '/y.yaml', '//r2/z.yaml', '/r/k/kustomization.yaml']))).toEqual([
      '/r2',
      '/x.yaml',
    ]);
    // No file in `/`: a file too.
    expect(namespaced(kustomizeFacts([kustomization(entries)], ['//r2/z.yaml', '/r/k/kustomization.yaml']))).toEqual(['/', '/r2', '/x.yaml']);
  });
});

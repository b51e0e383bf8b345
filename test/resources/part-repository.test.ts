/**
 * A repository built from part of its files (buildRepository with a demand, the index cache's entries left encoded:
 * PartRepository in src/resources/resources.ts). It decodes the linted files, the kustomizations and GitOps objects and
 * the files of the kinds demanded; any other question first takes in the files that can answer it. Every answer is the
 * whole repository's, in its order, whatever the demand, and an answer once given stays the same.
 */
import { describe, expect, it } from 'vitest';
import type { Resource, ResourceIndex } from '../../src/check-api.js';
import { withPodTemplates, type PodTemplateKind } from '../../src/k8s/index.js';
import { parseText } from '../../src/parse/index.js';
import {
  buildRepository,
  crdKindKey,
  crdsDefining,
  entriesOf,
  hasKinds,
  kindScope,
  kindsOf,
  namespacesOf,
  objectKinds,
  ofKindsInOrder,
  type FileEntries,
  type PendingEntries,
  type Repository,
  type RepositoryFile,
} from '../../src/resources/index.js';

const WHOLE = new Set(['Kustomization', 'Component', 'Application', 'CustomResourceDefinition', 'Namespace', 'NetworkPolicy']);

const FILES: Record<string, string> = {
  '/r/linted.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: linted}\n',
  '/r/ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n',
  '/r/app/kustomization.yaml': 'namespace: shop\nresources: [deploy.yaml, secret.yaml]\npatchesStrategicMerge: [patch.yaml]\n',
  '/r/app/deploy.yaml':
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: a, image: a}]}\n',
  '/r/app/secret.yaml': 'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n',
  '/r/app/patch.yaml': 'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n',
  '/r/crd.yaml':
    'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: ws.example.com}\nspec:\n  group: example.com\n  names: {kind: W, plural: ws}\n  scope: Namespaced\n  versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object}}}]\n',
  // Two more CRDs: another kind of the same group, and the first one's kind in another group (cluster-scoped).
  '/r/crd-v.yaml':
    'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: vs.example.com}\nspec:\n  group: example.com\n  names: {kind: V, plural: vs}\n  scope: Cluster\n  versions: [{name: v1, served: true, storage: true}]\n',
  '/r/crd-w2.yaml':
    'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: ws.other.com}\nspec:\n  group: other.com\n  names: {kind: W, plural: ws}\n  scope: Cluster\n  versions: [{name: v1, served: true, storage: true}]\n',
  '/r/empty.yaml': '# nothing\n',
  '/r/policy.yaml': 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: shop}\nspec: {podSelector: {}}\n',
  '/r/flux/app.yaml':
    'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: f}\nspec: {path: ./deployed, targetNamespace: flux}\n',
  '/r/deployed/role.yaml': 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: r}\n',
  '/r/other-secret.yaml': 'apiVersion: v1\nkind: Secret\nmetadata: {name: t, namespace: pay}\n',
  // Objects of namespacesOf's kinds, in a file order that is not the sorted one: a List whose items tie in the sort
  // with each other's nested items, a quota, a Cilium policy, a custom workload kind (with the config's podTemplates).
  '/r/pay/list.yaml':
    'apiVersion: v1\nkind: List\nitems:\n  - {apiVersion: v1, kind: Pod, metadata: {name: p1, namespace: pay}, spec: {containers: [{name: a, image: a}]}}\n  - {apiVersion: v1, kind: ConfigMap, metadata: {name: c, namespace: pay}}\n  - {apiVersion: v1, kind: ResourceQuota, metadata: {name: q, namespace: pay}}\n',
  '/r/pay/cilium.yaml': 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: c, namespace: pay}\nspec: {}\n',
  '/r/pay/runner.yaml': 'apiVersion: ci.example.com/v1\nkind: Runner\nmetadata: {name: r, namespace: ci}\nspec: {template: {spec: {containers: []}}}\n',
  '/r/a-first.yaml': 'apiVersion: apps/v1\nkind: Job\nmetadata: {name: j, namespace: pay}\nspec: {template: {spec: {containers: []}}}\n',
};

const entries = (filePath: string): FileEntries => entriesOf(parseText(FILES[filePath], filePath), WHOLE);

/** Every file but the linted one as PendingEntries that count their decodes. */
function pendingFiles(): { files: RepositoryFile[]; decoded: Set<string> } {
  const decoded = new Set<string>();
  const files = Object.keys(FILES).map((filePath): RepositoryFile => {
    const made = entries(filePath);
    if (filePath === '/r/linted.yaml') return made;
    const pending: PendingEntries = {
      filePath,
      kinds: kindsOf(made),
      decode: () => {
        expect(decoded.has(filePath)).toBe(false);
        decoded.add(filePath);
        return entries(filePath);
      },
    };
    return pending;
  });
  return { files, decoded };
}

/**
 * pendingFiles whose files of several kinds also decode the objects of some kinds alone (the index cache's decodeKinds),
 * noting which files were decoded in part.
 */
function partlyPendingFiles(): { files: RepositoryFile[]; decoded: Set<string>; partly: Set<string> } {
  const { files, decoded } = pendingFiles();
  const partly = new Set<string>();
  return {
    decoded,
    partly,
    files: files.map((f): RepositoryFile => {
      if ('objects' in f) return f;
      return {
        ...f,
        decodeKinds: (kinds) => {
          const made = entries(f.filePath);
          const lists = objectKinds(made);
          const places = lists?.flatMap((list, k) => (list.some((kind) => kinds.has(kind)) ? [k] : [])) ?? [];
          if (!lists || places.length === 0 || places.length === lists.length) return undefined;
          partly.add(f.filePath);
          return { entries: { filePath: f.filePath, objects: places.map((k) => made.objects[k]) }, places, count: lists.length };
        },
      };
    }),
  };
}

const isLinted = (f: string) => f === '/r/linted.yaml';
const whole = () => buildRepository(Object.keys(FILES).map(entries), isLinted);
/** What a Resource is, without its identity. */
const shown = (resources: readonly Resource[] | undefined) =>
  resources?.map((r) => [r.filePath, r.documentIndex, r.kind, r.name, r.namespace, r.namespaceSource, r.isPatch, r.linted, r.object]);
const byFileShown = (repository: Repository) => [...repository.byFile].map(([f, list]) => [f, shown(list)]);

describe('a repository built from part of its files', () => {
  it('decodes the linted file, the kustomizations and GitOps objects, and the kinds demanded, and no other', () => {
    const { files, decoded } = pendingFiles();
    const repository = buildRepository(files, isLinted, ['Namespace']);
    expect([...decoded].sort()).toEqual(['/r/app/kustomization.yaml', '/r/flux/app.yaml', '/r/ns.yaml']);
    // What it holds it answers without decoding more: those kinds, the linted file, a file it has.
    expect(shown(repository.index.ofKind('Namespace'))).toEqual(shown(whole().index.ofKind('Namespace')));
    expect(shown(repository.index.ofKind('Kustomization'))).toEqual(shown(whole().index.ofKind('Kustomization')));
    expect(repository.index.find('Namespace', undefined, 'shop')?.filePath).toBe('/r/ns.yaml');
    expect(shown(repository.lintedResources())).toEqual(shown(whole().lintedResources()));
    expect(shown(repository.resourcesOf('/r/linted.yaml'))).toEqual(shown(whole().resourcesOf('/r/linted.yaml')));
    expect(repository.resourcesOf('/r/nowhere.yaml')).toBeUndefined();
    expect(decoded.size).toBe(3);
  });

  it('takes in the files of a kind it does not hold when asked for it, with the namespace and patch facts of the whole', () => {
    const { files, decoded } = pendingFiles();
    const repository = buildRepository(files, isLinted, []);
    const reference = whole();
    // An undeclared read: every Secret, the kustomization's namespace set, the patch file left out of the index.
    expect(shown(repository.index.ofKind('Secret'))).toEqual(shown(reference.index.ofKind('Secret')));
    expect(repository.index.ofKind('Secret').map((r) => r.namespace)).toEqual(['shop', 'pay']);
    expect([...decoded].filter((f) => f.includes('secret') || f.includes('patch')).sort()).toEqual([
      '/r/app/patch.yaml',
      '/r/app/secret.yaml',
      '/r/other-secret.yaml',
    ]);
    expect(decoded.has('/r/app/deploy.yaml')).toBe(false);
    // The patch file's Secret, patches included, in order.
    expect(shown(repository.ofKinds(new Set(['Secret'])))).toEqual(shown(reference.ofKinds(new Set(['Secret']))));
    expect(repository.index.find('Role', 'flux', 'r')?.filePath).toBe('/r/deployed/role.yaml');
    expect(decoded.has('/r/app/deploy.yaml')).toBe(false);
    // A file asked for by path: that file only.
    expect(shown(repository.resourcesOf('/r/app/deploy.yaml'))).toEqual(shown(reference.resourcesOf('/r/app/deploy.yaml')));
    expect(decoded.has('/r/policy.yaml')).toBe(false);
    expect(repository.resourcesOf('/r/empty.yaml')).toBeUndefined();
  });

  it('takes in only the CRD files that define a kind asked about (crdsDefining, kindScope), and every CRD file for every CRD', () => {
    expect(kindsOf(entries('/r/crd.yaml'))).toEqual(['CustomResourceDefinition', crdKindKey('W')]);
    expect(hasKinds(entries('/r/crd.yaml'), ['CustomResourceDefinition'])).toBe(false);
    expect(hasKinds(entries('/r/crd.yaml'), ['CustomResourceDefinition', crdKindKey('W')])).toBe(true);
    const crdFiles = (decoded: Set<string>) => [...decoded].filter((f) => f.includes('crd')).sort();
    const reference = whole();
    // Demanded: the CRDs of W, in the order of the files given; V's file is not decoded.
    const { files, decoded } = pendingFiles();
    const repository = buildRepository(files, isLinted, [crdKindKey('W')]);
    expect(crdFiles(decoded)).toEqual(['/r/crd-w2.yaml', '/r/crd.yaml']);
    const w = new Set(['W']);
    expect(shown(crdsDefining(repository.index, w))).toEqual(shown(crdsDefining(reference.index, w)));
    expect(crdsDefining(repository.index, w).map((r) => r.filePath)).toEqual(['/r/crd.yaml', '/r/crd-w2.yaml']);
    expect(kindScope({ apiVersion: 'example.com/v1', kind: 'W' }, repository.index)).toBe('namespaced');
    expect(kindScope({ apiVersion: 'other.com/v1', kind: 'W' }, repository.index)).toBe('cluster');
    expect(crdFiles(decoded)).toEqual(['/r/crd-w2.yaml', '/r/crd.yaml']);
    // Not demanded: asked about, then taken in (and a kind no CRD defines takes in none).
    expect(kindScope({ apiVersion: 'example.com/v1', kind: 'V' }, repository.index)).toBe('cluster');
    expect(crdFiles(decoded)).toEqual(['/r/crd-v.yaml', '/r/crd-w2.yaml', '/r/crd.yaml']);
    const none = pendingFiles();
    const part = buildRepository(none.files, isLinted, []);
    expect(kindScope({ apiVersion: 'apps/v1', kind: 'Deployment' }, part.index)).toBe('namespaced');
    expect(crdsDefining(part.index, new Set(['Nothing']))).toEqual([]);
    expect(crdFiles(none.decoded)).toEqual([]);
    // Every CRD: every CRD file, answered as the whole; the trimmed schemas of a CRD held are the whole's.
    expect(shown(part.index.ofKind('CustomResourceDefinition'))).toEqual(shown(reference.index.ofKind('CustomResourceDefinition')));
    expect(crdFiles(none.decoded)).toEqual(['/r/crd-v.yaml', '/r/crd-w2.yaml', '/r/crd.yaml']);
    const trimmedOf = (r: Repository) => r.index.ofKind('CustomResourceDefinition').map((crd) => r.trimmedOf(crd as never));
    expect(trimmedOf(part)).toEqual(trimmedOf(reference));
  });

  it('takes in every file for what only the whole answers, in the order of the files given', () => {
    for (const ask of [
      (r: Repository) => r.index.all,
      (r: Repository) => r.index.inNamespace('shop'),
      (r: Repository) => r.resources,
      (r: Repository) => [...r.byFile.values()].flat(),
    ]) {
      const { files, decoded } = pendingFiles();
      const repository = buildRepository(files, isLinted, ['Namespace']);
      const namespaces = repository.index.ofKind('Namespace');
      expect(shown(ask(repository))).toEqual(shown(ask(whole())));
      expect(decoded.size).toBe(Object.keys(FILES).length - 1);
      expect(shown(repository.resources)).toEqual(shown(whole().resources));
      expect(byFileShown(repository)).toEqual(byFileShown(whole()));
      expect(shown(repository.index.all)).toEqual(shown(whole().index.all));
      // An answer given before stays the same, object for object.
      expect(repository.index.ofKind('Namespace')).toEqual(namespaces);
    }
  });

  it('decodes all entries together when it takes in most files, or has no demand, and answers as the whole', () => {
    const { files, decoded } = pendingFiles();
    let together = 0;
    const counted = files.map((f) => ('decode' in f ? { ...f, decodeAll: () => void together++ } : f));
    const repository = buildRepository(counted, isLinted, ['Namespace']);
    expect(together).toBe(0);
    expect(shown(repository.index.all)).toEqual(shown(whole().index.all));
    expect(decoded.size).toBe(Object.keys(FILES).length - 1);
    expect(together).toBe(1);
    // Without a demand, pending entries are all decoded, together, at once.
    const again = pendingFiles();
    together = 0;
    const plain = buildRepository(
      again.files.map((f) => ('decode' in f ? { ...f, decodeAll: () => void together++ } : f)),
      isLinted,
    );
    expect(together).toBe(1);
    expect(again.decoded.size).toBe(Object.keys(FILES).length - 1);
    expect(shown(plain.resources)).toEqual(shown(whole().resources));
  });

  it('makes a change of objects of some kinds before any of them is seen, and never before it holds one', () => {
    // What to ask, and whether it takes in every file.
    for (const [ask, every] of [
      [(r: Repository) => r.index.ofKind('Secret'), false],
      [(r: Repository) => r.index.find('Secret', 'pay', 't'), false],
      [(r: Repository) => r.index.all, true],
      [(r: Repository) => r.resourcesOf('/r/other-secret.yaml'), false],
      [(r: Repository) => r.ofKinds(new Set(['Role', 'Secret'])), false],
    ] as const) {
      const { files, decoded } = pendingFiles();
      const repository = buildRepository(files, isLinted, ['Namespace']);
      const changed: string[] = [];
      repository.before(new Set(['Secret']), () => {
        for (const r of repository.ofKinds(new Set(['Secret']))) changed.push(r.filePath);
      });
      expect(changed).toEqual([]);
      // Other kinds: no change.
      repository.index.ofKind('Role');
      expect(changed).toEqual([]);
      ask(repository);
      expect(changed).toEqual(['/r/app/secret.yaml', '/r/app/patch.yaml', '/r/other-secret.yaml']);
      expect(decoded.has('/r/app/deploy.yaml')).toBe(every);
    }
    // A kind of a linted object, or one it holds: at once. A kind no file has: once every object can be seen.
    const { files } = pendingFiles();
    const repository = buildRepository(files, isLinted, ['Namespace']);
    let ran = 0;
    repository.before(new Set(['ConfigMap']), () => ran++);
    repository.before(new Set(['Namespace']), () => ran++);
    expect(ran).toBe(2);
    repository.before(new Set(['Nothing']), () => ran++);
    repository.index.ofKind('Secret');
    expect(ran).toBe(2);
    void repository.index.all;
    expect(ran).toBe(3);
    // Objects of the kind already in the part (a file asked for) wait too: nothing sees them before the change.
    const again = buildRepository(pendingFiles().files, isLinted, ['Namespace']);
    again.resourcesOf('/r/app/patch.yaml');
    const changed: string[] = [];
    again.before(new Set(['Secret']), () => changed.push(...again.ofKinds(new Set(['Secret'])).map((r) => r.filePath)));
    expect(changed).toEqual([]);
    expect(again.index.find('Secret', 'pay', 't')?.filePath).toBe('/r/other-secret.yaml');
    expect(changed).toEqual(['/r/app/secret.yaml', '/r/app/patch.yaml', '/r/other-secret.yaml']);
  });

  it('knows a file by the kinds of its objects, each once in their order (what the index cache keeps of it)', () => {
    const secrets = entries('/r/app/secret.yaml');
    const kindless = entries('/r/app/kustomization.yaml');
    expect(kindsOf(secrets)).toEqual(['Secret', 'ConfigMap']);
    expect(kindsOf(kindless)).toEqual(['Kustomization']);
    expect(kindsOf(entries('/r/empty.yaml'))).toEqual([]);
    const twice = { ...secrets, objects: [...secrets.objects, ...secrets.objects] };
    expect(kindsOf(twice)).toEqual(['Secret', 'ConfigMap']);
    for (const file of [secrets, twice]) {
      expect(hasKinds(file, ['Secret', 'ConfigMap'])).toBe(true);
      expect(hasKinds(file, ['ConfigMap', 'Secret'])).toBe(false);
      expect(hasKinds(file, ['Secret'])).toBe(false);
      expect(hasKinds(file, ['Secret', 'ConfigMap', 'Pod'])).toBe(false);
      expect(hasKinds(file, ['Secret', 'Secret'])).toBe(false);
    }
    expect(hasKinds(kindless, ['Kustomization'])).toBe(true);
    expect(hasKinds(entries('/r/empty.yaml'), [])).toBe(true);
  });

  it('answers namespacesOf from the files of the kinds it reads only, as the whole does', () => {
    const facts = (r: Repository) =>
      [...namespacesOf(r.index)].map(([name, f]) => [name, f.namespaceObject?.filePath, shown(f.workloads), shown(f.quotas), shown(f.policies)]);
    const runner: PodTemplateKind[] = [{ kind: 'Runner', apiVersion: 'ci.example.com/v1', path: ['spec', 'template'] } as PodTemplateKind];
    for (const podTemplates of [undefined, runner]) {
      withPodTemplates(podTemplates, () => {
        const { files, decoded } = pendingFiles();
        const repository = buildRepository(files, isLinted, []);
        const answer = facts(repository);
        expect(answer).toEqual(facts(whole()));
        // Sorted as the whole sorts every object: the file given last (a-first.yaml) comes first in its namespace.
        const pay = answer.find(([name]) => name === 'pay')!;
        expect((pay[2] as unknown[][]).map((w) => w[0])).toEqual(['/r/a-first.yaml', '/r/pay/list.yaml']);
        expect(answer.some(([name]) => name === 'ci')).toBe(podTemplates !== undefined);
        // The files of other kinds stay encoded (the custom kind's too, unless the config makes it a workload).
        for (const f of ['/r/app/secret.yaml', '/r/other-secret.yaml', '/r/deployed/role.yaml', '/r/empty.yaml']) expect(decoded.has(f)).toBe(false);
        expect(decoded.has('/r/pay/runner.yaml')).toBe(podTemplates !== undefined);
        for (const f of ['/r/pay/list.yaml', '/r/pay/cilium.yaml', '/r/policy.yaml', '/r/app/deploy.yaml', '/r/ns.yaml']) expect(decoded.has(f)).toBe(true);
        // What it held then stays: the whole, taken in later, answers the same.
        expect(shown(repository.index.all)).toEqual(shown(whole().index.all));
        expect(facts(repository)).toEqual(answer);
      });
    }
    // An index made elsewhere (a plugin's or a test's own) is read whole.
    const index = whole().index;
    const own: ResourceIndex = {
      all: index.all,
      inNamespace: (ns) => index.inNamespace(ns),
      ofKind: (kind) => index.ofKind(kind),
      find: (kind, ns, name) => index.find(kind, ns, name),
    };
    expect([...namespacesOf(own).keys()]).toEqual([...namespacesOf(index).keys()]);
    expect(ofKindsInOrder(own, new Set(['Job', 'Pod'])).map((r) => r.name)).toEqual(['p1', 'j']);
  });

  it('builds files of several kinds in part, with the objects of the kinds demanded only, and whole when asked more', () => {
    expect(objectKinds(entries('/r/app/secret.yaml'))).toEqual([['Secret'], ['ConfigMap']]);
    expect(objectKinds(entries('/r/pay/list.yaml'))).toEqual([['Pod'], ['ConfigMap'], ['ResourceQuota']]);
    expect(objectKinds(entries('/r/ns.yaml'))).toBeUndefined();
    const reference = whole();
    for (const demand of [['ConfigMap'], ['ResourceQuota'], ['Pod', 'Secret'], ['Secret', 'ConfigMap']]) {
      const asks: Array<(r: Repository) => unknown> = [
        (r) => shown(r.index.ofKind('Pod')),
        (r) => shown(r.resourcesOf('/r/pay/list.yaml')),
        (r) => shown(r.ofKinds(new Set(['Secret', 'ResourceQuota']))),
        (r) => shown(r.index.inNamespace('pay')),
        (r) => shown(r.index.all),
        (r) => byFileShown(r),
      ];
      for (const ask of asks) {
        const { files, decoded, partly } = partlyPendingFiles();
        const repository = buildRepository(files, isLinted, demand);
        // The demand's files of several kinds are built in part (a file whose every object is demanded, whole).
        const several = ['/r/app/secret.yaml', '/r/pay/list.yaml'].filter((f) => {
          const lists = objectKinds(entries(f))!;
          const some = lists.filter((list) => list.some((k) => demand.includes(k))).length;
          return some > 0 && some < lists.length;
        });
        expect([...partly].sort(), demand.join()).toEqual(several.sort());
        for (const f of several) expect(decoded.has(f), f).toBe(false);
        // What it answers of the kinds demanded is the whole's, and those objects stay the same objects.
        const first = demand.map((kind) => repository.index.ofKind(kind));
        expect(first.map(shown)).toEqual(demand.map((kind) => shown(reference.index.ofKind(kind))));
        expect(ask(repository)).toEqual(ask(reference));
        expect(demand.map((kind) => repository.index.ofKind(kind))).toEqual(first);
        for (const list of first) for (const r of list) expect(repository.index.all).toContain(r);
        expect(shown(repository.resources)).toEqual(shown(reference.resources));
        expect(byFileShown(repository)).toEqual(byFileShown(reference));
      }
    }
  });

  it('puts trimmed CRDs in its list only once they are all taken in', () => {
    const { files, decoded } = pendingFiles();
    const repository = buildRepository(files, isLinted, []);
    expect(decoded.has('/r/crd.yaml')).toBe(false);
    expect([...repository.trimmed.keys()].map((r) => r.filePath)).toEqual(['/r/crd.yaml']);
    expect(decoded.has('/r/crd.yaml')).toBe(true);
  });
});

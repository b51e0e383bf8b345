/**
 * The index cache (src/engine/index-cache.ts, #17): a run that names some files keeps what the index pass made of the
 * rest of the repository (and the repository's walk) in the user's cache folder, and the next run reads only the files
 * that changed. Every edit of a matrix (a NetworkPolicy, a ServiceAccount, a kustomization, a CRD, files added,
 * removed, renamed, turned binary or too large, ignore files) gives the same JSON as a run without the cache; the
 * cache is proved to be used (entries planted in it show), never trusted when it is not the user's own regular file
 * or is cut short, nor for a racy stamp, and never written into the tree.
 *
 * Runs happen at a clock set a minute ahead (vi.setSystemTime), so the files this test writes have stamps older than
 * the racy window and the cache trusts them as it would a user's files; the racy rule has tests of its own.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { lintFiles, lintText } from '../src/engine/index.js';
import { decoded, deferral, encode, IndexCache, indexCacheFile } from '../src/engine/index-cache.js';
import type { LintOptions } from '../src/engine/engine.js';
import { columnsOfRows, rowsOf } from './index-rows.js';
import { ownUserCache, tempTree } from './core/helpers.js';

const repo = path.resolve(__dirname, '..');
const xdg = ownUserCache('kubeward-index-xdg-');

const namespace = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`;
const networkPolicy = (name: string, ns: string) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n`;
const serviceAccount = (automount: 'false' | 'true ') =>
  `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: web\n  namespace: shop\nautomountServiceAccountToken: ${automount}\n`;
const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      serviceAccountName: web
      securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
      containers:
        - name: app
          image: registry.example.com/web@sha256:${'a'.repeat(64)}
          resources:
            limits: {cpu: 100m, memory: 64Mi}
            requests: {cpu: 100m, memory: 64Mi}
          securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}
`;
const crd = (sizeType: 'integer' | 'string') => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  names: {kind: Widget, plural: widgets, singular: widget}
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                size: {type: ${sizeType}}
`;
const widget = `apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n  namespace: shop\nspec:\n  size: big\n`;

/** A repository with objects that decide the findings of the linted files (LINTED). */
function repository(): string {
  return tempTree({
    '.git/HEAD': 'ref: refs/heads/main\n',
    '.gitignore': 'ignored/\n',
    '.kubewardignore': '# nothing yet\n',
    'ns.yaml': namespace('shop'),
    'policies/deny.yaml': networkPolicy('deny', 'shop'),
    'sa.yaml': serviceAccount('false'),
    'app/kustomization.yaml': 'namespace: shop\nresources: [deploy.yaml, widget.yaml]\n',
    'app/deploy.yaml': deployment,
    'app/widget.yaml': widget,
    'crds/widget.yaml': crd('integer'),
    'ignored/allow.yaml': networkPolicy('allow', 'other'),
  });
}

/** The files a pre-commit hook names: a NetworkPolicy's presence decides the Namespace's findings, and so on. */
const LINTED = ['ns.yaml', 'app/deploy.yaml', 'app/widget.yaml'];
/** A small size limit, so a file can grow over it cheaply. */
const BASE: LintOptions = { render: false, maxFileSize: 4096 };

async function json(dir: string, options: LintOptions = {}): Promise<string> {
  return JSON.stringify(await lintFiles(LINTED, { cwd: dir, ...BASE, ...options }), null, 1);
}

/** Every path below a folder (files and folders), sorted. */
function listTree(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true }).map(String).sort();
}

/**
 * A repository's index cache file, decoded: the header, the walk, the index rows (path, stamp, hash, length of the
 * entries, objects, length of the bytes kept), every file's entries, and the objects line as it is.
 */
interface CacheState {
  header: { started: number; length: number; [key: string]: unknown };
  walks: Array<{ key: string; started: number; files: string[]; [key: string]: unknown }>;
  rows: unknown[][];
  entries: Array<{ objects: unknown[] }>;
  objects: string;
}

function readCache(dir: string): CacheState {
  // The last line runs to the end of the file (the bytes kept there may hold newlines).
  const lines = fs.readFileSync(indexCacheFile(dir)!, 'utf8').split('\n');
  const [header, walk, index, entries] = lines;
  const objects = lines.slice(4).join('\n');
  return {
    header: JSON.parse(header),
    walks: JSON.parse(walk.slice(1)),
    rows: rowsOf(JSON.parse(index.slice(1)) as Record<string, unknown[]>, JSON.parse(walk.slice(1))),
    // A file's entries are its objects (its row names the file).
    entries: (JSON.parse(`[${entries.slice(1)}]`) as unknown[][]).map((objects) => ({ objects })),
    objects: objects.slice(1),
  };
}

/** Write the state back as kubeward writes it: the header gets the length of the lines after it, and of the walks line. */
function writeCache(dir: string, state: CacheState): void {
  state.rows.forEach((row, i) => (row[7] = Buffer.byteLength(JSON.stringify(state.entries[i].objects))));
  const walkLine = `W${JSON.stringify(state.walks)}`;
  state.header.walkLength = Buffer.byteLength(walkLine);
  const body = Buffer.from(
    [
      walkLine,
      `I${JSON.stringify(
        columnsOfRows(
          state.rows,
          state.walks.find((w) => Array.isArray(w.files)),
        ),
      )}`,
      `E${state.entries.map((e) => JSON.stringify(e.objects)).join(',')}`,
      `O${state.objects}`,
    ].join('\n'),
  );
  state.header.length = body.length;
  fs.writeFileSync(indexCacheFile(dir)!, Buffer.concat([Buffer.from(`${JSON.stringify(state.header)}\n`), body]));
}

/** The rule ids of a file's messages in a run's JSON. */
function ruleIds(json: string, file: string): string[] {
  const results = JSON.parse(json) as Array<{ filePath: string; messages: Array<{ ruleId: string }> }>;
  return results.find((r) => r.filePath.endsWith(`/${file}`))!.messages.map((m) => m.ruleId);
}

/** The place of a file among the cache's rows and entries. */
function rowOf(state: CacheState, file: string): number {
  const at = state.rows.findIndex((r) => r[0] === file);
  expect(at).toBeGreaterThanOrEqual(0);
  return at;
}

/** Plant a ResourceQuota of namespace `shop` in the cached entries of sa.yaml (the repository has none). */
/** The lines after the header with the index line's columns changed by `change`. */
/** The `pathsOf` column of an index line (its paths as places among the files of a walk). */
function pathsOf(columns: Record<string, unknown>): { walk: string; places: unknown[] } {
  expect(columns.pathsOf).toBeDefined();
  return columns.pathsOf as { walk: string; places: unknown[] };
}

function withColumns(body: string, change: (columns: Record<string, unknown[]>) => unknown): string {
  const lines = body.split('\n');
  lines[1] = `I${JSON.stringify(change(JSON.parse(lines[1].slice(1)) as Record<string, unknown[]>))}`;
  return lines.join('\n');
}

function plantPolicy(dir: string): void {
  const state = readCache(dir);
  const at = rowOf(state, path.join(dir, 'sa.yaml'));
  state.entries[at].objects.push({
    documentIndex: 1,
    basePath: [],
    object: { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'planted', namespace: 'shop' } },
  });
  // The row names the kinds of the file's objects: entries of other kinds are not used.
  state.rows[at][10] = [...(state.rows[at][10] as string[]), 'ResourceQuota'];
  writeCache(dir, state);
}

const write = (dir: string, file: string, text: string | Buffer) => {
  fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  fs.writeFileSync(path.join(dir, file), text);
};

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.now() + 60_000);
});
afterEach(() => {
  vi.useRealTimers();
});

describe('index cache: the results of a warm run are those of a run without it', () => {
  it('after each edit of a matrix, anywhere in the repository', async () => {
    const dir = repository();
    const before = listTree(dir);
    const first = await json(dir);
    expect(first).toBe(await json(dir, { indexCache: false }));
    expect(fs.existsSync(indexCacheFile(dir)!)).toBe(true);
    const edits: Array<[string, () => void]> = [
      ['nothing', () => {}],
      ['the NetworkPolicy removed', () => fs.rmSync(path.join(dir, 'policies/deny.yaml'))],
      ['a NetworkPolicy added', () => write(dir, 'policies/again.yaml', networkPolicy('deny', 'shop'))],
      ['it renamed', () => fs.renameSync(path.join(dir, 'policies/again.yaml'), path.join(dir, 'policies/renamed.yaml'))],
      ['the ServiceAccount edited', () => write(dir, 'sa.yaml', serviceAccount('true '))],
      ['the kustomization namespace changed', () => write(dir, 'app/kustomization.yaml', 'namespace: other\nresources: [deploy.yaml, widget.yaml]\n')],
      ['the namespace back', () => write(dir, 'app/kustomization.yaml', 'namespace: shop\nresources: [deploy.yaml, widget.yaml]\n')],
      ['the CRD schema edited', () => write(dir, 'crds/widget.yaml', crd('string'))],
      ['the CRD schema back', () => write(dir, 'crds/widget.yaml', crd('integer'))],
      ['the CRD file made binary', () => write(dir, 'crds/widget.yaml', Buffer.from([0x61, 0x00, 0x62, 0x0a]))],
      ['the CRD file back', () => write(dir, 'crds/widget.yaml', crd('integer'))],
      ['the ServiceAccount grown over the size limit', () => write(dir, 'sa.yaml', serviceAccount('true ') + `# ${'x'.repeat(5000)}\n`)],
      ['the ServiceAccount back', () => write(dir, 'sa.yaml', serviceAccount('false'))],
      ['the NetworkPolicies git-ignored', () => write(dir, '.gitignore', 'ignored/\npolicies/\n')],
      ['a NetworkPolicy in a new folder', () => write(dir, 'more/deep/deny.yaml', networkPolicy('deny', 'shop'))],
      ['it ignored by .kubewardignore', () => write(dir, '.kubewardignore', 'more/\n')],
      ['the ignored folder un-ignored', () => write(dir, '.gitignore', 'policies/\n')],
      ['the ServiceAccount removed', () => fs.rmSync(path.join(dir, 'sa.yaml'))],
    ];
    const changed: string[] = [];
    let previous = first;
    for (const [what, edit] of edits) {
      edit();
      const warm = await json(dir);
      const cold = await json(dir, { indexCache: false });
      expect(warm, what).toBe(cold);
      if (warm !== previous) changed.push(what);
      previous = warm;
    }
    // The matrix can fail: these edits change the linted files' findings, so a stale index would show.
    expect(changed).toEqual(
      expect.arrayContaining([
        'the NetworkPolicy removed',
        'a NetworkPolicy added',
        'the ServiceAccount edited',
        'the kustomization namespace changed',
        'the CRD schema edited',
        'the CRD schema back',
        'the CRD file made binary',
        'the ServiceAccount grown over the size limit',
        'the NetworkPolicies git-ignored',
        'a NetworkPolicy in a new folder',
        'it ignored by .kubewardignore',
      ]),
    );
    // Nothing of the cache is in the tree.
    expect(listTree(dir).filter((f) => !before.includes(f) && !/^(policies|more)/.test(f))).toEqual([]);
    expect(listTree(dir).some((f) => /index|cache/i.test(f))).toBe(false);
  });

  it("after edits of a policy's params, which the index keeps without their data (read again whole when a binding names them)", async () => {
    const policy = `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: replica-limit
spec:
  failurePolicy: Fail
  paramKind: {apiVersion: v1, kind: ConfigMap}
  matchConstraints:
    resourceRules:
      - {apiGroups: [apps], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [deployments]}
  validations:
    - expression: "!has(object.spec.replicas) || object.spec.replicas <= int(params.data.maxReplicas)"
      messageExpression: "'replicas must be at most ' + params.data.maxReplicas"
`;
    const binding = (paramRef: string) =>
      `apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicyBinding\nmetadata:\n  name: replica-limit\nspec:\n  policyName: replica-limit\n  validationActions: [Deny]\n  paramRef: ${paramRef}\n`;
    const params = (name: string, max: number, labels = '') =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: config\n${labels}data:\n  maxReplicas: "${max}"\n`;
    const dir = tempTree({
      '.git/HEAD': 'ref: refs/heads/main\n',
      'policy.yaml': `${policy}---\n${binding('{name: limits, namespace: config}')}`,
      'config/limits.yaml': params('limits', 0),
      'config/other.yaml': params('other', 0),
      'app/deploy.yaml': deployment.replace('spec:\n  selector', 'spec:\n  replicas: 2\n  selector'),
    });
    const run = async (indexCache?: false) =>
      JSON.stringify(await lintFiles(['app/deploy.yaml'], { cwd: dir, ...BASE, ...(indexCache === false ? { indexCache } : {}) }), null, 1);
    const vap = (json: string) =>
      (JSON.parse(json) as Array<{ messages: Array<{ ruleId: string; message: string }> }>)[0].messages.filter((m) => m.ruleId.startsWith('vap'));
    const first = await run();
    expect(first).toBe(await run(false));
    expect(vap(first).map((m) => m.message)).toEqual(['replicas must be at most 0']);
    const notFound = ['no params found for policy binding with `Deny` parameterNotFoundAction'];
    const edits: Array<[string, () => void, string[]]> = [
      ['the params data edited', () => write(dir, 'config/limits.yaml', params('limits', 1)), ['replicas must be at most 1']],
      ['another ConfigMap edited', () => write(dir, 'config/other.yaml', params('other', 5)), ['replicas must be at most 1']],
      ['the binding pointed at it', () => write(dir, 'policy.yaml', `${policy}---\n${binding('{name: other, namespace: config}')}`), []],
      ['its data edited again', () => write(dir, 'config/other.yaml', params('other', 1)), ['replicas must be at most 1']],
      ['a selector', () => write(dir, 'policy.yaml', `${policy}---\n${binding('{selector: {matchLabels: {role: limits}}, namespace: config}')}`), notFound],
      ['a label that it selects', () => write(dir, 'config/limits.yaml', params('limits', 1, '  labels: {role: limits}\n')), ['replicas must be at most 1']],
      [
        'the params moved to another file',
        () => fs.renameSync(path.join(dir, 'config/limits.yaml'), path.join(dir, 'moved.yaml')),
        ['replicas must be at most 1'],
      ],
      ['their data edited there', () => write(dir, 'moved.yaml', params('limits', 3, '  labels: {role: limits}\n')), []],
      ['the params removed', () => fs.rmSync(path.join(dir, 'moved.yaml')), notFound],
    ];
    for (const [what, edit, messages] of edits) {
      edit();
      const warm = await run();
      expect(warm, what).toBe(await run(false));
      expect(
        vap(warm).map((m) => m.message),
        what,
      ).toEqual(messages);
    }
  });

  it('sees a same-size edit whose modification time was put back', async () => {
    const dir = repository();
    const before = await json(dir);
    const file = path.join(dir, 'sa.yaml');
    const { atime, mtime, size } = fs.statSync(file);
    write(dir, 'sa.yaml', serviceAccount('true '));
    fs.utimesSync(file, atime, mtime);
    expect(fs.statSync(file).size).toBe(size);
    const after = await json(dir);
    expect(after).toBe(await json(dir, { indexCache: false }));
    expect(after).not.toBe(before);
  });
});

describe('index cache: files whose aliases repeat what they anchor', () => {
  const BIG = 1024 * 1024;
  it('keeps no record of a file whose entries written out would be huge, and gives the results of a run without it', async () => {
    const dir = repository();
    // A ServiceAccount whose labels (which the index keeps) repeat a 64 KiB string through aliases: 6.5 MB written out.
    const labels = Array.from({ length: 99 }, (_, i) => `    l${i + 1}: *s\n`).join('');
    write(
      dir,
      'big.yaml',
      `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: big\n  namespace: shop\n  labels:\n    l0: &s ${'y'.repeat(65536)}\n${labels}`,
    );
    const cold = await json(dir, { indexCache: false, maxFileSize: BIG });
    expect(await json(dir, { maxFileSize: BIG })).toBe(cold);
    expect(await json(dir, { maxFileSize: BIG })).toBe(cold);
    const state = readCache(dir);
    expect(state.rows.some((r) => r[0] === path.join(dir, 'big.yaml'))).toBe(false);
    expect(state.rows.some((r) => r[0] === path.join(dir, 'ns.yaml'))).toBe(true);
    expect(fs.statSync(indexCacheFile(dir)!).size).toBeLessThan(500_000);
  });

  it('keeps a map an alias repeats once, as the reading shares it (not once per alias)', async () => {
    const dir = repository();
    // 9^4 = 6,561 leaves reached through aliases in each of 40 documents: ~1.6 MB when each is written out.
    let doc = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: fan\nx0: &a0 [x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 5; i++) doc += `x${i}: &a${i}\n${`- *a${i - 1}\n`.repeat(9)}`;
    write(dir, 'fan.yaml', Array.from({ length: 40 }, () => doc).join('---\n'));
    const cold = await json(dir, { indexCache: false, maxFileSize: BIG });
    expect(await json(dir, { maxFileSize: BIG })).toBe(cold);
    expect(await json(dir, { maxFileSize: BIG })).toBe(cold);
    const state = readCache(dir);
    expect(state.rows.some((r) => r[0] === path.join(dir, 'fan.yaml'))).toBe(true);
    expect(fs.statSync(indexCacheFile(dir)!).size).toBeLessThan(200_000);
  });
});

describe('index cache: values that share objects', () => {
  const roundTrip = (value: unknown) => {
    const text = encode(value)!.toString('utf8');
    return { text, value: decoded(JSON.parse(text)) };
  };

  it('writes a value whose objects are reached twice as JSON with links, and reads the same objects back', () => {
    const labels = { app: 'shop', __proto__: null } as unknown as Record<string, string>;
    const own = JSON.parse('{"__proto__": {"x": 1}}') as Record<string, unknown>;
    const value = [
      { metadata: { labels }, spec: { selector: labels, template: { metadata: { labels } } } },
      { own, again: own },
    ];
    // A null prototype is not a plain object: V8's serialization, as before.
    expect(roundTrip(value).text.startsWith('"v')).toBe(true);
    const plain = { app: 'shop' };
    const shared = [
      { metadata: { labels: plain }, spec: { selector: plain, list: [plain, [plain]] } },
      { own, again: own },
    ];
    const { text, value: back } = roundTrip(shared);
    expect(text.startsWith('"r')).toBe(true);
    expect(back).toEqual(shared);
    const [first, second] = back as [{ metadata: { labels: object }; spec: { selector: object; list: unknown[] } }, { own: object; again: object }];
    expect(first.spec.selector).toBe(first.metadata.labels);
    expect(first.spec.list[0]).toBe(first.metadata.labels);
    expect((first.spec.list[1] as unknown[])[0]).toBe(first.metadata.labels);
    expect(second.again).toBe(second.own);
    expect(Object.keys(second.own)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(second.own)).toBe(Object.prototype);
  });

  it('reads a cycle back as a cycle, and keeps plain JSON and V8 values as they were', () => {
    const node: Record<string, unknown> = { name: 'loop' };
    node.self = node;
    node.list = [node];
    const { text, value } = roundTrip([node]);
    expect(text.startsWith('"r')).toBe(true);
    const [back] = value as Array<Record<string, unknown>>;
    expect(back.self).toBe(back);
    expect((back.list as unknown[])[0]).toBe(back);
    expect(roundTrip([{ a: 1 }]).text).toBe('[{"a":1}]');
    const odd = roundTrip([{ inf: Infinity, zero: -0, shared: node }]);
    expect(odd.text.startsWith('"v')).toBe(true);
    expect(Object.is((odd.value as Array<Record<string, unknown>>)[0].zero, -0)).toBe(true);
  });

  it('writes links that would be longer than the limit as V8 does (an alias repeated under a long key: one place each)', () => {
    // A 290 KB file's shape: one empty map, repeated 90,000 times in a list under a 20,000-character key. Its links
    // were written whole, 1.8 G characters, and the string too long for V8 failed every run that used the cache.
    const anchor = {};
    const value = [{ metadata: { labels: { a: anchor, ['k'.repeat(20_000)]: Array.from({ length: 90_000 }, () => anchor) } } }];
    const { text, value: back } = roundTrip(value);
    expect(text.startsWith('"v')).toBe(true);
    expect(text.length).toBeLessThan(4 * 1024 * 1024);
    const labels = (back as Array<{ metadata: { labels: Record<string, unknown> } }>)[0].metadata.labels;
    expect((labels['k'.repeat(20_000)] as unknown[])[89_999]).toBe(labels.a);
  });

  it('refuses links that do not lead from a 0 to an object written before', () => {
    const read = (links: unknown) => () => decoded(`r${JSON.stringify([[{ a: { b: 1 }, c: 0, d: 'x' }], links])}`);
    expect(
      read([
        [
          ['0', 'c'],
          ['0', 'a'],
        ],
      ])(),
    ).toEqual([{ a: { b: 1 }, c: { b: 1 }, d: 'x' }]);
    for (const links of [
      {},
      [
        [
          ['0', 'd'],
          ['0', 'a'],
        ],
      ],
      [
        [
          ['0', 'c'],
          ['0', 'd'],
        ],
      ],
      [
        [
          ['0', 'c'],
          ['0', 'nothing'],
        ],
      ],
      [[[], ['0', 'a']]],
      [
        [
          ['0', 'c'],
          [0, 'a'],
        ],
      ],
      [[['0', 'c']]],
    ])
      expect(read(links), JSON.stringify(links)).toThrow();
  });
});

describe('index cache: what it trusts', () => {
  it('is used: entries planted in it show in the results', async () => {
    const dir = repository();
    await json(dir);
    const clean = await json(dir);
    plantPolicy(dir);
    const planted = await json(dir);
    expect(planted).not.toBe(clean);
    // The planted ResourceQuota quiets namespace-resource-quota on the Namespace.
    expect(ruleIds(clean, 'ns.yaml')).toContain('namespace-resource-quota');
    expect(ruleIds(planted, 'ns.yaml')).not.toContain('namespace-resource-quota');
    expect(await json(dir, { indexCache: false })).toBe(clean);
  });

  it("uses no record whose entries are not a list of objects (a file's entries are its objects: its row names it)", async () => {
    const dir = repository();
    await json(dir);
    const clean = await json(dir);
    const state = readCache(dir);
    const at = rowOf(state, path.join(dir, 'sa.yaml'));
    const quota = { documentIndex: 1, basePath: [], object: { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'planted', namespace: 'shop' } } };
    // The form of kubeward-index/3 (an object naming the file), with a planted ResourceQuota that would show if used.
    (state.entries[at] as { objects: unknown }).objects = { filePath: path.join(dir, 'sa.yaml'), objects: [...state.entries[at].objects, quota] };
    writeCache(dir, state);
    // Read and parsed again, in this run and the next.
    expect(await json(dir)).toBe(clean);
    expect(await json(dir)).toBe(clean);
  });

  it('uses no record whose entries parse but are not what the index pass makes (no failed run, then or later)', async () => {
    const dir = repository();
    const clean = await json(dir);
    const before = readCache(dir);
    const crdAt = rowOf(before, path.join(dir, 'crds/widget.yaml'));
    expect((before.entries[crdAt].objects[0] as { trimmed?: unknown }).trimmed).toBeDefined();
    const damages: Array<(entry: Record<string, unknown>) => void> = [
      (e) => ((e.trimmed as Record<string, unknown>).versions = 123456),
      (e) => ((e.trimmed as Record<string, unknown>).versions = [1]),
      (e) => ((e.trimmed as Record<string, unknown>).legacy = 'no'),
      (e) => (e.trimmed = null),
      (e) => (e.documentIndex = '0'),
      (e) => (e.basePath = [{}]),
      (e) => (e.basePath = 'x'),
      (e) => (e.object = null),
      (e) => (e.object = []),
    ];
    for (const damage of damages) {
      const state = readCache(dir);
      damage(state.entries[crdAt].objects[0] as Record<string, unknown>);
      writeCache(dir, state);
      expect(await json(dir)).toBe(clean);
      expect(await json(dir)).toBe(clean);
    }
  });

  it('ignores a cache file reached through a link, and never writes through it', async () => {
    const dir = repository();
    await json(dir);
    const clean = await json(dir);
    plantPolicy(dir);
    const file = indexCacheFile(dir)!;
    const elsewhere = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kubeward-index-link-')), 'planted.index');
    fs.renameSync(file, elsewhere);
    fs.symlinkSync(elsewhere, file);
    const target = fs.readFileSync(elsewhere);
    expect(await json(dir)).toBe(clean);
    expect(await json(dir)).toBe(clean);
    // The link is left as it is (a write would not follow it either), and so is what it points at.
    expect(fs.lstatSync(file).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(elsewhere)).toEqual(target);
  });

  it.skipIf(process.platform === 'win32')('ignores a FIFO in the place of the cache file without waiting for a writer', async () => {
    const dir = repository();
    const clean = await json(dir);
    fs.rmSync(indexCacheFile(dir)!);
    expect(spawnSync('mkfifo', [indexCacheFile(dir)!]).status).toBe(0);
    expect(await json(dir)).toBe(clean);
    expect(fs.lstatSync(indexCacheFile(dir)!).isFIFO()).toBe(true);
  });

  it.skipIf(process.getuid?.() !== 0)('ignores a cache file owned by another user (needs root to give it away)', async () => {
    const dir = repository();
    await json(dir);
    const clean = await json(dir);
    plantPolicy(dir);
    expect(await json(dir)).not.toBe(clean);
    plantPolicy(dir);
    fs.chownSync(indexCacheFile(dir)!, 65534, 65534);
    expect(await json(dir)).toBe(clean);
    expect(await json(dir)).toBe(clean);
  });

  it('ignores a truncated, grown or corrupt cache file, and one made under other settings', async () => {
    const dir = repository();
    const clean = await json(dir);
    const file = indexCacheFile(dir)!;
    plantPolicy(dir);
    const planted = fs.readFileSync(file);
    const text = planted.toString('utf8');
    const header = JSON.parse(text.slice(0, text.indexOf('\n'))) as object;
    const body = text.slice(text.indexOf('\n') + 1);
    const withBody = (lines: string) => `${JSON.stringify({ ...header, length: Buffer.byteLength(lines) })}\n${lines}`;
    const damaged = [
      // Cut short by a byte, or a byte longer: the header's length says so.
      planted.subarray(0, planted.length - 1),
      Buffer.concat([planted, Buffer.from(' ')]),
      planted.subarray(0, 200),
      // The header's length right, but the entries do not tile with the index (a space after the last one).
      withBody(body.replace('\nO', ' \nO')),
      withBody('W\nI[\nE{\nO'),
      // Columns that are not what kubeward writes: an array, not an object; a column a file short, or missing; a stamp
      // short; a length, a kinds place or a path that is not one; objects or bytes at no file's place, or out of order.
      withBody(withColumns(body, (c) => Object.values(c))),
      withBody(withColumns(body, (c) => ({ ...c, hashes: c.hashes.slice(1) }))),
      withBody(withColumns(body, (c) => ({ ...c, kindOf: undefined }))),
      withBody(withColumns(body, (c) => ({ ...c, stamps: (c.stamps as unknown as string).slice(4) }))),
      withBody(withColumns(body, (c) => ({ ...c, stamps: [1, 2, 3, 4, 5] }))),
      withBody(withColumns(body, (c) => ({ ...c, lengths: c.lengths.map((n, i) => (i === 0 ? String(n) : n)) }))),
      withBody(withColumns(body, (c) => ({ ...c, kindOf: c.kindOf.map((n, i) => (i === 0 ? c.kinds.length : n)) }))),
      // Paths given by places among a walk's files (as kubeward writes them here): a place out of range or not a number,
      // another walk, no places, or paths given too.
      withBody(withColumns(body, (c) => ({ ...c, pathsOf: { ...pathsOf(c), places: pathsOf(c).places.map((p, i) => (i === 0 ? 1e9 : p)) } }))),
      withBody(withColumns(body, (c) => ({ ...c, pathsOf: { ...pathsOf(c), places: pathsOf(c).places.map((p, i) => (i === 0 ? String(p) : p)) } }))),
      withBody(withColumns(body, (c) => ({ ...c, pathsOf: { ...pathsOf(c), walk: 'another' } }))),
      withBody(withColumns(body, (c) => ({ ...c, pathsOf: { walk: pathsOf(c).walk } }))),
      withBody(withColumns(body, (c) => ({ ...c, paths: [] }))),
      withBody(withColumns(body, (c) => ({ ...c, bytes: [[c.lengths.length, 0]] }))),
      withBody(
        withColumns(body, (c) => ({
          ...c,
          bytes: [
            [1, 0],
            [0, 0],
          ],
        })),
      ),
      withBody(withColumns(body, (c) => ({ ...c, objects: [[0, []]] }))),
    ];
    for (const bytes of damaged) {
      fs.writeFileSync(file, bytes);
      expect(await json(dir)).toBe(clean);
    }
    // The planted file itself is used: the damaged ones were ignored for their damage.
    fs.writeFileSync(file, planted);
    expect(await json(dir)).not.toBe(clean);
    // Another Kubernetes version: other settings, so the planted entries are not used.
    expect(await json(dir, { kubernetesVersion: '1.30' })).toBe(await json(dir, { kubernetesVersion: '1.30', indexCache: false }));
  });

  it('costs only speed when the cache folder cannot be written', async () => {
    const dir = repository();
    const cold = await json(dir, { indexCache: false });
    const indexDir = path.dirname(indexCacheFile(dir)!);
    fs.rmSync(indexDir, { recursive: true, force: true });
    fs.writeFileSync(indexDir, 'not a folder');
    try {
      expect(await json(dir)).toBe(cold);
      expect(await json(dir)).toBe(cold);
    } finally {
      fs.rmSync(indexDir, { force: true });
    }
  });

  it('reads a file again when its recorded stamp is racy (within two seconds of the run that took it)', async () => {
    const dir = repository();
    await json(dir);
    plantPolicy(dir);
    const planted = await json(dir);
    const state = readCache(dir);
    const at = rowOf(state, path.join(dir, 'sa.yaml'));
    const [, , mtimeMs, ctimeMs] = state.rows[at] as number[];
    // The stamps were taken by a run that began one second after sa.yaml last changed: not trusted. The record's hash
    // is made another's, so the planted entries show only if the racy stamp is trusted.
    state.header.started = Math.max(mtimeMs, ctimeMs) + 1000;
    state.rows[at][6] = 'another-hash';
    writeCache(dir, state);
    const racy = await json(dir);
    expect(racy).not.toBe(planted);
    expect(racy).toBe(await json(dir, { indexCache: false }));
  });

  it('rewrites a file whose records partly changed with every record exact (copied runs of entries and new ones)', async () => {
    const dir = repository();
    for (const f of ['a', 'b', 'c', 'd', 'e']) write(dir, `more/${f}.yaml`, networkPolicy(f, 'shop'));
    await json(dir);
    /** Each file's row (stamp left out) and decoded entries, by path. */
    const records = () => {
      const state = readCache(dir);
      return new Map(state.rows.map((row, i) => [row[0] as string, { hash: row[6], objects: row[8], entries: state.entries[i] }]));
    };
    // A change in the middle (and another further on): the records around them are copied from the old file in runs,
    // the changed ones encoded again; an object planted in an unchanged file's entries shows they are copied as they were.
    const state = readCache(dir);
    const b = rowOf(state, path.join(dir, 'more/b.yaml'));
    state.entries[b].objects.push({ documentIndex: 1, basePath: [], object: { kind: 'Planted' } });
    state.rows[b][10] = [...(state.rows[b][10] as string[]), 'Planted'];
    writeCache(dir, state);
    write(dir, 'more/c.yaml', networkPolicy('c', 'other'));
    write(dir, 'sa.yaml', serviceAccount('true '));
    const warm = await json(dir);
    expect(warm).toBe(await json(dir));
    const rewritten = records();
    expect(rewritten.get(path.join(dir, 'more/b.yaml'))!.entries.objects).toHaveLength(2);
    expect(rewritten.get(path.join(dir, 'sa.yaml'))!.entries.objects).toHaveLength(1);
    expect(JSON.stringify(rewritten.get(path.join(dir, 'more/c.yaml'))!.entries)).toContain('"other"');
    // The same records as a cache made from nothing over the same files, but for the planted object.
    fs.rmSync(indexCacheFile(dir)!);
    expect(await json(dir)).toBe(warm);
    const fresh = records();
    fresh.get(path.join(dir, 'more/b.yaml'))!.entries.objects.push({ documentIndex: 1, basePath: [], object: { kind: 'Planted' } });
    expect([...rewritten.keys()].sort()).toEqual([...fresh.keys()].sort());
    for (const [file, record] of fresh) expect(rewritten.get(file), file).toEqual(record);
  });

  it('reuses entries of a file whose stamp changed but whose bytes did not (a touched file is read, not parsed)', async () => {
    const dir = repository();
    await json(dir);
    plantPolicy(dir);
    const planted = await json(dir);
    const file = path.join(dir, 'sa.yaml');
    fs.writeFileSync(file, fs.readFileSync(file));
    expect(await json(dir)).toBe(planted);
  });
});

describe('index cache: a run that changed few records leaves the file as it is', () => {
  /** The repository, with ten more files read for the index only. */
  const bigger = () => {
    const dir = repository();
    for (const f of 'abcdefghij') write(dir, `more/${f}.yaml`, networkPolicy(f, 'other'));
    return dir;
  };

  it('a file edited twice: the file is not written, its stale record never used, and the results are exact', async () => {
    const dir = bigger();
    const first = await json(dir);
    const file = indexCacheFile(dir)!;
    const written = fs.readFileSync(file);
    // Another length: told apart from the recorded bytes without hashing them (a hash would make the run write).
    write(dir, 'sa.yaml', `${serviceAccount('true ')}# edited\n`);
    const edited = await json(dir);
    expect(edited).toBe(await json(dir, { indexCache: false }));
    expect(edited).not.toBe(first);
    expect(fs.readFileSync(file).equals(written)).toBe(true);
    // The record of sa.yaml on disk is stale: an object planted in it is not used, the file is read and parsed.
    plantPolicy(dir);
    write(dir, 'sa.yaml', `${serviceAccount('false')}# edited again\n`);
    const again = await json(dir);
    expect(again).toBe(await json(dir, { indexCache: false }));
    expect(ruleIds(again, 'ns.yaml')).toEqual(ruleIds(first, 'ns.yaml'));
  });

  it('writes the file when more records changed than it defers, and when the file is a day old', async () => {
    const dir = bigger();
    await json(dir);
    const file = indexCacheFile(dir)!;
    let written = fs.readFileSync(file);
    const edit = (f: string) => fs.appendFileSync(path.join(dir, f), '# edited\n');
    const files = [...'abcdefghij'].map((f) => `more/${f}.yaml`).slice(0, deferral.records);
    files.forEach(edit);
    await json(dir);
    expect(fs.readFileSync(file).equals(written)).toBe(true);
    edit('sa.yaml');
    await json(dir);
    expect(fs.readFileSync(file).equals(written)).toBe(false);
    // Written with every record holding: an object planted in one shows (its stamp is the one recorded, and settled).
    plantPolicy(dir);
    expect(ruleIds(await json(dir), 'ns.yaml')).not.toContain('namespace-resource-quota');
    written = fs.readFileSync(file);
    edit('more/j.yaml');
    vi.setSystemTime(Date.now() + deferral.age + 1000);
    await json(dir);
    expect(fs.readFileSync(file).equals(written)).toBe(false);
  });

  it('writes the file when the last run started later than this one (a clock that went back)', async () => {
    const dir = bigger();
    await json(dir);
    const file = indexCacheFile(dir)!;
    const written = fs.readFileSync(file);
    // An edit of another length alone would be deferred (the test above); an hour back, the file is written.
    vi.setSystemTime(Date.now() - 3600 * 1000);
    fs.appendFileSync(path.join(dir, 'more/a.yaml'), '# edited\n');
    expect(await json(dir)).toBe(await json(dir, { indexCache: false }));
    expect(fs.readFileSync(file).equals(written)).toBe(false);
  });

  it('writes the file when a file was added (the walk changed)', async () => {
    const dir = bigger();
    await json(dir);
    const file = indexCacheFile(dir)!;
    const written = fs.readFileSync(file);
    write(dir, 'more/k.yaml', networkPolicy('k', 'other'));
    await json(dir);
    expect(readCache(dir).rows.map((r) => r[0])).toContain(path.join(dir, 'more/k.yaml'));
    expect(fs.readFileSync(file).equals(written)).toBe(false);
  });
});

describe('index cache: files read while their stamps were racy', () => {
  /** Offset and length of a row's kept bytes in the objects line (after its objects). */
  const keptBytes = (state: CacheState, at: number): [number, number] => {
    const lengths = (row: unknown[]) => (row[8] as Array<[string, number]>).reduce((n, [, length]) => n + length, 0) + (row[9] as number);
    const offset = state.rows.slice(0, at).reduce((n, row) => n + lengths(row), 0) + lengths(state.rows[at]) - (state.rows[at][9] as number);
    return [offset, state.rows[at][9] as number];
  };

  it('keeps their bytes (no hash), and the next run compares what it reads with them', async () => {
    const dir = repository();
    // The run begins within two seconds of the files' last change (the clock is put back to now).
    vi.setSystemTime(Date.now() - 60_000);
    await json(dir);
    const state = readCache(dir);
    const at = rowOf(state, path.join(dir, 'sa.yaml'));
    expect(state.rows[at][6]).toBeNull();
    const [offset, length] = keptBytes(state, at);
    expect(state.objects.slice(offset, offset + length)).toBe(serviceAccount('false'));
    // A minute later: the stamp recorded was racy, so sa.yaml is read and compared with its bytes; they are the same,
    // so its (planted) entries are used.
    vi.setSystemTime(Date.now() + 60_000);
    plantPolicy(dir);
    const planted = await json(dir);
    expect(ruleIds(planted, 'ns.yaml')).not.toContain('namespace-resource-quota');
    // Written again with the stamp now settled, and without the bytes.
    const settled = readCache(dir);
    expect(settled.rows[rowOf(settled, path.join(dir, 'sa.yaml'))][9]).toBe(0);
    expect(await json(dir)).toBe(planted);
  });

  it('reads and parses a file again when its bytes are not the ones kept', async () => {
    const dir = repository();
    vi.setSystemTime(Date.now() - 60_000);
    const clean = await json(dir);
    vi.setSystemTime(Date.now() + 60_000);
    plantPolicy(dir);
    const state = readCache(dir);
    const at = rowOf(state, path.join(dir, 'sa.yaml'));
    const [offset, length] = keptBytes(state, at);
    // Other bytes of the same length kept: the file's are not those, so the planted entries are not used.
    state.objects =
      state.objects.slice(0, offset) + state.objects.slice(offset, offset + length).replace('false', 'fals3') + state.objects.slice(offset + length);
    writeCache(dir, state);
    expect(await json(dir)).toBe(clean);
  });

  it('keeps no bytes of a file over the size kept, and hashes it instead', async () => {
    const dir = repository();
    write(dir, 'big.yaml', `${namespace('big')}# ${'x'.repeat(70 * 1024)}\n`);
    vi.setSystemTime(Date.now() - 60_000);
    await json(dir, { maxFileSize: 1024 * 1024 });
    const state = readCache(dir);
    const row = state.rows[rowOf(state, path.join(dir, 'big.yaml'))];
    expect([typeof row[6], row[9]]).toEqual(['string', 0]);
  });
});

/**
 * Replace the CRD of crds/widget.yaml kept whole in the cache (its text in the objects line, which holds the objects of
 * the rows in order, each of the length its row says) by what `change` makes of it.
 */
function replaceKeptCrd(dir: string, change: (text: string) => string): void {
  const state = readCache(dir);
  const at = rowOf(state, path.join(dir, 'crds/widget.yaml'));
  const objects = state.rows[at][8] as Array<[string, number]>;
  expect(objects).toHaveLength(1);
  const lengths = (row: unknown[]) => (row[8] as Array<[string, number]>).reduce((n, [, length]) => n + length, 0);
  const offset = state.rows.slice(0, at).reduce((n, row) => n + lengths(row), 0);
  const text = change(state.objects.slice(offset, offset + objects[0][1]));
  state.objects = state.objects.slice(0, offset) + text + state.objects.slice(offset + objects[0][1]);
  objects[0][1] = Buffer.byteLength(text);
  writeCache(dir, state);
}

describe('index cache: objects read again, other entry points', () => {
  it('keeps the CRD a linted object needs, and serves it from the cache (a planted schema shows)', async () => {
    const dir = repository();
    const clean = await json(dir);
    expect(ruleIds(clean, 'app/widget.yaml')).toContain('schema');
    await json(dir);
    // The CRD's schema, as kept: size becomes a string, so `size: big` is valid.
    replaceKeptCrd(dir, (text) => {
      const planted = text.replace('"type":"integer"', '"type":"string"');
      expect(planted).not.toBe(text);
      return planted;
    });
    expect(ruleIds(await json(dir), 'app/widget.yaml')).not.toContain('schema');
    expect(await json(dir, { indexCache: false })).toBe(clean);
  });

  it('reads the file again when a kept object is not an object', async () => {
    const dir = repository();
    const clean = await json(dir);
    await json(dir);
    for (const value of ['null', '5', '[]', '"x"']) {
      replaceKeptCrd(dir, () => value);
      expect(await json(dir)).toBe(clean);
      expect(await json(dir)).toBe(clean);
    }
  });

  it('gives lintText with a root, and --fix-dry-run runs, the results of a run without it', async () => {
    const dir = repository();
    const text = (options: LintOptions) =>
      lintText(fs.readFileSync(path.join(dir, 'ns.yaml'), 'utf8'), { cwd: dir, filePath: 'ns.yaml', root: dir, ...BASE, ...options });
    const off = JSON.stringify(await text({ indexCache: false }));
    expect(JSON.stringify(await text({}))).toBe(off);
    fs.rmSync(path.join(dir, 'policies/deny.yaml'));
    const offAfter = JSON.stringify(await text({ indexCache: false }));
    expect(offAfter).not.toBe(off);
    expect(JSON.stringify(await text({}))).toBe(offAfter);
    expect(await json(dir, { fix: true })).toBe(await json(dir, { fix: true, indexCache: false }));
  });
});

describe('index cache: the walk of the repository', () => {
  it('is kept, and walked again when a folder or an ignore file changes', async () => {
    const dir = repository();
    const clean = await json(dir);
    const state = readCache(dir);
    expect(state.walks[0].files).toContain(path.join(dir, 'policies/deny.yaml'));
    // Drop the NetworkPolicy from the kept walk: while nothing changes, the run believes it.
    state.walks[0].files = state.walks[0].files.filter((f) => f !== path.join(dir, 'policies/deny.yaml'));
    writeCache(dir, state);
    const kept = await json(dir);
    expect(kept).not.toBe(clean);
    // A file added to the folder changes its stamp: walked again.
    write(dir, 'policies/other.yaml', namespace('other'));
    expect(await json(dir)).toBe(await json(dir, { indexCache: false }));
  });

  it('is not kept for a racy folder', async () => {
    const dir = repository();
    const clean = await json(dir);
    const state = readCache(dir);
    state.walks[0].files = state.walks[0].files.filter((f) => f !== path.join(dir, 'policies/deny.yaml'));
    // The folders changed within two seconds of the walk: its listing may be older than what they hold.
    state.walks[0].started = fs.statSync(path.join(dir, 'policies')).mtimeMs + 1000;
    writeCache(dir, state);
    expect(await json(dir)).toBe(clean);
  });
});

describe('index cache: reading the file', () => {
  it('drops a walk of its walks line that is not one (no file list, a key twice) and still writes the file', async () => {
    const dir = repository();
    const clean = await json(dir);
    const state = readCache(dir);
    const [kept] = state.walks;
    for (const files of [5, null, {}, 'x']) {
      // Before the walk that lists the files, where the next write looks for the index line's paths; the header's start
      // a few days back, so the next run writes (it does not defer).
      writeCache(dir, {
        ...state,
        header: { ...state.header, started: state.header.started - 3 * 24 * 3600 * 1000 },
        walks: [{ ...kept, key: 'other', files: files as unknown as string[] }, kept, { ...kept }],
      });
      expect(await json(dir)).toBe(clean);
      const written = readCache(dir);
      expect(written.walks.map((w) => w.key)).toEqual([kept.key]);
      expect(await json(dir)).toBe(clean);
    }
  });

  it('names its paths by their places in the walk it keeps, and never by places in a walk that changed since', async () => {
    const dir = repository();
    const clean = await json(dir);
    const file = indexCacheFile(dir)!;
    const placesOf = () => JSON.parse(fs.readFileSync(file, 'utf8').split('\n')[2].slice(1)).pathsOf as { walk: string; places: number[] } | undefined;
    const written = placesOf();
    expect(written?.places.length).toBe(readCache(dir).rows.length);
    // Each row's path is the file its stamp was taken of.
    const stampsHold = () => {
      for (const row of readCache(dir).rows) expect([row[0], row[4]]).toEqual([row[0], fs.statSync(row[0] as string).ino]);
    };
    stampsHold();
    // A run that only walks (a --cache run of the repository's folder: the same walk) finds a file added before the
    // others: it keeps the new walk, in which every place moved; the records it leaves are written with it.
    fs.writeFileSync(path.join(dir, 'a-first.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n');
    const cacheLocation = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kubeward-index-places-')), 'run.cache');
    await lintFiles(['.'], { cwd: dir, ...BASE, cache: true, cacheLocation });
    expect(placesOf()?.places).not.toEqual(written?.places);
    stampsHold();
    expect(await json(dir)).toBe(await json(dir, { indexCache: false }));
    fs.rmSync(path.join(dir, 'a-first.yaml'));
    expect(await json(dir)).toBe(clean);
    stampsHold();
  });

  it('reads the header and the walks line first, the other lines only when the records are used', async () => {
    const dir = repository();
    const clean = await json(dir);
    const state = readCache(dir);
    // Drop the NetworkPolicy from the kept walk (proof the walk is used), and break the index line.
    state.walks[0].files = state.walks[0].files.filter((f) => f !== path.join(dir, 'policies/deny.yaml'));
    writeCache(dir, state);
    const file = indexCacheFile(dir)!;
    const bytes = fs.readFileSync(file);
    const at = bytes.indexOf('\nI{') + 1;
    expect(at).toBeGreaterThan(0);
    bytes[at] = 0x58; // X
    fs.writeFileSync(file, bytes);
    // A run that only walks (the --cache run of the folder) uses the kept walk: the broken line is never read.
    const cacheLocation = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kubeward-index-head-')), 'run.cache');
    const walked = JSON.stringify(await lintFiles(['.'], { cwd: dir, ...BASE, cache: true, cacheLocation }), null, 1);
    expect(walked).not.toContain(path.join(dir, 'policies/deny.yaml'));
    expect(fs.readFileSync(file)).toEqual(bytes);
    // A run that uses the records finds the line broken: it reads every file the kept walk lists, and rewrites the file
    // whole, which the next run reads.
    const named = await json(dir);
    expect(named).not.toBe(clean);
    const rewritten = readCache(dir);
    expect(rewritten.rows.map((r) => r[0])).toEqual(expect.arrayContaining([path.join(dir, 'ns.yaml'), path.join(dir, 'sa.yaml')]));
    expect(await json(dir)).toBe(named);
  });

  it('takes no records from a file put in its place after its header was read', async () => {
    const dir = repository();
    await json(dir);
    const file = indexCacheFile(dir)!;
    const { header } = readCache(dir);
    const open = () => new IndexCache(file, () => header.settings as string, dir, BASE.maxFileSize!);
    const nsFile = path.join(dir, 'ns.yaml');
    const before = open();
    expect(before.lookup(nsFile)?.filePath).toBe(nsFile);
    const replaced = open();
    // The same bytes, another file (a concurrent run renamed its own over it): its stamp is not the one read.
    const copy = `${file}.copy`;
    fs.copyFileSync(file, copy);
    fs.renameSync(copy, file);
    expect(replaced.lookup(nsFile)).toBeUndefined();
    expect(open().lookup(nsFile)?.filePath).toBe(nsFile);
  });
});

describe('index cache: the walk of a --cache run', () => {
  it('keeps the walk of the folders linted, and walks again when one changes', async () => {
    const dir = repository();
    const cacheLocation = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kubeward-index-run-')), 'run.cache');
    const run = async (options: LintOptions = {}) => JSON.stringify(await lintFiles(['.'], { cwd: dir, ...BASE, ...options }), null, 1);
    const clean = await run({ cache: true, cacheLocation });
    expect(clean).toBe(await run());
    const state = readCache(dir);
    expect(state.walks).toHaveLength(1);
    expect(state.rows).toHaveLength(0);
    // Drop a file from the kept walk: while nothing changes, the run believes it (and misses the results cache).
    state.walks[0].files = state.walks[0].files.filter((f) => f !== path.join(dir, 'sa.yaml'));
    writeCache(dir, state);
    const kept = await run({ cache: true, cacheLocation });
    expect(kept).not.toBe(clean);
    expect(kept).not.toContain(path.join(dir, 'sa.yaml'));
    write(dir, 'more/ns.yaml', namespace('more'));
    expect(await run({ cache: true, cacheLocation })).toBe(await run());
    // A run that names files keeps its records; the --cache run at the root (the same walk as the repository's) keeps
    // them too.
    await json(dir);
    await run({ cache: true, cacheLocation });
    const both = readCache(dir);
    expect(both.walks).toHaveLength(1);
    expect(both.rows.length).toBeGreaterThan(5);
    // A folder changed: the --cache run walks again and rewrites the file with the records as they were (an object
    // planted in them stays), copied as read.
    plantPolicy(dir);
    const planted = readCache(dir);
    write(dir, 'more/again.yaml', namespace('again'));
    await run({ cache: true, cacheLocation });
    const rewritten = readCache(dir);
    expect(rewritten.walks[0].files).toContain(path.join(dir, 'more/again.yaml'));
    expect(rewritten.rows).toEqual(planted.rows);
    expect(rewritten.entries).toEqual(planted.entries);
    expect(rewritten.header.started).toBe(planted.header.started);
    expect(await run({ cache: true, cacheLocation, indexCache: false })).toBe(await run());
  });
});

describe('index cache: the command line', () => {
  const bin = path.join(repo, 'dist/cli/kubeward.cjs');
  const cli = (dir: string, args: string[], cache: string) =>
    spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: cache, NO_COLOR: '1' } });

  it('gives the same JSON with and without --no-index-cache, and keeps the cache in the user cache folder only', () => {
    vi.useRealTimers();
    const dir = repository();
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'kubeward-index-cli-'));
    const before = listTree(dir);
    const args = ['--no-warn-ignored', '--no-render', '-f', 'json', ...LINTED];
    const off = cli(dir, [...args, '--no-index-cache'], cache);
    expect(fs.existsSync(path.join(cache, 'kubeward/index'))).toBe(false);
    const first = cli(dir, args, cache);
    write(dir, 'policies/deny.yaml', namespace('gone'));
    const offAfter = cli(dir, [...args, '--no-index-cache'], cache);
    const second = cli(dir, args, cache);
    expect([first.status, first.stdout, first.stderr]).toEqual([off.status, off.stdout, off.stderr]);
    expect([second.status, second.stdout, second.stderr]).toEqual([offAfter.status, offAfter.stdout, offAfter.stderr]);
    expect(second.stdout).not.toBe(first.stdout);
    expect(fs.readdirSync(path.join(cache, 'kubeward/index')).filter((f) => f.endsWith('.index'))).toHaveLength(1);
    expect(listTree(dir)).toEqual(before);
  });

  it('gives the same JSON when worker threads read the files (no hash: a changed file is parsed again)', () => {
    vi.useRealTimers();
    const dir = repository();
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'kubeward-index-cli-'));
    const args = ['--no-warn-ignored', '--no-render', '--concurrency', '2', '-f', 'json', ...LINTED];
    const first = cli(dir, args, cache);
    expect(first.stdout).toBe(cli(dir, [...args, '--no-index-cache'], cache).stdout);
    write(dir, 'sa.yaml', serviceAccount('true '));
    const second = cli(dir, args, cache);
    expect(second.stdout).toBe(cli(dir, [...args, '--no-index-cache'], cache).stdout);
    expect(second.stdout).not.toBe(first.stdout);
  });

  it('loads no node:crypto nor node:v8 in the run of the next commit: a file changed, another racy from the run before', () => {
    vi.useRealTimers();
    const dir = repository();
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'kubeward-index-cli-'));
    // Reports at exit whether node:crypto was loaded.
    const probe = path.join(cache, 'probe.cjs');
    fs.writeFileSync(
      probe,
      "process.on('exit', () => process.stderr.write(`crypto loaded: ${process.moduleLoadList.includes('NativeModule crypto')}, v8 loaded: ${process.moduleLoadList.includes('NativeModule v8')}\\n`));\n",
    );
    const run = (file: string, extra: string[] = []) =>
      spawnSync(process.execPath, ['--require', probe, bin, '--no-warn-ignored', '--no-render', '-f', 'json', file, ...extra], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, XDG_CACHE_HOME: cache, NO_COLOR: '1' },
      });
    // A file whose aliases share a map between objects' heads: its entries are not plain JSON.
    write(
      dir,
      'shared.yaml',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: shared\n  namespace: shop\n  labels: &l {app: shop}\nspec:\n  template:\n    metadata:\n      labels: *l\n',
    );
    // As a pre-commit hook runs: one staged file just edited (its stamp racy), the repository read besides it; and
    // shared.yaml, named so that its entries are made (a file only indexed may be left unskimmed: lazy-index.test.ts).
    fs.appendFileSync(path.join(dir, 'sa.yaml'), '# edited\n');
    expect(JSON.parse(run('sa.yaml', ['shared.yaml']).stdout)).toHaveLength(2);
    // shared.yaml's entries were written with links (without node:v8 to read them back).
    const [indexFile] = fs.readdirSync(path.join(cache, 'kubeward/index'));
    expect(fs.readFileSync(path.join(cache, 'kubeward/index', indexFile), 'utf8')).toContain('\\"labels\\":0');
    // The next commit: another file edited and staged; sa.yaml's racy record is checked against its bytes.
    fs.appendFileSync(path.join(dir, 'ns.yaml'), '# edited\n');
    const second = run('ns.yaml');
    expect(second.stderr).toContain('crypto loaded: false, v8 loaded: false');
    expect(second.stdout).toBe(run('ns.yaml', ['--no-index-cache']).stdout);
    expect(JSON.parse(second.stdout)).toHaveLength(1);
  });

  it("gives the same JSON with Node's fs binding or without it (--pending-deprecation), and no warning", () => {
    vi.useRealTimers();
    const dir = repository();
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'kubeward-index-cli-'));
    const args = ['--no-warn-ignored', '--no-render', '-f', 'json', ...LINTED];
    // Another spelling of the flag, warnings thrown, and worker threads (whose asynchronous run leaves time to print).
    const pending = (extra: string[] = []) =>
      spawnSync(process.execPath, ['--pending_deprecation', '--throw-deprecation', bin, ...args, '--concurrency', '2', ...extra], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, XDG_CACHE_HOME: cache, NO_COLOR: '1' },
      });
    // Files older than the racy window, so that the warm runs check their stamps (instead of reading every file).
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2100);
    const first = cli(dir, args, cache);
    write(dir, 'sa.yaml', serviceAccount('true '));
    // Warm runs: the binding's stamps and fs.statSync's must find the same files changed.
    const warm = cli(dir, args, cache);
    expect(warm.stdout).toBe(cli(dir, [...args, '--no-index-cache'], cache).stdout);
    write(dir, 'policies/deny.yaml', namespace('gone'));
    const warmPending = pending();
    expect(warmPending.stderr).toBe('');
    expect(warmPending.stdout).toBe(pending(['--no-index-cache']).stdout);
    expect(warm.stdout).not.toBe(first.stdout);
    expect(warmPending.stdout).not.toBe(warm.stdout);
    expect(cli(dir, args, cache).stdout).toBe(warmPending.stdout);
  });

  it('lists --no-index-cache in --help', () => {
    vi.useRealTimers();
    expect(cli(repo, ['--help'], xdg).stdout).toContain('--no-index-cache');
  });
});

/**
 * A warm run of the index cache decodes the entries of the files its questions need only (src/engine/lint.ts demandOf,
 * PartRepository in src/resources/resources.ts): every file of examples/ and of a repository of namespaces,
 * NetworkPolicies, quotas, RBAC, CRDs, a ValidatingAdmissionPolicy with params, kustomizations and GitOps objects,
 * named alone with the cache warm, gives the JSON of a run without the cache; so do plugins that read kinds they do not
 * declare. The demand is proved to leave files encoded (a ConfigMap named alone), and to take in every file when a
 * question needs them all (a Deployment: the namespace checks read every workload).
 *
 * Runs happen at a clock set a minute ahead (vi.setSystemTime), as in test/index-cache.test.ts, so the files written
 * here have settled stamps and the cache's records are used.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Check } from '../src/check-api.js';
import { lintFiles } from '../src/engine/index.js';
import { IndexCache, indexCacheFile } from '../src/engine/index-cache.js';
import type { LintOptions } from '../src/engine/engine.js';
import type { PendingEntries } from '../src/resources/index.js';
import { columnsOfRows, rowsOf } from './index-rows.js';
import { manifestsBelow, ownUserCache, settledClock, tempTree } from './core/helpers.js';

const repo = path.resolve(__dirname, '..');
ownUserCache('kubeward-demand-xdg-');
settledClock();
afterEach(() => {
  vi.restoreAllMocks();
});

const BASE: LintOptions = { render: false };

async function json(dir: string, file: string, options: LintOptions = {}): Promise<string> {
  return JSON.stringify(await lintFiles([file], { cwd: dir, ...BASE, ...options }), null, 1);
}

const manifests = (dir: string) => manifestsBelow(dir);

/** Count the entries the index cache leaves encoded in a run, how many of them the run decodes, and reads instead. */
function countDecodes(): { pending: number; decoded: number; read: number; files: Set<string>; partly: Set<string> } {
  const counts = { pending: 0, decoded: 0, read: 0, files: new Set<string>(), partly: new Set<string>() };
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with the cache as `this`
  const lookupPending = IndexCache.prototype.lookupPending;
  vi.spyOn(IndexCache.prototype, 'lookupPending').mockImplementation(function (this: IndexCache, filePath, read) {
    // `read`: entries that did not decode, read from the file instead.
    const pending = lookupPending.call(this, filePath, (f) => (counts.read++, read(f)));
    if (!pending) return pending;
    counts.pending++;
    const counted: PendingEntries = {
      filePath: pending.filePath,
      kinds: pending.kinds,
      decode: () => {
        counts.decoded++;
        counts.files.add(filePath);
        return pending.decode();
      },
      decodeAll: () => pending.decodeAll?.(),
      decodeKinds: (kinds) => {
        const part = pending.decodeKinds?.(kinds);
        if (part) counts.partly.add(filePath);
        return part;
      },
    };
    return counted;
  });
  return counts;
}

/** Every file named alone, the cache warm (written by a run that named another file), against a run without it. */
async function expectEveryFileAlone(dir: string, options: LintOptions = {}): Promise<void> {
  const files = manifests(dir);
  expect(files.length).toBeGreaterThan(5);
  await json(dir, files.at(-1)!, options);
  expect(fs.existsSync(indexCacheFile(dir)!)).toBe(true);
  for (const file of files) {
    const counts = countDecodes();
    const warm = await json(dir, file, options);
    vi.restoreAllMocks();
    // The cache was used: the other files' entries came from it.
    expect(counts.pending, file).toBeGreaterThan(0);
    expect(warm, file).toBe(await json(dir, file, { ...options, indexCache: false }));
  }
}

const deployment = (name: string, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}${extra}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
        - name: app
          image: registry.example.com/${name}:1.0
`;

/** A repository whose files decide each other's findings, of every kind the engine and the checks read. */
function repository(): string {
  return tempTree({
    '.git/HEAD': 'ref: refs/heads/main\n',
    'namespaces.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: pay}\n',
    'policies/deny.yaml':
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n',
    'quota.yaml': 'apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: q, namespace: pay}\nspec: {hard: {pods: "10"}}\n',
    'rbac/roles.yaml': [
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: reader, namespace: shop}\nrules: [{apiGroups: [""], resources: [secrets], verbs: [get]}]',
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: reader, namespace: shop}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}\nsubjects: [{kind: ServiceAccount, name: web, namespace: shop}]',
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: wide}\nrules: [{apiGroups: ["*"], resources: ["*"], verbs: ["*"]}, {apiGroups: [example.com], resources: [widgets], verbs: [get]}]',
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: wide}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: wide}\nsubjects: [{kind: ServiceAccount, name: web, namespace: shop}]',
    ].join('\n---\n'),
    'rbac/admin.yaml':
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: admin}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}\nsubjects: [{kind: Group, name: ops}]\n',
    'sa.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: web, namespace: shop}\nautomountServiceAccountToken: false\n',
    'app/kustomization.yaml': 'namespace: shop\nresources: [deploy.yaml, config.yaml]\npatchesStrategicMerge: [patch.yaml]\n',
    'app/deploy.yaml': deployment('web'),
    'app/config.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web}\ndata: {a: b}\n',
    'app/patch.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      hostNetwork: true\n',
    'pay/deploy.yaml': deployment('pay', '\n  namespace: pay'),
    'pay/secret.yaml': 'apiVersion: v1\nkind: Secret\nmetadata: {name: token, namespace: pay}\nstringData: {t: x}\n',
    'crds/widget.yaml': `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  names: {kind: Widget, plural: widgets}
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema: {openAPIV3Schema: {type: object, properties: {spec: {type: object, properties: {size: {type: integer}}}}}}
`,
    'crds/gadget.yaml':
      'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: gadgets.example.com}\nspec:\n  group: example.com\n  names: {kind: Gadget, plural: gadgets}\n  scope: Cluster\n  versions: [{name: v1, served: true, storage: true}]\n',
    'widgets/w.yaml': 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {size: big}\n',
    'widgets/g.yaml': 'apiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: g}\n',
    'policy/vap.yaml': `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: {name: no-forbidden}
spec:
  paramKind: {apiVersion: v1, kind: ConfigMap}
  matchConstraints:
    resourceRules:
      - {apiGroups: [apps], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [deployments]}
      - {apiGroups: [""], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [services]}
  validations:
    - expression: "object.metadata.name != params.data.forbidden"
      message: forbidden name
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: {name: no-forbidden}
spec:
  policyName: no-forbidden
  validationActions: [Deny]
  paramRef: {name: vap-params, namespace: shop, parameterNotFoundAction: Deny}
`,
    'policy/params.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: vap-params, namespace: shop}\ndata: {forbidden: pay}\n',
    // Validated by the policy with its params (read again from their file only once the policy is evaluated).
    'svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: pay, namespace: pay}\nspec: {ports: [{port: 80}]}\n',
    'flux/app.yaml':
      'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: fluxed}\nspec: {path: ./fluxed, targetNamespace: flux}\n',
    'fluxed/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, image: a}]}\n',
    'fluxed/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: fluxed}\n',
    'list.yaml':
      'apiVersion: v1\nkind: List\nitems:\n  - {apiVersion: v1, kind: ConfigMap, metadata: {name: listed, namespace: pay}}\n  - {apiVersion: v1, kind: Service, metadata: {name: s}}\n',
    'empty.yaml': '# no object\n',
    'kindless.yaml': 'apiVersion: v1\nmetadata: {name: nothing}\n',
  });
}

/** A plugin's check of repository scope that reads a kind it does not declare (ServiceAccounts): its reads are not trusted. */
const countsAccounts: Check = {
  meta: {
    id: 'demo/accounts',
    description: 'Counts the ServiceAccounts of the repository.',
    severity: 'warning',
    scope: 'repository',
    kinds: ['ConfigMap'],
    // A kind kept whole already (the index cache's settings, and so its records, are those of a run without the plugin).
    reads: ['Namespace'],
    messages: { n: '{{n}} accounts' },
    remediation: 'r',
    guideline: 'g',
  },
  *check(_resource, context) {
    yield { messageId: 'n', data: { n: context.index.ofKind('ServiceAccount').length }, path: [] };
  },
};

/** A check that says it reads no other object, and asks the index anyway (a kind, a name, a namespace). */
const peeks: Check = {
  meta: {
    id: 'demo/peeks',
    description: 'Reads the index though its scope is the object.',
    severity: 'warning',
    scope: 'object',
    messages: { n: '{{secrets}} secrets, role {{role}}, {{shop}} in shop' },
    remediation: 'r',
    guideline: 'g',
  },
  *check(_resource, context) {
    const secrets = context.index.ofKind('Secret').length;
    const role = context.index.find('Role', 'shop', 'reader')?.filePath ?? 'none';
    yield { messageId: 'n', data: { secrets, role: path.basename(role), shop: context.index.inNamespace('shop').length }, path: [] };
  },
};

describe('a warm run that names one file gives the JSON of a run without the index cache', () => {
  it('for every file of examples/', async () => {
    const dir = tempTree({ '.git/HEAD': 'ref: refs/heads/main\n' });
    fs.cpSync(path.join(repo, 'examples'), path.join(dir, 'examples'), { recursive: true });
    await expectEveryFileAlone(dir);
  });

  it('for every file of a repository of namespaces, policies, quotas, RBAC, CRDs, a policy with params and kustomizations', async () => {
    await expectEveryFileAlone(repository());
  });

  it("with the config's podTemplates (a custom kind is a workload of its namespace)", async () => {
    const dir = repository();
    fs.writeFileSync(
      path.join(dir, 'runner.yaml'),
      'apiVersion: ci.example.com/v1\nkind: Runner\nmetadata: {name: r, namespace: ci}\nspec: {template: {spec: {containers: [{name: a, image: a}]}}}\n',
    );
    const options = { config: { podTemplates: [{ kind: 'Runner', apiVersion: 'ci.example.com/v1', path: 'spec.template' }] } };
    await expectEveryFileAlone(dir, options);
    // Its namespace's findings are reported on it (the first workload of namespace ci), from a Deployment's run too.
    expect(await json(dir, 'pay/deploy.yaml', options)).toBe(await json(dir, 'pay/deploy.yaml', { ...options, indexCache: false }));
    expect(await json(dir, 'runner.yaml', options)).toContain('namespace-network-policy');
  });

  it('with a plugin of repository scope that reads a kind it does not declare', async () => {
    const dir = repository();
    const options = { config: { plugins: ['demo'] }, pluginChecks: [countsAccounts] };
    await expectEveryFileAlone(dir, options);
    expect(await json(dir, 'app/config.yaml', options)).toContain('1 accounts');
  });

  it('with a check that reads the index though its scope is the object', async () => {
    const dir = repository();
    const options = { config: { plugins: ['demo'] }, pluginChecks: [peeks] };
    await expectEveryFileAlone(dir, options);
    expect(await json(dir, 'quota.yaml', options)).toContain('1 secrets, role roles.yaml, ');
  });

  it('for a file a policy validates with params that only its evaluation reads', async () => {
    const dir = repository();
    await json(dir, 'quota.yaml');
    const counts = countDecodes();
    const warm = await json(dir, 'svc.yaml');
    expect(warm).toBe(await json(dir, 'svc.yaml', { indexCache: false }));
    // The params were put back (params.data.forbidden is the Service's name), once the whole repository was taken in.
    expect(warm).toContain('forbidden name');
    expect(counts.decoded).toBe(counts.pending);
  });
});

describe('the demand of a warm run', () => {
  it('decodes the CRDs of the kinds linted only, where no admission policy asks for every CRD', async () => {
    const dir = repository();
    // The policy's matcher reads every CRD (the resources its rules name): without it, a run asks by kind.
    fs.rmSync(path.join(dir, 'policy'), { recursive: true });
    await json(dir, 'quota.yaml');
    // A custom resource: the CRD that defines its kind (its schema and scope), not the other CRD; a kind no CRD
    // defines (a Service) decodes neither.
    for (const [file, crds] of [
      ['widgets/g.yaml', ['crds/gadget.yaml']],
      ['widgets/w.yaml', ['crds/widget.yaml']],
      ['svc.yaml', []],
    ] as const) {
      const counts = countDecodes();
      const warm = await json(dir, file);
      vi.restoreAllMocks();
      expect([...counts.files].filter((f) => f.includes('/crds/')).sort(), file).toEqual(crds.map((f) => path.join(dir, f)));
      expect(warm, file).toBe(await json(dir, file, { indexCache: false }));
    }
  });

  it('leaves the files no question needs encoded, and decodes every file when a question needs them all', async () => {
    const dir = repository();
    await json(dir, 'quota.yaml');
    // A ConfigMap: CRDs, policies and bindings, Namespaces (the vap check), ConfigMaps (the policy's params) and the
    // kustomizations are decoded; Deployments, Secrets, RBAC, quotas and the rest are not.
    let counts = countDecodes();
    await json(dir, 'app/config.yaml');
    expect(counts.pending).toBe(manifests(dir).length - 1);
    expect(counts.decoded).toBeGreaterThan(0);
    expect(counts.decoded).toBeLessThan(counts.pending / 2 + 1);
    vi.restoreAllMocks();
    // A Pod: the namespace checks read every workload, quota and network policy of the repository (those files decoded
    // up front), not the Secrets, Roles or ConfigMaps. (A Deployment: every file, since the policy that validates
    // Deployments reads every object.)
    counts = countDecodes();
    await json(dir, 'fluxed/pod.yaml');
    expect(counts.decoded).toBeLessThan(counts.pending);
    for (const file of ['app/deploy.yaml', 'app/patch.yaml', 'pay/deploy.yaml', 'quota.yaml', 'policies/deny.yaml', 'namespaces.yaml'])
      expect(counts.files).toContain(path.join(dir, file));
    for (const file of ['pay/secret.yaml', 'rbac/roles.yaml', 'fluxed/cm.yaml']) expect(counts.files).not.toContain(path.join(dir, file));
    vi.restoreAllMocks();
    // A plugin of repository scope that applies: every file, before any question.
    counts = countDecodes();
    await json(dir, 'app/config.yaml', { config: { plugins: ['demo'] }, pluginChecks: [countsAccounts] });
    expect(counts.decoded).toBe(counts.pending);
  });
});

describe('a file of several kinds (an install manifest)', () => {
  it('has only the objects of the kinds a warm run needs decoded, each alone, with the results of a run without the cache', async () => {
    const crd = (kind: string) =>
      `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: ${kind.toLowerCase()}s.example.com}\nspec:\n  group: example.com\n  names: {kind: ${kind}, plural: ${kind.toLowerCase()}s}\n  scope: Namespaced\n  versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object, properties: {spec: {type: object, properties: {size: {type: integer}}}}}}}]`;
    const dir = tempTree({
      '.git/HEAD': 'ref: refs/heads/main\n',
      'install.yaml': [
        'apiVersion: v1\nkind: Namespace\nmetadata: {name: ops}',
        'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: op, namespace: ops}',
        'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: op, namespace: ops}\ndata: {a: b}',
        crd('Sprocket'),
        crd('Cog'),
        deployment('op', '\n  namespace: ops').trimEnd(),
      ].join('\n---\n'),
      // A ClusterRole (kept whole in the index) whose rules begin with a key `documentIndex`: the text the entries are
      // split by, inside an object, so this file is decoded whole.
      'bundle.yaml': [
        'apiVersion: v1\nkind: Namespace\nmetadata: {name: tools}',
        'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: odd}\nrules: [{documentIndex: 1, verbs: [get]}, {documentIndex: 2, verbs: [list]}]',
      ].join('\n---\n'),
      'sprocket.yaml': 'apiVersion: example.com/v1\nkind: Sprocket\nmetadata: {name: s, namespace: ops}\nspec: {size: big}\n',
      'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: ops}\ndata: {a: b}\n',
      'other.yaml': 'apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: ops}\n',
    });
    const install = path.join(dir, 'install.yaml');
    await json(dir, 'other.yaml');
    // A custom resource: its CRD (and the Namespaces), taken from the manifest alone; a ConfigMap: the Namespaces.
    for (const file of ['sprocket.yaml', 'cm.yaml']) {
      const counts = countDecodes();
      const warm = await json(dir, file);
      vi.restoreAllMocks();
      expect([...counts.partly], file).toEqual([install]);
      expect(counts.files.has(install), file).toBe(false);
      expect(counts.files.has(path.join(dir, 'bundle.yaml')), file).toBe(true);
      expect(warm, file).toBe(await json(dir, file, { indexCache: false }));
    }
    expect(await json(dir, 'sprocket.yaml')).toContain('spec.size');
    // A question that needs the rest of the file takes it in whole after its part (a Deployment: every workload).
    const counts = countDecodes();
    const warm = await json(dir, 'install.yaml');
    vi.restoreAllMocks();
    expect(warm).toBe(await json(dir, 'install.yaml', { indexCache: false }));
    expect(counts.pending).toBeGreaterThan(0);
  });
});

/** The index line's rows (test/index-rows.ts) and each record's entries as text, of a repository's cache file (see src/engine/index-cache.ts). */
function readRecords(dir: string): { head: string[]; rows: unknown[][]; texts: string[]; tail: string } {
  const text = fs.readFileSync(indexCacheFile(dir)!, 'utf8');
  const lines = text.split('\n');
  const rows = rowsOf(JSON.parse(lines[2].slice(1)) as Record<string, unknown[]>, JSON.parse(lines[1].slice(1)));
  const entries = Buffer.from(lines[3].slice(1));
  const texts: string[] = [];
  let at = 0;
  for (const row of rows) {
    texts.push(entries.toString('utf8', at, at + (row[7] as number)));
    at += (row[7] as number) + 1;
  }
  return { head: lines.slice(0, 2), rows, texts, tail: lines.slice(4).join('\n') };
}

/** Write them back as kubeward writes them: lengths of the entries and of the lines after the header made again. */
function writeRecords(dir: string, { head, rows, texts, tail }: ReturnType<typeof readRecords>): void {
  rows.forEach((row, i) => (row[7] = Buffer.byteLength(texts[i])));
  const header = JSON.parse(head[0]) as { length: number };
  const body = Buffer.from([head[1], `I${JSON.stringify(columnsOfRows(rows))}`, `E${texts.join(',')}`, tail].join('\n'));
  header.length = body.length;
  fs.writeFileSync(indexCacheFile(dir)!, Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), body]));
}

const recordOf = (state: ReturnType<typeof readRecords>, dir: string, file: string) => state.rows.findIndex((r) => r[0] === path.join(dir, file));

describe('the records a warm run decodes', () => {
  const planted = {
    documentIndex: 1,
    basePath: [],
    object: { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'x', namespace: 'pay' }, spec: { podSelector: {} } },
  };

  it('are used only with the kinds their row names (which decide what a run decodes)', async () => {
    const dir = repository();
    // Every record with its entries (an eager first run: no file left unskimmed, see test/lazy-index.test.ts).
    await json(dir, 'quota.yaml', { lazyIndex: false });
    const clean = await json(dir, 'namespaces.yaml');
    expect(clean).toContain('namespace-network-policy');
    const state = readRecords(dir);
    const at = recordOf(state, dir, 'pay/secret.yaml');
    state.texts[at] = JSON.stringify([...(JSON.parse(state.texts[at]) as unknown[]), planted]);
    writeRecords(dir, state);
    // Entries of a kind the row does not name: the file is read instead.
    expect(await json(dir, 'namespaces.yaml')).toBe(clean);
    // Named, the planted NetworkPolicy is used (the cache is): namespace pay has a policy (reported on its Namespace).
    const named = readRecords(dir);
    const again = recordOf(named, dir, 'pay/secret.yaml');
    named.texts[again] = JSON.stringify([...(JSON.parse(named.texts[again]) as unknown[]), planted]);
    named.rows[again][10] = [...(named.rows[again][10] as string[]), 'NetworkPolicy'];
    writeRecords(dir, named);
    expect(await json(dir, 'namespaces.yaml')).not.toContain('namespace-network-policy');
  });

  it('that do not decode are read from their files, the others still used, and written again', async () => {
    const dir = repository();
    await json(dir, 'quota.yaml', { lazyIndex: false });
    // Decoded one by one (a ConfigMap: few files), then the rest too (a Deployment), then all together at once (a
    // plugin of repository scope: every file, with one JSON.parse of the line, which fails).
    const plugin = { config: { plugins: ['demo'] }, pluginChecks: [countsAccounts] };
    for (const [file, options] of [
      ['app/config.yaml', {}],
      ['pay/deploy.yaml', {}],
      ['app/config.yaml', plugin],
    ] as const) {
      const clean = await json(dir, file, { ...options, indexCache: false });
      const state = readRecords(dir);
      // The entries line no longer parses whole: each record is decoded alone.
      state.texts[recordOf(state, dir, 'namespaces.yaml')] = '{"broken"';
      writeRecords(dir, state);
      const counts = countDecodes();
      expect(await json(dir, file, options)).toBe(clean);
      vi.restoreAllMocks();
      expect(counts.decoded).toBeGreaterThan(1);
      expect(counts.read).toBe(1);
      // Written again, with entries that decode.
      const written = readRecords(dir);
      expect(JSON.parse(written.texts[recordOf(written, dir, 'namespaces.yaml')])).toHaveLength(2);
    }
  });
});

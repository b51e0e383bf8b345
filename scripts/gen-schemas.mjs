#!/usr/bin/env node
/**
 * Generate kubeward's Kubernetes JSON schemas from TypeScript declarations, offline.
 *
 *   node scripts/gen-schemas.mjs [OUT_DIR]     (default: schemas/; `npm run schemas`)
 *
 * Sources (devDependencies, read as declarations only): kubernetes-types 1.25/1.26/1.29/1.30 and kubernetes-models 5.1.0
 * (Kubernetes 1.36), walked with the TypeScript compiler API from the object kinds; @kubernetes/client-node's generated
 * models for 1.27/1.28/1.32/1.33/1.34 (generateClientNode); 1.31 and 1.35 derived from a neighbour (DERIVED). One
 * minified, deterministic file per version: `schemas/kubernetes-X.Y.json` =
 *   { base?, kinds: { apiVersion: { Kind: definitionName } }, version, definitions: { name: JSON schema } }
 * (an older version's file names `base: "1.36"` and keeps only the definitions that differ from it; see
 * generateAll), laid out as schemaText says: one line for the rest, then one line per definition, so that a run
 * parses only the definitions its objects reach. src/validate/schema-store.ts reads them and src/validate/schema-interpret.ts validates with them; docs/schemas.md.
 * Overrides, as Kubernetes reads manifests:
 * - Quantity is string (matching the quantity grammar) or number; IntOrString is ["integer","string"] (a type array,
 *   never oneOf, so one mistake gives one message); numbers are integers except the few real floats (FLOATS);
 * - RawExtension, FieldsV1 and JSON are open; a union of objects and scalars is open too;
 * - every object that declares properties and has no index signature gets additionalProperties: false;
 * - what kubernetes-types drops upstream is patched back from kubernetes-models (PATCHED_PROPERTIES,
 *   the apiregistration.k8s.io group), and required markers 1.36 corrected are relaxed in older versions too. null is accepted where Kubernetes accepts it by the validator (src/validate.ts),
 *   which drops null-valued optional fields before validating, as Go's JSON decoder does.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Kubernetes version → where its declarations live. */
export const SOURCES = {
  '1.25': { kind: 'types', pkg: 'kubernetes-types-1.25' },
  '1.26': { kind: 'types', pkg: 'kubernetes-types-1.26' },
  '1.27': { kind: 'client-node', pkg: 'kubernetes-client-node-1.27' }, // @kubernetes/client-node 0.19.0: release-1.27
  '1.28': { kind: 'client-node', pkg: 'kubernetes-client-node-1.28' }, // 0.20.0: release-1.28
  '1.29': { kind: 'types', pkg: 'kubernetes-types-1.29' },
  '1.30': { kind: 'types', pkg: 'kubernetes-types' },
  '1.32': { kind: 'client-node', pkg: 'kubernetes-client-node-1.32' }, // 1.1.2: v1.32.0
  '1.33': { kind: 'client-node', pkg: 'kubernetes-client-node-1.33' }, // 1.3.0: v1.33.0
  '1.34': { kind: 'client-node', pkg: 'kubernetes-client-node-1.34' }, // 1.4.0: v1.34.0
  '1.36': { kind: 'models', pkg: 'kubernetes-models' },
};

/**
 * Versions no npm package declares (no @kubernetes/client-node release was generated from 1.31 or 1.35, and
 * kubernetes-types skips them): a neighbour's generated document changed by the API differences between the two
 * minors, from the Kubernetes changelogs (CHANGELOG-1.31/1.32/1.35) and the deprecation guide. Every entry is one
 * documented difference; docs/schemas.md lists them. Keys are definition names as generated (`v1.PodSpec`).
 * - from: the version whose document is copied;
 * - dropKinds: `apiVersion` or `apiVersion/Kind` this version does not serve yet (or any more);
 * - dropProperties: fields this version does not have yet;
 * - addKinds / addProperties: { version: [...] } served by this version but not by `from`, copied from that version.
 */
export const DERIVED = {
  '1.31': {
    from: '1.32',
    dropKinds: [
      // Added in 1.32 (alpha): MutatingAdmissionPolicy (KEP-3962).
      'admissionregistration.k8s.io/v1alpha1/MutatingAdmissionPolicy',
      'admissionregistration.k8s.io/v1alpha1/MutatingAdmissionPolicyBinding',
      // coordination.k8s.io/v1alpha2 LeaseCandidate replaced v1alpha1 in 1.32 (KEP-4355).
      'coordination.k8s.io/v1alpha2',
      // resource.k8s.io/v1beta1 (structured DRA, KEP-4381) is new in 1.32; 1.31 serves v1alpha3.
      'resource.k8s.io/v1beta1',
    ],
    dropProperties: {
      // Pod-level resources, alpha in 1.32 (KEP-2837).
      'v1.PodSpec': ['resources'],
      // SELinuxChangePolicy, alpha in 1.32 (KEP-1710).
      'v1.PodSecurityContext': ['seLinuxChangePolicy'],
      // Unsafe deletion of corrupt objects, alpha in 1.32 (KEP-3926).
      'meta.v1.DeleteOptions': ['ignoreStoreReadErrorWithClusterBreakingPotential'],
    },
    addKinds: {
      // flowcontrol.apiserver.k8s.io/v1beta3 is served until 1.31, removed in 1.32 (deprecation guide; checks/no-deprecated-api).
      '1.30': ['flowcontrol.apiserver.k8s.io/v1beta3'],
    },
  },
  '1.35': {
    from: '1.34',
    addProperties: {
      '1.36': {
        // Node declared features, alpha in 1.35 (KEP-5328).
        'v1.NodeStatus': ['declaredFeatures'],
        // In-place resize of pod-level resources, alpha in 1.35 (KEP-5419).
        'v1.PodStatus': ['allocatedResources', 'resources'],
        // CSI driver service account tokens in secrets, alpha in 1.35 (KEP-5538).
        'storage.k8s.io.v1.CSIDriverSpec': ['serviceAccountTokenInSecrets'],
        // Pod certificates: user annotations, with the beta in 1.35 (KEP-4317).
        'v1.PodCertificateProjection': ['userAnnotations'],
      },
    },
  },
};

/** kubernetes-models keeps every group version ever published; these were no longer served by 1.36. */
const MODELS_REMOVED_BEFORE = [
  // Removed in 1.16: extensions/v1beta1 workloads, apps/v1beta1, apps/v1beta2.
  'extensions/v1beta1',
  'apps/v1beta1',
  'apps/v1beta2',
  // Removed in 1.22.
  'admissionregistration.k8s.io/v1beta1/MutatingWebhookConfiguration',
  'admissionregistration.k8s.io/v1beta1/ValidatingWebhookConfiguration',
  'apiextensions.k8s.io/v1beta1',
  'apiregistration.k8s.io/v1beta1',
  'authentication.k8s.io/v1beta1',
  'authorization.k8s.io/v1beta1',
  'certificates.k8s.io/v1beta1',
  'coordination.k8s.io/v1beta1',
  'networking.k8s.io/v1beta1/Ingress',
  'networking.k8s.io/v1beta1/IngressClass',
  'rbac.authorization.k8s.io/v1beta1',
  'scheduling.k8s.io/v1beta1',
  'storage.k8s.io/v1beta1/CSIDriver',
  'storage.k8s.io/v1beta1/CSINode',
  'storage.k8s.io/v1beta1/StorageClass',
  'storage.k8s.io/v1beta1/VolumeAttachment',
  // Removed in 1.25.
  'batch/v1beta1',
  'discovery.k8s.io/v1beta1',
  'events.k8s.io/v1beta1',
  'autoscaling/v2beta1',
  'policy/v1beta1',
  'node.k8s.io/v1beta1',
  // Removed in 1.26, 1.27, 1.29, 1.32.
  'autoscaling/v2beta2',
  'flowcontrol.apiserver.k8s.io/v1beta1',
  'storage.k8s.io/v1beta1/CSIStorageCapacity',
  'flowcontrol.apiserver.k8s.io/v1beta2',
  'flowcontrol.apiserver.k8s.io/v1beta3',
];

/** Numbers that are real floats in the Kubernetes API (format double); every other number is an integer. */
const FLOATS = new Set(['JSONSchemaProps.maximum', 'JSONSchemaProps.minimum', 'JSONSchemaProps.multipleOf']);
/** Definitions that hold arbitrary data. */
const OPEN = new Set(['RawExtension', 'FieldsV1', 'JSON', 'JSONSchemaPropsOrArray', 'JSONSchemaPropsOrBool', 'JSONSchemaPropsOrStringArray']);
/** Properties kubernetes-types drops upstream, patched back from kubernetes-models: definition name → property names. */
const PATCHED_PROPERTIES = {
  RuleWithOperations: ['resources', 'scope'],
  NamedRuleWithOperations: ['resources', 'scope'],
  ResourceRule: ['resources', 'verbs'],
  JSONSchemaProps: /^x-kubernetes-/,
};
/** The quantity grammar of k8s.io/apimachinery/pkg/api/resource. */
export const QUANTITY_PATTERN = '^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(([KMGTPE]i)|[numkMGTPE]|([eE][+-]?[0-9]+))?$';
const QUANTITY = { $ref: '#/definitions/resource.Quantity' };
const INT_OR_STRING = { type: ['integer', 'string'] };
/** Definitions every version has, whatever its sources say. */
const FIXED_DEFINITIONS = { 'resource.Quantity': { type: ['string', 'number'], pattern: QUANTITY_PATTERN } };

function listDts(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === '_schemas') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listDts(full));
    else if (entry.name.endsWith('.d.ts') && entry.name !== 'index.d.ts') out.push(full);
  }
  return out.sort();
}

function packageDir(name, from = ROOT) {
  return path.dirname(require.resolve(`${name}/package.json`, { paths: [from] }));
}

/** kubernetes-models' own dependency, wherever npm installed it. */
function apimachineryDir() {
  return packageDir('@kubernetes-models/apimachinery', packageDir('kubernetes-models'));
}

/** One generation: a program over a package's declarations, and a walker that names and converts declarations. */
class Walker {
  constructor(files, nameOf) {
    this.program = ts.createProgram(files, { noEmit: true, skipLibCheck: true, types: [], noResolve: false });
    this.checker = this.program.getTypeChecker();
    this.nameOf = nameOf;
    this.definitions = {};
    this.pending = [];
  }

  resolve(symbol) {
    return symbol && symbol.flags & ts.SymbolFlags.Alias ? this.checker.getAliasedSymbol(symbol) : symbol;
  }

  /** A definition reference for an interface declaration (queued for conversion). */
  refTo(decl) {
    const name = this.nameOf(decl);
    const short = name.slice(name.lastIndexOf('.') + 1);
    if (OPEN.has(short)) return {};
    if (!(name in this.definitions)) {
      this.definitions[name] = null;
      this.pending.push([name, decl]);
    }
    return { $ref: `#/definitions/${name}` };
  }

  drain() {
    while (this.pending.length) {
      const [name, decl] = this.pending.shift();
      this.definitions[name] = this.objectSchema(decl.members, name.slice(name.lastIndexOf('.') + 1));
    }
  }

  objectSchema(members, owner) {
    const properties = {};
    const required = [];
    let index;
    for (const m of members) {
      if (ts.isPropertySignature(m) && m.type) {
        const key = ts.isStringLiteral(m.name) || ts.isIdentifier(m.name) ? m.name.text : m.name.getText();
        properties[key] = this.typeSchema(m.type, `${owner}.${key}`);
        if (!m.questionToken) required.push(key);
      } else if (ts.isIndexSignatureDeclaration(m) && m.type) {
        index = this.typeSchema(m.type, `${owner}[]`);
      }
    }
    const schema = { type: 'object' };
    if (Object.keys(properties).length) schema.properties = properties;
    if (required.length) schema.required = required.sort();
    if (index) schema.additionalProperties = index;
    else if (schema.properties) schema.additionalProperties = false;
    return schema;
  }

  typeSchema(node, where) {
    switch (node.kind) {
      case ts.SyntaxKind.StringKeyword:
        return { type: 'string' };
      case ts.SyntaxKind.NumberKeyword:
        return { type: FLOATS.has(where) ? 'number' : 'integer' };
      case ts.SyntaxKind.BooleanKeyword:
        return { type: 'boolean' };
      case ts.SyntaxKind.AnyKeyword:
      case ts.SyntaxKind.UnknownKeyword:
      case ts.SyntaxKind.ObjectKeyword:
        return {};
      case ts.SyntaxKind.ParenthesizedType:
        return this.typeSchema(node.type, where);
      case ts.SyntaxKind.ArrayType:
        return { type: 'array', items: this.typeSchema(node.elementType, where) };
      case ts.SyntaxKind.LiteralType:
        if (ts.isStringLiteral(node.literal)) return { type: 'string', enum: [node.literal.text] };
        if (node.literal.kind === ts.SyntaxKind.TrueKeyword || node.literal.kind === ts.SyntaxKind.FalseKeyword) return { type: 'boolean' };
        return {};
      case ts.SyntaxKind.TypeLiteral:
        return this.objectSchema(node.members, where);
      case ts.SyntaxKind.UnionType:
        return this.unionSchema(node, where);
      case ts.SyntaxKind.TypeReference:
        return this.referenceSchema(node, where);
      default:
        return {};
    }
  }

  unionSchema(node, where) {
    const members = node.types.filter(
      (t) => t.kind !== ts.SyntaxKind.UndefinedKeyword && !(ts.isLiteralTypeNode(t) && t.literal.kind === ts.SyntaxKind.NullKeyword),
    );
    if (members.length === 1) return this.typeSchema(members[0], where);
    if (members.every((t) => ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal))) {
      return { type: 'string', enum: [...new Set(members.map((t) => t.literal.text))].sort() };
    }
    const parts = members.map((t) => this.typeSchema(t, where));
    const types = new Set();
    for (const p of parts) {
      if (typeof p.type !== 'string' || Object.keys(p).some((k) => k !== 'type' && k !== 'enum')) return {};
      types.add(p.type);
    }
    // `number | string` is IntOrString in kubernetes-types.
    if (types.has('integer') && types.has('string') && types.size === 2) return INT_OR_STRING;
    if (types.size === 1) return { type: [...types][0] };
    return { type: [...types].sort() };
  }

  referenceSchema(node, where) {
    const typeName = ts.isIdentifier(node.typeName) ? node.typeName.text : node.typeName.right.text;
    if ((typeName === 'Array' || typeName === 'ReadonlyArray') && node.typeArguments?.length === 1) {
      return { type: 'array', items: this.typeSchema(node.typeArguments[0], where) };
    }
    if (typeName === 'Record' && node.typeArguments?.length === 2) {
      return { type: 'object', additionalProperties: this.typeSchema(node.typeArguments[1], where) };
    }
    const symbol = this.resolve(this.checker.getSymbolAtLocation(node.typeName));
    const decl = symbol?.declarations?.find((d) => ts.isInterfaceDeclaration(d) || ts.isTypeAliasDeclaration(d) || ts.isClassDeclaration(d));
    if (!decl) return {};
    const short = shortName(decl);
    if (short === 'Quantity') return QUANTITY;
    if (short === 'IntOrString') return INT_OR_STRING;
    if (short === 'Time' || short === 'MicroTime') return { type: 'string' };
    if (OPEN.has(short)) return {};
    if (ts.isInterfaceDeclaration(decl)) return this.refTo(decl);
    if (ts.isTypeAliasDeclaration(decl)) return this.typeSchema(decl.type, where);
    return {};
  }
}

/** The name a declaration is known by in messages: `Container`, `PodSpec`. */
function shortName(decl) {
  const file = decl.getSourceFile().fileName;
  const base = path.basename(file, '.d.ts');
  const declared = decl.name.text;
  // kubernetes-models: one type per file, named after the file (IIoK8sApiCoreV1Container in v1/Container.d.ts).
  if (/kubernetes-models/.test(file) && /^I?I/.test(declared)) return base;
  return declared.replace(/^I(?=[A-Z][a-z])/, '');
}

/** The apiVersion literal of an interface's `apiVersion` property, when it has one. */
function literalOf(decl, property) {
  for (const m of decl.members ?? []) {
    if (
      ts.isPropertySignature(m) &&
      m.name &&
      m.name.getText().replace(/"/g, '') === property &&
      m.type &&
      ts.isLiteralTypeNode(m.type) &&
      ts.isStringLiteral(m.type.literal)
    ) {
      return m.type.literal.text;
    }
  }
  return undefined;
}

function interfacesOf(sourceFile) {
  return sourceFile.statements.filter((s) => ts.isInterfaceDeclaration(s));
}

/** Generate the document of one version. */
export function generateVersion(version) {
  const source = SOURCES[version];
  const dir = packageDir(source.pkg);
  const files = listDts(dir);
  const extra = source.kind === 'models' ? listDts(apimachineryDir()) : [];
  const all = [...files, ...extra];
  // Group version of each file: the apiVersion its kinds declare, else its folder.
  const gvOfFile = new Map();
  const fileGv = (sf) => {
    if (gvOfFile.has(sf.fileName)) return gvOfFile.get(sf.fileName);
    let gv;
    for (const decl of interfacesOf(sf)) gv ??= literalOf(decl, 'apiVersion');
    if (!gv) {
      const rel = path.relative(source.kind === 'models' && sf.fileName.includes('@kubernetes-models') ? apimachineryDir() : dir, sf.fileName);
      const folder = source.kind === 'models' ? path.dirname(rel) : rel.replace(/\.d\.ts$/, '');
      gv = folder
        .replace(/^apis?\//, '')
        .split(path.sep)
        .join('/');
    }
    gvOfFile.set(sf.fileName, gv);
    return gv;
  };
  const walker = new Walker(all, (decl) => `${fileGv(decl.getSourceFile()).replace(/\//g, '.')}.${shortName(decl)}`);
  if (source.kind === 'models') {
    // In kubernetes-models every file of a group version folder belongs to it, kinds or not.
    for (const f of files) {
      const rel = path.relative(dir, f);
      if (rel.includes(path.sep)) gvOfFile.set(walker.program.getSourceFile(f)?.fileName ?? f, path.dirname(rel).split(path.sep).join('/'));
    }
  }
  const kinds = {};
  for (const f of files) {
    const sf = walker.program.getSourceFile(f);
    if (!sf) continue;
    for (const decl of interfacesOf(sf)) {
      const apiVersion = literalOf(decl, 'apiVersion');
      const kind = literalOf(decl, 'kind');
      // `kind: FooList` objects are split into their items by the parser.
      if (!apiVersion || !kind || kind.endsWith('List')) continue;
      if (source.kind === 'models' && MODELS_REMOVED_BEFORE.some((r) => r === apiVersion || r === `${apiVersion}/${kind}`)) continue;
      (kinds[apiVersion] ??= {})[kind] = walker.refTo(decl).$ref.slice('#/definitions/'.length);
    }
  }
  walker.drain();
  return { kinds, definitions: { ...walker.definitions, ...FIXED_DEFINITIONS } };
}

/**
 * @kubernetes/client-node's generated models (OpenAPI Generator, one class per OpenAPI definition), read as text:
 * `X.attributeTypeMap = [{ name, baseName, type, format }]` in models/X.js (baseName is the JSON name), optional
 * properties marked `'name'?:` in models/X.d.ts. The kinds are the bodies its APIs create (`serialize(body, "X")`
 * after a collection path `/apis/GROUP/VERSION[/namespaces/{namespace}]/PLURAL`).
 */
function readClientNode(pkg) {
  const dir = packageDir(pkg);
  const sub = (a, b) => (fs.existsSync(path.join(dir, 'dist/gen', a)) ? path.join(dir, 'dist/gen', a) : path.join(dir, 'dist/gen', b));
  const modelsDir = sub('models', 'model');
  const apisDir = sub('apis', 'api');
  // The generator never deletes the files of definitions a release dropped (1.x still ships flowcontrol v1beta3 and
  // resource.k8s.io v1alpha2 files): only the models its index lists (models/all.js, model/models.js) are the release's.
  const index = fs.existsSync(path.join(modelsDir, 'all.js'))
    ? [...fs.readFileSync(path.join(modelsDir, 'all.js'), 'utf8').matchAll(/models\/(\w+)\.js/g)].map((m) => m[1])
    : [...fs.readFileSync(path.join(modelsDir, 'models.js'), 'utf8').matchAll(/"(\w+)": \w+\.\w+/g)].map((m) => m[1]);
  const listed = new Set(index);
  const classes = new Map();
  for (const file of fs
    .readdirSync(modelsDir)
    .filter((f) => f.endsWith('.js'))
    .sort()) {
    const js = fs.readFileSync(path.join(modelsDir, file), 'utf8');
    const map = /(\w+)\.attributeTypeMap = \[([\s\S]*?)\];/.exec(js);
    if (!map || !listed.has(map[1])) continue;
    const dts = fs.readFileSync(path.join(modelsDir, file.replace(/\.js$/, '.d.ts')), 'utf8');
    const optional = new Set([...dts.matchAll(/^\s+'([^']+)'\?:/gm)].map((m) => m[1]));
    const attrs = [...map[2].matchAll(/"name":\s*"([^"]*)",\s*"baseName":\s*"([^"]*)",\s*"type":\s*"([^"]*)"(?:,\s*"format":\s*"([^"]*)")?/g)].map((m) => ({
      name: m[1],
      baseName: m[2],
      type: m[3],
      format: m[4] ?? '',
      required: !optional.has(m[1]),
    }));
    classes.set(map[1], attrs);
  }
  const kinds = [];
  for (const file of fs
    .readdirSync(apisDir)
    .filter((f) => f.endsWith('.js'))
    .sort()) {
    const js = fs.readFileSync(path.join(apisDir, file), 'utf8');
    let at;
    for (const m of js.matchAll(/localVarPath = (?:this\.basePath \+ )?'([^']+)'|\bserialize\(body, "(\w+)"/g)) {
      if (m[1]) {
        at = m[1];
        continue;
      }
      const p = /^\/(api|apis)\/(.+?)(?:\/namespaces\/\{namespace\})?\/([a-z0-9]+)$/.exec(at ?? '');
      const attrs = classes.get(m[2]);
      if (!p || p[2].includes('{') || !attrs || m[2].endsWith('List')) continue;
      if (!['apiVersion', 'kind', 'metadata'].every((a) => attrs.some((x) => x.baseName === a))) continue;
      kinds.push([p[2], m[2]]);
    }
  }
  // Kinds no collection path creates (subresources, discovery, read-only), as kubernetes-types declares them.
  for (const [gv, cls] of SUBRESOURCE_KINDS) if (classes.has(cls)) kinds.push([gv, cls]);
  return { classes, kinds };
}

/** Kinds served by a subresource (`pods/{name}/eviction`), for discovery or read-only: no create call has them as body. */
const SUBRESOURCE_KINDS = [
  ['authentication.k8s.io/v1', 'AuthenticationV1TokenRequest'],
  ['autoscaling/v1', 'V1Scale'],
  ['policy/v1', 'V1Eviction'],
  ['v1', 'V1APIGroup'],
  ['v1', 'V1APIVersions'],
  ['v1', 'V1ComponentStatus'],
];

/** `CoreV1Event` → ['Core', 'v1', 'Event']; `V1beta3FlowSchema` → [undefined, 'v1beta3', 'FlowSchema']. */
function splitClassName(name) {
  const m = /^([A-Z][a-z]+)?V(\d+(?:alpha\d+|beta\d+)?)([A-Z]\w*)$/.exec(name);
  return m ? [m[1], `v${m[2]}`, m[3]] : undefined;
}

/** Generate one version from @kubernetes/client-node, named and typed like the latest version's definitions. */
export function generateClientNode(version, latest) {
  const { classes, kinds: created } = readClientNode(SOURCES[version].pkg);
  // `v1.PodSpec` → the latest version's definition names ending in it (`v1.PodSpec`, never `apps.v1.PodSpec`).
  const known = new Map();
  for (const name of Object.keys(latest.definitions)) {
    const m = /(?:^|\.)(v\d+(?:alpha\d+|beta\d+)?\.\w+)$/.exec(name);
    if (m) known.set(m[1], [...(known.get(m[1]) ?? []), name]);
  }
  const groupOfName = (name) => name.slice(0, name.lastIndexOf('.')).replace(/\.?v\d+((alpha|beta)\d+)?$/, '');
  const names = new Map();
  const nameOf = (cls, group) => {
    if (names.has(cls)) return names.get(cls);
    const parts = splitClassName(cls);
    if (!parts) return undefined;
    const [prefix, ver, short] = parts;
    const wantGroup = (g) => (prefix ? (prefix === 'Core' ? g === '' : g.split('.')[0] === prefix.toLowerCase()) : true);
    const candidates = (known.get(`${ver}.${short}`) ?? []).filter((n) => wantGroup(groupOfName(n)));
    let name;
    if (candidates.length === 1) name = candidates[0];
    else if (candidates.length > 1)
      name =
        candidates.find((n) => groupOfName(n) === group) ??
        candidates.find((n) => groupOfName(n) === '') ??
        candidates.find((n) => groupOfName(n) === 'meta') ??
        candidates.sort()[0];
    else name = `${group ? `${group}.` : ''}${ver}.${short}`;
    names.set(cls, name);
    return name;
  };
  const definitions = {};
  const pending = [];
  const refTo = (cls, group) => {
    const name = nameOf(cls, group);
    if (!name) return {};
    if (OPEN.has(name.slice(name.lastIndexOf('.') + 1))) return {};
    if (!(name in definitions)) {
      definitions[name] = null;
      pending.push([name, cls]);
    }
    return { $ref: `#/definitions/${name}` };
  };
  const convert = (type, format, where, group) => {
    let m;
    if ((m = /^Array<(.+)>$/.exec(type))) return { type: 'array', items: convert(m[1], format, where, group) };
    if ((m = /^\{ \[key: string\]: (.+); \}$/.exec(type))) return { type: 'object', additionalProperties: convert(m[1], format, where, group) };
    if (type === 'IntOrString' || format === 'int-or-string') return INT_OR_STRING;
    if (type === 'string' || type === 'Date') return { type: 'string' };
    if (type === 'number') return { type: FLOATS.has(where) || format === 'double' ? 'number' : 'integer' };
    if (type === 'boolean') return { type: 'boolean' };
    if (classes.has(type)) return refTo(type, group);
    return {};
  };
  const kinds = {};
  for (const [gv, cls] of created) {
    const group = gv.includes('/') ? gv.slice(0, gv.lastIndexOf('/')) : '';
    const ver = gv.slice(gv.lastIndexOf('/') + 1);
    const short = splitClassName(cls)?.[2];
    if (!short) continue;
    names.set(cls, `${group ? `${group}.` : ''}${ver}.${short}`);
    (kinds[gv] ??= {})[short] = refTo(cls, group).$ref.slice('#/definitions/'.length);
  }
  while (pending.length) {
    const [name, cls] = pending.shift();
    const group = groupOfName(name);
    const owner = name.slice(name.lastIndexOf('.') + 1);
    const newer = latest.definitions[name]?.properties ?? {};
    const properties = {};
    const required = [];
    for (const a of classes.get(cls)) {
      const own = convert(a.type, a.format, `${owner}.${a.baseName}`, group);
      // A field keeps its type within a group version: take the latest declarations' schema (enums, quantities).
      properties[a.baseName] = newer[a.baseName] ?? own;
      if (a.required) required.push(a.baseName);
    }
    const schema = { type: 'object' };
    if (Object.keys(properties).length) {
      schema.properties = properties;
      schema.additionalProperties = false;
    }
    if (required.length) schema.required = required.sort();
    definitions[name] = schema;
  }
  return { kinds, definitions: { ...definitions, ...FIXED_DEFINITIONS } };
}

/** Patch back what kubernetes-types drops, from the 1.36 declarations. */
function patchBack(doc, latest) {
  const byShort = new Map();
  for (const [name, def] of Object.entries(latest.definitions)) {
    const short = name.slice(name.lastIndexOf('.') + 1);
    const group = name.slice(0, name.lastIndexOf('.')).replace(/\.v\d+((alpha|beta)\d+)?$/, '');
    byShort.set(`${group}:${short}`, def);
  }
  const copyDefinition = (name) => {
    if (name in doc.definitions) return;
    const def = latest.definitions[name];
    doc.definitions[name] = def;
    JSON.stringify(def, (k, v) => {
      if (k === '$ref') copyDefinition(v.slice('#/definitions/'.length));
      return v;
    });
  };
  for (const [name, def] of Object.entries(doc.definitions)) {
    const short = name.slice(name.lastIndexOf('.') + 1);
    const want = PATCHED_PROPERTIES[short];
    if (!want || !def.properties) continue;
    const group = name.slice(0, name.lastIndexOf('.')).replace(/\.v\d+((alpha|beta)\d+)?$/, '');
    const from = byShort.get(`${group}:${short}`);
    if (!from?.properties) continue;
    for (const [prop, schema] of Object.entries(from.properties)) {
      const wanted = want instanceof RegExp ? want.test(prop) : want.includes(prop);
      if (!wanted || prop in def.properties) continue;
      def.properties[prop] = schema;
      JSON.stringify(schema, (k, v) => {
        if (k === '$ref') copyDefinition(v.slice('#/definitions/'.length));
        return v;
      });
      if (from.required?.includes(prop)) def.required = [...(def.required ?? []), prop].sort();
    }
  }
  // Required markers later releases corrected (the API server never required these fields: it defaults them, e.g.
  // RoleRef.apiGroup, NetworkPolicySpec.podSelector, StatefulSetSpec.serviceName, PriorityClass.value): a field
  // that 1.36 declares optional is optional in every version.
  for (const [name, def] of Object.entries(doc.definitions)) {
    const newer = latest.definitions[name];
    if (!def.required || !newer?.properties) continue;
    const required = def.required.filter((f) => newer.required?.includes(f) || !(f in newer.properties));
    if (required.length) def.required = required;
    else delete def.required;
  }
  // The apiregistration.k8s.io group (APIService, stable since 1.10).
  for (const [apiVersion, kinds] of Object.entries(latest.kinds)) {
    if (!apiVersion.startsWith('apiregistration.k8s.io/') || doc.kinds[apiVersion]) continue;
    doc.kinds[apiVersion] = { ...kinds };
    for (const name of Object.values(kinds)) copyDefinition(name);
  }
}

function sortDeep(value) {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (value && typeof value === 'object') {
    const out = {};
    for (const key of Object.keys(value).sort()) out[key] = sortDeep(value[key]);
    return out;
  }
  return value;
}

export const LATEST = '1.36';
/** Every version, oldest first (src/schema-store.ts KUBERNETES_VERSIONS). */
export const VERSIONS = [...new Set([...Object.keys(SOURCES), ...Object.keys(DERIVED)])].sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]));

/** The definition names a schema refers to. */
function refsOf(schema) {
  const names = [];
  JSON.stringify(schema, (k, v) => {
    if (k === '$ref' && typeof v === 'string') names.push(v.slice('#/definitions/'.length));
    return v;
  });
  return names;
}

/** A DERIVED version's document (see DERIVED): only the definitions its kinds reach. */
function derive(spec, docs) {
  const from = structuredClone(docs[spec.from]);
  const copy = (source, name) => {
    if (name in from.definitions || !source.definitions[name]) return;
    from.definitions[name] = structuredClone(source.definitions[name]);
    for (const ref of refsOf(from.definitions[name])) copy(source, ref);
  };
  const matches = (entry, apiVersion, kind) => entry === apiVersion || entry === `${apiVersion}/${kind}`;
  for (const entry of spec.dropKinds ?? []) {
    let found = false;
    for (const [apiVersion, kinds] of Object.entries(from.kinds)) {
      for (const kind of Object.keys(kinds)) if (matches(entry, apiVersion, kind) && (found = true)) delete kinds[kind];
      if (!Object.keys(kinds).length) delete from.kinds[apiVersion];
    }
    if (!found) throw new Error(`DERIVED: ${spec.from} does not serve ${entry}`);
  }
  for (const [name, props] of Object.entries(spec.dropProperties ?? {})) {
    const def = from.definitions[name];
    for (const prop of props) {
      if (!def?.properties?.[prop]) throw new Error(`DERIVED: ${spec.from} has no ${name}.${prop}`);
      delete def.properties[prop];
      if (def.required) def.required = def.required.filter((r) => r !== prop);
      if (def.required && !def.required.length) delete def.required;
    }
  }
  for (const [version, entries] of Object.entries(spec.addKinds ?? {})) {
    const source = docs[version];
    for (const entry of entries) {
      let found = false;
      for (const [apiVersion, kinds] of Object.entries(source.kinds)) {
        for (const [kind, name] of Object.entries(kinds)) {
          if (!matches(entry, apiVersion, kind)) continue;
          found = true;
          (from.kinds[apiVersion] ??= {})[kind] = name;
          copy(source, name);
        }
      }
      if (!found) throw new Error(`DERIVED: ${version} does not serve ${entry}`);
    }
  }
  for (const [version, defs] of Object.entries(spec.addProperties ?? {})) {
    const source = docs[version];
    for (const [name, props] of Object.entries(defs)) {
      const def = from.definitions[name];
      const newer = source.definitions[name];
      for (const prop of props) {
        if (!def?.properties || !newer?.properties?.[prop]) throw new Error(`DERIVED: no ${name}.${prop} to copy from ${version}`);
        def.properties[prop] = structuredClone(newer.properties[prop]);
        for (const ref of refsOf(def.properties[prop])) copy(source, ref);
        if (newer.required?.includes(prop)) def.required = [...(def.required ?? []), prop].sort();
      }
    }
  }
  // Keep what the kinds reach (and the fixed definitions).
  const keep = new Set(Object.keys(FIXED_DEFINITIONS));
  const visit = (name) => {
    if (keep.has(name) || !from.definitions[name]) return;
    keep.add(name);
    for (const ref of refsOf(from.definitions[name])) visit(ref);
  };
  for (const kinds of Object.values(from.kinds)) for (const name of Object.values(kinds)) visit(name);
  for (const name of Object.keys(from.definitions)) if (!keep.has(name)) delete from.definitions[name];
  return from;
}

/**
 * A version's file: valid JSON, its keys sorted, minified but for line breaks: the first line holds everything but the
 * definitions and ends with `,"definitions":{`; then one line per definition (`"name":{...}`, a comma after all but
 * the last, names that need no escape, sorted), then `}}`. src/validate/schema-store.ts finds each definition's line
 * without parsing the others (a binary search of the sorted lines), and parses it on first use (a one-file run reaches
 * a few dozen of about 500).
 */
export function schemaText(doc) {
  const { definitions, ...rest } = doc;
  // The store reads a kind's definition in the first line's text, past `{"base":"X","kinds":{` (sorted keys).
  const plain = (name) => typeof name === 'string' && /^[A-Za-z0-9._/-]+$/.test(name);
  for (const [apiVersion, kinds] of Object.entries(rest.kinds ?? {})) {
    for (const [kind, name] of Object.entries(kinds)) {
      if (!plain(apiVersion) || !plain(kind) || !plain(name)) {
        throw new Error(`gen-schemas: ${JSON.stringify([apiVersion, kind, name])} holds characters other than letters, digits and ._/-`);
      }
    }
  }
  let previous;
  const lines = Object.entries(definitions).map(([name, def]) => {
    if (JSON.stringify(name) !== `"${name}"`) throw new Error(`gen-schemas: the definition name ${JSON.stringify(name)} needs escapes`);
    if (previous !== undefined && !(previous < name)) throw new Error(`gen-schemas: the definitions are not sorted by name (${previous}, then ${name})`);
    previous = name;
    return `"${name}":${JSON.stringify(def)}`;
  });
  return `${JSON.stringify(rest).slice(0, -1)},"definitions":{\n${lines.join(',\n')}\n}}\n`;
}

/**
 * Every version's file name and text. The latest version's file holds all its definitions; an older version's file
 * holds `base: LATEST` and only the definitions that differ from (or are missing in) the latest one, so the shared
 * definitions are stored once. Unreferenced definitions of the base are harmless.
 */
export function generateAll() {
  const latest = generateVersion(LATEST);
  const own = { [LATEST]: latest };
  for (const version of Object.keys(SOURCES)) {
    if (version === LATEST) continue;
    own[version] = SOURCES[version].kind === 'client-node' ? generateClientNode(version, latest) : generateVersion(version);
    patchBack(own[version], latest);
  }
  for (const [version, spec] of Object.entries(DERIVED)) own[version] = derive(spec, own);
  const out = {};
  for (const version of VERSIONS) {
    let doc;
    if (version === LATEST) {
      doc = { version, kinds: latest.kinds, definitions: latest.definitions };
    } else {
      const definitions = {};
      for (const [name, def] of Object.entries(own[version].definitions)) {
        if (JSON.stringify(sortDeep(def)) !== JSON.stringify(sortDeep(latest.definitions[name] ?? null))) definitions[name] = def;
      }
      doc = { version, base: LATEST, kinds: own[version].kinds, definitions };
    }
    out[`kubernetes-${version}.json`] = schemaText(sortDeep(doc));
  }
  return out;
}

if (process.argv[1] && fs.realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = path.resolve(process.argv[2] ?? path.join(ROOT, 'schemas'));
  fs.mkdirSync(outDir, { recursive: true });
  let total = 0;
  for (const [name, text] of Object.entries(generateAll())) {
    fs.writeFileSync(path.join(outDir, name), text);
    total += Buffer.byteLength(text);
    process.stdout.write(`${name}: ${Buffer.byteLength(text)} bytes\n`);
  }
  process.stdout.write(`total: ${total} bytes\n`);
}

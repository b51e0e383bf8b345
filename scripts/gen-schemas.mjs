#!/usr/bin/env node
/**
 * Generate kubeward's Kubernetes JSON schemas from TypeScript declarations, offline.
 *
 *   node scripts/gen-schemas.mjs [OUT_DIR]     (default: schemas/; `npm run schemas`)
 *
 * Sources (devDependencies, read as .d.ts only): kubernetes-types 1.25/1.26/1.29/1.30 and kubernetes-models 5.1.0
 * (Kubernetes 1.36). The TypeScript compiler API walks every interface reachable from the object kinds and writes one
 * minified, deterministic file per version: `schemas/kubernetes-X.Y.json` =
 *   { version, base?, kinds: { apiVersion: { Kind: definitionName } }, definitions: { name: JSON schema } }
 * (an older version's file names `base: "1.36"` and keeps only the definitions that differ from it; see
 * generateAll). src/schema-store.ts reads them and src/schema-interpret.ts validates with them; docs/schemas.md.
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
  '1.29': { kind: 'types', pkg: 'kubernetes-types-1.29' },
  '1.30': { kind: 'types', pkg: 'kubernetes-types' },
  '1.36': { kind: 'models', pkg: 'kubernetes-models' },
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
    const members = node.types.filter((t) => t.kind !== ts.SyntaxKind.UndefinedKeyword && !(ts.isLiteralTypeNode(t) && t.literal.kind === ts.SyntaxKind.NullKeyword));
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
    if (ts.isPropertySignature(m) && m.name && m.name.getText().replace(/"/g, '') === property && m.type && ts.isLiteralTypeNode(m.type) && ts.isStringLiteral(m.type.literal)) {
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
      gv = folder.replace(/^apis?\//, '').split(path.sep).join('/');
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

/**
 * Every version's file name and text. The latest version's file holds all its definitions; an older version's file
 * holds `base: LATEST` and only the definitions that differ from (or are missing in) the latest one, so the shared
 * definitions are stored once. Unreferenced definitions of the base are harmless.
 */
export function generateAll() {
  const latest = generateVersion(LATEST);
  const out = {};
  for (const version of Object.keys(SOURCES)) {
    let doc;
    if (version === LATEST) {
      doc = { version, kinds: latest.kinds, definitions: latest.definitions };
    } else {
      const own = generateVersion(version);
      patchBack(own, latest);
      const definitions = {};
      for (const [name, def] of Object.entries(own.definitions)) {
        if (JSON.stringify(sortDeep(def)) !== JSON.stringify(sortDeep(latest.definitions[name] ?? null))) definitions[name] = def;
      }
      doc = { version, base: LATEST, kinds: own.kinds, definitions };
    }
    out[`kubernetes-${version}.json`] = `${JSON.stringify(sortDeep(doc))}\n`;
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

/**
 * Schemas for custom resources: from the CustomResourceDefinitions of the linted tree (`spec.versions[].schema.
 * openAPIV3Schema`, or a v1beta1 CRD's `spec.validation`), else from schema folders laid out like the CRD catalog
 * (`{group}/{kind}_{version}.json`, kind lowercased). CRD schemas are OpenAPI v3 with Kubernetes extensions; they are
 * turned into plain JSON schemas (src/schema-interpret.ts validates them), as strict as the API server's field validation:
 * - an object that declares properties rejects others, unless `x-kubernetes-preserve-unknown-fields: true`;
 * - `x-kubernetes-int-or-string: true` is `type: ["integer", "string"]` (its anyOf expansion dropped);
 * - `x-kubernetes-embedded-resource: true` also allows apiVersion, kind and metadata;
 * - the root always allows apiVersion, kind and metadata;
 * - what `allOf`/`anyOf`/`oneOf`/`not` say about properties only constrains values (it declares no field).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ErrorObject } from 'ajv';
import { isRecord } from '../k8s/index.js';
import type { Resource, ResourceIndex } from '../check-api.js';
import { SchemaInterpreter } from './schema-interpret.js';
import { groupOf } from '../k8s/index.js';
import { readBytes, resolvesWithin } from '../read/index.js';
import { crdsDefining } from '../resources/index.js';

type Schema = Record<string, unknown>;

const COMBINATORS = ['allOf', 'anyOf', 'oneOf'] as const;
/** Keywords that document rather than constrain (formats are not checked, as kubectl's client-side validation). */
const DROPPED = new Set(['description', 'default', 'example', 'nullable', 'format', 'externalDocs', 'title', '$schema', 'id', '$id']);

/** Convert one CRD (OpenAPI v3 structural) schema node into a strict JSON schema. */
export function convertCrdSchema(node: unknown, isRoot = false, inCombinator = false): Schema {
  if (!isRecord(node)) return {};
  const out: Schema = {};
  const preserve = node['x-kubernetes-preserve-unknown-fields'] === true;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties' && isRecord(value)) {
      out.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convertCrdSchema(v, false, inCombinator)]));
    } else if (key === 'patternProperties' && isRecord(value)) {
      out.patternProperties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convertCrdSchema(v, false, inCombinator)]));
    } else if ((key === 'items' || key === 'additionalProperties') && isRecord(value)) {
      out[key] = convertCrdSchema(value, false, inCombinator);
    } else if (key === 'not' && isRecord(value)) {
      out.not = convertCrdSchema(value, false, true);
    } else if ((COMBINATORS as readonly string[]).includes(key) && Array.isArray(value)) {
      // Structural schemas: what a combinator says about properties only constrains values, it declares nothing.
      out[key] = value.map((v) => convertCrdSchema(v, false, true));
    } else if (!DROPPED.has(key) && !key.startsWith('x-kubernetes-')) {
      out[key] = value;
    }
  }
  if (node['x-kubernetes-int-or-string'] === true) {
    out.type = ['integer', 'string'];
    delete out.anyOf;
    delete out.oneOf;
  }
  if (node['x-kubernetes-embedded-resource'] === true || isRoot) {
    const properties = (out.properties ??= {}) as Record<string, Schema>;
    properties.apiVersion ??= { type: 'string' };
    properties.kind ??= { type: 'string' };
    properties.metadata ??= { type: 'object' };
  }
  const declares = isRecord(out.properties) && Object.keys(out.properties).length > 0;
  if (
    declares &&
    !inCombinator &&
    out.additionalProperties === undefined &&
    !preserve &&
    (node['x-kubernetes-embedded-resource'] !== true || Object.keys(out.properties as object).length > 3)
  ) {
    out.additionalProperties = false;
  }
  if (preserve && out.additionalProperties === false) delete out.additionalProperties;
  return out;
}

export interface CustomSchema {
  /** Where the schema came from, for messages: `CustomResourceDefinition "certificates.cert-manager.io"` or a file. */
  source: string;
  validate(data: unknown): ErrorObject[];
}

/** The CRD schemas of one run's index and the schema folders, converted on first use. */
export class CustomSchemas {
  private readonly fromCrds = new Map<string, unknown>();
  /** `group/kind` → the CRD's name and the versions it defines. */
  private readonly crdVersions = new Map<string, { crd: string; versions: string[] }>();
  private readonly compiled = new Map<string, CustomSchema | null>();
  private readonly interpreter = new SchemaInterpreter({});
  /** The kinds whose CRDs were added (a kind's CRDs only decide its own keys, so each is read on its first lookup). */
  private readonly added = new Set<string>();

  constructor(
    private readonly index: ResourceIndex,
    private readonly schemaDirs: readonly string[],
  ) {}

  /** Add the CRDs of the index that define `kind`, in index order (crdsDefining: a partial repository reads no other). */
  private addKind(kind: string): void {
    if (this.added.has(kind)) return;
    this.added.add(kind);
    for (const crd of crdsDefining(this.index, new Set([kind]))) this.addCrd(crd);
  }

  private addCrd(crd: Resource): void {
    const spec = crd.object.spec;
    if (!isRecord(spec) || typeof spec.group !== 'string' || !isRecord(spec.names) || typeof spec.names.kind !== 'string') return;
    const kind = spec.names.kind;
    const versions = Array.isArray(spec.versions) ? spec.versions : [];
    for (const v of versions) {
      if (!isRecord(v) || typeof v.name !== 'string') continue;
      const schema = isRecord(v.schema) ? v.schema.openAPIV3Schema : isRecord(spec.validation) ? spec.validation.openAPIV3Schema : undefined;
      if (isRecord(schema)) this.fromCrds.set(`${spec.group}/${v.name}/${kind}`, schema);
      this.noteVersion(spec.group, kind, crd.name ?? spec.group, v.name);
    }
    if (typeof spec.version === 'string') this.noteVersion(spec.group, kind, crd.name ?? spec.group, spec.version);
    if (typeof spec.version === 'string' && isRecord(spec.validation) && isRecord(spec.validation.openAPIV3Schema)) {
      const key = `${spec.group}/${spec.version}/${kind}`;
      if (!this.fromCrds.has(key)) this.fromCrds.set(key, spec.validation.openAPIV3Schema);
    }
  }

  private noteVersion(group: string, kind: string, crd: string, version: string): void {
    const entry = this.crdVersions.get(`${group}/${kind}`) ?? { crd, versions: [] };
    if (!entry.versions.includes(version)) entry.versions.push(version);
    this.crdVersions.set(`${group}/${kind}`, entry);
  }

  /** The CRD of the tree that defines a group's kind, with the versions it defines; undefined when none does. */
  definedVersions(group: string, kind: string): { crd: string; versions: string[] } | undefined {
    this.addKind(kind);
    return this.crdVersions.get(`${group}/${kind}`);
  }

  /** The validator of a custom resource's apiVersion and kind, or undefined when nothing describes it. */
  get(apiVersion: string, kind: string): CustomSchema | undefined {
    const key = `${apiVersion}/${kind}`;
    if (this.compiled.has(key)) return this.compiled.get(key) ?? undefined;
    this.addKind(kind);
    let result: CustomSchema | null = null;
    const fromCrd = this.fromCrds.get(key);
    if (fromCrd !== undefined) {
      result = this.compile(convertCrdSchema(fromCrd, true), 'CustomResourceDefinition');
    } else {
      const group = groupOf(apiVersion);
      const version = apiVersion.slice(apiVersion.lastIndexOf('/') + 1);
      // Names from the manifest become a path: only names Kubernetes allows, so a lookup never leaves its folder.
      const safe = (group === '' || SCHEMA_NAME.test(group)) && SCHEMA_NAME.test(kind) && SCHEMA_NAME.test(version);
      for (const dir of safe ? this.schemaDirs : []) {
        const file = path.join(dir, group, `${kind.toLowerCase()}_${version}.json`);
        let text: string;
        try {
          // Also once links are resolved: a schema folder's file must not be a link to a place outside it.
          if (!resolvesWithin(fs.realpathSync.native(dir), file)) continue;
          const read = readBytes(file, MAX_SCHEMA_BYTES);
          if (!('bytes' in read)) continue;
          text = Buffer.from(read.bytes).toString('utf8');
        } catch {
          continue;
        }
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch (error) {
          throw new Error(`cannot read schema file ${file}: ${(error as Error).message}`, { cause: error });
        }
        result = this.compile(convertCrdSchema(parsed, true), file);
        break;
      }
    }
    this.compiled.set(key, result);
    return result ?? undefined;
  }

  private compile(schema: Schema, source: string): CustomSchema {
    return { source, validate: (data) => this.interpreter.validateSchema(schema, data) };
  }
}

/** A group, kind or version as Kubernetes allows them (DNS names, alphanumerics): no separator, no `..`. */
const SCHEMA_NAME = /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/;
/** The most read of one schema file. */
const MAX_SCHEMA_BYTES = 64 * 1024 * 1024;

const byIndex = new WeakMap<ResourceIndex, Map<string, CustomSchemas>>();

/** The custom schemas of a run (one per index and schema folder list). */
export function customSchemasFor(index: ResourceIndex, schemaDirs: readonly string[]): CustomSchemas {
  let perDirs = byIndex.get(index);
  if (!perDirs) byIndex.set(index, (perDirs = new Map()));
  const key = schemaDirs.join('\0');
  let schemas = perDirs.get(key);
  if (!schemas) perDirs.set(key, (schemas = new CustomSchemas(index, schemaDirs)));
  return schemas;
}

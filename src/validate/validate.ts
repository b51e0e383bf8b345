/**
 * validate: every object against the Kubernetes schema of the chosen version (built-in kinds), or against its
 * CustomResourceDefinition (from the linted tree or a schema folder). Reported as the `schema` rule, one message per
 * mistake, as paths the engine turns into positions: unknown fields at their key, wrong types at their value,
 * missing required fields at the parent's key. Kustomize patches are partial on purpose: never a missing field.
 */
import fs from 'node:fs';
import type { ErrorObject } from 'ajv';
import { isRecord } from '../k8s/index.js';
import type { Check, Finding, Resource } from '../check-api.js';
import { formatPath } from '../parse/index.js';
import { customSchemasFor } from './schema-crds.js';
import { groupOf } from '../k8s/index.js';
import { BUILTIN_GROUPS, KUBERNETES_VERSIONS, schemasFor } from './schema-store.js';
import type { Path } from '../shared/types.js';
import { UsageError } from '../shared/errors.js';

export { LATEST_KUBERNETES_VERSION } from './schema-store.js';

/**
 * Groups whose objects are configuration files of tools and Kubernetes components (kustomize, kubelet, the API
 * server's audit policy and encryption config, kubeadm...), never sent to the API: nothing to validate, no notice.
 */
const NOT_CLUSTER_GROUPS = new Set([
  'kustomize.config.k8s.io',
  'config.kubernetes.io',
  'audit.k8s.io',
  'apiserver.k8s.io',
  'kubeadm.k8s.io',
  'client.authentication.k8s.io',
  'credentialprovider.kubelet.k8s.io',
]);
const isNotClusterGroup = (group: string) => NOT_CLUSTER_GROUPS.has(group) || group.endsWith('.config.k8s.io');
/** Tools' files that look like core objects: a kubeconfig is `apiVersion: v1`, `kind: Config`. */
const NOT_CLUSTER_OBJECTS = new Set(['v1/Config']);

/** The id of the schema rule, configurable like any check. */
export const SCHEMA_RULE_ID = 'schema';

export interface SchemaCheckOptions {
  /** Schema folders laid out `{group}/{kind}_{version}.json` (absolute paths). */
  schemaDirs?: readonly string[];
  /** A custom resource with no schema is an error instead of an info notice. */
  strictCrds?: boolean;
}

/** Refuse an unknown Kubernetes version up front (a usage error listing the known ones). */
export function assertKnownKubernetesVersion(version: string): void {
  if (!(KUBERNETES_VERSIONS as readonly string[]).includes(version)) {
    const [first, last] = [KUBERNETES_VERSIONS[0], KUBERNETES_VERSIONS[KUBERNETES_VERSIONS.length - 1]];
    throw new UsageError(`Unknown Kubernetes version "${version}": kubeward has schemas for every minor version from ${first} to ${last} ("X.Y")`);
  }
}

const MESSAGES = {
  unknownField: 'Unknown field "{{field}}" in {{type}}',
  unknownFieldSuggest: 'Unknown field "{{field}}" in {{type}}. Did you mean "{{suggestion}}"?',
  missingField: 'Missing required field "{{field}}" in {{type}}',
  wrongType: '{{path}} must be {{expected}}, got {{actual}}',
  notAllowed: '{{path}} must be one of {{allowed}}, got {{actual}}',
  badQuantity: '{{path}} must be a quantity such as "500m", "1.5", "2Gi" or "1e3", got {{actual}}',
  invalid: '{{path}} {{problem}}',
  noShape: '{{path}} does not match any of the shapes its schema allows ({{keyword}})',
  replacedApiVersion: 'Kubernetes {{version}} does not serve {{kind}} in apiVersion "{{apiVersion}}": use apiVersion "{{replacement}}"',
  unknownKind: 'Kubernetes {{version}} does not serve kind "{{kind}}" in apiVersion "{{apiVersion}}" nor in any other apiVersion',
  unknownKindSuggest: 'Kubernetes {{version}} does not serve kind "{{kind}}" in apiVersion "{{apiVersion}}". Did you mean "{{suggestion}}"?',
  undefinedCrdVersion: 'CustomResourceDefinition "{{crd}}" does not define {{kind}} in apiVersion "{{apiVersion}}": use {{versions}}',
  noSchema: 'No schema for custom resource {{kind}} ({{apiVersion}}): add its CustomResourceDefinition to the linted files or a schema folder (--schema-dir)',
} as const;

type MessageId = keyof typeof MESSAGES;

/** Levenshtein distance, capped for speed. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}

/** The closest known name to a misspelt one: same letters in another case, or at most 2 edits away. */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  for (const candidate of candidates) {
    const score = candidate.toLowerCase() === name.toLowerCase() ? 0 : distance(name.toLowerCase(), candidate.toLowerCase());
    if (score < bestScore || (score === bestScore && best !== undefined && candidate < best)) {
      best = candidate;
      bestScore = score;
    }
  }
  const limit = Math.min(2, Math.max(1, Math.floor(name.length / 4)));
  return bestScore <= limit ? best : undefined;
}

/**
 * Go's JSON decoder ignores `null` for optional fields (`creationTimestamp: null`, an empty `securityContext:`):
 * drop null-valued object properties before validating. Copies only what changes.
 */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      if (item === null || typeof item !== 'object') continue;
      const cleaned = withoutNulls(item);
      if (cleaned !== item) (copy ??= [...value])[i] = cleaned;
    }
    return copy ?? value;
  }
  if (value === null || typeof value !== 'object') return value;
  let copy: Record<string, unknown> | undefined;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const item = record[key];
    if (item === null) {
      copy ??= { ...record };
      delete copy[key];
    } else if (typeof item === 'object') {
      const cleaned = withoutNulls(item);
      if (cleaned !== item) (copy ??= { ...record })[key] = cleaned;
    }
  }
  return copy ?? value;
}

/** ajv's instancePath as a path into the object: array indexes as numbers. */
function toPath(instancePath: string, root: unknown): Path {
  if (!instancePath) return [];
  const out: Array<string | number> = [];
  let current: unknown = root;
  for (const raw of instancePath.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current)) {
      out.push(Number(segment));
      current = current[Number(segment)];
    } else {
      out.push(segment);
      current = isRecord(current) ? current[segment] : undefined;
    }
  }
  return out;
}

const ARTICLE: Record<string, string> = {
  integer: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'a boolean (true or false)',
  object: 'an object (a mapping)',
  array: 'a list',
  null: 'null',
};

function describeExpected(type: unknown): string {
  const types = Array.isArray(type) ? type : [type];
  return types.map((t) => ARTICLE[String(t)] ?? String(t)).join(' or ');
}

function describeActual(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `string ${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)}`;
  if (typeof value === 'number') return `${Number.isInteger(value) ? 'integer' : 'number'} ${value}`;
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- objects were handled above: a primitive here
  return `${typeof value} ${String(value)}`;
}

interface Context {
  /** Definition object → name, for built-in kinds. */
  nameOf: (schema: unknown) => string | undefined;
  /** The name of the object being validated, for schemas without names (custom resources). */
  kind: string;
  isPatch: boolean;
  data: unknown;
}

function typeLabel(ctx: Context, schema: unknown, path: Path): string {
  const name = ctx.nameOf(schema);
  if (name) return name;
  return path.length ? `${ctx.kind} ${formatPath(path)}` : ctx.kind;
}

/** One finding per mistake: combinator branches are dropped, the combinator's own error stands for them. */
export function findingsOf(errors: readonly ErrorObject[], ctx: Context): Finding[] {
  const findings: Finding[] = [];
  for (const error of errors) {
    if (/\/(anyOf|oneOf)\/\d+\//.test(error.schemaPath)) continue;
    const path = toPath(error.instancePath, ctx.data);
    const where = formatPath(path) || '(the object)';
    const finding = (messageId: MessageId, data: Record<string, string>, at: Path = path, pointAt?: 'key'): Finding => ({
      messageId,
      data,
      path: at,
      ...(pointAt ? { pointAt } : {}),
    });
    switch (error.keyword) {
      case 'additionalProperties': {
        const field = String((error.params as { additionalProperty: string }).additionalProperty);
        const properties = isRecord(error.parentSchema) && isRecord(error.parentSchema.properties) ? Object.keys(error.parentSchema.properties) : [];
        const suggestion = closest(field, properties);
        const type = typeLabel(ctx, error.parentSchema, path);
        findings.push(
          suggestion
            ? finding('unknownFieldSuggest', { field, type, suggestion }, [...path, field], 'key')
            : finding('unknownField', { field, type }, [...path, field], 'key'),
        );
        break;
      }
      case 'required': {
        if (ctx.isPatch) break;
        const field = String((error.params as { missingProperty: string }).missingProperty);
        findings.push(finding('missingField', { field, type: typeLabel(ctx, error.parentSchema, path) }, path, 'key'));
        break;
      }
      case 'type':
        findings.push(finding('wrongType', { path: where, expected: describeExpected(error.schema), actual: describeActual(error.data) }));
        break;
      case 'enum':
        findings.push(
          finding('notAllowed', {
            path: where,
            allowed: (error.schema as unknown[]).map((v) => JSON.stringify(v)).join(', '),
            actual: describeActual(error.data),
          }),
        );
        break;
      case 'pattern':
        if (ctx.nameOf(error.parentSchema) === 'Quantity') {
          findings.push(finding('badQuantity', { path: where, actual: describeActual(error.data) }));
        } else {
          findings.push(
            finding('invalid', { path: where, problem: `must match the pattern ${JSON.stringify(error.schema)}, got ${describeActual(error.data)}` }),
          );
        }
        break;
      case 'anyOf':
      case 'oneOf':
        findings.push(finding('noShape', { path: where, keyword: error.keyword }));
        break;
      default:
        findings.push(finding('invalid', { path: where, problem: `${error.message ?? 'is invalid'}, got ${describeActual(error.data)}` }));
    }
  }
  return findings;
}

/** The schema rule, configured with the run's schema folders and CRD strictness. */
export function createSchemaCheck(options: SchemaCheckOptions = {}): Check {
  const schemaDirs = options.schemaDirs ?? [];
  for (const dir of schemaDirs) {
    if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`Schema folder not found: "${dir}"`);
  }
  return {
    meta: {
      id: SCHEMA_RULE_ID,
      description:
        'Objects must match the Kubernetes schema of the chosen version, or their CustomResourceDefinition: known fields, right types, required fields.',
      severity: 'error',
      scope: 'repository',
      reads: ['CustomResourceDefinition'],
      // Patches are validated too, as partial objects: unknown fields and wrong types, never missing required fields.
      appliesToPatches: true,
      guideline: 'Kubernetes API conventions: strict field validation (kubectl apply --validate=strict)',
      messages: { ...MESSAGES },
      remediation:
        'Fix the field as the message says (see `kubectl explain <kind>.<field>` for the version you deploy to); for custom resources, lint their CustomResourceDefinition with them or add a schema folder with --schema-dir.',
    },
    *check(resource, context) {
      // Repository-wide only to read CRDs from the index: objects that are not linted are not validated.
      if (!resource.linted) return;
      yield* validateResource(resource, context.kubernetesVersion, context.index, schemaDirs, options.strictCrds ?? false);
    },
  };
}

function* validateResource(
  resource: Resource,
  version: string,
  index: Parameters<typeof customSchemasFor>[0],
  schemaDirs: readonly string[],
  strictCrds: boolean,
): Generator<Finding> {
  const { apiVersion, kind } = resource;
  const group = groupOf(apiVersion);
  if (isNotClusterGroup(group) || NOT_CLUSTER_OBJECTS.has(`${apiVersion}/${kind}`)) return;
  const data = withoutNulls(resource.object);
  if (BUILTIN_GROUPS.has(group)) {
    const schemas = schemasFor(version);
    const definition = schemas.definitionOf(apiVersion, kind);
    if (!definition) {
      const replacement = schemas.servingApiVersions(kind, group)[0];
      if (replacement) {
        yield { messageId: 'replacedApiVersion', data: { version, kind, apiVersion, replacement }, path: ['apiVersion'] };
      } else {
        const suggestion = closest(kind, Object.keys(schemas.kinds[apiVersion] ?? {}));
        yield suggestion
          ? { messageId: 'unknownKindSuggest', data: { version, kind, apiVersion, suggestion }, path: ['kind'] }
          : { messageId: 'unknownKind', data: { version, kind, apiVersion }, path: ['kind'] };
      }
      return;
    }
    const errors = schemas.validate(definition, data);
    if (errors.length === 0) return;
    yield* findingsOf(errors, { nameOf: (s) => (s && typeof s === 'object' ? schemas.names.get(s) : undefined), kind, isPatch: resource.isPatch, data });
    return;
  }
  const customSchemas = customSchemasFor(index, schemaDirs);
  const custom = customSchemas.get(apiVersion, kind);
  const defined = custom ? undefined : customSchemas.definedVersions(group, kind);
  const crVersion = apiVersion.slice(apiVersion.lastIndexOf('/') + 1);
  if (defined && !defined.versions.includes(crVersion)) {
    const versions = defined.versions.map((v) => `"${group}/${v}"`).join(', ');
    yield { messageId: 'undefinedCrdVersion', data: { crd: defined.crd, kind, apiVersion, versions }, path: ['apiVersion'] };
    return;
  }
  if (!custom) {
    yield { messageId: 'noSchema', data: { kind, apiVersion }, path: ['kind'], ...(strictCrds ? {} : { level: 'info' as const }) };
    return;
  }
  const errors = custom.validate(data);
  if (errors.length === 0) return;
  yield* findingsOf(errors, { nameOf: () => undefined, kind, isPatch: resource.isPatch, data });
}

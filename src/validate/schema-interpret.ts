/**
 * A validator that interprets JSON schemas directly, with no compile step.
 *
 * kubeward's generated Kubernetes schemas use a small subset of JSON Schema: `type` (a name or a type array),
 * `properties`, `required`, `additionalProperties` (false or a schema), `items`, `enum`, `pattern` and `$ref` to
 * `#/definitions/NAME`; CRD schemas (OpenAPI v3, structural) add bounds, `allOf`/`anyOf`/`oneOf`/`not`,
 * `uniqueItems` and `multipleOf`. Compiling those with ajv costs about a second for a Pod's tree of definitions and
 * seconds for large CRDs (ajv's code generation; measured in docs/schemas.md), and shipping ajv's standalone code
 * costs 1.6 MB and 240 ms of loading per version; interpreting costs nothing up front. Errors have ajv's shape
 * (`ErrorObject` with its `verbose` fields), one per mistake: a failed `anyOf`/`oneOf` is one error, never its
 * branches' errors. Patterns are JavaScript regular expressions; a CRD pattern JavaScript cannot read (RE2's
 * `(?i)`) is not checked.
 */
import type { ErrorObject } from 'ajv';

type Schema = Record<string, unknown>;

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function matchesType(type: string, value: unknown, actual: string): boolean {
  switch (type) {
    case 'integer':
      return actual === 'number' && Number.isInteger(value);
    case 'number':
      return actual === 'number' && Number.isFinite(value);
    default:
      return type === actual;
  }
}

const EXTRA_KEYWORDS = [
  'enum',
  'pattern',
  'allOf',
  'anyOf',
  'oneOf',
  'not',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
];

function escape(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

export class SchemaInterpreter {
  private readonly patterns = new Map<string, RegExp | null>();
  private readonly extraFlags = new WeakMap<Schema, boolean>();
  /** The path of the value being checked (joined into an instancePath only when an error is reported). */
  private segments: Array<string | number> = [];

  /** `definitions`: the definitions `$ref`s name, as an object or a lookup (the schema store's, which parses on first use). */
  constructor(private readonly definitions: Record<string, Schema> | ((name: string) => Schema | undefined)) {}

  /** Validate `data` against the definition `name`; returns every error (empty when valid). */
  validate(name: string, data: unknown): ErrorObject[] {
    return this.validateSchema({ $ref: `#/definitions/${name}` }, data);
  }

  /** Validate `data` against a schema; returns every error (empty when valid). */
  validateSchema(schema: Schema, data: unknown): ErrorObject[] {
    const errors: ErrorObject[] = [];
    this.segments = [];
    this.check(schema, data, errors);
    return errors;
  }

  private regex(pattern: string): RegExp | null {
    let re = this.patterns.get(pattern);
    if (re === undefined) {
      try {
        re = new RegExp(pattern, 'u');
      } catch {
        re = null;
      }
      this.patterns.set(pattern, re);
    }
    return re;
  }

  private passes(schema: unknown, data: unknown): boolean {
    if (!schema || typeof schema !== 'object') return true;
    const scratch: ErrorObject[] = [];
    this.check(schema as Schema, data, scratch);
    return scratch.length === 0;
  }

  private bounds(schema: Schema, data: unknown, actual: string, errors: ErrorObject[]): void {
    const fail = (keyword: string, message: string, limit: unknown) => errors.push(this.error(keyword, schema, limit, data, { limit }, message));
    if (actual === 'number') {
      const n = data as number;
      const { minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf } = schema as Record<string, unknown>;
      if (typeof minimum === 'number' && (exclusiveMinimum === true ? n <= minimum : n < minimum))
        fail('minimum', `must be ${exclusiveMinimum === true ? '>' : '>='} ${minimum}`, minimum);
      if (typeof maximum === 'number' && (exclusiveMaximum === true ? n >= maximum : n > maximum))
        fail('maximum', `must be ${exclusiveMaximum === true ? '<' : '<='} ${maximum}`, maximum);
      if (typeof exclusiveMinimum === 'number' && n <= exclusiveMinimum) fail('exclusiveMinimum', `must be > ${exclusiveMinimum}`, exclusiveMinimum);
      if (typeof exclusiveMaximum === 'number' && n >= exclusiveMaximum) fail('exclusiveMaximum', `must be < ${exclusiveMaximum}`, exclusiveMaximum);
      if (typeof multipleOf === 'number' && multipleOf > 0 && Math.abs(n / multipleOf - Math.round(n / multipleOf)) > 1e-9)
        fail('multipleOf', `must be a multiple of ${multipleOf}`, multipleOf);
    } else if (actual === 'string') {
      const length = [...(data as string)].length;
      if (typeof schema.minLength === 'number' && length < schema.minLength)
        fail('minLength', `must have at least ${schema.minLength} characters`, schema.minLength);
      if (typeof schema.maxLength === 'number' && length > schema.maxLength)
        fail('maxLength', `must have at most ${schema.maxLength} characters`, schema.maxLength);
    } else if (actual === 'array') {
      const items = data as unknown[];
      if (typeof schema.minItems === 'number' && items.length < schema.minItems)
        fail('minItems', `must have at least ${schema.minItems} items`, schema.minItems);
      if (typeof schema.maxItems === 'number' && items.length > schema.maxItems)
        fail('maxItems', `must have at most ${schema.maxItems} items`, schema.maxItems);
      if (schema.uniqueItems === true && new Set(items.map((i) => JSON.stringify(i))).size !== items.length)
        fail('uniqueItems', 'must not have duplicate items', true);
    } else if (actual === 'object') {
      const count = Object.keys(data as object).length;
      if (typeof schema.minProperties === 'number' && count < schema.minProperties)
        fail('minProperties', `must have at least ${schema.minProperties} fields`, schema.minProperties);
      if (typeof schema.maxProperties === 'number' && count > schema.maxProperties)
        fail('maxProperties', `must have at most ${schema.maxProperties} fields`, schema.maxProperties);
    }
  }

  private resolve(schema: Schema): Schema {
    let current = schema;
    for (let hops = 0; typeof current.$ref === 'string' && hops < 32; hops++) {
      const name = current.$ref.slice('#/definitions/'.length);
      const target = typeof this.definitions === 'function' ? this.definitions(name) : this.definitions[name];
      if (!target) throw new Error(`kubeward: unknown schema reference ${current.$ref}`);
      current = target;
    }
    return current;
  }

  private check(raw: Schema, data: unknown, errors: ErrorObject[]): void {
    const schema = this.resolve(raw);
    const actual = typeOf(data);
    const type = schema.type;
    if (type !== undefined) {
      const ok = typeof type === 'string' ? matchesType(type, data, actual) : (type as string[]).some((t) => matchesType(t, data, actual));
      if (!ok) {
        errors.push(this.error('type', schema, type, data, { type }));
        return;
      }
    }
    if (this.hasExtras(schema)) this.extras(schema, data, actual, errors);
    if (actual === 'array') {
      const items = schema.items;
      if (items && typeof items === 'object' && !Array.isArray(items)) {
        const list = data as unknown[];
        for (let i = 0; i < list.length; i++) {
          this.segments.push(i);
          this.check(items as Schema, list[i], errors);
          this.segments.pop();
        }
      }
      return;
    }
    if (actual !== 'object') return;
    const record = data as Record<string, unknown>;
    const properties = schema.properties as Record<string, Schema> | undefined;
    const required = schema.required;
    if (Array.isArray(required)) {
      for (const field of required as string[]) {
        if (!Object.hasOwn(record, field)) errors.push(this.error('required', schema, required, data, { missingProperty: field }));
      }
    }
    const additional = schema.additionalProperties;
    for (const key in record) {
      if (!Object.hasOwn(record, key)) continue;
      const property = properties !== undefined && Object.hasOwn(properties, key) ? properties[key] : undefined;
      if (property !== undefined) {
        this.segments.push(key);
        this.check(property, record[key], errors);
        this.segments.pop();
      } else if (additional === false) {
        errors.push(this.error('additionalProperties', schema, false, data, { additionalProperty: key }));
      } else if (additional && typeof additional === 'object') {
        this.segments.push(key);
        this.check(additional as Schema, record[key], errors);
        this.segments.pop();
      }
    }
  }

  /** Whether a schema has keywords beyond type/properties/items (cached: most built-in schemas have none). */
  private hasExtras(schema: Schema): boolean {
    let has = this.extraFlags.get(schema);
    if (has === undefined) {
      has = EXTRA_KEYWORDS.some((k) => schema[k] !== undefined);
      this.extraFlags.set(schema, has);
    }
    return has;
  }

  private extras(schema: Schema, data: unknown, actual: string, errors: ErrorObject[]): void {
    if (Array.isArray(schema.enum) && !schema.enum.includes(data)) {
      errors.push(this.error('enum', schema, schema.enum, data, { allowedValues: schema.enum }));
    }
    if (typeof schema.pattern === 'string' && typeof data === 'string') {
      const re = this.regex(schema.pattern);
      if (re && !re.test(data)) errors.push(this.error('pattern', schema, schema.pattern, data, { pattern: schema.pattern }));
    }
    this.bounds(schema, data, actual, errors);
    if (Array.isArray(schema.allOf)) for (const part of schema.allOf) this.check(part as Schema, data, errors);
    if (Array.isArray(schema.anyOf) && !schema.anyOf.some((branch) => this.passes(branch, data))) {
      errors.push(this.error('anyOf', schema, schema.anyOf, data, {}, 'must match a schema in anyOf'));
    }
    // oneOf is checked as anyOf: the API server applies a CRD's defaults before validating, which can make a
    // branch fail (`type: IPAddress` defaulted); kubeward does not default, so it only asks for one matching branch.
    if (Array.isArray(schema.oneOf) && !schema.oneOf.some((branch) => this.passes(branch, data))) {
      errors.push(this.error('oneOf', schema, schema.oneOf, data, {}, 'must match a schema in oneOf'));
    }
    if (schema.not && typeof schema.not === 'object' && this.passes(schema.not, data)) {
      errors.push(this.error('not', schema, schema.not, data, {}, 'must not match the schema in "not"'));
    }
  }

  private error(keyword: string, parentSchema: Schema, schema: unknown, data: unknown, params: Record<string, unknown>, message?: string): ErrorObject {
    const instancePath = this.segments.map((s) => `/${escape(String(s))}`).join('');
    return { keyword, instancePath, schemaPath: `#/${keyword}`, params, schema, parentSchema, data, message } as ErrorObject;
  }
}

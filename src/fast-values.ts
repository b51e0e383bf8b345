/**
 * The fast path for values: js-yaml turns a file into plain data about ten times faster than the `yaml` package's
 * document model. kubeward reads values with it first, and builds `yaml` documents (positions, comments, fixes) only
 * for the files that need them: those with findings, comment directives, or anything js-yaml does not read exactly
 * the way the `yaml` path does (errors, tags, anchors and aliases, templates). See docs/performance.md.
 *
 * Scalars are resolved the way Kubernetes resolves them (sigs.k8s.io/yaml over go-yaml v2, YAML 1.1 scalars), and
 * the same way src/parse.ts's YAML_OPTIONS make the `yaml` package resolve them; test/fast-values.test.ts proves
 * both agree on a table of scalars and on every document of the shared corpus.
 */
import { defineScalarTag, loadAll, mapTag, mergeTag, NOT_RESOLVED, Schema, seqTag, strTag } from 'js-yaml';

const TRUE = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']);
const FALSE = new Set(['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']);
const NULL = new Set(['', '~', 'null', 'Null', 'NULL']);

const INT_BIN = /^[-+]?0b[01_]+$/;
const INT_OCT = /^[-+]?0[0-7_]+$/;
/** Go's strconv.ParseInt with base 0 (what go-yaml v2 calls) also reads `0o17`. */
const INT_OCT_O = /^[-+]?0o[0-7_]+$/;
const INT_DEC = /^[-+]?[0-9][0-9_]*$/;
const INT_HEX = /^[-+]?0x[0-9a-fA-F_]+$/;
const FLOAT = /^[-+]?(?:[0-9][0-9_]*\.[0-9_]*|\.[0-9_]*[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)?$/;
const FLOAT_EXP = /^[-+]?[0-9][0-9_]*(?:[eE][-+]?[0-9]+)$/;
const FLOAT_SPECIAL = /^(?:[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

function signOf(source: string): [number, string] {
  if (source[0] === '-') return [-1, source.slice(1)];
  if (source[0] === '+') return [1, source.slice(1)];
  return [1, source];
}

const nullTag = defineScalarTag<null>('tag:yaml.org,2002:null', {
  implicit: true,
  implicitFirstChars: ['', '~', 'n', 'N'],
  resolve: (source) => (NULL.has(source) ? null : NOT_RESOLVED),
  identify: (v) => v === null,
});

const boolTag = defineScalarTag<boolean>('tag:yaml.org,2002:bool', {
  implicit: true,
  implicitFirstChars: ['y', 'Y', 'n', 'N', 't', 'T', 'f', 'F', 'o', 'O'],
  resolve: (source) => (TRUE.has(source) ? true : FALSE.has(source) ? false : NOT_RESOLVED),
  identify: (v) => typeof v === 'boolean',
});

function resolveInt(source: string): number | typeof NOT_RESOLVED {
  if (INT_HEX.test(source)) {
    const [sign, rest] = signOf(source.replace(/_/g, ''));
    return sign * parseInt(rest.slice(2), 16);
  }
  if (INT_BIN.test(source)) {
    const [sign, rest] = signOf(source.replace(/_/g, ''));
    return sign * parseInt(rest.slice(2), 2);
  }
  if (INT_OCT_O.test(source)) {
    const [sign, rest] = signOf(source.replace(/_/g, ''));
    return sign * parseInt(rest.slice(2), 8);
  }
  if (INT_OCT.test(source)) {
    const [sign, rest] = signOf(source.replace(/_/g, ''));
    return sign * parseInt(rest, 8);
  }
  if (INT_DEC.test(source)) {
    const [sign, rest] = signOf(source.replace(/_/g, ''));
    return sign * parseInt(rest, 10);
  }
  return NOT_RESOLVED;
}

const intTag = defineScalarTag<number>('tag:yaml.org,2002:int', {
  implicit: true,
  implicitFirstChars: ['-', '+', ...'0123456789'],
  resolve: resolveInt,
  identify: (v) => Number.isInteger(v),
});

const floatTag = defineScalarTag<number>('tag:yaml.org,2002:float', {
  implicit: true,
  implicitFirstChars: ['-', '+', '.', ...'0123456789'],
  resolve: (source) => {
    if (FLOAT_SPECIAL.test(source)) {
      const lower = source.toLowerCase();
      if (lower.endsWith('nan')) return NaN;
      return lower.startsWith('-') ? -Infinity : Infinity;
    }
    if (FLOAT.test(source) || FLOAT_EXP.test(source)) {
      return Number.parseFloat(source.replace(/_/g, ''));
    }
    return NOT_RESOLVED;
  },
  identify: (v) => typeof v === 'number',
});

/** go-yaml v2's scalars: YAML 1.1 booleans, nulls, ints (0644 is octal) and floats; no sexagesimal, no timestamps. */
export const KUBERNETES_SCHEMA = new Schema([strTag, seqTag, mapTag, nullTag, boolTag, intTag, floatTag, floatTag, mergeTag].filter((t, i, all) => all.indexOf(t) === i));

/**
 * YAML limits an implicit key to 1024 characters (libyaml, and so Kubernetes, refuses longer ones); js-yaml does not.
 * Only lines longer than that are looked at; a long line whose first `: ` comes late goes to the yaml path.
 */
function hasLongImplicitKey(text: string): boolean {
  for (const match of text.matchAll(/^.{1025,}$/gm)) {
    if (match[0].search(/:(?:\s|$)/) > 1024) return true;
  }
  return false;
}

/**
 * The documents of a file as plain data, or undefined when the fast path does not apply (the caller then uses the
 * `yaml` document model, which also reports errors with positions). Never throws.
 */
export function fastValues(text: string): unknown[] | undefined {
  // Template actions are the yaml path's to judge (text inside strings, or a Helm template to pass over).
  if (text.includes('{{')) return undefined;
  if (hasLongImplicitKey(text)) return undefined;
  try {
    // Aliases (and so merge keys) are refused: the yaml path bounds their expansion and reports bombs. Unknown tags,
    // duplicate keys and every syntax error make js-yaml throw: the yaml path then reports them with positions.
    return loadAll(text, { schema: KUBERNETES_SCHEMA, maxDepth: 256, maxAliases: 0 });
  } catch {
    return undefined;
  }
}

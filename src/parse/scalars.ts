/**
 * How a plain (unquoted, untagged) scalar is read: the way Kubernetes reads it (sigs.k8s.io/yaml over go-yaml v2,
 * YAML 1.1 scalars: `yes` is a boolean, `0644` is octal). Written once, here, and used by both readers: the fast
 * reader (src/parse/fast-reader.ts) resolves scalars with `resolvePlain`, and the `yaml` package reads them through
 * `yamlScalarTags`, which puts these rules in place of the package's own YAML 1.1 scalar tags.
 *
 * Where go-yaml v2 differs from YAML 1.1: no sexagesimal numbers (`1:20` is the string "1:20", not 80); timestamps
 * decode into plain data as strings (`2024-01-01` stays "2024-01-01"); floats need a digit
 * (`[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?` once `_` are removed: `.`, `-.`, `e3` and `.e3` are strings);
 * and Go's strconv.ParseInt with base 0 also reads `0o17` as 15.
 */

/** A rule for words: the plain scalars in `words` are `value`. */
interface WordRule {
  tag: 'null' | 'bool';
  words: readonly string[];
  value: null | boolean;
}

/** A rule for numbers: a plain scalar matching `test` is `resolve(source)`. */
interface NumberRule {
  tag: 'int' | 'float';
  /** The `yaml` package's format name (it only matters when writing YAML, which kubeward never does with these). */
  format?: string;
  test: RegExp;
  resolve: (source: string) => number;
}

/** `source` with its `_` removed, read in `radix` after `prefix` characters (past the sign). */
function signed(source: string, prefix: number, radix: number): number {
  const digits = source.replace(/_/g, '');
  const sign = digits[0] === '-' ? -1 : 1;
  const body = digits[0] === '-' || digits[0] === '+' ? digits.slice(1) : digits;
  return sign * parseInt(body.slice(prefix), radix);
}

const WORD_RULES: readonly WordRule[] = [
  { tag: 'null', words: ['', '~', 'null', 'Null', 'NULL'], value: null },
  { tag: 'bool', words: ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'], value: true },
  { tag: 'bool', words: ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'], value: false },
];

/** In the order the `yaml` package tests them (they exclude one another, so the order changes no result). */
const NUMBER_RULES: readonly NumberRule[] = [
  { tag: 'int', format: 'BIN', test: /^[-+]?0b[01_]+$/, resolve: (s) => signed(s, 2, 2) },
  // After the leading 0 (`0_` has no digits: NaN).
  { tag: 'int', format: 'OCT', test: /^[-+]?0[0-7_]+$/, resolve: (s) => signed(s, 1, 8) },
  { tag: 'int', test: /^[-+]?[0-9][0-9_]*$/, resolve: (s) => signed(s, 0, 10) },
  { tag: 'int', format: 'HEX', test: /^[-+]?0x[0-9a-fA-F_]+$/, resolve: (s) => signed(s, 2, 16) },
  {
    tag: 'float',
    test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
    resolve: (s) => (s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? -Infinity : Infinity),
  },
  {
    tag: 'float',
    format: 'EXP',
    test: /^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9_]*[0-9][0-9_]*)[eE][-+]?[0-9]+$/,
    resolve: (s) => Number.parseFloat(s.replace(/_/g, '')),
  },
  { tag: 'float', test: /^[-+]?(?:[0-9][0-9_]*\.[0-9_]*|\.[0-9_]*[0-9][0-9_]*)$/, resolve: (s) => Number.parseFloat(s.replace(/_/g, '')) },
  // Go's strconv.ParseInt with base 0 (what go-yaml v2 calls): `0o17` is 15. YAML 1.1 has no such form.
  { tag: 'int', format: 'OCT', test: /^[-+]?0o[0-7_]+$/, resolve: (s) => signed(s, 2, 8) },
];

/** What resolvePlain returns for a plain scalar that is a string. */
export const NOT_RESOLVED = Symbol('not resolved');

const WORDS = new Map<string, null | boolean>(WORD_RULES.flatMap((rule) => rule.words.map((word) => [word, rule.value] as const)));
const LONGEST_WORD = Math.max(...[...WORDS.keys()].map((word) => word.length));

/** A plain scalar's value by the rules above (null, a boolean, a number), or NOT_RESOLVED for a string. */
export function resolvePlain(source: string): unknown {
  const first = source.charCodeAt(0);
  // Digits, signs and dots start numbers (every number rule's test needs one of them first); words are short.
  if ((first >= 0x30 && first <= 0x39) || first === 0x2b || first === 0x2d || first === 0x2e) {
    for (const rule of NUMBER_RULES) if (rule.test.test(source)) return rule.resolve(source);
    return NOT_RESOLVED;
  }
  if (source.length > LONGEST_WORD) return NOT_RESOLVED;
  const word = WORDS.get(source);
  return word === undefined ? NOT_RESOLVED : word;
}

/** The `yaml` package's scalar tag shape (what its `customTags` option takes and gives). */
interface YamlTag {
  tag?: string;
  format?: string;
  test?: RegExp;
  collection?: string;
}

const RULE_TAGS = new Set(['tag:yaml.org,2002:null', 'tag:yaml.org,2002:bool', 'tag:yaml.org,2002:int', 'tag:yaml.org,2002:float']);

const escape = (word: string) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The rules above as `yaml` package tags (parse only: kubeward never writes YAML with them). Made on first use: only
 * the `yaml` package's path reads them, and making them (a regular expression and a replace per word) was ~60 us of
 * every run's start.
 */
let yamlRuleTags: YamlTag[] | undefined;
const makeYamlRuleTags = (): YamlTag[] => [
  ...WORD_RULES.map((rule) => ({
    identify: (value: unknown) => value === rule.value,
    default: true,
    tag: `tag:yaml.org,2002:${rule.tag}`,
    test: new RegExp(`^(?:${rule.words.map(escape).join('|')})$`),
    resolve: () => rule.value,
  })),
  ...NUMBER_RULES.map((rule) => ({
    identify: (value: unknown) => typeof value === 'number',
    default: true,
    tag: `tag:yaml.org,2002:${rule.tag}`,
    ...(rule.format ? { format: rule.format } : {}),
    test: rule.test,
    resolve: (source: string) => rule.resolve(source),
  })),
];

/**
 * The `yaml` package's YAML 1.1 tags (its `customTags` option) with the rules above in place of its null, bool, int
 * and float tags, and without its sexagesimal and timestamp tags.
 */
export function yamlScalarTags<T>(tags: T[]): T[] {
  const out: T[] = [];
  let placed = false;
  for (const t of tags) {
    const tag = t as YamlTag;
    if (tag.format === 'TIME' || tag.tag === 'tag:yaml.org,2002:timestamp') continue;
    if (!tag.collection && tag.tag !== undefined && RULE_TAGS.has(tag.tag)) {
      if (!placed) out.push(...((yamlRuleTags ??= makeYamlRuleTags()) as T[]));
      placed = true;
      continue;
    }
    out.push(t);
  }
  if (!placed) out.push(...((yamlRuleTags ??= makeYamlRuleTags()) as T[]));
  return out;
}

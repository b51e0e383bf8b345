/**
 * What a value takes written out as JSON, and whether JSON carries it exactly: the index cache's encoding of entries
 * and objects (src/engine/index-cache.ts, `encode`), and the index pass's copy of a file's entries (entriesOf in
 * src/resources/resources.ts), which is that same JSON text read back.
 */

/**
 * The most a cached value may take written out, in characters. A YAML file's aliases may repeat a long string or a
 * map up to the readers' expansion limit (100,000 nodes a document): written out as JSON, a 32 KB file gave 28 MB of
 * cache, a 678 KB one a string too long for V8, which failed the run. A map or list reached again is written once
 * (V8's serialization); a file whose entries are still bigger is not kept in the index cache: each run reads it.
 */
export const MAX_WRITTEN = 4 * 1024 * 1024;

/**
 * How a value is written: `left` of the characters allowed (< 0: too big to keep), `exact` (JSON carries every value
 * in it) and `shared` (an object is reached twice: a YAML alias's value is its anchor's object).
 */
export interface Written {
  left: number;
  exact: boolean;
  shared: boolean;
}

/**
 * Walk `value` as JSON writes it, in one pass: whether JSON carries it exactly (no undefined, non-finite number, -0,
 * class instance, hole or bigint), whether an object is reached twice (as a YAML alias's value is its anchor's object:
 * written once, as often as it is reached by JSON), and what it costs (an object reached again a reference, a string
 * each time it is reached). Stops once over the limit.
 */
export function measureWritten(value: unknown, written: Written, depth = 0, seen = new Set<object>()): void {
  if (typeof value === 'string') {
    written.left -= value.length + 2;
    return;
  }
  if (value === null || typeof value === 'boolean') {
    written.left -= 24;
    return;
  }
  if (typeof value === 'number') {
    written.left -= 24;
    if (!Number.isFinite(value) || Object.is(value, -0)) written.exact = false;
    return;
  }
  if (typeof value !== 'object') {
    written.left -= 24;
    written.exact = false;
    return;
  }
  if (seen.has(value)) {
    written.left -= 24;
    written.shared = true;
    return;
  }
  if (depth > 512) {
    written.left = -1;
    return;
  }
  seen.add(value);
  written.left -= 2;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length && written.left >= 0; i++) {
      if (!(i in value)) written.exact = false;
      written.left -= 1;
      measureWritten(value[i], written, depth + 1, seen);
    }
    return;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) written.exact = false;
  for (const key in value) {
    if (written.left < 0) return;
    written.left -= key.length + 4;
    measureWritten((value as Record<string, unknown>)[key], written, depth + 1, seen);
  }
}

/**
 * `value` as JSON text when JSON carries it exactly, it reaches no object twice and it is no longer than MAX_WRITTEN
 * (what `encode` writes of it as it is); else undefined.
 */
export function exactJson(value: unknown): string | undefined {
  const written: Written = { left: MAX_WRITTEN, exact: true, shared: false };
  measureWritten(value, written);
  return written.left >= 0 && written.exact && !written.shared ? JSON.stringify(value) : undefined;
}

/**
 * The JSON text of a value known to be one JSON carries exactly and that reaches no object twice (a skim's values:
 * src/parse/block-reader.ts, lastSkimIsJson), as exactJson gives it, without its walk when the text is short enough
 * that the walk could not have found it too long: the walk counts at most 24 characters for each one of the text, so a
 * text of at most MAX_WRITTEN / 24 is within its limit (and the reader's nesting, 64 levels, within its depth).
 */
export function plainJson(value: unknown): string | undefined {
  const json = JSON.stringify(value);
  return json.length <= MAX_WRITTEN / 24 ? json : exactJson(value);
}

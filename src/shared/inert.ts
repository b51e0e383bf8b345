/**
 * Text that is safe to print: what a linted tree wrote (names, keys, values, tags, file names) may hold line breaks,
 * terminal escape sequences or GitHub workflow commands (`::error ...`, `::add-mask::`, `::stop-commands::`). Every
 * message kubeward builds and every line a text formatter prints goes through `inert`, so no printed value can start
 * an output line of its own, move the cursor, rewrite a line or set a terminal's title.
 */

/**
 * The characters written as visible escapes: C0 controls (line feed, carriage return, tab, ESC, BEL...), DEL, C1
 * controls (U+0080-U+009F: U+009B is a one-character CSI, U+0085 a line break for some readers), the Unicode line and
 * paragraph separators, and the bidirectional overrides and isolates that reorder what a reader sees.
 */
// eslint-disable-next-line no-control-regex -- matching the control characters is the point
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeOne(c: string): string {
  return NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** `text` with every control character written as a visible escape (`\n`, `\r`, `\t`, `\u001b`...). Idempotent. */
export function inert(text: string): string {
  CONTROL.lastIndex = 0;
  return CONTROL.test(text) ? text.replace(CONTROL, escapeOne) : text;
}

/** The longest value a message quotes from the linted tree (a name, key, value, tag or alias name). */
export const MAX_EXCERPT = 200;

/** The longest message text kubeward builds or prints, as a last bound. */
export const MAX_MESSAGE = 2000;

/**
 * At most `max` characters of `text` made inert: longer text keeps its start and ends with `…` (never a lone half of
 * a surrogate pair).
 */
export function excerpt(text: string, max = MAX_EXCERPT): string {
  // An escape is at most 6 characters: the first 6 × max characters are all that can show (cheap on a 1 MB value).
  const head = text.length > max * 6 ? text.slice(0, max * 6) : text;
  const escaped = inert(head);
  if (escaped.length <= max) return escaped;
  let cut = max - 1;
  // Never cut an escape (`\u001b`) or a surrogate pair in two.
  for (let p = Math.max(0, cut - 5); p < cut; p++) {
    const escape = /^\\(?:u[0-9a-f]{4}|[nrt])/.exec(escaped.slice(p, p + 6));
    if (escape && p + escape[0].length > cut) {
      cut = p;
      break;
    }
  }
  const code = escaped.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--;
  return `${escaped.slice(0, cut)}…`;
}

/** A value quoted in a message: `"name"`, inert and bounded. */
export function quote(value: unknown, max = MAX_EXCERPT): string {
  return `"${excerpt(String(value), max)}"`;
}

/** The longest identity a message carries (`object`, `path`): every valid Kubernetes name fits; a 1 MB one does not. */
export const MAX_IDENTITY = 512;

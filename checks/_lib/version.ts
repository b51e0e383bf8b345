/**
 * `major.minor` Kubernetes versions read without regular expressions: V8 compiles an expression on its first uses
 * (20 to 40 µs apiece), and the checks read the target version on every run. test/regex-free.test.ts compares these
 * with the expressions they replace.
 */

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

/** Where the run of ASCII digits from `at` ends. */
function digitsEnd(text: string, at: number): number {
  while (at < text.length && isDigit(text.charCodeAt(at))) at++;
  return at;
}

/**
 * `[major, minor]` of a version (surrounding blanks ignored, an optional `v` first): with `whole`, the text is only
 * that and an optional `.patch` (`/^v?(\d+)\.(\d+)(?:\.\d+)?$/`); without, only its start must be (`/^v?(\d+)\.(\d+)/`).
 * Undefined when it is not.
 */
export function majorMinor(version: string, whole: boolean): [number, number] | undefined {
  const text = version.trim();
  const start = text.charCodeAt(0) === 0x76 /* v */ ? 1 : 0;
  const majorEnd = digitsEnd(text, start);
  if (majorEnd === start || text.charCodeAt(majorEnd) !== 0x2e /* . */) return undefined;
  const minorEnd = digitsEnd(text, majorEnd + 1);
  if (minorEnd === majorEnd + 1) return undefined;
  if (whole && minorEnd < text.length) {
    if (text.charCodeAt(minorEnd) !== 0x2e) return undefined;
    const patchEnd = digitsEnd(text, minorEnd + 1);
    if (patchEnd === minorEnd + 1 || patchEnd < text.length) return undefined;
  }
  return [Number(text.slice(start, majorEnd)), Number(text.slice(majorEnd + 1, minorEnd))];
}

/**
 * Deterministic random strings over an alphabet (a linear congruential generator from `seed`): for the tests that
 * compare a loop with the regular expression it replaced, on what each looks for and what it must not take for it.
 */
export function randomStrings(alphabet: readonly string[], count: number, maxLength: number, seed: number): string[] {
  const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let s = '';
    const length = Math.floor(random() * maxLength);
    for (let j = 0; j < length; j++) s += alphabet[Math.floor(random() * alphabet.length)];
    out.push(s);
  }
  return out;
}

/**
 * hasLongImplicitKey (src/parse/text-scan.ts): a line longer than 1,024 characters whose first `: ` (or `:` at its
 * end) comes after its 1,024th character holds an implicit key YAML refuses; both fast readers leave such a file to
 * the `yaml` package. It skips short lines in long steps: it must find the same lines as a look at every line.
 */
import { describe, expect, it } from 'vitest';
import { hasLongImplicitKey } from '../../src/parse/text-scan.js';

/** Every line looked at, one by one. */
function reference(text: string): boolean {
  return text.split('\n').some((line) => line.length > 1024 && line.search(/:(?:\s|$)/) > 1024);
}

describe('hasLongImplicitKey', () => {
  it('finds a long key at the start, middle and end of a text, and nothing in short lines or long values', () => {
    const key = `${'k'.repeat(1030)}: v`;
    const short = 'a: b\n'.repeat(500);
    expect(hasLongImplicitKey(key)).toBe(true);
    expect(hasLongImplicitKey(`${short}${key}\n${short}`)).toBe(true);
    expect(hasLongImplicitKey(`${short}${key}`)).toBe(true);
    expect(hasLongImplicitKey(`${short}${'k'.repeat(1030)}:`)).toBe(true);
    expect(hasLongImplicitKey(short)).toBe(false);
    expect(hasLongImplicitKey(`${short}key: ${'v'.repeat(5000)}\n${short}`)).toBe(false);
    expect(hasLongImplicitKey(`${'k'.repeat(1024)}: v\n`.repeat(3))).toBe(false);
    expect(hasLongImplicitKey(`${'k'.repeat(1025)}: v\n`)).toBe(true);
    expect(hasLongImplicitKey(`${'k'.repeat(1025)}:v\n${'x'.repeat(2000)}`)).toBe(false);
  });

  it('agrees with a look at every line on texts of short and long lines, line breaks at every distance', () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const pieces = ['a: b', 'x', '', ': ', ':', ' # c: d', 'k'.repeat(1000), 'v'.repeat(24), 'w'.repeat(1025)];
    const seen = { true: 0, false: 0 };
    for (let round = 0; round < 400; round++) {
      let text = '';
      const lines = 1 + random(12);
      for (let l = 0; l < lines; l++) {
        const parts = random(5);
        for (let p = 0; p < parts; p++) text += pieces[random(pieces.length)];
        if (l < lines - 1 || random(2)) text += '\n';
      }
      expect(hasLongImplicitKey(text), JSON.stringify(text.slice(0, 80))).toBe(reference(text));
      seen[`${reference(text)}`]++;
    }
    // Both answers came up often.
    expect(Math.min(seen.true, seen.false)).toBeGreaterThan(40);
  });
});

/**
 * The text edits the stylish formatter makes to each row (src/report/stylish.ts) and stripAnsi's shortcut
 * (src/report/ansi.ts) are loops instead of regular expressions (V8 compiles an expression on its first uses): they
 * must give what the expressions gave, on hand-picked and random strings.
 */
import { describe, expect, it } from 'vitest';
import { randomStrings } from './random-strings.js';
import { lineAndColumn, withoutFinalDot } from '../src/report/stylish.js';
import { stripAnsi, styles } from '../src/report/ansi.js';

const finalDot = (text: string) => text.replace(/([^ ])\.$/u, '$1');
const lineColumn = (row: string, dim: (s: string) => string) => row.replace(/(\d+)\s+(\d+)/u, (_m, l, col) => dim(`${l}:${col}`));
// eslint-disable-next-line no-control-regex
const ansi = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '');

// Every character `\s` matches, and neighbours it does not (U+001C-U+001F, U+180E, U+200B).
const SPACES = [
  ' ',
  '\t',
  '\n',
  '\v',
  '\f',
  '\r',
  '\u00a0',
  '\u1680',
  '\u2000',
  '\u2005',
  '\u200a',
  '\u2028',
  '\u2029',
  '\u202f',
  '\u205f',
  '\u3000',
  '\ufeff',
];
const NOT_SPACES = ['\u001c', '\u001f', '\u180e', '\u200b', '\u0085'];

describe('stylish row edits', () => {
  it('drop a final dot as /([^ ])\\.$/u did', () => {
    const picked = ['', '.', '..', ' .', 'a.', 'a .', 'a..', 'a.b', 'end.\n', '\ud83d\ude00.', '\ud83d.', '\ude00.', '\t.', 'é.'];
    for (const s of [...picked, ...randomStrings(['a', ' ', '.', '\t', '\ud83d', '\ude00', '\n'], 3000, 6, 17)])
      expect(withoutFinalDot(s), JSON.stringify(s)).toBe(finalDot(s));
  });

  it('style the first line and column as /(\\d+)\\s+(\\d+)/u did', () => {
    const dim = (s: string) => `<${s}>`;
    const id = (s: string) => s;
    const picked = ['', '  12:5', '  12  5  error  text 3 4', '  1  x 2  3', '1 2', '12', ' 1 ', '1 a 2 3', '٣ 4 5', '1\u180e2 3 4', '10\u3000\ufeff20'];
    const random = randomStrings(['1', '0', '9', 'a', ':', ...SPACES, ...NOT_SPACES, '\ud83d\ude00'], 4000, 9, 17);
    for (const s of [...picked, ...random]) {
      expect(lineAndColumn(s, dim), JSON.stringify(s)).toBe(lineColumn(s, dim));
      expect(lineAndColumn(s, id), JSON.stringify(s)).toBe(lineColumn(s, id));
    }
  });

  it('strip colour as the expression does, and return text without an escape as it is', () => {
    const c = styles(true);
    const picked = ['', 'plain', c.red('error'), `${c.dim('12:5')} ${c.bold('x')}`, '\u001b[', '\u001b[31', '\u001b[31;1mx', '\u001bx'];
    for (const s of [...picked, ...randomStrings(['\u001b', '[', '3', ';', 'm', 'a'], 3000, 8, 17)]) expect(stripAnsi(s), JSON.stringify(s)).toBe(ansi(s));
    const text = 'no escape here';
    expect(stripAnsi(text)).toBe(text);
  });
});

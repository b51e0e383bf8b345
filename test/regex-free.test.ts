/**
 * Text helpers that replaced regular expressions on a one-file run's path (V8 compiles an expression on its first
 * uses, 20 to 50 µs apiece): each must answer as its expression did, on hand-picked and random strings. The stylish
 * formatter's are in test/stylish-text.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { randomStrings } from './random-strings.js';
import { splitTemplate } from '../src/check/run.js';
import { isJsonFile } from '../src/fix/fix.js';
import { majorMinor } from '../checks/_lib/version.js';

/** What the run's templates were split by: [text, key, placeholder, text, ...]. */
function byExpression(template: string): string[] {
  const parts: string[] = [];
  let from = 0;
  for (const match of template.matchAll(/\{\{\s*([\w.-]+)\s*\}\}/g)) {
    parts.push(template.slice(from, match.index), match[1], match[0]);
    from = match.index + match[0].length;
  }
  parts.push(template.slice(from));
  return parts;
}

describe('regular-expression-free helpers', () => {
  it("split a check's message template at its placeholders as the expression did", () => {
    const picked = [
      '',
      'plain',
      '{{object}} runs as root',
      '{{ object }} {{container}}: {{ a.b-c_d }}',
      '{{}} {{ }} {{a b}} {{a}',
      '{{{x}}} {{{{y}}}}',
      '{{\u00a0x\u3000}} {{\ufeffy\u2028}} {{\u180ez}}',
      '{{é}} {{x',
      '}}{{x}}{{',
    ];
    const alphabet = ['{', '{{', '}', '}}', 'a', 'Z', '9', '_', '.', '-', ' ', '\t', '\u00a0', '\u200b', 'é', ':'];
    for (const t of [...picked, ...randomStrings(alphabet, 4000, 10, 7)]) expect(splitTemplate(t), JSON.stringify(t)).toEqual(byExpression(t));
  });

  it('tell JSON files by name as /\\.json$/i did', () => {
    const picked = ['a.json', 'A.JSON', 'x.Json', '.json', 'json', 'a.jso', 'a.json.yaml', 'a.jsonl', 'a.j\u017Fon', 'a\\.json', ''];
    const alphabet = ['.', 'j', 'J', 's', 'S', 'o', 'O', 'n', 'N', '\u017F', '\u212A', 'x'];
    for (const p of [...picked, ...randomStrings(alphabet, 4000, 7, 7)]) expect(isJsonFile(p), JSON.stringify(p)).toBe(/\.json$/i.test(p));
  });

  it('read major.minor versions as the expressions did, whole and by their start', () => {
    const whole = (v: string) => {
      const m = /^v?(\d+)\.(\d+)(?:\.\d+)?$/.exec(v.trim());
      return m ? [Number(m[1]), Number(m[2])] : undefined;
    };
    const start = (v: string) => {
      const m = /^v?(\d+)\.(\d+)/.exec(v.trim());
      return m ? [Number(m[1]), Number(m[2])] : undefined;
    };
    const picked = ['1.36', 'v1.36', ' 1.25.3 ', 'v1.36.0-rc.1', '1.', '.1', '1', 'v', 'vv1.2', '1..2', '01.007', '1.2.', '1.2.3.4', '\u00a01.2\n', '１.2'];
    const alphabet = ['1', '0', '9', '.', 'v', ' ', '-', 'x', '\t'];
    for (const v of [...picked, ...randomStrings(alphabet, 4000, 8, 7)]) {
      expect(majorMinor(v, true), JSON.stringify(v)).toEqual(whole(v));
      expect(majorMinor(v, false), JSON.stringify(v)).toEqual(start(v));
    }
  });
});

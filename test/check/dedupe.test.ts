/**
 * One problem, one message (src/check/run.ts, dedupe): exact repeats of a rule's message at a position go, other texts
 * of the same rule at the same position stay, in order; a superseded message gives way to the one that supersedes it.
 */
import { describe, expect, it } from 'vitest';
import type { Check } from '../../src/check-api.js';
import { dedupe } from '../../src/check/index.js';
import type { LintMessage } from '../../src/shared/types.js';

const at = (ruleId: string | null, line: number, column: number, message: string, messageId = 'm'): LintMessage => ({
  ruleId,
  severity: 1,
  message,
  messageId,
  line,
  column,
});

describe('dedupe', () => {
  it('drops exact repeats and keeps every other text of a rule at a position', () => {
    const messages = [
      at('a', 1, 1, 'x'),
      at('a', 1, 1, 'y'),
      at('a', 1, 1, 'x'),
      at('a', 1, 1, 'z'),
      at('a', 1, 1, 'y'),
      at('a', 1, 1, 'z'),
      at('a', 1, 2, 'x'),
      at('b', 1, 1, 'x'),
      at(null, 1, 1, 'x'),
      at(null, 1, 1, 'x'),
      at('a', 11, 1, 'x'),
      at('a', 1, 11, 'x'),
    ];
    expect(dedupe(messages, []).map((m) => `${m.ruleId} ${m.line}:${m.column} ${m.message}`)).toEqual([
      'a 1:1 x',
      'a 1:1 y',
      'a 1:1 z',
      'a 1:2 x',
      'b 1:1 x',
      'null 1:1 x',
      'a 11:1 x',
      'a 1:11 x',
    ]);
  });

  it('drops a message superseded at its position, and only there', () => {
    const checks = [{ meta: { id: 'new', supersedes: [{ ruleId: 'old', messageId: 'gone' }] } } as unknown as Check];
    const messages = [at('old', 2, 3, 'o', 'gone'), at('new', 2, 3, 'n'), at('old', 4, 1, 'o', 'gone'), at('old', 2, 3, 'p', 'other')];
    expect(dedupe(messages, checks).map((m) => `${m.ruleId} ${m.line}:${m.column} ${m.message}`)).toEqual(['new 2:3 n', 'old 4:1 o', 'old 2:3 p']);
  });
});

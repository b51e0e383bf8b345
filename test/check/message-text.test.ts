/**
 * A message's text from its template (src/check/run.ts, messageText): each `{{ key }}` placeholder replaced by its
 * value, made inert and bounded; a placeholder with no value is kept as written; `$` patterns in values are text.
 * Templates are split once and kept, so the same template with other data must give other texts.
 */
import { describe, expect, it } from 'vitest';
import type { Check } from '../../src/check-api.js';
import { lintCase } from '../../src/testing/check-tester.js';

const check: Check = {
  meta: {
    id: 'test-message-text',
    description: 'Reports the labels of each object, to test message texts.',
    severity: 'warning',
    scope: 'object',
    messages: {
      many: '{{object}} has a={{ a }}, b={{b}} and a again={{a}}; {{missing}} and {{ not-given.x }} stay; {{}} is no placeholder',
      none: 'no placeholders here',
      edges: '{{a}}{{b}}',
    },
    remediation: 'Nothing to fix: a test check.',
    guideline: 'none',
  },
  *check(resource) {
    const labels = (resource.object.metadata?.labels ?? {}) as Record<string, string>;
    yield { messageId: 'many', data: { a: labels.a ?? '', b: labels.b ?? '' }, path: ['metadata'] };
    yield { messageId: 'none', path: ['metadata'] };
    yield { messageId: 'edges', data: { a: labels.a ?? '', b: 7 }, path: ['metadata'] };
  },
};

const pod = (name: string, a: string, b: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  labels:\n    a: ${JSON.stringify(a)}\n    b: ${JSON.stringify(b)}\n`;

async function texts(code: string): Promise<string[]> {
  const result = await lintCase(check, { name: 'message texts', code });
  // Messages at one position are in the order of their texts.
  return result.messages.map((m) => m.message).sort();
}

describe('message texts', () => {
  it('fills every placeholder, repeated or spaced, and keeps the ones without a value', async () => {
    expect(await texts(pod('one', 'x', 'y'))).toEqual([
      'Pod "one" has a=x, b=y and a again=x; {{missing}} and {{ not-given.x }} stay; {{}} is no placeholder',
      'no placeholders here',
      'x7',
    ]);
  });

  it('gives the same template other texts for other data, `$` patterns as text', async () => {
    expect(await texts(pod('two', '$&', "$1$'"))).toEqual([
      '$&7',
      'Pod "two" has a=$&, b=$1$\' and a again=$&; {{missing}} and {{ not-given.x }} stay; {{}} is no placeholder',
      'no placeholders here',
    ]);
  });

  it('bounds each value and makes it inert', async () => {
    const many = (await texts(pod('three', 'v'.repeat(1000), 'line\nbreak'))).find((t) => t.startsWith('Pod'));
    expect(many).toContain('b=line\\nbreak');
    expect(many).toMatch(/a=v{319}…, b=/);
  });
});

/**
 * Hostile and broken input, one committed fixture per case (test/hostile/fixtures/), with exact expectations: the
 * parse error (ruleId null, fatal, line, column, message) and the findings of the documents around it, which must
 * still be linted. The fixtures of broken YAML hold a good Pod "before" and a good Pod "after" the broken document.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseText } from '../../src/parse/index.js';
import { brief, FIXTURES, lintOne, mayRunAsRoot } from './helpers.js';

const AFTER_QUOTE = 'Parsing error: unsupported YAML tag';
const BOMB = 'Parsing error: aliases expand to more than 100000 nodes (a "billion laughs" alias bomb?); write the repeated parts out or use fewer aliases';
const TAG_HINT = '(a custom tag, or a standard tag on the wrong kind of value): Kubernetes cannot read it and kubeward never runs tags; remove the tag';

interface Case {
  /** The parse errors, exactly: [messageId, line, column, message]. */
  errors: Array<[string, number, number, string]>;
  /** Line of the "before" Pod's finding (undefined: the fixture has none). */
  before?: number;
  /** Line of the "after" Pod's finding. */
  after?: number;
}

const CASES: Record<string, Case> = {
  'syntax-tab-indent.yaml': { errors: [['TAB_AS_INDENT', 14, 1, 'Parsing error: Tabs are not allowed as indentation']], before: 8, after: 23 },
  'syntax-unclosed-double-quote.yaml': { errors: [['MISSING_CHAR', 14, 9, 'Parsing error: Missing closing "quote']], before: 8, after: 23 },
  'syntax-unclosed-single-quote.yaml': { errors: [['MISSING_CHAR', 14, 9, "Parsing error: Missing closing 'quote"]], before: 8, after: 23 },
  'syntax-unclosed-flow.yaml': {
    errors: [['BAD_INDENT', 14, 1, 'Parsing error: Flow sequence in block collection must be sufficiently indented and end with a ]']],
    before: 8,
    after: 22,
  },
  'syntax-bad-indent.yaml': { errors: [['BAD_INDENT', 15, 1, 'Parsing error: All mapping items must start at the same column']], before: 8, after: 24 },
  'syntax-bad-escape.yaml': { errors: [['BAD_DQ_ESCAPE', 14, 7, 'Parsing error: Invalid escape sequence \\q']], before: 8, after: 23 },
  'syntax-reserved-char.yaml': {
    errors: [['BAD_SCALAR_START', 14, 6, 'Parsing error: Plain value cannot start with reserved character @']],
    before: 8,
    after: 23,
  },
  'syntax-nested-compact-map.yaml': {
    errors: [['BLOCK_AS_IMPLICIT_KEY', 13, 7, 'Parsing error: Nested mappings are not allowed in compact mappings']],
    before: 8,
    after: 22,
  },
  'syntax-multiline-key.yaml': {
    errors: [['MULTILINE_IMPLICIT_KEY', 13, 1, 'Parsing error: Implicit keys need to be on a single line']],
    before: 8,
    after: 23,
  },
  'syntax-long-key.yaml': {
    errors: [['KEY_OVER_1024_CHARS', 13, 1, 'Parsing error: The : indicator must be at most 1024 chars after the start of an implicit block mapping key']],
    before: 8,
    after: 22,
  },
  'syntax-two-anchors.yaml': { errors: [['MULTIPLE_ANCHORS', 13, 10, 'Parsing error: A node can have at most one anchor']], before: 8, after: 22 },
  'syntax-two-tags.yaml': { errors: [['MULTIPLE_TAGS', 13, 13, 'Parsing error: A node can have at most one tag']], before: 8, after: 22 },
  'syntax-alias-with-tag.yaml': { errors: [['ALIAS_PROPS', 14, 13, 'Parsing error: An alias node must not specify any properties']], before: 8, after: 23 },
  'syntax-empty-alias.yaml': { errors: [['BAD_ALIAS', 13, 7, 'Parsing error: Alias cannot be an empty string']], before: 8, after: 22 },
  'syntax-unresolved-alias.yaml': {
    errors: [['BAD_ALIAS', 13, 7, 'Parsing error: alias *nowhere names no anchor before it; define &nowhere first']],
    before: 8,
    after: 22,
  },
  'syntax-unexpected-token.yaml': {
    errors: [['UNEXPECTED_TOKEN', 13, 1, 'Parsing error: Unexpected flow-seq-end token in YAML stream: "]"']],
    before: 8,
    after: 22,
  },
  'syntax-bad-directive.yaml': { errors: [['BAD_DIRECTIVE', 11, 1, 'Parsing error: %TAG directive should contain exactly two parts']], before: 8, after: 23 },
  'duplicate-keys.yaml': {
    errors: [['DUPLICATE_KEY', 15, 3, 'Parsing error: Map keys must be unique: "name" appears twice; remove one']],
    before: 8,
    after: 24,
  },
  'alias-bomb.yaml': { errors: [['alias', 11, 10, BOMB]], after: 23 },
  'alias-wide.yaml': { errors: [['alias', 7, 604, BOMB]], after: 16 },
  'alias-cycle.yaml': {
    errors: [['aliasCycle', 14, 9, 'Parsing error: alias *d is inside the node it repeats (a cycle); remove the alias']],
    before: 8,
    after: 23,
  },
  'custom-tags.yaml': {
    errors: [
      ['tag', 6, 8, `${AFTER_QUOTE} "!!js/function" ${TAG_HINT}`],
      ['tag', 13, 8, `${AFTER_QUOTE} "!!python/object/apply:os.system" ${TAG_HINT}`],
      ['tag', 20, 8, `${AFTER_QUOTE} "!include" ${TAG_HINT}`],
    ],
    after: 29,
  },
  'trailing-dots.yaml': { errors: [], before: 8 },
  'only-dashes.yaml': { errors: [] },
  'empty.yaml': { errors: [] },
  'only-comments.yaml': { errors: [] },
};

describe('hostile fixtures: exact diagnostics, and the other documents of the file still linted', () => {
  it('every fixture has a case and every case a fixture', () => {
    const special = ['merge-keys.yaml', 'proto-keys.yaml'];
    expect(fs.readdirSync(FIXTURES).sort()).toEqual([...Object.keys(CASES), ...special].sort());
  });

  for (const [name, c] of Object.entries(CASES)) {
    it(name, async () => {
      const result = await lintOne(path.join(FIXTURES, name));
      const expected = [
        ...(c.before ? [mayRunAsRoot('before', c.before)] : []),
        ...c.errors.map(([messageId, line, column, message]) => ({ ruleId: null, messageId, line, column, message })),
        ...(c.after ? [mayRunAsRoot('after', c.after)] : []),
      ];
      expect(result.messages.map(brief)).toEqual(expected);
      for (const m of result.messages.filter((m) => m.ruleId === null)) {
        expect(m).toMatchObject({ fatal: true, severity: 2 });
      }
      expect(result.fatalErrorCount).toBe(c.errors.length);
    });
  }

  it("merge keys (<<) are read as YAML 1.1 says: the map's own keys win over merged ones", async () => {
    const result = await lintOne(path.join(FIXTURES, 'merge-keys.yaml'));
    expect(result.messages.map(brief)).toEqual([
      {
        ruleId: 'run-as-non-root',
        messageId: 'runAsRootUser',
        line: 16,
        column: 18,
        message: 'Pod "merged" container "sidecar" runs as root: runAsUser is 0 (set on the container)',
      },
    ]);
  });

  it('__proto__, constructor and prototype keys are plain own keys: no prototype pollution, findings still come out', async () => {
    const text = fs.readFileSync(path.join(FIXTURES, 'proto-keys.yaml'), 'utf8');
    const result = await lintOne(path.join(FIXTURES, 'proto-keys.yaml'));
    // spec.__proto__ holds runAsNonRoot: true; were it the prototype of spec, the pod would look safe.
    expect(result.messages.map(brief)).toEqual([mayRunAsRoot('proto', 19)]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    const [document] = parseText(text, 'proto-keys.yaml').documents;
    const value = document.value as Record<string, any>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['apiVersion', 'kind', '__proto__', 'constructor', 'prototype', 'metadata', 'spec']);
    expect(Object.getOwnPropertyDescriptor(value, '__proto__')?.value).toEqual({ polluted: true });
    expect(value.polluted).toBeUndefined();
    expect(Object.getPrototypeOf(value.spec)).toBe(Object.prototype);
    expect(value.spec.securityContext).toBeUndefined();
    expect(Object.keys(value.metadata.labels)).toEqual(['__proto__', 'constructor']);
    // The merge source `{__proto__: {...}}` merges an own key, never a prototype.
    expect(Object.getOwnPropertyDescriptor(value.spec.containers[0], '__proto__')?.value).toEqual({ polluted: true });
    expect(value.spec.containers[0].polluted).toBeUndefined();
  });
});

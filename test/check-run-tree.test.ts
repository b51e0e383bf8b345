/**
 * src/check/run.ts reads a document's tree before placing a finding whose fix or suggestion reads it (so that the text
 * walk of src/parse/position.ts does not also run for that document), and only then: a finding without an edit, a
 * pass without positions and a finding past the message limit leave the tree unread. Also: objects inside their
 * document (List items), and message texts filled from a finding's data and its object.
 */
import { describe, expect, it } from 'vitest';
import type { Check, Finding, FixOp, KubeObject } from '../src/check-api.js';
import { checkResource, runChecks, type CheckPlacement, type CheckRun, type RunRule } from '../src/check/run.js';
import { editReadsTree } from '../src/fix/fix.js';
import { locate, parseText, type ParsedFile } from '../src/parse/index.js';
import type { SourceResource } from '../src/resources/index.js';
import type { LintMessage } from '../src/shared/types.js';

const TEXT = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: nginx\n';
const SET: FixOp = { op: 'set', path: ['spec', 'containers', 0, 'securityContext', 'privileged'], value: false };

function sourceOf(file: ParsedFile): SourceResource {
  const document = file.documents[0];
  const object = document.value as KubeObject;
  return {
    object,
    apiVersion: 'v1',
    kind: 'Pod',
    name: 'p',
    namespace: undefined,
    namespaceSource: undefined,
    filePath: file.filePath,
    documentIndex: 0,
    basePath: [],
    isPatch: false,
    linted: true,
    raw: { document, basePath: [], value: object },
    file,
  };
}

function checkOf(finding: Finding, meta: Partial<Check['meta']> = {}): Check {
  return {
    meta: {
      id: 'x',
      description: 'x',
      severity: 'error',
      scope: 'object',
      messages: { m: '{{object}} x' },
      remediation: 'r',
      guideline: 'g',
      ...meta,
    },
    check: () => [finding],
  };
}

const RULE: RunRule = { severity: 2, options: {}, defaultSeverity: 2, strict: false };

/** Runs `check` on TEXT's Pod; what `unreadTree()` said when the finding was placed, the tree after, the messages. */
function place(check: Check, options: { positions?: boolean; full?: boolean; filePath?: string } = {}) {
  const file = parseText(TEXT, options.filePath ?? '/r/p.yaml');
  const resource = sourceOf(file);
  const document = resource.raw.document;
  expect(document.unreadTree()).toBe(0);
  const run: CheckRun = {
    checks: [check],
    rules: new Map([['x', RULE]]),
    kubernetesVersion: '1.30',
    index: undefined as never,
    fixStrict: false,
    ...(options.positions === false ? { positions: false } : {}),
  };
  const atLocate: Array<number | undefined> = [];
  const messages: LintMessage[] = [];
  const placement: CheckPlacement = {
    locate: (path, pointAt) => {
      atLocate.push(document.unreadTree());
      if (options.positions === false && path.length) throw new Error('no positions in this pass');
      return locate(document, path, file.lineCounter, file.text, pointAt);
    },
    edits: resource,
    report: (message) => messages.push(message),
    ...(options.full ? { full: () => true } : {}),
  };
  checkResource(run, resource, placement);
  return { atLocate, unreadAfter: document.unreadTree(), messages };
}

describe('the tree is read before placing a finding that an edit reads it for', () => {
  const finding: Finding = { messageId: 'm', path: SET.path, fix: SET };

  it('a fixable finding: placed from the tree, at the same position as from the text', () => {
    const withFix = place(checkOf(finding, { fixable: true }));
    expect(withFix.atLocate).toEqual([undefined]);
    expect(withFix.messages[0].fix).toBeDefined();
    // Not fixable: placed from the text, the tree never read; the position is the same.
    const noFix = place(checkOf(finding));
    expect(noFix.atLocate).toEqual([0]);
    expect(noFix.unreadAfter).toBe(0);
    const { line, column, endLine, endColumn } = noFix.messages[0];
    expect(withFix.messages[0]).toMatchObject({ line, column, endLine, endColumn });
  });

  it('a suggestion that appends a document, and not in a JSON file', () => {
    const suggested: Finding = { messageId: 'm', path: ['metadata'], suggestions: [{ desc: 'd', fix: { op: 'appendDocument', value: { kind: 'X' } } }] };
    expect(place(checkOf(suggested, { hasSuggestions: true })).atLocate).toEqual([undefined]);
    expect(place(checkOf(suggested, { hasSuggestions: true }), { filePath: '/r/p.json' }).atLocate).toEqual([0]);
    // A suggestion of a check that does not declare them is not made: nothing to read.
    expect(place(checkOf(suggested)).atLocate).toEqual([0]);
  });

  it('not for a notice, a pass without positions, or a message only counted', () => {
    expect(place(checkOf({ ...finding, level: 'info' }, { fixable: true })).atLocate).toEqual([0]);
    const noPositions = place(checkOf(finding, { fixable: true }), { positions: false });
    expect(noPositions.unreadAfter).toBe(0);
    expect(noPositions.messages[0].messageId).toBe('internalError');
    const counted = place(checkOf(finding, { fixable: true }), { full: true });
    expect(counted.atLocate).toEqual([0]);
    expect(counted.messages[0].fix).toBeUndefined();
  });
});

describe('an object inside its document (a List item)', () => {
  const text =
    'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Pod\n    metadata:\n      name: p\n    spec:\n      containers:\n        - name: c\n';
  const messageOf = (fixable: boolean) => {
    const file = parseText(text, '/r/list.yaml');
    const document = file.documents[0];
    const item = (document.value as { items: KubeObject[] }).items[0];
    const resource: SourceResource = { ...sourceOf(file), object: item, basePath: ['items', 0], raw: { document, basePath: ['items', 0], value: item } };
    const checks = [checkOf({ messageId: 'm', path: SET.path, fix: SET }, { fixable })];
    const messages = runChecks({ checks, rules: new Map([['x', RULE]]), kubernetesVersion: '1.30', index: undefined as never, fixStrict: false }, file, [
      resource,
    ]);
    expect(messages).toHaveLength(1);
    return messages[0];
  };

  it('is placed and fixed at its own path, under the List', () => {
    // The container's first line (`- name: c`), the deepest part of the path that is there; from the text and the tree.
    expect(messageOf(false)).toMatchObject({ line: 10, column: 11 });
    const fixed = messageOf(true);
    expect(fixed).toMatchObject({ line: 10, column: 11 });
    const { range, text: inserted } = fixed.fix!;
    expect(text.slice(0, range[0]) + inserted + text.slice(range[1])).toBe(`${text}          securityContext:\n            privileged: false\n`);
  });
});

describe('message text', () => {
  it("fills placeholders from the finding's data, `object` from the object unless the data gives one", () => {
    const texts = (data: Finding['data']) =>
      place(checkOf({ messageId: 'm', path: ['metadata'], data }, { messages: { m: '{{object}}: {{ a }} {{missing}} {{n}}' } })).messages.map(
        (m) => m.message,
      );
    expect(texts({ a: 'x\ny', n: 3 })).toEqual(['Pod "p": x\\ny {{missing}} 3']);
    expect(texts({ object: 'it', a: '' })).toEqual(['it:  {{missing}} {{n}}']);
    expect(texts(undefined)).toEqual(['Pod "p": {{ a }} {{missing}} {{n}}']);
  });
});

describe('editReadsTree', () => {
  const file = parseText(TEXT, '/r/p.yaml');
  const target = { file, raw: { document: file.documents[0] }, basePath: [] };
  const append = { op: 'appendDocument' as const, value: { kind: 'X' } };

  it('says what fixToEdit and appendDocumentEdit read', () => {
    expect(editReadsTree(target, SET)).toBe(true);
    expect(editReadsTree(target, append)).toBe(true);
    const json = parseText('{"kind": "Pod"}', '/r/p.JSON');
    const jsonTarget = { file: json, raw: { document: json.documents[0] }, basePath: [] };
    expect(editReadsTree(jsonTarget, SET)).toBe(true);
    expect(editReadsTree(jsonTarget, append)).toBe(false);
  });

  it('no edit, so no tree, in a file with a fatal error; a broken document gets no fix but an appended one', () => {
    const fatal = { ...target, file: Object.assign(Object.create(file) as ParsedFile, { messages: [{ fatal: true }] }) };
    expect(editReadsTree(fatal, SET)).toBe(false);
    expect(editReadsTree(fatal, append)).toBe(false);
    const broken = { ...target, raw: { document: Object.assign(Object.create(file.documents[0]), { broken: true }) } };
    expect(editReadsTree(broken, SET)).toBe(false);
    expect(editReadsTree(broken, append)).toBe(true);
  });
});

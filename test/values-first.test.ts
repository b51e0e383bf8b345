/**
 * The lint pass reads files that hold only CRDs without node trees first (lintRead, src/engine/file-pass.ts): a
 * result with nothing in it is the file's result; anything else is thrown away and the file is read with trees and
 * linted again (a file of the js-yaml path; the block reader's files get their trees per document when asked for). Whichever way, the result is the one of a file linted with trees. Results streamed from the calling
 * thread are not copied.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { indexEntries, makeEngine, type Engine } from '../src/engine/engine.js';
import { lintFile, lintRead } from '../src/engine/file-pass.js';
import { parseText, type ParsedFile } from '../src/parse/index.js';
import { buildRepository, type Repository } from '../src/resources/index.js';
import type { LintResult } from '../src/shared/types.js';
import { tempTree } from './core/helpers.js';

const crd = (name: string, served = 'true') => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: ${name}s.example.org
spec:
  group: example.org
  names: {kind: ${name[0].toUpperCase()}${name.slice(1)}, plural:
    ${name}s}
  scope: Namespaced
  versions:
    - name: v1
      served: ${served}
      storage: true
      schema:
        openAPIV3Schema:
          type: object
`;

/**
 * `crd` is a CRD the js-yaml path reads (the block reader leaves a flow map's value on the line after its key to it),
 * which gives no trees when not asked for; the block reader's files get their trees per document on first use
 * (src/parse/parse.ts).
 */
const blockCrd = (name: string, served = 'true') => crd(name, served).replace('plural:\n    ', 'plural: ');

/** A repository of one file, its engine, and a reader that records the trees asked for. */
function setup(text: string, options: Parameters<typeof makeEngine>[0] = {}) {
  const dir = tempTree({ 'crds.yaml': text });
  const filePath = path.join(dir, 'crds.yaml');
  const engine: Engine = makeEngine({ cwd: dir, ...options });
  const repository: Repository = buildRepository([indexEntries(engine, parseText(text, filePath))], () => true);
  const asked: boolean[] = [];
  const read = (trees: boolean): ParsedFile => {
    asked.push(trees);
    return parseText(fs.readFileSync(filePath, 'utf8'), filePath, 0, { trees });
  };
  const withTrees = () => lintFile(engine, parseText(text, filePath), repository);
  return { engine, repository, read, asked, withTrees };
}

describe('lintRead: values first', () => {
  it('a file with nothing to report is linted once, without node trees', () => {
    const { engine, repository, read, asked, withTrees } = setup(`${crd('gizmo')}---\n${crd('widget')}`);
    const result = lintRead(engine, read, repository, true, true);
    expect(asked).toEqual([false]);
    expect(result.messages).toEqual([]);
    expect(result).toEqual(withTrees());
  });

  it('a finding sends the file to the trees: the result is exactly the one with trees (positions, text)', () => {
    // `served: yes-please` breaks the CRD's schema: the schema rule reports it, at its place.
    const { engine, repository, read, asked, withTrees } = setup(`${crd('gizmo')}---\n${crd('widget', 'yes-please')}`);
    const result = lintRead(engine, read, repository, true, true);
    expect(asked).toEqual([false, true]);
    expect(result.messages.map((m) => [m.ruleId, m.line, m.column, m.endLine, m.endColumn])).toEqual([['schema', 29, 15, 29, 25]]);
    expect(result).toEqual(withTrees());
  });

  it('an unused disable directive (a message without a finding) sends the file to the trees too', () => {
    const text = `# kubeward-disable-next-line no-default-namespace\n${crd('gizmo')}`;
    const { engine, repository, read, asked } = setup(text, { reportUnusedDisableDirectives: 'warn' });
    const result = lintRead(engine, read, repository, true, true);
    expect(asked).toEqual([false, true]);
    expect(result.messages.map((m) => [m.line, m.column, m.message])).toEqual([[1, 1, expect.stringContaining('Unused')]]);
  });

  it('without valuesFirst the file is read with trees only', () => {
    const { engine, repository, read, asked, withTrees } = setup(crd('gizmo'));
    expect(lintRead(engine, read, repository, true, false)).toEqual(withTrees());
    expect(asked).toEqual([true]);
  });

  it('a file the block reader reads is linted once, its trees read only for the documents with a finding', () => {
    const { engine, repository, read, asked, withTrees } = setup(`${blockCrd('gizmo')}---\n${blockCrd('widget', 'yes-please')}`);
    const result = lintRead(engine, read, repository, true, true);
    expect(asked).toEqual([false]);
    expect(result.messages.map((m) => [m.ruleId, m.line, m.column, m.endLine, m.endColumn])).toEqual([['schema', 27, 15, 27, 25]]);
    expect(result).toEqual(withTrees());
  });

  it('a file the reader gives with trees anyway (kept from the index pass) is linted as it is', () => {
    const { engine, repository, asked, withTrees } = setup(crd('gizmo'));
    const text = crd('gizmo');
    const kept = (trees: boolean) => (asked.push(trees), parseText(text, withTrees().filePath));
    expect(lintRead(engine, kept, repository, true, true)).toEqual(withTrees());
    expect(asked).toEqual([false]);
  });
});

describe('results streamed from the calling thread', () => {
  it('are not copied (they are written and let go at once); results kept until the end are', async () => {
    const { lintFiles, lintFilesStreamed } = await import('../src/engine/lint.js');
    const dir = tempTree({ 'a.yaml': crd('gizmo', 'yes-please'), 'b.yaml': crd('widget') });
    const copies = () => vi.mocked(structuredClone).mock.calls.filter(([value]) => isResult(value)).length;
    const spy = vi.spyOn(globalThis, 'structuredClone');
    try {
      const streamed: LintResult[] = [];
      await lintFilesStreamed(['.'], { cwd: dir, concurrency: 'off' }, (r) => streamed.push(r));
      expect(copies()).toBe(0);
      spy.mockClear();
      const kept = await lintFiles(['.'], { cwd: dir, concurrency: 'off' });
      expect(copies()).toBe(2);
      expect(JSON.stringify(streamed)).toBe(JSON.stringify(kept));
      expect(kept[0].messages.map((m) => m.ruleId)).toEqual(['schema']);
    } finally {
      spy.mockRestore();
    }
  });
});

function isResult(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'filePath' in value && 'messages' in value;
}

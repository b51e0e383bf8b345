/**
 * A file the block reader reads is parsed with its values only, and each document's node tree is read on first use,
 * for that document alone (ParsedDocument.tree(), blockTree in src/parse/block-reader.ts): most documents of a big run
 * have no finding and never need one. The tree it gives is the one a read of the whole file with trees gives, and
 * where the block reader places no tree (a comment after a collection, indented deeper than it), the `yaml` package's.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { blockParse, blockTree } from '../../src/parse/block-reader.js';
import { parseText, type ParsedDocument, type ParsedFile } from '../../src/parse/index.js';
import { sharedDir } from '../shared-dir.js';
import { compareTrees } from '../tree-differences.js';

/** Whether the file's `yaml` package reading was made (ParsedFile.full()): what a tree the block reader gives avoids. */
function readByYaml(file: ParsedFile): boolean {
  return (file as unknown as { reading: unknown }).reading !== undefined;
}

/** A document's tree as it stands, without reading it: the reader's own (or one read already), and where to read it from. */
function held(document: ParsedDocument): { own: unknown; at: number | undefined } {
  const { own, at } = document as unknown as { own: unknown; at: number | undefined };
  return { own, at };
}

/** Every difference between each document's tree of `file` and the tree blockParse with trees gives it. */
function lazyDifferences(text: string): string[] {
  const file = parseText(text, 'x.yaml');
  const eager = blockParse(text, true);
  const out: string[] = [];
  if (!eager) return ['no trees from blockParse'];
  for (const document of file.documents) {
    const tree = eager[document.index].tree!;
    compareTrees(document.tree().contents, tree.contents, `doc${document.index}`, out, true);
    expect(document.value, text).toEqual(eager[document.index].value);
  }
  return out;
}

const MULTI = [
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: v\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: b\nspec:\n  ports:\n  - port: 80\n    targetPort: 8080 # c\n',
  '# head\n---\na: 1\n---\n---\n- 2\n- x: |\n    block\n  w: {z: [1, 2]}\n...\n---\nb:\n  c:\n  d: "q"\n...\nc: 4\n---\n',
  '---  \na: 1\n--- \nb: 2\n...   \n---\n-   c: 3\n    d:\n    - e\n',
];

describe('per-document trees of a block-read file', () => {
  it('are read on first use, document by document, without the yaml package', () => {
    const file = parseText(MULTI[0], 'x.yaml');
    expect(file.holds).toBe('positions');
    const [first, second] = file.documents;
    // No tree before it is asked for: where to read it from only.
    for (const document of file.documents)
      expect(held(document)).toEqual({ own: undefined, at: MULTI[0].indexOf(String(document.index ? 'apiVersion: v1\nkind: Service' : 'apiVersion')) });
    const tree = first.tree();
    expect(tree.contents?.kind).toBe('map');
    // Read once: kept, and where to read it from forgotten; the other document still has none.
    expect(held(first)).toEqual({ own: tree, at: undefined });
    expect(held(second).own).toBeUndefined();
    // Asked again: the same tree, not read again.
    expect(first.tree()).toBe(tree);
    expect(second.tree().contents?.start).toBe(MULTI[0].indexOf('apiVersion: v1\nkind: Service'));
    expect(readByYaml(file)).toBe(false);
  });

  it('are the trees a read of the whole file with trees gives: ranges, styles, values', () => {
    for (const text of MULTI) expect(lazyDifferences(text), text).toEqual([]);
  });

  it('are the yaml package trees for a document the block reader places none in, and its own for the others', () => {
    const text = 'a: 1\nb:\n  c: 2\n---\nd:\n  e: 1\n    # deeper comment after the last value\nf: 2\n---\ng: [1]\n';
    expect(blockParse(text, true)).toBeUndefined();
    const file = parseText(text, 'x.yaml');
    expect(file.holds).toBe('positions');
    const [first, second, third] = file.documents;
    const out: string[] = [];
    compareTrees(first.tree().contents, parseText('a: 1\nb:\n  c: 2\n', 'y.yaml').documents[0].tree().contents, 'doc0', out);
    expect(out).toEqual([]);
    expect(readByYaml(file)).toBe(false);
    expect(blockTree(text, text.indexOf('d:'))).toBeUndefined();
    const full = parseText(text, 'x.yaml', 0, { full: true });
    compareTrees(second.tree().contents, full.documents[1].tree().contents, 'doc1', out);
    compareTrees(third.tree().contents, full.documents[2].tree().contents, 'doc2', out);
    expect(out).toEqual([]);
    expect(readByYaml(file)).toBe(true);
  });

  it('are read on first use in a file parsed without trees too, and the js-yaml path still gives none then', () => {
    const values = parseText(MULTI[0], 'x.yaml', 0, { trees: false });
    expect(values.holds).toBe('positions');
    expect(lazyDifferences(MULTI[0])).toEqual([]);
    values.documents[1].tree();
    expect(readByYaml(values)).toBe(false);
    // A flow collection the block reader gives up on (a one-pair map in a sequence): the js-yaml path's, values only
    // without trees; the yaml package places them.
    const json = parseText('{"a": 1,\n "b": [c: d]}\n', 'x.json', 0, { trees: false });
    expect(json.holds).toBe('values');
    expect(json.documents[0].tree().contents?.kind).toBe('map');
    expect(readByYaml(json)).toBe(true);
  });

  const shared = sharedDir();
  it.skipIf(!shared)('are the whole-file trees on every file of the shared corpus (skipped without ../shared)', () => {
    const files = (fs.readdirSync(path.join(shared!, 'corpus'), { recursive: true }) as string[])
      .filter((f) => /\.ya?ml$/.test(f))
      .map((f) => path.join(shared!, 'corpus', f))
      .filter((f) => fs.statSync(f).isFile());
    let compared = 0;
    let fallbacks = 0;
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8').replace(/^\uFEFF/, '');
      if (!blockParse(text, false)) continue;
      const values = blockParse(text, false)!;
      const eager = blockParse(text, true);
      const file = parseText(text, f);
      const full = eager ? undefined : parseText(text, f, 0, { full: true });
      const out: string[] = [];
      for (const document of file.documents) {
        // Where the read with trees places every tree, blockTree places this one: not the yaml package standing in.
        if (eager) expect(blockTree(text, values[document.index].at!, values[document.index].crlf), `${f} document ${document.index}`).toBeDefined();
        const tree = document.tree().contents;
        if (eager) compareTrees(tree, eager[document.index].tree!.contents, `doc${document.index}`, out, true);
        else compareTrees(tree, full!.documents.find((d) => d.index === document.index)!.tree().contents, `doc${document.index}`, out);
        compared++;
      }
      if (!eager) fallbacks++;
      expect(out, f).toEqual([]);
    }
    expect(compared).toBeGreaterThan(1000);
    expect(fallbacks).toBeGreaterThan(0);
  });
});

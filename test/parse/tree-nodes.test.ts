/**
 * Node trees hold per node only what differs from node to node (src/parse/tree.ts): `kind`, and `anchor` and `merge`
 * unless set, are their class's, so a big file's trees take less memory; reading them is as before.
 */
import { describe, expect, it } from 'vitest';
import { parseText } from '../../src/parse/index.js';
import { TreeAlias, TreeMap, TreePair, TreeScalar, TreeSeq, visitPairs, type TreeNode } from '../../src/parse/tree.js';

describe('tree nodes', () => {
  it('keep kind, anchor and merge on their class, and only the fields that differ on each node', () => {
    const scalar = new TreeScalar('x', 'PLAIN', 0, 1);
    expect(Object.keys(scalar)).toEqual(['value', 'style', 'start', 'end']);
    expect([scalar.kind, scalar.anchor, scalar.merge]).toEqual(['scalar', undefined, false]);
    const pair = new TreePair(scalar, null);
    expect(Object.keys(pair)).toEqual(['key', 'value']);
    expect(pair.kind).toBe('pair');
    const map = new TreeMap([pair], false, 0, 4);
    const seq = new TreeSeq([scalar], true, 0, 3);
    expect([Object.keys(map), Object.keys(seq)]).toEqual([
      ['items', 'flow', 'start', 'end'],
      ['items', 'flow', 'start', 'end'],
    ]);
    expect([map.kind, seq.kind, map.anchor, seq.anchor, new TreeAlias('a', 0, 2).kind]).toEqual(['map', 'seq', undefined, undefined, 'alias']);
  });

  it('give a node its own anchor and merge flag when set, leaving the class and other nodes alone', () => {
    const anchored = new TreeScalar('<<', 'PLAIN', 0, 2, 'base', true);
    expect([anchored.anchor, anchored.merge]).toEqual(['base', true]);
    expect(new TreeMap([], false, 0, 0, 'm').anchor).toBe('m');
    expect(new TreeSeq([], false, 0, 0, 's').anchor).toBe('s');
    const plain = new TreeScalar('y', 'PLAIN', 0, 1);
    expect([plain.anchor, plain.merge]).toEqual([undefined, false]);
    expect(() => {
      (plain as { kind: string }).kind = 'map';
    }).toThrow(TypeError);
  });

  it('read alike from both readers: kinds, anchors and merge keys of the yaml path, kinds of the fast path', () => {
    const text = 'base: &b\n  a: 1\nuse:\n  <<: *b\n  list: [x, y]\n';
    const full = parseText(text, 'x.yaml', 0, { full: true });
    const kinds: string[] = [];
    const walk = (node: TreeNode | null): void => {
      if (!node) return;
      kinds.push(`${node.kind}${'anchor' in node && node.anchor ? `&${node.anchor}` : ''}${node.kind === 'scalar' && node.merge ? '<<' : ''}`);
      if (node.kind === 'map')
        for (const p of node.items) {
          walk(p.key);
          walk(p.value);
        }
      if (node.kind === 'seq') node.items.forEach(walk);
    };
    walk(full.documents[0].tree().contents);
    expect(kinds).toEqual(['map', 'scalar', 'map&b', 'scalar', 'scalar', 'scalar', 'map', 'scalar<<', 'alias', 'scalar', 'seq', 'scalar', 'scalar']);
    const fast = parseText('a:\n  b: [1, 2]\n', 'y.yaml');
    expect(fast.holds).toBe('positions');
    const pairs: string[] = [];
    visitPairs(fast.documents[0].tree(), (p) => pairs.push(`${p.kind}:${p.key?.kind}:${p.value?.kind}`));
    expect(pairs).toEqual(['pair:scalar:map', 'pair:scalar:seq']);
  });
});

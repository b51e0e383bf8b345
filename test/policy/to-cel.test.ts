/** Decoded YAML to CEL input (src/policy/cel.ts, toCel) and back (fromCel). */
import { describe, expect, it } from 'vitest';
import { isCelList, isCelMap } from '@bufbuild/cel';
import { celAt, compile, dataToCel, fromCel, toCel } from '../../src/policy/cel.js';

describe('toCel', () => {
  it('makes integers CEL ints, other numbers doubles, maps of objects, and keeps strings, booleans and null', () => {
    const value = { name: 'web', replicas: 3, ratio: 0.5, on: true, off: null, gone: undefined, list: [1, 'a', { k: -2 }], empty: {} };
    const cel = toCel(value) as Map<string, unknown>;
    expect(cel).toBeInstanceOf(Map);
    expect([...cel.keys()]).toEqual(['name', 'replicas', 'ratio', 'on', 'off', 'gone', 'list', 'empty']);
    expect(cel.get('name')).toBe('web');
    expect(cel.get('replicas')).toBe(3n);
    expect(cel.get('ratio')).toBe(0.5);
    expect(cel.get('on')).toBe(true);
    expect(cel.get('off')).toBeNull();
    expect(cel.get('gone')).toBeNull();
    const list = cel.get('list') as unknown[];
    expect(list.slice(0, 2)).toEqual([1n, 'a']);
    expect(list[2]).toEqual(new Map([['k', -2n]]));
    expect(cel.get('empty')).toEqual(new Map());
    expect(toCel(undefined)).toBeNull();
    expect(toCel('x')).toBe('x');
    expect(toCel(1e21)).toBe(BigInt(1e21));
    expect(fromCel(cel)).toEqual({ name: 'web', replicas: 3n, ratio: 0.5, on: true, off: null, gone: null, list: [1n, 'a', { k: -2n }], empty: {} });
  });

  it('passes CEL values and messages through as they are', () => {
    const map = new Map([['a', 1n]]);
    const bytes = new Uint8Array([1, 2]);
    const message = { $typeName: 'google.protobuf.Duration', seconds: 1n };
    expect(toCel(map)).toBe(map);
    expect(toCel(bytes)).toBe(bytes);
    expect(toCel(message)).toBe(message);
    expect((toCel({ m: message }) as Map<string, unknown>).get('m')).toBe(message);
  });

  it("reads a manifest's object with a $typeName key as a map, and a map fromCel made as data again", () => {
    const annotations = { $typeName: 'google.protobuf.Duration', team: 'b' };
    const cel = dataToCel({ metadata: { annotations } }) as Map<string, Map<string, Map<string, unknown>>>;
    expect([...cel.get('metadata')!.get('annotations')!.entries()]).toEqual([
      ['$typeName', 'google.protobuf.Duration'],
      ['team', 'b'],
    ]);
    expect(isCelMap(cel.get('metadata')!.get('annotations'))).toBe(true);
    const back = fromCel(cel.get('metadata')!.get('annotations'));
    expect(back).toEqual(annotations);
    expect(toCel(back)).toEqual(new Map(Object.entries(annotations)));
  });

  it('fromCel makes a map key `__proto__` an own key of a plain object, never its prototype', () => {
    const program = compile("{'__proto__': {'a': 1}, 'b': 2}", []);
    if (!program.ok) throw new Error(program.message);
    const r = program.evaluate({});
    if (r.kind !== 'value') throw new Error(r.message);
    const out = r.value as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['__proto__', 'b']);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual({ a: 1n });
    expect((out as { a?: unknown }).a).toBeUndefined();
  });

  it('data is read as @bufbuild/cel reads a Map and array tree of converted values: every operation alike', () => {
    // dataToCel reads members when asked (DataMap, DataList); convert(value, false) is the eager tree it must match.
    const data = {
      apiVersion: 'apps/v1',
      metadata: { name: 'web', labels: { app: 'web', tier: '' }, annotations: { none: null, $typeName: 'x' } },
      spec: { replicas: 3, ratio: 0.5, on: true, list: [1, 'a', { k: -2 }, null, [2.5]], empty: {}, none: [] },
    };
    const lazy = dataToCel(data);
    const eager = toCel(structuredClone({ ...data, metadata: { ...data.metadata, annotations: { none: null, typeName: 'x' } } }));
    expect(isCelMap(lazy)).toBe(true);
    expect(isCelList(celAt(lazy, ['spec', 'list']))).toBe(true);
    const expressions = [
      'object.spec.replicas + 1',
      'object.spec.ratio * 2.0',
      'object.spec.list[1]',
      'object.spec.list[2].k',
      'object.spec.list[4][0]',
      'object.spec.list.size()',
      'object.spec.list.exists(x, x == 1)',
      "object.metadata.labels.all(k, k in ['app', 'tier'])",
      'object.metadata.labels.size()',
      "'app' in object.metadata.labels",
      "'none' in object.metadata.annotations",
      'has(object.metadata.annotations.none)',
      "object.metadata.labels == {'app': 'web', 'tier': ''}",
      "{'app': 'web', 'tier': ''} == object.metadata.labels",
      'object.spec.list == [1, "a", {"k": -2}, null, [2.5]]',
      'object.spec.empty == {} && object.spec.none == []',
      'type(object.spec) == map && type(object.spec.list) == list',
      'object.spec.list + [3]',
      'object.metadata.labels.map(k, k + "=" + object.metadata.labels[k])',
      'object.spec.list.filter(x, type(x) == int)',
      'object.spec.list[9]',
      'object.spec.missing',
      'object.spec.replicas[0]',
    ];
    for (const source of expressions) {
      const program = compile(source, ['object']);
      if (!program.ok) throw new Error(program.message);
      const got = program.evaluate({ object: lazy });
      const want = program.evaluate({ object: eager });
      expect({ source, got }).toEqual({ source, got: want });
    }
    expect(fromCel(lazy)).toEqual(JSON.parse(JSON.stringify(data), (_k, v) => (typeof v === 'number' && Number.isInteger(v) ? BigInt(v) : v)));
    expect(celAt(lazy, ['spec', 'list', 2, 'k'])).toBe(-2n);
    expect(celAt(lazy, ['spec', 'list', '0'])).toBe(1n);
    expect(celAt(lazy, ['spec', 'replicas', 'x'])).toBeUndefined();
  });

  it('reads a member of the data only when an expression reads it', () => {
    let reads = 0;
    const object = { metadata: { name: 'web' }, spec: {} };
    Object.defineProperty(object, 'spec', { enumerable: true, get: () => (reads++, { replicas: 2 }) });
    const cel = dataToCel(object);
    expect(reads).toBe(0);
    const program = compile('object.metadata.name == "web"', ['object']);
    expect(program.ok && program.evaluate({ object: cel })).toEqual({ kind: 'value', value: true });
    expect(reads).toBe(0);
    const replicas = compile('object.spec.replicas', ['object']);
    expect(replicas.ok && replicas.evaluate({ object: cel })).toEqual({ kind: 'value', value: 2n });
    expect(reads).toBe(1);
  });
});

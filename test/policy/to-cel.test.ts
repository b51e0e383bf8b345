/** Decoded YAML to CEL input (src/policy/cel.ts, toCel) and back (fromCel). */
import { describe, expect, it } from 'vitest';
import { dataToCel, fromCel, toCel } from '../../src/policy/cel.js';

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
    expect(cel.get('metadata')!.get('annotations')).toEqual(
      new Map([
        ['$typeName', 'google.protobuf.Duration'],
        ['team', 'b'],
      ]),
    );
    const back = fromCel(cel.get('metadata')!.get('annotations'));
    expect(back).toEqual(annotations);
    expect(toCel(back)).toEqual(new Map(Object.entries(annotations)));
  });
});

/**
 * The index cache's table of records (src/engine/index-table.ts): the columns of the index line read back exactly,
 * found by path in any order, compared with stats without records made, and refused whole when damaged.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { entriesAt } from '../src/engine/index-cache.js';
import { columnsOf, pathsOfColumns, RecordTable, type FileRecord, type IndexColumns } from '../src/engine/index-table.js';

const stamp = (n: number) => ({ size: n, mtimeMs: 1000.5 + n, ctimeMs: 2000.25 + n, ino: 300 + n, dev: 7 });

/** A record made by this run: entries and objects as buffers. */
function made(n: number, kinds: string[], extra: Partial<FileRecord> = {}): FileRecord {
  return { stamp: stamp(n), hash: n % 2 ? `h${n}` : null, entries: Buffer.from(JSON.stringify([{ n }])), kinds, ...extra };
}

/** The lines `save` writes for these records (entries comma-separated, objects then bytes, record after record). */
function linesOf(records: Array<[string, FileRecord]>): { index: unknown; entries: Buffer; objects: Buffer } {
  const entries = Buffer.from(`E${records.map(([, r]) => (r.entries as Buffer).toString()).join(',')}`);
  const pieces = records.flatMap(([, r]) => [...(r.objects?.values() ?? []), ...(r.bytes ? [r.bytes] : [])]);
  const objects = Buffer.concat([Buffer.from('O'), ...pieces]);
  return { index: JSON.parse(JSON.stringify(columnsOf(records))), entries, objects };
}

const records: Array<[string, FileRecord]> = [
  ['/r/a.yaml', made(1, ['Namespace'])],
  [
    '/r/b/c.yaml',
    made(2, ['ConfigMap', 'Service'], { objects: new Map([['[0]', Buffer.from('{"x":1}')]]), objectKinds: [['ConfigMap'], ['Service'], ['ConfigMap']] }),
  ],
  ['/r/b/d.yaml', made(3, ['Namespace'], { bytes: Buffer.from('kind: Namespace\n') })],
  ['/r/e.yaml', { ...made(4, ['Kustomization']), entries: Buffer.from('0') }],
  ['/r/f.yaml', made(5, [], { objects: new Map([['[1]', Buffer.from('"y"')]]), bytes: Buffer.from('z') })],
];

function table(list = records): RecordTable {
  const { index, entries, objects } = linesOf(list);
  return new RecordTable(index, entries, objects);
}

describe('the index table', () => {
  it('gives back each record as written: stamp, hash, entries span, kinds (shared lists), objects and bytes', () => {
    const { index, entries } = linesOf(records);
    const t = new RecordTable(index, entries, linesOf(records).objects);
    expect((index as { kinds: unknown[] }).kinds).toEqual([['Namespace'], ['ConfigMap', 'Service'], ['ConfigMap'], ['Service'], ['Kustomization'], []]);
    expect((index as { objectKinds: unknown[] }).objectKinds).toEqual([[1, [2, 3, 2]]]);
    expect(t.size).toBe(5);
    records.forEach(([file, r], i) => {
      expect(t.indexOf(file)).toBe(i);
      const back = t.record(i);
      expect(back.stamp).toEqual(r.stamp);
      expect(back.hash).toBe(r.hash);
      expect(back.kinds).toEqual(r.kinds);
      expect(back.objectKinds).toEqual(r.objectKinds);
      expect(t.objectKindsAt(i)).toEqual(r.objectKinds);
      expect(back.at).toBe(i);
      const [start, end] = back.entries as [number, number];
      expect(entries.toString('utf8', start, end)).toBe((r.entries as Buffer).toString());
      expect(back.objects && Object.fromEntries([...back.objects].map(([k, v]) => [k, v.toString()]))).toEqual(
        r.objects && Object.fromEntries([...r.objects].map(([k, v]) => [k, v.toString()])),
      );
      expect(back.bytes?.toString()).toBe(r.bytes?.toString());
      // Made once: a run's changes to it (objects read again) are what `save` writes.
      expect(t.record(i)).toBe(back);
      expect(t.isRecordAt(i, back)).toBe(true);
      expect(t.isRecordAt(i, { ...back })).toBe(false);
    });
    expect([0, 1, 2, 3, 4].map((i) => t.lazyAt(i))).toEqual([false, false, false, true, false]);
  });

  it('finds paths in walk order and out of order; not those it lacks or dropped', () => {
    const t = table();
    expect(['/r/b/d.yaml', '/r/a.yaml', '/r/f.yaml', '/r/b/c.yaml', '/r/e.yaml'].map((p) => t.indexOf(p))).toEqual([2, 0, 4, 1, 3]);
    expect(['/r/a', '/r/z.yaml', '', '/r/b'].map((p) => t.indexOf(p))).toEqual([-1, -1, -1, -1]);
    // The same path asked twice (the cursor moved on): the same place.
    expect([t.indexOf('/r/b/c.yaml'), t.indexOf('/r/b/c.yaml')]).toEqual([1, 1]);
    t.drop(0);
    expect(t.indexOf('/r/a.yaml')).toBe(-1);
    expect(t.live).toBe(4);
  });

  it('refuses paths out of order or twice (two records of one file would give it either one)', () => {
    const { entries, objects } = linesOf(records);
    const reordered = [records[1], records[0], ...records.slice(2)];
    const twice = [records[0], records[1], [records[1][0], records[2][1]] as [string, FileRecord], records[3], records[4]];
    for (const list of [reordered, twice]) expect(() => new RecordTable(linesOf(list).index, linesOf(list).entries, linesOf(list).objects)).toThrow();
    // And by places among a walk's files: one place twice, or places out of order.
    const walk = { key: 'k', files: records.map(([file]) => file) };
    const columns = columnsOf(records, [walk]);
    for (const places of [
      [0, 1, 1, 3, 4],
      [1, 0, 2, 3, 4],
    ])
      expect(() => new RecordTable({ ...columns, pathsOf: { walk: 'k', places } }, entries, objects, [walk])).toThrow();
  });

  it("names paths by their places in a walk that lists them all (the walk's own strings), else writes them", () => {
    const walk = { key: 'k', files: ['/r/0.yaml', '/r/a.yaml', '/r/b/c.yaml', '/r/b/d.yaml', '/r/e.yaml', '/r/f.yaml', '/r/z.yaml'] };
    const other = { key: 'o', files: ['/r/a.yaml'] };
    const columns = columnsOf(records, [other, walk]);
    expect([columns.paths, columns.pathsOf]).toEqual([undefined, { walk: 'k', places: [1, 2, 3, 4, 5] }]);
    const { entries, objects } = linesOf(records);
    const read = JSON.parse(JSON.stringify(columns)) as IndexColumns;
    const walks = [other, { ...walk, files: [...walk.files] }];
    const t = new RecordTable(read, entries, objects, walks);
    records.forEach(([file], i) => {
      expect(t.indexOf(file)).toBe(i);
      expect(t.pathAt(i)).toBe(walks[1].files[i + 1]);
    });
    // A walk that lacks one: the paths themselves.
    expect(columnsOf(records, [other]).paths).toEqual(records.map(([file]) => file));
    expect(columnsOf(records).pathsOf).toBeUndefined();
    // Damaged: no such walk, a walk without files, a place out of range or not a whole number, no places, both forms.
    const damaged: unknown[] = [
      { ...read, pathsOf: { ...read.pathsOf, walk: 'x' } },
      { ...read, pathsOf: { ...read.pathsOf, places: [1, 2, 3, 4, 7] } },
      { ...read, pathsOf: { ...read.pathsOf, places: [1, 2, 3, 4, -1] } },
      { ...read, pathsOf: { ...read.pathsOf, places: [1, 2, 3, 4, 1.5] } },
      { ...read, pathsOf: { walk: 'k' } },
      { ...read, paths: records.map(([file]) => file) },
    ];
    damaged.forEach((value, i) => expect(() => new RecordTable(value, entries, objects, walks), `case ${i}`).toThrow());
    expect(() => new RecordTable(read, entries, objects, [{ key: 'k', files: 'x' }])).toThrow();
    // A walk whose files are not a list is passed over when the line is written.
    expect(columnsOf(records, [{ key: 'x', files: null as unknown as string[] }, walk]).pathsOf?.walk).toBe('k');
    expect(() => pathsOfColumns({ ...read, pathsOf: undefined }, walks)).toThrow();
    // A walk whose files are not strings gives no table either (a path must be a string).
    expect(() => new RecordTable(read, entries, objects, [{ key: 'k', files: [0, 1, 2, 3, 4, 5] }])).toThrow();
  });

  it('compares a file on disk with a stamp without making a record, and trusts only a settled stamp', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubeward-table-'));
    const file = path.join(dir, 'x.yaml');
    fs.writeFileSync(file, 'a: 1\n');
    const real = fs.statSync(file);
    const stamp = { size: real.size, mtimeMs: real.mtimeMs, ctimeMs: real.ctimeMs, ino: real.ino, dev: real.dev };
    const settled = Math.max(real.mtimeMs, real.ctimeMs) + 5000;
    const one = (at: typeof stamp, filePath = file) => table([[filePath, { ...made(1, []), stamp: at }]]);
    expect(one(stamp).unchanged(0, file, settled)).toBe(true);
    // Racy: within two seconds of the run that took it.
    expect(one(stamp).unchanged(0, file, real.mtimeMs + 1000)).toBe(false);
    for (const key of ['size', 'mtimeMs', 'ctimeMs', 'ino', 'dev'] as const)
      expect(one({ ...stamp, [key]: stamp[key] + 1 }).unchanged(0, file, settled), key).toBe(false);
    // Gone, or no longer a regular file (a folder with the same stamp is not the file).
    fs.mkdirSync(path.join(dir, 'd'));
    const folder = fs.statSync(path.join(dir, 'd'));
    const folderStamp = { size: folder.size, mtimeMs: folder.mtimeMs, ctimeMs: folder.ctimeMs, ino: folder.ino, dev: folder.dev };
    expect(one(folderStamp, path.join(dir, 'd')).unchanged(0, path.join(dir, 'd'), settled + 10_000)).toBe(false);
    expect(one(stamp, path.join(dir, 'gone.yaml')).unchanged(0, path.join(dir, 'gone.yaml'), settled)).toBe(false);
    // Edited in place: another stamp.
    fs.writeFileSync(file, 'a: 12\n');
    expect(one(stamp).unchanged(0, file, settled)).toBe(false);
    // The stamp of another record's place is not this one's.
    expect(table().unchanged(1, file, settled)).toBe(false);
  });

  it('counts the records kept and live', () => {
    const t = table();
    t.keep(0);
    t.keep(0);
    t.keep(2);
    expect([t.kept, t.live, t.isKept(0), t.isKept(1)]).toEqual([2, 5, true, false]);
    t.unkeep(0);
    t.drop(2);
    t.drop(2);
    expect([t.kept, t.live, t.isLive(2), t.isLive(0)]).toEqual([0, 4, false, true]);
    t.keep(2);
    expect([t.kept, t.isKept(2)]).toEqual([0, false]);
  });

  it('refuses columns that are not what it writes, or that do not tile the entries and objects lines', () => {
    const { index, entries, objects } = linesOf(records);
    const columns = index as Record<string, unknown[]>;
    const damaged: unknown[] = [
      null,
      [],
      'x',
      { ...columns, paths: undefined },
      { ...columns, hashes: columns.hashes.slice(1) },
      { ...columns, lengths: [...columns.lengths, 1] },
      { ...columns, kindOf: columns.kindOf.slice(1) },
      { ...columns, stamps: (columns.stamps as unknown as string).slice(4) },
      { ...columns, stamps: (columns.stamps as unknown as string).slice(12) },
      { ...columns, stamps: (columns.stamps as unknown as string).slice(32) },
      { ...columns, stamps: Array.from({ length: 25 }, (_, i) => i) },
      { ...columns, stamps: undefined },
      { ...columns, lengths: columns.lengths.map((n, i) => (i === 1 ? String(n) : n)) },
      { ...columns, lengths: columns.lengths.map((n, i) => (i === 1 ? -1 : n)) },
      { ...columns, lengths: columns.lengths.map((n, i) => (i === 1 ? (n as number) + 0.5 : n)) },
      { ...columns, lengths: columns.lengths.map((n, i) => (i === 1 ? (n as number) + 1 : n)) },
      { ...columns, kindOf: columns.kindOf.map((n, i) => (i === 1 ? columns.kinds.length : n)) },
      { ...columns, kindOf: columns.kindOf.map((n, i) => (i === 1 ? -1 : n)) },
      { ...columns, kinds: [...columns.kinds.slice(0, -1), [1]] },
      { ...columns, kinds: [...columns.kinds.slice(0, -1), 'Namespace'] },
      { ...columns, paths: columns.paths.map((p, i) => (i === 1 ? 5 : p)) },
      // Objects and bytes: at no file's place, out of order, twice at one place, empty, not pairs, or other lengths.
      { ...columns, bytes: [...columns.bytes, [5, 0]] },
      { ...columns, bytes: [...columns.bytes].reverse() },
      { ...columns, objects: [...columns.objects, ...columns.objects] },
      { ...columns, objects: [[0, []], ...columns.objects] },
      { ...columns, objects: [[0, [['k']]], ...columns.objects] },
      { ...columns, objects: [[0, [[1, 0]]], ...columns.objects] },
      { ...columns, objects: ['x'] },
      { ...columns, bytes: (columns.bytes as Array<[number, number]>).map(([i, n]) => [i, n + 1]) },
      { ...columns, bytes: (columns.bytes as Array<[number, number]>).map(([i, n]) => [i, n - 1]) },
      // Each object's kinds: missing, at no file's place, out of order, fewer than two, or not places of kinds lists.
      { ...columns, objectKinds: undefined },
      { ...columns, objectKinds: [[5, [0, 1]]] },
      {
        ...columns,
        objectKinds: [
          [3, [0, 1]],
          [1, [0, 1]],
        ],
      },
      { ...columns, objectKinds: [[1, [0]]] },
      { ...columns, objectKinds: [[1, [0, columns.kinds.length]]] },
      { ...columns, objectKinds: [[1, [0, -1]]] },
      { ...columns, objectKinds: [[1, [0, 'ConfigMap']]] },
      { ...columns, objectKinds: [[1, 'x']] },
    ];
    expect(() => new RecordTable(index, entries, objects)).not.toThrow();
    damaged.forEach((value, i) => expect(() => new RecordTable(value, entries, objects), `case ${i}`).toThrow());
    // The lines themselves a byte longer or shorter.
    expect(() => new RecordTable(index, Buffer.concat([entries, Buffer.from(' ')]), objects)).toThrow();
    expect(() => new RecordTable(index, entries, objects.subarray(0, -1))).toThrow();
    // No files: empty lines.
    expect(new RecordTable(linesOf([]).index, Buffer.from('E'), Buffer.from('O')).size).toBe(0);
  });
});

describe('the entries of some objects of a file, each decoded alone', () => {
  const entry = (documentIndex: number, kind: string, extra = '') =>
    `{"documentIndex":${documentIndex},"basePath":[],"object":{"apiVersion":"v1","kind":"${kind}","metadata":{"name":"n${documentIndex}"}${extra}}}`;
  const lists = [['Namespace'], ['Deployment'], ['ConfigMap'], ['Namespace']];
  const text = `[${[entry(0, 'Namespace'), entry(1, 'Deployment'), entry(2, 'ConfigMap'), entry(3, 'Namespace')].join(',')}]`;

  it('splits the encoded entries where each begins, and decodes only those asked', () => {
    expect(entriesAt(text, lists, [0, 3])?.map((e) => e.object.metadata)).toEqual([{ name: 'n0' }, { name: 'n3' }]);
    expect(entriesAt(text, lists, [2])?.map((e) => [e.documentIndex, e.object.kind])).toEqual([[2, 'ConfigMap']]);
    expect(JSON.parse(text)).toEqual([0, 1, 2, 3].flatMap((k) => entriesAt(text, lists, [k])));
  });

  it('gives up (the file is decoded whole) on a piece too many or too few, a piece that does not decode, or other kinds', () => {
    // An object holding a list of objects whose first key is documentIndex: a piece too many.
    const nested = `[${[entry(0, 'Namespace'), entry(1, 'ClusterRole', ',"rules":[{"documentIndex":1},{"documentIndex":2}]')].join(',')}]`;
    expect(JSON.parse(nested)).toHaveLength(2);
    expect(entriesAt(nested, [['Namespace'], ['ClusterRole']], [0])).toBeUndefined();
    expect(entriesAt(text, lists.slice(1), [0])).toBeUndefined();
    expect(entriesAt(text, [...lists, ['Namespace']], [0])).toBeUndefined();
    expect(entriesAt(text, [['Namespace'], ['Deployment'], ['Secret'], ['Namespace']], [2])).toBeUndefined();
    expect(entriesAt(text, [['Namespace'], ['Deployment'], ['ConfigMap'], ['Namespace', 'Other']], [3])).toBeUndefined();
    expect(entriesAt(text.replace('"basePath":[]', '"basePath":{}'), lists, [0])).toBeUndefined();
    expect(entriesAt(text.replace('"kind":"Deployment"', '"kind":"Deployment"}'), lists, [1])).toBeUndefined();
    // Not entries written as JSON (an encoded value), or not a list.
    expect(entriesAt('"r[]"', lists, [0])).toBeUndefined();
    expect(entriesAt(text.slice(1), lists, [0])).toBeUndefined();
  });
});

/**
 * The records of an index cache file as one table (src/engine/index-cache.ts): its index line holds columns (every
 * path in one array, every stamp in one array of numbers, a table of the kinds lists...), not an object per file, and
 * a record object is made only for a file whose record is used beyond its stamp and kinds. A warm run looks up every
 * file of the repository and finds nearly all unchanged: it compares each file's stat with its columns, and makes no
 * record, no stamp and no map entry for it (those objects and their young-generation collections were a fifth of a
 * warm pre-commit run: docs/performance.md, "integrator: columns (session 15)").
 */
import { pathHasStamp, settledTimes, type FileStamp } from '../read/index.js';

/** One file as the cache knows it: stamp and content when read, entries and objects encoded. */
export interface FileRecord {
  stamp: FileStamp;
  /**
   * SHA-256 of the bytes the entries were made of (base64url); null when not made (read on a worker thread, or by a
   * run that hashed nothing: see IndexCache's `hashOf`), when a changed stamp means the file is read and parsed again.
   */
  hash: string | null;
  /** The bytes themselves, for a file read while its stamp was racy (see KEEP_BYTES). */
  bytes?: Buffer;
  /**
   * Its entries, encoded: made by this run, or where they lie in the entries line of the cache file read (start and
   * end), which `save` copies as it is, in runs of neighbouring records.
   */
  entries: Buffer | Span;
  /** Whole objects read again after the index pass, by place (placeKey); none when undefined. */
  objects?: Map<string, Buffer>;
  /** Its place among the entries of the cache file read (decoded one by one, or together: decodedEntries). */
  at?: number;
  /**
   * The kinds of its objects as their Resources name them (kindsOf), so that a run knows which files can answer its
   * checks' questions without decoding any entries (PendingEntries).
   */
  kinds: readonly string[];
  /**
   * For a file of several objects of different kinds, each object's kinds (objectKinds), so that a run decodes only
   * the objects its questions need (an install manifest's Namespace: PendingEntries' decodeKinds).
   */
  objectKinds?: ReadonlyArray<readonly string[]>;
}

/** Where a record's entries lie in the entries line of the cache file read: start and end. */
export type Span = readonly [number, number];

/**
 * The index line: for the file at place i of `paths` (sorted, by `<`; or, when every file is one of the files of a walk
 * kept in the same cache file, `pathsOf`: that walk's key and the places of the files among its files), its stamp (size, mtime, ctime, inode, device)
 * at `stamps[5i]` to `stamps[5i + 4]` (the numbers as this machine's doubles, in base64: JSON.parse read 9,000
 * decimal stamps of a warm run's index and walks lines at about 0.5 ms), its hash, the length of its entries, and its kinds as a place in the `kinds`
 * table (files share a few lists); the places of the files with objects read again (their keys and lengths) and with
 * bytes kept (their length), in increasing order. The objects line holds, file after file, its objects then its bytes.
 * `objectKinds`: the places of the files whose records have objectKinds, in increasing order, each with its objects'
 * kinds as places in the `kinds` table.
 */
export interface IndexColumns {
  paths?: string[];
  pathsOf?: { walk: string; places: number[] };
  stamps: string;
  hashes: Array<string | null>;
  lengths: number[];
  kinds: string[][];
  kindOf: number[];
  objectKinds: Array<[number, number[]]>;
  objects: Array<[number, Array<[string, number]>]>;
  bytes: Array<[number, number]>;
}

/**
 * The index line's columns for these records (in this order: `save` sorts them by path). Their paths are given as
 * places among the files of one of `walks` when that walk lists them all: a warm run reads no path twice (and its
 * lookups compare the walk's own strings).
 */
export function columnsOf(
  records: ReadonlyArray<readonly [string, FileRecord]>,
  walks: ReadonlyArray<{ key: string; files: readonly string[] }> = [],
): IndexColumns {
  // (Index access, no array patterns: each steps an iterator per record, interpreted.)
  const paths = records.map((r) => r[0]);
  let pathsOf: IndexColumns['pathsOf'];
  for (const walk of walks) {
    const places = Array.isArray(walk.files) ? placesIn(paths, walk.files) : undefined;
    if (places) {
      pathsOf = { walk: walk.key, places };
      break;
    }
  }
  const columns: IndexColumns = {
    ...(pathsOf ? { pathsOf } : { paths }),
    stamps: '',
    hashes: [],
    lengths: [],
    kinds: [],
    kindOf: [],
    objectKinds: [],
    objects: [],
    bytes: [],
  };
  const stamps = new Float64Array(5 * records.length);
  const kindPlaces = new Map<string, number>();
  const placeOfKinds = (kinds: readonly string[]) => {
    const key = JSON.stringify(kinds);
    let place = kindPlaces.get(key);
    if (place === undefined) {
      place = columns.kinds.push([...kinds]) - 1;
      kindPlaces.set(key, place);
    }
    return place;
  };
  records.forEach((r, i) => {
    const { stamp, hash, bytes, entries, objects, kinds, objectKinds } = r[1];
    const at = 5 * i;
    stamps[at] = stamp.size;
    stamps[at + 1] = stamp.mtimeMs;
    stamps[at + 2] = stamp.ctimeMs;
    stamps[at + 3] = stamp.ino;
    stamps[at + 4] = stamp.dev;
    columns.hashes.push(hash);
    columns.lengths.push(Buffer.isBuffer(entries) ? entries.length : entries[1] - entries[0]);
    columns.kindOf.push(placeOfKinds(kinds));
    if (objectKinds) columns.objectKinds.push([i, objectKinds.map(placeOfKinds)]);
    if (objects?.size) columns.objects.push([i, [...objects].map(([k, v]) => [k, v.length])]);
    if (bytes) columns.bytes.push([i, bytes.length]);
  });
  columns.stamps = Buffer.from(stamps.buffer, stamps.byteOffset, stamps.byteLength).toString('base64');
  return columns;
}

/**
 * The doubles a `stamps` column holds, or undefined when it is not a string of whole doubles. (A changed character of
 * it decodes to other stamps, which no file's stat then equals: its file is read again.)
 */
function stampsOf(text: unknown): Float64Array | undefined {
  if (typeof text !== 'string') return undefined;
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length % 8 !== 0) return undefined;
  const doubles = new Float64Array(bytes.length / 8);
  new Uint8Array(doubles.buffer).set(bytes);
  return doubles;
}

/** The place of each path among `files`, or undefined when one is not there. */
function placesIn(paths: readonly string[], files: readonly string[]): number[] | undefined {
  const at = new Map<string, number>();
  files.forEach((file, i) => at.set(file, i));
  const places: number[] = [];
  for (const p of paths) {
    const place = at.get(p);
    if (place === undefined) return undefined;
    places.push(place);
  }
  return places;
}

/**
 * The paths an index line's columns give: `paths`, or the files of the walk `pathsOf` names among `walks` (the walks of
 * the same cache file, as read) at its places; throws when neither is well-formed.
 */
export function pathsOfColumns(columns: IndexColumns, walks: ReadonlyArray<{ key: unknown; files: unknown }>): unknown[] {
  if (columns.pathsOf === undefined) {
    if (!Array.isArray(columns.paths)) throw new Error(DAMAGED);
    return columns.paths;
  }
  const { walk: key, places } = columns.pathsOf as Partial<{ walk: unknown; places: unknown }>;
  const walk = walks.find((w) => w.key === key);
  if (columns.paths !== undefined || !walk || !Array.isArray(walk.files) || !Array.isArray(places)) throw new Error(DAMAGED);
  const files = walk.files as unknown[];
  const paths = new Array<unknown>(places.length);
  for (let i = 0; i < places.length; i++) {
    const place = places[i] as number;
    // (`x >>> 0 === x`: a whole number from 0 to 2^32 - 1.)
    if (place >>> 0 !== place || place >= files.length) throw new Error(DAMAGED);
    paths[i] = files[place];
  }
  return paths;
}

/** Thrown while reading an index line that this code did not write whole. */
const DAMAGED = 'the index does not match its lines';

const isNaturalNumber = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;

/**
 * The records of the cache file read. Each file has a state: looked up and unchanged (kept for the run as it is),
 * dropped (its entries did not decode: gone), or neither yet.
 */
export class RecordTable {
  private readonly paths: string[];
  private readonly stamps: Float64Array;
  private readonly hashes: Array<string | null>;
  private readonly starts: number[];
  private readonly lengths: number[];
  private readonly kindLists: string[][];
  private readonly kindOf: number[];
  /** The objectKinds column: each object's kinds as places in `kindLists`, by file place. */
  private readonly objectKinds = new Map<number, number[]>();
  private readonly objects = new Map<number, Map<string, Buffer>>();
  private readonly bytes = new Map<number, Buffer>();
  /** Records made (record). */
  private readonly made: Array<FileRecord | undefined>;
  /** 1: kept for this run as it is; -1: dropped; 0: neither. */
  private readonly state: Int8Array;
  /** Where the next lookup in path order is expected (indexOf). */
  private cursor = 0;
  /** How many files are kept, and how many are not dropped. */
  kept = 0;
  live: number;

  /**
   * The table of an index line's columns (`value`, as JSON.parse read it) whose entries lie in `entriesLine` (from
   * offset 1, comma-separated) and whose objects and bytes lie in `objectsLine` (from offset 1), its paths maybe given
   * by one of `walks` (the walks line of the same file, as read); throws when they do not tile those lines exactly, or a
   * column is not what this code writes.
   */
  constructor(value: unknown, entriesLine: Buffer, objectsLine: Buffer, walks: ReadonlyArray<{ key: unknown; files: unknown }> = []) {
    const columns = value as IndexColumns;
    if (typeof columns !== 'object' || columns === null || Array.isArray(columns)) throw new Error(DAMAGED);
    const { hashes, lengths, kinds, kindOf, objectKinds, objects, bytes } = columns;
    const paths = pathsOfColumns(columns, walks) as string[];
    const stamps = stampsOf(columns.stamps);
    if (!stamps || ![hashes, lengths, kinds, kindOf, objectKinds, objects, bytes].every(Array.isArray)) throw new Error(DAMAGED);
    const n = paths.length;
    if (stamps.length !== 5 * n || hashes.length !== n || lengths.length !== n || kindOf.length !== n) throw new Error(DAMAGED);
    for (const list of kinds) if (!Array.isArray(list) || !list.every((k) => typeof k === 'string')) throw new Error(DAMAGED);
    // Loops over the columns, no closures: a warm run passes here for every file of the repository, interpreted.
    const starts = new Array<number>(n);
    let at = 1;
    for (let i = 0; i < n; i++) {
      const length = lengths[i];
      const kind = kindOf[i];
      // (`x >>> 0 === x`: a whole number from 0 to 2^32 - 1.)
      if (length >>> 0 !== length || kind >>> 0 !== kind || kind >= kinds.length || typeof paths[i] !== 'string') throw new Error(DAMAGED);
      // Sorted, each path once (`save` writes them so): two records of one file would give it either's.
      if (i > 0 && !(paths[i - 1] < paths[i])) throw new Error(DAMAGED);
      starts[i] = at;
      at += length + 1;
    }
    if (at !== entriesLine.length + 1 && n > 0) throw new Error(DAMAGED);
    // Each object's kinds, for files of several: a list of places in the kinds table per file, in file order.
    let before = -1;
    for (const item of objectKinds as unknown[]) {
      const i = placeOf(item, n);
      const list = (item as [number, unknown])[1];
      if (!(i > before) || !Array.isArray(list) || list.length < 2 || !list.every((k) => typeof k === 'number' && k >>> 0 === k && k < kinds.length)) {
        throw new Error(DAMAGED);
      }
      this.objectKinds.set(i, list as number[]);
      before = i;
    }
    // The objects line, file after file: its objects, then its bytes.
    let objectsAt = 1;
    const take = (length: unknown) => {
      if (!isNaturalNumber(length) || objectsAt + length > objectsLine.length) throw new Error(DAMAGED);
      objectsAt += length;
      return objectsLine.subarray(objectsAt - length, objectsAt);
    };
    let o = 0;
    let b = 0;
    let last = -1;
    while (o < objects.length || b < bytes.length) {
      const withObjects = objects[o] as unknown;
      const withBytes = bytes[b] as unknown;
      const i = Math.min(placeOf(withObjects, n), placeOf(withBytes, n));
      if (!(i > last)) throw new Error(DAMAGED);
      last = i;
      if (placeOf(withObjects, n) === i) {
        const list = (withObjects as [number, unknown])[1];
        if (!Array.isArray(list) || list.length === 0) throw new Error(DAMAGED);
        const kept = new Map<string, Buffer>();
        for (const object of list as unknown[]) {
          if (!Array.isArray(object) || typeof object[0] !== 'string') throw new Error(DAMAGED);
          kept.set(object[0], take(object[1]));
        }
        this.objects.set(i, kept);
        o++;
      }
      if (placeOf(withBytes, n) === i) {
        this.bytes.set(i, take((withBytes as [number, unknown])[1]));
        b++;
      }
    }
    if (objectsAt !== objectsLine.length) throw new Error(DAMAGED);
    this.paths = paths;
    this.stamps = stamps;
    this.hashes = hashes;
    this.starts = starts;
    this.lengths = lengths;
    this.kindLists = kinds;
    this.kindOf = kindOf;
    this.made = new Array<FileRecord | undefined>(n);
    this.state = new Int8Array(n);
    this.live = n;
  }

  get size(): number {
    return this.paths.length;
  }

  /**
   * The place of a file's record, or -1 (none, or dropped). Lookups come in the walk's order, which is nearly always
   * the table's: the place after the last one found is tried first, then a binary search.
   */
  indexOf(filePath: string): number {
    const { paths } = this;
    let i = this.cursor;
    if (i >= paths.length || paths[i] !== filePath) i = this.search(filePath);
    if (i < 0) return -1;
    this.cursor = i + 1;
    return this.state[i] === -1 ? -1 : i;
  }

  private search(filePath: string): number {
    const { paths } = this;
    let low = 0;
    let high = paths.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const p = paths[middle];
      if (p === filePath) return middle;
      if (p < filePath) low = middle + 1;
      else high = middle - 1;
    }
    return -1;
  }

  pathAt(i: number): string {
    return this.paths[i];
  }

  /**
   * Whether the file at `filePath` is a regular file with the stamp recorded at `i`, and that stamp was settled when
   * `started` (its run) began. (A stamp, not a Stats object, per file: pathHasStamp.)
   */
  unchanged(i: number, filePath: string, started: number): boolean {
    const s = this.stamps;
    const at = 5 * i;
    // Each time read once: every read of a Float64Array makes a HeapNumber while the code is interpreted.
    const mtimeMs = s[at + 1];
    const ctimeMs = s[at + 2];
    return settledTimes(mtimeMs, ctimeMs, started) && pathHasStamp(filePath, true, s[at], mtimeMs, ctimeMs, s[at + 3], s[at + 4]);
  }

  kindsAt(i: number): readonly string[] {
    return this.kindLists[this.kindOf[i]];
  }

  /** Each object's kinds of the file at `i`, for a file of several objects of different kinds (objectKinds). */
  objectKindsAt(i: number): ReadonlyArray<readonly string[]> | undefined {
    return this.objectKinds.get(i)?.map((k) => this.kindLists[k]);
  }

  /** Whether the file at `i` was left unread (its entries are LAZY, one byte). */
  lazyAt(i: number): boolean {
    return this.lengths[i] === 1;
  }

  /** The record at `i`, made on first use (the same object after: a run may add objects read again to it). */
  record(i: number): FileRecord {
    const made = this.made[i];
    if (made) return made;
    const s = this.stamps;
    const at = 5 * i;
    const record: FileRecord = {
      stamp: { size: s[at], mtimeMs: s[at + 1], ctimeMs: s[at + 2], ino: s[at + 3], dev: s[at + 4] },
      hash: this.hashes[i],
      entries: [this.starts[i], this.starts[i] + this.lengths[i]],
      at: i,
      kinds: this.kindsAt(i),
    };
    const objectKinds = this.objectKindsAt(i);
    if (objectKinds) record.objectKinds = objectKinds;
    const objects = this.objects.get(i);
    if (objects) record.objects = objects;
    const bytes = this.bytes.get(i);
    if (bytes) record.bytes = bytes;
    this.made[i] = record;
    return record;
  }

  /** Whether `record` is the one made at `i` (not one this run made anew). */
  isRecordAt(i: number, record: FileRecord): boolean {
    return this.made[i] === record;
  }

  /** Keep the record at `i` for this run as it is. */
  keep(i: number): void {
    if (this.state[i] === 0) {
      this.state[i] = 1;
      this.kept++;
    }
  }

  /** No longer keep the record at `i` (this run has another for its file, or none). */
  unkeep(i: number): void {
    if (this.state[i] === 1) {
      this.state[i] = 0;
      this.kept--;
    }
  }

  /** Forget the record at `i` (its entries do not decode). */
  drop(i: number): void {
    this.unkeep(i);
    if (this.state[i] === 0) {
      this.state[i] = -1;
      this.live--;
    }
  }

  isKept(i: number): boolean {
    return this.state[i] === 1;
  }

  isLive(i: number): boolean {
    return this.state[i] !== -1;
  }
}

/** The file place an `objects` or `bytes` item names, or `n` past the end (none left); throws when not a place. */
function placeOf(item: unknown, n: number): number {
  if (item === undefined) return n;
  if (!Array.isArray(item) || !isNaturalNumber(item[0]) || item[0] >= n) throw new Error(DAMAGED);
  return item[0];
}

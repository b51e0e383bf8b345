/**
 * The index cache (#17): what the index pass made of each file of a repository, kept between runs, so a run that names
 * a few files (a pre-commit hook) reads and parses only the files of the repository that changed since the last run.
 *
 * One file per repository root in the user's cache folder (`$XDG_CACHE_HOME/kubeward/index/<digest of the root's real
 * path>`), never in the work tree. It holds, for each file the index pass read:
 *
 * - its stamp (size, mtime, ctime, inode, device: src/read/stamp.ts) when it was read, and the SHA-256 of its bytes, or,
 *   while the stamp is racy (see below), the bytes themselves (small files), or neither (see `hashOf`);
 * - its index entries (`FileEntries`), encoded (JSON, or V8's serialization for values JSON cannot carry exactly:
 *   `.inf`, `-0`...), decoded only when used;
 * - the whole values of the objects read again after the index pass (CRDs whose schemas the schema rule needs, the
 *   params of ValidatingAdmissionPolicies), decoded only when asked for;
 *
 * and the walks of the repository and of the folders of a `--cache` run (src/read/walk.ts, kept while no folder or
 * ignore file changed).
 *
 * A file's entries are used while its stamp is the one recorded and was taken more than two seconds after the file
 * last changed (git's racy rule); a file whose stamp changed or was racy is read, and its entries are used when its
 * bytes are the ones recorded (compared whole, or by their SHA-256: the tree's content is the attacker's, so no weaker
 * hash), so a touched file, or one checked out again, is read but not parsed. Anything else is read and parsed as
 * without the cache. The entries depend on the engine's settings (the kinds the index keeps whole, `podTemplates`, the
 * Kubernetes version, the size limit) and on kubeward's version and build: they are in the file's header, and a file
 * made under other settings is ignored and rewritten. A missing, corrupt, truncated or unwritable cache file costs
 * speed only; it is replaced whole (written beside it, then renamed), so concurrent runs never read half of one.
 *
 * Why no seal (the `--cache` file's HMAC, src/shared/user-cache.ts): that seal exists because a `--cache` file can sit
 * in the linted tree, where a pull request can commit one. This file never does: it lives in the user's cache folder,
 * written without following links, and only read there, from a regular file (no link) owned by the user. Whoever can
 * write that folder already decides what kubeward runs (Node's compile cache and kubeward's V8 code cache of its own
 * modules live beside it, and are code), and a file honestly made elsewhere (a cache folder restored from another
 * machine) gives the right answers, since entries are used only for a stamp that is exactly this file's or for bytes
 * that are exactly the ones recorded. What is left to check is a file damaged on disk or cut short: the header names
 * the format, the settings, the root and the length of the rest, and every record's pieces must tile the file's lines
 * exactly (and its decoded entries be a list of objects), as git reads its own index without
 * verifying its checksum. A change inside a record that keeps it well-formed (a byte of its entries, a kind of its
 * row) is not detected, as git does not detect one in its index. The seal cost a warm run more than a tenth of its time: node:crypto and Node's streams
 * loaded, and an HMAC over the whole file on every read and write (docs/performance.md).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import {
  pathStamp,
  readBytes,
  sameStamp,
  settledStamp,
  stampOf,
  statHasStamp,
  statOf,
  type CachedWalk,
  type FileStamp,
  type WalkCache,
} from '../read/index.js';
import {
  entriesJson,
  entryKinds,
  hasKinds,
  withinKinds,
  kindsOf,
  objectKinds,
  readObjectsWith,
  sameList,
  type FileEntries,
  type ObjectEntry,
  type ObjectPlace,
  type PartEntries,
  type PendingEntries,
  type ReadObjects,
  type RepositoryFile,
} from '../resources/index.js';
import type { ParsedFile } from '../parse/index.js';
import { pathDigest, userCacheDir } from '../shared/cache-dir.js';
import { openOwnFile, readAt } from '../shared/own-file.js';
import { VERSION } from '../shared/version.js';
import { MAX_WRITTEN, measureWritten, type Written } from '../shared/written.js';
import { writeFileSafely } from '../shared/write-file.js';
import { buildFingerprintText, reopenUnchanged, stableStringify } from './cache.js';
import type { Engine } from './engine.js';
import { columnsOf, RecordTable, type FileRecord } from './index-table.js';

const FORMAT = 'kubeward-index/9';
/** What is read first of a cache file: its header (the settings, about 1 KB) and, in a small repository, its walks line. */
const FIRST_READ = 16 * 1024;
/** The largest cache file read; a larger one is ignored (and rewritten). */
const MAX_CACHE_FILE = 1024 * 1024 * 1024;
/**
 * A file read while its stamp is racy keeps its bytes in its record, up to this size (and this much for all files of
 * a run): the next run compares what it reads with them, without node:crypto. Larger ones keep their SHA-256.
 */
const KEEP_BYTES = 64 * 1024;
const KEEP_ALL_BYTES = 1024 * 1024;
/** What `hashOf` gives for bytes it keeps until `record` (never a SHA-256 in base64url, which has no `#`). */
const PENDING = '#';

/**
 * When a run may leave the cache file as it is though some of its records no longer hold (`IndexCache.deferred`): at
 * most this many changed records, of files of at most this many bytes in all, and a file written by a run that began
 * less than `age` ms before. Rewriting the file (1.5 MB for a repository of 1,300 files) costs a warm run more than
 * reading and parsing a few files again; the next run finds those files changed (their stamps are not the ones
 * recorded) and reads them, exactly as it would any file changed since the file was written. An object, not
 * constants: tests set `records` to -1 to see every write.
 */
export const deferral = { records: 8, bytes: 256 * 1024, age: 24 * 3600 * 1000 };

/**
 * The file is five lines: this header (with the walks line's length: a run that only walks reads no further); `W` and the walks (a JSON array); `I` and the index (IndexColumns: src/engine/index-table.ts); `E`
 * and every file's entries, comma-separated (so one JSON.parse decodes them all); `O` and, record after record, the
 * objects read again and the bytes kept. Only the last holds raw bytes (its pieces are found by their lengths); the
 * others never hold a raw newline (JSON escapes them).
 */
interface Header {
  format: string;
  /** Everything besides a file's bytes that decides its entries (indexSettings). */
  settings: string;
  root: string;
  /** When the run that wrote the file began: its stamps are trusted against it. */
  started: number;
  /** The length in bytes of what follows this line. */
  length: number;
  /** The length in bytes of the walks line (without its newline), the first of them: read alone by a run that only walks. */
  walkLength: number;
}

/** The folder of index caches in the user's cache folder; undefined where there is none. */
function indexCacheDir(): string | undefined {
  const dir = userCacheDir();
  return dir && path.join(dir, 'index');
}

/** The cache file of a repository root: one per root, named by a digest of its real path. */
export function indexCacheFile(root: string): string | undefined {
  const dir = indexCacheDir();
  if (!dir) return undefined;
  let real: string;
  try {
    real = fs.realpathSync.native(root);
  } catch {
    real = path.resolve(root);
  }
  return path.join(dir, `${pathDigest(real)}.index`);
}

/**
 * Everything besides a file's bytes that decides its index entries, as text: the header holds it whole and a run
 * compares it whole (no digest, so a warm run never loads node:crypto).
 */
function indexSettings(engine: Engine): string {
  return stableStringify({
    format: FORMAT,
    version: VERSION,
    build: buildFingerprintText(),
    // V8's serialization (for values JSON cannot carry) is Node's own format.
    node: process.version,
    wholeKinds: [...engine.wholeKinds].sort(),
    podTemplates: engine.podTemplates,
    kubernetesVersion: engine.kubernetesVersion,
    maxFileSize: engine.maxFileSize,
  });
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('base64url');
}

/**
 * A value (an object) as JSON text: itself when JSON carries it exactly; when it only shares objects (YAML aliases), a
 * JSON string of `r` and `sharedText`'s JSON (the first place each object is reached, and where it is reached again), so
 * that reading it back loads no node:v8 (which loads Node's streams: about 2.5 ms of a warm run, for 9 files of
 * ../shared/corpus/real); else a JSON string of `v` and V8's serialization in base64 (the structured clone the worker
 * threads use). The `r` form is used only while it is no longer than MAX_WRITTEN (deep objects reached many times).
 */
export function encode(value: unknown): Buffer | undefined {
  const written: Written = { left: MAX_WRITTEN, exact: true, shared: false };
  measureWritten(value, written);
  if (written.left < 0) return undefined;
  if (written.exact && !written.shared) return Buffer.from(JSON.stringify(value));
  if (written.exact) {
    const text = sharedText(value);
    if (text !== undefined && text.length <= MAX_WRITTEN) return Buffer.from(JSON.stringify(`r${text}`));
  }
  return Buffer.from(JSON.stringify(`v${v8.serialize(value).toString('base64')}`));
}

/** A place in a value: the keys (array indices as strings) from the value to it. */
type Place = string[];

/**
 * `[tree, links]` as JSON, for a value that JSON carries exactly but for objects reached more than once: `tree` is the
 * value with each object written where it is first reached (JSON.stringify's order) and 0 everywhere it is reached
 * again, and `links` holds, for each such 0, its place and the place the object was written at (never inside a 0:
 * the places an object is first reached through were all written). Cycles (an alias inside its own anchor) are links too.
 */
function sharedText(value: unknown): string | undefined {
  const placeOf = new Map<object, Place>();
  const links: Array<[Place, Place]> = [];
  // What the links take written out, counted before they are (measureWritten counts each a reference): a link holds
  // two places, each as long as the keys on its path, so aliases under long or deep keys would write far more than the
  // value itself (a 290 KB file: 1.8 G characters, a string too long for V8).
  let left = MAX_WRITTEN;
  const placeLength = (place: Place) => place.reduce((n, key) => n + key.length + 3, 2);
  try {
    const tree = JSON.stringify(value, function (this: object, key: string, v: unknown) {
      if (v === null || typeof v !== 'object') return v;
      // The first call's holder is JSON.stringify's own wrapper of the value: the value's place is [].
      const holder = placeOf.get(this);
      const place = holder ? [...holder, key] : [];
      const first = placeOf.get(v);
      if (first) {
        left -= placeLength(place) + placeLength(first);
        if (left < 0) throw LINKS_TOO_LONG;
        links.push([place, first]);
        return 0;
      }
      placeOf.set(v, place);
      return v;
    });
    return `[${tree},${JSON.stringify(links)}]`;
  } catch (error) {
    if (error === LINKS_TOO_LONG) return undefined;
    throw error;
  }
}

/** Thrown out of sharedText's walk when its links would be longer than MAX_WRITTEN (V8's serialization is used). */
const LINKS_TOO_LONG = new Error('links too long');

/** The object at `place` of `value` (an object's own key or an array's index), or undefined. */
function at(value: unknown, place: unknown): unknown {
  if (!Array.isArray(place)) return undefined;
  let v = value;
  for (const key of place) {
    if (typeof key !== 'string' || v === null || typeof v !== 'object' || !Object.hasOwn(v, key)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/** The value `sharedText` wrote: each link's 0 made the object written at its other place (the same object). */
function fromShared(text: string): unknown {
  const [value, links] = JSON.parse(text) as [unknown, unknown];
  if (!Array.isArray(links)) throw new Error('not a shared value');
  for (const link of links) {
    const [place, first] = Array.isArray(link) ? (link as unknown[]) : [];
    const object = at(value, first);
    if (!Array.isArray(place) || place.length === 0 || object === null || typeof object !== 'object') throw new Error('not a shared value');
    const holder = at(value, place.slice(0, -1));
    const key = place.at(-1);
    if (
      holder === null ||
      typeof holder !== 'object' ||
      typeof key !== 'string' ||
      !Object.hasOwn(holder, key) ||
      (holder as Record<string, unknown>)[key] !== 0
    )
      throw new Error('not a shared value');
    (holder as Record<string, unknown>)[key] = object;
  }
  return value;
}

/** The value of what `encode` made, once JSON.parse has read it. */
export function decoded(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  return value.startsWith('r') ? fromShared(value.slice(1)) : v8.deserialize(Buffer.from(value.slice(1), 'base64'));
}

/**
 * A file's entries as the entries line holds them: its objects only (`encode`d), since the record's index row names
 * the file (the path was 15% of the line).
 */
function encodeEntries(entries: FileEntries): Buffer | undefined {
  // The JSON text entriesOf made of them as it copied them: what encode() would write again.
  const json = entriesJson(entries);
  return json === undefined ? encode(entries.objects) : Buffer.from(json);
}

/**
 * The entries of a file the run read but did not skim (its kinds only scanned: src/engine/files.ts readEntriesLazily):
 * a JSON value that decodes to no entries, so that a run that needs them reads the file (CachedEntries' `read`).
 */
const LAZY = Buffer.from('0');
const isLazy = (record: FileRecord) => (Buffer.isBuffer(record.entries) ? record.entries.equals(LAZY) : record.entries[1] - record.entries[0] === 1);

/** The entries of `filePath` from what `encodeEntries` made, once JSON.parse has read it; undefined when not such. */
function decodeEntries(value: unknown, filePath: string): FileEntries | undefined {
  const objects = decoded(value);
  return Array.isArray(objects) && objects.every(isObjectEntry) ? { filePath, objects: objects as FileEntries['objects'] } : undefined;
}

const isRecordValue = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Whether a decoded entry has the shape the index pass gives the fields the engine reads without checking (its object's
 * own fields are the linted tree's, which every check reads as untrusted): a damaged cache file that still parses must
 * not make a later run fail (a CRD's trimmed versions that are not a list failed every run, before it was rewritten).
 */
function isObjectEntry(entry: unknown): boolean {
  if (!isRecordValue(entry) || !Number.isSafeInteger(entry.documentIndex) || !isRecordValue(entry.object) || !Array.isArray(entry.basePath)) return false;
  if (!entry.basePath.every((key) => typeof key === 'string' || typeof key === 'number')) return false;
  const { trimmed } = entry;
  return (
    trimmed === undefined ||
    (isRecordValue(trimmed) && Array.isArray(trimmed.versions) && trimmed.versions.every((v) => typeof v === 'string') && typeof trimmed.legacy === 'boolean')
  );
}

/**
 * The text of an entries line (`E`, then every file's entries, comma-separated, then the line's newline) as one JSON
 * array: its first and last bytes are made `[` and `]` while it is decoded, so the 1 MB string JSON.parse reads is made
 * once (`[` + text + `]` was a second copy, made by JSON.parse flattening the concatenation).
 */
function entriesText(line: Buffer): string {
  const whole = Buffer.from(line.buffer, line.byteOffset, line.length + 1);
  if (whole[0] !== 0x45 /* E */ || whole[line.length] !== 0x0a) throw new Error('not an entries line');
  whole[0] = 0x5b; // [
  whole[line.length] = 0x5d; // ]
  try {
    return whole.toString('utf8');
  } finally {
    whole[0] = 0x45;
    whole[line.length] = 0x0a;
  }
}

const COMMA = Buffer.from(',');
const NEWLINE = Buffer.from('\n');
/** What begins the objects line (after the entries line). */
const OBJECTS_LINE = Buffer.from('\nO');
/** Walks kept at most: the repository's, a `--cache` run's folders, and a few others. */
const MAX_WALKS = 4;

const placeKey = (p: ObjectPlace) => JSON.stringify([p.documentIndex, ...p.basePath]);

/** The stat of a regular file (links followed), or undefined: missing, unreadable, a FIFO or a device (never cached). */
function regularStat(file: string): fs.Stats | undefined {
  const stat = statOf(file);
  return stat?.isFile() ? stat : undefined;
}

/** The stamp of a regular file (regularStat). */
function regularStamp(file: string): FileStamp | undefined {
  return pathStamp(file, true);
}

/**
 * What CachedEntries ask of their cache: the entries of the record at a place decoded (else the file read with `read`),
 * those of its objects of some kinds only (undefined when it cannot tell), or all of them.
 */
interface Decoder {
  decode(at: number, filePath: string, read: (filePath: string) => FileEntries): FileEntries;
  decodeKinds(at: number, filePath: string, kinds: ReadonlySet<string>): PartEntries | undefined;
  decodeAll(): void;
}

/**
 * How each entry after a file's first begins in its encoded entries (`[{"documentIndex":...},{"documentIndex":...}]`:
 * entriesOf makes `documentIndex` an entry's first key). Inside an object's own value the text holds it only where an
 * object of a list has a key `documentIndex` first (a quote in a string is escaped), which makes more pieces than the
 * file has objects: then the file is decoded whole.
 */
const NEXT_ENTRY = '},{"documentIndex":';

/**
 * The entries at `places` of a file's encoded entries (`text`, a JSON array of `count` entries each beginning with
 * `{"documentIndex":`), each decoded alone, when the text splits into exactly `count` pieces and each one decoded is an
 * entry of the kinds `lists` gives it; undefined otherwise.
 */
export function entriesAt(text: string, lists: ReadonlyArray<readonly string[]>, places: readonly number[]): ObjectEntry[] | undefined {
  if (!text.startsWith('[{"documentIndex":') || !text.endsWith('}]')) return undefined;
  // Where each piece begins and ends (its `{` and the index after its `}`).
  const starts = [1];
  const ends: number[] = [];
  for (let at = text.indexOf(NEXT_ENTRY, 1); at >= 0; at = text.indexOf(NEXT_ENTRY, at + 2)) {
    ends.push(at + 1);
    starts.push(at + 2);
    if (starts.length > lists.length) return undefined;
  }
  ends.push(text.length - 1);
  if (starts.length !== lists.length) return undefined;
  const objects: ObjectEntry[] = [];
  for (const place of places) {
    let entry: unknown;
    try {
      entry = JSON.parse(text.slice(starts[place], ends[place]));
    } catch {
      return undefined;
    }
    if (!isObjectEntry(entry)) return undefined;
    if (!sameList(entryKinds(entry as ObjectEntry), lists[place])) return undefined;
    objects.push(entry as ObjectEntry);
  }
  return objects;
}

/** A record's entries left encoded (IndexCache.lookupPending), with the kinds of its objects: by its place in the table. */
class CachedEntries implements PendingEntries {
  /** A file left unread (LAZY): its decode reads the file. */
  readonly beforeReads?: (count: number) => void;
  constructor(
    readonly filePath: string,
    readonly kinds: readonly string[],
    private readonly at: number,
    private readonly decoder: Decoder,
    private readonly read: (filePath: string) => FileEntries,
    beforeReads?: (count: number) => void,
  ) {
    if (beforeReads) this.beforeReads = beforeReads;
  }

  decode(): FileEntries {
    return this.decoder.decode(this.at, this.filePath, this.read);
  }

  decodeKinds(kinds: ReadonlySet<string>): PartEntries | undefined {
    return this.decoder.decodeKinds(this.at, this.filePath, kinds);
  }

  decodeAll(): void {
    this.decoder.decodeAll();
  }
}

export class IndexCache {
  /** Records of the last run (made from the index line on first use: `previous`). */
  private records: RecordTable | undefined;
  /** The index and objects lines of the file read, until its records are made of them (on first use: a run that only walks never does). */
  private unread: { indexLine: Buffer; objectsLine: Buffer } | undefined;
  /** The stamp of the file whose header and walks line were read, and where its other lines begin, until they are read (readRest). */
  private rest: { stamp: FileStamp; at: number } | undefined;
  private previousStarted = 0;
  /** Walks kept (newest first), each under its key: the repository's, and the folders of a `--cache` run. */
  private walks: CachedWalk[] = [];
  /** The walks as the file read held them (its index line may name its paths by their places in one of them). */
  private walksRead: readonly CachedWalk[] = [];
  /**
   * Records that hold for this run, but those of the last run kept as they are (RecordTable's `keep`): files read now,
   * and those whose stamp changed since.
   */
  private readonly current = new Map<string, FileRecord>();
  /** Stamps taken this run before a file is read. */
  private readonly stamps = new Map<string, FileStamp | undefined>();
  private changed = false;
  /** The entries line of the file read, and its entries once decoded. */
  private entriesLine: Buffer | undefined;
  /** The walks line of the file read, written again as it is while no walk was kept since. */
  private walkLine: Buffer | undefined;
  private allEntries: unknown[] | undefined;
  /** Whether the entries line failed to parse whole (decodedEntries). */
  private entriesBroken = false;
  /** Bytes `hashOf` keeps until `record` (by the token it gave), and how many. */
  private readonly pending = new Map<string, Buffer>();
  private pendingBytes = 0;
  private tokens = 0;
  /** How many bytes the records made this run keep (KEEP_ALL_BYTES). */
  private keptBytes = 0;
  /** Whether this run has hashed (node:crypto is loaded): then every file read gets its hash. */
  private hashing = false;
  /** Whether this run kept objects read again in a record (readObjects): worth writing. */
  private objectsKept = false;

  /** The walks kept, and where a new one is kept (src/read/walk.ts). */
  readonly walk: WalkCache = {
    find: (key) => this.walks.find((w) => w.key === key),
    keep: (walk) => {
      this.walks = [walk, ...this.walks.filter((w) => w.key !== walk.key)].slice(0, MAX_WALKS);
      this.walkLine = undefined;
      this.changed = true;
    },
  };
  /** Whether the run used the records (a run that only walks, with `--cache`, leaves them as they are). */
  private consulted = false;

  /**
   * `file`: the cache file (see indexCacheFile); `settingsOf`: indexSettings of the run's engine; `started`: when the run
   * began (its stamps are trusted by later runs against it).
   */
  constructor(
    readonly file: string,
    /** indexSettings of the run's engine, made when first needed (a run that finds no cache file and writes none never does). */
    private readonly settingsOf: () => string,
    readonly root: string,
    private readonly maxFileSize: number,
    private readonly started = Date.now(),
  ) {
    this.load();
  }

  private madeSettings: string | undefined;
  private get settings(): string {
    return (this.madeSettings ??= this.settingsOf());
  }

  /**
   * Read the header and the walks line (what a run that only walks uses: a `--cache` run); the other lines are read on
   * first use (`readRest`), from the same file (its stamp unchanged).
   */
  private load(): void {
    const open = openOwnFile(this.file, true);
    if (!open) return;
    try {
      const size = open.stat.size;
      if (size > MAX_CACHE_FILE) return;
      const first = readAt(open.fd, 0, Math.min(size, FIRST_READ));
      const end = first ? first.indexOf(0x0a) : -1;
      if (!first || end < 0) return;
      const header = JSON.parse(first.toString('utf8', 0, end)) as Header;
      if (header?.format !== FORMAT || header.settings !== this.settings || header.root !== this.root || typeof header.started !== 'number') return;
      // Cut short, or grown: not a file this code wrote whole. The walks line, its newline, then the three other lines.
      const walkLength = header.walkLength;
      if (header.length !== size - end - 1 || !Number.isSafeInteger(walkLength) || walkLength < 1 || end + 1 + walkLength >= size) return;
      const walkEnd = end + 1 + walkLength;
      const walkLine = walkEnd < first.length ? first.subarray(end + 1, walkEnd) : readAt(open.fd, end + 1, walkLength);
      const newline = walkEnd < first.length ? first[walkEnd] : readAt(open.fd, walkEnd, 1)?.[0];
      if (!walkLine || newline !== 0x0a || walkLine[0] !== 0x57 /* W */) return;
      const walks = JSON.parse(walkLine.toString('utf8', 1)) as unknown;
      // Walks of the shape walk() keeps at least in their key and lists (its wellFormedWalk checks the rest), each key
      // once: save() looks in their files for the index line's paths, and a line read looks up its walk by key.
      const keys = new Set<string>();
      this.walks = Array.isArray(walks)
        ? (walks as CachedWalk[]).filter(
            (w) => w && typeof w.key === 'string' && Array.isArray(w.seen) && Array.isArray(w.files) && !keys.has(w.key) && keys.add(w.key),
          )
        : [];
      if (Array.isArray(walks) && this.walks.length === walks.length) this.walkLine = walkLine;
      this.walksRead = this.walks;
      this.rest = { stamp: stampOf(open.stat), at: walkEnd + 1 };
      this.previousStarted = header.started;
    } catch {
      // Corrupt or truncated: the run goes on without it, and rewrites it.
      this.walks = [];
      this.walkLine = undefined;
      this.rest = undefined;
    } finally {
      fs.closeSync(open.fd);
    }
  }

  /**
   * The index, entries and objects lines of the file whose header was read (`load`), read now: from the file opened
   * again, when it is still that file (its stamp unchanged: one a concurrent run renamed over it is not read). Without
   * them the run has no records: it reads and parses every file, and rewrites the cache file.
   */
  private readRest(): void {
    const rest = this.rest;
    if (!rest) return;
    this.rest = undefined;
    const open = reopenUnchanged(this.file, rest.stamp, true);
    if (!open) return;
    try {
      const raw = readAt(open.fd, rest.at, open.stat.size - rest.at);
      if (!raw) return;
      const lines: Buffer[] = [];
      for (let start = 0; lines.length < 2;) {
        const next = raw.indexOf(0x0a, start);
        if (next < 0) return;
        lines.push(raw.subarray(start, next));
        start = next + 1;
        if (lines.length === 2) lines.push(raw.subarray(start));
      }
      const [indexLine, entriesLine, objectsLine] = lines;
      if (indexLine[0] !== 0x49 /* I */ || entriesLine[0] !== 0x45 /* E */ || objectsLine[0] !== 0x4f /* O */) return;
      this.entriesLine = entriesLine;
      this.unread = { indexLine, objectsLine };
    } catch {
      // Unreadable now: no records.
    } finally {
      fs.closeSync(open.fd);
    }
  }

  /** Whether this run wrote the file with records it made itself (it had none to use): the next run is warm. */
  writtenAnew = false;

  /** The records of the file read, made from its index line on first use. */
  private get previous(): RecordTable | undefined {
    this.readRest();
    const unread = this.unread;
    if (!unread) return this.records;
    this.unread = undefined;
    try {
      this.records = new RecordTable(JSON.parse(unread.indexLine.toString('utf8', 1)), this.entriesLine!, unread.objectsLine, this.walksRead);
    } catch {
      // Corrupt: the run goes on without the records (its walk is its own), and rewrites them.
      this.entriesLine = undefined;
    }
    return this.records;
  }

  /** The record of the last run for a file, and its place (-1: none). */
  private previousOf(filePath: string): { at: number; old: FileRecord | undefined } {
    const table = this.previous;
    const at = table ? table.indexOf(filePath) : -1;
    return { at, old: at >= 0 ? table!.record(at) : undefined };
  }

  /** Keep `record` for this run: the last run's at `at` as it is, or another (that one then no longer holds). */
  private hold(filePath: string, at: number, record: FileRecord): void {
    const table = this.records;
    if (at >= 0 && table!.isRecordAt(at, record)) {
      table!.keep(at);
      this.current.delete(filePath);
      return;
    }
    if (at >= 0) table!.unkeep(at);
    this.current.set(filePath, record);
  }

  /** No record holds for this file this run. */
  private release(filePath: string, at: number): void {
    if (at >= 0) this.records!.unkeep(at);
    this.current.delete(filePath);
  }

  /** The record that holds for a file this run, if any. */
  private currentOf(filePath: string): FileRecord | undefined {
    const made = this.current.get(filePath);
    if (made) return made;
    const table = this.records;
    const at = table ? table.indexOf(filePath) : -1;
    return at >= 0 && table!.isKept(at) ? table!.record(at) : undefined;
  }

  /** How many records hold for this run. */
  private get currentSize(): number {
    return (this.records?.kept ?? 0) + this.current.size;
  }

  /**
   * Decode every entry of the cache file read at once (one JSON.parse), for decodeRecord. A line that does not parse
   * leaves each record to be decoded alone (those that do still serve).
   */
  private decodedEntries(): void {
    this.readRest();
    if (this.allEntries || this.entriesBroken || !this.entriesLine) return;
    try {
      this.allEntries = JSON.parse(entriesText(this.entriesLine)) as unknown[];
    } catch {
      this.entriesBroken = true;
    }
  }

  private sha256(bytes: Uint8Array): string {
    this.hashing = true;
    return sha256(bytes);
  }

  /** Whether bytes read now are those a record was made of: compared whole when it kept them, else by their hash. */
  private sameBytes(record: FileRecord, bytes: Uint8Array): boolean {
    if (record.bytes) return record.bytes.equals(bytes);
    // Bytes of another length than the file had when recorded are other bytes (most edits): no hash needed to say so.
    // (Should the file have changed between its stamp and its read then, this only reads it again.)
    if (record.stamp.size !== bytes.length) return false;
    return record.hash !== null && this.sha256(bytes) === record.hash;
  }

  /**
   * The index entries of a file the index pass is about to read, when they are those of the last run: its stamp is
   * the one recorded (and was not racy), or its bytes are the ones recorded. Takes the file's stamp either way, so
   * `record` can keep what the run reads.
   */
  lookup(filePath: string): FileEntries | undefined {
    // A run that looks every file up decodes them all: with one JSON.parse.
    return this.reuse(filePath, (old) => (this.decodedEntries(), this.decodeRecord(old, filePath)));
  }

  /**
   * `lookup`, the entries left encoded: the kinds of the file's objects (from its record) and how to decode them, so
   * that a run decodes only the files its questions need (src/resources/resources.ts: PartRepository). Entries that
   * turn out not to decode (a damaged cache file) are forgotten, and `read` reads the file (and records it).
   */
  lookupPending(filePath: string, read: (filePath: string) => FileEntries, beforeReads?: (count: number) => void): PendingEntries | undefined {
    this.consulted = true;
    // A warm run looks up every file of the repository, nearly all unchanged: those make no record, no stamp and no
    // map entry (their stat is compared with the table's columns).
    const table = this.previous;
    const at = table ? table.indexOf(filePath) : -1;
    if (at < 0) {
      this.note(filePath);
      return undefined;
    }
    if (table!.unchanged(at, filePath, this.previousStarted)) {
      // (A file whose stamp this run took before, with `note`, is not one the index pass looks up: lint.ts notes the
      // linted files and looks up the others.)
      table!.keep(at);
      return this.cachedEntries(filePath, at, read, beforeReads);
    }
    // Changed, or gone: reuse, with its stamp taken now.
    if (!this.stamps.has(filePath)) this.stamps.set(filePath, regularStamp(filePath));
    return this.reuse(filePath, () => this.cachedEntries(filePath, at, read, beforeReads));
  }

  private cachedEntries(filePath: string, at: number, read: (filePath: string) => FileEntries, beforeReads?: (count: number) => void): CachedEntries {
    const table = this.records!;
    return new CachedEntries(filePath, table.kindsAt(at), at, this.decoder, read, beforeReads && table.lazyAt(at) ? beforeReads : undefined);
  }

  /** How CachedEntries decode (one for the run, not closures per file: a warm run makes one CachedEntries per file). */
  private readonly decoder: Decoder = {
    decode: (at, filePath, read) => {
      const record = this.records!.record(at);
      const entries = this.decodeRecord(record, filePath);
      if (entries) return entries;
      // The file is read (and recorded, against the stamp its lookup found: the record's, or the one taken then).
      if (!this.stamps.has(filePath)) this.stamps.set(filePath, record.stamp);
      this.records!.drop(at);
      this.current.delete(filePath);
      this.changed = true;
      // A file left unread (LAZY): what its scan listed, as when it was left (withinKinds).
      return isLazy(record) ? withinKinds(read(filePath), record.kinds) : read(filePath);
    },
    decodeKinds: (at, filePath, kinds) => {
      // A file of several objects of different kinds, its entries still in the line read: the objects of these kinds,
      // decoded one by one (an install manifest's Namespace, not its Deployments and RBAC).
      const record = this.records!.record(at);
      const lists = record.objectKinds;
      const { entries } = record;
      if (!lists || Buffer.isBuffer(entries) || this.allEntries || !this.entriesLine) return undefined;
      const places: number[] = [];
      for (let k = 0; k < lists.length; k++) if (lists[k].some((kind) => kinds.has(kind))) places.push(k);
      if (places.length === 0 || places.length === lists.length) return undefined;
      const objects = entriesAt(this.entriesLine.toString('utf8', entries[0], entries[1]), lists, places);
      return objects && { entries: { filePath, objects }, places, count: lists.length };
    },
    decodeAll: () => this.decodedEntries(),
  };

  /**
   * The record of the last run for a file the index pass is about to read, when it holds (see lookup), as `use` makes
   * it (undefined: it does not), then kept for this run.
   */
  private reuse<T>(filePath: string, use: (old: FileRecord) => T | undefined): T | undefined {
    this.consulted = true;
    const { at, old } = this.previousOf(filePath);
    const stamp = old ? this.noteAgainst(filePath, old.stamp) : this.note(filePath);
    if (!old || !stamp) return undefined;
    const trusted = (stamp === old.stamp || sameStamp(old.stamp, stamp)) && settledStamp(old.stamp, this.previousStarted);
    if (!trusted) {
      const read = readBytes(filePath, this.maxFileSize);
      if (!('bytes' in read) || !this.sameBytes(old, read.bytes)) return undefined;
    }
    const used = use(old);
    if (used === undefined) return undefined;
    if (trusted) {
      this.hold(filePath, at, old);
    } else {
      // A stamp that changed, or one that was racy and is settled now: written again, so the next run only stats the
      // file. Its bytes are kept while its stamp is still racy.
      const { bytes, ...rest } = old;
      this.hold(filePath, at, { ...rest, stamp, ...(bytes && !settledStamp(stamp, this.started) ? { bytes } : {}) });
      this.changed = true;
    }
    return used;
  }

  /** A record's entries decoded: alone (JSON.parse of its piece of the entries line), or from all of them once decoded. */
  private decodeRecord(record: FileRecord, filePath: string): FileEntries | undefined {
    try {
      const { entries } = record;
      let value: unknown;
      if (Buffer.isBuffer(entries)) value = JSON.parse(entries.toString('utf8'));
      else if (this.allEntries) value = this.allEntries[record.at ?? -1];
      else if (this.entriesLine) value = JSON.parse(this.entriesLine.toString('utf8', entries[0], entries[1]));
      const decoded = decodeEntries(value, filePath);
      // Entries whose kinds are not those of their record are not what this code wrote (a run decides which files to
      // decode by the kinds alone): the file is read instead. A record whose kinds leave out one its entries hold is
      // not caught here, since it is never decoded for that kind: like a changed byte inside valid entries, damage that
      // keeps the file's structure is not detected (see the top of this file).
      return decoded && hasKinds(decoded, record.kinds) ? decoded : undefined;
    } catch {
      return undefined;
    }
  }

  /** Take the stamp of a file about to be read (linted files too, whose entries are recorded but never looked up). */
  note(filePath: string): FileStamp | undefined {
    this.consulted = true;
    const taken = this.stamps.get(filePath);
    if (taken !== undefined || this.stamps.has(filePath)) return taken;
    const stamp = regularStamp(filePath);
    this.stamps.set(filePath, stamp);
    return stamp;
  }

  /**
   * `note` for a file the last run recorded: a stat that is that record's stamp keeps the record's stamp object (a warm
   * run takes one for every file of the repository, and most are unchanged).
   */
  private noteAgainst(filePath: string, recorded: FileStamp): FileStamp | undefined {
    const taken = this.stamps.get(filePath);
    if (taken !== undefined || this.stamps.has(filePath)) return taken;
    const stat = regularStat(filePath);
    const { size, mtimeMs, ctimeMs, ino, dev } = recorded;
    const stamp = stat && (statHasStamp(stat, size, mtimeMs, ctimeMs, ino, dev) ? recorded : stampOf(stat));
    this.stamps.set(filePath, stamp);
    return stamp;
  }

  /**
   * Keep the entries the run made of a file (after `note` or `lookup`), with what `hashOf` gave for the bytes read
   * when it was called.
   */
  record(filePath: string, entries: RepositoryFile, hash?: string): void {
    const stamp = this.stamps.get(filePath);
    const bytes = hash?.startsWith(PENDING) ? this.pending.get(hash) : undefined;
    if (bytes) {
      this.pending.delete(hash!);
      this.pendingBytes -= bytes.length;
      hash = undefined;
    }
    if (!stamp) return;
    // A file read again as it was (linted files are always read): its record stays, objects and all. Its settled stamp
    // says so, as it does for every other file; bytes or a hash to compare, when both sides have them, must agree.
    const { at, old } = this.previousOf(filePath);
    // (A record of a file not skimmed is replaced once its entries are made.)
    if (old && sameStamp(old.stamp, stamp) && settledStamp(old.stamp, this.previousStarted) && !isLazy(old)) {
      const differs = (bytes && old.bytes && !old.bytes.equals(bytes)) || (hash && old.hash && hash !== old.hash);
      if (!differs) {
        this.hold(filePath, at, old);
        return;
      }
    }
    // A file not skimmed (PendingEntries of a lazy read): the kinds it may hold, and no entries.
    const made = 'objects' in entries;
    const encoded = made ? encodeEntries(entries) : LAZY;
    this.changed = true;
    // Entries too big to keep (MAX_WRITTEN): no record, so the next run reads the file.
    if (!encoded) return this.release(filePath, at);
    const record: FileRecord = { stamp, ...this.contentOf(stamp, bytes, hash), entries: encoded, kinds: made ? kindsOf(entries) : entries.kinds };
    const each = made ? objectKinds(entries) : undefined;
    if (each) record.objectKinds = each;
    this.hold(filePath, at, record);
  }

  /**
   * What a new record keeps of the bytes read: their hash when made; while the stamp is racy, the bytes themselves when
   * small enough, else their hash; once settled, their hash when the run hashes anyway or had no cache file to start
   * from (it reads every file), else none: the next run trusts the stamp, and should it change, reads and parses the
   * file again (a warm run that reads a few changed files loads no node:crypto for them).
   */
  private contentOf(stamp: FileStamp, bytes: Buffer | undefined, hash: string | undefined): Pick<FileRecord, 'hash' | 'bytes'> {
    if (!bytes) return { hash: hash ?? null };
    if (!settledStamp(stamp, this.started)) {
      if (bytes.length <= KEEP_BYTES && this.keptBytes + bytes.length <= KEEP_ALL_BYTES) {
        this.keptBytes += bytes.length;
        return { hash: null, bytes };
      }
      return { hash: this.sha256(bytes) };
    }
    return { hash: this.hashing || !this.previous?.live ? this.sha256(bytes) : null };
  }

  /**
   * What `record` wants of bytes read: their SHA-256, or, for small files until this run hashes anything, a token under
   * which the bytes (copied) wait for `record`, which decides whether a hash is needed at all (so a run that reads a
   * few small files never loads node:crypto).
   */
  hashOf(bytes: Uint8Array): string {
    if (this.hashing || bytes.length > KEEP_BYTES || this.pendingBytes + bytes.length > KEEP_ALL_BYTES) return this.sha256(bytes);
    const token = `${PENDING}${this.tokens++}`;
    this.pending.set(token, Buffer.from(bytes));
    this.pendingBytes += bytes.length;
    return token;
  }

  /**
   * Read objects again after the index pass (restoreSchemas, restoreParams): from the cache when the file's record
   * holds them, else parsed with `parse` (which reports the bytes it read) and kept when those bytes are the ones the
   * record was made of.
   */
  readObjects(parse: (filePath: string, onBytes: (bytes: Uint8Array) => void) => ParsedFile): ReadObjects {
    return (filePath, places) => {
      const record = this.currentOf(filePath);
      if (record) {
        const kept = places.map((p) => record.objects?.get(placeKey(p)));
        if (kept.every((k) => k !== undefined)) {
          try {
            const values = kept.map((k) => decoded(JSON.parse(k.toString('utf8'))));
            // Objects, as they were kept (else the file is read: a damaged value must not reach the engine).
            if (values.every(isRecordValue)) return values;
          } catch {
            // read below
          }
        }
      }
      const before = regularStamp(filePath);
      let read: Uint8Array | undefined;
      // The bytes a read hands over are valid during the call only (src/read/read-file.ts: ReadBuffer): a copy is kept,
      // when there is a record to compare them with.
      const keep = record ? (bytes: Uint8Array) => (read = Buffer.from(bytes)) : () => undefined;
      const values = readObjectsWith((f) => parse(f, keep))(filePath, places);
      if (!record || !read) return values;
      const same = record.bytes || record.hash ? this.sameBytes(record, read) : sameStamp(record.stamp, before) && settledStamp(record.stamp, this.started);
      if (same) {
        if (!record.hash && !record.bytes && this.hashing) record.hash = this.sha256(read);
        places.forEach((p, i) => {
          const encoded = values[i] === undefined ? undefined : encode(values[i]);
          if (encoded) (record.objects ??= new Map()).set(placeKey(p), encoded);
        });
        this.changed = true;
        this.objectsKept = true;
      }
      return values;
    };
  }

  /** Write the records that hold for this run (and the walk), when anything changed. Never throws. */
  save(): void {
    try {
      this.saveNow();
    } catch {
      // A cache that cannot be made only costs speed (what a damaged file read gives is checked where it is read).
    }
  }

  private saveNow(): void {
    if (!this.changed && (!this.consulted || this.currentSize === (this.previous?.live ?? 0))) return;
    if (this.deferred()) return;
    // The records' stamps are trusted against the start of the run that took them.
    const started = this.consulted ? this.started : this.previousStarted;
    const walkLine = this.walkLine ?? Buffer.from(`W${JSON.stringify(this.walks)}`);
    this.readRest();
    // A run that only walked keeps the records as they were: the lines read, as they are, when it made no records of them
    // and kept no walk (the index line may name its paths by their places in a walk of the line read).
    if (!this.consulted && this.unread && this.walkLine) {
      const { indexLine, objectsLine } = this.unread;
      this.write(started, [walkLine, NEWLINE, indexLine, NEWLINE, this.entriesLine!, NEWLINE, objectsLine]);
      return;
    }
    // Those of the last run that hold (all of them, for a run that only walked), and those made now, by path: the
    // order of the walk, which the next run's lookups follow (RecordTable's indexOf). Runs of neighbouring records of
    // the file read are copied from its entries line in one piece each.
    const records: Array<[string, FileRecord]> = [];
    const table = this.previous;
    if (table) for (let i = 0; i < table.size; i++) if (this.consulted ? table.isKept(i) : table.isLive(i)) records.push([table.pathAt(i), table.record(i)]);
    if (this.consulted) this.current.forEach((record, file) => records.push([file, record]));
    // (No array patterns: each steps an iterator, interpreted, for every comparison and record of a whole repository.)
    records.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const entries: Buffer[] = [];
    const objects: Buffer[] = [];
    /** The run of neighbouring entries of the file read not copied yet (start and end), and how to copy it. */
    let run: [number, number] | undefined;
    const flush = () => {
      if (run) entries.push(this.entriesLine!.subarray(run[0], run[1]));
      run = undefined;
    };
    for (let i = 0; i < records.length; i++) {
      const { bytes, entries: encoded, objects: kept } = records[i][1];
      if (Buffer.isBuffer(encoded)) {
        flush();
        if (entries.length) entries.push(COMMA);
        entries.push(encoded);
      } else if (run && encoded[0] === run[1] + 1) {
        // The next entries of the line read: the comma between them is copied with them.
        run[1] = encoded[1];
      } else {
        flush();
        if (entries.length) entries.push(COMMA);
        run = [encoded[0], encoded[1]];
      }
      kept?.forEach((piece) => objects.push(piece));
      if (bytes) objects.push(bytes);
    }
    flush();
    // concat, not spreads: a spread after the first element of an array literal stores each element through the runtime
    // while the code is interpreted (docs/performance.md, "spreads").
    const index = Buffer.from(`\nI${JSON.stringify(columnsOf(records, this.walks))}\nE`);
    this.write(started, [walkLine, index].concat(entries, [OBJECTS_LINE], objects) as [Buffer, ...Buffer[]]);
  }

  /**
   * Whether the file read may stay as it is though records changed (see `deferral`): the run used the records, the
   * file held records of the same files and the walk as kept (no file added, removed or renamed), few records
   * changed (files edited, touched, or racy ones read again), none of them made by hashing (the next run would hash
   * again) or holding objects read again, and the file is recent. Whatever the file holds is then still exactly what
   * a run wrote, and a later run treats it as the run after that one would.
   */
  private deferred(): boolean {
    if (!this.consulted || this.walkLine === undefined || this.hashing || this.objectsKept) return false;
    // A clock that went back (or a cache folder from a machine ahead of it) is not deferred either: writing repairs it.
    const age = this.started - this.previousStarted;
    if (age < 0 || age > deferral.age) return false;
    const live = this.previous?.live ?? 0;
    if (live === 0 || live !== this.currentSize) return false;
    let records = 0;
    let bytes = 0;
    let deferrable = true;
    // The records kept as they are aside, those that changed (forEach, not `for (const [file, record] of ...)`: an array
    // pattern per file steps an iterator, interpreted).
    this.current.forEach((record, file) => {
      const { old } = this.previousOf(file);
      if (!deferrable) return;
      // A record whose bytes differed under the same settled stamp (record's `differs`): the old one would still be
      // trusted by the next run's lookup, so the file must be written.
      if (!old || (sameStamp(old.stamp, record.stamp) && settledStamp(old.stamp, this.previousStarted))) deferrable = false;
      else if (++records > deferral.records || (bytes += record.stamp.size) > deferral.bytes) deferrable = false;
    });
    return deferrable;
  }

  /** Write the file: its header, then `body` (the lines after it), replacing it whole. Never throws. */
  private write(started: number, body: readonly [walkLine: Buffer, ...rest: Buffer[]]): void {
    try {
      const dir = path.dirname(this.file);
      const length = body.reduce((n, part) => n + part.length, 0);
      const header: Header = { format: FORMAT, settings: this.settings, root: this.root, started, length, walkLength: body[0].length };
      const bytes = Buffer.concat(([Buffer.from(`${JSON.stringify(header)}\n`)] as Buffer[]).concat(body));
      writeFileSafely(this.file, bytes, { what: 'the index cache', base: path.dirname(dir) });
      // A run that had no records to use (none, or another format or settings) made these from the files themselves.
      if (this.consulted && !this.previous?.size) this.writtenAnew = true;
      pruneIndexCaches(dir, this.started);
    } catch {
      // A cache that cannot be written only costs speed.
    }
  }
}

/** Index caches of repositories no run has used for this long are removed (a folder of clones does not grow forever). */
const UNUSED_MS = 30 * 24 * 3600 * 1000;

/** Remove the index caches (regular files named `*.index`) that no run has written for UNUSED_MS. */
function pruneIndexCaches(dir: string, now: number): void {
  for (const name of fs.readdirSync(dir)) {
    if (!name.endsWith('.index')) continue;
    const file = path.join(dir, name);
    const stat = fs.lstatSync(file, { throwIfNoEntry: false });
    if (stat?.isFile() && stat.mtimeMs < now - UNUSED_MS) fs.rmSync(file, { force: true });
  }
}

/** The index cache of a run over the repository at `root`, or undefined when there is no user cache folder. */
export function openIndexCache(engine: Engine, root: string, started = Date.now()): IndexCache | undefined {
  const file = indexCacheFile(root);
  if (!file) return undefined;
  return new IndexCache(file, () => indexSettings(engine), path.resolve(root), engine.maxFileSize, started);
}

/**
 * The index cache (#17): what the index pass made of each file of a repository, kept between runs, so a run that names
 * a few files (a pre-commit hook) reads and parses only the files of the repository that changed since the last run.
 *
 * One file per repository root in the user's cache folder (`$XDG_CACHE_HOME/kubeward/index/<digest of the root's real
 * path>`), never in the work tree, sealed with the user's key (src/shared/user-cache.ts): a file made elsewhere or
 * edited is ignored and rewritten. It holds, for each file the index pass read:
 *
 * - its stamp (size, mtime, ctime, inode, device: src/read/stamp.ts) when it was read, and the SHA-256 of its bytes;
 * - its index entries (`FileEntries`), encoded (JSON, or V8's serialization for values JSON cannot carry exactly:
 *   `.inf`, `-0`...), decoded only when used;
 * - the whole values of the objects read again after the index pass (CRDs whose schemas the schema rule needs, the
 *   params of ValidatingAdmissionPolicies), decoded only when asked for;
 *
 * and the walk of the repository (src/read/walk.ts, kept while no folder or ignore file changed).
 *
 * A file's entries are used while its stamp is the one recorded and was taken more than two seconds after the file
 * last changed (git's racy rule); a file whose stamp changed or was racy is read and hashed, and its entries are used
 * when the hash is the one recorded (a touched file, or one checked out again, is read but not parsed). Anything else
 * is read and parsed as without the cache. The entries depend on the engine's settings (the kinds the index keeps
 * whole, `podTemplates`, the Kubernetes version, the size limit) and on kubeward's version and build: a digest of them
 * is in the file, and a file made under other settings is ignored and rewritten. A missing, corrupt, truncated or
 * unwritable cache file costs speed only; it is replaced whole (written beside it, then renamed), so concurrent runs
 * never read half of one.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { readBytes, sameStamp, settledStamp, stampOf, type CachedWalk, type FileStamp, type WalkCache } from '../read/index.js';
import { readObjectsWith, type FileEntries, type ObjectPlace, type ReadObjects } from '../resources/index.js';
import type { ParsedFile } from '../parse/index.js';
import { userCacheDir } from '../shared/cache-dir.js';
import { seal, unseal } from '../shared/user-cache.js';
import { VERSION } from '../shared/version.js';
import { writeFileSafely } from '../shared/write-file.js';
import { buildFingerprint, readCacheBytes, stableStringify } from './cache.js';
import type { Engine } from './engine.js';

const FORMAT = 'kubeward-index/1';

/** One file as the cache knows it: stamp and hash when read, entries and objects encoded. */
interface FileRecord {
  stamp: FileStamp;
  /** SHA-256 of the bytes the entries were made of (base64url); null when they were read on a worker thread. */
  hash: string | null;
  entries: Buffer;
  /** Whole objects read again after the index pass, by place (placeKey). */
  objects: Map<string, Buffer>;
}

interface Header {
  format: string;
  /** A digest of everything besides a file's bytes that decides its entries. */
  settings: string;
  root: string;
  /** When the run that wrote the file began: its stamps are trusted against it. */
  started: number;
}

/** The folder of index caches in the user's cache folder; undefined where there is none. */
export function indexCacheDir(): string | undefined {
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
  return path.join(dir, `${createHash('sha256').update(real).digest('hex').slice(0, 32)}.index`);
}

/** Everything besides a file's bytes that decides its index entries, as a digest. */
export function indexSettings(engine: Engine): string {
  return createHash('sha256')
    .update(
      stableStringify({
        format: FORMAT,
        version: VERSION,
        build: buildFingerprint(),
        // V8's serialization (for values JSON cannot carry) is Node's own format.
        node: process.version,
        wholeKinds: [...engine.wholeKinds].sort(),
        podTemplates: engine.podTemplates,
        kubernetesVersion: engine.kubernetesVersion,
        maxFileSize: engine.maxFileSize,
      }),
    )
    .digest('hex');
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('base64url');
}

/** Whether JSON carries a value exactly (no undefined, non-finite number, -0, class instance, hole or bigint). */
function jsonExact(value: unknown, depth = 0): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (typeof value !== 'object' || depth > 512) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!(i in value) || !jsonExact(value[i], depth + 1)) return false;
    return true;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  for (const key of Object.keys(value)) if (!jsonExact((value as Record<string, unknown>)[key], depth + 1)) return false;
  return true;
}

/** A value as one line: JSON when it carries it exactly, else `v` and V8's serialization in base64. */
function encode(value: unknown): Buffer {
  return jsonExact(value) ? Buffer.from(JSON.stringify(value)) : Buffer.from(`v${v8.serialize(value).toString('base64')}`);
}

function decode(bytes: Buffer): unknown {
  return bytes[0] === 0x76 /* v */ ? v8.deserialize(Buffer.from(bytes.toString('latin1', 1), 'base64')) : JSON.parse(bytes.toString('utf8'));
}

const placeKey = (p: ObjectPlace) => JSON.stringify([p.documentIndex, ...p.basePath]);

/** The stat of a regular file (links followed), or undefined: missing, unreadable, a FIFO or a device (never cached). */
function regularStamp(file: string): FileStamp | undefined {
  try {
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    return stat?.isFile() ? stampOf(stat) : undefined;
  } catch {
    return undefined;
  }
}

export class IndexCache {
  /** Records of the last run, by path. */
  private readonly previous = new Map<string, FileRecord>();
  private previousStarted = 0;
  private keptWalk: CachedWalk | undefined;
  private newWalk: CachedWalk | undefined;
  /** Records that hold for this run: the previous ones found unchanged, and files read now. */
  private readonly current = new Map<string, FileRecord>();
  /** Stamps taken this run before a file is read. */
  private readonly stamps = new Map<string, FileStamp | undefined>();
  private changed = false;
  /** Files this run read and parsed for the index (for tests and --stats-like accounting). */
  parsedCount = 0;

  /** The kept walk of the repository, and where a new one is kept (src/read/walk.ts). */
  readonly walk: WalkCache = {
    kept: undefined,
    keep: (walk) => {
      this.newWalk = walk;
      this.changed = true;
    },
  };

  /**
   * `file`: the cache file (see indexCacheFile); `settings`: indexSettings of the run's engine; `started`: when the run
   * began (its stamps are trusted by later runs against it).
   */
  constructor(
    readonly file: string,
    private readonly settings: string,
    private readonly root: string,
    private readonly maxFileSize: number,
    private readonly started = Date.now(),
  ) {
    this.load();
    this.walk.kept = this.keptWalk;
  }

  private load(): void {
    try {
      const raw = readCacheBytes(this.file);
      const body = raw && unseal(raw);
      if (!body) return;
      let end = body.indexOf(0x0a);
      const header = JSON.parse(body.toString('utf8', 0, end < 0 ? body.length : end)) as Header;
      if (header?.format !== FORMAT || header.settings !== this.settings || header.root !== this.root || typeof header.started !== 'number') return;
      const objects: Array<[string, string, Buffer]> = [];
      for (let start = end + 1; end >= 0 && start < body.length; start = end + 1) {
        end = body.indexOf(0x0a, start);
        const line = body.subarray(start, end < 0 ? body.length : end);
        const kind = line[0];
        if (kind === 0x57 /* W */) {
          this.keptWalk = JSON.parse(line.toString('utf8', 1)) as CachedWalk;
          continue;
        }
        const tab = line.indexOf(0x09);
        if (tab < 0) return;
        const prefix = JSON.parse(line.toString('utf8', 1, tab)) as unknown[];
        const value = line.subarray(tab + 1);
        if (kind === 0x46 /* F */) {
          const [file, stamp, hash] = prefix as [string, FileStamp, string | null];
          this.previous.set(file, { stamp, hash, entries: value, objects: new Map() });
        } else if (kind === 0x4f /* O */) {
          objects.push([prefix[0] as string, prefix[1] as string, value]);
        } else {
          return;
        }
      }
      for (const [file, key, value] of objects) this.previous.get(file)?.objects.set(key, value);
      this.previousStarted = header.started;
    } catch {
      // Corrupt or truncated: the run goes on without it, and rewrites it.
      this.previous.clear();
      this.keptWalk = undefined;
    }
  }

  /**
   * The index entries of a file the index pass is about to read, when they are those of the last run: its stamp is
   * the one recorded (and was not racy), or its bytes have the hash recorded. Takes the file's stamp either way, so
   * `record` can keep what the run reads.
   */
  lookup(filePath: string): FileEntries | undefined {
    const stamp = this.note(filePath);
    const old = this.previous.get(filePath);
    if (!old || !stamp) return undefined;
    let hit = sameStamp(old.stamp, stamp) && settledStamp(old.stamp, this.previousStarted);
    if (!hit && old.hash) {
      const read = readBytes(filePath, this.maxFileSize);
      hit = 'bytes' in read && sha256(read.bytes) === old.hash;
    }
    if (!hit) return undefined;
    // A stamp that changed, or one that was racy and is settled now: written again, so the next run only stats the file.
    if (!sameStamp(old.stamp, stamp) || !settledStamp(old.stamp, this.previousStarted)) this.changed = true;
    let entries: FileEntries;
    try {
      entries = decode(old.entries) as FileEntries;
    } catch {
      return undefined;
    }
    if (entries?.filePath !== filePath || !Array.isArray(entries.objects)) return undefined;
    this.current.set(filePath, { ...old, stamp });
    return entries;
  }

  /** Take the stamp of a file about to be read (linted files too, whose entries are recorded but never looked up). */
  note(filePath: string): FileStamp | undefined {
    if (this.stamps.has(filePath)) return this.stamps.get(filePath);
    const stamp = regularStamp(filePath);
    this.stamps.set(filePath, stamp);
    return stamp;
  }

  /** Keep the entries the run made of a file (after `note` or `lookup`), with the hash of the bytes read when known. */
  record(filePath: string, entries: FileEntries, hash?: string): void {
    this.parsedCount++;
    const stamp = this.stamps.get(filePath);
    if (!stamp) return;
    // A linted file read again as it was (linted files are always read): its record stays, objects and all.
    const old = this.previous.get(filePath);
    if (old && hash && old.hash === hash && sameStamp(old.stamp, stamp) && settledStamp(old.stamp, this.previousStarted)) {
      this.current.set(filePath, old);
      return;
    }
    this.current.set(filePath, { stamp, hash: hash ?? null, entries: encode(entries), objects: new Map() });
    this.changed = true;
  }

  /** The hash `record` wants, of bytes read. */
  hashOf(bytes: Uint8Array): string {
    return sha256(bytes);
  }

  /**
   * Read objects again after the index pass (restoreSchemas, restoreParams): from the cache when the file's record
   * holds them, else parsed with `parse` (which reports the bytes it read) and kept when those bytes are the ones the
   * record was made of.
   */
  readObjects(parse: (filePath: string, onBytes: (bytes: Uint8Array) => void) => ParsedFile): ReadObjects {
    return (filePath, places) => {
      const record = this.current.get(filePath);
      if (record) {
        const kept = places.map((p) => record.objects.get(placeKey(p)));
        if (kept.every((k) => k !== undefined)) {
          try {
            return kept.map((k) => decode(k) as Record<string, unknown>);
          } catch {
            // read below
          }
        }
      }
      const before = regularStamp(filePath);
      let hash: string | undefined;
      const values = readObjectsWith((f) => parse(f, (bytes) => (hash = sha256(bytes))))(filePath, places);
      const same = record && hash && (record.hash ? record.hash === hash : sameStamp(record.stamp, before) && settledStamp(record.stamp, this.started));
      if (record && same) {
        if (!record.hash) record.hash = hash!;
        places.forEach((p, i) => {
          if (values[i] !== undefined) record.objects.set(placeKey(p), encode(values[i]));
        });
        this.changed = true;
      }
      return values;
    };
  }

  /** Write the records that hold for this run (and the walk), when anything changed. Never throws. */
  save(): void {
    if (!this.changed && this.current.size === this.previous.size) return;
    const header: Header = { format: FORMAT, settings: this.settings, root: this.root, started: this.started };
    const parts: Buffer[] = [Buffer.from(JSON.stringify(header))];
    const walk = this.newWalk ?? this.keptWalk;
    if (walk) parts.push(Buffer.from(`\nW${JSON.stringify(walk)}`));
    for (const [file, record] of this.current) {
      parts.push(Buffer.from(`\nF${JSON.stringify([file, record.stamp, record.hash])}\t`), record.entries);
      for (const [key, value] of record.objects) parts.push(Buffer.from(`\nO${JSON.stringify([file, key])}\t`), value);
    }
    try {
      const dir = path.dirname(this.file);
      writeFileSafely(this.file, seal(Buffer.concat(parts)), { what: 'the index cache', base: path.dirname(dir) });
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
  return new IndexCache(file, indexSettings(engine), path.resolve(root), engine.maxFileSize, started);
}

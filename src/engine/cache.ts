/**
 * The result cache of `--cache` (ESLint's `.eslintcache`, for a whole run). One entry holds the results of one run,
 * keyed by a digest of everything that decides them: kubeward's version and build, the settings (config, command
 * line rules, Kubernetes version, schema folders and their files, options that change results) and the content of
 * every file the run lints or reads for repository-wide checks. An unchanged repository is served entirely from the
 * cache; any change to any of those files re-lints everything, so repository-wide checks are never stale.
 *
 * A file's content hash is reused from the previous run only when its stamp (size, mtime, ctime, inode, device:
 * src/read/stamp.ts) is unchanged and was taken at least two seconds after the file changed (git's "racily clean"
 * guard); otherwise its bytes are hashed.
 * A cache file that is missing, corrupt, foreign or from another kubeward is ignored and rewritten, and so is one whose
 * seal does not verify under this user's key (src/shared/user-cache.ts): a cache committed to the linted tree is never
 * trusted.
 *
 * An entry also records a digest of the settings and of its files' stamps when every stamp was settled: a run whose
 * files all have those stamps finds its entry by that digest, without the files' hashes.
 *
 * The file is a first line (the format and the header's length), a header (version, where each part lies), then the
 * parts: the files' stamps and hashes, each entry's results, and the reports the CLI wrote from them. Each part is
 * sealed on its own, so a run reads, verifies and decodes only what it uses: a run whose report is kept writes it
 * again without decoding its results.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readBytes, sameStamp, settledStamp, stampOf, type FileStamp as Stamp } from '../read/index.js';
import type { LintResult } from '../shared/types.js';
import { seal, sealMac, sealMatches, sealParts, unseal } from '../shared/user-cache.js';
import { VERSION } from '../shared/version.js';
import { writeFileSafely } from '../shared/write-file.js';

export const DEFAULT_CACHE_FILE = '.kubewardcache';
const FORMAT = 'kubeward-cache/3';
/** Keep this many runs: a pre-commit hook and a whole-repository run alternate without evicting each other. */
const MAX_ENTRIES = 4;
/** Keep this many reports of an entry's results (formats, colour on and off). */
const MAX_REPORTS = 4;
/** A file's stamp (src/read/stamp.ts) and the hash of its content when the stamp was taken. */
interface FileStamp extends Stamp {
  hash: string;
}

/**
 * Where a part of the cache file lies: from the end of the header, its length in bytes. A part is sealed on its own
 * (src/shared/user-cache.ts), and its body begins with the line of its entry's key (and its report's), so a part read
 * from another version of the file (a concurrent run renamed a new one over it) is never taken for this entry's.
 */
interface PartRef {
  at: number;
  length: number;
}

interface EntryRef {
  key: string;
  /**
   * A digest of the run's settings and of the stamps (not the contents) of its files, when every stamp was settled:
   * a run with the same digest has the same key, found without the files' hashes (the files part is not read).
   */
  stamps?: string;
  results: PartRef;
  /** The reports kept for these results, newest first: what the caller counted, and the report's text. */
  reports: Array<{ key: string; counts: PartRef; text: PartRef }>;
}

interface Header {
  format: string;
  version: string;
  /** The part that holds each file's stamp and the hash of its content then (read only when a run needs a hash). */
  files: PartRef;
  /** Newest first. */
  entries: EntryRef[];
}

/** An entry as it is written: its sealed parts. */
interface Entry {
  key: string;
  stamps?: string;
  results: Buffer;
  reports: Array<{ key: string; counts: Buffer; text: Buffer }>;
}

/** What a caller wrote from a run's results (a report), to keep with them. */
export interface MadeReport {
  /** The report as the formatter made it (head, results, end), before the output adds a last line break. */
  text: string;
  /** What the caller counted from the results it reported (its exit code and closing messages come from these). */
  counts: unknown;
}

/** A report's bytes in the cache file, verified, written piece by piece without being held whole. */
export interface ReportSource {
  readonly length: number;
  /** The last byte (undefined when empty). */
  readonly last: number | undefined;
  /**
   * Hand the bytes to `write`, in order, then close the file. `fresh`: each piece is a buffer of its own (for a
   * writer that may keep it); otherwise one buffer is reused, and `write` must be done with a piece when it returns.
   */
  pipe(write: (piece: Uint8Array) => void, fresh: boolean): void;
}

/**
 * A run that would be served its report. `key`: everything besides the results that decides the report's text (the
 * format, colour, --quiet, the cwd...), as one string. After the run, `served` holds the report when the cache kept it
 * (the results were then neither decoded nor handed over); otherwise `keep`, when set, records the report the caller
 * wrote from the run's results (the cache file is written then).
 */
export interface ReportCache {
  readonly key: string;
  served?: { counts: unknown; source: ReportSource };
  keep?: (report: MadeReport) => void;
}

/** `--cache-location`: a file, or a folder (an existing one, or a path ending in a separator) that holds `.kubewardcache`. */
export function cacheFilePath(location: string | undefined, cwd: string): string {
  if (!location) return path.resolve(cwd, DEFAULT_CACHE_FILE);
  const resolved = path.resolve(cwd, location);
  const isDir = /[\\/]$/.test(location) || fs.statSync(resolved, { throwIfNoEntry: false })?.isDirectory();
  return isDir ? path.join(resolved, DEFAULT_CACHE_FILE) : resolved;
}

/** JSON with object keys sorted, so equal settings give equal digests whatever order they were written in. */
export function stableStringify(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, (v as Record<string, unknown>)[k]]),
        )
      : v,
  );
}

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The most read of a cache file: a link to /dev/zero or a huge planted file costs nothing. */
const MAX_CACHE_BYTES = 512 * 1024 * 1024;

/** The cache file's bytes: a regular file only (never through a link, never a FIFO or device), bounded. */
export function readCacheBytes(file: string): Buffer | undefined {
  if (!fs.lstatSync(file, { throwIfNoEntry: false })?.isFile()) return undefined;
  const read = readBytes(file, MAX_CACHE_BYTES);
  return 'bytes' in read ? Buffer.from(read.bytes.buffer, read.bytes.byteOffset, read.bytes.byteLength) : undefined;
}

/** The cache file open for reading: a regular file only, never through a link, never waiting on a FIFO. */
export function openCacheFile(file: string): number | undefined {
  if (!fs.lstatSync(file, { throwIfNoEntry: false })?.isFile()) return undefined;
  const { O_RDONLY, O_NOFOLLOW = 0, O_NONBLOCK = 0 } = fs.constants;
  const fd = fs.openSync(file, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  if (fs.fstatSync(fd).isFile()) return fd;
  fs.closeSync(fd);
  return undefined;
}

/** `length` bytes at `position`, or undefined when the file ends before. */
export function readAt(fd: number, position: number, length: number): Buffer | undefined {
  const bytes = Buffer.allocUnsafe(length);
  for (let done = 0; done < length;) {
    const n = fs.readSync(fd, bytes, done, length - done, position + done);
    if (n === 0) return undefined;
    done += n;
  }
  return bytes;
}

/** What is read first of a cache file: its header (where the parts lie, a few KB) is usually shorter. */
const FIRST_READ = 16 * 1024;
/** The first line: the format, and the length of the sealed header after it. */
const FIRST_LINE = /^kubeward-cache\/3 (\d{1,10})\n/;

/**
 * The beginning of a cache file, at least to the end of its header (the whole first read, so parts that lie in it are
 * not read again): a run reads the other parts it uses later. Undefined when there is no cache file of this format.
 */
export function readCacheHead(file: string): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openCacheFile(file);
    if (fd === undefined) return undefined;
    const size = fs.fstatSync(fd).size;
    const first = readAt(fd, 0, Math.min(size, FIRST_READ));
    const match = first && FIRST_LINE.exec(first.subarray(0, 40).toString('latin1'));
    if (!first || !match) return undefined;
    const headLength = match[0].length + Number(match[1]);
    if (headLength > Math.min(size, MAX_CACHE_BYTES)) return undefined;
    return headLength <= first.length ? first : readAt(fd, 0, headLength);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** A part's seal: a line of 64 hex digits. */
const SEAL_LENGTH = 65;

/** The header of a cache file's first bytes (its head, or the whole file), when its seal verifies; undefined otherwise. */
function readHeader(bytes: Buffer | undefined): { header: Header; headLength: number } | undefined {
  try {
    const match = bytes && FIRST_LINE.exec(bytes.subarray(0, 40).toString('latin1'));
    if (!bytes || !match) return undefined;
    const headLength = match[0].length + Number(match[1]);
    if (headLength > bytes.length) return undefined;
    // Sealed with this user's key (src/shared/user-cache.ts): a cache committed to the tree or edited is not trusted.
    const body = unseal(bytes.subarray(match[0].length, headLength));
    if (!body) return undefined;
    const header = JSON.parse(body.toString('utf8')) as Header;
    if (header?.format !== FORMAT || header.version !== VERSION) return undefined;
    const isPart = (p: unknown) => {
      const { at, length } = (p ?? {}) as Partial<PartRef>;
      return Number.isSafeInteger(at) && Number.isSafeInteger(length) && at! >= 0 && length! > SEAL_LENGTH;
    };
    if (!isPart(header.files) || !Array.isArray(header.entries)) return undefined;
    for (const e of header.entries) {
      if (typeof e?.key !== 'string' || !isPart(e.results) || !Array.isArray(e.reports)) return undefined;
      if (e.stamps !== undefined && typeof e.stamps !== 'string') return undefined;
      if (!e.reports.every((r) => typeof r?.key === 'string' && isPart(r.counts) && isPart(r.text))) return undefined;
    }
    return { header, headLength };
  } catch {
    return undefined;
  }
}

/** The first line of the files part's body. */
const FILES_PREFIX = Buffer.from('files\n');

/** The first line(s) of a part's body: its entry's key; a report's key and which of its parts it is. */
function partPrefix(entryKey: string, report?: { key: string; part: 'counts' | 'text' }): Buffer {
  return Buffer.from(report === undefined ? `${entryKey}\n` : `${entryKey}\n${report.key}\n${report.part}\n`);
}

/** The pieces a large part is read and written in: one buffer, reused, that stays in the processor's cache. */
const PIECE = 128 * 1024;

/**
 * The body of the sealed part at `position` after its `prefix`, verified piece by piece from the open file (never
 * held whole); then written from the same open file, so a cache file renamed over it meanwhile changes nothing.
 */
function verifiedSource(file: string, position: number, length: number, prefix: Buffer): ReportSource | undefined {
  let fd: number | undefined;
  try {
    fd = openCacheFile(file);
    const head = fd === undefined ? undefined : readAt(fd, position, Math.min(length, SEAL_LENGTH + prefix.length));
    if (fd === undefined || !looksLike(head, prefix)) throw new Error('not this part');
    const mac = sealMac();
    const piece = Buffer.allocUnsafe(Math.min(PIECE, length));
    let last: number | undefined;
    for (let at = SEAL_LENGTH; at < length;) {
      const n = fs.readSync(fd, piece, 0, Math.min(piece.length, length - at), position + at);
      if (n === 0) throw new Error('truncated');
      mac.update(piece.subarray(0, n));
      last = piece[n - 1];
      at += n;
    }
    if (!sealMatches(head.subarray(0, 64), mac.digest())) throw new Error('not sealed with this key');
    const open = fd;
    fd = undefined;
    const start = position + SEAL_LENGTH + prefix.length;
    const size = length - SEAL_LENGTH - prefix.length;
    return {
      length: size,
      last: size > 0 ? last : undefined,
      pipe(write, fresh) {
        try {
          for (let at = 0; at < size;) {
            const into = fresh ? Buffer.allocUnsafe(Math.min(PIECE, size - at)) : piece;
            const n = fs.readSync(open, into, 0, Math.min(into.length, size - at), start + at);
            if (n === 0) throw new Error(`the cache file ${file} was cut short while it was read`);
            write(into.subarray(0, n));
            at += n;
          }
        } finally {
          fs.closeSync(open);
        }
      },
    };
  } catch {
    if (fd !== undefined) fs.closeSync(fd);
    return undefined;
  }
}

/** Sealed bytes of a part whose body begins with `prefix` (its seal is not verified: parts are when they are used). */
function looksLike(part: Buffer | undefined, prefix: Buffer): part is Buffer {
  return (
    part !== undefined &&
    part.length >= SEAL_LENGTH + prefix.length &&
    part[SEAL_LENGTH - 1] === 0x0a &&
    part.subarray(SEAL_LENGTH, SEAL_LENGTH + prefix.length).equals(prefix)
  );
}

/** Every file below the given folders (schema folders), sorted; a missing folder lists nothing. */
function filesBelow(dirs: readonly string[]): string[] {
  const out: string[] = [];
  const visit = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) visit(full);
      else out.push(full);
    }
  };
  for (const dir of dirs) visit(dir);
  return out.sort();
}

/**
 * kubeward's own build: size and mtime of its modules, so a rebuilt kubeward with an unchanged version number (a
 * development build) never serves results computed by the previous code.
 */
export function buildFingerprint(): string {
  return sha256(buildFingerprintText());
}

/** What buildFingerprint digests, as text (the index cache keeps it whole: no node:crypto in a warm run). */
export function buildFingerprintText(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const files = [...filesBelow([here]), ...['index.js', 'index.ts'].map((f) => path.join(here, '..', 'checks', f))];
  return files
    .map((f) => {
      const s = fs.statSync(f, { throwIfNoEntry: false });
      return s ? `${f}\0${s.size}\0${s.mtimeMs}` : '';
    })
    .join('\n');
}

export interface CacheInputs {
  /** Everything besides file contents that decides the results; must be plain JSON data. */
  settings: unknown;
  /** Files linted, in order. */
  linted: readonly string[];
  /** Files only read for repository-wide checks. */
  indexed: readonly string[];
  /** Schema folders: every file below them is part of the key. */
  schemaDirs: readonly string[];
  maxFileSize: number;
}

export class RunCache {
  private readonly header: Header | undefined;
  /** Where the parts begin in the file. */
  private readonly headLength: number = 0;
  private readonly stamps: Record<string, FileStamp> = {};
  private newStamps = 0;
  private key: string | undefined;
  /** The files part of the cache file read, once a run needs it. */
  private previous: Record<string, FileStamp> | undefined;
  /** The files this run stat'ed (too large ones aside), and the digest of their stamps when every one was settled. */
  private listed: string[] = [];
  private stampsDigest: string | undefined;
  /** The run's entry was found by the digest of its stamps: the stamps it used are the files part's. */
  private foundByStamps = false;
  /**
   * `started`: when this run began (a file changed less than two seconds before it is hashed again next time).
   * `bytes`: the cache file's beginning (readCacheHead) or whole content when the caller read it already; else the
   * head is read here. Parts beyond them are read from the file when used.
   */
  constructor(
    readonly file: string,
    private readonly started = Date.now(),
    private bytes?: Buffer,
    /** Folders from here down to the cache's folder must not be links (the run's working folder). */
    private readonly base = path.dirname(file),
    /** The report the run would be served (`lookup`), and keeps with its results (`save`). */
    private readonly report?: ReportCache,
  ) {
    this.bytes ??= readCacheHead(file);
    const read = readHeader(this.bytes);
    this.header = read?.header;
    this.headLength = read?.headLength ?? 0;
  }

  /** The stamps and hashes the cache file holds (its files part, read on first use). */
  private previousFiles(): Record<string, FileStamp> {
    if (this.previous) return this.previous;
    this.previous = {};
    if (!this.header) return this.previous;
    try {
      const body = this.readPart(this.header.files, FILES_PREFIX);
      const files = body && (JSON.parse(body.toString('utf8')) as unknown);
      if (files && typeof files === 'object' && !Array.isArray(files)) this.previous = files as Record<string, FileStamp>;
    } catch {
      // Corrupt: every file is hashed again.
    }
    return this.previous;
  }

  /** The content hash of a file, reusing the previous run's when its stat is unchanged; undefined: not cacheable. */
  private hashOf(file: string, stat: fs.Stats): string | undefined {
    const old = this.previousFiles()[file];
    const stamp = stampOf(stat);
    if (old && sameStamp(old, stamp) && typeof old.hash === 'string') {
      this.stamps[file] = old;
      return old.hash;
    }
    let hash: string;
    try {
      hash = sha256(fs.readFileSync(file));
    } catch {
      return undefined;
    }
    // Git's racily clean rule: a stamp taken within two seconds of the file's change is not trusted next time.
    if (settledStamp(stamp, this.started)) {
      this.stamps[file] = { ...stamp, hash };
      this.newStamps++;
    }
    return hash;
  }

  /**
   * The cached results of a run with these inputs, or undefined (then call `save` with the fresh results). With a
   * `report`: when the cache kept that report for these results, it is `report.served` and the results are neither
   * read nor decoded (an empty array is returned); otherwise `report.keep` is set once the results are known.
   *
   * Every file is stat'ed. When their stamps (and the settings) are those an entry recorded, that entry is the run's;
   * otherwise the key is made from the files' content hashes (reused while a file's stamp is unchanged).
   */
  lookup(inputs: CacheInputs): LintResult[] | undefined {
    this.key = undefined;
    this.stampsDigest = undefined;
    const report = this.report;
    let head: string[];
    try {
      head = [FORMAT, VERSION, buildFingerprint(), sha256(stableStringify(inputs.settings))];
    } catch {
      return undefined; // settings that are not plain data (a cycle): this run is not cached
    }
    const files: Array<{ label: string; file: string; stat: fs.Stats; tooLarge: boolean }> = [];
    const stampLines = [...head];
    let settled = true;
    for (const [label, list] of [
      ['lint', inputs.linted],
      ['index', inputs.indexed],
      ['schema', filesBelow(inputs.schemaDirs)],
    ] as const) {
      for (const file of list) {
        let stat: fs.Stats;
        try {
          stat = fs.statSync(file);
        } catch {
          return undefined;
        }
        // FIFOs, sockets and devices are reported, not read: a run that names one is never cached.
        if (!stat.isFile()) return undefined;
        const tooLarge = stat.size > (label === 'schema' ? Number.MAX_SAFE_INTEGER : inputs.maxFileSize);
        files.push({ label, file, stat, tooLarge });
        if (tooLarge) {
          stampLines.push(`${label}\0${file}\0too-large:${stat.size}`);
          continue;
        }
        const stamp = stampOf(stat);
        settled &&= settledStamp(stamp, this.started);
        stampLines.push(`${label}\0${file}\0${stamp.size}\0${stamp.mtimeMs}\0${stamp.ctimeMs}\0${stamp.ino}\0${stamp.dev}`);
      }
    }
    this.listed = files.filter((f) => !f.tooLarge).map((f) => f.file);
    // Stamps taken within two seconds of a change are not trusted by later runs: no digest of them is recorded.
    const stampsDigest = settled ? sha256(stampLines.join('\n')) : undefined;
    this.stampsDigest = stampsDigest;
    let entry = stampsDigest === undefined ? undefined : this.header?.entries.find((e) => e.stamps === stampsDigest);
    this.foundByStamps = entry !== undefined;
    if (!entry) {
      const lines = [...head];
      for (const { label, file, stat, tooLarge } of files) {
        const hash = tooLarge ? `too-large:${stat.size}` : this.hashOf(file, stat);
        if (hash === undefined) return undefined;
        lines.push(`${label}\0${file}\0${hash}`);
      }
      const key = sha256(lines.join('\n'));
      this.key = key;
      entry = this.header?.entries.find((e) => e.key === key);
      if (!entry) return undefined;
    }
    const key = (this.key = entry.key);
    // A hit that hashed files again records their stamps, and one whose stamps are settled now records their digest:
    // the next run finds its entry by the stamps alone.
    const restamp = this.newStamps > 0 || (stampsDigest !== undefined && entry.stamps !== stampsDigest);
    const reportKey = report && sha256(report.key);
    const kept = reportKey && entry.reports.find((r) => r.key === reportKey);
    const served = kept && this.readReport(entry.key, kept);
    if (report && served) {
      report.served = served;
      if (restamp) this.write((entries) => entries);
      return [];
    }
    let hit: LintResult[];
    try {
      const body = this.readPart(entry.results, partPrefix(key));
      hit = JSON.parse(body!.toString('utf8')) as LintResult[];
    } catch {
      return undefined;
    }
    if (!Array.isArray(hit)) return undefined;
    if (report) report.keep = (made) => this.write((entries) => withReport(entries, key, reportKey!, made));
    else if (restamp) this.write((entries) => entries);
    return hit;
  }

  /**
   * Record the results of the run `lookup` described; nothing when it was not cacheable. With the report `lookup` was
   * given, they are recorded with it, when the caller keeps it. Never throws.
   */
  save(results: readonly LintResult[]): void {
    const key = this.key;
    if (key === undefined) return;
    const entry: Entry = { key, results: sealParts([partPrefix(key), Buffer.from(JSON.stringify(results))]), reports: [] };
    const report = this.report;
    const put = (entries: Entry[]) => [entry, ...entries.filter((e) => e.key !== key)];
    if (report) report.keep = (made) => this.write((entries) => withReport(put(entries), key, sha256(report.key), made));
    else this.write(put);
  }

  /** The body of a part after its prefix, when its seal verifies and its prefix is the one expected. */
  private readPart(ref: PartRef, prefix: Buffer): Buffer | undefined {
    const start = this.headLength + ref.at;
    let part: Buffer | undefined;
    if (this.bytes && start + ref.length <= this.bytes.length) part = this.bytes.subarray(start, start + ref.length);
    else {
      let fd: number | undefined;
      try {
        fd = openCacheFile(this.file);
        part = fd === undefined ? undefined : readAt(fd, start, ref.length);
      } catch {
        part = undefined;
      } finally {
        if (fd !== undefined) fs.closeSync(fd);
      }
    }
    if (!looksLike(part, prefix)) return undefined;
    const body = unseal(part);
    return body?.subarray(prefix.length);
  }

  /** A report kept: its counts decoded, its text verified (and then written from the file by the caller). */
  private readReport(entryKey: string, ref: EntryRef['reports'][number]): { counts: unknown; source: ReportSource } | undefined {
    const body = this.readPart(ref.counts, partPrefix(entryKey, { key: ref.key, part: 'counts' }));
    let counts: unknown;
    try {
      counts = body && JSON.parse(body.toString('utf8'));
    } catch {
      return undefined;
    }
    if (!counts) return undefined;
    const source = verifiedSource(this.file, this.headLength + ref.text.at, ref.text.length, partPrefix(entryKey, { key: ref.key, part: 'text' }));
    return source && { counts, source };
  }

  /** The entries of the cache file as it is now, their parts as bytes (those that are not where the header says are left out). */
  private entries(): Entry[] {
    if (!this.header) return [];
    const parts = (e: EntryRef) => [e.results, ...e.reports.flatMap((r) => [r.counts, r.text])];
    const end = Math.max(0, ...this.header.entries.flatMap((e) => parts(e).map((p) => this.headLength + p.at + p.length)));
    const bytes = this.bytes && this.bytes.length >= end ? this.bytes : readCacheBytes(this.file);
    if (!bytes) return [];
    const slice = (p: PartRef) => bytes.subarray(this.headLength + p.at, this.headLength + p.at + p.length);
    const out: Entry[] = [];
    for (const e of this.header.entries) {
      const results = slice(e.results);
      if (!looksLike(results, partPrefix(e.key))) continue;
      const reports = e.reports
        .map((r) => ({ key: r.key, counts: slice(r.counts), text: slice(r.text) }))
        .filter(
          (r) => looksLike(r.counts, partPrefix(e.key, { key: r.key, part: 'counts' })) && looksLike(r.text, partPrefix(e.key, { key: r.key, part: 'text' })),
        );
      out.push({ key: e.key, ...(e.stamps ? { stamps: e.stamps } : {}), results, reports });
    }
    return out;
  }

  /** Write the cache file: its entries as `update` makes them from those it holds, with this run's stamps. */
  private write(update: (entries: Entry[]) => Entry[]): void {
    try {
      const stampsDigest = this.stampsDigest;
      const entries = update(this.entries())
        .slice(0, MAX_ENTRIES)
        .map((e) => (e.key === this.key && stampsDigest !== undefined ? { ...e, stamps: stampsDigest } : e));
      // The stamps this run made or used (a run that found its entry by the stamps' digest used the file's, unread):
      // those of files that come and go are forgotten, so the file does not grow forever.
      const files: Record<string, FileStamp> = {};
      for (const f of this.listed) {
        const stamp = this.stamps[f] ?? (this.foundByStamps ? this.previousFiles()[f] : undefined);
        if (stamp) files[f] = stamp;
      }
      const parts: Buffer[] = [];
      let at = 0;
      const place = (part: Buffer): PartRef => {
        parts.push(part);
        at += part.length;
        return { at: at - part.length, length: part.length };
      };
      const filesPart = place(sealParts([FILES_PREFIX, Buffer.from(JSON.stringify(files))]));
      const refs: EntryRef[] = entries.map((e) => ({
        key: e.key,
        ...(e.stamps ? { stamps: e.stamps } : {}),
        results: place(e.results),
        reports: e.reports.map((r) => ({ key: r.key, counts: place(r.counts), text: place(r.text) })),
      }));
      const header = seal(Buffer.from(JSON.stringify({ format: FORMAT, version: VERSION, files: filesPart, entries: refs } satisfies Header)));
      // A fresh temporary file with an unpredictable name, renamed over the cache; a link planted at its place is refused.
      const bytes = Buffer.concat([Buffer.from(`${FORMAT} ${header.length}\n`), header, ...parts]);
      writeFileSafely(this.file, bytes, { what: 'the cache', base: this.base });
    } catch {
      // A cache that cannot be written only costs speed.
    }
  }
}

/** `entries` with `report` first among the reports of the entry `key` (moved to the front); unchanged without that entry. */
function withReport(entries: Entry[], key: string, reportKey: string, report: MadeReport): Entry[] {
  const entry = entries.find((e) => e.key === key);
  if (!entry) return entries;
  const counts = sealParts([partPrefix(key, { key: reportKey, part: 'counts' }), Buffer.from(JSON.stringify(report.counts))]);
  const text = sealParts([partPrefix(key, { key: reportKey, part: 'text' }), Buffer.from(report.text)]);
  const reports = [{ key: reportKey, counts, text }, ...entry.reports.filter((r) => r.key !== reportKey)].slice(0, MAX_REPORTS);
  return [{ ...entry, reports }, ...entries.filter((e) => e !== entry)];
}

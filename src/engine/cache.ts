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
 * An entry also records the settings and its files' stamps when every stamp was settled (the settings and the files
 * as text, the stamps as the bytes of doubles, five per file): a run whose settings and files' stamps are exactly those
 * finds its entry without the files' hashes (and without a digest, so without node:crypto), comparing bytes.
 *
 * The file is a first line (the format and the header's length), a header (version, where each part lies), then the
 * parts: the files' stamps and hashes, each entry's stamps and results, and the reports the CLI wrote from them. Each part is sealed on its own, so a run reads, verifies and decodes only
 * what it uses: a run whose report is kept writes it again without decoding its results. A file kubeward wrote itself
 * and finds unchanged (its stamp and header's seal recorded in the user's cache folder: src/shared/user-cache.ts) is
 * read without checking the seals again.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolvesWithin, sameStamp, settledStamp, stampOf, type FileStamp as Stamp } from '../read/index.js';
import type { LintResult } from '../shared/types.js';
import { canRecordOwnFiles, ownFileRecord, recordOwnFile, seal, type OwnFileRecord, sealMac, sealMatches, sealParts, unseal } from '../shared/user-cache.js';
import { VERSION } from '../shared/version.js';
import { writeFileSafely } from '../shared/write-file.js';
import { openOwnFile, readAt, readOwnFile, type OpenOwnFile } from '../shared/own-file.js';

export const DEFAULT_CACHE_FILE = '.kubewardcache';
const FORMAT = 'kubeward-cache/5';
/** Keep this many runs: a pre-commit hook and a whole-repository run alternate without evicting each other. */
const MAX_ENTRIES = 4;
/** Keep this many reports of an entry's results (formats, colour on and off). */
const MAX_REPORTS = 4;
/**
 * kubeward's own file `file` (openOwnFile; `mine`: this user's) opened again, when it still has the stamp it had when
 * it was first read: nothing written to it, nothing renamed over it since. Undefined otherwise. The caller closes it.
 */
export function reopenUnchanged(file: string, stamp: Stamp, mine = false): OpenOwnFile | undefined {
  const open = openOwnFile(file, mine);
  if (open && sameStamp(stampOf(open.stat), stamp)) return open;
  if (open) fs.closeSync(open.fd);
  return undefined;
}

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
   * The run's settings and the stamps (not the contents) of its files, as text, when every stamp was settled: a run
   * with exactly that text has the same key, found without the files' hashes (the files part is not read).
   */
  stamps?: PartRef;
  results: PartRef;
  /** The reports kept for these results, newest first: the report's key (its options), what the caller counted, its text. */
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
  stamps?: Buffer;
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

/** The cache file's bytes: a regular file only (never through a link, never a FIFO or device: src/shared/own-file.ts), bounded. */
export function readCacheBytes(file: string): Buffer | undefined {
  return readOwnFile(file, MAX_CACHE_BYTES);
}

/** What is read first of a cache file: its header (where the parts lie, a few KB) is usually shorter. */
const FIRST_READ = 16 * 1024;
/** The first line: the format, and the length of the sealed header after it. */
const FIRST_LINE = /^kubeward-cache\/5 (\d{1,10})\n/;

/**
 * The beginning of the open cache file (`size` bytes long), at least to the end of its header (the whole first read,
 * so parts that lie in it are not read again). Undefined when it is not a cache file of this format.
 */
function readHead(fd: number, size: number): Buffer | undefined {
  const first = readAt(fd, 0, Math.min(size, FIRST_READ));
  const match = first && FIRST_LINE.exec(first.subarray(0, 40).toString('latin1'));
  if (!first || !match) return undefined;
  const headLength = match[0].length + Number(match[1]);
  if (headLength > Math.min(size, MAX_CACHE_BYTES)) return undefined;
  return headLength <= first.length ? first : readAt(fd, 0, headLength);
}

/** A part's seal: a line of 64 hex digits. */
const SEAL_LENGTH = 65;

/** The body of sealed bytes: verified under this user's key, or (`trusted`: a file kubeward wrote, unchanged) as it is. */
function opened(bytes: Buffer, trusted: boolean): Buffer | undefined {
  if (!trusted) return unseal(bytes);
  return bytes.length >= SEAL_LENGTH && bytes[SEAL_LENGTH - 1] === 0x0a ? bytes.subarray(SEAL_LENGTH) : undefined;
}

/** The header of a cache file's first bytes, when its seal verifies (or the file is trusted); undefined otherwise. */
function readHeader(bytes: Buffer | undefined, trusted: boolean): { header: Header; headLength: number } | undefined {
  try {
    const match = bytes && FIRST_LINE.exec(bytes.subarray(0, 40).toString('latin1'));
    if (!bytes || !match) return undefined;
    const headLength = match[0].length + Number(match[1]);
    if (headLength > bytes.length) return undefined;
    // Sealed with this user's key (src/shared/user-cache.ts): a cache committed to the tree or edited is not trusted.
    const body = opened(bytes.subarray(match[0].length, headLength), trusted);
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
      if (e.stamps !== undefined && !isPart(e.stamps)) return undefined;
      if (!e.reports.every((r) => typeof r?.key === 'string' && isPart(r.counts) && isPart(r.text))) return undefined;
    }
    return { header, headLength };
  } catch {
    return undefined;
  }
}

/** The first line of the files part's body. */
const FILES_PREFIX = Buffer.from('files\n');

/** The first line(s) of a part's body: its entry's key; then which part it is, and for a report's, the report's key. */
function partPrefix(entryKey: string, report?: { key: string; part: 'counts' | 'text' }): Buffer {
  return Buffer.from(report === undefined ? `${entryKey}\n` : `${entryKey}\n${JSON.stringify(report.key)}\n${report.part}\n`);
}

const stampsPrefix = (entryKey: string) => Buffer.from(`${entryKey}\nstamps\n`);

/** The pieces a large part is read and written in: one buffer, reused, that stays in the processor's cache. */
const PIECE = 128 * 1024;

/**
 * The body of the sealed part at `position` of the open file `fd`, after its `prefix`, written piece by piece from the
 * file (never held whole): verified first, piece by piece, unless the file is `trusted` (then read once). The file is
 * closed (`close`) once it is written; a cache file renamed over it meanwhile changes nothing.
 */
function partSource(
  fd: number,
  file: string,
  position: number,
  length: number,
  prefix: Buffer,
  trusted: boolean,
  close: () => void,
): ReportSource | undefined {
  try {
    const head = readAt(fd, position, Math.min(length, SEAL_LENGTH + prefix.length));
    if (!looksLike(head, prefix)) return undefined;
    const piece = Buffer.allocUnsafe(Math.min(PIECE, length));
    let last: number | undefined;
    if (trusted) {
      last = readAt(fd, position + length - 1, 1)?.[0];
    } else {
      const mac = sealMac();
      for (let at = SEAL_LENGTH; at < length;) {
        const n = fs.readSync(fd, piece, 0, Math.min(piece.length, length - at), position + at);
        if (n === 0) return undefined;
        mac.update(piece.subarray(0, n));
        last = piece[n - 1];
        at += n;
      }
      if (!sealMatches(head.subarray(0, 64), mac.digest())) return undefined;
    }
    const start = position + SEAL_LENGTH + prefix.length;
    const size = length - SEAL_LENGTH - prefix.length;
    return {
      length: size,
      last: size > 0 ? last : undefined,
      pipe(write, fresh) {
        try {
          for (let at = 0; at < size;) {
            const into = fresh ? Buffer.allocUnsafe(Math.min(PIECE, size - at)) : piece;
            const n = fs.readSync(fd, into, 0, Math.min(into.length, size - at), start + at);
            if (n === 0) throw new Error(`the cache file ${file} was cut short while it was read`);
            write(into.subarray(0, n));
            at += n;
          }
        } finally {
          close();
        }
      },
    };
  } catch {
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
function filesBelow(dirs: readonly string[], inside = false): string[] {
  const out: string[] = [];
  const visit = (dir: string, top: string | undefined) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) visit(full, top);
      else if (!e.isSymbolicLink() || top === undefined || resolvesWithin(top, full)) out.push(full);
    }
  };
  for (const dir of dirs) visit(dir, inside ? realPathOrUndefined(dir) : undefined);
  return out.sort();
}

function realPathOrUndefined(p: string): string | undefined {
  try {
    return fs.realpathSync.native(p);
  } catch {
    return undefined;
  }
}

/**
 * kubeward's own build, so a rebuilt kubeward with an unchanged version number (a development build) never serves
 * results computed by the previous code: in the bundled bin, the digest of the bundle's files, made when it was built
 * (scripts/bundle-action.mjs, buildDigest) and handed to the command script by its entry; elsewhere (the sources, tsc's
 * output), the size and mtime of the modules beside this one and of the checks' index.
 */
export function buildFingerprint(): string {
  return sha256(buildFingerprintText());
}

/** What buildFingerprint digests, as text (the index cache keeps it whole: no node:crypto in a warm run). */
export function buildFingerprintText(): string {
  // Once per process: the modules running do not change while it runs (a --cache run asks here and for the index cache).
  return (fingerprintText ??= fingerprintOf());
}

let fingerprintText: string | undefined;

/**
 * In the bundled command script, the digest of the bundle's files (a parameter of the script's wrapper:
 * src/cli/command-script.ts); undeclared anywhere else.
 */
declare const __kubewardBuild: string | undefined;

function fingerprintOf(): string {
  if (typeof __kubewardBuild === 'string' && __kubewardBuild) return `bundle ${__kubewardBuild}`;
  const here = path.dirname(fileURLToPath(import.meta.url));
  // The checks' index beside the engine's folder (a bundle's folder) and at the package's root (src/engine, dist/src/engine:
  // checks/ and dist/checks/), where a run from the sources or the library's modules finds it.
  const checks = [path.join(here, '..', 'checks'), path.join(here, '..', '..', 'checks')];
  const files = [...filesBelow([here]), ...checks.flatMap((dir) => ['index.js', 'index.ts'].map((f) => path.join(dir, f)))];
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

/**
 * A run's settings and files' stamps, as an entry records them (its stamps part). `text`: two lines, the format,
 * version, build and settings, then the files by label (JSON); `numbers`: five per file (size, mtime, ctime, inode,
 * device), whose bytes (this machine's doubles) follow the text.
 */
interface RunStamps {
  text: string;
  numbers: Float64Array;
}

export class RunCache {
  private readonly header: Header | undefined;
  /** Where the parts begin in the file. */
  private readonly headLength: number = 0;
  /** The stamp of the cache file when its header was read: its parts are read later only from a file with that stamp. */
  private readonly stamp: Stamp | undefined;
  /** The file's first bytes (its header, and the parts that lie in the first read). */
  private readonly bytes: Buffer | undefined;
  /**
   * The file is one kubeward wrote and finds unchanged (src/shared/user-cache.ts: its stamp and header's seal are the
   * ones recorded then): its parts are read without checking their seals. Otherwise every part is checked when used.
   */
  private readonly trusted: boolean = false;
  /** A file that is not trusted can be (it is this user's, and no other user can write it): a hit writes it again. */
  private readonly trustable: boolean = false;
  private readonly stamps: Record<string, FileStamp> = {};
  private newStamps = 0;
  private key: string | undefined;
  /** The files part of the cache file read, once a run needs it. */
  private previous: Record<string, FileStamp> | undefined;
  /** The files this run stat'ed (too large ones aside), and its settings and their stamps when every one was settled. */
  private listed: string[] = [];
  private runStamps: RunStamps | undefined;
  /** The run's entry was found by its stamps: the stamps it used are the files part's. */
  private foundByStamps = false;

  /**
   * `started`: when this run began (a file changed less than two seconds before it is hashed again next time). The
   * cache file's header is read here; its other parts when used.
   */
  constructor(
    readonly file: string,
    private readonly started = Date.now(),
    /** Folders from here down to the cache's folder must not be links (the run's working folder). */
    private readonly base = path.dirname(file),
    /** The report the run would be served (`lookup`), and keeps with its results (`save`). */
    private readonly report?: ReportCache,
  ) {
    let fd: number | undefined;
    try {
      const open = openOwnFile(file);
      fd = open?.fd;
      if (open) {
        const stat = open.stat;
        this.stamp = stampOf(stat);
        this.bytes = readHead(open.fd, stat.size);
        this.trustable = ownable(stat);
        this.trusted = this.trustable && this.bytes !== undefined && isOwnFile(file, stat, this.bytes);
      }
    } catch {
      this.bytes = undefined;
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
    const read = readHeader(this.bytes, this.trusted);
    this.header = read?.header;
    this.headLength = read?.headLength ?? 0;
  }

  /**
   * The cache file opened again, when it is still the one whose header was read (its stamp unchanged: a file a
   * concurrent run renamed over it is not read); the caller closes it.
   */
  private reopen(): number | undefined {
    return this.header && this.stamp ? reopenUnchanged(this.file, this.stamp)?.fd : undefined;
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
  private hashOf(file: string, stamp: Stamp): string | undefined {
    const old = this.previousFiles()[file];
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
   * Every file is stat'ed. When the settings and the files' stamps are exactly those an entry recorded, that entry is
   * the run's; otherwise the key is made from the files' content hashes (reused while a file's stamp is unchanged).
   */
  lookup(inputs: CacheInputs): LintResult[] | undefined {
    this.key = undefined;
    this.runStamps = undefined;
    const report = this.report;
    let build: string;
    let settings: string;
    try {
      build = buildFingerprintText();
      settings = stableStringify(inputs.settings);
    } catch {
      return undefined; // settings that are not plain data (a cycle): this run is not cached
    }
    // Every file's stamp, five numbers a file (a too large file: minus its size less one, then zeros), straight into
    // one array: the run keeps no fs.Stats, so the 1,314 of a copy of the real corpus die young instead of being copied
    // by the young generation's collections and promoted (docs/performance.md, "warm:").
    const groups = [
      ['lint', inputs.linted],
      ['index', inputs.indexed],
      ['schema', filesBelow(inputs.schemaDirs, true)],
    ] as const;
    const count = groups.reduce((n, [, list]) => n + list.length, 0);
    const numbers = new Float64Array(count * 5);
    let settled = true;
    let at = 0;
    for (const [label, list] of groups) {
      for (const file of list) {
        let stat: fs.Stats;
        try {
          stat = fs.statSync(file);
        } catch {
          return undefined;
        }
        // FIFOs, sockets and devices are reported, not read: a run that names one is never cached.
        if (!stat.isFile()) return undefined;
        const size = stat.size;
        if (size > (label === 'schema' ? Number.MAX_SAFE_INTEGER : inputs.maxFileSize)) {
          numbers[at] = -size - 1;
        } else {
          // Stamps taken within two seconds of a change are not trusted by later runs (src/read/stamp.ts).
          settled &&= settledStamp(stat, this.started);
          numbers[at] = size;
          numbers[at + 1] = stat.mtimeMs;
          numbers[at + 2] = stat.ctimeMs;
          numbers[at + 3] = stat.ino;
          numbers[at + 4] = stat.dev;
        }
        at += 5;
      }
    }
    const files = groups.flatMap(([label, list]) => list.map((file) => ({ label, file })));
    this.listed = files.filter((_, i) => numbers[i * 5] >= 0).map((f) => f.file);
    // Stamps taken within two seconds of a change are not recorded. The settings and the lists in the clear, compared
    // whole (no digest: no node:crypto while the stamps are those recorded), and the stamps as the bytes of the numbers.
    const stamps = settled
      ? {
          text: `${JSON.stringify([FORMAT, VERSION, build, settings])}\n${JSON.stringify(groups.map(([label, list]) => [label, ...list]))}\n`,
          numbers,
        }
      : undefined;
    this.runStamps = stamps;
    let entry = stamps === undefined ? undefined : this.entryByStamps(stamps);
    this.foundByStamps = entry !== undefined;
    if (!entry) {
      const lines = [FORMAT, VERSION, sha256(build), sha256(settings)];
      for (let i = 0; i < files.length; i++) {
        const { label, file } = files[i];
        const size = numbers[i * 5];
        const stamp = { size, mtimeMs: numbers[i * 5 + 1], ctimeMs: numbers[i * 5 + 2], ino: numbers[i * 5 + 3], dev: numbers[i * 5 + 4] };
        const hash = size < 0 ? `too-large:${-size - 1}` : this.hashOf(file, stamp);
        if (hash === undefined) return undefined;
        lines.push(`${label}\0${file}\0${hash}`);
      }
      const key = sha256(lines.join('\n'));
      this.key = key;
      entry = this.header?.entries.find((e) => e.key === key);
      if (!entry) return undefined;
    }
    const key = (this.key = entry.key);
    // A hit that hashed files again records their stamps, one whose stamps are settled now records them, and one from
    // a file this user can trust but kubeward did not write (restored from elsewhere) writes it again, so that the
    // next run reads it unchecked.
    const restamp = this.newStamps > 0 || (stamps !== undefined && !this.foundByStamps) || (!this.trusted && this.trustable && canRecordOwnFiles());
    const kept = report && entry.reports.find((r) => r.key === report.key);
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
    if (report) report.keep = (made) => this.write((entries) => withReport(entries, key, report.key, made));
    else if (restamp) this.write((entries) => entries);
    return hit;
  }

  /** The entry whose recorded settings, files and stamps are exactly these: compared as bytes, nothing decoded. */
  private entryByStamps(stamps: RunStamps): EntryRef | undefined {
    const text = Buffer.from(stamps.text);
    const numbers = Buffer.from(stamps.numbers.buffer, stamps.numbers.byteOffset, stamps.numbers.byteLength);
    for (const entry of this.header?.entries ?? []) {
      if (!entry.stamps) continue;
      const body = this.readPart(entry.stamps, stampsPrefix(entry.key));
      if (
        body !== undefined &&
        body.length === text.length + numbers.length &&
        body.subarray(0, text.length).equals(text) &&
        body.subarray(text.length).equals(numbers)
      ) {
        return entry;
      }
    }
    return undefined;
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
    if (report) report.keep = (made) => this.write((entries) => withReport(put(entries), key, report.key, made));
    else this.write(put);
  }

  /**
   * The sealed bytes of a part, as the file holds them (from its first read, or read now: from `fd`, else from the file
   * opened again); undefined when missing.
   */
  private rawPart(ref: PartRef, fd?: number): Buffer | undefined {
    const start = this.headLength + ref.at;
    if (this.bytes && start + ref.length <= this.bytes.length) return this.bytes.subarray(start, start + ref.length);
    const open = fd ?? this.reopen();
    try {
      return open === undefined ? undefined : readAt(open, start, ref.length);
    } catch {
      return undefined;
    } finally {
      if (fd === undefined && open !== undefined) fs.closeSync(open);
    }
  }

  /** The body of a part after its prefix, when its seal verifies (or the file is trusted) and its prefix is the one expected. */
  private readPart(ref: PartRef, prefix: Buffer): Buffer | undefined {
    const part = this.rawPart(ref);
    if (!looksLike(part, prefix)) return undefined;
    return opened(part, this.trusted)?.subarray(prefix.length);
  }

  /** A report kept: its counts decoded, its text checked (and then written from the file by the caller). */
  private readReport(entryKey: string, ref: EntryRef['reports'][number]): { counts: unknown; source: ReportSource } | undefined {
    const body = this.readPart(ref.counts, partPrefix(entryKey, { key: ref.key, part: 'counts' }));
    let counts: unknown;
    try {
      counts = body && JSON.parse(body.toString('utf8'));
    } catch {
      return undefined;
    }
    const fd = counts ? this.reopen() : undefined;
    if (fd === undefined) return undefined;
    const prefix = partPrefix(entryKey, { key: ref.key, part: 'text' });
    const close = () => fs.closeSync(fd);
    const source = partSource(fd, this.file, this.headLength + ref.text.at, ref.text.length, prefix, this.trusted, close);
    if (!source) close();
    return source && { counts, source };
  }

  /**
   * The entries of the cache file as it is now, their parts as sealed bytes: those that are not where the header says,
   * or (in a file that is not trusted) whose seals do not verify, are left out, so a file written from them holds
   * only parts made under this user's key.
   */
  private entries(): Entry[] {
    const fd = this.reopen();
    try {
      return fd === undefined ? [] : this.entriesOf(fd);
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  }

  private entriesOf(fd: number): Entry[] {
    const part = (p: PartRef, prefix: Buffer) => {
      const bytes = this.rawPart(p, fd);
      return looksLike(bytes, prefix) && (this.trusted || unseal(bytes)) ? bytes : undefined;
    };
    const out: Entry[] = [];
    for (const e of this.header!.entries) {
      const results = part(e.results, partPrefix(e.key));
      if (!results) continue;
      const stamps = e.stamps && part(e.stamps, stampsPrefix(e.key));
      const reports: Entry['reports'] = [];
      for (const r of e.reports) {
        const counts = part(r.counts, partPrefix(e.key, { key: r.key, part: 'counts' }));
        const text = counts && part(r.text, partPrefix(e.key, { key: r.key, part: 'text' }));
        if (counts && text) reports.push({ key: r.key, counts, text });
      }
      out.push({ key: e.key, ...(stamps ? { stamps } : {}), results, reports });
    }
    return out;
  }

  /**
   * Write the cache file: its entries as `update` makes them from those it holds, with this run's stamps; then record it as this user's own (src/shared/user-cache.ts).
   */
  private write(update: (entries: Entry[]) => Entry[]): void {
    try {
      const stamps = this.runStamps;
      const entries = update(this.entries())
        .slice(0, MAX_ENTRIES)
        .map((e) =>
          e.key === this.key && stamps !== undefined && !this.foundByStamps
            ? {
                ...e,
                stamps: sealParts([
                  stampsPrefix(e.key),
                  Buffer.from(stamps.text),
                  Buffer.from(stamps.numbers.buffer, stamps.numbers.byteOffset, stamps.numbers.byteLength),
                ]),
              }
            : e,
        );
      // The stamps this run made or used (a run that found its entry by its stamps used the file's, unread): those of
      // files that come and go are forgotten, so the file does not grow forever.
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
        ...(e.stamps ? { stamps: place(e.stamps) } : {}),
        results: place(e.results),
        reports: e.reports.map((r) => ({ key: r.key, counts: place(r.counts), text: place(r.text) })),
      }));
      const header = seal(Buffer.from(JSON.stringify({ format: FORMAT, version: VERSION, files: filesPart, entries: refs } satisfies Header)));
      // A fresh temporary file with an unpredictable name, renamed over the cache; a link planted at its place is refused.
      const bytes = Buffer.concat([Buffer.from(`${FORMAT} ${header.length}\n`), header, ...parts]);
      writeFileSafely(this.file, bytes, { what: 'the cache', base: this.base });
      recordWritten(this.file, bytes, header);
    } catch {
      // A cache that cannot be written only costs speed.
    }
  }
}

/** Whether a cache file (its stat) can be recorded as this user's own: this user's, and no other user can write it. */
function ownable(stat: fs.Stats): boolean {
  return (stat.mode & 0o022) === 0 && (typeof process.getuid !== 'function' || stat.uid === process.getuid());
}

/** Whether the open cache file (its stat, and its first bytes) is the one kubeward recorded as written (src/shared/user-cache.ts). */
function isOwnFile(file: string, stat: fs.Stats, head: Buffer): boolean {
  const record = ownFileRecord(path.resolve(file));
  const first = head.indexOf(0x0a) + 1;
  if (!record || first <= 0) return false;
  const [size, mtimeMs, ctimeMs, ino, dev] = record.stamp;
  return (
    sameStamp(stampOf(stat), { size, mtimeMs, ctimeMs, ino, dev }) &&
    head.length >= first + SEAL_LENGTH &&
    head.toString('latin1', first, first + SEAL_LENGTH - 1) === record.seal
  );
}

/**
 * After writing the cache file: read it back, and when it holds exactly the bytes written, record its stamp and its
 * header's seal (so the next run reads it without checking its seals); otherwise forget any record of it.
 */
function recordWritten(file: string, bytes: Buffer, header: Buffer): void {
  let fd: number | undefined;
  let record: OwnFileRecord | undefined;
  try {
    const open = openOwnFile(file);
    fd = open?.fd;
    const stat = open?.stat;
    if (stat && stat.size === bytes.length && ownable(stat) && holds(fd!, bytes)) {
      const { size, mtimeMs, ctimeMs, ino, dev } = stat;
      record = { stamp: [size, mtimeMs, ctimeMs, ino, dev], seal: header.toString('latin1', 0, SEAL_LENGTH - 1) };
    }
  } catch {
    record = undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
  recordOwnFile(path.resolve(file), record);
}

/** Whether the open file holds exactly `bytes`: compared in pieces, through one buffer (no second copy of the file). */
function holds(fd: number, bytes: Buffer): boolean {
  const piece = Buffer.allocUnsafe(Math.min(PIECE, bytes.length));
  for (let at = 0; at < bytes.length;) {
    const n = fs.readSync(fd, piece, 0, Math.min(piece.length, bytes.length - at), at);
    if (n === 0 || !piece.subarray(0, n).equals(bytes.subarray(at, at + n))) return false;
    at += n;
  }
  return true;
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

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
 * The file is JSON lines: a header (format, version, file stamps, the keys of the entries), then one line per entry
 * with its results, so a run decodes only the entry it uses, and keeps the others as bytes.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readBytes, sameStamp, settledStamp, stampOf, type FileStamp as Stamp } from '../read/index.js';
import type { LintResult } from '../shared/types.js';
import { seal, unseal } from '../shared/user-cache.js';
import { VERSION } from '../shared/version.js';
import { writeFileSafely } from '../shared/write-file.js';

export const DEFAULT_CACHE_FILE = '.kubewardcache';
const FORMAT = 'kubeward-cache/2';
/** Keep this many runs: a pre-commit hook and a whole-repository run alternate without evicting each other. */
const MAX_ENTRIES = 4;
/** A file's stamp (src/read/stamp.ts) and the hash of its content when the stamp was taken. */
interface FileStamp extends Stamp {
  hash: string;
}

interface CacheData {
  files: Record<string, FileStamp>;
  /** Newest first; `json` is the results line, undecoded. */
  entries: Array<{ key: string; json: Buffer }>;
}

interface Header {
  format: string;
  version: string;
  files: Record<string, FileStamp>;
  keys: string[];
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

function readCacheData(file: string, read?: Buffer): CacheData | undefined {
  try {
    // Sealed with this user's key (src/shared/user-cache.ts): a cache committed to the tree or edited is not trusted.
    const raw = read ?? readCacheBytes(file);
    const bytes = raw && unseal(raw);
    if (!bytes) return undefined;
    const lines: Buffer[] = [];
    for (let start = 0; start < bytes.length;) {
      const end = bytes.indexOf(0x0a, start);
      lines.push(bytes.subarray(start, end < 0 ? bytes.length : end));
      start = end < 0 ? bytes.length : end + 1;
    }
    const header = JSON.parse(lines[0]?.toString('utf8') ?? '') as Header;
    if (header?.format !== FORMAT || header.version !== VERSION) return undefined;
    if (!header.files || typeof header.files !== 'object' || !Array.isArray(header.keys)) return undefined;
    if (header.keys.length !== lines.length - 1 || !header.keys.every((k) => typeof k === 'string')) return undefined;
    return { files: header.files, entries: header.keys.map((key, i) => ({ key, json: lines[i + 1] })) };
  } catch {
    return undefined;
  }
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
  private data: CacheData | undefined;
  private readonly stamps: Record<string, FileStamp> = {};
  private newStamps = 0;
  private key: string | undefined;
  /**
   * `started`: when this run began (a file changed less than two seconds before it is hashed again next time).
   * `bytes`: the cache file's content when the caller read it already (while walking the tree); else it is read here.
   */
  constructor(
    readonly file: string,
    private readonly started = Date.now(),
    bytes?: Buffer,
    /** Folders from here down to the cache's folder must not be links (the run's working folder). */
    private readonly base = path.dirname(file),
  ) {
    this.data = readCacheData(file, bytes);
  }

  /** The content hash of one file, reusing the previous run's when its stat is unchanged; undefined: not cacheable. */
  private hashOf(file: string, maxFileSize: number): string | undefined {
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(file);
    } catch {
      return undefined;
    }
    // FIFOs, sockets and devices are reported, not read: a run that names one is never cached.
    if (!stat.isFile()) return undefined;
    if (stat.size > maxFileSize) return `too-large:${stat.size}`;
    const old = this.data?.files[file];
    const stamp = stampOf(stat);
    if (old && sameStamp(old, stamp)) {
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

  /** The cached results of a run with these inputs, or undefined (then call `save` with the fresh results). */
  lookup(inputs: CacheInputs): LintResult[] | undefined {
    this.key = undefined;
    let lines: string[];
    try {
      lines = [FORMAT, VERSION, buildFingerprint(), sha256(stableStringify(inputs.settings))];
    } catch {
      return undefined; // settings that are not plain data (a cycle): this run is not cached
    }
    for (const [label, list] of [
      ['lint', inputs.linted],
      ['index', inputs.indexed],
      ['schema', filesBelow(inputs.schemaDirs)],
    ] as const) {
      for (const file of list) {
        const hash = this.hashOf(file, label === 'schema' ? Number.MAX_SAFE_INTEGER : inputs.maxFileSize);
        if (hash === undefined) return undefined;
        lines.push(`${label}\0${file}\0${hash}`);
      }
    }
    this.key = sha256(lines.join('\n'));
    const entry = this.data?.entries.find((e) => e.key === this.key);
    if (!entry) return undefined;
    let hit: LintResult[];
    try {
      hit = JSON.parse(entry.json.toString('utf8')) as LintResult[];
    } catch {
      return undefined;
    }
    if (!Array.isArray(hit)) return undefined;
    // A hit that had to hash files again records their stamps, so the next run only stats them.
    if (this.newStamps > 0) this.write(entry);
    return hit;
  }

  /** Record the results of the run `lookup` described; nothing when it was not cacheable. Never throws. */
  save(results: readonly LintResult[]): void {
    if (this.key === undefined) return;
    this.write({ key: this.key, json: Buffer.from(JSON.stringify(results)) });
  }

  private write(newest: { key: string; json: Buffer }): void {
    const entries = [newest, ...(this.data?.entries ?? []).filter((e) => e.key !== newest.key)].slice(0, MAX_ENTRIES);
    const files = { ...this.data?.files, ...this.stamps };
    // Forget stamps this run did not make or use, so the file does not grow forever as files come and go.
    for (const f of Object.keys(files)) if (!(f in this.stamps)) delete files[f];
    this.data = { files, entries };
    const header: Header = { format: FORMAT, version: VERSION, files, keys: entries.map((e) => e.key) };
    try {
      // A fresh temporary file with an unpredictable name, renamed over the cache; a link planted at its place is refused.
      const bytes = Buffer.concat([Buffer.from(JSON.stringify(header)), ...entries.flatMap((e) => [Buffer.from('\n'), e.json])]);
      writeFileSafely(this.file, seal(bytes), { what: 'the cache', base: this.base });
    } catch {
      // A cache that cannot be written only costs speed.
    }
  }
}

/**
 * The renders of `--cache` (src/render's RenderCacheStore), kept beside the run cache in `<cache file>.renders`: one
 * list of records per entry point render, keyed by everything but file contents (the entry point and its settings,
 * the tool's path and identity, the limits, kubeward's version and build); a record holds the outcome and the content
 * hash of every file the render read and the names in each of their folders. A record is reused only while all of
 * them are unchanged, so an unchanged repository re-renders nothing and a changed base re-renders only the entry
 * points that read it; the last few states of each entry point are kept (switching branches back re-renders nothing).
 *
 * A file that is missing, corrupt or from another kubeward is ignored and rewritten; writing it never fails a run.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { EntryOutcome, RenderCacheStore } from '../render/index.js';
import { VERSION } from '../shared/version.js';
import { seal, unseal } from '../shared/user-cache.js';
import { writeFileSafely } from '../shared/write-file.js';
import { buildFingerprint, readCacheBytes } from './cache.js';

const FORMAT = 'kubeward-render-cache/2';
/** Keys kept: those this run used or made first, then the others, up to this many. */
const MAX_KEYS = 1000;
/** Records kept per key, newest first: a branch switched back and forth renders neither side again. */
const MAX_VARIANTS = 4;

interface RenderRecord {
  /** File → content hash ('' when it could not be read). */
  files: Record<string, string>;
  /** Folder of a file read → hash of its sorted entry names (a file added beside them may change the render). */
  dirs: Record<string, string>;
  outcome: EntryOutcome;
}

interface RenderCacheData {
  format: string;
  version: string;
  /** kubeward's own build (a development build keeps its version number). */
  build: string;
  records: Record<string, RenderRecord[]>;
}

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** `<cache file>.renders`. */
export function renderCachePath(cacheFile: string): string {
  return `${cacheFile}.renders`;
}

export class RenderCache implements RenderCacheStore {
  private records: Record<string, RenderRecord[]> = {};
  private readonly used = new Set<string>();
  private changed = false;
  private readonly hashes = new Map<string, string>();
  private readonly listings = new Map<string, string>();

  private readonly build = buildFingerprint();

  constructor(readonly file: string) {
    try {
      // A regular file only (never through a link), bounded, as the run cache is read.
      const raw = readCacheBytes(file);
      const bytes = raw && unseal(raw);
      if (!bytes) return;
      const data = JSON.parse(bytes.toString('utf8')) as RenderCacheData;
      const fresh = data?.format === FORMAT && data.version === VERSION && data.build === this.build;
      if (fresh && data.records && typeof data.records === 'object') this.records = data.records;
    } catch {
      /* no cache yet, or not ours: start empty */
    }
  }

  private hashOf(file: string): string {
    let hash = this.hashes.get(file);
    if (hash === undefined) {
      try {
        // The render stage gives only files whose real path is in the repository (links out of it are left out).
        hash = fs.statSync(file).isFile() ? sha256(fs.readFileSync(file)) : '';
      } catch {
        hash = '';
      }
      this.hashes.set(file, hash);
    }
    return hash;
  }

  private listingOf(dir: string): string {
    let hash = this.listings.get(dir);
    if (hash === undefined) {
      try {
        hash = sha256(fs.readdirSync(dir).sort().join('\0'));
      } catch {
        hash = '';
      }
      this.listings.set(dir, hash);
    }
    return hash;
  }

  private isFresh(record: RenderRecord): boolean {
    if (!record || typeof record !== 'object' || !record.outcome || !record.files || !record.dirs) return false;
    return Object.entries(record.files).every(([f, h]) => this.hashOf(f) === h) && Object.entries(record.dirs).every(([d, h]) => this.listingOf(d) === h);
  }

  lookup(key: string): EntryOutcome | undefined {
    const variants = Array.isArray(this.records[key]) ? this.records[key] : [];
    const index = variants.findIndex((r) => this.isFresh(r));
    if (index === -1) {
      return undefined;
    }
    this.used.add(key);
    if (index > 0) {
      // The newest first: the next run checks it first.
      this.records[key] = [variants[index], ...variants.filter((_, i) => i !== index)];
      this.changed = true;
    }
    return structuredClone(variants[index].outcome);
  }

  store(key: string, outcome: EntryOutcome, reads: readonly string[]): void {
    const files = Object.fromEntries(reads.map((f) => [f, this.hashOf(f)]));
    const dirs = Object.fromEntries([...new Set(reads.map((f) => path.dirname(f)))].sort().map((d) => [d, this.listingOf(d)]));
    const variants = Array.isArray(this.records[key]) ? this.records[key] : [];
    this.records[key] = [{ files, dirs, outcome: structuredClone(outcome) }, ...variants].slice(0, MAX_VARIANTS);
    this.used.add(key);
    this.changed = true;
  }

  /** Write the records back when this run made new ones. Never throws. */
  save(): void {
    if (!this.changed) return;
    const keys = [...this.used, ...Object.keys(this.records).filter((k) => !this.used.has(k))].slice(0, MAX_KEYS);
    const data: RenderCacheData = { format: FORMAT, version: VERSION, build: this.build, records: Object.fromEntries(keys.map((k) => [k, this.records[k]])) };
    try {
      // A fresh temporary file with an unpredictable name, renamed over the cache; a link planted at its place is refused.
      writeFileSafely(this.file, seal(Buffer.from(JSON.stringify(data))), { what: 'the render cache' });
    } catch {
      // A cache that cannot be written only costs speed.
    }
  }
}

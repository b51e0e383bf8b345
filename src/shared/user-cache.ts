/**
 * The user's cache folder, outside any linted tree: kubeward's compile cache, and the key that seals `--cache` files.
 *
 * A cache file in the work tree (`.kubewardcache`, ESLint's default place) can be committed by a pull request: one
 * whose entries claim clean results for the pull request's own files would be served as they are, since every input
 * of a cache key (kubeward's version, the settings, the files' contents) is public. So each cache file is sealed with
 * an HMAC under a key that lives in the user's cache folder and never in the tree: a cache written on another machine,
 * by another user, or edited by hand does not verify and is ignored (and rewritten).
 *
 * A cache file kubeward wrote itself need not be verified again while it is that very file: after writing one, kubeward
 * reads it back, and when its bytes are the ones it wrote it records the file's stamp (size, times, inode, device) and
 * its header's seal here (`recordOwnFile`). A later run that finds the file with that stamp and that seal
 * (`ownFileRecord`) uses it without node:crypto: no change to the file (edited, replaced, renamed over, checked out
 * again) keeps its change time and inode, and a stamp is the same trust the cache already gives the linted files'
 * contents. Only files no other user can write are recorded.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathDigest, userCacheDir } from './cache-dir.js';
import { readOwnFile } from './own-file.js';
import { writeFileSafely } from './write-file.js';

const KEY_BYTES = 32;
/** The folder of own-file records in the user's cache folder. */
const RECORDS = 'sealed';
let key: Buffer | undefined;

/**
 * This user's sealing key: read from `<user cache>/cache.key` (a regular file of 64 hex digits, never through a link),
 * made there on first use. Where that folder cannot be used, a key for this process only: caches then never verify
 * across runs, which costs speed and nothing else.
 */
function sealingKey(): Buffer {
  if (key) return key;
  const dir = userCacheDir();
  const file = dir && path.join(dir, 'cache.key');
  const read = (): Buffer | undefined => {
    if (!file || !fs.lstatSync(file, { throwIfNoEntry: false })?.isFile()) return undefined;
    const text = fs.readFileSync(file, 'utf8').trim();
    return /^[0-9a-f]{64}$/.test(text) ? Buffer.from(text, 'hex') : undefined;
  };
  try {
    key = read();
    if (!key && file) {
      writeFileSafely(file, `${randomBytes(KEY_BYTES).toString('hex')}\n`, { what: 'the cache key', base: path.dirname(dir), mode: 0o600 });
      key = read();
    }
  } catch {
    key = undefined;
  }
  key ??= randomBytes(KEY_BYTES);
  return key;
}

/**
 * The HMAC that seals bytes under this user's key, to be fed piece by piece: its digest is the seal (as bytes) of the
 * pieces' concatenation, for a reader that verifies a large sealed part without holding it whole.
 */
export function sealMac(): ReturnType<typeof createHmac> {
  return createHmac('sha256', sealingKey());
}

/** `body` with its seal in front: one line of hex, then the body. */
export function seal(body: Uint8Array): Buffer {
  return sealParts([body]);
}

/** `seal` of the parts' concatenation, made with one copy of them. */
export function sealParts(parts: readonly Uint8Array[]): Buffer {
  const hmac = sealMac();
  for (const part of parts) hmac.update(part);
  return Buffer.concat([Buffer.from(`${hmac.digest('hex')}\n`), ...parts]);
}

/** The body of sealed bytes when their seal verifies under this user's key; undefined otherwise (foreign or edited). */
export function unseal(bytes: Buffer): Buffer | undefined {
  const newline = bytes.indexOf(0x0a);
  if (newline !== 64) return undefined;
  const body = bytes.subarray(newline + 1);
  return sealMatches(bytes.subarray(0, 64), sealMac().update(body).digest()) ? body : undefined;
}

/** Whether a seal line's 64 hex digits (`sealHex`, without its newline) are `digest`, compared in constant time. */
export function sealMatches(sealHex: Buffer, digest: Buffer): boolean {
  const given = Buffer.from(sealHex.toString('latin1'), 'hex');
  return given.length === 32 && timingSafeEqual(given, digest);
}

/** A cache file as kubeward wrote it: its stamp (size, mtimeMs, ctimeMs, ino, dev) and its header's seal line. */
export interface OwnFileRecord {
  stamp: [number, number, number, number, number];
  seal: string;
}

/** Where the record of the cache file `file` (an absolute path) lives, or undefined without a user cache folder. */
function recordFile(file: string): string | undefined {
  const dir = userCacheDir();
  return dir && path.join(dir, RECORDS, `${pathDigest(file)}.json`);
}

/**
 * The record of the cache file `file` (see the top of this module): read from a regular file of this user (never
 * through a link, never waiting on a FIFO: src/shared/own-file.ts); undefined when there is none, or it is not one this code wrote.
 */
export function ownFileRecord(file: string): OwnFileRecord | undefined {
  const at = recordFile(file);
  try {
    const bytes = at && readOwnFile(at, 64 * 1024, true);
    if (!bytes) return undefined;
    const record = JSON.parse(bytes.toString('utf8')) as unknown;
    if (!Array.isArray(record) || record.length !== 7 || record[0] !== file || typeof record[1] !== 'string') return undefined;
    const stamp = record.slice(2);
    if (!stamp.every((v) => typeof v === 'number')) return undefined;
    return { seal: record[1], stamp: stamp as OwnFileRecord['stamp'] };
  } catch {
    return undefined;
  }
}

/** Whether records can be kept (a user cache folder, writable or to be made): else a file is never written again to be recorded. */
export function canRecordOwnFiles(): boolean {
  const dir = userCacheDir();
  if (!dir) return false;
  for (const folder of [path.join(dir, RECORDS), dir, path.dirname(dir)]) {
    try {
      fs.accessSync(folder, fs.constants.W_OK);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return false;
    }
  }
  return false;
}

/** Record the cache file `file` as one kubeward wrote (see the top of this module); nothing when that cannot be done. */
export function recordOwnFile(file: string, record: OwnFileRecord | undefined): void {
  const at = recordFile(file);
  if (!at) return;
  try {
    if (!record) fs.rmSync(at, { force: true });
    else
      writeFileSafely(at, JSON.stringify([file, record.seal, ...record.stamp]), {
        what: 'a cache record',
        base: path.dirname(path.dirname(at)),
      });
  } catch {
    // Costs speed only: the next run verifies the file's seal.
  }
}

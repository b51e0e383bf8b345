/**
 * Writing the command script's code cache (src/cli/command-script.ts reads it and says when a run writes it). This
 * is the command script's code, handed to the bin's entry through the script's exports (`writeCodeCache`), not the
 * entry's: Node compiles the entry from its source on every run (no code cache holds it), and the writing (with
 * writeFileSafely and its messages) was about a third of the entry's text, parsed by every run and run by the first
 * run of each kind only. The command script has writeFileSafely anyway (reports, the caches).
 */
import fs from 'node:fs';
import path from 'node:path';
import { writeFileSafely } from '../shared/write-file.js';
import { CODE_CACHE_MAGIC, type CodeCacheHeader } from './command-script.js';

/** A write removes the caches (of other builds or Node.js versions) that no run has written for this long. */
const UNUSED_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * Write the cache through writeFileSafely (a fresh file, 0600, renamed over the old one; no link followed, in the
 * `kubeward` folder and below; its temporary name does not come from node:crypto, which loads Node's streams: the first
 * run of each kind writes this cache, and a one-file run loads neither), then remove the caches no run has written
 * for UNUSED_MS; any failure writes nothing (or removes nothing), silently.
 */
export function writeCodeCache(file: string, header: CodeCacheHeader, data: Uint8Array): void {
  const dir = path.dirname(file);
  try {
    // The header padded with spaces to a multiple of 8 bytes: V8 copies data that does not start at one before reading it.
    let head = `${CODE_CACHE_MAGIC}${JSON.stringify(header)}`;
    head += `${' '.repeat((8 - ((Buffer.byteLength(head) + 1) % 8)) % 8)}\n`;
    writeFileSafely(file, Buffer.concat([Buffer.from(head, 'utf8'), data]), {
      what: 'the code cache',
      base: path.dirname(dir),
    });
  } catch {
    return;
  }
  try {
    const now = Date.now();
    for (const name of fs.readdirSync(dir)) {
      if (!name.endsWith('.v8')) continue;
      const stat = fs.lstatSync(path.join(dir, name), { throwIfNoEntry: false });
      if (stat?.isFile() && stat.mtimeMs < now - UNUSED_MS) fs.rmSync(path.join(dir, name), { force: true });
    }
  } catch {
    // Left for another run.
  }
}

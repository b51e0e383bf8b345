/**
 * The `--cache` file, read and written as kubeward does (src/engine/cache.ts), for tests that plant or forge entries:
 * a first line (format and header length), a sealed header, then sealed parts (the files' stamps and hashes, each
 * entry's stamps and results, each report's counts and text), each body beginning with its entry's key
 * (and which part it is, and its report's key).
 */
import fs from 'node:fs';
import { expect } from 'vitest';
import { seal } from '../src/shared/user-cache.js';

export interface DecodedReport {
  key: string;
  counts: any;
  text: string;
}

export interface DecodedCache {
  header: any;
  /** `stamps`: the part's body as latin1 text (its numbers are binary), so that it is written back byte for byte. */
  entries: Array<{ key: string; stamps?: string; results: any[]; reports: DecodedReport[] }>;
}

interface Part {
  at: number;
  length: number;
}

type PartName = 'header' | 'files' | 'stamps' | 'results' | 'counts' | 'text';

/** The cache file decoded whole (every prefix checked). */
export function readCache(cacheFile: string): DecodedCache {
  const bytes = fs.readFileSync(cacheFile);
  const first = bytes.indexOf(0x0a) + 1;
  const headLength = first + Number(/ (\d+)\n/.exec(bytes.subarray(0, first).toString())![1]);
  const header = JSON.parse(bytes.subarray(first + 65, headLength).toString());
  const body = (p: Part, prefix: string, encoding: BufferEncoding = 'utf8') => {
    const text = bytes.subarray(headLength + p.at + 65, headLength + p.at + p.length).toString(encoding);
    expect(text.startsWith(prefix)).toBe(true);
    return text.slice(prefix.length);
  };
  // The files part, decoded into the header (as `files`), as it was before it had a part of its own.
  header.files = JSON.parse(body(header.files, 'files\n'));
  const entries = header.entries.map((e: { key: string; stamps?: Part; results: Part; reports: Array<{ key: string; counts: Part; text: Part }> }) => ({
    key: e.key,
    ...(e.stamps ? { stamps: body(e.stamps, `${e.key}\nstamps\n`, 'latin1') } : {}),
    results: JSON.parse(body(e.results, `${e.key}\n`)),
    reports: e.reports.map((r) => ({
      key: r.key,
      counts: JSON.parse(body(r.counts, `${e.key}\n${JSON.stringify(r.key)}\ncounts\n`)),
      text: body(r.text, `${e.key}\n${JSON.stringify(r.key)}\ntext\n`),
    })),
  }));
  return { header, entries };
}

/** Write a cache file as kubeward does; the parts named in `forged` get a seal of zeros (made elsewhere, or edited). */
export function writeCache(cacheFile: string, { header, entries }: DecodedCache, forged: readonly PartName[] = []) {
  const sealed = (name: PartName, body: string) => {
    const bytes = Buffer.from(body, name === 'stamps' ? 'latin1' : 'utf8');
    return forged.includes(name) ? Buffer.concat([Buffer.from(`${'0'.repeat(64)}\n`), bytes]) : seal(bytes);
  };
  const parts: Buffer[] = [];
  let at = 0;
  const place = (part: Buffer) => {
    parts.push(part);
    at += part.length;
    return { at: at - part.length, length: part.length };
  };
  const files = place(sealed('files', `files\n${JSON.stringify(header.files)}`));
  const refs = entries.map((e) => ({
    key: e.key,
    ...(e.stamps ? { stamps: place(sealed('stamps', `${Buffer.from(`${e.key}\nstamps\n`).toString('latin1')}${e.stamps}`)) } : {}),
    results: place(sealed('results', `${e.key}\n${JSON.stringify(e.results)}`)),
    reports: e.reports.map((r) => ({
      key: r.key,
      counts: place(sealed('counts', `${e.key}\n${JSON.stringify(r.key)}\ncounts\n${JSON.stringify(r.counts)}`)),
      text: place(sealed('text', `${e.key}\n${JSON.stringify(r.key)}\ntext\n${r.text}`)),
    })),
  }));
  const head = sealed('header', JSON.stringify({ ...header, files, entries: refs }));
  fs.writeFileSync(cacheFile, Buffer.concat([Buffer.from(`kubeward-cache/5 ${head.length}\n`), head, ...parts]));
}

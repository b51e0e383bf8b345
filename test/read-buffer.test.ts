/**
 * The buffer file reads reuse (src/read/read-file.ts, ReadBuffer): a run reads thousands of files into one buffer
 * instead of allocating one per file. Its bytes are the file's, whatever was read into it before; the size cap holds
 * as without it; a file larger than what it keeps gets a buffer of its own; and files read one after another through
 * the engine's readers (files.ts) keep their own text.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { readAndParse, readEntries } from '../src/engine/files.js';
import { readBytes, ReadBuffer } from '../src/read/index.js';

function folder(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'kubeward-read-buffer-'));
}

describe('ReadBuffer', () => {
  it('gives each file its own bytes, in the same memory from one read to the next', () => {
    const dir = folder();
    const long = path.join(dir, 'long.yaml');
    const short = path.join(dir, 'short.yaml');
    fs.writeFileSync(long, `a: ${'x'.repeat(3000)}\n`);
    fs.writeFileSync(short, 'b: 1\n');
    const scratch = new ReadBuffer();
    const first = readBytes(long, 1024 * 1024, scratch);
    if (!('bytes' in first)) throw new Error('not read');
    expect(Buffer.from(first.bytes).toString('utf8')).toBe(`a: ${'x'.repeat(3000)}\n`);
    const second = readBytes(short, 1024 * 1024, scratch);
    if (!('bytes' in second)) throw new Error('not read');
    // Exactly the short file's bytes, nothing of the longer file read before it.
    expect(Buffer.from(second.bytes).toString('utf8')).toBe('b: 1\n');
    expect(second.bytes.buffer).toBe(first.bytes.buffer);
    // Without a scratch buffer, every read has memory of its own.
    const own = readBytes(short, 1024 * 1024);
    expect('bytes' in own && own.bytes.buffer).not.toBe(first.bytes.buffer);
  });

  it('grows to the largest file it keeps, and gives a larger one a buffer of its own', () => {
    const scratch = new ReadBuffer();
    const small = scratch.take(100);
    expect(small.length).toBe(100);
    const bigger = scratch.take(200_000);
    expect(bigger.length).toBe(200_000);
    expect(scratch.take(150_000).buffer).toBe(bigger.buffer);
    const huge = scratch.take(ReadBuffer.KEPT + 8);
    expect(huge.length).toBe(ReadBuffer.KEPT + 8);
    expect(huge.buffer).not.toBe(bigger.buffer);
    expect(scratch.take(10).buffer).toBe(bigger.buffer);
  });

  it('keeps the size cap while reading (stat can lie), as without it', () => {
    const scratch = new ReadBuffer();
    expect(readBytes('/proc/self/pagemap', 4096, scratch)).toEqual({ failure: { kind: 'tooLarge', size: 4104, maxFileSize: 4096, atLeast: true } });
    expect(readBytes('/proc/self/status', 64, scratch)).toEqual({ failure: { kind: 'tooLarge', size: 72, maxFileSize: 64, atLeast: true } });
    const whole = readBytes('/proc/self/status', 1024 * 1024, scratch);
    expect('bytes' in whole && Buffer.from(whole.bytes).toString('utf8')).toMatch(/^Name:/);
    const dir = folder();
    const big = path.join(dir, 'big.yaml');
    fs.writeFileSync(big, `a: ${'x'.repeat(5000)}\n`);
    expect(readBytes(big, 1000, scratch)).toEqual({ failure: { kind: 'tooLarge', size: 5004, maxFileSize: 1000 } });
    const read = readBytes(big, 10_000, scratch);
    expect('bytes' in read && read.bytes.length).toBe(5004);
  });

  it('reads a regular file that fits in one read, and reads on when it is longer than stat said', () => {
    const dir = folder();
    const small = path.join(dir, 'small.yaml');
    const big = path.join(dir, 'big.yaml');
    fs.writeFileSync(small, 'a: 1\n');
    fs.writeFileSync(big, `a: ${'x'.repeat(200_000)}\n`);
    const reads = vi.spyOn(fs, 'readSync');
    try {
      const scratch = new ReadBuffer();
      for (const [file, size] of [
        [small, 5],
        [big, 200_004],
      ] as const) {
        reads.mockClear();
        const read = readBytes(file, 1024 * 1024, scratch);
        expect('bytes' in read && read.bytes.length).toBe(size);
        expect(reads).toHaveBeenCalledTimes(1);
      }
      // An empty file: the read that gives 0 bytes is the only one.
      fs.writeFileSync(small, '');
      reads.mockClear();
      const empty = readBytes(small, 1024, scratch);
      expect('bytes' in empty && empty.bytes.length).toBe(0);
      expect(reads).toHaveBeenCalledTimes(1);
      // stat says 0 and the file has more (a file of /proc): read to the end, whatever stat said.
      reads.mockClear();
      const status = readBytes('/proc/self/status', 1024 * 1024, scratch);
      expect('bytes' in status && Buffer.from(status.bytes).toString('utf8')).toMatch(/^Name:[^]*\nPid:/);
      expect(reads.mock.calls.length).toBeGreaterThan(1);
    } finally {
      reads.mockRestore();
    }
  });

  it('files read one after another by the engine keep their own text and entries', () => {
    const dir = folder();
    const files = [
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a-long-name-for-the-first\n',
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: b\n',
    ].map((text, i) => {
      const file = path.join(dir, `f${i}.yaml`);
      fs.writeFileSync(file, text);
      return file;
    });
    const seen: string[] = [];
    const parsed = files.map((f) => readAndParse(f, 1024 * 1024, true, (bytes) => seen.push(Buffer.from(bytes).toString('utf8'))));
    expect(parsed.map((p) => p.text)).toEqual(seen);
    expect(parsed.map((p) => (p.documents[0].value as { metadata: { name: string } }).metadata.name)).toEqual(['a-long-name-for-the-first', 'b']);
    const entries = files.map((f) => readEntries(f, 1024 * 1024, (p) => ({ objects: [], text: p.text }) as never));
    expect(entries.map((e) => (e as unknown as { text: string }).text)).toEqual(seen);
  });
});

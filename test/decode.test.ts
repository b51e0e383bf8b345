/**
 * How a file's bytes become text (decode, src/parse/parse.ts): ASCII files take a faster path (a byte per character)
 * that must give exactly the string UTF-8 decoding gives; a byte order mark, UTF-8 beyond ASCII, UTF-16, NUL bytes and
 * invalid UTF-8 are read or refused as before.
 */
import { describe, expect, it } from 'vitest';
import { decode } from '../src/parse/index.js';

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('decode', () => {
  it('gives an ASCII file the string UTF-8 decoding gives, from a view into a larger buffer too', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\ndata:\n  k: "\\t~!@#$%^&*()_+{}|:<>?"\n\x7f\n';
    expect(decode(utf8(text))).toEqual({ text, bomLength: 0 });
    const buffer = Buffer.from(`xxxx${text}yyyy`);
    const view = buffer.subarray(4, 4 + text.length);
    expect(decode(view)).toEqual({ text, bomLength: 0 });
    expect(decode(new Uint8Array(0))).toEqual({ text: '', bomLength: 0 });
  });

  it('reads a byte order mark, UTF-8 beyond ASCII and UTF-16 as before', () => {
    expect(decode(Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8('a: 1\n')]))).toEqual({ text: 'a: 1\n', bomLength: 1 });
    expect(decode(utf8('a: héllo 😀\n'))).toEqual({ text: 'a: héllo 😀\n', bomLength: 0 });
    expect(decode(Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8('é: 1\n')]))).toEqual({ text: 'é: 1\n', bomLength: 1 });
    expect(decode(Uint8Array.from([0xff, 0xfe, 0x61, 0x00, 0x3a, 0x00]))).toEqual({ text: 'a:', bomLength: 0 });
  });

  it('refuses NUL bytes and invalid UTF-8 with the exact place', () => {
    const binary = decode(utf8('a: 1\n\0'));
    expect('error' in binary && binary.error.messageId).toBe('binary');
    const invalid = decode(Uint8Array.from([...utf8('a: 1\nb: x'), 0xff, 0x0a]));
    expect('error' in invalid && [invalid.error.messageId, invalid.error.line, invalid.error.column]).toEqual(['encoding', 2, 5]);
    // A byte over 0x7f alone is not ASCII: decoded as UTF-8 (refused), never read as Latin-1.
    const latin1 = decode(Uint8Array.from([0x61, 0x3a, 0x20, 0xe9, 0x0a]));
    expect('error' in latin1 && latin1.error.messageId).toBe('encoding');
  });
});

/**
 * src/fix.ts: declarative fixes → minimal text edits, the cases where kubeward refuses to fix, applying edits the
 * way ESLint does, and the messages' `fix` in lintText results.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checks } from '../checks/index.js';
import type { Check, FixOp } from '../src/check-api.js';
import { applyFixes, fixToEdit, MAX_FIX_PASSES, parseFixTypes, plainScalar, writeFixedFile } from '../src/fix/fix.js';
import { lintText } from '../src/engine/index.js';
import { parseText } from '../src/parse/index.js';

/** Apply one declarative fix to the first document of `text` (object at the root). */
function fix(text: string, op: FixOp, filePath = 'f.yaml'): string | undefined {
  const file = parseText(text, filePath);
  const edit = fixToEdit({ file, raw: { document: file.documents[0] }, basePath: [] }, op);
  return edit && applyFixes(file.text, [edit]).output;
}

const set = (p: Array<string | number>, value: any): FixOp => ({ op: 'set', path: p, value });
const add = (p: Array<string | number>, value: string): FixOp => ({ op: 'add', path: p, value });

describe('plainScalar', () => {
  // The expressions it replaced (scalarText wrote a string unquoted where both said so).
  const WORD = /^[A-Za-z_][A-Za-z0-9_./-]*$/;
  const RESERVED = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~)$/;
  const expected = (s: string) => WORD.test(s) && !RESERVED.test(s);

  it('answers as the regular expressions did, on hand-picked and random strings', () => {
    const words = ['', 'a', 'Z', '_', '_x', 'RuntimeDefault', 'ALL', 'NET_RAW', 'a.b/c-d_9', '9a', '-a', '.a', '/a', 'a b', 'a:b', 'a@b'];
    const reserved = 'y Y yes Yes YES n N no No NO true True TRUE false False FALSE on On ON off Off OFF null Null NULL ~'.split(' ');
    const near = ['yES', 'ye', 'nO', 'tRue', 'Nulls', 'offf', 'onn', 'yess', 'TRUEx', 'FALSe', 'nul', 'o', 'f'];
    // Characters around each range's ends (@ [ ` { , 0x2c, : 0x3a, the letters' ends, non-ASCII that folds with | 32).
    const alphabet = 'aAzZyYnNoOtTfFlLuUeEsSrR_.-/09,:@[`{~ \t\n\u00c1\u00e1\u0141\u017a\u0161\uff41';
    const cases = [...words, ...reserved, ...near];
    let seed = 12345;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (let i = 0; i < 20_000; i++) {
      let s = '';
      const length = Math.floor(random() * 8);
      for (let j = 0; j < length; j++) s += alphabet[Math.floor(random() * alphabet.length)];
      cases.push(s);
      // A reserved word with one character changed, added or dropped.
      const word = reserved[Math.floor(random() * reserved.length)];
      const at = Math.floor(random() * (word.length + 1));
      const c = alphabet[Math.floor(random() * alphabet.length)];
      cases.push(word.slice(0, at) + c + word.slice(at + 1), word.slice(0, at) + c + word.slice(at), word.slice(0, at) + word.slice(at + 1));
    }
    for (let c = 0; c < 0x10000; c++) cases.push(String.fromCharCode(c), `a${String.fromCharCode(c)}`);
    const wrong = cases.filter((s) => plainScalar(s) !== expected(s));
    expect(wrong).toEqual([]);
    expect(cases.filter((s) => plainScalar(s)).length).toBeGreaterThan(1000);
  });
});

describe('fixToEdit', () => {
  it('adds a key at the end of a block map, after trailing comments of its last line', () => {
    expect(fix('a:\n  b: 1 # one\n  # about c\nc: 2\n', set(['a', 'x'], true))).toBe('a:\n  b: 1 # one\n  x: true\n  # about c\nc: 2\n');
  });

  it('creates missing maps with the indent step the document uses', () => {
    expect(fix('a:\n   b: 1\nz:\n   y: 2\n', set(['z', 'c', 'd'], 'v'))).toBe('a:\n   b: 1\nz:\n   y: 2\n   c:\n      d: v\n');
  });

  it('creates sequences flush or indented under their key as the document does', () => {
    expect(fix('s:\n- a\nm:\n  k: 1\n', add(['m', 'drop'], 'X'))).toBe('s:\n- a\nm:\n  k: 1\n  drop:\n  - X\n');
    expect(fix('s:\n  - a\nm:\n  k: 1\n', add(['m', 'drop'], 'X'))).toBe('s:\n  - a\nm:\n  k: 1\n  drop:\n    - X\n');
  });

  it('appends to block and flow sequences, and does nothing when the value is there', () => {
    expect(fix('d:\n  - A # a\nn: 1\n', add(['d'], 'B'))).toBe('d:\n  - A # a\n  - B\nn: 1\n');
    expect(fix('d: [A]\n', add(['d'], 'B'))).toBe('d: [A, B]\n');
    expect(fix('d: [ ]\n', add(['d'], 'B'))).toBe('d: [B]\n');
    expect(fix('d: [A, B]\n', add(['d'], 'B'))).toBeUndefined();
  });

  it('fills an empty value (`key:`) and a null one', () => {
    expect(fix('a:\nb: 1\n', set(['a', 'c'], true))).toBe('a:\n  c: true\nb: 1\n');
    expect(fix('a: null\n', set(['a'], false))).toBe('a: false\n');
    expect(fix('a: ~ # none\n', add(['a'], 'X'))).toBe('a:\n  - X # none\n');
  });

  it('adds to flow maps, empty or not, keeping JSON quoting in JSON files', () => {
    expect(fix('a: {b: 1}\n', set(['a', 'c'], { t: 'R' }))).toBe('a: {b: 1, c: {t: R}}\n');
    expect(fix('a: {}\n', set(['a', 'c'], true))).toBe('a: {c: true}\n');
    expect(fix('{"a": {"b": 1}}', set(['a', 'c'], 'x'), 'f.json')).toBe('{"a": {"b": 1, "c": "x"}}');
    expect(fix('{\n  "a": 1\n}\n', set(['c'], ['X']), 'f.json')).toBe('{\n  "a": 1,\n  "c": ["X"]\n}\n');
  });

  it('quotes strings YAML 1.1 would read as something else', () => {
    expect(fix('a:\n  b: 1\n', set(['a', 'c'], 'yes'))).toBe('a:\n  b: 1\n  c: "yes"\n');
    expect(fix('a:\n  b: 1\n', set(['a', 'c'], '1.5'))).toBe('a:\n  b: 1\n  c: "1.5"\n');
  });

  it('keeps CRLF line endings and a last line without a line break', () => {
    expect(fix('a:\r\n  b: 1\r\nc: 2', set(['c2'], true))).toBe('a:\r\n  b: 1\r\nc: 2\r\nc2: true');
    expect(fix('a:\n  b: 1', set(['a', 'c'], true))).toBe('a:\n  b: 1\n  c: true');
  });

  it('changes only the value of a scalar that is there, quotes and comments kept', () => {
    expect(fix('a: true # keep\n', set(['a'], false))).toBe('a: false # keep\n');
    expect(fix('a: false\n', set(['a'], false))).toBeUndefined();
  });

  it('refuses paths through non-maps, aliases, repeated anchors and merge keys', () => {
    expect(fix('a: [1]\n', set(['a', 'b'], true))).toBeUndefined();
    expect(fix('a: text\n', set(['a', 'b'], true))).toBeUndefined();
    expect(fix('a: {b: 1}\n', set(['a', 'b'], { c: 1 }))).toBeUndefined();
    expect(fix('x: &s {b: 1}\na: *s\n', set(['a', 'c'], true))).toBeUndefined();
    expect(fix('x: &s {b: 1}\na: *s\n', set(['x', 'c'], true))).toBeUndefined();
    expect(fix('x: &s {b: 1}\na: {c: 2}\n', set(['x', 'c'], true))).toBe('x: &s {b: 1, c: true}\na: {c: 2}\n');
    // A '*' that is no alias (the anchors are looked for only in a file that holds one): the anchor is not repeated.
    expect(fix('x: &s {b: 1}\na: "*"\n', set(['x', 'c'], true))).toBe('x: &s {b: 1, c: true}\na: "*"\n');
    expect(fix('x: &s {b: 1}\na: [*s]\n', set(['x', 'c'], true))).toBeUndefined();
    expect(fix('x: &s {b: 1}\na:\n  <<: *s\n  d: 1\n', set(['a', 'b'], 2))).toBeUndefined();
    expect(fix('s: [a]\n', set(['s', 3], true))).toBeUndefined();
  });

  it('refuses files with parse errors', () => {
    expect(fix('a:\n  b: 1\nc: [\n', set(['a', 'c'], true))).toBeUndefined();
  });
});

describe('applyFixes', () => {
  it('applies in order of position and skips edits that overlap or touch the same point', () => {
    const fixes = [
      { range: [4, 5] as [number, number], text: 'X' },
      { range: [0, 1] as [number, number], text: 'A' },
      { range: [4, 4] as [number, number], text: 'Y' },
      { range: [2, 2] as [number, number], text: '+' },
      { range: [2, 2] as [number, number], text: '+' },
    ];
    expect(applyFixes('abcdef', fixes)).toEqual({ output: 'Ab+cdYef', applied: 3 });
  });
});

describe('fix passes', () => {
  it('stops after MAX_FIX_PASSES passes when fixes keep finding work', async () => {
    let passes = 0;
    // A check that always wants one more item: every fix makes work for the next pass.
    const grows: Check = {
      meta: {
        id: 'grows',
        description: 'd',
        severity: 'error',
        scope: 'object',
        messages: { more: 'more' },
        remediation: 'r',
        guideline: 'g',
        fixable: true,
      },
      *check(resource) {
        passes++;
        const things = Array.isArray(resource.object.things) ? resource.object.things : [];
        yield { messageId: 'more', path: ['things'], fix: { op: 'add', path: ['things'], value: `t${things.length}` } };
      },
    };
    const text = 'apiVersion: v1\nkind: Thing\nthings:\n  - t0\n';
    const [result] = await lintText(text, { checks: [grows], fix: true, root: false });
    expect(passes).toBe(MAX_FIX_PASSES + 1);
    const added = Array.from({ length: MAX_FIX_PASSES }, (_, i) => `  - t${i + 1}\n`).join('');
    expect(result.output).toBe(`${text}${added}`);
  });
});

describe('messages carry ESLint fixes', () => {
  const only = (id: string) => Object.fromEntries([['schema', 'off'], ...checks.map((c) => [c.meta.id, c.meta.id === id ? 'error' : 'off'])]);
  const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: app:1\n';

  it('a fixable finding has its range and text, and is counted as fixable', async () => {
    const [result] = await lintText(pod, { config: { rules: only('read-only-root-filesystem') as never }, root: false });
    expect(result.messages).toHaveLength(1);
    expect(result.messages[0].fix).toEqual({ range: [pod.length, pod.length], text: '      securityContext:\n        readOnlyRootFilesystem: true\n' });
    expect(result.fixableErrorCount).toBe(1);
    expect(result.output).toBeUndefined();
  });

  it('a finding suppressed by a directive is not fixed', async () => {
    const text = pod.replace('    - name: app\n', '    # kubeward-disable-next-line read-only-root-filesystem -- writes to /\n    - name: app\n');
    const [result] = await lintText(text, { config: { rules: only('read-only-root-filesystem') as never }, root: false, fix: true });
    expect(result.suppressedMessages).toHaveLength(1);
    expect(result.output).toBeUndefined();
  });

  it('a file with a parse error gets no fixes', async () => {
    const [result] = await lintText(`${pod}---\nkey: [\n`, { config: { rules: only('read-only-root-filesystem') as never }, root: false, fix: true });
    expect(result.messages.some((m) => m.fatal)).toBe(true);
    expect(result.messages.filter((m) => m.fix)).toEqual([]);
    expect(result.output).toBeUndefined();
  });
});

describe('parseFixTypes', () => {
  const ids = ['a-check', 'b-check'];
  it('reads ids, strict and problem, comma-separated or repeated', () => {
    const types = parseFixTypes(['a-check,strict', 'problem'], ids);
    expect(types.strict).toBe(true);
    expect(typeof types.filter).toBe('function');
    const pick = types.filter as (m: { ruleId: string | null }) => boolean;
    expect(pick({ ruleId: 'a-check' })).toBe(true);
    expect(pick({ ruleId: 'b-check' })).toBe(false);
    expect(parseFixTypes(['strict'], ids).filter).toBe(true);
    expect(() => parseFixTypes(['c-check'], ids)).toThrow('got "c-check"');
  });
});

describe('writeFixedFile', () => {
  it('writes UTF-16 files back as UTF-16 with their byte order mark, UTF-8 ones as UTF-8', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubeward-fixw-'));
    const le = path.join(dir, 'le.yaml');
    const be = path.join(dir, 'be.yaml');
    const u8 = path.join(dir, 'u8.yaml');
    fs.writeFileSync(le, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a: 1\n', 'utf16le')]));
    fs.writeFileSync(be, Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('a: 1\n', 'utf16le').swap16()]));
    fs.writeFileSync(u8, '\uFEFFa: 1\n');
    writeFixedFile(le, 'a: 2\n');
    writeFixedFile(be, 'a: 2\n');
    writeFixedFile(u8, '\uFEFFa: 2\n');
    expect(fs.readFileSync(le)).toEqual(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a: 2\n', 'utf16le')]));
    expect(fs.readFileSync(be)).toEqual(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('a: 2\n', 'utf16le').swap16()]));
    expect(fs.readFileSync(u8)).toEqual(Buffer.from([0xef, 0xbb, 0xbf, ...Buffer.from('a: 2\n')]));
  });
});

describe('fix docs match the code', () => {
  const root = path.resolve(__dirname, '..');
  const fixing = fs.readFileSync(path.join(root, 'docs/fixing.md'), 'utf8');
  for (const check of checks) {
    it(`${check.meta.id}: README "## Automatic fix" says "Yes." exactly when the check is fixable`, () => {
      const readme = fs.readFileSync(path.join(root, 'checks', check.meta.id, 'README.md'), 'utf8');
      const section = readme.slice(readme.indexOf('\n## Automatic fix\n') + '\n## Automatic fix\n'.length).trimStart();
      expect(section.startsWith('Yes.'), section.slice(0, 60)).toBe(check.meta.fixable === true);
      if (check.meta.fixable) expect(fixing).toContain(`\`${check.meta.id}\``);
    });
  }
});

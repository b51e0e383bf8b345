/**
 * Hostile input too big, binary or special to commit: generated at test time in a temporary folder. Each case has
 * exact expectations, and is linted next to a good file whose findings must still come out.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lintFiles } from '../../src/engine/index.js';
import { readAndParse } from '../../src/engine/files.js';
import { DEFAULT_MAX_FILE_SIZE, MAX_DEPTH, parseText } from '../../src/parse/index.js';
import { walk } from '../../src/read/walk.js';
import { brief, isRoot, lintOne, lintString, mayRunAsRoot, ONLY_RUN_AS_NON_ROOT, pod, positionProblems, tempDir } from './helpers.js';

let dir: string;
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => {
  // Give back the permissions the chmod test took (when not root), then remove everything.
  const open = (folder: string) => {
    fs.chmodSync(folder, 0o755);
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      if (entry.isDirectory()) open(path.join(folder, entry.name));
      else if (entry.isFile()) fs.chmodSync(path.join(folder, entry.name), 0o644);
    }
  };
  open(dir);
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(name: string, content: string | Uint8Array): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

const TOO_DEEP = `Parsing error: maps and sequences nested more than ${MAX_DEPTH} levels deep; kubeward does not read this document (real manifests nest far less: flatten it)`;

describe('deep nesting (10,000 levels): no stack overflow anywhere, one clear error, other documents linted', () => {
  const shapes: Record<string, { text: string; column: number }> = {
    // The first collection deeper than MAX_DEPTH opens at offset MAX_DEPTH (flow) or 2 * MAX_DEPTH (`- - - x`).
    'flow sequences': { text: `${'['.repeat(10_000)}${']'.repeat(10_000)}\n`, column: MAX_DEPTH + 1 },
    'flow maps': { text: `${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}\n`, column: 4 * MAX_DEPTH + 1 },
    'compact block sequences': { text: `${'- '.repeat(10_000)}x\n`, column: 2 * MAX_DEPTH + 1 },
  };
  for (const [name, { text, column }] of Object.entries(shapes)) {
    it(name, async () => {
      const result = await lintString(`${pod('before')}---\n${text}---\n${pod('after')}`);
      expect(result.messages.map(brief)).toEqual([
        mayRunAsRoot('before', 8),
        { ruleId: null, messageId: 'tooDeep', line: 11, column, message: TOO_DEEP },
        mayRunAsRoot('after', 20),
      ]);
    });
  }

  it('block maps nested 10,000 levels (one space of indent each)', async () => {
    let text = '';
    for (let i = 0; i < 10_000; i++) text += `${' '.repeat(i)}k:\n`;
    const result = await lintString(text, { ...ONLY_RUN_AS_NON_ROOT, maxFileSize: 100 * 1024 * 1024 });
    expect(result.messages.map(brief)).toEqual([{ ruleId: null, messageId: 'tooDeep', line: MAX_DEPTH + 1, column: MAX_DEPTH + 1, message: TOO_DEEP }]);
  });

  it('every default check (schema included) runs on a document nested exactly MAX_DEPTH levels without an internal error', async () => {
    // Pod map, spec, containers, container: 4 levels; env adds a sequence and a map: 6.
    const nested = (n: number) => `${'['.repeat(n)}1${']'.repeat(n)}`;
    const text = `${pod('deep')}    args: ${nested(MAX_DEPTH - 4)}\n    env: [{name: X, value: ${nested(MAX_DEPTH - 6)}}]\n`;
    const [result] = await lintFiles([write('deep/pod.yaml', text)], { cwd: dir, root: false });
    expect(result.messages.filter((m) => m.messageId === 'internalError' || m.ruleId === null)).toEqual([]);
    expect(result.messages.some((m) => m.ruleId === 'run-as-non-root')).toBe(true);
  });

  it('nesting built through aliases is bounded too', () => {
    let text = `a0: &a0 ${'['.repeat(200)}${']'.repeat(200)}\n`;
    text += `a1: &a1 ${'['.repeat(100)}*a0${']'.repeat(100)}\n`;
    const file = parseText(text, 'x.yaml');
    expect(file.messages.map((m) => [m.messageId, m.line])).toEqual([['tooDeep', 2]]);
  });
});

describe('size', () => {
  it(`a 50 MB file gets one diagnostic (limit ${DEFAULT_MAX_FILE_SIZE / 1024 / 1024} MiB) and the other files are still linted`, async () => {
    const big = path.join(dir, 'size', 'big.yaml');
    fs.mkdirSync(path.dirname(big), { recursive: true });
    const fd = fs.openSync(big, 'w');
    const chunk = `${pod('big').replace('name: big', 'name: big-x')}---\n`.repeat(1000);
    for (let written = 0; written < 50 * 1024 * 1024; written += chunk.length) fs.writeSync(fd, chunk);
    fs.closeSync(fd);
    fs.truncateSync(big, 50 * 1024 * 1024);
    write('size/good.yaml', pod('good'));
    const results = await lintFiles([path.dirname(big)], { cwd: dir, ...ONLY_RUN_AS_NON_ROOT });
    expect(results.map((r) => [path.basename(r.filePath), r.messages.map(brief)])).toEqual([
      [
        'big.yaml',
        [
          {
            ruleId: null,
            messageId: 'tooLarge',
            line: 1,
            column: 1,
            message: 'File too large: 50 MiB, over the 10 MiB limit, so it was not parsed; split it, or raise the limit with --max-file-size',
          },
        ],
      ],
      ['good.yaml', [mayRunAsRoot('good', 8)]],
    ]);
  });

  it('maxFileSize raises or lowers the limit, for files and for text', async () => {
    const file = write('size2/pods.yaml', `${pod('a')}---\n${pod('b')}`);
    expect((await lintOne(file, { ...ONLY_RUN_AS_NON_ROOT, maxFileSize: 100 })).messages.map((m) => m.messageId)).toEqual(['tooLarge']);
    expect((await lintOne(file, { ...ONLY_RUN_AS_NON_ROOT, maxFileSize: 1000 })).messages.map((m) => m.messageId)).toEqual(['mayRunAsRoot', 'mayRunAsRoot']);
    expect((await lintString(pod('a'), { ...ONLY_RUN_AS_NON_ROOT, maxFileSize: 100 })).messages.map((m) => m.messageId)).toEqual(['tooLarge']);
  });

  it('a 1,000,000-character line: positions after it are right', async () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: long}\ndata:\n  k: ${'x'.repeat(1_000_000)}\n---\n${pod('after')}`;
    const result = await lintString(text);
    expect(result.messages.map(brief)).toEqual([mayRunAsRoot('after', 14)]);
  });

  it('100,000 tiny documents in one file are all read (linear time; see docs/robustness.md for the measure)', async () => {
    const text = Array.from({ length: 100_000 }, (_, i) => `k: ${i}\n`).join('---\n');
    const file = parseText(text, 'many.yaml');
    expect(file.messages).toEqual([]);
    expect(file.documents.length).toBe(100_000);
    expect(file.documents[99_999].value).toEqual({ k: 99_999 });
    const result = await lintString(`${text}---\n${pod('last')}`);
    expect(result.messages.map(brief)).toEqual([mayRunAsRoot('last', 200_000 + 8)]);
  });

  it('a map of 50,000 keys and 50,000 anchors with aliases is read (no quadratic duplicate-key or alias lookup)', () => {
    const text = Array.from({ length: 50_000 }, (_, i) => `a${i}: &x${i} ${i}\nb${i}: *x${i}\n`).join('');
    const file = parseText(text, 'wide.yaml');
    expect(file.messages).toEqual([]);
    expect((file.documents[0].value as Record<string, number>).b49999).toBe(49_999);
  });
});

describe('many unclosed quotes', () => {
  it('2,000 documents with an unclosed quote, each followed by a good Pod: every quote reported, every Pod linted', async () => {
    const parts: string[] = [];
    for (let i = 0; i < 2000; i++) parts.push(`apiVersion: v1\nkind: ConfigMap\ndata:\n  k: "open ${i}\n`, pod(`p${i}`));
    const result = await lintString(parts.join('---\n'));
    const quotes = result.messages.filter((m) => m.messageId === 'MISSING_CHAR');
    const pods = result.messages.filter((m) => m.messageId === 'mayRunAsRoot');
    expect(quotes).toHaveLength(2000);
    expect(pods).toHaveLength(2000);
    // Each part is 4 + 1 + 9 + 1 lines: the quote of part i opens on line 15 * i + 4, column 6; its Pod's finding is on 15 * i + 13.
    expect(quotes.every((m, i) => m.line === 15 * i + 4 && m.column === 6)).toBe(true);
    expect(pods.every((m, i) => m.line === 15 * i + 13 && m.message.startsWith(`Pod "p${i}" `))).toBe(true);
  });
});

describe('bytes and encodings', () => {
  const expectPodFinding = async (file: string, line = 8, column = 5) => {
    const result = await lintOne(file);
    expect(result.messages.map(brief)).toEqual([mayRunAsRoot('p', line, column)]);
    return result;
  };

  it('a binary file named .yaml', async () => {
    const file = write('enc/image.yaml', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]));
    expect((await lintOne(file)).messages.map(brief)).toEqual([
      {
        ruleId: null,
        messageId: 'binary',
        line: 1,
        column: 1,
        message: 'Parsing error: binary file (it holds a NUL byte); kubeward reads YAML and JSON text only',
      },
    ]);
  });

  it('invalid UTF-8, at the exact line and column of the first bad byte', async () => {
    const file = write(
      'enc/latin1.yaml',
      Buffer.concat([Buffer.from('apiVersion: v1\nkind: ConfigMap\ndata:\n  k: caf'), Buffer.from([0xe9]), Buffer.from('\n')]),
    );
    expect((await lintOne(file)).messages.map(brief)).toEqual([
      { ruleId: null, messageId: 'encoding', line: 4, column: 9, message: 'Parsing error: the file is not valid UTF-8; save it as UTF-8' },
    ]);
  });

  it('UTF-8 with a byte order mark: columns count from after the mark', async () => {
    await expectPodFinding(write('enc/bom.yaml', `\uFEFF${pod('p')}`));
  });

  it('UTF-16 LE with a byte order mark', async () => {
    await expectPodFinding(write('enc/utf16le.yaml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(pod('p'), 'utf16le')])));
  });

  it('UTF-16 BE with a byte order mark', async () => {
    const le = Buffer.from(pod('p'), 'utf16le');
    await expectPodFinding(write('enc/utf16be.yaml', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(le).swap16()])));
  });

  it('CRLF line endings: exact start and end positions', async () => {
    const result = await expectPodFinding(write('enc/crlf.yaml', pod('p').replace(/\n/g, '\r\n')));
    expect(result.messages[0]).toMatchObject({ line: 8, column: 5, endLine: 8, endColumn: 14 });
  });

  it('mixed CRLF and LF line endings: exact positions', async () => {
    const lines = pod('p').split('\n');
    const text = lines
      .map((l, i) => (i % 2 ? `${l}\r\n` : `${l}\n`))
      .join('')
      .replace(/\r?\n$/, '\n');
    const result = await expectPodFinding(write('enc/mixed.yaml', `# comment\r\n${text}`), 9);
    expect(result.messages[0]).toMatchObject({ endLine: 9, endColumn: 14 });
    const broken = await lintString('a: 1\r\nb:\r\n\tc: 2\n');
    expect(broken.messages.map((m) => [m.messageId, m.line, m.column])).toEqual([['TAB_AS_INDENT', 3, 1]]);
  });
});

describe('files that are not files', () => {
  it('a FIFO named .yaml is refused at once (never waits for a writer), the good file next to it is linted', async () => {
    const fifo = path.join(dir, 'special', 'pipe.yaml');
    fs.mkdirSync(path.dirname(fifo), { recursive: true });
    execFileSync('mkfifo', [fifo]);
    write('special/good.yaml', pod('good'));
    const results = await lintFiles([path.dirname(fifo)], { cwd: dir, ...ONLY_RUN_AS_NON_ROOT });
    expect(results.map((r) => [path.basename(r.filePath), r.messages.map(brief)])).toEqual([
      ['good.yaml', [mayRunAsRoot('good', 8)]],
      [
        'pipe.yaml',
        [
          {
            ruleId: null,
            messageId: 'unreadable',
            line: 1,
            column: 1,
            message: 'Cannot read file: a FIFO, not a regular file; kubeward reads regular files only',
          },
        ],
      ],
    ]);
  });

  it('a link to a device (/dev/zero, endless) is refused', async () => {
    const link = path.join(dir, 'special2', 'zero.yaml');
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync('/dev/zero', link);
    expect(readAndParse(link).messages.map((m) => m.message)).toEqual(['Cannot read file: a device, not a regular file; kubeward reads regular files only']);
  });

  it('dangling links, link loops, links to folders and folder link loops: each reported once, good files linted', async () => {
    const root = path.join(dir, 'links');
    write('links/good.yaml', pod('good'));
    write('links/real.yaml', pod('real'));
    fs.symlinkSync('real.yaml', path.join(root, 'alias.yaml'));
    fs.symlinkSync('nowhere.yaml', path.join(root, 'dangling.yaml'));
    fs.symlinkSync('loop-b.yaml', path.join(root, 'loop-a.yaml'));
    fs.symlinkSync('loop-a.yaml', path.join(root, 'loop-b.yaml'));
    fs.mkdirSync(path.join(root, 'sub'));
    fs.symlinkSync('..', path.join(root, 'sub', 'up'));
    fs.symlinkSync('.', path.join(root, 'sub', 'folder.yaml'));
    const results = await lintFiles([root], { cwd: dir, ...ONLY_RUN_AS_NON_ROOT });
    const unreadable = (reason: string) => [{ ruleId: null, messageId: 'unreadable', line: 1, column: 1, message: `Cannot read file: ${reason}` }];
    expect(results.map((r) => [path.relative(root, r.filePath), r.messages.map(brief)])).toEqual([
      ['alias.yaml', [mayRunAsRoot('real', 8)]],
      ['dangling.yaml', unreadable('no such file (a dangling symbolic link?)')],
      ['good.yaml', [mayRunAsRoot('good', 8)]],
      ['loop-a.yaml', unreadable('symbolic link loop')],
      ['loop-b.yaml', unreadable('symbolic link loop')],
      ['real.yaml', [mayRunAsRoot('real', 8)]],
      [path.join('sub', 'folder.yaml'), unreadable('is a folder (kubeward does not follow links to folders)')],
    ]);
  });
});

describe('file names', () => {
  it("names with newlines, colons, `::` and spaces are linted like any other (escaping them is the reporters' job)", async () => {
    const name = 'we ird\n::error file=x::forged:1.yaml';
    write(`names/${name}`, pod('named'));
    const results = await lintFiles([path.join(dir, 'names')], { cwd: dir, ...ONLY_RUN_AS_NON_ROOT });
    expect(results.map((r) => [path.basename(r.filePath), r.messages.map(brief)])).toEqual([[name, [mayRunAsRoot('named', 8)]]]);
  });
});

describe('permission denied', () => {
  it('a folder that cannot be listed is reported, not skipped (simulated: an injected readdir fails with EACCES)', async () => {
    // Tests here run as root, for whom chmod denies nothing; the kernel path is covered by the test below when not root.
    write('perm/ok/good.yaml', pod('good'));
    write('perm/locked/hidden.yaml', pod('hidden'));
    const locked = path.join(dir, 'perm', 'locked');
    const denyingFs = {
      ...fs,
      readdir: (...args: any[]) => {
        const callback = args.pop();
        if (path.resolve(String(args[0])) === locked) {
          callback(Object.assign(new Error(`EACCES: permission denied, scandir '${locked}'`), { code: 'EACCES' }));
          return;
        }
        (fs.readdir as any)(...args, callback);
      },
      // The walk lists folders synchronously (src/walk.ts): deny that too.
      readdirSync: (...args: any[]) => {
        if (path.resolve(String(args[0])) === locked) throw Object.assign(new Error(`EACCES: permission denied, scandir '${locked}'`), { code: 'EACCES' });
        return (fs.readdirSync as any)(...args);
      },
    } as unknown as typeof fs;
    const walked = await walk([path.join(dir, 'perm')], { cwd: dir, fs: denyingFs });
    expect(walked.files.map((f) => path.relative(dir, f))).toEqual([path.join('perm', 'ok', 'good.yaml')]);
    expect(walked.unreadable).toEqual([{ path: locked, reason: 'permission denied' }]);
  });

  it.skipIf(isRoot)('a real unreadable folder and file (chmod 000) are reported with exit-worthy fatal errors', async () => {
    write('perm2/good.yaml', pod('good'));
    const lockedFile = write('perm2/secret.yaml', pod('secret'));
    const lockedDir = path.join(dir, 'perm2', 'closed');
    write('perm2/closed/x.yaml', pod('x'));
    fs.chmodSync(lockedFile, 0);
    fs.chmodSync(lockedDir, 0);
    const results = await lintFiles([path.join(dir, 'perm2')], { cwd: dir, ...ONLY_RUN_AS_NON_ROOT });
    expect(results.map((r) => [path.basename(r.filePath), r.messages.map((m) => m.message)])).toEqual([
      ['closed', ['Cannot read folder: permission denied']],
      ['good.yaml', [mayRunAsRoot('good', 8).message]],
      ['secret.yaml', ['Cannot read file: permission denied']],
    ]);
  });
});

describe('wrong line endings never move positions outside the text', () => {
  it('lone CR characters (old Mac) are not line breaks for YAML; positions stay inside the text', async () => {
    const text = pod('p').replace(/\n/g, '\r');
    const result = await lintString(text);
    expect(positionProblems(text, result)).toEqual([]);
  });
});

describe('positions found wrong by the fuzz test (regressions)', () => {
  it('lines are counted from the text, not from the parser (it skips line breaks inside error tokens)', async () => {
    const result = await lintString('*bkind: List\nitems:\n');
    // The error token spans "List\nitems"; the parser's line callback missed that line break (it said 1:19).
    expect(result.messages.map((m) => [m.messageId, m.line, m.column, m.endLine, m.endColumn])).toEqual([['UNEXPECTED_TOKEN', 1, 9, 2, 6]]);
  });

  it('an error the yaml package places past the end of the text is pulled back inside it', async () => {
    const result = await lintString('[');
    expect(result.messages.map((m) => [m.messageId, m.line, m.column, m.endLine, m.endColumn])).toEqual([['MISSING_CHAR', 1, 2, 1, 2]]);
  });
});

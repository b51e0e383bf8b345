/**
 * The real GitOps corpus and every hostile fixture (committed and generated) linted together in one run: the exit
 * code is 1, each bad file is reported exactly once with the same diagnostics as when linted alone, and every
 * finding of the good files is still there, exactly as when the corpus is linted alone.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/cli.js';
import { lintFiles } from '../../src/engine/index.js';
import type { LintResult } from '../../src/shared/types.js';
import { FIXTURES, pod, shapeProblems, tempDir } from './helpers.js';

const CORPUS = '/work/shared/corpus/gitops';

describe.skipIf(!fs.existsSync(CORPUS))('the gitops corpus plus all hostile fixtures in one run', () => {
  let dir: string;
  let hostile: string;
  beforeAll(() => {
    dir = tempDir();
    hostile = path.join(dir, 'hostile');
    fs.cpSync(FIXTURES, hostile, { recursive: true });
    const put = (name: string, content: string | Uint8Array) => fs.writeFileSync(path.join(hostile, name), content);
    put('gen-binary.yaml', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
    put('gen-latin1.yaml', Buffer.from([0x61, 0x3a, 0x20, 0xe9, 0x0a]));
    put('gen-utf16.yaml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(pod('utf16'), 'utf16le')]));
    put('gen-crlf.yaml', pod('crlf').replace(/\n/g, '\r\n'));
    put('gen-deep.yaml', `${'- '.repeat(10_000)}x\n---\n${pod('after-deep')}`);
    put('gen-big.yaml', `# ${'x'.repeat(11 * 1024 * 1024)}\n`);
    execFileSync('mkfifo', [path.join(hostile, 'gen-fifo.yaml')]);
    fs.symlinkSync('missing.yaml', path.join(hostile, 'gen-dangling.yaml'));
    fs.symlinkSync('gen-loop-b.yaml', path.join(hostile, 'gen-loop-a.yaml'));
    fs.symlinkSync('gen-loop-a.yaml', path.join(hostile, 'gen-loop-b.yaml'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const options = () => ({ cwd: dir, root: false as const });
  const byPath = (results: LintResult[]) => new Map(results.map((r) => [r.filePath, r]));

  it('reports each bad file once, keeps every finding of the good files, and exits 1', async () => {
    const together = await lintFiles([CORPUS, hostile], options());
    const corpusAlone = byPath(await lintFiles([CORPUS], options()));
    const hostileAlone = byPath(await lintFiles([hostile], options()));

    // One result per file, no file lost, none twice.
    const paths = together.map((r) => r.filePath);
    expect(new Set(paths).size).toBe(paths.length);
    expect(paths.sort()).toEqual([...corpusAlone.keys(), ...hostileAlone.keys()].sort());
    for (const result of together) expect(shapeProblems(result), result.filePath).toEqual([]);

    const bad = together.filter((r) => r.fatalErrorCount > 0).map((r) => path.basename(r.filePath));
    expect(bad.sort()).toEqual(
      [
        ...fs.readdirSync(FIXTURES).filter((f) => f.startsWith('syntax-') || f.startsWith('alias-')),
        'custom-tags.yaml',
        'duplicate-keys.yaml',
        'gen-big.yaml',
        'gen-binary.yaml',
        'gen-dangling.yaml',
        'gen-deep.yaml',
        'gen-fifo.yaml',
        'gen-latin1.yaml',
        'gen-loop-a.yaml',
        'gen-loop-b.yaml',
      ].sort(),
    );
    // The corpus itself parses cleanly, and its findings are exactly those of the corpus linted alone.
    const strip = (r: LintResult) => r.messages.map((m) => [m.ruleId, m.messageId, m.line, m.column, m.message]);
    let findings = 0;
    for (const result of together) {
      const alone = corpusAlone.get(result.filePath) ?? hostileAlone.get(result.filePath)!;
      expect(strip(result), result.filePath).toEqual(strip(alone));
      if (corpusAlone.has(result.filePath)) findings += result.messages.length;
    }
    expect(findings).toBeGreaterThan(0);
    // Documents after a broken one still produce findings in the combined run.
    const deep = together.find((r) => r.filePath.endsWith('gen-deep.yaml'))!;
    expect(deep.messages.map((m) => m.messageId)).toContain('mayRunAsRoot');

    const { code } = await runCli([CORPUS, hostile]);
    expect(code).toBe(1);
  });
});

async function runCli(args: string[]) {
  let stdout = '';
  const code = await run(['--no-config', '--format', 'json', ...args], {
    stdout: (s) => void (stdout += s),
    stderr: () => undefined,
    stdin: async () => '',
    isTTY: false,
    env: {},
    cwd: path.dirname(CORPUS),
  });
  return { code, stdout };
}

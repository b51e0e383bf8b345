import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checks } from '../../checks/index.js';
import { HELP, run } from '../../src/cli/cli.js';
import { VERSION } from '../../src/shared/version.js';
import { rootPod, tempTree } from './helpers.js';

const repo = path.resolve(__dirname, '../..');
const cliJs = path.join(repo, 'dist/src/cli/cli.js');

async function cli(args: string[], opts: { cwd?: string; stdin?: string | Uint8Array; env?: NodeJS.ProcessEnv; isTTY?: boolean } = {}) {
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    stdin: async () => opts.stdin ?? '',
    isTTY: opts.isTTY ?? false,
    env: opts.env ?? {},
    cwd: opts.cwd ?? repo,
  });
  return { code, stdout, stderr };
}

/** Every check off but the ones named, so these tests do not move when the catalogue grows. */
const only = (...rules: string[]) => [
  ...['schema', ...checks.map((c) => c.meta.id)].flatMap((id) => ['--rule', `${id}:off`]),
  ...rules.flatMap((r) => ['--rule', r]),
];

describe('kubeward CLI', () => {
  const dir = tempTree({ 'root.yaml': rootPod('r'), 'plain.yaml': 'key: value\n' });

  it('exits 1 with stylish output when there are errors', async () => {
    const { code, stdout } = await cli([...only('run-as-non-root:error'), 'root.yaml'], { cwd: dir });
    expect(code).toBe(1);
    expect(stdout).toBe(
      `\n${path.join(dir, 'root.yaml')}\n  9:7  error  Pod "r" container "app" may run as root: neither the container nor the pod sets securityContext.runAsNonRoot: true or a non-zero runAsUser  run-as-non-root\n\n✖ 1 problem (1 error, 0 warnings)\n  1 error and 0 warnings potentially fixable with the \`--fix\` option.\n`,
    );
  });

  it('exits 0 and prints nothing when clean', async () => {
    expect(await cli(['plain.yaml'], { cwd: dir })).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('exits 0 with warnings, and 1 when --max-warnings is exceeded', async () => {
    const args = [...only('run-as-non-root:warn'), 'root.yaml'];
    expect((await cli(args, { cwd: dir })).code).toBe(0);
    expect((await cli([...args, '--max-warnings', '1'], { cwd: dir })).code).toBe(0);
    const over = await cli([...args, '--max-warnings', '0'], { cwd: dir });
    expect(over.code).toBe(1);
    expect(over.stderr).toBe('kubeward found too many warnings (maximum: 0).\n');
  });

  it('drops warnings with --quiet', async () => {
    const { code, stdout } = await cli([...only('run-as-non-root:warn'), '--quiet', 'root.yaml'], { cwd: dir });
    expect(code).toBe(0);
    expect(stdout).toBe('');
  });

  it('exits 2 on usage errors', async () => {
    expect(await cli(['--nope'], { cwd: dir })).toMatchObject({ code: 2, stderr: expect.stringContaining("Unknown option '--nope'") });
    expect(await cli(['missing.yaml'], { cwd: dir })).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'kubeward: No files matching the pattern "missing.yaml" were found.\nPlease check for typing mistakes in the pattern (kubeward lints .yaml, .yml and .json files; --no-error-on-unmatched-pattern lets a run with no such files pass).\n',
    });
    expect((await cli(['--max-warnings', 'many', 'root.yaml'], { cwd: dir })).code).toBe(2);
    expect((await cli(['--rule', 'no-such-check:error', 'root.yaml'], { cwd: dir })).stderr).toBe(
      'kubeward: --rule.no-such-check: unknown check "no-such-check" (kubeward --list-checks lists them)\n',
    );
    expect((await cli(['--rule', 'run-as-non-root:loud', 'root.yaml'], { cwd: dir })).code).toBe(2);
    expect((await cli(['--format', 'no-such-formatter', 'root.yaml'], { cwd: dir })).stderr).toContain('eslint-formatter-no-such-formatter');
  });

  it('prints help and version', async () => {
    expect(await cli(['--help'])).toEqual({ code: 0, stdout: `${HELP}\n`, stderr: '' });
    expect(await cli(['-v'])).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
    expect(VERSION).toBe(JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')).version);
  });

  it('reads standard input, shown under --stdin-filename', async () => {
    const { code, stdout } = await cli([...only('run-as-non-root:error'), '--format', 'json', '--stdin-filename', 'chart/web.yaml', '-'], {
      cwd: dir,
      stdin: rootPod('in'),
    });
    expect(code).toBe(1);
    const results = JSON.parse(stdout);
    expect(results).toHaveLength(1);
    expect(results[0].filePath).toBe(path.join(dir, 'chart/web.yaml'));
    expect(results[0].messages[0]).toMatchObject({ ruleId: 'run-as-non-root', line: 9, column: 7 });
  });

  it('reads standard input as bytes: UTF-16, invalid UTF-8 and binary are reported, not mangled', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(rootPod('u16'), 'utf16le')]);
    const asUtf16 = await cli([...only('run-as-non-root:error'), '-f', 'json', '-'], { cwd: dir, stdin: utf16 as never });
    expect(JSON.parse(asUtf16.stdout)[0]).toMatchObject({ filePath: '<stdin>', messages: [{ ruleId: 'run-as-non-root', line: 9, column: 7 }] });
    const bad = await cli(['-f', 'json', '-'], { cwd: dir, stdin: Buffer.from([0x61, 0x3a, 0x20, 0xff, 0x0a]) as never });
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)[0].messages[0]).toMatchObject({
      ruleId: null,
      fatal: true,
      line: 1,
      column: 4,
      message: 'Parsing error: the file is not valid UTF-8; save it as UTF-8',
    });
  });

  it('prints the LintResult array with --format json', async () => {
    const { stdout } = await cli([...only('run-as-non-root:error'), '-f', 'json', 'root.yaml', 'plain.yaml'], { cwd: dir });
    const results = JSON.parse(stdout);
    expect(results.map((r: { filePath: string }) => path.basename(r.filePath))).toEqual(['plain.yaml', 'root.yaml']);
    for (const r of results) {
      expect(Object.keys(r)).toEqual(
        expect.arrayContaining([
          'filePath',
          'messages',
          'suppressedMessages',
          'errorCount',
          'fatalErrorCount',
          'warningCount',
          'fixableErrorCount',
          'fixableWarningCount',
        ]),
      );
    }
    expect(results[1].messages[0]).toMatchObject({
      ruleId: 'run-as-non-root',
      severity: 2,
      messageId: 'mayRunAsRoot',
      line: 9,
      column: 7,
      endLine: 9,
      endColumn: 22,
    });
  });

  it('writes the report to --output-file', async () => {
    const out = path.join(dir, 'reports', 'kubeward.json');
    const { code, stdout } = await cli([...only('run-as-non-root:error'), '-f', 'json', '-o', out, 'root.yaml'], { cwd: dir });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(JSON.parse(fs.readFileSync(out, 'utf8'))[0].errorCount).toBe(1);
  });

  it('colours on a terminal, never with NO_COLOR or --no-color, always with --color', async () => {
    const args = [...only('run-as-non-root:error'), 'root.yaml'];
    expect((await cli(args, { cwd: dir, isTTY: true })).stdout).toContain('\u001b[31merror\u001b[39m');
    expect((await cli(args, { cwd: dir, isTTY: true, env: { NO_COLOR: '1' } })).stdout).not.toContain('\u001b[');
    expect((await cli([...args, '--no-color'], { cwd: dir, isTTY: true })).stdout).not.toContain('\u001b[');
    expect((await cli([...args, '--color'], { cwd: dir })).stdout).toContain('\u001b[4m');
  });

  it('exits 2 when a folder holds no manifests (ESLint message), 0 with --no-error-on-unmatched-pattern', async () => {
    const empty = tempTree({ 'README.md': '# nothing' });
    expect(await cli(['.'], { cwd: empty })).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'kubeward: No files matching the pattern "." were found.\nPlease check for typing mistakes in the pattern (kubeward lints .yaml, .yml and .json files; --no-error-on-unmatched-pattern lets a run with no such files pass).\n',
    });
    expect(await cli(['--no-error-on-unmatched-pattern', '.'], { cwd: empty })).toEqual({
      code: 0,
      stdout: '',
      stderr: 'kubeward: no YAML or JSON files found in "."\n',
    });
  });

  it('runs as a real process: stdin, exit code, output', () => {
    expect(fs.existsSync(cliJs), 'run `npm run build` first').toBe(true);
    const res = spawnSync(process.execPath, [cliJs, ...only('run-as-non-root:error'), '-', '--stdin-filename', 'x.yaml'], {
      cwd: dir,
      input: rootPod('proc'),
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(res.status).toBe(1);
    expect(res.stdout).toContain('9:7  error  Pod "proc" container "app" may run as root');
    expect(res.stderr).toBe('');
  });
});

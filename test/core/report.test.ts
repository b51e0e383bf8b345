import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { json } from '../../src/report/json.js';
import { formatterPackageName, loadFormatter } from '../../src/report/index.js';
import { stylish } from '../../src/report/stylish.js';
import type { LintResult } from '../../src/shared/types.js';
import type { FormatterContext } from '../../src/report/index.js';
import { UsageError } from '../../src/read/walk.js';
import { tempTree } from './helpers.js';

const repo = path.resolve(__dirname, '../..');

function result(filePath: string, messages: LintResult['messages'], extra: Partial<LintResult> = {}): LintResult {
  return {
    filePath,
    messages,
    suppressedMessages: [],
    errorCount: messages.filter((m) => m.severity === 2).length,
    fatalErrorCount: messages.filter((m) => m.fatal).length,
    warningCount: messages.filter((m) => m.severity === 1).length,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
    ...extra,
  };
}

const results: LintResult[] = [
  result('/repo/apps/web.yaml', [
    { ruleId: 'run-as-non-root', severity: 2, message: 'Deployment "web" container "app" may run as root.', line: 9, column: 11 },
    { ruleId: 'image-tag', severity: 1, message: 'Image has no tag', line: 12, column: 18 },
    { ruleId: null, fatal: true, severity: 2, message: 'Parsing error: Unexpected end', line: 104, column: 3 },
  ]),
  result('/repo/apps/clean.yaml', []),
  result('/repo/chart/t.yaml', [], { notices: [{ ruleId: null, severity: 0, message: 'Helm or Go template passed over', line: 2, column: 9 }] }),
];
const ctx = (color: boolean): FormatterContext => ({ cwd: '/repo', color, rulesMeta: {} });

describe('stylish', () => {
  it('prints ESLint stylish output byte for byte', () => {
    expect(stylish(results, ctx(false))).toBe(
      [
        '',
        '/repo/apps/web.yaml',
        '    9:11  error    Deployment "web" container "app" may run as root  run-as-non-root',
        '   12:18  warning  Image has no tag                                  image-tag',
        '  104:3   error    Parsing error: Unexpected end',
        '',
        '/repo/chart/t.yaml',
        '  2:9  info  Helm or Go template passed over',
        '',
        '✖ 3 problems (2 errors, 1 warning)',
        '',
      ].join('\n'),
    );
  });

  it('colours like ESLint', () => {
    const out = stylish([results[0]], ctx(true)) as string;
    expect(out.startsWith('\u001b[0m\n\u001b[4m/repo/apps/web.yaml\u001b[24m\n')).toBe(true);
    expect(out).toContain('\u001b[2m9:11\u001b[22m  \u001b[31merror\u001b[39m');
    expect(out).toContain('\u001b[31m\u001b[1m✖ 3 problems (2 errors, 1 warning)\n\u001b[22m\u001b[39m');
  });

  it('prints the fixable line, and nothing at all for clean results', () => {
    const fixable = result('/f.yaml', [{ ruleId: 'x', severity: 1, message: 'm', line: 1, column: 1 }], { fixableWarningCount: 1 });
    expect(stylish([fixable], ctx(false))).toBe(
      '\n/f.yaml\n  1:1  warning  m  x\n\n✖ 1 problem (0 errors, 1 warning)\n  0 errors and 1 warning potentially fixable with the `--fix` option.\n',
    );
    expect(stylish([result('/c.yaml', [])], ctx(false))).toBe('');
  });

  it('is read by the $eslint-stylish problem matcher pattern', () => {
    const line = (stylish([results[0]], ctx(false)) as string).split('\n')[2];
    // VS Code's $eslint-stylish: ^\s+(\d+):(\d+)\s+(error|warning|info)\s+(.*)\s\s+(.*)$
    expect(line.match(/^\s+(\d+):(\d+)\s+(error|warning|info)\s+(.*)\s\s+(.*)$/)?.slice(1)).toEqual([
      '9',
      '11',
      'error',
      'Deployment "web" container "app" may run as root',
      'run-as-non-root',
    ]);
  });
});

describe('json', () => {
  it('is the results array exactly', () => {
    expect(JSON.parse(json(results, ctx(false)) as string)).toEqual(results);
  });
});

describe('loading formatters', () => {
  it('maps names to eslint-formatter packages as ESLint does', () => {
    expect(formatterPackageName('compact')).toBe('eslint-formatter-compact');
    expect(formatterPackageName('eslint-formatter-compact')).toBe('eslint-formatter-compact');
    expect(formatterPackageName('@acme')).toBe('@acme/eslint-formatter');
    expect(formatterPackageName('@acme/pretty')).toBe('@acme/eslint-formatter-pretty');
  });

  it('loads the real eslint-formatter-compact package by its package name', async () => {
    const compact = await loadFormatter('eslint-formatter-compact', repo);
    expect(await compact([results[0]], ctx(false))).toBe(
      '/repo/apps/web.yaml: line 9, col 11, Error - Deployment "web" container "app" may run as root. (run-as-non-root)\n' +
        '/repo/apps/web.yaml: line 12, col 18, Warning - Image has no tag (image-tag)\n' +
        '/repo/apps/web.yaml: line 104, col 3, Error - Parsing error: Unexpected end\n\n3 problems',
    );
  });

  it('the built-in compact prints what the real eslint-formatter-compact package prints', async () => {
    const real = await loadFormatter('eslint-formatter-compact', repo);
    const builtin = await loadFormatter('compact', repo);
    const withoutNotices = results.map((r) => ({ ...r, notices: undefined }));
    expect(await builtin(withoutNotices, ctx(false))).toBe(await real(withoutNotices, ctx(false)));
    expect(await builtin([], ctx(false))).toBe(await real([], ctx(false)));
  });

  it('loads scoped packages and files, with the ESLint context', async () => {
    const dir = tempTree({
      'node_modules/@acme/eslint-formatter-count/package.json': JSON.stringify({ name: '@acme/eslint-formatter-count', main: 'index.js' }),
      'node_modules/@acme/eslint-formatter-count/index.js':
        'module.exports = (results, ctx) => `${results.length} ${ctx.cwd} ${Object.keys(ctx.rulesMeta).length}`;',
      'my-formatter.mjs': 'export default (results) => `files: ${results.length}`;',
      'broken.mjs': 'export const x = 1;',
    });
    const scoped = await loadFormatter('@acme/count', dir);
    expect(await scoped(results, { cwd: dir, color: false, rulesMeta: { a: {} } })).toBe(`3 ${dir} 1`);
    expect(await (await loadFormatter('./my-formatter.mjs', dir))(results, ctx(false))).toBe('files: 3');
    await expect(loadFormatter('./broken.mjs', dir)).rejects.toThrow(UsageError);
    await expect(loadFormatter('./absent.js', dir)).rejects.toThrow('does not exist');
    fs.rmSync(dir, { recursive: true });
  });
});

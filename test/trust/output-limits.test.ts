/**
 * Linear in the input, and every report printable (issue #14): positions are looked up by index (a ConfigMap whose
 * 10,050 values each break the schema), a check reports at most 10,000 messages on a file and counts the rest in one
 * last message, a 1 MB name is quoted as a bounded excerpt, text formats cap their output with "N more messages not
 * shown", and an internal error is one message for the file it hit while every other file is still reported.
 * Behaviour only: the timings are in docs/robustness.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import runAsNonRoot from '../../checks/run-as-non-root/index.js';
import type { Check } from '../../src/check-api.js';
import { MAX_MESSAGES_PER_CHECK } from '../../src/check/run.js';
import { lintFiles, lintText } from '../../src/engine/index.js';
import { loadFormatter, type FormatterContext } from '../../src/report/index.js';
import type { LintResult } from '../../src/shared/types.js';
import { cli, CONTROL_BUT_LF, podNamed, startsCommand, tempTree, write } from './helpers.js';

let dir: string;
beforeAll(() => {
  dir = tempTree();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function configMap(values: number): string {
  let text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\n  namespace: trust\ndata:\n';
  for (let i = 0; i < values; i++) text += `  k${i}: ${i}\n`;
  return text;
}

function podWithContainers(count: number, name = 'p'): string {
  let text = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: trust\nspec:\n  containers:\n`;
  for (let i = 0; i < count; i++) text += `  - name: c${i}\n    image: nginx:1.27\n`;
  return text;
}

describe('at most 10,000 messages per check and file, the rest counted', () => {
  it('a ConfigMap with 10,050 numeric values: 10,000 schema errors at their exact lines, then one message for the other 50', async () => {
    expect(MAX_MESSAGES_PER_CHECK).toBe(10_000);
    const [result] = await lintText(configMap(10_050), { root: false, filePath: 'cm.yaml' });
    const schema = result.messages.filter((m) => m.ruleId === 'schema');
    expect(schema).toHaveLength(10_001);
    // Found by index, in order: value i is on line 7 + i, column 6 + the length of its number.
    expect(
      schema
        .slice(0, 10_000)
        .every((m, i) => m.line === 7 + i && m.column === 6 + String(i).length && m.message === `data.k${i} must be a string, got integer ${i}`),
    ).toBe(true);
    expect(schema[10_000]).toEqual({
      ruleId: 'schema',
      severity: 2,
      message:
        '50 more messages of schema on this file not shown: kubeward reports at most 10,000 per check and file; fix the ones shown (the rest are most likely the same problem) and lint again',
      messageId: 'tooManyMessages',
      line: 10_007,
      column: 11,
    });
    expect(result.errorCount).toBe(10_001);
  });

  it('a Pod with 10,050 containers: 10,000 messages of run-as-non-root, then one for the other 50; the next file has all of its own', async () => {
    write(dir, 'many/a.yaml', podWithContainers(10_050));
    write(dir, 'many/b.yaml', podWithContainers(3, 'small'));
    const results = await lintFiles([path.join(dir, 'many')], { checks: [runAsNonRoot], root: false });
    expect(results.map((r) => [path.basename(r.filePath), r.messages.length, r.errorCount])).toEqual([
      ['a.yaml', 10_001, 10_001],
      ['b.yaml', 3, 3],
    ]);
    const last = results[0].messages.at(-1)!;
    expect([last.messageId, last.line, last.column, last.message]).toEqual([
      'tooManyMessages',
      8 + 2 * 10_000,
      5,
      '50 more messages of run-as-non-root on this file not shown: kubeward reports at most 10,000 per check and file; fix the ones shown (the rest are most likely the same problem) and lint again',
    ]);
  });
});

describe('a Pod with a 1 MB name and 100 containers', () => {
  beforeAll(() => {
    write(dir, 'big-name/pod.yaml', podWithContainers(100, 'n'.repeat(1 << 20)));
  });

  for (const format of ['stylish', 'json', 'compact', 'junit', 'checkstyle', 'sarif']) {
    it(`--format ${format}: every finding reported, each quoting at most 256 characters of the name`, async () => {
      const { code, stdout, stderr } = await cli(['--format', format, 'big-name'], dir);
      expect(stderr).toBe('');
      expect(code).toBe(1);
      // 100 containers' worth of findings, none holding more than an excerpt of the name.
      expect(stdout.length).toBeLessThan(2_000_000);
      expect(stdout).not.toContain('n'.repeat(513));
      if (format === 'json') {
        const [result] = JSON.parse(stdout) as LintResult[];
        expect(result.messages.filter((m) => m.ruleId === 'run-as-non-root')).toHaveLength(100);
        expect(result.messages.every((m) => m.message.length <= 2000 && (m.object ?? '').length <= 512)).toBe(true);
      }
    });
  }
});

describe('text formats cap their output', () => {
  const results: LintResult[] = [1, 2, 3].map((n) => ({
    filePath: `/repo/f${n}.yaml`,
    messages: [1, 2].map((line) => ({ ruleId: 'r', severity: 2 as const, message: `message ${n}.${line}`, line, column: 1 })),
    suppressedMessages: [],
    errorCount: 2,
    fatalErrorCount: 0,
    warningCount: 0,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
  }));
  const context: FormatterContext = { cwd: '/repo', root: '/repo', color: false, rulesMeta: {}, maxOutput: 120 };

  it('compact: the lines that fit, then how many were left out, then the total', async () => {
    expect(await (await loadFormatter('compact', '/repo'))(results, context)).toBe(`/repo/f1.yaml: line 1, col 1, Error - message 1.1 (r)
/repo/f1.yaml: line 2, col 1, Error - message 1.2 (r)
4 more messages not shown: the report reached its limit of 120 characters; lint fewer files at a time

6 problems`);
  });

  it('stylish: the files that fit, the count of the rest, and the true totals', async () => {
    expect(await (await loadFormatter('stylish', '/repo'))(results, context)).toBe(`
/repo/f1.yaml
  1:1  error  message 1.1  r
  2:1  error  message 1.2  r

4 more messages not shown: the report reached its limit of 120 characters; lint fewer files at a time

\u2716 6 problems (6 errors, 0 warnings)
`);
  });

  it('checkstyle and junit stay well-formed XML, with the count in a comment', async () => {
    const checkstyle = await (await loadFormatter('checkstyle', '/repo'))(results, { ...context, maxOutput: 300 });
    expect(checkstyle).toContain(
      '<!-- 4 more messages not shown: the report reached its limit of 300 characters; lint fewer files at a time -->\n</checkstyle>\n',
    );
    const junit = await (await loadFormatter('junit', '/repo'))(results, { ...context, maxOutput: 300 });
    expect(junit).toContain(
      '<!-- 5 more messages not shown: the report reached its limit of 300 characters; lint fewer files at a time -->\n</testsuites>\n',
    );
  });
});

describe('an internal error is one message for the file it hit', () => {
  const broken = (id: string, behaviour: 'unknownMessageId' | 'throws'): Check => ({
    meta: { ...runAsNonRoot.meta, id, messages: { known: 'known {{x}}' } },
    *check(resource) {
      if (resource.name !== 'bad') return;
      if (behaviour === 'throws') throw new Error('boom\n::error file=README.md::forged\u001b[2K');
      yield { messageId: 'nope', path: [] };
    },
  });

  it('a check that reports an unknown message id, or throws mid-way: one message each, every other file and check still reported', async () => {
    write(dir, 'internal/bad.yaml', podNamed('bad'));
    write(dir, 'internal/good.yaml', podNamed('good'));
    const results = await lintFiles([path.join(dir, 'internal')], {
      checks: [broken('unknown-id', 'unknownMessageId'), broken('throws', 'throws'), runAsNonRoot],
      root: false,
    });
    expect(results.map((r) => [path.basename(r.filePath), r.messages.map((m) => [m.ruleId, m.messageId, m.line, m.column, m.message])])).toEqual([
      [
        'bad.yaml',
        [
          [
            'throws',
            'internalError',
            1,
            1,
            'Internal error in check "throws" on Pod/trust/bad: boom\\n::error file=README.md::forged\\u001b[2K. Please report it; the other checks still ran',
          ],
          [
            'unknown-id',
            'internalError',
            1,
            1,
            'Internal error in check "unknown-id" on Pod/trust/bad: Check "unknown-id" reported unknown messageId "nope". Please report it; the other checks still ran',
          ],
          ['run-as-non-root', 'mayRunAsRoot', 8, 5, expect.stringContaining('may run as root') as string],
        ],
      ],
      ['good.yaml', [['run-as-non-root', 'mayRunAsRoot', 8, 5, expect.stringContaining('may run as root') as string]]],
    ]);
  });

  it('an error outside the checks (here: a plugin check whose meta.supersedes is not a list) is one fatal message for that file only', async () => {
    write(dir, 'internal-file/bad.yaml', podNamed('bad'));
    write(dir, 'internal-file/good.yaml', podNamed('good'));
    const odd: Check = {
      meta: { ...runAsNonRoot.meta, id: 'odd', messages: { m: 'odd' }, supersedes: { length: 1 } as unknown as Check['meta']['supersedes'] },
      *check(resource) {
        if (resource.name === 'bad') yield { messageId: 'm', path: [] };
      },
    };
    const results = await lintFiles([path.join(dir, 'internal-file')], { checks: [odd, runAsNonRoot], root: false });
    expect(
      results.map((r) => [path.basename(r.filePath), r.errorCount, r.fatalErrorCount, r.messages.map((m) => [m.ruleId, m.messageId, m.fatal, m.message])]),
    ).toEqual([
      [
        'bad.yaml',
        1,
        1,
        [
          [
            null,
            'internalError',
            true,
            expect.stringMatching(/^Internal error while linting this file: .+\. Please report it; the other files were still linted$/) as string,
          ],
        ],
      ],
      ['good.yaml', 1, 0, [['run-as-non-root', 'mayRunAsRoot', undefined, expect.stringContaining('may run as root') as string]]],
    ]);
  });

  it('printed by every text format without a forged line', async () => {
    write(dir, 'internal-cli/bad.yaml', podNamed('bad'));
    const results = await lintFiles([path.join(dir, 'internal-cli')], { checks: [broken('throws', 'throws')], root: false });
    for (const format of ['stylish', 'compact', 'github', 'junit', 'checkstyle']) {
      const output = await (await loadFormatter(format, dir))(results, { cwd: dir, root: dir, color: false, rulesMeta: {} });
      expect(output).toContain('boom\\n::error file=README.md::forged\\u001b[2K');
      expect(output.split('\n').filter((l) => CONTROL_BUT_LF.test(l) || (startsCommand(l) && !l.startsWith('::error file=internal-cli/bad.yaml,')))).toEqual(
        [],
      );
    }
  });
});

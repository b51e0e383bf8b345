/**
 * Output is inert (issue #14): a value of the linted tree (a Pod's name, a key, a tag, a file name) that holds line
 * breaks, GitHub workflow commands or terminal escape sequences is printed by every built-in format with its control
 * characters as visible escapes (`\n`, `\r`, `\u001b`), so no output line starts with `::` and none carries an escape
 * sequence; JSON and SARIF stay valid; messages quote at most a bounded excerpt.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import runAsNonRoot from '../../checks/run-as-non-root/index.js';
import { lintText } from '../../src/engine/index.js';
import { jobSummary } from '../../src/action/action.js';
import { loadFormatter, type FormatterContext } from '../../src/report/index.js';
import { excerpt, inert, MAX_EXCERPT, quote } from '../../src/shared/inert.js';
import type { LintResult } from '../../src/shared/types.js';
import { cli, CONTROL_BUT_LF, FORGED, podNamed, startsCommand, tempTree, write } from './helpers.js';

let dir: string;
beforeAll(() => {
  dir = tempTree();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/**
 * A file name holding `name`: Linux allows every byte but `/` and NUL. (Not a backslash, nor a line break first: the
 * walk reads those names wrongly today, which is the read stage's to fix.)
 */
const fileName = (name: string, i: number) => `f${i}-${name.replace(/[/\\]/g, '_')}.yaml`;

const TEXT_FORMATS = ['stylish', 'compact', 'unix', 'visualstudio', 'github', 'junit', 'checkstyle'];

/** What makes an output forged: a line the runner reads as a command (other than github's own), or a control character. */
function forgeries(format: string, output: string): string[] {
  const problems: string[] = [];
  for (const line of output.split('\n')) {
    if (CONTROL_BUT_LF.test(line)) problems.push(`control character in ${JSON.stringify(line)}`);
    if (!startsCommand(line)) continue;
    // The github format's own lines are commands: exactly one, with a known name, all it printed inside it.
    if (format !== 'github' || !/^::(error|warning|notice) [^:]*(?:%3A[^:]*)*::/.test(line)) problems.push(`command line ${JSON.stringify(line)}`);
  }
  return problems;
}

describe('inert, excerpt and quote', () => {
  it('write every control character as a visible escape, and nothing else', () => {
    expect(inert('a\nb\rc\td\u0000e\u001b[2Kf\u0007g\u007fh\u0085i\u009bj\u2028k\u2029l\u202em\u2066n')).toBe(
      'a\\nb\\rc\\td\\u0000e\\u001b[2Kf\\u0007g\\u007fh\\u0085i\\u009bj\\u2028k\\u2029l\\u202em\\u2066n',
    );
    expect(inert('plain: "quoted" \\n é 日本 😀')).toBe('plain: "quoted" \\n é 日本 😀');
    // Idempotent: what it writes holds no control character.
    expect(inert(inert('\n\u001b'))).toBe('\\n\\u001b');
  });

  it('bound a value with an ellipsis, never cutting an escape or a surrogate pair in two', () => {
    expect(excerpt('a'.repeat(MAX_EXCERPT))).toBe('a'.repeat(MAX_EXCERPT));
    expect(excerpt('a'.repeat(MAX_EXCERPT + 1))).toBe(`${'a'.repeat(MAX_EXCERPT - 1)}…`);
    expect(excerpt('abcdefghij', 6)).toBe('abcde…');
    // `\u001b` would straddle the cut: it goes whole.
    expect(excerpt('abc\u001bdefgh', 6)).toBe('abc…');
    expect(excerpt('ab\ncdefgh', 4)).toBe('ab…');
    // 😀 is two UTF-16 code units: never half of it.
    expect(excerpt('abcd😀efgh', 6)).toBe('abcd…');
    expect(excerpt('a'.repeat(1 << 20)).length).toBe(MAX_EXCERPT);
    expect(quote('x\ny')).toBe('"x\\ny"');
  });
});

describe('every text format prints values inert', () => {
  const context: FormatterContext = { cwd: '/repo', root: '/repo', color: false, rulesMeta: {} };
  let results: LintResult[];
  beforeAll(async () => {
    results = await lintText(podNamed('x\n::error file=README.md,line=1::forged\u001b[2K'), {
      checks: [runAsNonRoot],
      root: false,
      filePath: '/repo/deploy/pod.yaml',
    });
  });
  const message =
    'Pod "x\\n::error file=README.md,line=1::forged\\u001b[2K" container "app" may run as root: neither the container nor the pod sets securityContext.runAsNonRoot: true or a non-zero runAsUser';

  it('the message itself quotes the name with its control characters escaped', () => {
    expect(results[0].messages.map((m) => [m.ruleId, m.line, m.column, m.message, m.object])).toEqual([
      ['run-as-non-root', 8, 5, message, 'Pod/trust/x\\n::error file=README.md,line=1::forged\\u001b[2K'],
    ]);
  });

  const expected: Record<string, string> = {
    stylish: `
/repo/deploy/pod.yaml
  8:5  error  ${message}  run-as-non-root

\u2716 1 problem (1 error, 0 warnings)
  1 error and 0 warnings potentially fixable with the \`--fix\` option.
`,
    compact: `/repo/deploy/pod.yaml: line 8, col 5, Error - ${message} (run-as-non-root)\n\n1 problem`,
    unix: `/repo/deploy/pod.yaml:8:5: ${message} [Error/run-as-non-root]\n\n1 problem`,
    visualstudio: `/repo/deploy/pod.yaml(8,5): error run-as-non-root : ${message}\n\n1 problem`,
    github: `::error file=deploy/pod.yaml,line=8,endLine=8,col=5,endColumn=14,title=kubeward run-as-non-root::${message}%0AHow to fix: ${runAsNonRoot.meta.remediation}\n`,
    junit: `<?xml version="1.0" encoding="utf-8"?>
<testsuites>
<testsuite package="org.kubeward" time="0" tests="1" errors="1" name="deploy/pod.yaml">
<testcase time="0" name="org.kubeward.run-as-non-root" classname="deploy/pod"><failure message="${message.replace(/"/g, '&quot;')}"><![CDATA[line 8, col 5, Error - ${message} (run-as-non-root)
How to fix: ${runAsNonRoot.meta.remediation}]]></failure></testcase>
</testsuite>
</testsuites>
`,
    checkstyle: `<?xml version="1.0" encoding="utf-8"?>
<checkstyle version="4.3">
  <file name="deploy/pod.yaml">
    <error line="8" column="5" severity="error" message="${message.replace(/"/g, '&quot;')} (run-as-non-root)" source="kubeward.rules.run-as-non-root" />
  </file>
</checkstyle>
`,
  };
  for (const format of TEXT_FORMATS) {
    it(`${format}: exactly this, one line per message, no forged command`, async () => {
      const output = await (await loadFormatter(format, '/repo'))(results, context);
      expect(output).toBe(expected[format]);
      expect(forgeries(format, output)).toEqual([]);
    });
  }

  it("the Action's job summary: the message is one table row, its control characters escaped", () => {
    const summary = jobSummary(results, { workspace: '/repo', rulesMeta: {} });
    expect(summary.split('\n').filter((l) => l.startsWith('| error'))).toEqual([
      `| error | deploy/pod.yaml:8:5 | run-as-non-root | Pod "x\\\\n::error file=README.md,line=1::forged\\\\u001b\\[2K" container "app" may run as root: neither the container nor the pod sets securityContext.runAsNonRoot: true or a non-zero runAsUser<br>*How to fix:* ${runAsNonRoot.meta.remediation.replace(/([\\`*_[\]|~#!])/g, '\\$1')} |`,
    ]);
    expect(summary.split('\n').filter((l) => CONTROL_BUT_LF.test(l) || startsCommand(l))).toEqual([]);
  });

  it('a formatter given raw results (a plugin message, an API caller) still escapes them, and file names too', async () => {
    const raw: LintResult[] = [
      {
        filePath: '/repo/a\n::error::b\u001b]0;t\u0007.yaml',
        messages: [{ ruleId: 'x\u001b[31m', severity: 1, message: 'm\r\n::add-mask::s\u009b2K', line: 1, column: 2 }],
        suppressedMessages: [],
        errorCount: 0,
        fatalErrorCount: 0,
        warningCount: 1,
        fixableErrorCount: 0,
        fixableWarningCount: 0,
      },
    ];
    const printed: Record<string, string> = {};
    for (const format of TEXT_FORMATS) {
      printed[format] = await (await loadFormatter(format, '/repo'))(raw, context);
      expect(forgeries(format, printed[format])).toEqual([]);
    }
    expect(printed.compact).toBe(
      '/repo/a\\n::error::b\\u001b]0;t\\u0007.yaml: line 1, col 2, Warning - m\\r\\n::add-mask::s\\u009b2K (x\\u001b[31m)\n\n1 problem',
    );
    expect(printed.github).toBe(
      '::warning file=a\\n%3A%3Aerror%3A%3Ab\\u001b]0;t\\u0007.yaml,line=1,col=2,title=kubeward x\\u001b[31m::m\\r\\n::add-mask::s\\u009b2K\n',
    );
  });

  it('a path that would start a line with "::" is written as ./::...', async () => {
    const raw: LintResult[] = [
      {
        filePath: '::error file=x::y.yaml',
        messages: [{ ruleId: 'r', severity: 2, message: 'm', line: 1, column: 1 }],
        suppressedMessages: [],
        errorCount: 1,
        fatalErrorCount: 0,
        warningCount: 0,
        fixableErrorCount: 0,
        fixableWarningCount: 0,
      },
    ];
    expect(await (await loadFormatter('unix', '/repo'))(raw, context)).toBe('./::error file=x::y.yaml:1:1: m [Error/r]\n\n1 problem');
    expect(await (await loadFormatter('stylish', '/repo'))(raw, context)).toBe(
      '\n./::error file=x::y.yaml\n  1:1  error  m  r\n\n\u2716 1 problem (1 error, 0 warnings)\n',
    );
  });
});

describe('the command line, on a tree an attacker wrote', () => {
  beforeAll(() => {
    FORGED.forEach((name, i) => write(dir, `names/pod-${i}.yaml`, podNamed(name)));
    // File names hold the same: Linux allows every byte but / and NUL.
    FORGED.forEach((name, i) => write(dir, `files/${fileName(name, i)}`, podNamed(`ok-${i}`)));
  });

  for (const format of TEXT_FORMATS) {
    it(`--format ${format}: every finding printed, no forged line, no escape sequence`, async () => {
      const { code, stdout, stderr } = await cli(['--format', format, 'names', 'files'], dir);
      expect(stderr).toBe('');
      expect(code).toBe(1);
      expect(forgeries(format, stdout)).toEqual([]);
      if (format === 'github') {
        // At most 10 annotations per level, then one notice: every line is one command.
        expect(
          stdout
            .trimEnd()
            .split('\n')
            .every((l) => /^::(error|warning|notice) /.test(l)),
        ).toBe(true);
      } else {
        // Every file is named, with its control characters escaped.
        for (let i = 0; i < FORGED.length; i++) expect(stdout).toContain(inert(fileName(FORGED[i], i)));
      }
    });
  }

  it('--format json and --format sarif stay valid JSON, holding the values as they are (JSON escapes them)', async () => {
    const json = await cli(['--format', 'json', 'names', 'files'], dir);
    expect(json.code).toBe(1);
    const results = JSON.parse(json.stdout) as LintResult[];
    expect(results).toHaveLength(2 * FORGED.length);
    // The file names are the real ones (a script opens them); the messages quote the names inert.
    expect(results.map((r) => path.basename(r.filePath)).filter((f) => f.includes('::'))).toHaveLength(4);
    const byName = results.find((r) => r.filePath.endsWith('names/pod-0.yaml'))!;
    expect(byName.messages.find((m) => m.ruleId === 'run-as-non-root')?.message).toBe(
      'Pod "\\n::error file=README.md,line=1::x" container "app" may run as root: neither the container nor the pod sets securityContext.runAsNonRoot: true or a non-zero runAsUser',
    );
    // One line of JSON: nothing in it starts a line.
    expect(json.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(CONTROL_BUT_LF.test(json.stdout)).toBe(false);

    const sarif = await cli(['--format', 'sarif', 'names', 'files'], dir);
    const log = JSON.parse(sarif.stdout) as { runs: Array<{ results: Array<{ message: { text: string } }>; artifacts: unknown[] }> };
    expect(log.runs[0].artifacts).toHaveLength(2 * FORGED.length);
    expect(sarif.stdout.split('\n').filter(startsCommand)).toEqual([]);
    expect(log.runs[0].results.every((r) => !CONTROL_BUT_LF.test(r.message.text))).toBe(true);
  });
});

describe('messages quote a bounded, escaped excerpt', () => {
  const lint = async (text: string) => (await lintText(text, { checks: [runAsNonRoot], root: false }))[0];

  it('a duplicate key of 1,000 characters (YAML allows 1,024) holding an escape', async () => {
    const key = `\u001b]0;x\u0007${'k'.repeat(1000)}`;
    const result = await lint(`${JSON.stringify(key)}: 1\n${JSON.stringify(key)}: 2\n`);
    expect(result.messages.map((m) => [m.messageId, m.line, m.message])).toEqual([
      ['DUPLICATE_KEY', 2, `Parsing error: Map keys must be unique: ${quote(key)} appears twice; remove one`],
    ]);
    expect(result.messages[0].message).toBe(
      `Parsing error: Map keys must be unique: "\\u001b]0;x\\u0007${'k'.repeat(MAX_EXCERPT - 17)}…" appears twice; remove one`,
    );
  });

  it('an unknown tag and an alias name of 5,000 characters', async () => {
    const tag = `!${'t'.repeat(5000)}`;
    const tagged = await lint(`a: ${tag} x\n`);
    expect(tagged.messages.map((m) => m.message)).toEqual([
      `Parsing error: unsupported YAML tag "${tag.slice(0, MAX_EXCERPT - 1)}…" (a custom tag, or a standard tag on the wrong kind of value): Kubernetes cannot read it and kubeward never runs tags; remove the tag`,
    ]);
    const alias = 'a'.repeat(5000);
    const aliased = await lint(`x: *${alias}\n`);
    expect(aliased.messages.map((m) => m.message)).toEqual([
      `Parsing error: alias *${'a'.repeat(MAX_EXCERPT - 1)}… names no anchor before it; define &${'a'.repeat(MAX_EXCERPT - 1)}… first`,
    ]);
  });

  it("the yaml package's own error text, which quotes the token it stopped at, is bounded and inert", async () => {
    // A stray flow token after a document: the yaml package quotes the rest of the line.
    const result = await lint(`a: 1\n] ${'s'.repeat(5000)}\u001b[2K\n`);
    expect(result.messages.length).toBeGreaterThan(0);
    for (const m of result.messages) {
      expect(m.message.length).toBeLessThanOrEqual(2000);
      expect(CONTROL_BUT_LF.test(m.message) || m.message.includes('\n')).toBe(false);
    }
  });

  it('a 1 MB name: each message quotes at most 256 characters of it, object and path at most 512', async () => {
    const name = 'n'.repeat(1 << 20);
    const result = await lint(podNamed(name));
    const m = result.messages.find((x) => x.ruleId === 'run-as-non-root')!;
    expect(m.message).toBe(
      `Pod "${'n'.repeat(255)}…" container "app" may run as root: neither the container nor the pod sets securityContext.runAsNonRoot: true or a non-zero runAsUser`,
    );
    expect(m.object).toBe(`Pod/trust/${'n'.repeat(512 - 'Pod/trust/'.length - 1)}…`);
  });
});

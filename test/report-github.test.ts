import { afterEach, describe, expect, it } from 'vitest';
import { createGithubFormatter, escapeData, escapeProperty, github } from '../src/report/github.js';
import { loadFormatter } from '../src/report/index.js';
import type { LintMessage, LintResult } from '../src/shared/types.js';
import { context, results } from './report-fixtures.js';

function resultOf(filePath: string, messages: LintMessage[]): LintResult {
  return {
    filePath,
    messages,
    suppressedMessages: [],
    errorCount: messages.filter((m) => m.severity === 2).length,
    fatalErrorCount: 0,
    warningCount: messages.filter((m) => m.severity === 1).length,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
  };
}

const finding = (severity: 0 | 1 | 2, line: number, ruleId: string | null = 'run-as-non-root'): LintMessage => ({
  ruleId,
  severity,
  message: `finding at line ${line}`,
  line,
  column: 3,
});

describe('github formatter', () => {
  const originalWorkspace = process.env.GITHUB_WORKSPACE;
  afterEach(() => {
    if (originalWorkspace === undefined) delete process.env.GITHUB_WORKSPACE;
    else process.env.GITHUB_WORKSPACE = originalWorkspace;
  });

  it('prints one annotation per finding, errors first, paths relative to the root', async () => {
    expect(await github(results, context)).toBe(
      [
        '::error file=deploy/broken.yaml,line=3,col=7,title=kubeward parse error::Parsing error: Nested mappings are not allowed in compact mappings',
        '::error file=deploy/web app.yaml,line=12,endLine=12,col=9,endColumn=24,title=kubeward run-as-non-root::Deployment "web" container "app" may run as root%0AHow to fix: Set securityContext.runAsNonRoot: true.',
        '::error title=kubeward run-as-non-root::/elsewhere/extra.yaml:8:7: Pod "debug" container "sh" may run as root',
        '::warning file=deploy/web app.yaml,line=14,endLine=15,col=18,endColumn=3,title=kubeward image-tag::Deployment "web" uses an image with <no> tag & "no" digest%0AHow to fix: Pin a version tag or a digest.',
        '::notice file=charts/app/templates/deployment.yaml,line=5,col=3,title=kubeward::Helm or Go template passed over: render it first',
        '',
      ].join('\n'),
    );
  });

  it('prints nothing when there is nothing to report', async () => {
    expect(await github([resultOf('/repo/a.yaml', [])], context)).toBe('');
  });

  it('escapes data and properties as the Actions toolkit does', () => {
    expect(escapeData('50% done\r\nnext')).toBe('50%25 done%0D%0Anext');
    expect(escapeProperty('a:b,c%d\ne')).toBe('a%3Ab%2Cc%25d%0Ae');
  });

  it('a file name or message cannot forge another workflow command', async () => {
    const evil = '/repo/x\n::error file=forged.yaml::pwned,title=y:z.yaml';
    const message: LintMessage = { ruleId: 'image-tag', severity: 1, message: 'bad\r\n::add-mask::secret %0A', line: 2, column: 4 };
    const output = await github([resultOf(evil, [message])], context);
    expect(output).toBe(
      '::warning file=x\\n%3A%3Aerror file=forged.yaml%3A%3Apwned%2Ctitle=y%3Az.yaml,line=2,col=4,title=kubeward image-tag::bad\\r\\n::add-mask::secret %250A\n',
    );
    // One line, one command: everything the input held stays inside it.
    expect(output.trimEnd().split('\n')).toHaveLength(1);
  });

  it('stays within GitHub’s per-step limits, most severe first, and says how many were left out', async () => {
    const messages = [
      ...Array.from({ length: 12 }, (_, i) => finding(1, 100 + i, 'image-tag')),
      ...Array.from({ length: 25 }, (_, i) => finding(2, 1 + i)),
      ...Array.from({ length: 3 }, (_, i) => finding(0, 200 + i, null)),
    ];
    const output = await github([resultOf('/repo/many.yaml', messages)], context);
    const lines = output.trimEnd().split('\n');
    expect(lines.filter((l) => l.startsWith('::error '))).toEqual(
      Array.from({ length: 10 }, (_, i) => `::error file=many.yaml,line=${1 + i},col=3,title=kubeward run-as-non-root::finding at line ${1 + i}`),
    );
    expect(lines.filter((l) => l.startsWith('::warning '))).toEqual(
      Array.from({ length: 10 }, (_, i) => `::warning file=many.yaml,line=${100 + i},col=3,title=kubeward image-tag::finding at line ${100 + i}`),
    );
    expect(lines.slice(20)).toEqual([
      '::notice file=many.yaml,line=200,col=3,title=kubeward::finding at line 200',
      '::notice file=many.yaml,line=201,col=3,title=kubeward::finding at line 201',
      '::notice file=many.yaml,line=202,col=3,title=kubeward::finding at line 202',
      '::notice title=kubeward%3A more findings::17 of 40 findings not annotated (15 errors, 2 warnings): GitHub shows at most 10 errors, 10 warnings and 10 notices per step. Run kubeward locally (or use --format sarif) to see every finding.',
    ]);
    expect(lines).toHaveLength(24);
  });

  it('keeps one notice for the "left out" line when notices overflow', async () => {
    const messages = Array.from({ length: 11 }, (_, i) => finding(0, 1 + i, null));
    const lines = (await createGithubFormatter({ moreHint: 'See the job summary.' })([resultOf('/repo/n.yaml', messages)], context)).trimEnd().split('\n');
    expect(lines).toHaveLength(10);
    expect(lines[8]).toBe('::notice file=n.yaml,line=9,col=3,title=kubeward::finding at line 9');
    expect(lines[9]).toBe(
      '::notice title=kubeward%3A more findings::2 of 11 findings not annotated (2 notices): GitHub shows at most 10 errors, 10 warnings and 10 notices per step. See the job summary.',
    );
  });

  it('as --format github, paths are relative to GITHUB_WORKSPACE', async () => {
    process.env.GITHUB_WORKSPACE = '/repo/deploy';
    const formatter = await loadFormatter('github', '/repo');
    const output = await formatter([results[2]], context);
    expect(output).toBe(
      '::error file=broken.yaml,line=3,col=7,title=kubeward parse error::Parsing error: Nested mappings are not allowed in compact mappings\n',
    );
  });
});

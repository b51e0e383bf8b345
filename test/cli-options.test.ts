/**
 * ESLint's command line, through the built bin (dist/cli/kubeward.cjs): unmatched patterns, --ignore-pattern,
 * --no-ignore, --no-inline-config, --require-reason, --report-unused-disable-directives-severity and --rule with
 * numbers, --stats, --init and --explain. Each with its exit code and exact output.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checks } from '../checks/index.js';
import { run } from '../src/cli/cli.js';
import { closeIds, markdownToText } from '../src/cli/explain.js';
import { starterConfig } from '../src/cli/init.js';
import { VERSION } from '../src/shared/version.js';
import { tempTree } from './core/helpers.js';

const repo = path.resolve(__dirname, '..');
const bin = path.join(repo, 'dist/cli/kubeward.cjs');

function kubeward(args: string[], cwd: string, input = '') {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, input, encoding: 'utf8', env: { PATH: process.env.PATH, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every check off but the ones named, so these tests do not move when the catalogue grows. */
const only = (...rules: string[]) => [
  '--no-config',
  ...['schema', 'vap', ...checks.map((c) => c.meta.id)].flatMap((id) => ['--rule', `${id}:off`]),
  ...rules.flatMap((r) => ['--rule', r]),
];

const privileged = (name = 'p', extra = '') => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}${extra}
spec:
  containers:
    - name: app
      image: nginx:1.27
      securityContext:
        privileged: true
`;

/** `path  line:column  ruleId` of each reported message of a JSON report, with paths relative to `dir`. */
function brief(stdout: string, dir: string): string[] {
  return (JSON.parse(stdout) as Array<{ filePath: string; messages: Array<{ line: number; column: number; ruleId: string | null }> }>).flatMap((r) =>
    r.messages.map((m) => `${path.relative(dir, r.filePath)} ${m.line}:${m.column} ${m.ruleId}`),
  );
}

const typoHint =
  'Please check for typing mistakes in the pattern (kubeward lints .yaml, .yml and .json files; --no-error-on-unmatched-pattern lets a run with no such files pass).\n';

describe('a path or glob that matches no file', () => {
  const dir = tempTree({ 'deploy/pod.yaml': privileged(), 'docs/README.md': '# not a manifest\n' });

  it('exits 2 with ESLint message for a path that does not exist', () => {
    expect(kubeward(['deploy/', 'delpoy/'], dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: `kubeward: No files matching the pattern "delpoy/" were found.\n${typoHint}`,
    });
  });

  it('exits 2 for a glob that matches nothing and for a folder with no manifests', () => {
    expect(kubeward(['deploy/**/*.yml'], dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: `kubeward: No files matching the pattern "deploy/**/*.yml" were found.\n${typoHint}`,
    });
    expect(kubeward(['docs'], dir)).toEqual({ code: 2, stdout: '', stderr: `kubeward: No files matching the pattern "docs" were found.\n${typoHint}` });
    expect(kubeward([], path.join(dir, 'docs'))).toEqual({
      code: 2,
      stdout: '',
      stderr: `kubeward: No files matching the pattern "." were found.\n${typoHint}`,
    });
  });

  it('--no-error-on-unmatched-pattern lints what matches, and a run with nothing at all passes', () => {
    const r = kubeward([...only('no-privileged:error'), '--no-error-on-unmatched-pattern', '-f', 'json', 'delpoy/', 'deploy/'], dir);
    expect(r.code).toBe(1);
    expect(brief(r.stdout, dir)).toEqual(['deploy/pod.yaml 10:21 no-privileged']);
    expect(r.stderr).toBe('');
    expect(kubeward(['--no-error-on-unmatched-pattern', 'delpoy/', 'docs'], dir)).toEqual({
      code: 0,
      stdout: '',
      stderr: 'kubeward: no YAML or JSON files found in "delpoy/", "docs"\n',
    });
  });

  it('a folder whose files are all ignored exits 2 as ESLint does; files named one by one are skipped quietly', () => {
    expect(kubeward(['--ignore-pattern', 'deploy/**', 'deploy'], dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'kubeward: All files matched by "deploy" are ignored.\nRemove "deploy" from the paths, or lint the files with --no-ignore.\n',
    });
    // A pre-commit hook names staged files (and passes --no-warn-ignored): one that is ignored is not an error.
    expect(kubeward(['--no-warn-ignored', '--ignore-pattern', 'deploy/**', 'deploy/pod.yaml'], dir)).toEqual({
      code: 0,
      stdout: '',
      stderr: 'kubeward: no YAML or JSON files found in "deploy/pod.yaml"\n',
    });
  });
});

describe('--ignore-pattern and --no-ignore', () => {
  const dir = tempTree({
    'deploy/a.yaml': privileged('a'),
    'vendor/b.yaml': privileged('b'),
    'generated/c.yaml': privileged('c'),
    'legacy/d.yaml': privileged('d'),
    'node_modules/pkg/e.yaml': privileged('e'),
    '.kubewardignore': 'vendor/\n',
    '.gitignore': 'generated/\n',
    '.kubeward.yaml': 'ignorePatterns: ["legacy/**"]\n',
  });
  fs.mkdirSync(path.join(dir, '.git'));
  const args = [...only('no-privileged:error').filter((a) => a !== '--no-config'), '-f', 'json'];

  it('by default: .gitignore, .kubewardignore and the config ignorePatterns apply', () => {
    const r = kubeward([...args, '.'], dir);
    expect(brief(r.stdout, dir)).toEqual(['deploy/a.yaml 10:21 no-privileged']);
    expect(r.code).toBe(1);
  });

  it('--ignore-pattern adds globs relative to the current folder, repeatable', () => {
    const tree = tempTree({
      'apps/a.yaml': privileged('a'),
      'apps/b.yaml': privileged('b'),
      'infra/c.yaml': privileged('c'),
      'infra/d.yaml': privileged('d'),
    });
    const r = kubeward([...args, '--ignore-pattern', 'apps/a.yaml', '--ignore-pattern', 'infra/**', '.'], tree);
    expect(brief(r.stdout, tree)).toEqual(['apps/b.yaml 10:21 no-privileged']);
    // Relative to the current folder, not to the folder linted.
    const inApps = kubeward([...args, '--ignore-pattern', 'a.yaml', '.'], path.join(tree, 'apps'));
    expect(brief(inApps.stdout, tree)).toEqual(['apps/b.yaml 10:21 no-privileged']);
    expect(brief(kubeward([...args, '--ignore-pattern', 'a.yaml', 'apps'], tree).stdout, tree)).toEqual([
      'apps/a.yaml 10:21 no-privileged',
      'apps/b.yaml 10:21 no-privileged',
    ]);
  });

  it('--no-ignore lints what every ignore source leaves out, --ignore-pattern included, but never node_modules', () => {
    const r = kubeward([...args, '--no-ignore', '--ignore-pattern', 'deploy/**', '.'], dir);
    expect(brief(r.stdout, dir)).toEqual([
      'deploy/a.yaml 10:21 no-privileged',
      'generated/c.yaml 10:21 no-privileged',
      'legacy/d.yaml 10:21 no-privileged',
      'vendor/b.yaml 10:21 no-privileged',
    ]);
    expect(r.code).toBe(1);
    // A file named one by one that .kubewardignore lists is linted with --no-ignore, skipped without (with a warning
    // unless --no-warn-ignored: test/trust/rest-warn-ignored.test.ts).
    expect(kubeward([...args, '--no-warn-ignored', 'vendor/b.yaml'], dir)).toEqual({
      code: 0,
      stdout: '[]\n',
      stderr: 'kubeward: no YAML or JSON files found in "vendor/b.yaml"\n',
    });
    expect(brief(kubeward([...args, '--no-ignore', 'vendor/b.yaml'], dir).stdout, dir)).toEqual(['vendor/b.yaml 10:21 no-privileged']);
  });
});

describe('directives: --no-inline-config and --require-reason', () => {
  const dir = tempTree({
    'bare.yaml': `# kubeward-disable-file\n${privileged()}`,
    'reasoned.yaml': `# kubeward-disable-file no-privileged -- CNI plugin, reviewed in SEC-12\n${privileged()}`,
    'annotated.yaml': privileged('a', '\n  annotations:\n    ignore-check.kubeward.io/no-privileged: ""'),
    'range.yaml': `# kubeward-disable no-privileged\n${privileged()}# kubeward-enable no-privileged\n`,
  });
  const args = [...only('no-privileged:error')];

  it('a bare kubeward-disable-file silences a privileged pod by default', () => {
    expect(kubeward([...args, 'bare.yaml', 'annotated.yaml', 'range.yaml'], dir)).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('--require-reason: a directive without a reason is a warning at its position and suppresses nothing', () => {
    const r = kubeward([...args, '--require-reason', 'bare.yaml', 'reasoned.yaml', 'range.yaml'], dir);
    expect(r).toEqual({
      code: 1,
      stderr: '',
      stdout: `
${path.join(dir, 'bare.yaml')}
   1:1   warning  kubeward-disable-file directive has no reason, so it suppresses nothing: add one after " -- " (# kubeward-disable-file -- why this is accepted)
  11:21  error    Pod "p" container "app" runs privileged: it gets every capability and every host device, so a breakout is one step away; remove securityContext.privileged or set it to false  no-privileged

${path.join(dir, 'range.yaml')}
   1:1   warning  kubeward-disable directive has no reason, so it suppresses nothing: add one after " -- " (# kubeward-disable no-privileged -- why this is accepted)
  11:21  error    Pod "p" container "app" runs privileged: it gets every capability and every host device, so a breakout is one step away; remove securityContext.privileged or set it to false  no-privileged

✖ 4 problems (2 errors, 2 warnings)
`,
    });
  });

  it('--require-reason: an annotation with an empty value suppresses nothing, said once at its finding', () => {
    const r = kubeward([...args, '--require-reason', '-f', 'json', 'annotated.yaml'], dir);
    const [result] = JSON.parse(r.stdout);
    expect(result.messages.map((m: { line: number; column: number; ruleId: string; message: string }) => [m.line, m.column, m.ruleId, m.message])).toEqual([
      [
        12,
        21,
        null,
        'Annotation ignore-check.kubeward.io/no-privileged on Pod/a has no reason, so it suppresses nothing: give it one as its value (ignore-check.kubeward.io/no-privileged: "why this is accepted")',
      ],
      [12, 21, 'no-privileged', expect.stringContaining('runs privileged')],
    ]);
    expect(result.suppressedMessages).toEqual([]);
    expect(r.code).toBe(1);
  });

  it('the config setting linterOptions.requireReason does the same, and is validated', () => {
    const conf = tempTree({ 'bare.yaml': `# kubeward-disable-file\n${privileged()}`, '.kubeward.yaml': 'linterOptions:\n  requireReason: true\n' });
    const r = kubeward([...args.filter((a) => a !== '--no-config'), '-f', 'json', 'bare.yaml'], conf);
    expect(brief(r.stdout, conf)).toEqual(['bare.yaml 1:1 null', 'bare.yaml 11:21 no-privileged']);
    // --print-config shows them, the command line's winning.
    const printed = (extra: string[]) => JSON.parse(kubeward(['--print-config', 'bare.yaml', ...extra], conf).stdout).linterOptions;
    expect(printed([])).toEqual({ noInlineConfig: false, reportUnusedDisableDirectives: 'off', requireReason: true });
    expect(printed(['--no-inline-config', '--report-unused-disable-directives-severity', '1'])).toEqual({
      noInlineConfig: true,
      reportUnusedDisableDirectives: 'warn',
      requireReason: true,
    });
    fs.writeFileSync(path.join(conf, '.kubeward.yaml'), 'linterOptions:\n  requireReason: yes please\n');
    expect(kubeward(['bare.yaml'], conf)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'kubeward: Invalid config .kubeward.yaml:2:18: linterOptions.requireReason: must be a boolean, got "yes please"\n',
    });
    fs.writeFileSync(path.join(conf, '.kubeward.yaml'), 'linterOptions:\n  requireReasons: true\n');
    expect(kubeward(['bare.yaml'], conf).stderr).toBe(
      'kubeward: Invalid config .kubeward.yaml:2:3: linterOptions.requireReasons: unknown key (allowed: noInlineConfig, reportUnusedDisableDirectives, requireReason)\n',
    );
  });

  it('worker threads read directives the same way', async () => {
    // Threads need the built worker module: the built engine runs (dist/, rebuilt first when stale).
    const { lintFiles } = (await import(path.join(repo, 'dist/src/index.js'))) as typeof import('../src/index.js');
    for (const options of [{ requireReason: true }, { allowInlineConfig: false }]) {
      const base = { cwd: dir, config: { rules: { 'no-privileged': 'error' as const } }, ...options };
      const one = await lintFiles(['.'], { ...base, concurrency: 'off' });
      const two = await lintFiles(['.'], { ...base, concurrency: 2 });
      expect(two).toEqual(one);
      expect(one.reduce((n, r) => n + r.errorCount, 0)).toBeGreaterThan(0);
    }
  });

  it('a reason given: suppressed, nothing reported', () => {
    expect(kubeward([...args, '--require-reason', 'reasoned.yaml'], dir)).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('--no-inline-config ignores every directive and annotation, reasons or not', () => {
    const r = kubeward([...args, '--no-inline-config', '-f', 'json', '.'], dir);
    expect(brief(r.stdout, dir)).toEqual([
      'annotated.yaml 12:21 no-privileged',
      'bare.yaml 11:21 no-privileged',
      'range.yaml 11:21 no-privileged',
      'reasoned.yaml 11:21 no-privileged',
    ]);
    expect(r.code).toBe(1);
    // No directive is read, so none is unused or without a reason.
    const strict = kubeward([...args, '--no-inline-config', '--require-reason', '--report-unused-disable-directives', '-f', 'json', '.'], dir);
    expect(brief(strict.stdout, dir)).toEqual(brief(r.stdout, dir));
  });
});

describe('levels as numbers', () => {
  const dir = tempTree({ 'pod.yaml': `${privileged()}    # kubeward-disable-next-line run-as-non-root -- nothing to suppress here\n` });

  it('--rule id:0, id:1 and "id: 2"', () => {
    expect(kubeward([...only('no-privileged:0'), 'pod.yaml'], dir)).toEqual({ code: 0, stdout: '', stderr: '' });
    const warn = kubeward([...only('no-privileged:1'), '-f', 'json', 'pod.yaml'], dir);
    expect([warn.code, JSON.parse(warn.stdout)[0].warningCount]).toEqual([0, 1]);
    const error = kubeward([...only('no-privileged: 2'), '-f', 'json', 'pod.yaml'], dir);
    expect([error.code, JSON.parse(error.stdout)[0].errorCount]).toEqual([1, 1]);
    expect(kubeward([...only('no-privileged:3'), 'pod.yaml'], dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'kubeward: --rule no-privileged: level must be "off", "warn" or "error" (or 0, 1, 2), got "3"\n',
    });
  });

  it('--report-unused-disable-directives-severity 0, 1, 2 (and off, warn, error)', () => {
    const unused = (level: string) => {
      const r = kubeward([...only(), '--report-unused-disable-directives-severity', level, '-f', 'json', 'pod.yaml'], dir);
      const [result] = JSON.parse(r.stdout);
      return [r.code, result.errorCount, result.warningCount];
    };
    expect(unused('0')).toEqual([0, 0, 0]);
    expect(unused('1')).toEqual([0, 0, 1]);
    expect(unused('2')).toEqual([1, 1, 0]);
    expect(unused('error')).toEqual([1, 1, 0]);
    expect(kubeward(['--report-unused-disable-directives-severity', 'loud', 'pod.yaml'], dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'kubeward: --report-unused-disable-directives-severity expects off, warn or error (or 0, 1, 2), got "loud"\n',
    });
  });
});

describe('--stats', () => {
  const dir = tempTree({
    'a.yaml': privileged('a'),
    'b.yaml': `# kubeward-disable-file no-privileged -- reviewed\n${privileged('b')}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n`,
  });

  it('prints each check that ran: findings, suppressed, objects, time; the report is unchanged', () => {
    const args = [...only('no-privileged:error', 'image-tag:warn', 'run-as-non-root:warn'), '-f', 'json', '.'];
    const plain = kubeward(args, dir);
    const r = kubeward(['--stats', ...args], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(plain.stdout);
    // Times vary from run to run: they are numbers that add up to the total, every other cell is exact.
    const lines = r.stderr.split('\n');
    expect(lines[0]).toBe('');
    expect(lines[1]).toBe('Check            Errors  Warnings  Suppressed  Objects  Time (ms)  Relative');
    const rows = lines.slice(2, 6).map((line) => line.split(/ {2,}/));
    expect(rows.map((cells) => cells.slice(0, -2))).toEqual([
      ['image-tag', '0', '0', '0', '2'],
      ['no-privileged', '1', '0', '1', '2'],
      ['run-as-non-root', '0', '2', '0', '2'],
      ['Total', '1', '2', '1'],
    ]);
    for (const cells of rows) expect(cells.slice(-2).join(' ')).toMatch(/^\d+\.\d\d \d+\.\d%$/);
    expect(rows[3].slice(-1)).toEqual(['100.0%']);
    // Each line as wide as the header: the columns are aligned.
    for (const line of lines.slice(2, 6)) expect(line.length).toBe(lines[1].length);
    expect(lines.slice(6)).toEqual(['2 files, 3 objects', '']);
  });
});

describe('--init', () => {
  it('writes a starter .kubeward.yaml that loads, asking nothing when standard input is not a terminal', () => {
    const dir = tempTree({ 'pod.yaml': `# kubeward-disable-file\n${privileged()}` });
    expect(kubeward(['--init'], dir)).toEqual({
      code: 0,
      stdout: `Wrote .kubeward.yaml (recommended preset, Kubernetes 1.36). Run kubeward to lint this folder; docs: https://github.com/kubeward/kubeward/blob/v${VERSION}/docs/config.md\n`,
      stderr: '',
    });
    expect(fs.readFileSync(path.join(dir, '.kubeward.yaml'), 'utf8')).toBe(starterConfig({ preset: 'recommended', kubernetesVersion: '1.36' }));
    const printed = JSON.parse(kubeward(['--print-config', 'pod.yaml'], dir).stdout);
    expect([printed.configFile, printed.extends, printed.kubernetesVersion]).toEqual(['.kubeward.yaml', ['recommended'], '1.36']);
    // Its requireReason: the bare directive no longer hides the privileged pod.
    expect(brief(kubeward(['-f', 'json', '--rule', 'schema:off', 'pod.yaml'], dir).stdout, dir)).toContain('pod.yaml 1:1 null');
  });

  it('never overwrites a config, nor writes through a link', () => {
    const dir = tempTree({ '.kubeward.yml': 'rules: {}\n', 'sub/package.json': '{"kubeward": {}}\n' });
    const refused = (name: string) => ({
      code: 2,
      stdout: '',
      stderr: `kubeward: --init: ${name} already exists here; kubeward --init never overwrites a config (edit it, or move it away first)\n`,
    });
    expect(kubeward(['--init'], dir)).toEqual(refused('.kubeward.yml'));
    expect(fs.existsSync(path.join(dir, '.kubeward.yaml'))).toBe(false);
    expect(kubeward(['--init'], path.join(dir, 'sub'))).toEqual({
      code: 2,
      stdout: '',
      stderr: 'kubeward: --init: package.json already holds a "kubeward" config; kubeward --init never writes a second one\n',
    });
    const linked = tempTree({});
    const target = path.join(tempTree({}), 'elsewhere.yaml');
    fs.symlinkSync(target, path.join(linked, '.kubeward.yaml'));
    expect(kubeward(['--init'], linked)).toEqual(refused('.kubeward.yaml'));
    expect(fs.existsSync(target)).toBe(false);
  });

  it('on a terminal, asks for the preset and the Kubernetes version, again after a wrong answer', async () => {
    const dir = tempTree({});
    const questions: string[] = [];
    const answers = ['strict', '1.3', 'v1.30'];
    let stdout = '';
    const code = await run(['--init'], {
      stdout: (s) => void (stdout += s),
      stderr: () => undefined,
      stdin: async () => '',
      isTTY: true,
      stdinIsTTY: true,
      ask: async (q) => {
        questions.push(q);
        return answers.shift();
      },
      env: {},
      cwd: dir,
    });
    expect(code).toBe(0);
    expect(questions).toEqual([
      'Preset: recommended (each check at its default level) or strict (every warning an error)? [recommended] ',
      'Kubernetes version of your clusters (1.25 to 1.36)? [1.36] ',
      'Please answer one of the choices. Kubernetes version of your clusters (1.25 to 1.36)? [1.36] ',
    ]);
    expect(stdout).toMatch(/^Wrote \.kubeward\.yaml \(strict preset, Kubernetes 1\.30\)/);
    expect(fs.readFileSync(path.join(dir, '.kubeward.yaml'), 'utf8')).toBe(starterConfig({ preset: 'strict', kubernetesVersion: '1.30' }));
  });
});

describe('--explain', () => {
  const dir = tempTree({ '.kubeward.yaml': 'rules:\n  no-privileged: warn\n' });

  it("prints the check's README as plain text, then how to configure it", () => {
    const r = kubeward(['--explain', 'no-privileged'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.startsWith('no-privileged\n=============\n\nContainers must not run privileged (securityContext.privileged: true).\n')).toBe(true);
    expect(r.stdout).toContain('\nHow to fix\n----------\n\nRemove privileged: true and grant');
    expect(r.stdout).toContain('\n    kind: DaemonSet\n');
    expect(r.stdout).not.toMatch(/```|^#+ /m);
    expect(
      r.stdout.endsWith(`Turn it off or change its level
-------------------------------

Level: warn here (default: error).

In .kubeward.yaml (levels: off, warn, error; or 0, 1, 2):

    rules:
      no-privileged: off

For some folders only:

    overrides:
      - files: ["legacy/**"]
        rules:
          no-privileged: warn

On the command line: kubeward --rule no-privileged:off
For one finding: # kubeward-disable-next-line no-privileged -- reason
For one object: the annotation ignore-check.kubeward.io/no-privileged: "reason"
`),
    ).toBe(true);
  });

  it('explains the schema rule and the vap check from their docs', () => {
    expect(kubeward(['--explain', 'schema'], dir).stdout).toMatch(/^Schema validation\n=================\n/);
    const vap = kubeward(['--explain', 'vap/replica-limit'], dir);
    expect(vap.code).toBe(0);
    expect(vap.stdout).toContain('      vap/replica-limit: off\n');
  });

  it('exits 2 on an unknown id, naming the close ones', () => {
    expect(kubeward(['--explain', 'no-privilege'], dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'kubeward: --explain: unknown check "no-privilege"; did you mean no-privileged, no-privilege-escalation? (kubeward --list-checks lists them)\n',
    });
    expect(kubeward(['--explain', 'zzz'], dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'kubeward: --explain: unknown check "zzz" (kubeward --list-checks lists them)\n',
    });
  });
});

describe('Markdown as terminal text', () => {
  it('underlines headings, indents code, aligns tables, drops marks, spells out links', () => {
    const text = markdownToText(
      [
        '# my-check',
        '',
        'Containers **must** set `runAsNonRoot: true` (*really*); globs like `**/generated/**` stay as written.',
        '',
        '## Options',
        '',
        '| option | default | meaning |',
        '|---|:---:|---|',
        '| `cpuLimit` | true | a CPU limit \\| or not |',
        '',
        '```yaml',
        'rules:',
        '  my-check: off',
        '```',
        '',
        'See [the guide](https://example.com/guide), [config](../../docs/config.md#rules) and [above](#options).',
        '<!-- a comment -->',
      ].join('\n'),
      path.join(repo, 'checks', 'my-check'),
    );
    expect(text).toBe(
      [
        'my-check',
        '========',
        '',
        'Containers must set runAsNonRoot: true (really); globs like **/generated/** stay as written.',
        '',
        'Options',
        '-------',
        '',
        '  option    default  meaning',
        '  cpuLimit  true     a CPU limit | or not',
        '',
        '    rules:',
        '      my-check: off',
        '',
        'See the guide (https://example.com/guide), config (docs/config.md#rules) and above.',
        '',
      ].join('\n'),
    );
  });

  it('close ids: by edit distance or containment, closest first', () => {
    const ids = ['no-privileged', 'no-privilege-escalation', 'image-tag', 'no-host-path'];
    expect(closeIds('no-privilegd', ids)).toEqual(['no-privileged']);
    expect(closeIds('no-privilege', ids)).toEqual(['no-privileged', 'no-privilege-escalation']);
    expect(closeIds('image', ids)).toEqual(['image-tag']);
    expect(closeIds('seccomp', ids)).toEqual([]);
  });
});

/**
 * The GitHub Action's logic (src/action/action.ts) in process, with a recording runner in place of @actions/core:
 * annotations, summary, outputs and the SARIF file are asserted exactly. test/action-runner.test.ts runs the committed
 * bundle under a simulated runner (environment files, a pull_request event, a git repository); test/action-dist.test.ts
 * keeps the bundle true to the sources.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { checks } from '../checks/index.js';
import { annotations, jobSummary, markdownCell, pluginsAllowed, runAction, type Runner } from '../src/action/action.js';
import { ARGS_OPTIONS, ARGS_REFUSED, parseActionArgs, splitArgs } from '../src/action/args.js';
import { COMMAND_OPTIONS } from '../src/cli/options.js';
import { ignoreFilesAt, parseUnifiedDiff } from '../src/action/git.js';
import { compareRuns, loweredChecks, policySummary } from '../src/action/policy.js';
import type { LintResult } from '../src/shared/types.js';
import { context, results } from './report-fixtures.js';

const docsUrl = (id: string) => checks.find((c) => c.meta.id === id)!.meta.docs!.url;

const repo = path.resolve(import.meta.dirname, '..');
const check = checks.find((c) => c.meta.id === 'run-as-non-root')!;
const fill = (id: string, data: Record<string, string>) => check.meta.messages[id].replace(/\{\{(\w+)\}\}/g, (_m, k: string) => data[k]);
const remediation = check.meta.remediation;
const appMessage = fill('mayRunAsRoot', { object: 'Pod "web"', container: 'container "app"' });
const sidecarMessage = fill('runAsRootUser', { object: 'Pod "web"', container: 'container "sidecar"', from: 'container' });

const APP = `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
spec:
  containers:
    - name: app
      image: nginx:1.27
    - name: sidecar
      image: busybox:1.36
      securityContext:
        runAsUser: 0
`;
const OK = `apiVersion: v1
kind: Pod
metadata:
  name: api
  namespace: shop
spec:
  securityContext:
    runAsNonRoot: true
  containers:
    - name: api
      image: ghcr.io/example/api:1.0.0
`;

/** A workspace whose config turns on run-as-non-root only, so the expected output does not depend on other checks. */
function workspace(files: Record<string, string> = { 'deploy/app.yaml': APP, 'deploy/ok.yaml': OK }): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kubeward-action-')));
  const rules: Record<string, string> = { schema: 'off' };
  for (const c of checks) rules[c.meta.id] = c.meta.id === 'run-as-non-root' ? 'error' : 'off';
  fs.writeFileSync(path.join(dir, '.kubeward.json'), JSON.stringify({ rules }, null, 2));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** A runner that records what the Action asks of it, with the workflow commands @actions/core would print. */
function recordingRunner(inputs: Record<string, string>) {
  const commands: string[] = [];
  const outputs: Record<string, string> = {};
  let summary = '';
  const esc = (v: string) => v.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const prop = (v: string) => esc(v).replace(/:/g, '%3A').replace(/,/g, '%2C');
  const names: Record<string, string> = { startLine: 'line', startColumn: 'col' };
  const runner: Runner = {
    getInput: (name) => (inputs[name] ?? '').trim(),
    setOutput: (name, value) => {
      outputs[name] = value;
    },
    annotate: (level, message, properties = {}) => {
      const props = Object.entries(properties)
        .map(([k, v]) => `${names[k] ?? k}=${prop(String(v))}`)
        .join(',');
      commands.push(`::${level}${props ? ` ${props}` : ''}::${esc(message)}`);
    },
    log: (text) => commands.push(text.replace(/\n$/, '')),
    appendSummary: async (markdown) => {
      summary += markdown;
    },
    summarySize: () => Buffer.byteLength(summary),
  };
  return { runner, commands, outputs, summary: () => summary };
}

async function run(ws: string, inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}) {
  const rec = recordingRunner(inputs);
  const code = await runAction({ env: { GITHUB_WORKSPACE: ws, ...env }, runner: rec.runner, cwd: '/' });
  return { code, stdout: rec.commands.join('\n'), lines: rec.commands, summary: rec.summary(), outputs: rec.outputs };
}

const expectedAnnotations = [
  `::error title=kubeward run-as-non-root,file=deploy/app.yaml,line=8,endLine=8,col=7,endColumn=16::${appMessage}%0AHow to fix: ${remediation}`,
  `::error title=kubeward run-as-non-root,file=deploy/app.yaml,line=13,endLine=13,col=20,endColumn=21::${sidecarMessage}%0AHow to fix: ${remediation}`,
];

const summaryTable = `## kubeward

**2 errors, 0 warnings** in 1 of 2 files.

| Severity | Location | Check | Message |
| --- | --- | --- | --- |
| error | deploy/app.yaml:8:7 | [run-as-non-root](${docsUrl('run-as-non-root')}) | ${markdownCell(appMessage)}<br>*How to fix:* ${markdownCell(remediation)} |
| error | deploy/app.yaml:13:20 | [run-as-non-root](${docsUrl('run-as-non-root')}) | ${markdownCell(sidecarMessage)}<br>*How to fix:* ${markdownCell(remediation)} |

### Suggested fixes

\`kubeward --fix\` applies 1 fix; each changes only the lines shown.

**deploy/app.yaml:8:7** run-as-non-root

\`\`\`\`diff
+      securityContext:
+        runAsNonRoot: true
     - name: sidecar
\`\`\`\`
`;

describe('GitHub Action entry point', () => {
  it('annotates, writes the job summary, the outputs and the SARIF file, and fails on errors', async () => {
    const ws = workspace();
    const r = await run(ws, { paths: 'deploy\n', 'sarif-file': 'reports/kubeward.sarif' });
    expect(r.code).toBe(1);
    expect(r.lines).toEqual([...expectedAnnotations, 'kubeward: 2 errors and 0 warnings (fail-level: error)']);
    expect(r.summary).toBe(summaryTable);
    expect(r.outputs).toEqual({ 'error-count': '2', 'warning-count': '0', 'sarif-file': path.join(ws, 'reports/kubeward.sarif') });
    const log = JSON.parse(fs.readFileSync(path.join(ws, 'reports/kubeward.sarif'), 'utf8'));
    expect(
      log.runs[0].results.map((x: any) => [x.ruleId, x.level, x.locations[0].physicalLocation.artifactLocation.uri, x.locations[0].physicalLocation.region]),
    ).toEqual([
      ['run-as-non-root', 'error', 'deploy/app.yaml', { startLine: 8, startColumn: 7, endLine: 8, endColumn: 16 }],
      ['run-as-non-root', 'error', 'deploy/app.yaml', { startLine: 13, startColumn: 20, endLine: 13, endColumn: 21 }],
    ]);
  });

  it('passes with fail-level none, and fails on warnings with fail-level warning', async () => {
    const ws = workspace();
    const none = await run(ws, { paths: 'deploy', 'fail-level': 'none' });
    expect(none.code).toBe(0);
    expect(none.lines).toEqual(expectedAnnotations);
    expect(none.outputs).toEqual({ 'error-count': '2', 'warning-count': '0', 'sarif-file': '' });

    const warnWs = workspace();
    const config = JSON.parse(fs.readFileSync(path.join(warnWs, '.kubeward.json'), 'utf8'));
    config.rules['run-as-non-root'] = 'warn';
    fs.writeFileSync(path.join(warnWs, '.kubeward.json'), JSON.stringify(config));
    const atError = await run(warnWs, { paths: 'deploy' });
    expect(atError.code).toBe(0);
    expect(atError.outputs).toEqual({ 'error-count': '0', 'warning-count': '2', 'sarif-file': '' });
    expect(atError.lines.map((l) => l.slice(0, l.indexOf(' ')))).toEqual(['::warning', '::warning']);
    const atWarning = await run(warnWs, { paths: 'deploy', 'fail-level': 'warning' });
    expect(atWarning.code).toBe(1);
    expect(atWarning.lines.at(-1)).toBe('kubeward: 0 errors and 2 warnings (fail-level: warning)');
  });

  it('passes on a clean workspace and says so in the summary', async () => {
    const ws = workspace({ 'deploy/ok.yaml': OK });
    const r = await run(ws, {});
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.summary).toBe('## kubeward\n\nNo problems found in 2 files.\n'); // .kubeward.json is read and passed over
    expect(r.outputs).toEqual({ 'error-count': '0', 'warning-count': '0', 'sarif-file': '' });
  });

  it('uses the config input and refuses a JavaScript config without running it', async () => {
    const ws = workspace();
    fs.mkdirSync(path.join(ws, 'ci'));
    fs.writeFileSync(path.join(ws, 'ci/kubeward.json'), JSON.stringify({ rules: { 'run-as-non-root': 'off' } }));
    const withConfig = await run(ws, { paths: 'deploy', config: 'ci/kubeward.json' });
    // The named config replaces the workspace's .kubeward.json: recommended preset with run-as-non-root off.
    expect(withConfig.stdout).not.toContain('run-as-non-root');

    const marker = path.join(ws, 'ran.txt');
    fs.writeFileSync(
      path.join(ws, 'kubeward.config.mjs'),
      `import fs from 'node:fs'; fs.writeFileSync(${JSON.stringify(marker)}, 'ran'); export default {};`,
    );
    const js = await run(ws, { paths: 'deploy', config: 'kubeward.config.mjs' });
    expect(js.code).toBe(2);
    expect(js.stdout).toBe(
      '::error title=kubeward::the config input names "kubeward.config.mjs": the Action reads YAML and JSON configs only and never runs code from the repository (pull requests can change it)',
    );
    expect(fs.existsSync(marker)).toBe(false);
    expect(js.outputs).toEqual({});
  });

  it('reports a bad input or config as one error annotation, exit 2', async () => {
    const ws = workspace();
    const bad = await run(ws, { 'fail-level': 'sometimes' });
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('::error title=kubeward::the fail-level input must be error, warning or none, got "sometimes"');
    fs.writeFileSync(path.join(ws, '.kubeward.json'), '{"rules": {"no-such-check": "error"}}');
    const config = await run(ws, {});
    expect(config.code).toBe(2);
    expect(config.stdout).toMatch(/^::error title=kubeward::.*no-such-check.*$/);
  });

  it('warns when the paths input finds no manifest', async () => {
    const ws = workspace();
    fs.mkdirSync(path.join(ws, 'empty'));
    const r = await run(ws, { paths: 'empty' });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('::warning title=kubeward::No YAML or JSON files found in empty: check the paths input');
  });

  it('refuses inputs it does not know the values of', async () => {
    const ws = workspace();
    expect((await run(ws, { 'only-changed': 'yes' })).stdout).toBe('::error title=kubeward::the only-changed input must be true or false, got "yes"');
    expect((await run(ws, { 'config-from': 'merge' })).stdout).toBe('::error title=kubeward::the config-from input must be base or head, got "merge"');
    expect((await run(ws, { args: '--rule "a:off' })).stdout).toBe('::error title=kubeward::the args input has an unclosed double quote: "--rule \\"a:off"');
    expect((await run(ws, { args: '--no-such-option' })).stdout).toMatch(/^::error title=kubeward::the args input: Unknown option '--no-such-option'/);
  });
});

describe('job summary', () => {
  it('lists every finding, most severe first, escaped for Markdown', () => {
    expect(jobSummary(results, { workspace: '/repo', rulesMeta: context.rulesMeta })).toBe(`## kubeward

**3 errors, 1 warning** in 3 of 5 files. 2 findings suppressed (see the SARIF file or \`--format json\`).

| Severity | Location | Check | Message |
| --- | --- | --- | --- |
| error | deploy/broken.yaml:3:7 | parse error | Parsing error: Nested mappings are not allowed in compact mappings |
| error | deploy/web app.yaml:12:9 | [run-as-non-root](https://example.test/checks/run-as-non-root) | Deployment "web" container "app" may run as root<br>*How to fix:* Set securityContext.runAsNonRoot: true. |
| error | /elsewhere/extra.yaml:8:7 | [run-as-non-root](https://example.test/checks/run-as-non-root) | Pod "debug" container "sh" may run as root |
| warning | deploy/web app.yaml:14:18 | [image-tag](https://example.test/checks/image-tag) | Deployment "web" uses an image with &lt;no&gt; tag &amp; "no" digest<br>*How to fix:* Pin a version tag or a digest. |
| info | charts/app/templates/deployment.yaml:5:3 | notice | Helm or Go template passed over: render it first |
`);
    expect(markdownCell('a|b\n<img src=x>`*_[l](u)')).toBe('a\\|b<br>&lt;img src=x&gt;\\`\\*\\_\\[l\\](u)');
  });

  it('stays under the size limit and says how many findings were left out', () => {
    const many = Array.from({ length: 5000 }, (_, i) => ({
      ruleId: 'image-tag',
      severity: 1 as const,
      message: `finding number ${i} with some padding text to make the row long enough to matter`,
      line: i + 1,
      column: 1,
    }));
    const big = [{ ...results[1], filePath: '/repo/big.yaml', messages: many, warningCount: many.length }];
    const limit = 64 * 1024;
    const out = jobSummary(big, { workspace: '/repo', rulesMeta: context.rulesMeta, limit, sarifFile: 'kubeward.sarif' });
    expect(Buffer.byteLength(out)).toBeLessThanOrEqual(limit);
    const rows = out.split('\n').filter((l) => l.startsWith('| warning |'));
    expect(rows.length).toBeGreaterThan(100);
    expect(rows.length).toBeLessThan(5000);
    expect(
      out.endsWith(
        `\n${5000 - rows.length} more findings are not shown: GitHub limits the job summary to 1 MiB. Every finding is in the SARIF file kubeward.sarif, or run kubeward locally.\n`,
      ),
    ).toBe(true);
    // The default limit is GitHub's 1 MiB.
    const full = jobSummary(big, { workspace: '/repo', rulesMeta: context.rulesMeta });
    expect(Buffer.byteLength(full)).toBeLessThanOrEqual(1024 * 1024);
    expect(full.split('\n').filter((l) => l.startsWith('| warning |'))).toHaveLength(5000);
  });
});

describe('action.yml', () => {
  const action = parseYaml(fs.readFileSync(path.join(repo, 'action.yml'), 'utf8'));

  it('loads plugins only where the tree is trusted: plugins auto refuses them on pull_request_target and on forks', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubeward-event-'));
    const event = (head: string, fork: boolean) => {
      const file = path.join(dir, `${head.replace('/', '_')}-${fork}.json`);
      const sha = 'a'.repeat(40);
      fs.writeFileSync(
        file,
        JSON.stringify({ pull_request: { head: { sha, repo: { full_name: head, fork } }, base: { sha, repo: { full_name: 'acme/k8s' } } } }),
      );
      return file;
    };
    expect(pluginsAllowed('', {})).toBe(true);
    expect(pluginsAllowed('auto', { GITHUB_EVENT_NAME: 'push' })).toBe(true);
    expect(pluginsAllowed('auto', { GITHUB_EVENT_NAME: 'pull_request_target' })).toBe(false);
    expect(pluginsAllowed('auto', { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event('acme/k8s', false) })).toBe(true);
    expect(pluginsAllowed('auto', { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event('mallory/k8s', true) })).toBe(false);
    expect(pluginsAllowed('auto', { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event('mallory/k8s', false) })).toBe(false);
    // A pull request whose event cannot be read is not trusted.
    expect(pluginsAllowed('auto', { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: path.join(dir, 'missing.json') })).toBe(false);
    expect(pluginsAllowed('true', { GITHUB_EVENT_NAME: 'pull_request_target' })).toBe(true);
    expect(pluginsAllowed('false', {})).toBe(false);
    expect(() => pluginsAllowed('yes', {})).toThrow(/auto, true or false/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('runs the committed bundle on node24 with the inputs the entry point reads, and needs no Docker', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'action-dist/index.js' });
    expect(fs.existsSync(path.join(repo, action.runs.main))).toBe(true);
    expect(Object.keys(action.inputs)).toEqual([
      'paths',
      'config',
      'config-from',
      'format',
      'external-formatters',
      'kubernetes-version',
      'fail-level',
      'sarif-file',
      'baseline',
      'only-changed',
      'args',
      'plugins',
    ]);
    expect(Object.keys(action.outputs)).toEqual(['error-count', 'warning-count', 'sarif-file']);
    expect(JSON.stringify(action)).not.toMatch(/docker/i);
    // Every input the entry point reads is declared, and every declared one is read.
    const source = ['action.ts'].map((f) => fs.readFileSync(path.join(repo, 'src/action', f), 'utf8')).join('\n');
    const read = new Set([...source.matchAll(/(?:getInput\(|booleanInput\(runner, )'([\w-]+)'/g)].map((m) => m[1]));
    expect([...read].sort()).toEqual(Object.keys(action.inputs).sort());
  });
});

describe('args', () => {
  it('splits words as a shell would, with no shell: quotes and backslashes only', () => {
    expect(splitArgs(`--rule 'image-tag:off'  --schema-dir "crds dir" a\\ b --x="" '$(id)' "\\$HOME" ~`)).toEqual([
      '--rule',
      'image-tag:off',
      '--schema-dir',
      'crds dir',
      'a b',
      '--x=',
      '$(id)',
      '$HOME',
      '~',
    ]);
    expect(splitArgs('  ')).toEqual([]);
    expect(splitArgs(`''`)).toEqual(['']);
    expect(() => splitArgs(`--rule 'a`)).toThrow('the args input has an unclosed single quote');
  });

  it('takes the lint options of the command line and refuses those an input owns or that write files', () => {
    expect(parseActionArgs('--rule image-tag:off --rule run-as-non-root:warn --strict-crds --no-render extra/').values).toEqual({
      rule: ['image-tag:off', 'run-as-non-root:warn'],
      'strict-crds': true,
      'no-render': true,
    });
    expect(parseActionArgs('--rule image-tag:off extra/').positionals).toEqual(['extra/']);
    expect(() => parseActionArgs('--fix')).toThrow(
      'the args input cannot hold --fix: the Action does not change the checkout; the job summary shows the fixes',
    );
    expect(() => parseActionArgs('-o out.txt')).toThrow('the args input cannot hold -o: the Action writes the report to the step log');
    expect(() => parseActionArgs('--config=x.yaml')).toThrow('the args input cannot hold --config: use the config input');
    expect(() => parseActionArgs('--baseline b.json')).toThrow('the args input cannot hold --baseline: use the baseline input');
    expect(() => parseActionArgs('--update-baseline')).toThrow(/record the baseline locally/);
    expect(() => parseActionArgs('--explain image-tag')).toThrow('the args input cannot hold --explain: run kubeward --explain locally');
    expect(() => parseActionArgs('--no-warn-ignored')).toThrow("the args input: Unknown option '--no-warn-ignored'");
    expect(() => parseActionArgs('--bogus')).toThrow("the args input: Unknown option '--bogus'");
  });

  it('knows every option of the command line: taken with its spec, or refused with a reason (long and short names)', () => {
    // Neither taken nor refused with a reason yet: parseArgs refuses them as unknown options.
    const unknown = new Set(['no-index-cache', 'no-error-on-unmatched-pattern', 'no-warn-ignored']);
    for (const [name, spec] of Object.entries(COMMAND_OPTIONS)) {
      const taken = Object.hasOwn(ARGS_OPTIONS, name);
      expect([name, taken || Object.hasOwn(ARGS_REFUSED, name)]).toEqual([name, !unknown.has(name)]);
      if (taken) expect(ARGS_OPTIONS[name as keyof typeof ARGS_OPTIONS]).toBe(spec);
      if ('short' in spec) expect([spec.short, Object.hasOwn(ARGS_REFUSED, spec.short)]).toEqual([spec.short, !taken]);
    }
  });

  it('refuses a kustomize or helm program inside the checkout, which the pull request can change', async () => {
    const ws = workspace();
    const r = await run(ws, { paths: 'deploy', args: '--kustomize ./bin/kustomize' });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe(
      '::error title=kubeward::the args input: --kustomize ./bin/kustomize is inside the checkout, which a pull request can change; name a program on PATH or outside it',
    );
  });
});

describe('changed lines', () => {
  it('reads the lines a unified diff with no context adds, per new file', () => {
    const patch = [
      'diff --git a/deploy/a.yaml b/deploy/a.yaml',
      'index 1111111..2222222 100644',
      '--- a/deploy/a.yaml',
      '+++ b/deploy/a.yaml',
      '@@ -3 +3 @@ metadata:',
      '-  name: old',
      '+  name: new',
      '@@ -9,0 +10,2 @@ spec:',
      '+++ a line that looks like a header',
      '+--- and another',
      'diff --git a/gone.yaml b/gone.yaml',
      'deleted file mode 100644',
      '--- a/gone.yaml',
      '+++ /dev/null',
      '@@ -1,2 +0,0 @@',
      '-a: 1',
      '-b: 2',
      'diff --git "a/caf\\303\\251 x.yaml" "b/caf\\303\\251 x.yaml"',
      '--- /dev/null',
      '+++ "b/caf\\303\\251 x.yaml"',
      '@@ -0,0 +1 @@',
      '+kind: Pod',
      '\\ No newline at end of file',
      '',
    ].join('\n');
    const diff = parseUnifiedDiff(patch);
    expect([...diff.changed].map(([f, l]) => [f, [...l]])).toEqual([
      ['deploy/a.yaml', [3, 10, 11]],
      ['café x.yaml', [1]],
    ]);
    expect(diff.added).toEqual([
      { file: 'deploy/a.yaml', line: 3, text: '  name: new' },
      { file: 'deploy/a.yaml', line: 10, text: '++ a line that looks like a header' },
      { file: 'deploy/a.yaml', line: 11, text: '--- and another' },
      { file: 'café x.yaml', line: 1, text: 'kind: Pod' },
    ]);
  });
});

describe('annotations', () => {
  const message = (ruleId: string | null, severity: 1 | 2, line: number) => ({ ruleId, severity, message: `${ruleId} at ${line}`, line, column: 1 });
  const result = (file: string, messages: ReturnType<typeof message>[]): LintResult => ({
    filePath: `/repo/${file}`,
    messages,
    suppressedMessages: [],
    errorCount: messages.filter((m) => m.severity === 2).length,
    fatalErrorCount: 0,
    warningCount: messages.filter((m) => m.severity === 1).length,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
  });
  const summary = (a: ReturnType<typeof annotations>) =>
    a.map((x) => `${x.level} ${x.properties.file ?? '-'}:${x.properties.startLine ?? '-'} ${x.properties.title}`);

  it('ranks changed lines first, then errors, then by check, then in report order', () => {
    const results = [
      result('a.yaml', [message('z-check', 2, 1), message('b-check', 1, 2), message('a-check', 2, 3)]),
      result('b.yaml', [message('b-check', 2, 1), message('z-check', 1, 5)]),
    ];
    const changed = (file: string, m: { line: number }) => file === '/repo/b.yaml' && m.line === 5;
    expect(summary(annotations(results, { root: '/repo', changed }))).toEqual([
      'warning b.yaml:5 kubeward z-check',
      'error a.yaml:3 kubeward a-check',
      'error b.yaml:1 kubeward b-check',
      'error a.yaml:1 kubeward z-check',
      'warning a.yaml:2 kubeward b-check',
    ]);
    expect(summary(annotations(results, { root: '/repo', changed, onlyChanged: true }))).toEqual([
      'warning b.yaml:5 kubeward z-check',
      'notice -:- kubeward: more findings',
    ]);
  });

  it('stays within GitHub’s 10 errors, 10 warnings and 10 notices per step, and says how many were left out', () => {
    const many = [
      result('a.yaml', [...Array.from({ length: 14 }, (_, i) => message('e', 2, i + 1)), ...Array.from({ length: 12 }, (_, i) => message('w', 1, i + 20))]),
    ];
    const out = annotations(many, { root: '/repo', changed: (_f, m) => m.line === 14 });
    expect(out.filter((a) => a.level === 'error')).toHaveLength(10);
    expect(out.filter((a) => a.level === 'warning')).toHaveLength(10);
    // The changed line's error is among the ten, though it comes last in the file.
    expect(out[0].properties.startLine).toBe(14);
    expect(out.at(-1)).toEqual({
      level: 'notice',
      message:
        '6 of 26 findings not annotated (4 errors, 2 warnings): GitHub shows at most 10 errors, 10 warnings and 10 notices per step. Every finding is in the job summary.',
      properties: { title: 'kubeward: more findings' },
    });
  });
});

describe('policy', () => {
  it('lists the checks a config turns off or lowers', () => {
    expect(
      loweredChecks(
        new Map([
          ['a', 2],
          ['b', 2],
          ['c', 1],
          ['d', 0],
        ]),
        new Map([
          ['a', 0],
          ['b', 1],
          ['c', 2],
          ['d', 2],
        ]),
      ),
    ).toEqual([
      { id: 'a', from: 'error', to: 'off' },
      { id: 'b', from: 'error', to: 'warn' },
    ]);
  });

  it('compares the run that counted with the one the pull request’s config would make', () => {
    const base = [
      { ...results[1], filePath: '/repo/a.yaml', messages: [{ ruleId: 'x', severity: 2 as const, message: 'm', line: 1, column: 1 }] },
      { ...results[1], filePath: '/repo/b.yaml', messages: [{ ruleId: 'y', severity: 1 as const, message: 'n', line: 2, column: 1 }] },
    ];
    const head = [{ ...base[0], messages: [...base[0].messages, { ruleId: 'z', severity: 1 as const, message: 'o', line: 3, column: 1 }] }];
    const compared = compareRuns(base, head);
    expect(compared.newlyIgnored).toEqual(['/repo/b.yaml']);
    expect([...compared.hidden]).toEqual([['y', 1]]);
    expect(compared.added).toBe(1);
  });

  it('renders the policy section, escaped for Markdown', () => {
    expect(
      policySummary({
        base: 'abcdef0123456789',
        configFile: '.kubeward.yaml',
        change: {
          lowered: [{ id: 'image-tag', from: 'warn', to: 'off' }],
          newlyIgnored: ['deploy/a_b.yaml'],
          hidden: new Map([['image-tag', 2]]),
          added: 0,
          directives: [{ file: 'deploy/c.yaml', line: 4 }],
          baselineAdded: 0,
          unavailable: 'the pull request’s config is invalid: <b>',
        },
      }),
    ).toBe(`
### Policy

kubeward used the config .kubeward.yaml as the pull request's base commit abcdef0 has it (\`config-from: base\`), so a pull request cannot relax the checks that judge it.

**What the pull request changes in the policy**: its config and baseline apply once it is merged; the suppressions it adds to manifests apply now.

| Change | Count | Where | Applies |
| --- | --- | --- | --- |
| config not compared | - | the pull request’s config is invalid: &lt;b&gt; | once merged |
| checks turned off | 1 | image-tag (2 findings) | once merged |
| files no longer linted | 1 | deploy/a\\_b.yaml | once merged |
| findings no longer reported | 2 | image-tag: 2 | once merged |
| suppression directives added | 1 | deploy/c.yaml:4 | now |
`);
  });
});

describe('suggested fixes in the job summary', () => {
  it('shows each fix as a diff of the lines it changes', async () => {
    const { fixSuggestions } = await import('../src/action/action.js');
    const text = 'containers:\n  - name: app\n    securityContext:\n      privileged: false\n';
    const at = text.indexOf('      privileged');
    const results = [
      {
        filePath: '/repo/deploy/web.yaml',
        messages: [
          {
            ruleId: 'run-as-non-root',
            severity: 2 as const,
            message: 'm',
            line: 3,
            column: 5,
            fix: { range: [at, at] as [number, number], text: '      runAsNonRoot: true\n' },
          },
          {
            ruleId: 'no-privileged',
            severity: 2 as const,
            message: 'n',
            line: 4,
            column: 19,
            fix: { range: [text.indexOf('false'), text.indexOf('false') + 5] as [number, number], text: 'true' },
          },
        ],
        suppressedMessages: [],
        errorCount: 2,
        fatalErrorCount: 0,
        warningCount: 0,
        fixableErrorCount: 2,
        fixableWarningCount: 0,
      },
    ];
    expect(fixSuggestions(results, { workspace: '/repo', limit: 10_000, read: () => text })).toBe(
      '\n### Suggested fixes\n\n`kubeward --fix` applies 2 fixes; each changes only the lines shown.\n' +
        '\n**deploy/web.yaml:3:5** run-as-non-root\n\n````diff\n+      runAsNonRoot: true\n       privileged: false\n````\n' +
        '\n**deploy/web.yaml:4:19** no-privileged\n\n````diff\n-      privileged: false\n+      privileged: true\n````\n',
    );
    expect(fixSuggestions(results, { workspace: '/repo', limit: 10_000, max: 1, read: () => text })).toContain(
      '1 more not shown: run `kubeward --fix-dry-run --format json` to see them all.',
    );
    expect(fixSuggestions([{ ...results[0], messages: [] }], { workspace: '/repo', limit: 10_000 })).toBe('');
  });
});

const emptyChange = { lowered: [], newlyIgnored: [], hidden: new Map<string, number>(), added: 0, directives: [], baselineAdded: 0 };

describe('the base commit’s ignore files', () => {
  it('lists every .gitignore and .kubewardignore of a commit with its text, and no link planted as one', async () => {
    const { execFileSync } = await import('node:child_process');
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kubeward-action-ignores-')));
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=k', '-c', 'user.email=k@example.test', '-c', 'commit.gpgsign=false', ...args], {
        cwd: dir,
        encoding: 'utf8',
      }).trim();
    const files: Record<string, string> = {
      '.gitignore': 'out/\n',
      'deploy/.kubewardignore': 'legacy/\r\n!legacy/keep.yaml\n',
      'deploy/naïve dir/.kubewardignore': '*.json\n',
      'deploy/x.gitignore': 'not an ignore file\n',
      'deploy/a.yaml': 'kind: Pod\n',
    };
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
    // A link named .gitignore: git stores its target's name, never a file to apply.
    fs.symlinkSync('../.gitignore', path.join(dir, 'deploy/.gitignore'));
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-q', '-m', 'base');
    const base = git('rev-parse', 'HEAD');
    fs.writeFileSync(path.join(dir, '.gitignore'), 'changed\n');
    git('commit', '-q', '-am', 'head');
    expect(Object.fromEntries(ignoreFilesAt(dir, base)!)).toEqual({
      '.gitignore': 'out/\n',
      'deploy/.kubewardignore': 'legacy/\r\n!legacy/keep.yaml\n',
      'deploy/naïve dir/.kubewardignore': '*.json\n',
    });
    expect(ignoreFilesAt(dir, 'HEAD')!.get('.gitignore')).toBe('changed\n');
    expect(ignoreFilesAt(dir, 'f'.repeat(40))).toBeUndefined();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('says in the policy section that the base commit’s ignore files applied, and when the pull request’s lines apply', () => {
    const summary = policySummary({
      base: 'abcdef0123456789',
      configFile: '.kubeward.yaml',
      ignoreFiles: true,
      change: {
        lowered: [],
        newlyIgnored: ['deploy/c.yaml'],
        hidden: new Map([['run-as-non-root', 1]]),
        added: 0,
        directives: [],
        ignoreLines: [{ file: 'deploy/.kubewardignore', line: 2 }],
        baselineAdded: 0,
      },
    });
    expect(summary).toContain(
      "kubeward used the config .kubeward.yaml and the ignore files (`.gitignore`, `.kubewardignore`) as the pull request's base commit abcdef0 has them",
    );
    expect(summary).toContain('its config, ignore files and baseline apply once it is merged');
    // With --no-ignore in args no ignore file applies, the base commit's or the pull request's.
    const noIgnore = policySummary({
      base: 'abcdef0123456789',
      ignoreFiles: false,
      change: { ...emptyChange, ignoreLines: [{ file: '.gitignore', line: 3 }] },
    });
    expect(noIgnore).toContain('| ignore-file lines added | 1 | .gitignore:3 | not while args has --no-ignore |\n');
    expect(noIgnore).toContain('its config and baseline apply once it is merged');
    expect(summary).toContain(
      '| files no longer linted | 1 | deploy/c.yaml | once merged |\n| findings no longer reported | 1 | run-as-non-root: 1 | once merged |\n| ignore-file lines added | 1 | deploy/.kubewardignore:2 | once merged |\n',
    );
  });
});

describe('the base commit’s config (in process)', () => {
  it('reads the file the config input names from the base commit, with its paths taken from the checkout', async () => {
    const { execFileSync } = await import('node:child_process');
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kubeward-action-base-')));
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=k', '-c', 'user.email=k@example.test', '-c', 'commit.gpgsign=false', ...args], {
        cwd: dir,
        encoding: 'utf8',
      }).trim();
    const rules = (level: string) => {
      const all: Record<string, string> = { schema: 'off' };
      for (const c of checks) all[c.meta.id] = 'off';
      return JSON.stringify({ root: '..', rules: { ...all, 'run-as-non-root': level } });
    };
    fs.mkdirSync(path.join(dir, 'ci'));
    fs.mkdirSync(path.join(dir, 'deploy'));
    fs.writeFileSync(path.join(dir, 'ci/kubeward.json'), rules('error'));
    fs.writeFileSync(path.join(dir, 'deploy/app.yaml'), APP);
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-q', '-m', 'base');
    const base = git('rev-parse', 'HEAD');
    fs.writeFileSync(path.join(dir, 'ci/kubeward.json'), rules('warn'));
    git('commit', '-q', '-am', 'lower run-as-non-root');
    const event = path.join(dir, '..', `${path.basename(dir)}-event.json`);
    fs.writeFileSync(
      event,
      JSON.stringify({
        pull_request: { base: { sha: base, repo: { full_name: 'a/b' } }, head: { sha: git('rev-parse', 'HEAD'), repo: { full_name: 'a/b' } } },
      }),
    );
    const env = { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event };

    const r = await run(dir, { paths: 'deploy', config: 'ci/kubeward.json' }, env);
    expect(r.lines.map((l) => (l.startsWith('::') ? l.slice(0, l.indexOf('::', 2)) : l))).toEqual([
      '::error title=kubeward run-as-non-root,file=deploy/app.yaml,line=8,endLine=8,col=7,endColumn=16',
      '::error title=kubeward run-as-non-root,file=deploy/app.yaml,line=13,endLine=13,col=20,endColumn=21',
      'kubeward: 2 errors and 0 warnings (fail-level: error)',
    ]);
    expect(r.summary).toContain(
      `kubeward used the config ci/kubeward.json and the ignore files (\`.gitignore\`, \`.kubewardignore\`) as the pull request's base commit ${base.slice(0, 7)} has them`,
    );
    expect(r.summary).toContain('| checks lowered | 1 | run-as-non-root: error to warn | once merged |\n');
    const head = await run(dir, { paths: 'deploy', config: 'ci/kubeward.json', 'config-from': 'head' }, env);
    expect(head.outputs).toEqual({ 'error-count': '0', 'warning-count': '2', 'sarif-file': '' });

    // A config the base commit does not have is an error that says how to use the pull request's own.
    const missing = await run(dir, { paths: 'deploy', config: 'ci/other.json' }, env);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe(
      `::error title=kubeward::Config file not found in the base commit ${base.slice(0, 7)}: ci/other.json (the config input). kubeward reads the config of the base commit on a pull request; set config-from: head to read the pull request's own`,
    );
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

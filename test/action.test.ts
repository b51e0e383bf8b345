/**
 * The GitHub Action's entry point, run with a simulated Actions environment: a workspace, GITHUB_STEP_SUMMARY,
 * GITHUB_OUTPUT and INPUT_* variables. Annotations, summary, outputs and the SARIF file are asserted exactly.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { checks } from '../checks/index.js';
import { getInput, jobSummary, markdownCell, outputBlock, pluginsAllowed, runAction } from '../src/action/action.js';
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

/** `$GITHUB_OUTPUT` read back: every `name<<DELIMITER` block, checking each delimiter closes its block. */
function readOutputs(file: string): Record<string, string> {
  const text = fs.readFileSync(file, 'utf8');
  const out: Record<string, string> = {};
  const block = /([^\n<]+)<<(ghadelimiter_[0-9a-f-]{36})\n([\s\S]*?)\n\2\n/y;
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = block.exec(text))) {
    out[m[1]] = m[3];
    consumed = block.lastIndex;
  }
  expect(consumed).toBe(text.length);
  return out;
}

async function run(ws: string, inputs: Record<string, string>) {
  const summary = path.join(ws, '..', `${path.basename(ws)}-summary.md`);
  const output = path.join(ws, '..', `${path.basename(ws)}-output.txt`);
  fs.writeFileSync(summary, '');
  fs.writeFileSync(output, '');
  const env: NodeJS.ProcessEnv = { GITHUB_WORKSPACE: ws, GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: output };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  let stdout = '';
  let stderr = '';
  const code = await runAction({ env, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd: '/' });
  return { code, stdout, stderr, summary: fs.readFileSync(summary, 'utf8'), outputs: readOutputs(output) };
}

const annotations = (from: string) => [
  `::error file=deploy/app.yaml,line=8,endLine=8,col=7,endColumn=16,title=kubeward run-as-non-root::${appMessage}%0AHow to fix: ${remediation}`,
  `::error file=deploy/app.yaml,line=13,endLine=13,col=20,endColumn=21,title=kubeward run-as-non-root::${sidecarMessage}%0AHow to fix: ${remediation}`,
  from,
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
    expect(r.stdout).toBe(annotations('').join('\n'));
    expect(r.stderr).toBe('kubeward: 2 errors and 0 warnings (fail-level: error)\n');
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
    expect(none.stderr).toBe('');
    expect(none.outputs).toEqual({ 'error-count': '2', 'warning-count': '0', 'sarif-file': '' });

    const warnWs = workspace();
    const config = JSON.parse(fs.readFileSync(path.join(warnWs, '.kubeward.json'), 'utf8'));
    config.rules['run-as-non-root'] = 'warn';
    fs.writeFileSync(path.join(warnWs, '.kubeward.json'), JSON.stringify(config));
    const atError = await run(warnWs, { paths: 'deploy' });
    expect(atError.code).toBe(0);
    expect(atError.outputs).toEqual({ 'error-count': '0', 'warning-count': '2', 'sarif-file': '' });
    expect(
      atError.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => l.slice(0, l.indexOf(' '))),
    ).toEqual(['::warning', '::warning']);
    const atWarning = await run(warnWs, { paths: 'deploy', 'fail-level': 'warning' });
    expect(atWarning.code).toBe(1);
    expect(atWarning.stderr).toBe('kubeward: 0 errors and 2 warnings (fail-level: warning)\n');
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
      '::error title=kubeward::the config input names "kubeward.config.mjs": the Action reads YAML and JSON configs only and never runs code from the repository (pull requests can change it)\n',
    );
    expect(fs.existsSync(marker)).toBe(false);
    expect(js.outputs).toEqual({});
  });

  it('reports a bad input or config as one error annotation, exit 2', async () => {
    const ws = workspace();
    const bad = await run(ws, { 'fail-level': 'sometimes' });
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('::error title=kubeward::the fail-level input must be error, warning or none, got "sometimes"\n');
    fs.writeFileSync(path.join(ws, '.kubeward.json'), '{"rules": {"no-such-check": "error"}}');
    const config = await run(ws, {});
    expect(config.code).toBe(2);
    expect(config.stdout).toMatch(/^::error title=kubeward::.*no-such-check.*\n$/);
  });

  it('warns when the paths input finds no manifest', async () => {
    const ws = workspace();
    fs.mkdirSync(path.join(ws, 'empty'));
    const r = await run(ws, { paths: 'empty' });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('::warning title=kubeward::No YAML or JSON files found in empty: check the paths input\n');
  });

  it('reads inputs in the runner’s spelling (INPUT_FAIL-LEVEL) and the composite step’s (INPUT_FAIL_LEVEL)', () => {
    expect(getInput({ 'INPUT_FAIL-LEVEL': ' warning ' }, 'fail-level')).toBe('warning');
    expect(getInput({ INPUT_FAIL_LEVEL: 'none' }, 'fail-level')).toBe('none');
    expect(getInput({}, 'fail-level')).toBe('');
  });

  it('writes outputs in the name<<DELIMITER form and refuses a value holding the delimiter', () => {
    expect(outputBlock('sarif-file', 'a\nb', 'ghadelimiter_x')).toBe('sarif-file<<ghadelimiter_x\na\nb\nghadelimiter_x\n');
    expect(() => outputBlock('sarif-file', 'x\nghadelimiter_x\ny', 'ghadelimiter_x')).toThrow(/delimiter/);
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
  const distAction = path.join(repo, 'dist/src/action/action.js');

  beforeAll(() => {
    // CI builds before testing (`npm test`); build here too when dist/ is missing or older than the sources.
    const stale = !fs.existsSync(distAction) || fs.statSync(distAction).mtimeMs < fs.statSync(path.join(repo, 'src/action/action.ts')).mtimeMs;
    if (stale) execFileSync('npm', ['run', 'build'], { cwd: repo, stdio: 'pipe' });
  }, 300_000);

  it('loads plugins only where the tree is trusted: plugins auto refuses them on pull_request_target and on forks', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubeward-event-'));
    const event = (head: string, fork: boolean) => {
      const file = path.join(dir, `${head.replace('/', '_')}-${fork}.json`);
      fs.writeFileSync(file, JSON.stringify({ pull_request: { head: { repo: { full_name: head, fork } }, base: { repo: { full_name: 'acme/k8s' } } } }));
      return file;
    };
    expect(pluginsAllowed({})).toBe(true);
    expect(pluginsAllowed({ GITHUB_EVENT_NAME: 'push' })).toBe(true);
    expect(pluginsAllowed({ GITHUB_EVENT_NAME: 'pull_request_target' })).toBe(false);
    expect(pluginsAllowed({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event('acme/k8s', false) })).toBe(true);
    expect(pluginsAllowed({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event('mallory/k8s', true) })).toBe(false);
    expect(pluginsAllowed({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event('mallory/k8s', false) })).toBe(false);
    expect(pluginsAllowed({ GITHUB_EVENT_NAME: 'pull_request_target', INPUT_PLUGINS: 'true' })).toBe(true);
    expect(pluginsAllowed({ INPUT_PLUGINS: 'false' })).toBe(false);
    expect(() => pluginsAllowed({ INPUT_PLUGINS: 'yes' })).toThrow(/auto, true or false/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('declares the inputs and outputs the entry point reads and writes, and needs no Docker', () => {
    expect(Object.keys(action.inputs)).toEqual(['paths', 'config', 'format', 'kubernetes-version', 'fail-level', 'sarif-file', 'plugins']);
    expect(Object.keys(action.outputs)).toEqual(['error-count', 'warning-count', 'sarif-file']);
    expect(action.runs.using).toBe('composite');
    expect(JSON.stringify(action)).not.toMatch(/docker/i);
    const step = action.runs.steps.find((s: { id?: string }) => s.id === 'kubeward');
    for (const name of Object.keys(action.inputs)) {
      expect(step.env[`INPUT_${name.replace(/-/g, '_').toUpperCase()}`]).toBe(`\${{ inputs.${name} }}`);
    }
    for (const [name, output] of Object.entries<{ value: string }>(action.outputs)) {
      expect(output.value).toBe(`\${{ steps.kubeward.outputs.${name} }}`);
    }
  });

  it('its steps run the built entry point as the runner would', () => {
    const ws = workspace();
    const summary = path.join(ws, '..', `${path.basename(ws)}-summary.md`);
    const output = path.join(ws, '..', `${path.basename(ws)}-output.txt`);
    const inputs: Record<string, string> = {
      ...Object.fromEntries(Object.entries<{ default?: string }>(action.inputs).map(([k, v]) => [k, String(v.default ?? '')])),
      paths: 'deploy',
    };
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      GITHUB_ACTION_PATH: repo,
      GITHUB_WORKSPACE: ws,
      GITHUB_STEP_SUMMARY: summary,
      GITHUB_OUTPUT: output,
    };
    let stdout = '';
    let code = 0;
    for (const step of action.runs.steps) {
      const stepEnv = { ...env };
      for (const [k, v] of Object.entries<string>(step.env ?? {}))
        stepEnv[k] = v.replace(/\$\{\{ inputs\.([\w-]+) \}\}/g, (_m, name: string) => inputs[name]);
      // dist/ exists here, so the install step only checks the Node.js version.
      const r = spawnSync('bash', ['-e', '-c', step.run], { cwd: ws, env: stepEnv, encoding: 'utf8' });
      stdout += r.stdout;
      code = r.status ?? -1;
      if (code !== 0) break;
    }
    expect(code).toBe(1);
    expect(stdout).toBe(annotations('').join('\n'));
    expect(fs.readFileSync(summary, 'utf8')).toBe(summaryTable);
    expect(readOutputs(output)).toEqual({ 'error-count': '2', 'warning-count': '0', 'sarif-file': '' });
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

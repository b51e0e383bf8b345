/**
 * The GitHub Action as the runner starts it: action-dist/index.js (the committed bundle) run by node from a copy of
 * the Action that has no node_modules (as a checkout of kubeward at a tag has none), under a simulated runner:
 * GITHUB_* environment files in a temporary folder, INPUT_* variables in the runner's spelling (INPUT_FAIL-LEVEL),
 * GITHUB_EVENT_PATH holding a pull_request event, and a real git repository with a base and a head commit.
 *
 * Asserts the workflow commands on stdout (annotations ranked: changed lines first), the outputs and the job summary
 * written through @actions/core, that the config and the baseline of the base commit are the ones used, and what the
 * summary says the pull request's own would change.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checks } from '../checks/index.js';
import { lintFiles } from '../src/engine/index.js';

const repo = path.resolve(import.meta.dirname, '..');
const temp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kubeward-action-runner-')));
afterAll(() => fs.rmSync(temp, { recursive: true, force: true }));

/** The Action as a user's workflow gets it: action.yml, action-dist/, schemas/ and package.json, no node_modules. */
const actionDir = path.join(temp, 'kubeward-action');
beforeAll(() => {
  fs.mkdirSync(actionDir);
  for (const name of ['action.yml', 'package.json']) fs.copyFileSync(path.join(repo, name), path.join(actionDir, name));
  fs.cpSync(path.join(repo, 'action-dist'), path.join(actionDir, 'action-dist'), { recursive: true });
  fs.symlinkSync(path.join(repo, 'schemas'), path.join(actionDir, 'schemas'));
});

const meta = (id: string) => checks.find((c) => c.meta.id === id)!.meta;
const fill = (id: string, messageId: string, data: Record<string, string>) =>
  meta(id).messages[messageId].replace(/\{\{(\w+)\}\}/g, (_m, k: string) => data[k]);
/** A message as a workflow command carries it: %, CR and LF escaped. */
const esc = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const rootMessage = (pod: string) =>
  `${fill('run-as-non-root', 'mayRunAsRoot', { object: `Pod "${pod}"`, container: 'container "app"' })}\nHow to fix: ${meta('run-as-non-root').remediation}`;
const latestMessage = `${fill('image-tag', 'latestTag', { object: 'Pod "b"', container: 'container "api"', image: 'nginx:latest' })}\nHow to fix: ${meta('image-tag').remediation}`;

/** A config with every check off but run-as-non-root (error) and image-tag (warning). */
function config(extra: Record<string, unknown> = {}, rules: Record<string, string> = {}): string {
  const all: Record<string, string> = { schema: 'off' };
  for (const c of checks) all[c.meta.id] = 'off';
  return `${JSON.stringify({ ...extra, rules: { ...all, 'run-as-non-root': 'error', 'image-tag': 'warn', ...rules } }, null, 2)}\n`;
}

const pod = (name: string, lines: { secure?: boolean; image?: string; directive?: boolean; container?: string } = {}) =>
  [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    `  name: ${name}`,
    '  namespace: shop',
    'spec:',
    ...(lines.secure ? ['  securityContext:', '    runAsNonRoot: true'] : []),
    '  containers:',
    ...(lines.directive ? ['    # kubeward-disable-next-line run-as-non-root -- moved to a non-root image in #12'] : []),
    `    - name: ${lines.container ?? 'app'}`,
    `      image: ${lines.image ?? 'nginx:1.27'}`,
    '',
  ].join('\n');

function gitIn(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=kubeward', '-c', 'user.email=kubeward@example.test', '-c', 'commit.gpgsign=false', ...args], {
    cwd: dir,
    encoding: 'utf8',
  }).trim();
}

function write(dir: string, files: Record<string, string | null>): void {
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    if (text === null) fs.rmSync(file);
    else {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
    }
  }
}

let count = 0;
/** A repository with a base commit and a pull request's head commit on top; HEAD is the head. */
function repository(base: Record<string, string>, head: Record<string, string | null>) {
  const dir = path.join(temp, `repo-${++count}`);
  fs.mkdirSync(dir);
  gitIn(dir, 'init', '-q', '-b', 'main');
  write(dir, base);
  gitIn(dir, 'add', '-A');
  gitIn(dir, 'commit', '-q', '-m', 'base');
  const baseSha = gitIn(dir, 'rev-parse', 'HEAD');
  write(dir, head);
  gitIn(dir, 'add', '-A');
  gitIn(dir, 'commit', '-q', '--allow-empty', '-m', 'the pull request');
  return { dir, baseSha, headSha: gitIn(dir, 'rev-parse', 'HEAD') };
}

function pullRequestEvent(baseSha: string, headSha: string, fork = false): string {
  const file = path.join(temp, `event-${++count}.json`);
  const event = {
    action: 'synchronize',
    number: 7,
    pull_request: {
      number: 7,
      base: { ref: 'main', sha: baseSha, repo: { full_name: 'acme/k8s', fork: false } },
      head: { ref: 'relax', sha: headSha, repo: { full_name: fork ? 'mallory/k8s' : 'acme/k8s', fork } },
    },
  };
  fs.writeFileSync(file, JSON.stringify(event));
  return file;
}

/** `$GITHUB_OUTPUT` read back: every `name<<DELIMITER` block, each delimiter closing its block. */
function readOutputs(text: string): Record<string, string> {
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

/** Run the bundle as the runner does: `node action-dist/index.js` in the workspace, with the step's environment files. */
function runAction(workspace: string, inputs: Record<string, string>, event?: { name: string; path?: string }) {
  const files = path.join(temp, `step-${++count}`);
  fs.mkdirSync(files);
  const summary = path.join(files, 'summary.md');
  const output = path.join(files, 'output.txt');
  fs.writeFileSync(summary, '');
  fs.writeFileSync(output, '');
  const action = fs.readFileSync(path.join(actionDir, 'action.yml'), 'utf8');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: files,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_OUTPUT: output,
    GITHUB_ACTION_PATH: actionDir,
    RUNNER_TEMP: files,
    GITHUB_EVENT_NAME: event?.name ?? 'push',
    ...(event?.path ? { GITHUB_EVENT_PATH: event.path } : {}),
  };
  // The runner sets every input of action.yml, with its default when the workflow does not give it.
  for (const m of action.matchAll(/^ {2}([\w-]+):\n {4}description:[^\n]*\n {4}required: false\n {4}default: ('[^']*'|[^\n]*)$/gm)) {
    env[`INPUT_${m[1].toUpperCase()}`] = m[2].replace(/^'(.*)'$/, '$1');
  }
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const r = spawnSync(process.execPath, [path.join(actionDir, 'action-dist/index.js')], { cwd: workspace, env, encoding: 'utf8' });
  return {
    code: r.status,
    stdout: r.stdout,
    stderr: r.stderr,
    lines: r.stdout.split('\n').filter(Boolean),
    summary: fs.readFileSync(summary, 'utf8'),
    outputs: readOutputs(fs.readFileSync(output, 'utf8')),
  };
}

/**
 * The pull request of most cases: it turns run-as-non-root off and ignores deploy/c.yaml in the config, adds a line
 * to .kubewardignore and a directive that silences deploy/a.yaml, and changes deploy/b.yaml's image to nginx:latest
 * (a warning on a changed line).
 */
function relaxingPullRequest() {
  return repository(
    {
      '.kubeward.json': config(),
      'deploy/a.yaml': pod('a'),
      'deploy/b.yaml': pod('b', { secure: true, container: 'api' }),
      'deploy/c.yaml': pod('c'),
    },
    {
      '.kubeward.json': config({ ignorePatterns: ['deploy/c.yaml'] }, { 'run-as-non-root': 'off' }),
      '.kubewardignore': '# not ours\ndeploy/legacy/\n',
      'deploy/a.yaml': pod('a', { directive: true }),
      'deploy/b.yaml': pod('b', { secure: true, container: 'api', image: 'nginx:latest' }),
    },
  );
}

const changedWarning = `::warning title=kubeward image-tag,file=deploy/b.yaml,line=11,endLine=11,col=14,endColumn=26::${esc(latestMessage)}`;
const unchangedError = `::error title=kubeward run-as-non-root,file=deploy/c.yaml,line=8,endLine=8,col=7,endColumn=16::${esc(rootMessage('c'))}`;

describe('the Action on a pull request (the committed bundle under a simulated runner)', () => {
  it('annotates the changed lines first, judges by the base commit’s config, and says what the pull request’s would change', () => {
    const { dir, baseSha, headSha } = relaxingPullRequest();
    const r = runAction(dir, { paths: 'deploy' }, { name: 'pull_request', path: pullRequestEvent(baseSha, headSha) });
    expect(r.stderr).toBe('');
    // The warning on a line the pull request changed comes before the error on a line it did not change; the base
    // config keeps run-as-non-root on and deploy/c.yaml linted, though the pull request's config turns both off.
    expect(r.lines).toEqual([changedWarning, unchangedError, 'kubeward: 1 error and 1 warning (fail-level: error)']);
    expect(r.code).toBe(1);
    expect(r.outputs).toEqual({ 'error-count': '1', 'warning-count': '1', 'sarif-file': '' });
    const short = baseSha.slice(0, 7);
    expect(r.summary).toContain(
      '**1 error, 1 warning** in 2 of 3 files. 1 finding suppressed (see the SARIF file or `--format json`). 1 of them is on lines this pull request changed.\n',
    );
    expect(r.summary).toContain('| warning | deploy/b.yaml:11:14 (changed) | [image-tag]');
    expect(r.summary.indexOf('deploy/b.yaml:11:14 (changed)')).toBeLessThan(r.summary.indexOf('| error | deploy/c.yaml:8:7 |'));
    expect(r.summary).toContain(`### Policy

kubeward used the config .kubeward.json and the ignore files (\`.gitignore\`, \`.kubewardignore\`) as the pull request's base commit ${short} has them (\`config-from: base\`), so a pull request cannot relax the checks that judge it.

**What the pull request changes in the policy**: its config, ignore files and baseline apply once it is merged; the suppressions it adds to manifests apply now.

| Change | Count | Where | Applies |
| --- | --- | --- | --- |
| checks turned off | 1 | run-as-non-root (1 finding) | once merged |
| files no longer linted | 1 | deploy/c.yaml | once merged |
| findings no longer reported | 1 | run-as-non-root: 1 | once merged |
| suppression directives added | 1 | deploy/a.yaml:8 | now |
| ignore-file lines added | 1 | .kubewardignore:2 | once merged |
`);
  });

  it('annotates only the changed lines with only-changed, and the summary still counts every finding', () => {
    const { dir, baseSha, headSha } = relaxingPullRequest();
    const r = runAction(dir, { paths: 'deploy', 'only-changed': 'true' }, { name: 'pull_request', path: pullRequestEvent(baseSha, headSha) });
    expect(r.lines).toEqual([
      changedWarning,
      '::notice title=kubeward%3A more findings::1 finding on lines the pull request did not change is not annotated (only-changed). Every finding is in the job summary.',
      'kubeward: 1 error and 1 warning (fail-level: error)',
    ]);
    expect(r.code).toBe(1);
    expect(r.outputs['error-count']).toBe('1');
    expect(r.summary).toContain('| error | deploy/c.yaml:8:7 |');
  });

  it('uses the pull request’s own config with config-from: head, and has no policy section', () => {
    const { dir, baseSha, headSha } = relaxingPullRequest();
    const r = runAction(dir, { paths: 'deploy', 'config-from': 'head' }, { name: 'pull_request', path: pullRequestEvent(baseSha, headSha) });
    expect(r.lines).toEqual([changedWarning]);
    expect(r.code).toBe(0);
    expect(r.outputs).toEqual({ 'error-count': '0', 'warning-count': '1', 'sarif-file': '' });
    expect(r.summary).not.toContain('### Policy');
  });

  it('gives the same findings with worker threads (the bundle’s lint-worker.js) through args', () => {
    const { dir, baseSha, headSha } = relaxingPullRequest();
    const r = runAction(dir, { paths: 'deploy', args: '--concurrency 2' }, { name: 'pull_request', path: pullRequestEvent(baseSha, headSha) });
    expect(r.stderr).toBe('');
    expect(r.lines).toEqual([changedWarning, unchangedError, 'kubeward: 1 error and 1 warning (fail-level: error)']);
  });

  it('reads the baseline from the base commit: entries the pull request adds to it do not hide its findings', async () => {
    const base = { '.kubeward.json': config(), 'deploy/a.yaml': pod('a'), 'deploy/c.yaml': pod('c') };
    // The base commit's baseline lists a's finding; the pull request's lists c's too.
    const scratch = path.join(temp, `baseline-${++count}`);
    write(scratch, base);
    const cfg = JSON.parse(base['.kubeward.json']);
    await lintFiles(['deploy/a.yaml'], { cwd: scratch, config: cfg, configBaseDir: scratch, baseline: 'kubeward-baseline.json', updateBaseline: true });
    const baseBaseline = fs.readFileSync(path.join(scratch, 'kubeward-baseline.json'), 'utf8');
    fs.rmSync(path.join(scratch, 'kubeward-baseline.json'));
    await lintFiles(['deploy'], { cwd: scratch, config: cfg, configBaseDir: scratch, baseline: 'kubeward-baseline.json', updateBaseline: true });
    const headBaseline = fs.readFileSync(path.join(scratch, 'kubeward-baseline.json'), 'utf8');
    expect(headBaseline).not.toBe(baseBaseline);

    const { dir, baseSha, headSha } = repository({ ...base, 'kubeward-baseline.json': baseBaseline }, { 'kubeward-baseline.json': headBaseline });
    const event = { name: 'pull_request', path: pullRequestEvent(baseSha, headSha) };
    const r = runAction(dir, { paths: 'deploy', baseline: 'kubeward-baseline.json' }, event);
    expect(r.lines).toEqual([unchangedError, 'kubeward: 1 error and 0 warnings (fail-level: error)']);
    expect(r.summary).toContain(
      `kubeward used the config .kubeward.json, the baseline kubeward-baseline.json and the ignore files (\`.gitignore\`, \`.kubewardignore\`) as the pull request's base commit ${baseSha.slice(0, 7)} has them`,
    );
    expect(r.summary).toContain(
      '| findings no longer reported | 1 | run-as-non-root: 1 | once merged |\n| baseline entries added | 1 | kubeward-baseline.json | once merged |\n',
    );

    const head = runAction(dir, { paths: 'deploy', baseline: 'kubeward-baseline.json', 'config-from': 'head' }, event);
    expect(head.lines).toEqual([]);
    expect(head.code).toBe(0);
  });

  it('says the pull request relaxes nothing when it changes only manifests', () => {
    const { dir, baseSha, headSha } = repository(
      { '.kubeward.json': config(), 'deploy/b.yaml': pod('b', { secure: true, container: 'api' }) },
      { 'deploy/b.yaml': pod('b', { secure: true, container: 'api', image: 'nginx:latest' }) },
    );
    const r = runAction(dir, { paths: 'deploy' }, { name: 'pull_request', path: pullRequestEvent(baseSha, headSha) });
    expect(r.lines).toEqual([changedWarning]);
    expect(r.code).toBe(0);
    expect(r.summary).toContain(
      '\nThe pull request does not relax the policy: no check turned off or lowered, no file newly ignored, no suppression added.\n',
    );
  });

  it('applies the base commit’s ignore files: a manifest the pull request adds to .kubewardignore or .gitignore is still linted', () => {
    const { dir, baseSha, headSha } = repository(
      {
        '.kubeward.json': config(),
        'deploy/.kubewardignore': 'legacy/\n',
        'deploy/a.yaml': pod('a', { secure: true }),
        'deploy/c.yaml': pod('c'),
        'deploy/legacy/old.yaml': pod('old'),
        'deploy/team/d.yaml': pod('d'),
      },
      {
        // The pull request hides c.yaml in the folder's .kubewardignore, and d.yaml with a .gitignore of its own folder.
        'deploy/.kubewardignore': 'legacy/\nc.yaml\n',
        'deploy/team/.gitignore': '*.yaml\n',
      },
    );
    const event = { name: 'pull_request', path: pullRequestEvent(baseSha, headSha) };
    const r = runAction(dir, { paths: 'deploy' }, event);
    expect(r.stderr).toBe('');
    // Both are linted, as the base commit's ignore files say; deploy/legacy/ stays ignored, as they say too.
    expect(r.lines).toEqual([
      unchangedError,
      `::error title=kubeward run-as-non-root,file=deploy/team/d.yaml,line=8,endLine=8,col=7,endColumn=16::${esc(rootMessage('d'))}`,
      'kubeward: 2 errors and 0 warnings (fail-level: error)',
    ]);
    expect(r.code).toBe(1);
    expect(r.summary).not.toContain('deploy/legacy/old.yaml');
    expect(r.summary).toContain(`| Change | Count | Where | Applies |
| --- | --- | --- | --- |
| files no longer linted | 2 | deploy/c.yaml, deploy/team/d.yaml | once merged |
| findings no longer reported | 2 | run-as-non-root: 2 | once merged |
| ignore-file lines added | 2 | deploy/.kubewardignore:2, deploy/team/.gitignore:1 | once merged |
`);

    // config-from: head takes the pull request's own ignore files, as its config.
    const head = runAction(dir, { paths: 'deploy', 'config-from': 'head' }, event);
    expect(head.lines).toEqual([]);
    expect(head.code).toBe(0);
    // --no-ignore in args: no ignore file applies, the base commit's or the pull request's.
    const all = runAction(dir, { paths: 'deploy', args: '--no-ignore' }, event);
    expect(all.outputs['error-count']).toBe('3');
  });

  it('keeps applying an ignore file the pull request deletes, until it is merged', () => {
    const { dir, baseSha, headSha } = repository(
      { '.kubeward.json': config(), 'deploy/.kubewardignore': 'vendor/\n', 'deploy/a.yaml': pod('a', { secure: true }), 'deploy/vendor/v.yaml': pod('v') },
      { 'deploy/.kubewardignore': null },
    );
    const r = runAction(dir, { paths: 'deploy' }, { name: 'pull_request', path: pullRequestEvent(baseSha, headSha) });
    expect(r.stderr).toBe('');
    expect(r.lines).toEqual([]);
    expect(r.code).toBe(0);
    // The pull request's ignore files lint more, and hide nothing.
    expect(r.summary).toContain('The pull request does not relax the policy');
  });

  it('fails with what to do when the base commit is not in the checkout (actions/checkout fetches one commit)', () => {
    const { dir, headSha } = relaxingPullRequest();
    const missing = 'f'.repeat(40);
    const r = runAction(dir, { paths: 'deploy' }, { name: 'pull_request', path: pullRequestEvent(missing, headSha) });
    expect(r.code).toBe(2);
    expect(r.lines).toEqual([
      `::error title=kubeward::the pull request's base commit fffffff is not in the checkout: set fetch-depth: 0 on actions/checkout. kubeward reads the config and the baseline from the base commit on a pull request (or set config-from: head to use the pull request's own)`,
    ]);
    expect(r.outputs).toEqual({});
  });

  it('refuses the base commit’s config when it is invalid, naming the commit, the file and the position', () => {
    const { dir, baseSha, headSha } = repository(
      { '.kubeward.json': '{"rules": {"no-such-check": "error"}}\n', 'deploy/a.yaml': pod('a') },
      { '.kubeward.json': config() },
    );
    const r = runAction(dir, { paths: 'deploy' }, { name: 'pull_request', path: pullRequestEvent(baseSha, headSha) });
    expect(r.code).toBe(2);
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toMatch(new RegExp(`^::error title=kubeward::In the base commit ${baseSha.slice(0, 7)}: .*no-such-check`));
  });
});

describe('the Action on a push (the committed bundle under a simulated runner)', () => {
  it('takes command-line options in args, split without a shell', () => {
    const { dir } = relaxingPullRequest();
    const r = runAction(dir, { paths: 'deploy', args: `--rule 'run-as-non-root:off' --max-warnings "0"` });
    expect(r.lines).toEqual([changedWarning.replace('::warning', '::warning'), 'kubeward found too many warnings (maximum: 0).']);
    expect(r.code).toBe(1);
    const refused = runAction(dir, { args: '--output-file=report.txt' });
    expect(refused.code).toBe(2);
    expect(refused.lines).toEqual([
      '::error title=kubeward::the args input cannot hold --output-file: the Action writes the report to the step log; use the sarif-file input for a file',
    ]);
    expect(fs.existsSync(path.join(dir, 'report.txt'))).toBe(false);
    const shell = runAction(dir, { args: '--rule "$(touch pwned)"' });
    expect(shell.code).toBe(2);
    expect(fs.existsSync(path.join(dir, 'pwned'))).toBe(false);
  });

  it('refuses a missing baseline instead of recording one', () => {
    const { dir } = relaxingPullRequest();
    const r = runAction(dir, { paths: 'deploy', baseline: 'kubeward-baseline.json' });
    expect(r.code).toBe(2);
    expect(r.lines).toEqual([
      '::error title=kubeward::the baseline kubeward-baseline.json does not exist: record it with kubeward --baseline kubeward-baseline.json --update-baseline and commit it, or remove the baseline input',
    ]);
    expect(fs.existsSync(path.join(dir, 'kubeward-baseline.json'))).toBe(false);
  });

  it('loads a format that is not built in only when the workflow allows it (it runs code of the checkout)', () => {
    const { dir } = relaxingPullRequest();
    const marker = path.join(temp, `formatter-ran-${++count}`);
    write(dir, {
      'node_modules/eslint-formatter-planted/package.json': '{"name": "eslint-formatter-planted", "main": "index.js"}',
      'node_modules/eslint-formatter-planted/index.js': `require('fs').writeFileSync(${JSON.stringify(marker)}, 'ran'); module.exports = () => 'planted report';`,
    });
    const r = runAction(dir, { paths: 'deploy', format: 'planted' });
    expect(r.code).toBe(2);
    expect(r.lines[0]).toMatch(
      /^::error title=kubeward::the format input names "planted", which is not a built-in format \(stylish, json, sarif, github, junit, checkstyle, compact, unix, visualstudio\)/,
    );
    expect(fs.existsSync(marker)).toBe(false);
    const allowed = runAction(dir, { paths: 'deploy', format: 'planted', 'external-formatters': 'true' });
    expect(allowed.lines[0]).toBe('planted report');
    expect(fs.existsSync(marker)).toBe(true);
  });

  it('writes SARIF, prints a built-in format, and escapes what a file name or message holds', () => {
    const { dir } = repository({ '.kubeward.json': config(), 'deploy/x,y:z%.yaml': pod('w') }, {});
    const r = runAction(dir, { paths: 'deploy', format: 'github', 'sarif-file': 'out/kubeward.sarif', 'fail-level': 'none' });
    expect(r.code).toBe(0);
    expect(r.lines).toEqual([
      `::error title=kubeward run-as-non-root,file=deploy/x%2Cy%3Az%25.yaml,line=8,endLine=8,col=7,endColumn=16::${esc(rootMessage('w'))}`,
    ]);
    expect(r.outputs).toEqual({ 'error-count': '1', 'warning-count': '0', 'sarif-file': path.join(dir, 'out/kubeward.sarif') });
    const log = JSON.parse(fs.readFileSync(path.join(dir, 'out/kubeward.sarif'), 'utf8'));
    expect(log.runs[0].results.map((x: { ruleId: string }) => x.ruleId)).toEqual(['run-as-non-root']);

    fs.symlinkSync(path.join(temp, 'elsewhere.sarif'), path.join(dir, 'planted.sarif'));
    const link = runAction(dir, { paths: 'deploy', 'sarif-file': 'planted.sarif' });
    expect(link.code).toBe(2);
    expect(link.lines.at(-1)).toBe(
      '::error title=kubeward::Cannot write the SARIF file planted.sarif: it is a symbolic link (kubeward never writes through links); remove the link or choose another path',
    );
    expect(fs.existsSync(path.join(temp, 'elsewhere.sarif'))).toBe(false);
  });
});

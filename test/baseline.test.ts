/** The baseline: record today's findings, then report only new ones; keyed by object and path, never by line. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import readOnlyRootFilesystem from '../checks/read-only-root-filesystem/index.js';
import runAsNonRoot from '../checks/run-as-non-root/index.js';
import { run } from '../src/cli/cli.js';
import { ConfigError } from '../src/config/config.js';
import { lintFiles, type LintOptions } from '../src/engine/index.js';
import type { LintMessage } from '../src/shared/types.js';

const checks = [readOnlyRootFilesystem, runAsNonRoot];
let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubeward-baseline-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(name: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
  fs.writeFileSync(path.join(dir, name), text);
}

function deployment(name: string, containers: string[], lead = ''): string {
  return [
    `${lead}apiVersion: apps/v1`,
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    '  namespace: shop',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    ...containers.map((c) => `        - {name: ${c}, image: "nginx:1.25", securityContext: {runAsNonRoot: true}}`),
    '',
  ].join('\n');
}

async function lint(options: LintOptions = {}) {
  return lintFiles(['k8s'], { cwd: dir, checks, root: false, baseline: 'kubeward-baseline.json', ...options });
}

const brief = (m: LintMessage) => `${m.line}:${m.column} ${m.ruleId} ${m.object} ${m.path}`;

const RECORDED = `{
  "kubeward": "baseline",
  "version": 1,
  "findings": [
    {"ruleId":"read-only-root-filesystem","object":"Deployment/shop/api","path":"spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem","messageId":"writableRoot","count":1},
    {"ruleId":"read-only-root-filesystem","object":"Deployment/shop/web","path":"spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem","messageId":"writableRoot","count":1}
  ]
}
`;

describe('--baseline', () => {
  it("records today's findings when the file does not exist, sorted and one per line, and reports nothing", async () => {
    write('k8s/web.yaml', deployment('web', ['web']));
    write('k8s/api.yaml', deployment('api', ['api']));
    const results = await lint({ updateBaseline: true });
    expect(fs.readFileSync(path.join(dir, 'kubeward-baseline.json'), 'utf8')).toBe(RECORDED);
    expect(results.flatMap((r) => r.messages)).toEqual([]);
    expect(results.map((r) => r.errorCount)).toEqual([0, 0]);
    expect(results.flatMap((r) => r.suppressedMessages.map((m) => `${brief(m)} ${JSON.stringify(m.suppressions)}`))).toEqual([
      '10:44 read-only-root-filesystem Deployment/shop/api spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem [{"kind":"baseline","justification":"recorded in the baseline kubeward-baseline.json"}]',
      '10:44 read-only-root-filesystem Deployment/shop/web spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem [{"kind":"baseline","justification":"recorded in the baseline kubeward-baseline.json"}]',
    ]);
  });

  it('then reports only findings that are not in it', async () => {
    write('k8s/web.yaml', deployment('web', ['web']));
    await lint({ updateBaseline: true });
    write('k8s/web.yaml', deployment('web', ['web', 'sidecar']));
    const [result] = await lint();
    expect(result.messages.map(brief)).toEqual([
      '11:48 read-only-root-filesystem Deployment/shop/web spec.template.spec.containers[1].securityContext.readOnlyRootFilesystem',
    ]);
    expect(result.errorCount).toBe(1);
    expect(result.suppressedMessages.map((m) => `${brief(m)} ${m.suppressions![0].justification}`)).toEqual([
      '10:44 read-only-root-filesystem Deployment/shop/web spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem listed in the baseline kubeward-baseline.json',
    ]);
  });

  it('keeps matching when lines move (entries hold no line numbers)', async () => {
    write('k8s/web.yaml', deployment('web', ['web']));
    await lint({ updateBaseline: true });
    write('k8s/web.yaml', deployment('web', ['web'], '# Owned by the shop team.\n# Reviewed 2026-01.\n\n'));
    const [result] = await lint();
    expect(result.messages).toEqual([]);
    expect(result.suppressedMessages.map(brief)).toEqual([
      '13:44 read-only-root-filesystem Deployment/shop/web spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem',
    ]);
  });

  it('keeps matching when the object moves to another file', async () => {
    write('k8s/web.yaml', deployment('web', ['web']));
    await lint({ updateBaseline: true });
    fs.renameSync(path.join(dir, 'k8s/web.yaml'), path.join(dir, 'k8s/web-deployment.yaml'));
    const [result] = await lint();
    expect(result.messages).toEqual([]);
    expect(result.suppressedMessages).toHaveLength(1);
  });

  it('counts identical findings: a third copy of a baselined finding is reported', async () => {
    write('k8s/a/web.yaml', deployment('web', ['web']));
    write('k8s/b/web.yaml', deployment('web', ['web']));
    await lint({ updateBaseline: true });
    expect(fs.readFileSync(path.join(dir, 'kubeward-baseline.json'), 'utf8')).toContain('"messageId":"writableRoot","count":2}');
    write('k8s/c/web.yaml', deployment('web', ['web']));
    const results = await lint();
    expect(results.map((r) => `${path.relative(dir, r.filePath)} ${r.messages.length} ${r.suppressedMessages.length}`)).toEqual([
      'k8s/a/web.yaml 0 1',
      'k8s/b/web.yaml 0 1',
      'k8s/c/web.yaml 1 0',
    ]);
  });

  it('a different field path or message is a new finding', async () => {
    write('k8s/web.yaml', deployment('web', ['web']));
    await lint({ updateBaseline: true });
    write('k8s/web.yaml', deployment('web', ['web']).replace('runAsNonRoot: true}', 'runAsNonRoot: true, readOnlyRootFilesystem: false}'));
    const [result] = await lint();
    expect(result.messages.map((m) => `${brief(m)} ${m.messageId}`)).toEqual([
      '10:106 read-only-root-filesystem Deployment/shop/web spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem explicitlyWritable',
    ]);
  });

  it("--update-baseline rewrites it with today's findings (fixed ones drop out)", async () => {
    write('k8s/web.yaml', deployment('web', ['web']));
    write('k8s/api.yaml', deployment('api', ['api']));
    await lint({ updateBaseline: true });
    write('k8s/api.yaml', deployment('api', ['api']).replace('runAsNonRoot: true}', 'runAsNonRoot: true, readOnlyRootFilesystem: true}'));
    const results = await lint({ updateBaseline: true });
    expect(results.flatMap((r) => r.messages)).toEqual([]);
    expect(fs.readFileSync(path.join(dir, 'kubeward-baseline.json'), 'utf8')).toBe(
      RECORDED.replace(/ {4}\{"ruleId":"read-only-root-filesystem","object":"Deployment\/shop\/api".*\n/, ''),
    );
  });

  it('does not record findings already suppressed by a directive, nor parse errors', async () => {
    write('k8s/web.yaml', `# kubeward-disable-file -- vendor manifest\n${deployment('web', ['web'])}`);
    write('k8s/broken.yaml', 'kind: Pod\nkind: Pod\n');
    const results = await lint({ updateBaseline: true });
    expect(fs.readFileSync(path.join(dir, 'kubeward-baseline.json'), 'utf8')).toBe('{\n  "kubeward": "baseline",\n  "version": 1,\n  "findings": []\n}\n');
    const broken = results.find((r) => r.filePath.endsWith('broken.yaml'))!;
    expect(broken.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.fatal}`)).toEqual(['2:1 null true']);
    expect(broken.errorCount).toBe(1);
  });

  it('refuses a file that is not a kubeward baseline, naming it', async () => {
    write('k8s/web.yaml', deployment('web', ['web']));
    write('kubeward-baseline.json', '{"version": 1}');
    const error = await lint().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toBe('kubeward-baseline.json is not a kubeward baseline (it lacks "kubeward": "baseline" and "findings")');
    write('kubeward-baseline.json', '{"kubeward": "baseline", "version": 1, "findings": [{"ruleId": "x"}]}');
    await expect(lint()).rejects.toThrow('Baseline kubeward-baseline.json: findings[0] needs string ruleId, object, path and messageId');
    write('kubeward-baseline.json', '{oops');
    await expect(lint()).rejects.toThrow(/^Baseline kubeward-baseline.json is not valid JSON/);
  });
});

describe('kubeward --baseline (command line)', () => {
  function io() {
    const out = { stdout: '', stderr: '' };
    return {
      out,
      io: {
        stdout: (s: string) => void (out.stdout += s),
        stderr: (s: string) => void (out.stderr += s),
        stdin: async () => '',
        isTTY: false,
        env: {},
        cwd: dir,
      },
    };
  }
  const ONLY_TWO = ['--no-config', '--rule', 'schema:off', '--format', 'json'];

  it('records with --update-baseline (exit 0, says so on stderr), reports new findings later (exit 1)', async () => {
    write('k8s/web.yaml', deployment('web', ['web']));
    const missing = io();
    expect(await run(['k8s', '--baseline', 'kubeward-baseline.json', ...ONLY_TWO], missing.io)).toBe(2);
    expect(missing.out.stderr).toBe("kubeward: Baseline kubeward-baseline.json not found; pass --update-baseline to create it (with today's findings)\n");
    const first = io();
    expect(await run(['k8s', '--baseline', 'kubeward-baseline.json', '--update-baseline', ...ONLY_TWO], first.io)).toBe(0);
    expect(first.out.stderr).toMatch(
      /^kubeward: recorded \d+ findings? in the baseline kubeward-baseline\.json; later runs with --baseline report only new findings\n$/,
    );
    expect(JSON.parse(first.out.stdout)[0].messages).toEqual([]);

    const second = io();
    expect(await run(['k8s', '--baseline', 'kubeward-baseline.json', ...ONLY_TWO], second.io)).toBe(0);
    expect(second.out.stderr).toBe('');

    write('k8s/web.yaml', deployment('web', ['web', 'sidecar']));
    const third = io();
    expect(await run(['k8s', '--baseline', 'kubeward-baseline.json', ...ONLY_TWO], third.io)).toBe(1);
    const messages = JSON.parse(third.out.stdout)[0].messages as LintMessage[];
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.every((m) => m.path?.startsWith('spec.template.spec.containers[1]') || !m.path?.includes('containers'))).toBe(true);

    const update = io();
    expect(await run(['k8s', '--baseline', 'kubeward-baseline.json', '--update-baseline', ...ONLY_TWO], update.io)).toBe(0);
    expect(update.out.stderr).toMatch(/^kubeward: recorded \d+ findings? in the baseline kubeward-baseline\.json/);
  });

  it('--update-baseline without --baseline is a usage error', async () => {
    const x = io();
    expect(await run(['--update-baseline'], x.io)).toBe(2);
    expect(x.out.stderr).toBe('kubeward: --update-baseline needs --baseline FILE\n');
  });
});

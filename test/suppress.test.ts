/** Suppressions: comment directives (from the file's comments, the CST's comment tokens) and ignore-check annotations. */
import { describe, expect, it } from 'vitest';
import readOnlyRootFilesystem from '../checks/read-only-root-filesystem/index.js';
import runAsNonRoot from '../checks/run-as-non-root/index.js';
import { run } from '../src/cli/cli.js';
import { lintText, type LintOptions } from '../src/engine/index.js';
import { parseText } from '../src/parse/index.js';
import { applySuppressions, directivesOf } from '../src/suppress/suppress.js';
import type { LintMessage } from '../src/shared/types.js';

const checks = [readOnlyRootFilesystem, runAsNonRoot];

async function lint(code: string, options: LintOptions = {}) {
  const [result] = await lintText(code, { checks, filePath: 'pod.yaml', root: false, ...options });
  return result;
}

const brief = (m: LintMessage) => `${m.line}:${m.column} ${m.ruleId} ${m.messageId}`;
const briefSuppressed = (m: LintMessage) => `${brief(m)} ${JSON.stringify(m.suppressions)}`;

function pod(extra = '', containerComment = '', lead = ''): string {
  return [
    `${lead}apiVersion: v1`,
    'kind: Pod',
    'metadata:',
    '  name: web',
    '  namespace: shop',
    ...(extra ? [extra] : []),
    'spec:',
    '  containers:',
    `    - name: app${containerComment}`,
    '      image: nginx:1.25',
    '',
  ].join('\n');
}

describe('without suppressions', () => {
  it('reports both findings on the container line (the baseline for the tests below)', async () => {
    const result = await lint(pod());
    expect(result.messages.map(brief)).toEqual(['8:7 read-only-root-filesystem writableRoot', '8:7 run-as-non-root mayRunAsRoot']);
    expect(result.suppressedMessages).toEqual([]);
    expect(result.errorCount).toBe(2);
  });
});

describe('comment directives', () => {
  it('disable-next-line with one id and a reason', async () => {
    const code = pod().replace('    - name: app', '    # kubeward-disable-next-line run-as-non-root -- the image runs as uid 101\n    - name: app');
    const result = await lint(code);
    expect(result.messages.map(brief)).toEqual(['9:7 read-only-root-filesystem writableRoot']);
    expect(result.suppressedMessages.map(briefSuppressed)).toEqual([
      '9:7 run-as-non-root mayRunAsRoot [{"kind":"directive","justification":"the image runs as uid 101"}]',
    ]);
    expect(result.errorCount).toBe(1);
    expect(result.suppressedMessages[0].message).toBe(
      'Pod "web" container "app" may run as root: neither the container nor the pod sets securityContext.runAsNonRoot: true or a non-zero runAsUser',
    );
  });

  it('disable-next-line with several ids separated by commas, no reason', async () => {
    const code = pod().replace('    - name: app', '    # kubeward-disable-next-line run-as-non-root, read-only-root-filesystem\n    - name: app');
    const result = await lint(code);
    expect(result.messages).toEqual([]);
    expect(result.suppressedMessages.map(briefSuppressed)).toEqual([
      '9:7 read-only-root-filesystem writableRoot [{"kind":"directive","justification":""}]',
      '9:7 run-as-non-root mayRunAsRoot [{"kind":"directive","justification":""}]',
    ]);
    expect(result.errorCount).toBe(0);
  });

  it('disable-next-line with no id suppresses every check on that line only', async () => {
    const code = pod().replace('    - name: app', '    # kubeward-disable-next-line -- legacy pod, tracked in OPS-12\n    - name: app');
    const result = await lint(code);
    expect(result.messages).toEqual([]);
    expect(result.suppressedMessages.map((m) => m.suppressions)).toEqual([
      [{ kind: 'directive', justification: 'legacy pod, tracked in OPS-12' }],
      [{ kind: 'directive', justification: 'legacy pod, tracked in OPS-12' }],
    ]);
  });

  it('disable-next-line does not reach two lines down', async () => {
    const code = pod().replace('  containers:', '  # kubeward-disable-next-line run-as-non-root\n  containers:');
    const result = await lint(code);
    expect(result.messages.map(brief)).toEqual(['9:7 read-only-root-filesystem writableRoot', '9:7 run-as-non-root mayRunAsRoot']);
  });

  it('disable-line as a trailing comment, with a reason', async () => {
    const result = await lint(pod('', '  # kubeward-disable-line read-only-root-filesystem -- writes /var/cache/nginx'));
    expect(result.messages.map(brief)).toEqual(['8:7 run-as-non-root mayRunAsRoot']);
    expect(result.suppressedMessages.map(briefSuppressed)).toEqual([
      '8:7 read-only-root-filesystem writableRoot [{"kind":"directive","justification":"writes /var/cache/nginx"}]',
    ]);
  });

  it('disable / enable ranges by id', async () => {
    const code = [
      'apiVersion: v1',
      'kind: List',
      'items:',
      '  # kubeward-disable run-as-non-root -- batch jobs from the vendor chart',
      '  - apiVersion: v1',
      '    kind: Pod',
      '    metadata: {name: a}',
      '    spec:',
      '      containers:',
      '        - name: a',
      '  # kubeward-enable run-as-non-root',
      '  - apiVersion: v1',
      '    kind: Pod',
      '    metadata: {name: b}',
      '    spec:',
      '      containers:',
      '        - name: b',
      '',
    ].join('\n');
    const result = await lint(code);
    expect(result.messages.map(brief)).toEqual([
      '10:11 read-only-root-filesystem writableRoot',
      '17:11 read-only-root-filesystem writableRoot',
      '17:11 run-as-non-root mayRunAsRoot',
    ]);
    expect(result.suppressedMessages.map(briefSuppressed)).toEqual([
      '10:11 run-as-non-root mayRunAsRoot [{"kind":"directive","justification":"batch jobs from the vendor chart"}]',
    ]);
  });

  it('a range with no id disables every check; enable of one id turns only that one back on', async () => {
    const code = pod().replace('spec:', '# kubeward-disable -- everything below is generated\n# kubeward-enable run-as-non-root\nspec:');
    const result = await lint(code);
    expect(result.messages.map(brief)).toEqual(['10:7 run-as-non-root mayRunAsRoot']);
    expect(result.suppressedMessages.map(briefSuppressed)).toEqual([
      '10:7 read-only-root-filesystem writableRoot [{"kind":"directive","justification":"everything below is generated"}]',
    ]);
  });

  it('a disable range with no enable runs to the end of the file, across documents', async () => {
    const code = `# kubeward-disable read-only-root-filesystem\n${pod()}---\n${pod().replace('name: web', 'name: api')}`;
    const result = await lint(code);
    expect(result.messages.map(brief)).toEqual(['9:7 run-as-non-root mayRunAsRoot', '19:7 run-as-non-root mayRunAsRoot']);
    expect(result.suppressedMessages.map(brief)).toEqual(['9:7 read-only-root-filesystem writableRoot', '19:7 read-only-root-filesystem writableRoot']);
  });

  it('disable-file anywhere in the file, with ids and a reason', async () => {
    const code = `${pod()}# kubeward-disable-file run-as-non-root -- sidecar-only test fixtures\n`;
    const result = await lint(code);
    expect(result.messages.map(brief)).toEqual(['8:7 read-only-root-filesystem writableRoot']);
    expect(result.suppressedMessages.map(briefSuppressed)).toEqual([
      '8:7 run-as-non-root mayRunAsRoot [{"kind":"directive","justification":"sidecar-only test fixtures"}]',
    ]);
  });

  it('disable-file with no id suppresses every finding of the file', async () => {
    const result = await lint(`# kubeward-disable-file\n${pod()}`);
    expect(result.messages).toEqual([]);
    expect(result.suppressedMessages).toHaveLength(2);
    expect(result.errorCount).toBe(0);
  });

  it('the same finding suppressed by two directives lists both reasons', async () => {
    const code = `# kubeward-disable-file run-as-non-root -- file reason\n${pod('', '  # kubeward-disable-line run-as-non-root -- line reason')}`;
    const result = await lint(code);
    expect(result.suppressedMessages.map((m) => m.suppressions)).toEqual([
      [
        { kind: 'directive', justification: 'file reason' },
        { kind: 'directive', justification: 'line reason' },
      ],
    ]);
  });

  it('reads only real comments: a directive inside a block scalar is text, not a directive', async () => {
    const code = pod('  annotations:\n    note: |\n      # kubeward-disable-file\n      see runbook');
    const result = await lint(code);
    expect(result.messages.map(brief)).toEqual(['12:7 read-only-root-filesystem writableRoot', '12:7 run-as-non-root mayRunAsRoot']);
    expect(result.suppressedMessages).toEqual([]);
  });

  it('never suppresses parse errors', async () => {
    const result = await lint('# kubeward-disable-file\napiVersion: v1\nkind: Pod\nkind: Pod\n');
    expect(result.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.fatal}`)).toEqual(['4:1 null true']);
    expect(result.messages[0].message).toMatch(/^Parsing error: Map keys must be unique/);
    expect(result.suppressedMessages).toEqual([]);
    expect(result.fatalErrorCount).toBe(1);
  });

  it('warns about a misspelt directive and an unknown check id', async () => {
    const code = pod().replace(
      '    - name: app',
      '    # kubeward-disable-nextline run-as-non-root\n    # kubeward-disable-next-line run-as-nonroot\n    - name: app',
    );
    const result = await lint(code);
    expect(result.messages.map((m) => `${brief(m)} ${m.severity} ${m.message}`)).toEqual([
      '8:5 null unknownDirective 1 Unknown directive "kubeward-disable-nextline": use kubeward-disable-next-line, kubeward-disable-line, kubeward-disable, kubeward-enable or kubeward-disable-file',
      '9:5 null unknownCheck 1 Unknown check "run-as-nonroot" in kubeward-disable-next-line directive (kubeward --list-checks lists the check ids)',
      '10:7 read-only-root-filesystem writableRoot 2 Pod "web" container "app" has a writable root filesystem: securityContext.readOnlyRootFilesystem is not true',
      '10:7 run-as-non-root mayRunAsRoot 2 Pod "web" container "app" may run as root: neither the container nor the pod sets securityContext.runAsNonRoot: true or a non-zero runAsUser',
    ]);
    expect(result.warningCount).toBe(2);
  });

  it('ignores ordinary comments that merely mention kubeward', async () => {
    const result = await lint(pod('', '  # linted by kubeward-ci, see kubeward-disable docs'));
    expect(result.messages.map(brief)).toEqual(['8:7 read-only-root-filesystem writableRoot', '8:7 run-as-non-root mayRunAsRoot']);
  });
});

describe('reading directives from the CST', () => {
  it('finds comments at every level: stream start, trailing, inside sequences, between documents', () => {
    const file = parseText('# top\na: 1 # trail\nb:\n  - x # item\n  # after item\n---\n# doc2\nc: 2\n', 'x.yaml');
    expect(file.comments().map((c) => c.source)).toEqual(['# top', '# trail', '# item', '# after item', '# doc2']);
  });

  it('parses kind, ids, justification and position', () => {
    const file = parseText('a: 1 # kubeward-disable-line  x ,y --  why -- not  \n', 'x.yaml');
    const { directives, problems } = directivesOf(file, new Set(['x', 'y']));
    expect(problems).toEqual([]);
    expect(directives.map(({ used, ...d }) => d)).toEqual([
      { kind: 'disable-line', ids: ['x', 'y'], justification: 'why -- not', line: 1, column: 6, endLine: 1, endColumn: 50 },
    ]);
  });
});

describe('--report-unused-disable-directives', () => {
  const code = [
    '# kubeward-disable-file run-as-non-root, read-only-root-filesystem -- both used',
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: web # kubeward-disable-line run-as-non-root -- nothing here',
    'spec:',
    '  # kubeward-disable-next-line',
    '  containers:',
    '    - name: app',
    '      securityContext: {runAsNonRoot: true}',
    '      # kubeward-disable-next-line run-as-non-root, read-only-root-filesystem -- one of two used',
    '      image: nginx',
    '',
  ].join('\n');

  it('is off by default', async () => {
    const result = await lint(code);
    expect(result.messages).toEqual([]);
  });

  it('reports each directive (and each id) that suppressed nothing, as warnings with ruleId null', async () => {
    const result = await lint(code.replace('securityContext: {runAsNonRoot: true}', 'securityContext: {runAsNonRoot: true, readOnlyRootFilesystem: false}'), {
      reportUnusedDisableDirectives: true,
    });
    expect(result.messages.map((m) => `${m.line}:${m.column}-${m.endLine}:${m.endColumn} ${m.ruleId} ${m.severity} ${m.message}`)).toEqual([
      '1:1-1:80 null 1 Unused kubeward-disable-file directive (no problems were reported from "run-as-non-root"): remove it',
      '5:13-5:68 null 1 Unused kubeward-disable-line directive (no problems were reported from "run-as-non-root"): remove it',
      '7:3-7:31 null 1 Unused kubeward-disable-next-line directive (no problems were reported): remove it',
      '11:7-11:97 null 1 Unused kubeward-disable-next-line directive (no problems were reported from "run-as-non-root", "read-only-root-filesystem"): remove it',
    ]);
    expect(result.warningCount).toBe(4);
    expect(result.errorCount).toBe(0);
    // The finding sits on the securityContext line, so only the file-wide directive covers it.
    expect(result.suppressedMessages.map(briefSuppressed)).toEqual([
      '10:69 read-only-root-filesystem explicitlyWritable [{"kind":"directive","justification":"both used"}]',
    ]);
  });

  it('reports only the unused id of a directive with several, at the level asked for', async () => {
    const twoIds = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: web',
      'spec:',
      '  containers:',
      '    - name: app',
      '      # kubeward-disable-next-line run-as-non-root, read-only-root-filesystem -- only one fires',
      '      securityContext: {runAsNonRoot: true}',
      '',
    ].join('\n');
    const result = await lint(twoIds, { reportUnusedDisableDirectives: 'error' });
    expect(result.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.messageId} ${m.severity} ${m.message}`)).toEqual([
      '8:7 null unusedDirective 2 Unused kubeward-disable-next-line directive (no problems were reported from "run-as-non-root"): remove it',
    ]);
    expect(result.errorCount).toBe(1);
    expect(result.suppressedMessages.map(brief)).toEqual(['9:7 read-only-root-filesystem writableRoot']);
  });

  it('does not report directives in a file that did not parse (its checks did not run)', async () => {
    const result = await lint('# kubeward-disable-file run-as-non-root\napiVersion: v1\nkind: Pod\nkind: Pod\n', { reportUnusedDisableDirectives: true });
    expect(result.messages.map((m) => m.messageId)).not.toContain('unusedDirective');
    expect(result.fatalErrorCount).toBe(1);
  });

  it("'off' reports nothing", async () => {
    const result = await lint(code, { reportUnusedDisableDirectives: 'off' });
    expect(result.messages).toEqual([]);
  });
});

describe('ignore-check annotations', () => {
  it('on the object, with the reason as justification', async () => {
    const code = pod('  annotations:\n    ignore-check.kubeward.io/run-as-non-root: "distroless image, uid 65532"');
    const result = await lint(code);
    expect(result.messages.map(brief)).toEqual(['10:7 read-only-root-filesystem writableRoot']);
    expect(result.suppressedMessages.map(briefSuppressed)).toEqual([
      '10:7 run-as-non-root mayRunAsRoot [{"kind":"annotation","justification":"distroless image, uid 65532"}]',
    ]);
  });

  it("on a workload's pod template metadata", async () => {
    const code = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: web, namespace: shop}',
      'spec:',
      '  template:',
      '    metadata:',
      '      annotations:',
      '        ignore-check.kubeward.io/read-only-root-filesystem: ""',
      '    spec:',
      '      containers:',
      '        - name: app',
      '',
    ].join('\n');
    const result = await lint(code);
    expect(result.messages.map(brief)).toEqual(['11:11 run-as-non-root mayRunAsRoot']);
    expect(result.suppressedMessages.map(briefSuppressed)).toEqual([
      '11:11 read-only-root-filesystem writableRoot [{"kind":"annotation","justification":""}]',
    ]);
  });

  it('applies to its own object only, not to the next document', async () => {
    const first = pod('  annotations:\n    ignore-check.kubeward.io/run-as-non-root: "ok"');
    const second = pod().replace('name: web', 'name: api');
    const result = await lint(`${first}---\n${second}`);
    expect(result.messages.map(brief)).toEqual([
      '10:7 read-only-root-filesystem writableRoot',
      '20:7 read-only-root-filesystem writableRoot',
      '20:7 run-as-non-root mayRunAsRoot',
    ]);
    expect(result.suppressedMessages.map(brief)).toEqual(['10:7 run-as-non-root mayRunAsRoot']);
  });

  it('an annotation for another check suppresses nothing', async () => {
    const result = await lint(pod('  annotations:\n    ignore-check.kubeward.io/image-tag: "pinned by digest elsewhere"'));
    expect(result.messages.map(brief)).toEqual(['10:7 read-only-root-filesystem writableRoot', '10:7 run-as-non-root mayRunAsRoot']);
  });
});

describe('applySuppressions without directives', () => {
  const file = parseText(pod(), 'pod.yaml');
  const message = (ruleId: string, line: number): LintMessage => ({ ruleId, severity: 2, message: ruleId, line, column: 1, object: 'Pod/shop/web' });
  const messages = [message('run-as-non-root', 8), message('read-only-root-filesystem', 9)];
  const options = (annotations: Array<Record<string, string> | undefined>) => ({
    knownIds: new Set(['run-as-non-root', 'read-only-root-filesystem']),
    objects: annotations.map((a) => ({
      object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'shop', annotations: a } },
      kind: 'Pod',
      namespace: 'shop',
      name: 'web',
    })),
    requireReason: true,
  });

  it('reports every message as it is, in a new list, when no object has an ignore annotation', () => {
    const split = applySuppressions(file, messages, options([undefined, { 'ignore-check.kubeward.io': 'x', 'other.io/run-as-non-root': 'x' }]));
    expect(split.messages).toEqual(messages);
    expect(split.messages).not.toBe(messages);
    expect(split.messages[0]).toBe(messages[0]);
    expect(split.suppressedMessages).toEqual([]);
  });

  it("reads each object's annotations once, not again for each message", () => {
    let reads = 0;
    const metadata = new Proxy(
      { name: 'web', namespace: 'shop', annotations: { 'app.io/x': 'y' } },
      {
        get: (target, key, receiver) => {
          if (key === 'annotations') reads++;
          return Reflect.get(target, key, receiver) as unknown;
        },
      },
    );
    const objects = [{ object: { apiVersion: 'v1', kind: 'Pod', metadata }, kind: 'Pod', namespace: 'shop', name: 'web' }];
    expect(applySuppressions(file, messages, { knownIds: new Set(), objects }).messages).toEqual(messages);
    expect(reads).toBeLessThanOrEqual(2);
  });

  it('reads the annotations when one has one: the first object of an id is the one that counts', () => {
    const first = applySuppressions(file, messages, options([{ 'ignore-check.kubeward.io/run-as-non-root': 'ok' }]));
    expect(first.messages.map((m) => m.ruleId)).toEqual(['read-only-root-filesystem']);
    expect(first.suppressedMessages.map((m) => m.suppressions)).toEqual([[{ kind: 'annotation', justification: 'ok' }]]);
    const second = applySuppressions(file, messages, options([{}, { 'ignore-check.kubeward.io/run-as-non-root': 'ok' }]));
    expect(second.messages).toEqual(messages);
    // Without a reason (reasons required): a warning, nothing suppressed.
    const reasonless = applySuppressions(file, messages, options([{ 'ignore-check.kubeward.io/run-as-non-root': '' }]));
    expect(reasonless.messages.map((m) => m.messageId ?? m.ruleId)).toEqual(['run-as-non-root', 'read-only-root-filesystem', 'missingReason']);
  });
});

describe('command line', () => {
  const text =
    '# kubeward-disable-file run-as-non-root -- a ConfigMap runs nothing\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: shop}\ndata: {a: b}\n';
  async function cli(args: string[]) {
    const out = { stdout: '', stderr: '' };
    const code = await run(args, {
      stdout: (s) => void (out.stdout += s),
      stderr: (s) => void (out.stderr += s),
      stdin: async () => text,
      isTTY: false,
      env: {},
      cwd: process.cwd(),
    });
    return { code, ...out };
  }
  const unusedOf = (stdout: string) =>
    (JSON.parse(stdout)[0].messages as LintMessage[])
      .filter((m) => m.messageId === 'unusedDirective')
      .map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.severity} ${m.message}`);

  it('--report-unused-disable-directives: a warning', async () => {
    const r = await cli(['-', '--no-config', '-f', 'json', '--report-unused-disable-directives']);
    expect(unusedOf(r.stdout)).toEqual(['1:1 null 1 Unused kubeward-disable-file directive (no problems were reported from "run-as-non-root"): remove it']);
  });

  it('--report-unused-disable-directives-severity error: an error, exit 1', async () => {
    const r = await cli(['-', '--no-config', '-f', 'json', '--report-unused-disable-directives-severity', 'error']);
    expect(unusedOf(r.stdout)).toEqual(['1:1 null 2 Unused kubeward-disable-file directive (no problems were reported from "run-as-non-root"): remove it']);
    expect(r.code).toBe(1);
  });

  it('without the flag nothing is reported; a bad severity is a usage error', async () => {
    expect(unusedOf((await cli(['-', '--no-config', '-f', 'json'])).stdout)).toEqual([]);
    const bad = await cli(['-', '--report-unused-disable-directives-severity', 'loud']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('kubeward: --report-unused-disable-directives-severity expects off, warn or error (or 0, 1, 2), got "loud"\n');
  });
});

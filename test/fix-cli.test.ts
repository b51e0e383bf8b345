/**
 * --fix, --fix-dry-run and --fix-type through the command line: examples/insecure fixed in a temporary copy (twice
 * gives the bytes of once, only findings without a fix remain), dry runs write nothing, and the flags' usage errors.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checks } from '../checks/index.js';
import { run } from '../src/cli/cli.js';
import type { LintResult } from '../src/shared/types.js';

const repo = path.resolve(__dirname, '..');

async function cli(args: string[], cwd: string, stdin = '') {
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    stdin: async () => stdin,
    isTTY: false,
    env: {},
    cwd,
  });
  return { code, stdout, stderr };
}

function copyExamples(): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kubeward-fix-')));
  fs.cpSync(path.join(repo, 'examples/insecure'), dir, { recursive: true });
  return dir;
}

function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    fs
      .readdirSync(dir)
      .sort()
      .map((f) => [f, fs.readFileSync(path.join(dir, f), 'latin1')]),
  );
}

const fixableIds = checks.filter((c) => c.meta.fixable).map((c) => c.meta.id);

/** Findings of fixable checks that are left alone on purpose: an explicit value is the author's decision. */
const DELIBERATELY_UNFIXED: Record<string, string[]> = {
  'run-as-non-root': ['runAsRootUser', 'runAsNonRootFalse'],
  'read-only-root-filesystem': ['explicitlyWritable'],
  // missing: on a privileged container, where the API server refuses allowPrivilegeEscalation: false.
  'no-privilege-escalation': ['allowed', 'missing'],
  'drop-net-raw': ['added'],
  'no-automount-service-account-token': ['podAutomounts'],
  'seccomp-profile': ['unconfined', 'podUnconfined', 'unknown', 'podUnknown'],
};

describe('kubeward --fix on examples/insecure', () => {
  it('the dry run reports the fixed text and writes nothing; --fix writes exactly that text', async () => {
    const dir = copyExamples();
    const before = snapshot(dir);
    const dry = await cli(['--no-config', '--fix-dry-run', '-f', 'json', '.'], dir);
    expect(dry.code).toBe(1);
    expect(snapshot(dir)).toEqual(before);
    const dryResults = JSON.parse(dry.stdout) as LintResult[];
    const outputs = Object.fromEntries(dryResults.filter((r) => r.output !== undefined).map((r) => [path.basename(r.filePath), r.output!]));
    expect(Object.keys(outputs).sort()).toEqual(['debug-pod.yaml', 'payments.yaml', 'shop.yaml']);

    const fixed = await cli(['--no-config', '--fix', '-f', 'json', '.'], dir);
    expect(fixed.code).toBe(1);
    const after = snapshot(dir);
    for (const [name, text] of Object.entries(before)) expect(after[name]).toBe(outputs[name] ?? text);
    expect(JSON.parse(fixed.stdout)).toEqual(dryResults);
  });

  it('fixing twice gives the same bytes as fixing once, and leaves only findings without a fix', async () => {
    const dir = copyExamples();
    const original = snapshot(dir);
    const first = JSON.parse((await cli(['--no-config', '--fix', '-f', 'json', '.'], dir)).stdout) as LintResult[];
    const once = snapshot(dir);
    expect(once).not.toEqual(original);
    const second = JSON.parse((await cli(['--no-config', '--fix', '-f', 'json', '.'], dir)).stdout) as LintResult[];
    expect(snapshot(dir)).toEqual(once);
    for (const results of [first, second]) {
      for (const r of results) {
        expect(r.messages.filter((m) => m.fix)).toEqual([]);
        expect(r.fixableErrorCount + r.fixableWarningCount).toBe(0);
        for (const m of r.messages.filter((x) => x.ruleId && fixableIds.includes(x.ruleId))) {
          expect(DELIBERATELY_UNFIXED[m.ruleId!], `${m.ruleId} ${m.messageId} in ${path.basename(r.filePath)}`).toContain(m.messageId);
        }
      }
    }
    expect(second.filter((r) => r.output !== undefined)).toEqual([]);
    // The original findings of fixable checks that had a fix are gone; the others remain.
    const originalRun = JSON.parse((await cli(['--no-config', '-f', 'json', '.'], copyExamples())).stdout) as LintResult[];
    const fixable = originalRun.flatMap((r) => r.messages.filter((m) => m.fix));
    expect(new Set(fixable.map((m) => m.ruleId))).toEqual(new Set(fixableIds));
    const remaining = (rs: LintResult[]) =>
      rs.flatMap((r) => r.messages.filter((m) => !m.fix).map((m) => `${path.basename(r.filePath)} ${m.ruleId} ${m.messageId} ${m.object}`));
    const left = new Set(remaining(second));
    for (const m of remaining(originalRun)) {
      if (!m.includes(' schema ')) expect(left, m).toContain(m);
    }
  });
});

describe('--fix flags', () => {
  const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: app:1\n';

  it('--fix-type picks checks by id; strict drops ALL', async () => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kubeward-fix-')));
    fs.writeFileSync(path.join(dir, 'pod.yaml'), pod);
    const { code } = await cli(['--no-config', '--fix', '--fix-type', 'run-as-non-root,drop-net-raw', '--fix-type', 'strict', 'pod.yaml'], dir);
    expect(code).toBe(1);
    expect(fs.readFileSync(path.join(dir, 'pod.yaml'), 'utf8')).toBe(
      `${pod}      securityContext:\n        capabilities:\n          drop:\n            - ALL\n        runAsNonRoot: true\n`,
    );
  });

  it('--fix-dry-run reads standard input and reports the output', async () => {
    const { stdout } = await cli(['--no-config', '--fix-dry-run', '--fix-type', 'no-privilege-escalation', '-f', 'json', '-'], os.tmpdir(), pod);
    const [result] = JSON.parse(stdout) as LintResult[];
    expect(result.output).toBe(`${pod}      securityContext:\n        allowPrivilegeEscalation: false\n`);
  });

  it('refuses flags that cannot work together', async () => {
    const cwd = os.tmpdir();
    expect(await cli(['--fix', '--fix-dry-run', '.'], cwd)).toMatchObject({ code: 2, stderr: 'kubeward: --fix and --fix-dry-run cannot be used together\n' });
    expect(await cli(['--fix-type', 'strict', '.'], cwd)).toMatchObject({ code: 2, stderr: 'kubeward: --fix-type needs --fix or --fix-dry-run\n' });
    expect(await cli(['--fix', '-'], cwd, pod)).toMatchObject({ code: 2, stderr: 'kubeward: --fix cannot write to standard input; use --fix-dry-run\n' });
    const unknown = await cli(['--fix', '--fix-type', 'image-tag', '.'], cwd);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(
      `kubeward: --fix-type expects "strict", "problem" or the id of a check with an automatic fix (${fixableIds.join(', ')}), got "image-tag"\n`,
    );
  });
});

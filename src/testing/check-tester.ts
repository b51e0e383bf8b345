/**
 * ESLint-style check tests as data, for the built-in checks and for plugins alike (`import { CheckTester } from
 * 'kubeward/testing'`). A check's cases are `{ valid, invalid }`; each case's YAML is linted with only that check on,
 * and every diagnostic is compared exactly (message id, message, line, column and, when given, end position,
 * severity and fixed output). Like ESLint's RuleTester it refuses an invalid case with no errors, duplicate cases and
 * unknown message ids, so a case that cannot fail is caught. It runs under any test framework with `describe` and
 * `it` (vitest, jest, mocha, node:test): given to the constructor, else the global ones.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Check } from '../check-api.js';
import type { KubewardConfig } from '../config/index.js';
import { lintFiles, lintText } from '../engine/index.js';
import type { LintMessage, LintResult } from '../shared/types.js';

interface ExpectedPosition {
  messageId: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  /** 1 warning, 2 error; defaults to the check's default level for findings without their own. */
  severity?: 1 | 2;
  /** The rule id, for checks with sub-ids (`vap/<policy>`); default the check's id. */
  ruleId?: string;
}

/**
 * An expected error names its message by `messageId` and gives either the whole `message` text or the `data` that
 * fills the template (ESLint's RuleTester). With `data`, the tester fills `meta.messages[messageId]` as the engine
 * does: `{{object}}` is the reported object (`Deployment "web"`) unless `data` gives it; a key of `data` that is no
 * placeholder of the template, or a placeholder `data` leaves unfilled, fails the case.
 */
export type ExpectedError = ExpectedPosition & ({ message: string; data?: never } | { data: Record<string, string | number>; message?: never });

export interface ValidCase {
  name: string;
  code: string;
  options?: Record<string, unknown>;
  filePath?: string;
  /** Other files of the same repository, for repository-wide checks: path → YAML text. */
  files?: Record<string, string>;
  kubernetesVersion?: string;
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedError[];
  /** The text after `--fix` (only this check fixing), or null when nothing is fixed. Omitted: not tested. */
  output?: string | null;
}

export interface CheckCases {
  valid: ValidCase[];
  invalid: InvalidCase[];
}

type Describe = (name: string, fn: () => void) => unknown;
type It = (name: string, fn: () => Promise<void>) => unknown;

export interface CheckTesterOptions {
  describe?: Describe;
  it?: It;
}

/** Lint one case with only `check` on (the other checks of `allChecks` off): the case file's result. */
export async function lintCase(check: Check, c: ValidCase, allChecks: readonly Check[] = [check], fix = false): Promise<LintResult> {
  const level = check.meta.severity === 'error' ? 'error' : 'warn';
  const rules: NonNullable<KubewardConfig['rules']> = { schema: 'off' };
  for (const other of allChecks) rules[other.meta.id] = other === check ? [level, c.options ?? {}] : 'off';
  const options = { checks: allChecks, config: { rules }, kubernetesVersion: c.kubernetesVersion, fix };
  if (!c.files) {
    const results = await lintText(c.code, { ...options, filePath: c.filePath ?? 'case.yaml', root: false });
    return results[0];
  }
  // Repository-wide cases: the case file is linted, the other files are only read, as a pre-commit hook does.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubeward-case-'));
  try {
    const casePath = path.join(dir, c.filePath ?? 'case.yaml');
    for (const [name, text] of Object.entries({ ...c.files, [c.filePath ?? 'case.yaml']: c.code })) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
    // File by file: a check's cases test the check, not the renderers (test/gitops/ does).
    const results = await lintFiles([casePath], { ...options, cwd: dir, root: dir, render: false });
    return results[0];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const PLACEHOLDER = /\{\{\s*([\w.-]+)\s*\}\}/g;

/** The placeholders of a message template, in order, without repeats. */
export function placeholdersOf(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]))];
}

/** A template filled the way the engine fills it (src/check/run.ts): a missing key leaves its placeholder. */
function fill(template: string, data: Record<string, string | number>): string {
  return template.replace(PLACEHOLDER, (whole, key: string) => (key in data ? String(data[key]) : whole));
}

/** `{{object}}` as the engine fills it, `Kind "name"`, from a message's `object` (`Kind/namespace/name`). */
function objectOf(message: LintMessage | undefined): string | undefined {
  if (!message?.object) return undefined;
  const parts = message.object.split('/');
  return `${parts[0]} "${parts[parts.length - 1]}"`;
}

/** Refuses an expected error that gives both or neither of `message` and `data`, or `data` that does not fit the template. */
export function assertExpectedError(check: Check, e: ExpectedError): void {
  const where = `${check.meta.id}: expected error "${e.messageId}" at ${e.line}:${e.column}`;
  const template = check.meta.messages[e.messageId];
  if (template === undefined) throw new Error(`${where}: unknown messageId "${e.messageId}"`);
  const hasMessage = e.message !== undefined;
  const hasData = e.data !== undefined;
  if (hasMessage === hasData) throw new Error(`${where}: give either message or data (with messageId), ${hasMessage ? 'not both' : 'one of them'}`);
  if (!hasData) return;
  const placeholders = placeholdersOf(template);
  const unknown = Object.keys(e.data).filter((key) => !placeholders.includes(key));
  if (unknown.length) throw new Error(`${where}: data gives ${unknown.map((k) => `"${k}"`).join(', ')}, not a placeholder of "${template}"`);
  const unfilled = placeholders.filter((key) => key !== 'object' && !(key in e.data));
  if (unfilled.length) throw new Error(`${where}: data leaves ${unfilled.map((k) => `{{${k}}}`).join(', ')} unfilled in "${template}"`);
}

/** The message text an expected error stands for; `actual` is the message it is compared with (for `{{object}}`). */
export function expectedMessage(check: Check, e: ExpectedError, actual: LintMessage | undefined): string {
  if (e.message !== undefined) return e.message;
  const object = objectOf(actual);
  return fill(check.meta.messages[e.messageId], { ...(object !== undefined && { object }), ...e.data });
}

const ownMessage = (check: Check) => (m: { ruleId: string | null; fatal?: boolean }) =>
  m.ruleId === check.meta.id || (Boolean(check.meta.subIds) && Boolean(m.ruleId?.startsWith(`${check.meta.id}/`))) || Boolean(m.fatal);

export class CheckTester {
  private readonly describe: Describe;
  private readonly it: It;

  constructor(options: CheckTesterOptions = {}) {
    const g = globalThis as { describe?: Describe; it?: It };
    const describe = options.describe ?? g.describe;
    const it = options.it ?? g.it;
    if (!describe || !it)
      throw new Error('CheckTester needs describe and it: pass them (new CheckTester({ describe, it })) or run under a test framework with globals');
    this.describe = describe;
    this.it = it;
  }

  /** One test per case, under `describe(<check id>)`. Throws at once for duplicate cases. */
  run(check: Check, cases: CheckCases): void {
    const seen = new Set<string>();
    for (const c of [...cases.valid, ...cases.invalid]) {
      const key = JSON.stringify([c.code, c.options ?? {}, c.files ?? {}, c.filePath ?? '', c.kubernetesVersion ?? '']);
      if (seen.has(key)) throw new Error(`${check.meta.id}: duplicate case "${c.name}"`);
      seen.add(key);
    }
    const mine = ownMessage(check);
    this.describe(check.meta.id, () => {
      this.describe('valid', () => {
        for (const c of cases.valid) {
          this.it(c.name, async () => {
            const result = await lintCase(check, c);
            assert.deepEqual(result.messages.filter(mine), []);
          });
        }
      });
      this.describe('invalid', () => {
        for (const c of cases.invalid) {
          this.it(c.name, async () => {
            assert.ok(c.errors.length > 0, 'an invalid case must expect at least one error');
            for (const e of c.errors) {
              assert.ok(e.messageId in check.meta.messages, `unknown messageId "${e.messageId}"`);
              assertExpectedError(check, e);
            }
            const result = await lintCase(check, c);
            const own = result.messages.filter(mine);
            const actual = own.map((m) => ({ messageId: m.messageId, message: m.message, line: m.line, column: m.column }));
            const expected = c.errors.map((e, i) => ({ messageId: e.messageId, message: expectedMessage(check, e, own[i]), line: e.line, column: e.column }));
            assert.deepEqual(actual, expected);
            c.errors.forEach((e, i) => {
              const m = own[i];
              if (e.endLine !== undefined) assert.equal(m.endLine, e.endLine, 'endLine');
              if (e.endColumn !== undefined) assert.equal(m.endColumn, e.endColumn, 'endColumn');
              if (e.severity !== undefined) assert.equal(m.severity, e.severity, 'severity');
              assert.equal(m.ruleId, e.ruleId ?? check.meta.id, 'ruleId');
            });
            if (c.output !== undefined) {
              assert.notEqual(c.output, c.code, 'an expected output must differ from the code (use null for "not fixed")');
              const fixed = await lintCase(check, c, [check], true);
              assert.equal(fixed.output ?? null, c.output);
            }
          });
        }
      });
    });
  }
}

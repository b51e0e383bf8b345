/**
 * ESLint-style check tests as data. A check's `cases.ts` exports `{ valid, invalid }`; `runCheckCases` lints each
 * case's YAML with only that check enabled and compares every diagnostic exactly (rule id, message id, message, line,
 * column and, when given, end position). Like ESLint's RuleTester it refuses an invalid case with no errors,
 * duplicate cases and unknown message ids, so a case that cannot fail is caught; and an expected error gives either
 * the `message` text or the `data` that fills the `messageId`'s template (plus `object`, as the engine fills it).
 */
import { describe, expect, it } from 'vitest';
import type { Check } from '../src/check-api.js';
import type { KubewardConfig } from '../src/config/config.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { lintFiles, lintText } from '../src/engine/index.js';
import type { LintMessage } from '../src/shared/types.js';

interface ExpectedPosition {
  messageId: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  /** 1 warning, 2 error; defaults to the check's default level for findings without their own. */
  severity?: 1 | 2;
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

export async function lintCase(check: Check, c: ValidCase, allChecks: readonly Check[] = [check], fix = false) {
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
  const unknown = Object.keys(e.data!).filter((key) => !placeholders.includes(key));
  if (unknown.length) throw new Error(`${where}: data gives ${unknown.map((k) => `"${k}"`).join(', ')}, not a placeholder of "${template}"`);
  const unfilled = placeholders.filter((key) => key !== 'object' && !(key in e.data!));
  if (unfilled.length) throw new Error(`${where}: data leaves ${unfilled.map((k) => `{{${k}}}`).join(', ')} unfilled in "${template}"`);
}

/** The message text an expected error stands for; `actual` is the message it is compared with (for `{{object}}`). */
export function expectedMessage(check: Check, e: ExpectedError, actual: LintMessage | undefined): string {
  if (e.message !== undefined) return e.message;
  const object = objectOf(actual);
  return fill(check.meta.messages[e.messageId], { ...(object !== undefined && { object }), ...e.data });
}

export function runCheckCases(check: Check, cases: CheckCases): void {
  const seen = new Set<string>();
  for (const c of [...cases.valid, ...cases.invalid]) {
    const key = JSON.stringify([c.code, c.options ?? {}, c.files ?? {}, c.filePath ?? '', c.kubernetesVersion ?? '']);
    if (seen.has(key)) throw new Error(`${check.meta.id}: duplicate case "${c.name}"`);
    seen.add(key);
  }
  describe(check.meta.id, () => {
    describe('valid', () => {
      for (const c of cases.valid) {
        it(c.name, async () => {
          const result = await lintCase(check, c);
          expect(result.messages.filter((m) => m.ruleId === check.meta.id || m.fatal)).toEqual([]);
        });
      }
    });
    describe('invalid', () => {
      for (const c of cases.invalid) {
        it(c.name, async () => {
          expect(c.errors.length, 'an invalid case must expect at least one error').toBeGreaterThan(0);
          for (const e of c.errors) {
            expect(Object.keys(check.meta.messages), `unknown messageId "${e.messageId}"`).toContain(e.messageId);
            assertExpectedError(check, e);
          }
          const result = await lintCase(check, c);
          const messages = result.messages.filter((m) => m.ruleId === check.meta.id || m.fatal);
          const actual = messages.map((m) => ({ messageId: m.messageId, message: m.message, line: m.line, column: m.column }));
          const expected = c.errors.map((e, i) => ({ messageId: e.messageId, message: expectedMessage(check, e, messages[i]), line: e.line, column: e.column }));
          expect(actual).toEqual(expected);
          c.errors.forEach((e, i) => {
            const m = result.messages.filter((x) => x.ruleId === check.meta.id)[i];
            if (e.endLine !== undefined) expect(m.endLine).toBe(e.endLine);
            if (e.endColumn !== undefined) expect(m.endColumn).toBe(e.endColumn);
            if (e.severity !== undefined) expect(m.severity).toBe(e.severity);
            expect(m.ruleId).toBe(check.meta.id);
          });
          if (c.output !== undefined) {
            expect(c.output, 'an expected output must differ from the code (use null for "not fixed")').not.toBe(c.code);
            const fixed = await lintCase(check, c, [check], true);
            expect(fixed.output ?? null).toBe(c.output);
          }
        });
      }
    });
  });
}

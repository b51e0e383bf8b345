/** Shared helpers of the hostile-input suite. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import runAsNonRoot from '../../checks/run-as-non-root/index.js';
import { lintFiles, lintText, type LintOptions } from '../../src/engine/index.js';
import type { LintMessage, LintResult } from '../../src/shared/types.js';

export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

/** One stable check, so expectations do not move when other checks change. */
export const ONLY_RUN_AS_NON_ROOT: LintOptions = { checks: [runAsNonRoot], root: false };

export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** A Pod whose container "app" may run as root: run-as-non-root reports it on line 8, column 5 of the pod. */
export function pod(name: string): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: kubeward-hostile
spec:
  containers:
  - name: app
    image: nginx:1.27
`;
}

export function mayRunAsRoot(name: string, line: number, column = 5) {
  return {
    ruleId: 'run-as-non-root',
    messageId: 'mayRunAsRoot',
    line,
    column,
    message: `Pod "${name}" container "app" may run as root: neither the container nor the pod sets securityContext.runAsNonRoot: true or a non-zero runAsUser`,
  };
}

/** The fields tests compare exactly. */
export function brief(m: LintMessage) {
  return { ruleId: m.ruleId, messageId: m.messageId, line: m.line, column: m.column, message: m.message };
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'kubeward-hostile-'));
}

export async function lintOne(file: string, options: LintOptions = ONLY_RUN_AS_NON_ROOT): Promise<LintResult> {
  const results = await lintFiles([file], { cwd: path.dirname(file), ...options });
  if (results.length !== 1) throw new Error(`expected one result for ${file}, got ${results.length}`);
  return results[0];
}

export async function lintString(text: string, options: LintOptions = ONLY_RUN_AS_NON_ROOT): Promise<LintResult> {
  const [result] = await lintText(text, { filePath: 'hostile.yaml', ...options });
  return result;
}

/**
 * Every position of every message lies inside the text: 1 <= line <= lines, 1 <= column <= line length + 1, and
 * the end (when given) is inside too and not before the start. Returns the problems found (empty when fine).
 */
export function positionProblems(text: string, result: LintResult): string[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = body.split('\n');
  const problems: string[] = [];
  const inside = (line: number, column: number) =>
    Number.isInteger(line) && Number.isInteger(column) && line >= 1 && line <= lines.length && column >= 1 && column <= lines[line - 1].length + 1;
  for (const m of [...result.messages, ...(result.notices ?? [])]) {
    if (!inside(m.line, m.column)) problems.push(`start ${m.line}:${m.column} outside the text: ${m.message}`);
    if (m.endLine !== undefined || m.endColumn !== undefined) {
      if (!inside(m.endLine!, m.endColumn!)) problems.push(`end ${m.endLine}:${m.endColumn} outside the text: ${m.message}`);
      else if (m.endLine! < m.line || (m.endLine === m.line && m.endColumn! < m.column)) problems.push(`end before start: ${m.message}`);
    }
  }
  return problems;
}

/** The result is shaped as ESLint's contract says, and its counts match its messages. */
export function shapeProblems(result: LintResult): string[] {
  const problems: string[] = [];
  if (typeof result.filePath !== 'string' || !Array.isArray(result.messages) || !Array.isArray(result.suppressedMessages)) problems.push('bad result shape');
  for (const m of result.messages) {
    if (!(m.ruleId === null || typeof m.ruleId === 'string')) problems.push(`bad ruleId ${String(m.ruleId)}`);
    if (![0, 1, 2].includes(m.severity)) problems.push(`bad severity ${m.severity}`);
    if (typeof m.message !== 'string' || m.message.length === 0) problems.push('empty message');
    if (m.ruleId === null && m.severity === 2 && !m.fatal && m.messageId !== 'internalError')
      problems.push(`error without a rule is not fatal: ${m.message}`);
    if (m.messageId === 'internalError') problems.push(`internal error: ${m.message}`);
  }
  const errors = result.messages.filter((m) => m.severity === 2).length;
  const warnings = result.messages.filter((m) => m.severity === 1).length;
  const fatal = result.messages.filter((m) => m.fatal).length;
  if (result.errorCount !== errors || result.warningCount !== warnings || result.fatalErrorCount !== fatal) problems.push('counts do not match the messages');
  return problems;
}

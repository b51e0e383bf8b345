/**
 * The messages the parse stage reports itself (ruleId null): fatal parse errors and notices. Their text quotes the
 * linted tree (the yaml package's errors quote the token they stopped at; kubeward's quote tags, alias names and
 * duplicate keys): it is made inert (control characters written as visible escapes) and bounded here, once, and
 * values are quoted with `quote` (at most MAX_EXCERPT characters).
 */
import { excerpt, MAX_MESSAGE } from '../shared/inert.js';
import type { LintMessage } from '../shared/types.js';

export { quote } from '../shared/inert.js';

export function fatalMessage(message: string, line = 1, column = 1, extra: Partial<LintMessage> = {}): LintMessage {
  return { ruleId: null, fatal: true, severity: 2, message: excerpt(message, MAX_MESSAGE), line, column, ...extra };
}

export function notice(message: string, line = 1, column = 1, messageId?: string): LintMessage {
  return { ruleId: null, severity: 0, message: excerpt(message, MAX_MESSAGE), line, column, ...(messageId ? { messageId } : {}) };
}

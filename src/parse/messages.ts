/** The messages the parse stage reports itself (ruleId null): fatal parse errors and notices. */
import type { LintMessage } from '../shared/types.js';

export function fatalMessage(message: string, line = 1, column = 1, extra: Partial<LintMessage> = {}): LintMessage {
  return { ruleId: null, fatal: true, severity: 2, message, line, column, ...extra };
}

export function notice(message: string, line = 1, column = 1, messageId?: string): LintMessage {
  return { ruleId: null, severity: 0, message, line, column, ...(messageId ? { messageId } : {}) };
}

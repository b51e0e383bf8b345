/**
 * Checkstyle XML, the shape ESLint's former `checkstyle` formatter wrote and that Jenkins' Warnings plugin, reviewdog
 * (`-f=checkstyle`) and most CI dashboards read: one `<file>` per linted file, one `<error>` per finding.
 * Paths are relative to the repository root when the file is inside it, else absolute. Values are made inert (control
 * characters and line breaks as visible escapes) before they are escaped for XML.
 */
import path from 'node:path';
import type { LintMessage } from '../shared/types.js';
import type { Formatter, FormatterContext } from './types.js';
import { relativeToRoot, rootOf } from './paths.js';
import { type StreamFormatter, wholeReport } from './stream.js';
import { inert, OutputBudget, printable } from './text.js';

// eslint-disable-next-line no-control-regex -- matching the control characters is the point
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Replace the characters XML 1.0 cannot hold at all (most C0 controls, U+FFFE/U+FFFF, lone surrogates) by U+FFFD. */
export function xmlChars(value: string): string {
  return value.replace(XML_INVALID, '\uFFFD');
}

/**
 * Escape text for an XML attribute or element. Characters XML 1.0 cannot hold at all (most C0 controls, lone
 * surrogates) become U+FFFD; line breaks and tabs are kept as character references so attributes keep them.
 */
export function xmlEscape(value: unknown): string {
  return xmlChars(String(value)).replace(
    /[&<>"'\t\n\r]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' })[c]!,
  );
}

/** The path a report shows: relative to the root when inside it, else absolute; inert. */
export function reportPath(filePath: string, context: FormatterContext): string {
  const root = rootOf(context);
  return inert(relativeToRoot(filePath, root) ?? path.resolve(root, filePath));
}

function severityOf(message: LintMessage): 'error' | 'warning' | 'info' {
  if (message.fatal || message.severity === 2) return 'error';
  return message.severity === 1 ? 'warning' : 'info';
}

export const checkstyleStream: StreamFormatter = (context: FormatterContext) => {
  const budget = new OutputBudget(context.maxOutput);
  let started = false;
  // Every line ends with a line break; the opening lines go with the first text.
  const open = () => {
    if (started) return '';
    started = true;
    return '<?xml version="1.0" encoding="utf-8"?>\n<checkstyle version="4.3">\n';
  };
  return {
    result(result) {
      const messages = [...result.messages, ...(result.notices ?? [])].sort((a, b) => a.line - b.line || a.column - b.column);
      if (messages.length === 0) return `${open()}  <file name="${xmlEscape(reportPath(result.filePath, context))}" />\n`;
      const lines = [`  <file name="${xmlEscape(reportPath(result.filePath, context))}">`];
      for (const m of messages) {
        const ruleId = m.ruleId === null ? null : inert(m.ruleId);
        const text = ruleId ? `${printable(m.message)} (${ruleId})` : printable(m.message);
        const source = ruleId ? `kubeward.rules.${ruleId}` : m.fatal ? 'kubeward.parse-error' : 'kubeward.notice';
        const line = `    <error line="${m.line || 0}" column="${m.column || 0}" severity="${severityOf(m)}" message="${xmlEscape(text)}" source="${xmlEscape(source)}" />`;
        if (budget.take(line.length)) lines.push(line);
      }
      lines.push('  </file>');
      return `${open()}${lines.join('\n')}\n`;
    },
    end() {
      const more = budget.moreLine();
      return `${open()}${more ? `  <!-- ${xmlEscape(more)} -->\n` : ''}</checkstyle>\n`;
    },
  };
};

export const checkstyle: Formatter = wholeReport(checkstyleStream);

/**
 * One line per message, in the three layouts ESLint's former core formatters wrote (now the `eslint-formatter-compact`,
 * `-unix` and `-visualstudio` packages), built in so that `--format compact` never loads a package from the linted
 * tree's `node_modules`:
 *
 * - `compact`: `/abs/path.yaml: line 5, col 10, Error - message (rule-id)`, then `N problems`;
 * - `unix`: `/abs/path.yaml:5:10: message [Error/rule-id]`, then `N problems`;
 * - `visualstudio`: `/abs/path.yaml(5,10): error rule-id : message`, then `N problems` (or `no problems`).
 *
 * Paths are the results' own (absolute, as ESLint prints them). kubeward's info notices are printed too, as `Info`
 * (which editors' `$eslint-compact` problem matcher reads), and never counted. Every value is printed inert, so no
 * line can carry a line break, an escape sequence or a workflow command from the linted tree.
 */
import type { LintMessage } from '../shared/types.js';
import type { Formatter, FormatterContext } from './types.js';
import { type StreamFormatter, wholeReport } from './stream.js';
import { inert, lineStart, OutputBudget, printable } from './text.js';

type Layout = (path: string, m: LintMessage, type: 'Error' | 'Warning' | 'Info', ruleId: string, text: string) => string;

function typeOf(m: LintMessage): 'Error' | 'Warning' | 'Info' {
  if (m.fatal || m.severity === 2) return 'Error';
  return m.severity === 1 ? 'Warning' : 'Info';
}

function lineStream(layout: Layout, none: string): StreamFormatter {
  return (context: FormatterContext) => {
    const budget = new OutputBudget(context.maxOutput);
    let total = 0;
    return {
      result(result) {
        const messages = [...result.messages, ...(result.notices ?? [])].sort((a, b) => a.line - b.line || a.column - b.column);
        if (messages.length === 0) return '';
        const path = lineStart(result.filePath);
        let output = '';
        for (const m of messages) {
          const type = typeOf(m);
          if (type !== 'Info') total++;
          const line = `${layout(path, m, type, inert(m.ruleId ?? ''), printable(m.message))}\n`;
          if (budget.take(line.length)) output += line;
        }
        return output;
      },
      end() {
        const more = budget.moreLine();
        const tail = more ? `${more}\n` : '';
        if (total === 0) return `${tail}${none}`;
        return `${tail}\n${total} problem${total === 1 ? '' : 's'}`;
      },
    };
  };
}

export const compactStream: StreamFormatter = lineStream(
  (path, m, type, ruleId, text) => `${path}: line ${m.line || 0}, col ${m.column || 0}, ${type} - ${text}${ruleId ? ` (${ruleId})` : ''}`,
  '',
);

export const unixStream: StreamFormatter = lineStream(
  (path, m, type, ruleId, text) => `${path}:${m.line || 0}:${m.column || 0}: ${text} [${type}${ruleId ? `/${ruleId}` : ''}]`,
  '',
);

export const visualstudioStream: StreamFormatter = lineStream(
  (path, m, type, ruleId, text) => `${path}(${m.line || 0}${m.column ? `,${m.column}` : ''}): ${type.toLowerCase()}${ruleId ? ` ${ruleId}` : ''} : ${text}`,
  'no problems',
);

export const compact: Formatter = wholeReport(compactStream);
export const unix: Formatter = wholeReport(unixStream);
export const visualstudio: Formatter = wholeReport(visualstudioStream);

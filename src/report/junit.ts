/**
 * JUnit XML, the shape ESLint's former `junit` formatter wrote and that GitLab (`artifacts:reports:junit`), Jenkins and
 * Azure Pipelines read: one `<testsuite>` per file, one failing `<testcase>` per finding (errors and warnings), and one
 * passing test case for a file with no findings. Paths are relative to the repository root when inside it.
 */
import type { LintMessage } from '../shared/types.js';
import type { Formatter, FormatterContext } from './types.js';
import { reportPath, xmlChars, xmlEscape } from './checkstyle.js';
import { type StreamFormatter, wholeReport } from './stream.js';
import { inert, OutputBudget, printable } from './text.js';

/** Text inside CDATA: `]]>` cannot appear, so it is split across two sections. */
function cdata(text: string): string {
  return `<![CDATA[${xmlChars(text).replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

/** `dir/app.yaml` → `dir/app` (ESLint's classname: the path without its extension). */
function className(filePath: string): string {
  return filePath.replace(/\.[^./\\]*$/, '');
}

function describe(m: LintMessage): string {
  const level = m.fatal || m.severity === 2 ? 'Error' : 'Warning';
  let text = `line ${m.line || 0}, col ${m.column || 0}, ${level} - ${printable(m.message)}`;
  if (m.ruleId) text += ` (${inert(m.ruleId)})`;
  if (m.remediation) text += `\nHow to fix: ${printable(m.remediation)}`;
  return text;
}

export const junitStream: StreamFormatter = (context: FormatterContext) => {
  const budget = new OutputBudget(context.maxOutput);
  let started = false;
  // Every line ends with a line break; the opening lines go with the first text.
  const open = () => {
    if (started) return '';
    started = true;
    return '<?xml version="1.0" encoding="utf-8"?>\n<testsuites>\n';
  };
  return {
    result(result) {
      const lines: string[] = [];
      const file = reportPath(result.filePath, context);
      const messages = result.messages.filter((m) => m.fatal || m.severity > 0);
      if (messages.length === 0) {
        lines.push(`<testsuite package="org.kubeward" time="0" tests="1" errors="0" name="${xmlEscape(file)}">`);
        lines.push(`<testcase time="0" name="${xmlEscape(file)}" classname="${xmlEscape(className(file))}" />`);
        lines.push('</testsuite>');
      } else {
        lines.push(`<testsuite package="org.kubeward" time="0" tests="${messages.length}" errors="${messages.length}" name="${xmlEscape(file)}">`);
        for (const m of messages) {
          const name = `org.kubeward.${m.ruleId === null ? 'parse-error' : inert(m.ruleId)}`;
          const line = `<testcase time="0" name="${xmlEscape(name)}" classname="${xmlEscape(className(file))}"><failure message="${xmlEscape(printable(m.message))}">${cdata(describe(m))}</failure></testcase>`;
          if (budget.take(line.length)) lines.push(line);
        }
        lines.push('</testsuite>');
      }
      return `${open()}${lines.join('\n')}\n`;
    },
    end() {
      const more = budget.moreLine();
      return `${open()}${more ? `<!-- ${xmlEscape(more)} -->\n` : ''}</testsuites>\n`;
    },
  };
};

export const junit: Formatter = wholeReport(junitStream);

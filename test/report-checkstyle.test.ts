import { describe, expect, it } from 'vitest';
import { checkstyle, xmlEscape } from '../src/report/checkstyle.js';
import { loadFormatter } from '../src/report/index.js';
import type { LintResult } from '../src/shared/types.js';
import { context, results } from './report-fixtures.js';

describe('checkstyle formatter', () => {
  it('prints one <file> per linted file and one <error> per finding, notices as info', async () => {
    expect(await checkstyle(results, context)).toBe(`<?xml version="1.0" encoding="utf-8"?>
<checkstyle version="4.3">
  <file name="charts/app/templates/deployment.yaml">
    <error line="5" column="3" severity="info" message="Helm or Go template passed over: render it first" source="kubeward.notice" />
  </file>
  <file name="clean.yaml" />
  <file name="deploy/broken.yaml">
    <error line="3" column="7" severity="error" message="Parsing error: Nested mappings are not allowed in compact mappings" source="kubeward.parse-error" />
  </file>
  <file name="deploy/web app.yaml">
    <error line="12" column="9" severity="error" message="Deployment &quot;web&quot; container &quot;app&quot; may run as root (run-as-non-root)" source="kubeward.rules.run-as-non-root" />
    <error line="14" column="18" severity="warning" message="Deployment &quot;web&quot; uses an image with &lt;no&gt; tag &amp; &quot;no&quot; digest (image-tag)" source="kubeward.rules.image-tag" />
  </file>
  <file name="/elsewhere/extra.yaml">
    <error line="8" column="7" severity="error" message="Pod &quot;debug&quot; container &quot;sh&quot; may run as root (run-as-non-root)" source="kubeward.rules.run-as-non-root" />
  </file>
</checkstyle>
`);
  });

  it('escapes every XML special character and replaces the ones XML cannot hold', async () => {
    expect(xmlEscape(`<a href="x">'&'</a>\t\r\n\u0000\u001b\uD800x\uD83D\uDE00`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;&#9;&#13;&#10;\uFFFD\uFFFD\uFFFDx\uD83D\uDE00',
    );
    const result: LintResult = {
      filePath: '/repo/"quoted" <dir>/x.yaml',
      messages: [{ ruleId: null, fatal: true, severity: 2, message: 'Parsing error: bad\nthing', line: 4, column: 1 }],
      suppressedMessages: [],
      errorCount: 1,
      fatalErrorCount: 1,
      warningCount: 0,
      fixableErrorCount: 0,
      fixableWarningCount: 0,
    };
    expect(await checkstyle([result], context)).toBe(`<?xml version="1.0" encoding="utf-8"?>
<checkstyle version="4.3">
  <file name="&quot;quoted&quot; &lt;dir&gt;/x.yaml">
    <error line="4" column="1" severity="error" message="Parsing error: bad\\nthing" source="kubeward.parse-error" />
  </file>
</checkstyle>
`);
  });

  it('is the built-in "checkstyle" format', async () => {
    expect(await (await loadFormatter('checkstyle', '/repo'))(results, context)).toBe(await checkstyle(results, context));
  });
});

import { describe, expect, it } from 'vitest';
import { loadFormatter } from '../src/report/index.js';
import { junit } from '../src/report/junit.js';
import type { LintResult } from '../src/shared/types.js';
import { context, results } from './report-fixtures.js';

describe('junit formatter', () => {
  it('prints one test suite per file and one failing test case per finding', async () => {
    expect(await junit(results, context)).toBe(`<?xml version="1.0" encoding="utf-8"?>
<testsuites>
<testsuite package="org.kubeward" time="0" tests="1" errors="0" name="charts/app/templates/deployment.yaml">
<testcase time="0" name="charts/app/templates/deployment.yaml" classname="charts/app/templates/deployment" />
</testsuite>
<testsuite package="org.kubeward" time="0" tests="1" errors="0" name="clean.yaml">
<testcase time="0" name="clean.yaml" classname="clean" />
</testsuite>
<testsuite package="org.kubeward" time="0" tests="1" errors="1" name="deploy/broken.yaml">
<testcase time="0" name="org.kubeward.parse-error" classname="deploy/broken"><failure message="Parsing error: Nested mappings are not allowed in compact mappings"><![CDATA[line 3, col 7, Error - Parsing error: Nested mappings are not allowed in compact mappings]]></failure></testcase>
</testsuite>
<testsuite package="org.kubeward" time="0" tests="2" errors="2" name="deploy/web app.yaml">
<testcase time="0" name="org.kubeward.run-as-non-root" classname="deploy/web app"><failure message="Deployment &quot;web&quot; container &quot;app&quot; may run as root"><![CDATA[line 12, col 9, Error - Deployment "web" container "app" may run as root (run-as-non-root)
How to fix: Set securityContext.runAsNonRoot: true.]]></failure></testcase>
<testcase time="0" name="org.kubeward.image-tag" classname="deploy/web app"><failure message="Deployment &quot;web&quot; uses an image with &lt;no&gt; tag &amp; &quot;no&quot; digest"><![CDATA[line 14, col 18, Warning - Deployment "web" uses an image with <no> tag & "no" digest (image-tag)
How to fix: Pin a version tag or a digest.]]></failure></testcase>
</testsuite>
<testsuite package="org.kubeward" time="0" tests="1" errors="1" name="/elsewhere/extra.yaml">
<testcase time="0" name="org.kubeward.run-as-non-root" classname="/elsewhere/extra"><failure message="Pod &quot;debug&quot; container &quot;sh&quot; may run as root"><![CDATA[line 8, col 7, Error - Pod "debug" container "sh" may run as root (run-as-non-root)]]></failure></testcase>
</testsuite>
</testsuites>
`);
  });

  it('keeps the XML well formed: "]]>" is split across CDATA sections, characters XML cannot hold are replaced', async () => {
    const result: LintResult = {
      filePath: '/repo/a&b.yaml',
      messages: [{ ruleId: 'image-tag', severity: 1, message: 'x ]]> y\u0001\nz', line: 1, column: 2 }],
      suppressedMessages: [],
      errorCount: 0,
      fatalErrorCount: 0,
      warningCount: 1,
      fixableErrorCount: 0,
      fixableWarningCount: 0,
    };
    expect(await junit([result], context)).toBe(`<?xml version="1.0" encoding="utf-8"?>
<testsuites>
<testsuite package="org.kubeward" time="0" tests="1" errors="1" name="a&amp;b.yaml">
<testcase time="0" name="org.kubeward.image-tag" classname="a&amp;b"><failure message="x ]]&gt; y\\u0001\\nz"><![CDATA[line 1, col 2, Warning - x ]]]]><![CDATA[> y\\u0001\\nz (image-tag)]]></failure></testcase>
</testsuite>
</testsuites>
`);
  });

  it('is the built-in "junit" format', async () => {
    expect(await (await loadFormatter('junit', '/repo'))(results, context)).toBe(await junit(results, context));
  });
});

/** SARIF `fixes`: each message's ESLint `fix` becomes one artifactChange with a character-offset replacement. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checks } from '../checks/index.js';
import { checkCatalogue } from '../src/engine/index.js';
import { rulesMeta } from '../src/report/index.js';
import { lintText } from '../src/engine/index.js';
import { sarifLog } from '../src/report/sarif.js';

describe('sarif fixes', () => {
  it('carry the fix as artifactChanges; applying the replacement gives the fixed text', async () => {
    const cwd = path.resolve(__dirname, '..');
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: app:1\n';
    const rules = Object.fromEntries([
      ['schema', 'off'],
      ...checks.map((c) => [c.meta.id, c.meta.id === 'no-privilege-escalation' || c.meta.id === 'image-tag' ? 'error' : 'off']),
    ]);
    const text = pod.replace('app:1', 'app');
    const results = await lintText(text, { cwd, filePath: 'deploy/pod.yaml', config: { rules: rules as never }, root: false });
    const log = sarifLog(results, { cwd, color: false, rulesMeta: rulesMeta(checkCatalogue()), root: cwd, checks: checkCatalogue() }) as any;
    const [escalation, imageTag] = log.runs[0].results;
    expect(imageTag.ruleId).toBe('image-tag');
    expect(imageTag.fixes).toBeUndefined();
    expect(escalation.ruleId).toBe('no-privilege-escalation');
    expect(escalation.fixes).toEqual([
      {
        description: { text: 'kubeward --fix' },
        artifactChanges: [
          {
            artifactLocation: { uri: 'deploy/pod.yaml', uriBaseId: '%SRCROOT%', index: 0 },
            replacements: [
              {
                deletedRegion: { charOffset: text.length, charLength: 0 },
                insertedContent: { text: '      securityContext:\n        allowPrivilegeEscalation: false\n' },
              },
            ],
          },
        ],
      },
    ]);
    const [replacement] = escalation.fixes[0].artifactChanges[0].replacements;
    const { charOffset, charLength } = replacement.deletedRegion;
    const fixed = text.slice(0, charOffset) + replacement.insertedContent.text + text.slice(charOffset + charLength);
    const [again] = await lintText(text, { cwd, filePath: 'deploy/pod.yaml', config: { rules: rules as never }, root: false, fix: true });
    expect(fixed).toBe(again.output);
  });
});

/**
 * The JSON output on examples/ and on the real corpora, locked: a change of layout must not change one byte of what
 * users get, and a change of behaviour shows here first, rule by rule. The examples' output is kept whole; the
 * corpora's as a digest with counts per rule. After a deliberate change of findings, rewrite the golden files with
 * `UPDATE_GOLDEN=1 npx vitest run test/design/output-golden.test.ts` and say why in the commit.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintFiles } from '../../src/engine/index.js';
import type { LintResult } from '../../src/shared/types.js';
import { projectRoot, sharedPath } from '../shared-dir.js';

const GOLDEN = path.join(projectRoot, 'test/design/golden');
const update = process.env.UPDATE_GOLDEN === '1';

/** The json formatter's output with the linted folder's path made `<root>`, so it is the same in every clone. */
async function output(dir: string): Promise<string> {
  // File by file: what rendering changes is tested with the real tools in test/render/ and test/gitops/.
  const results = await lintFiles([dir], { cwd: dir, concurrency: 'off', render: false });
  return JSON.stringify(results).split(JSON.stringify(dir).slice(1, -1)).join('<root>');
}

function summary(json: string) {
  const results = JSON.parse(json) as LintResult[];
  const byRule: Record<string, number> = {};
  for (const r of results) for (const m of r.messages) byRule[m.ruleId ?? 'fatal'] = (byRule[m.ruleId ?? 'fatal'] ?? 0) + 1;
  return {
    sha256: createHash('sha256').update(json).digest('hex'),
    files: results.length,
    errors: results.reduce((n, r) => n + r.errorCount, 0),
    warnings: results.reduce((n, r) => n + r.warningCount, 0),
    byRule: Object.fromEntries(Object.entries(byRule).sort(([a], [b]) => (a < b ? -1 : 1))),
  };
}

describe('output is locked', () => {
  it('examples/: the JSON output, byte for byte', async () => {
    const file = path.join(GOLDEN, 'examples.json');
    const json = await output(path.join(projectRoot, 'examples'));
    if (update) fs.writeFileSync(file, `${json}\n`);
    expect(json).toBe(fs.readFileSync(file, 'utf8').trimEnd());
  });

  for (const corpus of ['real', 'gitops']) {
    const dir = sharedPath('corpus', corpus);
    it.skipIf(!dir)(
      `../shared/corpus/${corpus}: the JSON output's digest, and its counts by rule${dir ? '' : ' (skipped: ../shared is absent)'}`,
      async () => {
        const file = path.join(GOLDEN, 'corpora.json');
        const golden = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
        const got = summary(await output(dir!));
        if (update) fs.writeFileSync(file, `${JSON.stringify({ ...golden, [corpus]: got }, null, 2)}\n`);
        const want = update ? got : golden[corpus];
        // Counts first, so a change names its rules; then the digest, for every other byte.
        expect({ ...got, sha256: undefined }).toEqual({ ...want, sha256: undefined });
        expect(got.sha256).toBe(want.sha256);
      },
    );
  }
});

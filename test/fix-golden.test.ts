/**
 * Golden tests for --fix: each folder of test/fixtures/fix holds a before file and the exact after file. Every
 * fixture is fixed as stored, and also with LF, CRLF and byte-order-mark variants of the same text, so line endings
 * and the BOM are kept whatever the file uses. Only the checks a fixture names run (default: the folder's name).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checks } from '../checks/index.js';
import { lintText } from '../src/engine/index.js';
import { applyFixes, parseFixTypes } from '../src/fix/fix.js';
import type { LintResult } from '../src/shared/types.js';

const root = path.join(__dirname, 'fixtures/fix');

interface Fixture {
  name: string;
  beforeFile: string;
  before: string;
  after: string;
  checks: string[];
  fixType: string[];
}

export function loadFixtures(): Fixture[] {
  return fs
    .readdirSync(root)
    .sort()
    .map((name) => {
      const dir = path.join(root, name);
      const files = fs.readdirSync(dir);
      const beforeFile = files.find((f) => f.startsWith('before.'))!;
      const afterFile = files.find((f) => f.startsWith('after.'))!;
      const meta = files.includes('fixture.json') ? JSON.parse(fs.readFileSync(path.join(dir, 'fixture.json'), 'utf8')) : {};
      return {
        name,
        beforeFile,
        before: fs.readFileSync(path.join(dir, beforeFile), 'utf8'),
        after: afterFile ? fs.readFileSync(path.join(dir, afterFile), 'utf8') : '',
        checks: meta.checks ?? [name],
        fixType: meta.fixType ?? [],
      };
    });
}

export async function fixText(text: string, fixture: Pick<Fixture, 'checks' | 'fixType' | 'beforeFile'>, fix = true): Promise<LintResult> {
  const rules: Record<string, 'off' | 'error'> = { schema: 'off' };
  for (const check of checks) rules[check.meta.id] = fixture.checks.includes(check.meta.id) ? 'error' : 'off';
  const types = parseFixTypes(
    fixture.fixType,
    checks.filter((c) => c.meta.fixable).map((c) => c.meta.id),
  );
  const results = await lintText(text, {
    filePath: fixture.beforeFile,
    config: { rules },
    root: false,
    ...(fix ? { fix: types.filter } : {}),
    fixStrict: types.strict,
  });
  return results[0];
}

const lf = (s: string) => s.replace(/\r\n/g, '\n');
const crlf = (s: string) => lf(s).replace(/\n/g, '\r\n');

describe('fix golden files', () => {
  const fixtures = loadFixtures();

  it('every fixable check has a golden fixture, and every fixture an after file', () => {
    const names = fixtures.map((f) => f.name);
    for (const check of checks.filter((c) => c.meta.fixable)) expect(names).toContain(check.meta.id);
    for (const f of fixtures) expect(f.after, `${f.name}: after file`).not.toBe('');
  });

  it('some fixture is stored with CRLF line endings', () => {
    expect(fixtures.some((f) => f.before.includes('\r\n') && f.after.includes('\r\n'))).toBe(true);
  });

  for (const fixture of fixtures) {
    describe(fixture.name, () => {
      const variants: Array<[string, string, string]> = [
        ['as stored', fixture.before, fixture.after],
        ['LF', lf(fixture.before), lf(fixture.after)],
        ['CRLF', crlf(fixture.before), crlf(fixture.after)],
        ['BOM', `\uFEFF${fixture.before}`, `\uFEFF${fixture.after}`],
      ];
      for (const [label, before, after] of variants) {
        it(`${label}: the fixed text is the after file, byte for byte`, async () => {
          const result = await fixText(before, fixture);
          expect(result.output).toBe(after);
        });
      }

      it('the before file changes (a golden that changes nothing proves nothing)', () => {
        expect(fixture.after).not.toBe(fixture.before);
      });

      it('fixing the after file again changes nothing and leaves no fixable message', async () => {
        const result = await fixText(fixture.after, fixture);
        expect(result.output).toBeUndefined();
        expect(result.messages.filter((m) => m.fix)).toEqual([]);
        expect(result.fixableErrorCount + result.fixableWarningCount).toBe(0);
      });

      it('the fatal-free after file parses and keeps every line the fix did not touch', async () => {
        const result = await fixText(fixture.after, fixture, false);
        expect(result.messages.filter((m) => m.fatal)).toEqual([]);
        // Every line of the before file is still there, in order: fixes only insert or change values in place.
        const afterLines = lf(fixture.after).split('\n');
        let at = 0;
        const changed: string[] = [];
        for (const line of lf(fixture.before).split('\n')) {
          const found = afterLines.indexOf(line, at);
          if (found === -1) changed.push(line);
          else at = found + 1;
        }
        // Lines changed in place are those of flow maps and flow sequences that got a new entry, or the last entry
        // of a pretty-printed JSON object, which gets its comma.
        for (const line of changed) {
          expect(/[{[]/.test(line) || afterLines.includes(`${line},`), `changed line ${JSON.stringify(line)}`).toBe(true);
        }
      });

      it('the JSON fix ranges of one pass, applied by hand, give the text lintText --fix gives after one pass', async () => {
        const result = await fixText(fixture.before, fixture, false);
        const types = parseFixTypes(
          fixture.fixType,
          checks.filter((c) => c.meta.fixable).map((c) => c.meta.id),
        );
        const picked = result.messages.filter((m) => m.fix && (types.filter === true || (types.filter as (x: typeof m) => boolean)(m)));
        expect(picked.length).toBeGreaterThan(0);
        const serialized = JSON.parse(JSON.stringify(picked)) as typeof picked;
        let text = fixture.before.replace(/^\uFEFF/, '');
        text = applyFixes(
          text,
          serialized.map((m) => m.fix!),
        ).output;
        // Repeating passes by hand (lint, apply) reaches the same text as --fix.
        for (let pass = 0; pass < 10; pass++) {
          const next = await fixText(text, fixture, false);
          const fixes = next.messages.filter((m) => m.fix).map((m) => m.fix!);
          if (fixes.length === 0) break;
          text = applyFixes(text, fixes).output;
        }
        expect(text).toBe(fixture.after);
      });
    });
  }
});

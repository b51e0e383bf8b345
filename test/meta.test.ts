/**
 * Locks docs, names, tests and code together: every check folder is named by its id, has a README with the fixed
 * headings, and cases with passing and failing examples that use every message; checks/index.ts is current.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checks } from '../checks/index.js';
// @ts-expect-error plain ESM script without types
import { renderChecksIndex } from '../scripts/gen-checks-index.mjs';
import type { CheckCases } from './check-tester.js';

const root = path.resolve(__dirname, '..');
const cases = import.meta.glob<{ default: CheckCases }>('../checks/*/cases.ts', { eager: true });
export const README_HEADINGS = ['## Why', '## What fails', '## What passes', '## How to fix', '## Options', '## Automatic fix'];

describe('check catalogue', () => {
  it('checks/index.ts lists every check folder (run `npm run build` to regenerate it)', () => {
    expect(fs.readFileSync(path.join(root, 'checks/index.ts'), 'utf8')).toBe(renderChecksIndex());
  });

  it('ids are unique and kebab-case', () => {
    const ids = checks.map((c) => c.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
  });

  for (const check of checks) {
    describe(check.meta.id, () => {
      const dir = path.join(root, 'checks', check.meta.id);

      it('lives in a folder named by its id', () => {
        expect(fs.existsSync(path.join(dir, 'index.ts'))).toBe(true);
      });

      it('has meta a user can act on', () => {
        expect(check.meta.description.length).toBeGreaterThan(10);
        expect(check.meta.remediation.length).toBeGreaterThan(10);
        expect(check.meta.guideline.length).toBeGreaterThan(5);
        expect(['error', 'warning']).toContain(check.meta.severity);
        expect(['object', 'repository']).toContain(check.meta.scope);
        expect(Object.keys(check.meta.messages).length).toBeGreaterThan(0);
      });

      it('has a README with its id as title and every heading', () => {
        const readme = fs.readFileSync(path.join(dir, 'README.md'), 'utf8');
        expect(readme.startsWith(`# ${check.meta.id}\n`)).toBe(true);
        for (const heading of README_HEADINGS) expect(readme).toContain(`\n${heading}\n`);
      });

      it('has passing and failing cases that use every message', () => {
        const mod = cases[`../checks/${check.meta.id}/cases.ts`];
        expect(mod, `checks/${check.meta.id}/cases.ts`).toBeDefined();
        expect(mod.default.valid.length).toBeGreaterThan(0);
        expect(mod.default.invalid.length).toBeGreaterThan(0);
        const used = new Set(mod.default.invalid.flatMap((c) => c.errors.map((e) => e.messageId)));
        for (const id of Object.keys(check.meta.messages)) expect(used, `message "${id}" has no failing case`).toContain(id);
      });
    });
  }
});

/**
 * docs/writing-a-check.md shows real code: every TypeScript block follows an `<!-- excerpt: <file> -->` line and is
 * that file's text (its lines in order, `// ...` standing for lines left out), so the guide compiles because the
 * checks do, and cannot drift from them.
 */
describe('docs/writing-a-check.md', () => {
  const guide = fs.readFileSync(path.join(root, 'docs/writing-a-check.md'), 'utf8');
  const lines = guide.split('\n');
  const blocks: Array<{ at: number; file: string | undefined; body: string[] }> = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```ts\s*$/.exec(lines[i]);
    if (!open) continue;
    const indent = open[1];
    const marker = /^\s*<!-- excerpt: (\S+) -->\s*$/.exec(lines[i - 1] ?? '');
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && lines[j] !== `${indent}\`\`\``; j++) body.push(lines[j].startsWith(indent) ? lines[j].slice(indent.length) : lines[j]);
    blocks.push({ at: i + 1, file: marker?.[1], body });
    i = j;
  }

  it('has TypeScript excerpts, each after an excerpt marker', () => {
    expect(blocks.length).toBeGreaterThan(5);
    for (const b of blocks) expect(b.file, `block at line ${b.at}: no <!-- excerpt: <file> --> line before it`).toBeDefined();
  });

  for (const b of blocks.filter((x) => x.file)) {
    it(`line ${b.at}: is an excerpt of ${b.file}`, () => {
      const file = path.join(root, b.file!);
      expect(fs.existsSync(file), b.file).toBe(true);
      const text = fs.readFileSync(file, 'utf8');
      const pieces: string[][] = [[]];
      for (const line of b.body) {
        if (/^\s*\/\/ \.\.\.$/.test(line)) pieces.push([]);
        else pieces[pieces.length - 1].push(line);
      }
      let from = 0;
      for (const piece of pieces.filter((p) => p.length)) {
        const at = text.indexOf(`${piece.join('\n')}\n`, from);
        expect(at, `not in ${b.file} (after offset ${from}):\n${piece.join('\n')}`).toBeGreaterThanOrEqual(0);
        from = at + piece.join('\n').length;
      }
    });
  }
});

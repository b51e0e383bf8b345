/**
 * action-dist/ is committed (the runner starts action-dist/index.js from a checkout of kubeward at a tag, with no
 * install or build), so it must be exactly what the sources build: this rebuilds it in memory with
 * scripts/bundle-action.mjs (esbuild, a few seconds) and fails on any difference, as actions/typescript-action's
 * check-dist workflow does. After changing a source the Action bundles, run `npm run build:action` and commit action-dist/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a build script in plain JavaScript, without types
import { ACTION_DIST, bundleAction } from '../scripts/bundle-action.mjs';

const HOW = 'action-dist/ is stale: run `npm run build:action` and commit action-dist/';

describe('action-dist/', () => {
  it('is what the sources build, byte for byte', async () => {
    const built = (await bundleAction({ write: false })) as Record<string, string>;
    const committed = Object.fromEntries(
      fs
        .readdirSync(ACTION_DIST as string)
        .sort()
        .map((name) => [name, fs.readFileSync(path.join(ACTION_DIST as string, name), 'utf8')]),
    );
    expect(Object.keys(committed), HOW).toEqual(Object.keys(built).sort());
    for (const [name, text] of Object.entries(built)) expect(committed[name] === text, `${HOW} (${name} differs)`).toBe(true);
  });

  it('needs nothing from node_modules: every import is a relative chunk or a Node.js module', () => {
    for (const name of fs.readdirSync(ACTION_DIST as string)) {
      const text = fs.readFileSync(path.join(ACTION_DIST as string, name), 'utf8');
      // (ajv keeps `require("ajv/dist/runtime/equal")` as text, inside a string, for its standalone code: not an import.)
      const specifiers = [
        ...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|(?<!['"`])\brequire\s*\(\s*|\(import\.meta\.url\)\(\s*)["']([@a-z][\w./@-]*)["']/gi),
      ].map((m) => m[1]);
      const bare = specifiers.filter((s) => !s.startsWith('./') && !s.startsWith('node:') && !NODE_BUILTINS.has(s.split('/')[0]));
      expect(bare, `${name} imports packages that a checkout of the Action does not have`).toEqual([]);
    }
  });
});

const NODE_BUILTINS = new Set((await import('node:module')).builtinModules.flatMap((m) => [m, m.split('/')[0]]));

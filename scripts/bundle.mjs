#!/usr/bin/env node
/**
 * The development build of the command line (`npm run build` runs this after tsc), which the tests, the bench and
 * this repository's own pre-commit hooks run: dist/cli/kubeward.js and its worker thread module, with kubeward's modules and its dependencies in a few files instead of about two hundred. Loading
 * them is most of a one-file run's time (a pre-commit hook), and one file loads in a fraction of the time many do:
 * see docs/performance.md. Modules loaded on demand (formatters, the cache, the worker pool, globby, ajv) stay in
 * chunks of their own, loaded when a run needs them. The library entry (dist/src/index.js) is not bundled.
 *
 * The bin's entry is src/cli/bin.ts: it turns on Node's compile cache before the command is loaded (a dynamic import).
 * The published bin, which the pre-commit hook also runs, is the committed bundle of the same entry in action-dist/
 * (scripts/bundle-action.mjs): self-contained, from the TypeScript sources, with no chunks (chunk names would change
 * with where node_modules lies), so that a clone or an install runs it with no build.
 *
 * kubeward finds its schemas and package.json from the package root (src/shared/package-root.ts), whatever the depth
 * of the module that asks.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist/cli');
fs.rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { kubeward: path.join(root, 'dist/src/cli/bin.js'), 'lint-worker': path.join(root, 'dist/src/engine/lint-worker.js') },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  // Packages that are loaded with require() (yaml, ajv) stay where npm put them.
  banner: { js: "import { createRequire as __kubewardRequire } from 'node:module'; const require = __kubewardRequire(import.meta.url);" },
  chunkNames: 'chunk-[hash]',
  logLevel: 'warning',
});
fs.chmodSync(path.join(outdir, 'kubeward.js'), 0o755);

#!/usr/bin/env node
/**
 * The development build of the command line (`npm run build` runs this after tsc), which the tests, the bench and
 * this repository's own pre-commit hooks run: dist/cli/, the same files as the published bin in action-dist/
 * (scripts/bundle-action.mjs, which says why these files): kubeward.cjs (the entry, which turns on Node's compile cache
 * before it loads the command; kubeward.js is the same entry as an ES module, which the tests run), kubeward-cli.cjs
 * (the command, with kubeward's modules and the dependencies a run needs, a script the entry runs with kubeward's own
 * code cache: src/cli/command-script.ts), kubeward-globby.js and kubeward-cel.js (loaded when a run needs them) and
 * lint-worker.js (the worker thread module), instead of about two hundred modules: loading them is most of a one-file
 * run's time (a pre-commit hook), see docs/performance.md. Unlike action-dist/, yaml, ajv, js-yaml and picomatch are
 * loaded from node_modules (createRequire) and the input is tsc's output. The library entry (dist/src/index.js) is not
 * bundled.
 *
 * kubeward finds its schemas and package.json from the package root (src/shared/package-root.ts), whatever the depth
 * of the module that asks.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  binEntryPoints,
  buildBinEntry,
  buildDigest,
  buildCommandScript,
  buildWithBuiltins,
  commandDefines,
  devLazyRequiresPlugin,
  separateFilesPlugin,
} from './bundle-action.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist/cli');
fs.rmSync(outdir, { recursive: true, force: true });
const options = {
  absWorkingDir: root,
  outdir,
  bundle: true,
  splitting: false,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  // Packages that are loaded with require() (yaml, ajv, js-yaml, picomatch) stay where npm put them.
  banner: { js: "import { createRequire as __kubewardRequire } from 'node:module'; const require = __kubewardRequire(import.meta.url);" },
  plugins: [separateFilesPlugin(path.join(root, 'dist'))],
  logLevel: 'warning',
};
// The same files as the published bin's (scripts/bundle-action.mjs): the command script, the entry (kubeward.cjs),
// globby, CEL, the worker; and kubeward.js, the same entry as an ES module, for `node dist/cli/kubeward.js` in
// development and test/cli-start.test.ts's comparison (the tests run kubeward.cjs, package.json's bin's twin).
const entry = path.join(root, 'dist/src/cli/bin.js');
// ASCII, as the published script is (minified, esbuild escapes the rest): the entry reads an ASCII script as latin1. A
// few arrows in the comments esbuild keeps made the entry decode the whole 0.75 MB script as UTF-8 into a two-byte string
// (about 10 M instructions, 6% of a one-file run), which the bench and the tests then measured and action-dist/ never runs.
// yaml, ajv, js-yaml and picomatch: required by the command's own require (devLazyRequiresPlugin).
const command = await buildCommandScript(
  { ...options, banner: {}, charset: 'ascii', plugins: [devLazyRequiresPlugin(path.join(root, 'dist')), ...options.plugins] },
  path.join(root, 'dist/src/cli/cli.js'),
);
// The module files first, then the entries, which are told the digest of every other file (buildDigest).
const modules = await buildWithBuiltins({ ...options, entryPoints: binEntryPoints(path.join(root, 'dist'), 'js'), write: false });
const files = Object.fromEntries(modules.outputFiles.map((f) => [path.basename(f.path), f.text]));
files[path.basename(command.path)] = command.text;
const build = buildDigest(files);
await buildBinEntry(options, entry, command, build);
await buildWithBuiltins({ ...options, entryPoints: { kubeward: entry }, define: commandDefines(command, build) });
for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(outdir, name), text);
for (const name of ['kubeward.cjs', 'kubeward.js']) fs.chmodSync(path.join(outdir, name), 0o755);

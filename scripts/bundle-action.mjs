#!/usr/bin/env node
/**
 * The committed bundles, in action-dist/, each with every dependency inside, so that they run straight from a checkout
 * of this repository at a tag, with no `npm ci` and no compile:
 *
 * - the GitHub Action: action-dist/index.js (from src/action/main.ts), which the runner starts with `node24`;
 * - the command line: action-dist/kubeward.js (from src/cli/bin.ts), package.json's `bin`. The pre-commit hook runs it
 *   from its clone of this repository (.pre-commit-hooks.yaml), and `npm install kubeward` gets it prebuilt. It turns on
 *   Node's compile cache and then loads the command, action-dist/kubeward-cli.js (from src/cli/cli.ts): a file of its
 *   own, so that the cache covers it;
 * - action-dist/lint-worker.js, the worker thread module of both (src/engine/pool.ts finds it beside the module that
 *   starts it).
 *
 * action-dist/ is committed; test/action-dist.test.ts rebuilds it in memory and fails on any difference (run
 * `npm run build:action` after changing a source it bundles).
 *
 * Built from the TypeScript sources (esbuild strips the types), so it needs no `tsc` run first. kubeward finds its
 * schemas and package.json from the package root (src/shared/package-root.ts): the repository root, above action-dist/.
 *
 * `bundleAction({ write: false })` returns the files instead of writing them (the freshness test).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ACTION_DIST = path.join(root, 'action-dist');

/**
 * kubeward loads `yaml` and `ajv` with createRequire on first use (start-up time of dist/, which keeps its
 * node_modules). The bundles have no node_modules: these two become plain require() calls that esbuild bundles.
 */
const LAZY_REQUIRES = [
  { file: 'src/parse/yaml-reader.ts', from: "createRequire(import.meta.url)('yaml')", to: "require('yaml')" },
  { file: 'src/config/config-file.ts', from: "createRequire(import.meta.url)('ajv')", to: "require('ajv')" },
];

const inlineLazyRequires = {
  name: 'kubeward-inline-lazy-requires',
  setup(b) {
    for (const { file, from, to } of LAZY_REQUIRES) {
      const absolute = path.join(root, file);
      b.onLoad({ filter: new RegExp(`${absolute.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`) }, () => {
        const text = fs.readFileSync(absolute, 'utf8');
        if (!text.includes(from)) throw new Error(`scripts/bundle-action.mjs: ${file} no longer holds ${from}; update LAZY_REQUIRES`);
        return { contents: text.split(from).join(to), loader: 'ts', resolveDir: path.dirname(absolute) };
      });
    }
  },
};

/**
 * The bin's entry imports the command (`import('./cli.js')` in src/cli/bin.ts) from its own file, action-dist/kubeward-cli.js,
 * instead of inlining it: Node's compile cache, turned on by the entry, covers only modules loaded after it.
 */
const CLI_ENTRY = path.join(root, 'src/cli/bin.ts');
const separateCommand = {
  name: 'kubeward-separate-command',
  setup(b) {
    b.onResolve({ filter: /^\.\/cli\.js$/ }, (args) => (args.importer === CLI_ENTRY ? { path: './kubeward-cli.js', external: true } : undefined));
  },
};

/** Build the committed bundles; with `write: false`, resolve to `{ 'index.js': text, ... }` instead of writing. */
export async function bundleAction({ write = true } = {}) {
  const result = await build({
    absWorkingDir: root,
    entryPoints: {
      index: path.join(root, 'src/action/main.ts'),
      kubeward: CLI_ENTRY,
      'kubeward-cli': path.join(root, 'src/cli/cli.ts'),
      'lint-worker': path.join(root, 'src/engine/lint-worker.ts'),
    },
    outdir: ACTION_DIST,
    bundle: true,
    // Two whole files, no shared chunks: esbuild names chunks by a hash that covers the modules' paths, so chunk
    // names would change with where node_modules lies. The worker thread module repeats most of the code; it is
    // loaded only by runs big enough for threads.
    splitting: false,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    // The runner sets NODE_PATH for no action; a local build may point it at a scratch install of a dependency.
    nodePaths: process.env.NODE_PATH ? process.env.NODE_PATH.split(path.delimiter).filter(Boolean) : [],
    // CommonJS packages inside the bundle call require() for Node's own modules.
    banner: { js: "import { createRequire as __kubewardRequire } from 'node:module'; const require = __kubewardRequire(import.meta.url);" },
    // Minified: unminified output names each module by its path from here, which differs with where node_modules
    // lies (a link, a pnpm store), and the freshness test must pass on every machine. keepNames keeps functions'
    // and classes' names.
    minifyWhitespace: true,
    minifySyntax: true,
    minifyIdentifiers: true,
    keepNames: true,
    legalComments: 'eof',
    sourcemap: false,
    write: false,
    plugins: [inlineLazyRequires, separateCommand],
    logLevel: 'warning',
  });
  const files = Object.fromEntries(result.outputFiles.map((f) => [path.relative(ACTION_DIST, f.path).split(path.sep).join('/'), f.text]));
  if (write) {
    fs.rmSync(ACTION_DIST, { recursive: true, force: true });
    fs.mkdirSync(ACTION_DIST, { recursive: true });
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(ACTION_DIST, name), text);
    // The bin and the pre-commit hook's entry: run by its shebang line.
    fs.chmodSync(path.join(ACTION_DIST, 'kubeward.js'), 0o755);
  }
  return files;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const files = await bundleAction();
  const bytes = Object.values(files).reduce((n, t) => n + Buffer.byteLength(t), 0);
  process.stdout.write(`action-dist/: ${Object.keys(files).length} files, ${(bytes / 1024 / 1024).toFixed(1)} MiB\n`);
}

#!/usr/bin/env node
/**
 * The committed bundles, in action-dist/, each with every dependency inside, so that they run straight from a checkout
 * of this repository at a tag, with no `npm ci` and no compile:
 *
 * - the GitHub Action: action-dist/index.js (from src/action/main.ts), which the runner starts with `node24`;
 * - the command line: action-dist/kubeward.cjs (from src/cli/bin.ts), package.json's `bin`. The pre-commit hook runs it
 *   from its clone of this repository (.pre-commit-hooks.yaml), and `npm install kubeward` gets it prebuilt. It turns on
 *   Node's compile cache and then runs the command, action-dist/kubeward-cli.cjs (from src/cli/cli.ts), a script of
 *   its own run with kubeward's own code cache (src/cli/command-script.ts). What a run loads only when it needs it is in files of their own beside it:
 *   kubeward-globby.js (folders and globs), kubeward-cel.js (CEL: ValidatingAdmissionPolicies and customChecks),
 *   kubeward-yaml.cjs and kubeward-ajv.cjs (the `yaml` package for what the fast YAML reader leaves, ajv for config
 *   files), kubeward-js-yaml.cjs (js-yaml, for files the block reader gives up on) and kubeward-picomatch.cjs (the
 *   config's overrides and ignorePatterns). The one-file run of a pre-commit hook reads half the code it read when the command was one file
 *   (docs/performance.md, "Cold start");
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
import { createHash } from 'node:crypto';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ACTION_DIST = path.join(root, 'action-dist');

/**
 * kubeward loads `yaml`, `ajv`, js-yaml and picomatch with createRequire on first use (start-up time of dist/, which
 * keeps its node_modules; a one-file run of block-style YAML without a config needs none of them: js-yaml and picomatch
 * were 68 KB of the command script, 6% of a one-file run's instructions). The bundles have no node_modules: in the
 * Action these become plain require() calls that esbuild bundles; the bin requires them from files of their own beside
 * it (CommonJS bundles of each package). Several packages may be taken in one file.
 */
const LAZY_REQUIRES = [
  { file: 'src/parse/yaml-reader.ts', from: "createRequire(import.meta.url)('yaml')", pkg: 'yaml' },
  { file: 'src/config/config-file.ts', from: "createRequire(import.meta.url)('ajv')", pkg: 'ajv' },
  { file: 'src/parse/fast-reader.ts', from: "createRequire(import.meta.url)('js-yaml')", pkg: 'js-yaml' },
  { file: 'src/config/config.ts', from: "createRequire(import.meta.url)('picomatch')", pkg: 'picomatch' },
];
/** The Action: inside its one file. */
const LAZY_REQUIRES_INLINE = LAZY_REQUIRES.map((r) => ({ ...r, to: `require('${r.pkg}')` }));
/** The bin: from the files of their own beside it (action-dist/kubeward-yaml.cjs...), so no run that needs neither reads them. */
const LAZY_REQUIRES_FILES = LAZY_REQUIRES.map((r) => ({ ...r, to: `require('./kubeward-${r.pkg}.cjs')` }));

function lazyRequiresPlugin(list) {
  return {
    name: 'kubeward-lazy-requires',
    setup(b) {
      for (const file of new Set(list.map((r) => r.file))) {
        const absolute = path.join(root, file);
        b.onLoad({ filter: new RegExp(`${absolute.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`) }, () => {
          let text = fs.readFileSync(absolute, 'utf8');
          for (const { from, to } of list.filter((r) => r.file === file)) {
            if (!text.includes(from)) throw new Error(`scripts/bundle-action.mjs: ${file} no longer holds ${from}; update LAZY_REQUIRES`);
            text = text.split(from).join(to);
          }
          return { contents: text, loader: 'ts', resolveDir: path.dirname(absolute) };
        });
      }
      b.onResolve({ filter: /^\.\/kubeward-[a-z-]+\.cjs$/ }, (args) => ({ path: args.path, external: true }));
      // The development build's: the packages themselves, from node_modules (devLazyRequiresPlugin).
      const packages = new Set(list.filter((r) => r.to === `require('${r.pkg}')` && r.external).map((r) => r.pkg));
      if (packages.size) b.onResolve({ filter: /^[a-z@][\w./@-]*$/ }, (args) => (packages.has(args.path) ? { path: args.path, external: true } : undefined));
    },
  };
}

/**
 * The development build (scripts/bundle.mjs, from tsc's output under `sources`): the same packages required from
 * node_modules by the command's own `require` (src/cli/command-script.ts, lazyRequire; it resolves from the script's
 * folder, as `createRequire(import.meta.url)` did), which turns Node's compile cache on before it loads one, as in the
 * bin (src/cli/bin.ts), instead of `node:module`'s createRequire, which does not.
 */
export function devLazyRequiresPlugin(sources) {
  return lazyRequiresPlugin(
    LAZY_REQUIRES.map((r) => ({
      ...r,
      file: path.relative(root, path.join(sources, r.file.replace(/\.ts$/, '.js'))),
      to: `require('${r.pkg}')`,
      external: true,
    })),
  );
}

/**
 * The bin's files: its entry runs the command from a file of its own, action-dist/kubeward-cli.cjs (buildCommandScript),
 * instead of inlining it (the code caches, turned on by the entry, cover only code loaded after it); the big pieces a run loads only when it needs them are files of their own too: globby
 * (folders and globs to walk), CEL (src/policy/runtime.ts: ValidatingAdmissionPolicies and customChecks). A few files
 * rather than esbuild's code splitting: each file costs Node a module resolution, and splitting makes dozens of chunks
 * (a one-file run spent more on resolving them than it saved). Each file, and the dynamic import that loads it (the
 * importer by its path from the sources' root, without extension).
 */
const SEPARATE_FILES = [
  // Only where the entry finds no command script (src/cli/bin.ts), which a bundle always has (tsc's output has none).
  { file: './kubeward-cli.cjs', specifier: './cli.js', importer: 'src/cli/bin' },
  { file: './kubeward-globby.js', specifier: 'globby', importer: 'src/read/walk' },
  { file: './kubeward-cel.js', specifier: './runtime.js', importer: 'src/policy/load' },
];
/** The dynamic imports of SEPARATE_FILES, kept as imports of the files beside the bundle; `sources` is src/'s parent (dist/ for dist/cli/). */
export function separateFilesPlugin(sources) {
  return {
    name: 'kubeward-separate-files',
    setup(b) {
      b.onResolve({ filter: /^(\.\/cli\.js|globby|\.\/runtime\.js)$/ }, (args) => {
        if (args.kind !== 'dynamic-import') return undefined;
        const importer = path
          .relative(sources, args.importer)
          .split(path.sep)
          .join('/')
          .replace(/\.[jt]s$/, '');
        const separate = SEPARATE_FILES.find((s) => s.specifier === args.path && s.importer === importer);
        return separate ? { path: separate.file, external: true } : undefined;
      });
    },
  };
}

/**
 * The entry points of the bin's module files, from `sources` (this folder for the TypeScript sources, dist/ for tsc's
 * output). The command (kubeward-cli.cjs) is built by buildCommandScript, the entry (kubeward.cjs) by buildBinEntry.
 */
export function binEntryPoints(sources, ext) {
  return {
    'kubeward-globby': fileURLToPath(import.meta.resolve('globby')),
    'kubeward-cel': path.join(sources, `src/policy/runtime.${ext}`),
    'lint-worker': path.join(sources, `src/engine/lint-worker.${ext}`),
  };
}

/**
 * Node's own modules, taken with `process.getBuiltinModule` (Node.js 22.3 and later; `require` before) instead of an
 * ESM `import`, whose facade reads every export: `import fs from 'node:fs'` alone loads Node's streams and
 * fs/promises, `node:util` its diff module and worker threads. Each import becomes a module of the bundle, evaluated
 * where esbuild evaluates its importer, so a built-in that only code loaded on demand imports (globby's `node:stream`)
 * is not loaded by a run that does not need that code. A module imported by names (`import fs, { statSync } from
 * 'node:fs'`) becomes an ESM module that exports those names, the union of what every importer takes (found by a
 * first build: buildWithBuiltins); one imported otherwise (`* as`, `require()`) becomes CommonJS (`module.exports =
 * the built-in`), whose interop copies it export by export, reading each descriptor (for `node:util`, that alone loads
 * its diff module and worker threads; for every import of `node:fs` and `node:path`, it cost several milliseconds).
 * LAZY_BUILTINS, when imported only by the names listed, are loaded on the first call of one of them: a one-file run
 * calls none. (A module per importer, not per built-in, made esbuild 0.25 run out of memory.)
 */
const LAZY_BUILTINS = {
  'node:crypto': ['createHash', 'createHmac', 'randomBytes', 'timingSafeEqual'],
  'node:child_process': ['spawn', 'spawnSync', 'execFile', 'execFileSync'],
  'node:readline/promises': ['createInterface'],
  // The index cache's serializer (src/engine/index-cache.ts) and a big run's heap cap (src/engine/heap-growth.ts): loading
  // node:v8 loads Node's streams.
  'node:v8': ['serialize', 'deserialize', 'setFlagsFromString', 'getHeapSpaceStatistics'],
  // The user's home folder where $HOME does not say it (src/shared/cache-dir.ts), the cores of a run with threads or
  // renderers: a one-file run calls none (loading node:os is about a millisecond).
  'node:os': ['availableParallelism', 'cpus', 'homedir', 'tmpdir'],
  // createRequire (the command's packages in dist/, formatters by package name) and the bin's compile cache
  // (src/cli/bin.ts): loading node:module loads Node's ES module loader, about 0.25 ms of a one-file run, which needs
  // neither.
  'node:module': ['createRequire'],
};
const BUILTIN = new Set(builtinModules.filter((m) => !m.startsWith('_')).flatMap((m) => [m, `node:${m}`]));
const getBuiltin = "(id) => (typeof process.getBuiltinModule === 'function' ? process.getBuiltinModule(id) : require(id))";

/**
 * The names a module imports from a built-in one (`import fs, { readFileSync as read } from 'node:fs'`): its default
 * import, if any, and its named imports; undefined when the module imports it otherwise (`* as`, several statements).
 */
function importedNames(source, specifier) {
  const quoted = specifier.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const statements = [...source.matchAll(new RegExp(`import\\s+([\\w$\\s,{}]*?)\\s*from\\s*['"]${quoted}['"]`, 'g'))];
  if (statements.length !== 1) return undefined;
  const clause = statements[0][1];
  const braces = /\{([^}]*)\}/.exec(clause);
  const rest = clause
    .replace(/\{[^}]*\}/, '')
    .replace(/,/g, ' ')
    .trim();
  if (rest && !/^[\w$]+$/.test(rest)) return undefined;
  const named = braces
    ? braces[1]
        .split(',')
        .map((n) =>
          n
            .trim()
            .split(/\s+as\s+/)[0]
            .replace(/^type\s+/, ''),
        )
        .filter((n) => n && !n.startsWith('type '))
    : [];
  if (!named.every((n) => /^[\w$]+$/.test(n))) return undefined;
  return { hasDefault: Boolean(rest), named: [...new Set(named)] };
}

/**
 * What the modules of a first build import from each built-in module, from its metafile: `{ names, hasDefault, whole }`
 * by module id (`node:fs`); `whole` when some importer takes it otherwise than by names (`* as`).
 */
async function builtinImports(metafile, workingDir) {
  const found = new Map();
  for (const [input, meta] of Object.entries(metafile.inputs)) {
    const imports = meta.imports.filter((i) => i.kind === 'import-statement' && i.path.startsWith('kubeward-builtin:'));
    if (imports.length === 0) continue;
    const source = await fs.promises.readFile(path.resolve(workingDir, input), 'utf8');
    for (const i of imports) {
      const id = i.path.slice('kubeward-builtin:'.length);
      const entry = found.get(id) ?? { names: new Set(), hasDefault: false, whole: false };
      found.set(id, entry);
      const taken = importedNames(source, i.original ?? id);
      if (!taken) entry.whole = true;
      else {
        entry.hasDefault ||= taken.hasDefault;
        for (const n of taken.named) entry.names.add(n);
      }
    }
  }
  return found;
}

/** The plugin; with the names of a first build (builtinImports), each built-in imported by names becomes an ESM module of just those. */
function builtinsPlugin(imported) {
  return {
    name: 'kubeward-builtins',
    setup(b) {
      b.onResolve({ filter: /^(node:)?[a-z0-9_/]+$/ }, (args) => {
        if (!BUILTIN.has(args.path)) return undefined;
        const id = args.path.startsWith('node:') ? args.path : `node:${args.path}`;
        const names = imported?.get(id);
        const esm = args.kind === 'import-statement' && names && !names.whole;
        return { path: id, namespace: esm ? 'kubeward-builtin-esm' : 'kubeward-builtin' };
      });
      // The one getter that the ES modules of built-ins share (one function instead of one per built-in, in every file
      // and its code cache).
      b.onResolve({ filter: /^kubeward-builtin-get$/ }, (args) => ({ path: args.path, namespace: 'kubeward-builtin-get' }));
      b.onLoad({ filter: /.*/, namespace: 'kubeward-builtin-get' }, () => ({ contents: `export const get = ${getBuiltin};\n`, loader: 'js' }));
      // require() and import(), and the first build: the module itself, as CommonJS.
      b.onLoad({ filter: /.*/, namespace: 'kubeward-builtin' }, (args) => ({
        contents: `const get = ${getBuiltin};\nmodule.exports = get(${JSON.stringify(args.path)});\n`,
        loader: 'js',
      }));
      b.onLoad({ filter: /.*/, namespace: 'kubeward-builtin-esm' }, (args) => {
        const id = args.path;
        const names = [...imported.get(id).names].sort();
        const lazy = LAZY_BUILTINS[id];
        const lines = [`import { get } from 'kubeward-builtin-get';`];
        if (lazy && names.every((n) => lazy.includes(n))) {
          lines.push('let loaded;', `const load = () => (loaded ??= get(${JSON.stringify(id)}));`);
          for (const n of names) lines.push(`export function ${n}(...args) { return load().${n}(...args); }`);
          lines.push('export default new Proxy({}, { get: (_, key) => load()[key], has: (_, key) => key in load() });');
        } else {
          lines.push(`const m = get(${JSON.stringify(id)});`, 'export default m;');
          for (const n of names) lines.push(`export const ${n} = m.${n};`);
        }
        return { contents: lines.join('\n'), loader: 'js' };
      });
    },
  };
}

/**
 * esbuild's build with Node's own modules taken as builtinsPlugin says: a first build (not written) finds what each
 * module imports from them, the second uses it.
 */
export async function buildWithBuiltins(options) {
  const workingDir = options.absWorkingDir ?? process.cwd();
  const first = await build({ ...options, write: false, metafile: true, plugins: [...options.plugins, builtinsPlugin()] });
  return build({ ...options, plugins: [...options.plugins, builtinsPlugin(await builtinImports(first.metafile, workingDir))] });
}

/**
 * `text` with each character outside ASCII made `?`, for a build with esbuild's `charset: 'ascii'`, which escapes such
 * characters in strings, templates and names but leaves the comments it keeps as they are, and, in esbuild 0.25, those
 * in regular expressions and in a tagged template's raw text: only comments may change. A line is taken for a comment
 * only when it begins with `//`, `/*` or `*` (a line of a block comment), or when what stands before its `//` holds no
 * quote, backtick or slash (a `//` or `/*` inside a string or a regular expression is not a comment); any other
 * character outside ASCII fails the build, rather than being changed in code.
 */
export function asciiComments(text) {
  return text.replace(/^.*[^\t\n\r\x20-\x7e].*$/gm, (line) => {
    const first = line.search(/[^\t\n\r\x20-\x7e]/);
    const before = line.slice(0, first);
    const start = before.trimStart();
    const slashes = before.indexOf('//');
    const comment = /^(\/\/|\/\*|\*)/.test(start) || (slashes > 0 && !/['"`/]/.test(before.slice(0, slashes)));
    if (!comment)
      throw new Error(`scripts/bundle-action.mjs: a character outside ASCII in the command script's code: ${JSON.stringify(line.trim().slice(0, 120))}`);
    return line.replace(/[^\t\n\r\x20-\x7e]/g, '?');
  });
}

/**
 * The command, src/cli/cli.ts and what it loads at start, as a script, kubeward-cli.cjs, that the entry runs with
 * kubeward's own V8 code cache (src/cli/command-script.ts says why). `options` are the module build's (entry points
 * aside). The file is CommonJS's wrapper function around the bundle, `(function (exports, require, module, __filename,
 * __dirname, __kubewardHostImport, __kubewardBuild) {...})` (COMMAND_WRAPPER), which the entry compiles as it is: wrapping it at run
 * time made V8 copy the whole text once more (and the copy filled most of the young generation). A script run by `vm`
 * cannot `import()`: its dynamic imports (globby, CEL, plugins and formatters, all `await import(...)` in the
 * sources) call `__kubewardHostImport`, the entry's import(). Functions keep the names esbuild gives them (no
 * keepNames): keeping names is a `defineProperty` call for each function made, about 1,200 at start alone (7 ms of a
 * one-file run); kubeward reads no function's name. Resolves to `{ path, text, digest, ascii }`; the digest names its
 * code cache, and an ASCII script is read as latin1.
 */
export async function buildCommandScript(options, entry) {
  // import.meta.url made on first use: a file URL is made by node:url's pathToFileURL, whose functions no code cache
  // holds (~0.05 ms of every run's start); the package root is found from import.meta.dirname (__dirname).
  const banner =
    'var __kubewardImportMetaUrl, __kubewardImportMeta = { get url() { return (__kubewardImportMetaUrl ??= require("node:url").pathToFileURL(__filename).href); } };';
  const result = await buildWithBuiltins({
    ...options,
    keepNames: false,
    entryPoints: { 'kubeward-cli': entry },
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
    banner: {},
    // KUBEWARD_COMMAND_SCRIPT: src/cli/cli.ts is run by the bin's entry, never as node's own script.
    define: {
      ...options.define,
      'import.meta.url': '__kubewardImportMeta.url',
      'import.meta.dirname': '__dirname',
      'import.meta.filename': '__filename',
      KUBEWARD_COMMAND_SCRIPT: 'true',
    },
    write: false,
  });
  const [output] = result.outputFiles.filter((f) => f.path.endsWith('.cjs'));
  // Strict, as the ES modules it is made of: the banner goes after the directive (and the source's #! line goes).
  const body = output.text.replace(/^#!.*\n/, '');
  if (!body.startsWith('"use strict";')) throw new Error('scripts/bundle-action.mjs: kubeward-cli.cjs does not begin with "use strict"');
  const rest = body.slice('"use strict";'.length);
  const text = `${COMMAND_WRAPPER}"use strict";\n${banner}\n${options.charset === 'ascii' ? asciiComments(rest) : rest}\n})`
    .split('await import(')
    .join('await __kubewardHostImport(');
  // None is left (a string holding "import(" would be one too: then say so here).
  const left = text.match(/(?<![\w$])import\(/g) ?? [];
  if (left.length !== 0)
    throw new Error(`scripts/bundle-action.mjs: kubeward-cli.cjs holds ${left.length} import() that is not "await import(": make it one`);
  // The entry's `require` for the script is a function that makes the real one on first use (src/cli/command-script.ts,
  // lazyRequire): it has no properties.
  if (/(?<![\w$.])require\.[\w$]/.test(text)) throw new Error('scripts/bundle-action.mjs: kubeward-cli.cjs reads a property of require (require.resolve?)');
  // The entry reads an ASCII script (the minified one: esbuild escapes the rest) as latin1, without decoding UTF-8.
  const ascii = !/[^\t\n\r\x20-\x7e]/.test(text);
  return { path: output.path, text, digest: createHash('sha256').update(text).digest('hex').slice(0, 32), ascii };
}

/**
 * The bin's entry, src/cli/bin.ts (`entry`), as CommonJS: kubeward.cjs, package.json's `bin` and the pre-commit hook's
 * entry. Node.js runs a CommonJS main module without its ESM loader, whose functions (module jobs, resolution,
 * translators) are in no code cache and compiled on every run: an ES module entry cost a one-file run about 15 M of its
 * 165 M instructions (docs/performance.md). The files it loads are unchanged: the command script (run by `vm`, as
 * before), and through the entry's `import()` the ES modules beside it (kubeward-globby.js, kubeward-cel.js: the
 * package is `"type": "module"`, so `.js` files are ES modules, as they must be) and formatters or plugins.
 * `import.meta.url` is the file's URL, from `__filename` on first use, and `import.meta.filename` is `__filename`. `command` is buildCommandScript's result (its digest names
 * the code cache). Functions keep esbuild's names (no keepNames): the entry reads no function's name.
 */
export async function buildBinEntry(options, entry, command, build) {
  return buildWithBuiltins({
    ...options,
    keepNames: false,
    entryPoints: { kubeward: entry },
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
    // Strict, as the ES module it is made of (esbuild's own directive comes after the banner).
    // The entry names the command script by its path (import.meta.filename); its URL is made on first use, if ever.
    banner: {
      js: '"use strict";\nvar __kubewardEntryUrl, __kubewardEntry = { get url() { return (__kubewardEntryUrl ??= require("node:url").pathToFileURL(__filename).href); } };',
    },
    define: {
      ...options.define,
      'import.meta.url': '__kubewardEntry.url',
      'import.meta.dirname': '__dirname',
      'import.meta.filename': '__filename',
      ...commandDefines(command, build),
    },
  });
}

/**
 * What the entry is told of the command script at build time (src/cli/bin.ts): its digest and whether it is ASCII, and
 * the digest of the bundle's files (buildDigest), which it hands to the command.
 */
export function commandDefines(command, build) {
  return {
    KUBEWARD_COMMAND_DIGEST: JSON.stringify(command.digest),
    KUBEWARD_COMMAND_ASCII: JSON.stringify(command.ascii),
    KUBEWARD_BUILD_DIGEST: JSON.stringify(build),
  };
}

/**
 * The digest of a bundle's files but its entries (`{ name: text }`: the command script, the worker, globby, CEL, the
 * packages, the Action): the build's fingerprint (src/engine/cache.ts), which keys the caches a run keeps. Made at
 * build time, a warm run does not list and stat the bundle's files for it (0.6 ms of a pre-commit run's second commit:
 * docs/performance.md, "fingerprint").
 */
export function buildDigest(files) {
  const hash = createHash('sha256');
  for (const name of Object.keys(files).sort()) {
    if (name === 'kubeward.cjs' || name === 'kubeward.js') continue;
    hash.update(`${name}\0${Buffer.byteLength(files[name])}\0`).update(files[name]);
  }
  return hash.digest('hex').slice(0, 32);
}

/** The beginning of kubeward-cli.cjs (src/cli/command-script.ts compiles the file as it is); it ends with `\n})`. */
export const COMMAND_WRAPPER = '(function (exports, require, module, __filename, __dirname, __kubewardHostImport, __kubewardBuild) {';

/** Options every bundle shares. */
function common() {
  return {
    absWorkingDir: root,
    outdir: ACTION_DIST,
    bundle: true,
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
    logLevel: 'warning',
  };
}

/** Build the committed bundles; with `write: false`, resolve to `{ 'index.js': text, ... }` instead of writing. */
export async function bundleAction({ write = true } = {}) {
  // The Action: one file.
  const action = await build({
    ...common(),
    entryPoints: { index: path.join(root, 'src/action/main.ts') },
    splitting: false,
    plugins: [lazyRequiresPlugin(LAZY_REQUIRES_INLINE)],
  });
  // The bin (see SEPARATE_FILES), and the worker thread module, which loads kubeward-cel.js from the same folder.
  const binOptions = {
    ...common(),
    splitting: false,
    plugins: [lazyRequiresPlugin(LAZY_REQUIRES_FILES), separateFilesPlugin(root)],
  };
  const command = await buildCommandScript({ ...binOptions, banner: {} }, path.join(root, 'src/cli/cli.ts'));
  const bin = await buildWithBuiltins({ ...binOptions, entryPoints: binEntryPoints(root, 'ts') });
  // yaml, ajv, js-yaml and picomatch, CommonJS packages loaded with require() on first use: files of their own.
  const packages = await build({
    ...common(),
    entryPoints: { 'kubeward-yaml': 'yaml', 'kubeward-ajv': 'ajv', 'kubeward-js-yaml': 'js-yaml', 'kubeward-picomatch': 'picomatch' },
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
    banner: {},
  });
  const name = (f) => path.relative(ACTION_DIST, f.path).split(path.sep).join('/');
  const files = {
    ...Object.fromEntries(action.outputFiles.map((f) => [name(f), f.text])),
    ...Object.fromEntries(bin.outputFiles.map((f) => [name(f), f.text])),
    [name(command)]: command.text,
    ...Object.fromEntries(packages.outputFiles.map((f) => [name(f), f.text])),
  };
  // The entry last: it is told the digest of every other file.
  const entry = await buildBinEntry(binOptions, path.join(root, 'src/cli/bin.ts'), command, buildDigest(files));
  for (const f of entry.outputFiles) files[name(f)] = f.text;
  if (write) {
    fs.rmSync(ACTION_DIST, { recursive: true, force: true });
    fs.mkdirSync(ACTION_DIST, { recursive: true });
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(ACTION_DIST, name), text);
    // The bin and the pre-commit hook's entry: run by its shebang line.
    fs.chmodSync(path.join(ACTION_DIST, 'kubeward.cjs'), 0o755);
  }
  return files;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const files = await bundleAction();
  const bytes = Object.values(files).reduce((n, t) => n + Buffer.byteLength(t), 0);
  process.stdout.write(`action-dist/: ${Object.keys(files).length} files, ${(bytes / 1024 / 1024).toFixed(1)} MiB\n`);
}

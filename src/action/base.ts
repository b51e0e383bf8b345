/**
 * The config and the baseline as the pull request's base commit has them. A pull request may change both (turn a
 * check off, ignore a file, record its own findings in the baseline); on a pull request the Action lints with the
 * base commit's, so that such a change takes effect only once it is merged, and the job summary says what it would
 * change (policy.ts).
 *
 * Each file is read with `git cat-file blob BASE:path` (no shell, no checkout), written to a private temporary folder
 * at the same relative path, and read by the same loader as the checkout's config, so the same validation and error
 * messages apply; paths in the config (`root`, `schemas`, `overrides`) are then taken relative to the checkout.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CONFIG_FILE_NAMES, ConfigError, loadConfig, type ResolvedConfigFile } from '../config/index.js';
import { relativeToTop, showFile } from './git.js';

/** A private folder for what is read from the base commit (under RUNNER_TEMP on a runner, else the system's). */
function scratch(env: NodeJS.ProcessEnv): string {
  const parent = env.RUNNER_TEMP && fs.statSync(env.RUNNER_TEMP, { throwIfNoEntry: false })?.isDirectory() ? env.RUNNER_TEMP : os.tmpdir();
  return fs.mkdtempSync(path.join(parent, 'kubeward-base-'));
}

function materialize(dir: string, rel: string, bytes: Buffer): string {
  const file = path.join(dir, ...rel.split('/'));
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, bytes, { flag: 'wx', mode: 0o600 });
  return file;
}

const short = (commit: string) => commit.slice(0, 7);

/** Whether a package.json's text holds a `kubeward` key (else the search goes on, as it does in the checkout). */
function packageJsonHasConfig(bytes: Buffer): boolean {
  try {
    const value = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
    return Boolean(value && typeof value === 'object' && 'kubeward' in value);
  } catch {
    return true; // let the loader say what is wrong with it
  }
}

export interface BaseConfig extends ResolvedConfigFile {
  /** The config file's path from the top folder, undefined when the base commit has none. */
  rel?: string;
}

/**
 * The config the base commit has for a run in `workspace`: the file the `config` input names, else the nearest
 * config file from the workspace up to the repository's top folder (above it, the runner's own files, read as they are).
 */
export function baseConfig(options: { env: NodeJS.ProcessEnv; workspace: string; top: string; commit: string; configFile?: string }): BaseConfig {
  const { workspace, top, commit } = options;
  let found: { rel: string; bytes: Buffer } | undefined;
  if (options.configFile) {
    const rel = relativeToTop(top, path.resolve(workspace, options.configFile));
    if (rel === undefined) throw new ConfigError(`the config input names ${options.configFile}, which is outside the repository`, 'config');
    const bytes = showFile(top, commit, rel);
    if (!bytes) {
      throw new ConfigError(
        `Config file not found in the base commit ${short(commit)}: ${rel} (the config input). kubeward reads the config of the base commit on a pull request; set config-from: head to read the pull request's own`,
        'config',
      );
    }
    found = { rel, bytes };
  } else {
    const start = relativeToTop(top, workspace) ?? '';
    const dirs: string[] = [];
    for (let dir = start; ; dir = path.posix.dirname(dir)) {
      dirs.push(dir === '.' ? '' : dir);
      if (dir === '' || dir === '.') break;
    }
    search: for (const dir of dirs) {
      for (const name of CONFIG_FILE_NAMES) {
        const rel = dir ? `${dir}/${name}` : name;
        const bytes = showFile(top, commit, rel);
        if (bytes && (name !== 'package.json' || packageJsonHasConfig(bytes))) {
          found = { rel, bytes };
          break search;
        }
      }
    }
  }
  if (!found) {
    // Nothing in the repository: the folders above it are the runner's, the same for base and head.
    const outside = loadConfig({ searchFrom: path.dirname(top), cwd: workspace });
    return outside.filePath ? outside : { config: {}, baseDir: workspace };
  }
  const dir = scratch(options.env);
  try {
    const file = materialize(dir, found.rel, found.bytes);
    let loaded: ResolvedConfigFile;
    try {
      loaded = loadConfig({ searchFrom: dir, cwd: dir, configFile: file });
    } catch (error) {
      if (error instanceof ConfigError) throw new ConfigError(`In the base commit ${short(commit)}: ${error.message}`, error.key);
      throw error;
    }
    const back = (p: string) => {
      const rel = path.relative(dir, p);
      return rel.startsWith('..') || path.isAbsolute(rel) ? p : path.join(top, rel);
    };
    const { config } = loaded;
    if (config.root !== undefined) config.root = back(config.root);
    if (config.schemas) config.schemas = config.schemas.map(back);
    return { config, filePath: path.join(top, found.rel), baseDir: path.dirname(path.join(top, found.rel)), rel: found.rel };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The baseline file as the base commit has it, copied to a private temporary file; undefined when the base commit
 * has none. The copy is removed by `dispose`.
 */
export function baseBaseline(options: {
  env: NodeJS.ProcessEnv;
  top: string;
  commit: string;
  file: string;
}): { path: string; dispose: () => void } | undefined {
  const rel = relativeToTop(options.top, options.file);
  if (rel === undefined) return undefined;
  const bytes = showFile(options.top, options.commit, rel);
  if (!bytes) return undefined;
  const dir = scratch(options.env);
  return { path: materialize(dir, rel, bytes), dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Policy changes made from the linted tree, said out loud: a pull request that adds a config turning every check off,
 * an `ignorePatterns` that leaves nothing to lint, or a second config file (configs do not cascade) must not give a
 * quiet exit 0. Each is one warning line; the run's results are unchanged.
 */
import fs from 'node:fs';
import path from 'node:path';
import { rulesForFile, type ResolvedConfig } from './config.js';
import { CONFIG_FILE_NAMES } from './config-file.js';

/** The YAML and JSON config names (package.json is any package's file, not a kubeward config by its name). */
const CONFIG_NAMES: readonly string[] = CONFIG_FILE_NAMES.filter((n) => n !== 'package.json');

export interface PolicyInputs {
  resolved: ResolvedConfig;
  /** The config file in charge of the run, if any. */
  configFile?: string;
  /** The files the run linted (its results' paths). */
  linted: readonly string[];
  /** Whether the run's paths held manifests that the config's `ignorePatterns` all left out. */
  allIgnoredByPatterns?: number;
  /** The repository root (config files above the one in charge are looked for up to it). */
  root: string;
  cwd: string;
}

function shown(cwd: string, file: string): string {
  const rel = path.relative(cwd, file).split(path.sep).join('/');
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

/** Warning lines (without the `kubeward: warning: ` prefix) about what the run's config files change. */
export function policyWarnings(inputs: PolicyInputs): string[] {
  const { resolved, configFile, linted, cwd } = inputs;
  const warnings: string[] = [];
  const inCharge = configFile ? shown(cwd, configFile) : undefined;
  // Config files the run linted (they are YAML or JSON in the tree) other than the one in charge.
  const others = linted.filter((f) => CONFIG_NAMES.includes(path.basename(f)) && f !== configFile);
  for (const other of others) {
    warnings.push(
      `${shown(cwd, other)} is not applied: one config is in charge of a run (${inCharge ?? 'none, the recommended preset'}) and configs do not cascade; ` +
        `move its rules into ${inCharge ?? 'a config at the repository root'} as overrides, or lint its folder on its own`,
    );
  }
  // A config below another, up to the repository root: the nearer one wins, silently otherwise.
  if (configFile) {
    for (let dir = path.dirname(path.dirname(configFile)); isWithinRoot(inputs.root, dir); dir = path.dirname(dir)) {
      const above = CONFIG_NAMES.map((n) => path.join(dir, n)).find((f) => fs.statSync(f, { throwIfNoEntry: false })?.isFile());
      if (above) {
        warnings.push(`${inCharge} is in charge of this run, not ${shown(cwd, above)} above it (configs do not cascade: the nearest one wins)`);
        break;
      }
      if (dir === path.dirname(dir)) break;
    }
  }
  if (configFile && linted.length > 0 && linted.every((f) => [...rulesForFile(resolved, f).values()].every((r) => r.severity === 0))) {
    warnings.push(`${inCharge} turns every check off: nothing was checked`);
  }
  if (configFile && inputs.allIgnoredByPatterns) {
    const n = inputs.allIgnoredByPatterns;
    warnings.push(`ignorePatterns in ${inCharge} leave out all ${n} manifest${n === 1 ? '' : 's'} of the run: nothing was linted`);
  }
  return warnings;
}

function isWithinRoot(root: string, dir: string): boolean {
  const rel = path.relative(root, dir);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

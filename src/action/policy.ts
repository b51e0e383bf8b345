/**
 * What a pull request's own config, baseline and ignore files would change, had the Action used them: on a pull
 * request the Action lints with the base commit's (base.ts, git.ts), then, when the pull request changes any of them,
 * lints again with its own and compares. The job summary lists the checks turned off or lowered, the files no longer
 * linted, the findings no longer reported, and the suppression directives, ignore-file lines and baseline entries the
 * pull request adds, with counts.
 */
import { baseRules, type KubewardConfig } from '../config/index.js';
import type { Check } from '../check-api.js';
import type { LintResult } from '../shared/types.js';
import { markdownCell, plural } from './markdown.js';

const LEVEL = ['off', 'warn', 'error'] as const;

/** A check whose level the pull request's config lowers (from the preset and `rules`; overrides count by their findings). */
export interface LoweredCheck {
  id: string;
  from: (typeof LEVEL)[number];
  to: (typeof LEVEL)[number];
}

export interface PolicyChange {
  /** Where the pull request's config and baseline are, for the summary's words. */
  configFile?: string;
  baselineFile?: string;
  lowered: LoweredCheck[];
  /** Files the base commit's config and ignore files lint that the pull request's do not (ignorePatterns, ignore files). */
  newlyIgnored: string[];
  /** Findings reported with the base commit's config and baseline and not with the pull request's, by check. */
  hidden: Map<string, number>;
  /** Findings the pull request's config reports that the base commit's does not (checks turned on or raised). */
  added: number;
  /** Suppression directives and ignore-check annotations on lines the pull request adds. */
  directives: Array<{ file: string; line: number }>;
  /** Lines the pull request adds to ignore files (`.kubewardignore`, `.gitignore`): they apply once it is merged (the base commit's apply to it). */
  ignoreLines?: Array<{ file: string; line: number }>;
  /** Entries (with their counts) the pull request's baseline holds beyond the base commit's. */
  baselineAdded: number;
  /** Why the comparison run could not be made (the pull request's config is invalid or names plugins). */
  unavailable?: string;
}

/** The effective level of each check in a config, before overrides. */
export function levels(config: KubewardConfig, baseDir: string, checks: readonly Check[]): Map<string, number> {
  const table = baseRules({ config, baseDir, checks });
  return new Map([...table].map(([id, state]) => [id, state.severity]));
}

/** Checks the head config turns off or lowers compared with the base config. */
export function loweredChecks(base: Map<string, number>, head: Map<string, number>): LoweredCheck[] {
  const out: LoweredCheck[] = [];
  for (const [id, from] of base) {
    const to = head.get(id) ?? 0;
    if (to < from) out.push({ id, from: LEVEL[from], to: LEVEL[to] });
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

const keyOf = (filePath: string, m: { ruleId: string | null; line: number; column: number; message: string }) =>
  JSON.stringify([filePath, m.ruleId, m.line, m.column, m.message]);

/** Compare the run that counted (base config) with the run the pull request's config would have made. */
export function compareRuns(base: readonly LintResult[], head: readonly LintResult[]): Pick<PolicyChange, 'newlyIgnored' | 'hidden' | 'added'> {
  const headFiles = new Set(head.map((r) => r.filePath));
  const newlyIgnored = base.map((r) => r.filePath).filter((f) => !headFiles.has(f));
  const headKeys = new Map<string, number>();
  for (const r of head) for (const m of r.messages) headKeys.set(keyOf(r.filePath, m), (headKeys.get(keyOf(r.filePath, m)) ?? 0) + 1);
  const hidden = new Map<string, number>();
  for (const r of base) {
    for (const m of r.messages) {
      const key = keyOf(r.filePath, m);
      const left = headKeys.get(key) ?? 0;
      if (left > 0) {
        headKeys.set(key, left - 1);
        continue;
      }
      const id = m.ruleId ?? (m.fatal ? 'parse error' : 'notice');
      hidden.set(id, (hidden.get(id) ?? 0) + 1);
    }
  }
  const baseFiles = new Set(base.map((r) => r.filePath));
  let added = 0;
  for (const r of head) {
    if (!baseFiles.has(r.filePath)) continue;
    for (const m of r.messages) {
      const key = keyOf(r.filePath, m);
      if ((headKeys.get(key) ?? 0) > 0) {
        headKeys.set(key, headKeys.get(key)! - 1);
        added++;
      }
    }
  }
  return { newlyIgnored, hidden, added };
}

/** A line a pull request adds that holds a suppression: a `kubeward-disable…` directive or an `ignore-check.kubeward.io/` annotation. */
export const DIRECTIVE = /#\s*kubeward-disable|ignore-check\.kubeward\.io\//;

/** An ignore file the file walk honours: a line added to one would hide a manifest from the run once merged. */
export const IGNORE_FILE = /(^|\/)\.(kubewardignore|gitignore)$/;

/** A list of at most `max` items, then "and N more". */
function some(items: readonly string[], max = 10): string {
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}

/**
 * The job summary's section on the policy: which config and baseline counted, and what the pull request's own would
 * change. `base` names the base commit; `change` is undefined when the pull request changes neither.
 */
export function policySummary(options: {
  base: string;
  configFile?: string;
  baselineFile?: string;
  baselineMissing?: boolean;
  /** The base commit's `.gitignore` and `.kubewardignore` files applied; false with `--no-ignore`, which applies none. */
  ignoreFiles?: boolean;
  change?: PolicyChange;
}): string {
  const { change } = options;
  const short = options.base.slice(0, 7);
  const parts = [
    options.configFile ? `the config ${markdownCell(options.configFile)}` : 'no config file (the defaults)',
    ...(options.baselineFile ? [`the baseline ${markdownCell(options.baselineFile)}`] : []),
    ...(options.ignoreFiles ? ['the ignore files (`.gitignore`, `.kubewardignore`)'] : []),
  ];
  const used = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : parts[0];
  const them = [options.configFile, options.baselineFile, options.ignoreFiles].filter(Boolean).length > 1 ? 'them' : 'it';
  let out = `\n### Policy\n\nkubeward used ${used} as the pull request's base commit ${short} has ${them} (\`config-from: base\`), so a pull request cannot relax the checks that judge it.\n`;
  if (options.baselineMissing) {
    out += `\nThe base commit has no baseline file: no finding is baselined.\n`;
  }
  const directives = change?.directives ?? [];
  const ignoreLines = change?.ignoreLines ?? [];
  if (
    !change ||
    (!change.unavailable &&
      change.lowered.length === 0 &&
      change.newlyIgnored.length === 0 &&
      change.hidden.size === 0 &&
      directives.length === 0 &&
      ignoreLines.length === 0 &&
      change.baselineAdded === 0)
  ) {
    return `${out}\nThe pull request does not relax the policy: no check turned off or lowered, no file newly ignored, no suppression added.\n`;
  }
  out += `\n**What the pull request changes in the policy**: its config${options.ignoreFiles ? ', ignore files' : ''} and baseline apply once it is merged; the suppressions it adds to manifests apply now.\n\n| Change | Count | Where | Applies |\n| --- | --- | --- | --- |\n`;
  const later = 'once merged';
  if (change.unavailable) out += `| config not compared | - | ${markdownCell(change.unavailable)} | ${later} |\n`;
  const off = change.lowered.filter((c) => c.to === 'off');
  const lower = change.lowered.filter((c) => c.to !== 'off');
  const withCount = (id: string) => `${id}${change.hidden.get(id) ? ` (${plural(change.hidden.get(id)!, 'finding')})` : ''}`;
  if (off.length) out += `| checks turned off | ${off.length} | ${markdownCell(some(off.map((c) => withCount(c.id))))} | ${later} |\n`;
  if (lower.length)
    out += `| checks lowered | ${lower.length} | ${markdownCell(some(lower.map((c) => `${withCount(c.id)}: ${c.from} to ${c.to}`)))} | ${later} |\n`;
  if (change.newlyIgnored.length)
    out += `| files no longer linted | ${change.newlyIgnored.length} | ${markdownCell(some(change.newlyIgnored))} | ${later} |\n`;
  const hiddenTotal = [...change.hidden.values()].reduce((n, c) => n + c, 0);
  if (hiddenTotal) {
    const byCheck = [...change.hidden].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([id, n]) => `${id}: ${n}`);
    out += `| findings no longer reported | ${hiddenTotal} | ${markdownCell(some(byCheck))} | ${later} |\n`;
  }
  if (directives.length)
    out += `| suppression directives added | ${directives.length} | ${markdownCell(some(directives.map((d) => `${d.file}:${d.line}`)))} | now |\n`;
  if (ignoreLines.length)
    out += `| ignore-file lines added | ${ignoreLines.length} | ${markdownCell(some(ignoreLines.map((d) => `${d.file}:${d.line}`)))} | ${options.ignoreFiles ? later : 'not while args has --no-ignore'} |\n`;
  if (change.baselineAdded) out += `| baseline entries added | ${change.baselineAdded} | ${markdownCell(change.baselineFile ?? '')} | ${later} |\n`;
  if (change.added) out += `\nThe pull request's config also reports ${plural(change.added, 'finding')} that the base commit's does not.\n`;
  return out;
}

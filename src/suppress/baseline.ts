/**
 * The baseline, for adopting kubeward on a repository that already has findings: record today's findings once, then
 * report only new ones. An entry is keyed by check id, object identity (`Deployment/shop/web`), field path and
 * message id, never by line, so edits that move lines keep matching. Entries carry a count: two identical findings
 * (the same object in two overlays) need two entries' worth, and a third new one is reported.
 */
import fs from 'node:fs';
import path from 'node:path';
import { readBytes } from '../read/index.js';
import { ConfigError } from '../shared/errors.js';

/** The most read of a baseline file. */
const MAX_BASELINE_BYTES = 256 * 1024 * 1024;
import type { LintMessage, LintResult } from '../shared/types.js';

export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  ruleId: string;
  object: string;
  path: string;
  messageId: string;
  count: number;
}

export interface BaselineFile {
  kubeward: 'baseline';
  version: number;
  findings: BaselineEntry[];
}

/** Whether a message can be baselined: findings of checks, never parse errors or directive problems. */
function baselinable(message: LintMessage): message is LintMessage & { ruleId: string } {
  return message.ruleId !== null && !message.fatal;
}

function entryOf(message: LintMessage & { ruleId: string }, filePath: string, baseDir: string): Omit<BaselineEntry, 'count'> {
  // A finding with no object (none today, but a future file-level check) is keyed by its file instead.
  const object = message.object ?? `file:${path.relative(baseDir, filePath).split(path.sep).join('/')}`;
  return { ruleId: message.ruleId, object, path: message.path ?? '', messageId: message.messageId ?? '' };
}

function keyOf(entry: Omit<BaselineEntry, 'count'>): string {
  return JSON.stringify([entry.ruleId, entry.object, entry.path, entry.messageId]);
}

function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  const order = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return order(a.ruleId, b.ruleId) || order(a.object, b.object) || order(a.path, b.path) || order(a.messageId, b.messageId);
}

/** The baseline of a run's reported findings: sorted, one entry per key, stable JSON with a final newline. */
export function renderBaseline(results: readonly LintResult[], baselinePath: string): string {
  const baseDir = path.dirname(baselinePath);
  const counts = new Map<string, BaselineEntry>();
  for (const result of results) {
    for (const message of result.messages) {
      if (!baselinable(message)) continue;
      const entry = entryOf(message, result.filePath, baseDir);
      const key = keyOf(entry);
      const existing = counts.get(key);
      if (existing) existing.count++;
      else counts.set(key, { ...entry, count: 1 });
    }
  }
  const file: BaselineFile = { kubeward: 'baseline', version: BASELINE_VERSION, findings: [...counts.values()].sort(compareEntries) };
  const lines = file.findings.map(
    (e) => `    ${JSON.stringify({ ruleId: e.ruleId, object: e.object, path: e.path, messageId: e.messageId, count: e.count })}`,
  );
  // One finding per line: a diff of the baseline reads as the findings added and removed.
  return `{\n  "kubeward": "baseline",\n  "version": ${BASELINE_VERSION},\n  "findings": [${lines.length ? `\n${lines.join(',\n')}\n  ` : ''}]\n}\n`;
}

/** Read a baseline file: its counts by key. Undefined when the file does not exist; ConfigError when it is not a baseline. */
export function readBaseline(baselinePath: string, shown = baselinePath): Map<string, number> | undefined {
  // A regular file only, bounded: a baseline planted as a link (to .git/config, to /dev/zero) is refused, never read.
  const stat = fs.lstatSync(baselinePath, { throwIfNoEntry: false });
  if (!stat) return undefined;
  if (!stat.isFile()) {
    const what = stat.isSymbolicLink() ? 'a symbolic link' : stat.isDirectory() ? 'a folder' : 'not a regular file';
    throw new ConfigError(`Cannot read baseline ${shown}: it is ${what}; kubeward reads a baseline only from a regular file`, '--baseline');
  }
  const read = readBytes(baselinePath, MAX_BASELINE_BYTES);
  if ('failure' in read) {
    const why = read.failure.kind === 'tooLarge' ? `larger than ${MAX_BASELINE_BYTES} bytes` : read.failure.reason;
    throw new ConfigError(`Cannot read baseline ${shown}: ${why}`, '--baseline');
  }
  const text = Buffer.from(read.bytes).toString('utf8');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(
      `Baseline ${shown} is not valid JSON (${(error as Error).message}); delete it or run with --update-baseline to record it again`,
      '--baseline',
    );
  }
  const file = data as Partial<BaselineFile>;
  if (!file || file.kubeward !== 'baseline' || !Array.isArray(file.findings)) {
    throw new ConfigError(`${shown} is not a kubeward baseline (it lacks "kubeward": "baseline" and "findings")`, '--baseline');
  }
  if (file.version !== BASELINE_VERSION)
    throw new ConfigError(`Baseline ${shown} has version ${JSON.stringify(file.version)}; this kubeward reads version ${BASELINE_VERSION}`, '--baseline');
  const counts = new Map<string, number>();
  file.findings.forEach((e, i) => {
    const ok = e && typeof e.ruleId === 'string' && typeof e.object === 'string' && typeof e.path === 'string' && typeof e.messageId === 'string';
    if (!ok) throw new ConfigError(`Baseline ${shown}: findings[${i}] needs string ruleId, object, path and messageId`, '--baseline');
    const count = e.count === undefined ? 1 : e.count;
    if (!Number.isInteger(count) || count < 1)
      throw new ConfigError(`Baseline ${shown}: findings[${i}].count must be a whole number of at least 1`, '--baseline');
    const key = keyOf(e);
    counts.set(key, (counts.get(key) ?? 0) + count);
  });
  return counts;
}

/**
 * Move the findings a baseline holds from `messages` to `suppressedMessages` (kind `baseline`). Each entry's count
 * is consumed in file and position order, so findings beyond it are reported. Mutates and returns the results.
 */
export function applyBaseline(results: LintResult[], counts: Map<string, number>, baselinePath: string, justification: string): LintResult[] {
  const remaining = new Map(counts);
  const baseDir = path.dirname(baselinePath);
  for (const result of results) {
    const kept: LintMessage[] = [];
    for (const message of result.messages) {
      if (baselinable(message)) {
        const key = keyOf(entryOf(message, result.filePath, baseDir));
        const left = remaining.get(key) ?? 0;
        if (left > 0) {
          remaining.set(key, left - 1);
          result.suppressedMessages.push({ ...message, suppressions: [...(message.suppressions ?? []), { kind: 'baseline', justification }] });
          continue;
        }
      }
      kept.push(message);
    }
    result.messages = kept;
  }
  return results;
}

/** The lint pass of one file: its objects against the repository, every check, suppressions, its result. */
import { compareMessages, dedupe, runChecks } from '../check/index.js';
import { rulesForFile } from '../config/index.js';
import { fatalMessage, objectsOf, type ParsedFile } from '../parse/index.js';
import { withPodTemplates } from '../k8s/index.js';
import { attachFile, buildRepository, type Repository, type RepositoryResource } from '../resources/index.js';
import { excerpt, MAX_EXCERPT } from '../shared/inert.js';
import type { LintMessage, LintResult } from '../shared/types.js';
import { applySuppressions } from '../suppress/index.js';
import { indexEntries, type Engine } from './engine.js';
import type { ParsedStore } from './files.js';

/**
 * Lint one parsed file against the repository: every check on each of its objects, positions, fixes and
 * suggestions, then suppressions. Its Resources are the index's own, given their full objects meanwhile.
 */
export function lintFile(
  engine: Engine,
  file: ParsedFile,
  repository: Repository,
  /** Whether the result is copied (see lintFileNow); a worker thread's results are copied by postMessage anyway. */
  copy = true,
  /** False: the file has no node trees, and a finding is reported without reading them (see lintRead). */
  positions = true,
): LintResult {
  try {
    return withPodTemplates(engine.podTemplates, () => lintFileNow(engine, file, repository, copy, positions));
  } catch (error) {
    // A bug of kubeward's (or of a plugin) on this file: one message for it, and every other file is still linted.
    const why = excerpt((error as Error)?.message ?? String(error), MAX_EXCERPT * 2);
    const message = fatalMessage(`Internal error while linting this file: ${why}. Please report it; the other files were still linted`, 1, 1, {
      messageId: 'internalError',
    });
    return countResult({
      filePath: file.filePath,
      messages: [message],
      suppressedMessages: [],
      errorCount: 0,
      fatalErrorCount: 0,
      warningCount: 0,
      fixableErrorCount: 0,
      fixableWarningCount: 0,
      objectCount: 0,
    });
  }
}

/**
 * Lint a file read again for the lint pass (`read` reads and parses it, with node trees or not), values first when
 * `valuesFirst`: the file is parsed without node trees and linted without positions (a finding's becomes an error);
 * a result with no message, suppressed message or notice asked for no position, so it is the file's result. Any other result is thrown away and the file is read
 * with trees and linted again, as without this. For files whose objects rarely get findings (CRDs: large, and
 * their trees are most of a run's garbage that lives long enough to be promoted), docs/performance.md.
 */
export function lintRead(engine: Engine, read: (trees: boolean) => ParsedFile, repository: Repository, copy: boolean, valuesFirst: boolean): LintResult {
  if (valuesFirst) {
    const values = read(false);
    // A file kept from the index pass has its trees already, and one the block reader read gets them per document on
    // first use (src/parse/parse.ts): linted once, as it is. Only the js-yaml path reads a file without trees.
    if (values.holds !== 'values') return lintFile(engine, values, repository, copy);
    const result = lintFile(engine, values, repository, false, false);
    if (result.messages.length === 0 && result.suppressedMessages.length === 0 && !result.notices?.length) return result;
  }
  return lintFile(engine, read(true), repository, copy);
}

/** Whether a file's objects (as the index pass saw them) are all CustomResourceDefinitions: lintRead's `valuesFirst`. */
/**
 * Lint a file of the run as the lint pass takes it from `store` (kept from the index pass, or read again); a file that
 * holds only CRDs is linted from its values first (lintRead) unless `valuesFirst` is false. On the calling thread and
 * on worker threads alike.
 */
export function lintStored(
  engine: Engine,
  store: ParsedStore,
  filePath: string,
  maxFileSize: number | undefined,
  repository: Repository,
  copy: boolean,
  valuesFirst = true,
): LintResult {
  const read = (trees: boolean) => store.take(filePath, maxFileSize, trees);
  return lintRead(engine, read, repository, copy, valuesFirst && onlyDefinitions(repository.resourcesOf(filePath)));
}

function onlyDefinitions(resources: readonly RepositoryResource[] | undefined): boolean {
  return resources !== undefined && resources.length > 0 && resources.every((r) => r.kind === 'CustomResourceDefinition');
}

function lintFileNow(engine: Engine, file: ParsedFile, repository: Repository, copy: boolean, positions: boolean): LintResult {
  const objects = objectsOf(file);
  // The index pass saw other objects (the file changed in between): lint what is there now, outside the index.
  const attached =
    attachFile(repository, file, objects) ??
    attachFile(
      buildRepository([indexEntries(engine, file, objects)], () => true),
      file,
      objects,
    )!;
  const rules = rulesForFile(engine.resolved, file.filePath);
  try {
    const run = {
      checks: engine.checks,
      rules,
      kubernetesVersion: engine.kubernetesVersion,
      index: repository.index,
      fixStrict: engine.fixStrict,
      patchValues: engine.patchFallback,
      ...(positions ? {} : { positions: false }),
    };
    const messages = [...file.messages, ...runChecks(run, file, attached.resources)];
    const split = applySuppressions(file, dedupe(messages, engine.checks).sort(compareMessages), {
      knownIds: engine.knownIds,
      objects: attached.resources,
      reportUnused: engine.reportUnused,
      inlineConfig: engine.inlineConfig,
      requireReason: engine.requireReason,
    });
    const result = toResult(file, split.messages, attached.resources.length);
    result.suppressedMessages = split.suppressedMessages;
    // Results outlive the file: copy them, so that no string of theirs is a slice of the file's text, which would keep
    // the whole text alive.
    return copy ? structuredClone(result) : result;
  } finally {
    attached.detach();
  }
}

export function toResult(file: ParsedFile, all: LintMessage[], objectCount: number): LintResult {
  const messages = [...all].sort(compareMessages);
  const result: LintResult = {
    filePath: file.filePath,
    messages,
    suppressedMessages: [],
    errorCount: 0,
    fatalErrorCount: 0,
    warningCount: 0,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
    objectCount,
  };
  if (file.notices.length) result.notices = [...file.notices].sort(compareMessages);
  return countResult(result);
}

/** Recount a result's totals from its messages (after suppression, fixes...). */
export function countResult(result: LintResult): LintResult {
  result.errorCount = result.messages.filter((m) => m.severity === 2).length;
  result.fatalErrorCount = result.messages.filter((m) => m.fatal).length;
  result.warningCount = result.messages.filter((m) => m.severity === 1).length;
  result.fixableErrorCount = result.messages.filter((m) => m.severity === 2 && m.fix).length;
  result.fixableWarningCount = result.messages.filter((m) => m.severity === 1 && m.fix).length;
  return result;
}

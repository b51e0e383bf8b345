/**
 * The programmatic API: lintFiles and lintText. Runs the stages in order (walk → parse → validate/check → report
 * data) and owns what no check may do: severity, kind filtering, positions, messages, sorting and counting.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { checks as builtinChecks } from '../checks/index.js';
import { resourceId, type Check, type CheckContext, type Finding } from './check-api.js';
import { checkConfig, rulesForFile, type KubewardConfig, type ResolvedConfig, type RuleSetting, type RuleState } from './config.js';
import { decode, fatalMessage, parseText, type ParsedFile } from './parse.js';
import { formatPath, locate } from './position.js';
import { buildIndex, resourcesOf, type SourceResource } from './resources.js';
import type { LintMessage, LintResult } from './types.js';
import { findRepositoryRoot, MANIFEST_EXTENSIONS, walk } from './walk.js';

export const DEFAULT_KUBERNETES_VERSION = '1.36';

export interface LintOptions {
  cwd?: string;
  /** A config object (already loaded). Defaults to `{}`: the recommended preset. */
  config?: KubewardConfig;
  /** The folder override globs are relative to (the config file's folder). Defaults to cwd. */
  configBaseDir?: string;
  /** Rule settings that win over the config (the command line's `--rule`). */
  rules?: Record<string, RuleSetting>;
  /** The checks to run. Defaults to every built-in check. */
  checks?: readonly Check[];
  kubernetesVersion?: string;
  /**
   * The repository root: when only some files are linted (a pre-commit hook names the staged files), repository-wide
   * checks still read every manifest below it. Defaults to `config.root`, else the git root. `false` turns it off.
   */
  root?: string | false;
}

export interface LintTextOptions extends LintOptions {
  filePath?: string;
}

interface Engine {
  resolved: ResolvedConfig;
  checks: readonly Check[];
  kubernetesVersion: string;
  cwd: string;
}

function makeEngine(options: LintOptions): Engine {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const config = options.config ?? {};
  const checks = options.checks ?? builtinChecks;
  const resolved: ResolvedConfig = { config, baseDir: options.configBaseDir ?? cwd, checks, cliRules: options.rules };
  checkConfig(resolved);
  return { resolved, checks, kubernetesVersion: options.kubernetesVersion ?? config.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION, cwd };
}

/** Read and parse one file. Never throws: unreadable files become a fatal message. */
export async function readAndParse(filePath: string): Promise<ParsedFile> {
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(filePath);
  } catch (error) {
    const err = error as NodeJS.ErrnoException;
    const reason =
      err.code === 'EACCES' || err.code === 'EPERM'
        ? 'permission denied'
        : err.code === 'ENOENT'
          ? 'no such file (a dangling symbolic link?)'
          : err.code === 'ELOOP'
            ? 'symbolic link loop'
            : err.code === 'EISDIR'
              ? 'is a directory'
              : err.message;
    return failedFile(filePath, fatalMessage(`Cannot read file: ${reason}`, 1, 1, { messageId: 'unreadable' }));
  }
  const decoded = decode(bytes);
  if ('error' in decoded) return failedFile(filePath, decoded.error);
  return parseText(decoded.text, filePath, decoded.bomLength);
}

function failedFile(filePath: string, message: LintMessage): ParsedFile {
  const file = parseText('', filePath);
  file.messages.push(message);
  return file;
}

/** Lint files, folders and globs. Resolves to one result per file, sorted by path. */
export async function lintFiles(patterns: string | readonly string[], options: LintOptions = {}): Promise<LintResult[]> {
  const engine = makeEngine(options);
  const list = typeof patterns === 'string' ? [patterns] : patterns;
  const { files } = await walk(list, { cwd: engine.cwd, ignorePatterns: engine.resolved.config.ignorePatterns });
  const parsed = await Promise.all(files.map(readAndParse));
  const extra = await repositoryFiles(engine, options, list, files);
  return lintParsed(engine, parsed, extra);
}

/** Lint text as if it were the file `filePath` (default `<text>`). */
export async function lintText(text: string, options: LintTextOptions = {}): Promise<LintResult[]> {
  const engine = makeEngine(options);
  const filePath = options.filePath ? path.resolve(engine.cwd, options.filePath) : '<text>';
  const parsed = parseText(text, filePath);
  const extra = options.root ? await repositoryFiles(engine, options, [], [filePath]) : [];
  return lintParsed(engine, [parsed], extra);
}

/** Every manifest of the repository that is not linted, for repository-wide checks; only when files were named. */
async function repositoryFiles(engine: Engine, options: LintOptions, patterns: readonly string[], linted: readonly string[]): Promise<ParsedFile[]> {
  if (options.root === false) return [];
  const anyRepositoryCheck = engine.checks.some(
    (c) => c.meta.scope === 'repository' && (rulesForFile(engine.resolved, path.join(engine.cwd, 'x.yaml')).get(c.meta.id)?.severity ?? 0) > 0,
  );
  if (!anyRepositoryCheck) return [];
  // Folders given on the command line are the whole world; only named files (a pre-commit hook) widen it.
  const namedFiles = patterns.filter((p) => p !== '-' && MANIFEST_EXTENSIONS.includes(path.extname(p).slice(1).toLowerCase()));
  if (!options.root && namedFiles.length === 0) return [];
  const root = path.resolve(engine.cwd, options.root || engine.resolved.config.root || findRepositoryRoot(engine.cwd));
  const { files } = await walk([root], { cwd: root, ignorePatterns: engine.resolved.config.ignorePatterns });
  const done = new Set(linted);
  return Promise.all(files.filter((f) => !done.has(f)).map(readAndParse));
}

function messageText(template: string, data: Record<string, string | number>): string {
  return template.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (whole, key: string) => (key in data ? String(data[key]) : whole));
}

function kindMatches(kinds: readonly string[] | undefined, resource: SourceResource): boolean {
  if (!kinds) return true;
  const group = resource.apiVersion.includes('/') ? resource.apiVersion.slice(0, resource.apiVersion.lastIndexOf('/')) : '';
  return kinds.includes(resource.kind) || kinds.includes(`${group}/${resource.kind}`);
}

function severityOf(state: RuleState, finding: Finding): 1 | 2 {
  if (!state.strict && state.severity === state.defaultSeverity && finding.level) return finding.level === 'error' ? 2 : 1;
  return state.severity === 2 ? 2 : 1;
}

function lintParsed(engine: Engine, linted: ParsedFile[], extra: ParsedFile[]): LintResult[] {
  const lintedSet = new Set(linted);
  const resources = resourcesOf([...linted, ...extra], (f) => lintedSet.has(f));
  const index = buildIndex(resources);
  const messagesByFile = new Map<ParsedFile, LintMessage[]>(linted.map((f) => [f, [...f.messages]]));
  const rulesByFile = new Map<string, Map<string, RuleState>>();
  const rulesOf = (filePath: string) => {
    let table = rulesByFile.get(filePath);
    if (!table) rulesByFile.set(filePath, (table = rulesForFile(engine.resolved, filePath)));
    return table;
  };

  for (const resource of resources) {
    // Objects of files that are only read for context are checked too: a repository-wide finding may land elsewhere.
    const rules = rulesOf(resource.filePath);
    for (const check of engine.checks) {
      const state = rules.get(check.meta.id);
      if (!state || state.severity === 0) continue;
      if (!resource.linted && check.meta.scope !== 'repository') continue;
      if (resource.isPatch && check.meta.id !== 'schema') continue;
      if (!kindMatches(check.meta.kinds, resource)) continue;
      const context: CheckContext = { options: state.options, kubernetesVersion: engine.kubernetesVersion, index };
      let findings: Finding[];
      try {
        findings = [...check.check(resource, context)];
      } catch (error) {
        if (!resource.linted) continue;
        const at = locate(resource.raw.document, resource.basePath, resource.file.lineCounter, resource.file.text);
        messagesByFile.get(resource.file)!.push({
          ruleId: check.meta.id,
          severity: 2,
          message: `Internal error in check "${check.meta.id}" on ${resourceId(resource)}: ${(error as Error)?.message ?? String(error)}. Please report it; the other checks still ran`,
          messageId: 'internalError',
          line: at.line,
          column: at.column,
          object: resourceId(resource),
        });
        continue;
      }
      for (const finding of findings) {
        const target = (finding.resource as SourceResource | undefined) ?? resource;
        if (!target.linted) continue;
        const targetRules = target === resource ? rules : rulesOf(target.filePath);
        const targetState = targetRules.get(check.meta.id);
        if (!targetState || targetState.severity === 0) continue;
        const template = check.meta.messages[finding.messageId];
        if (template === undefined) throw new Error(`Check "${check.meta.id}" reported unknown messageId "${finding.messageId}"`);
        const fullPath = [...target.basePath, ...finding.path];
        const at = locate(target.raw.document, fullPath, target.file.lineCounter, target.file.text, finding.pointAt);
        const data = { object: `${target.kind} "${target.name ?? '<unnamed>'}"`, ...finding.data };
        messagesByFile.get(target.file)!.push({
          ruleId: check.meta.id,
          severity: severityOf(targetState, finding),
          message: messageText(template, data),
          messageId: finding.messageId,
          line: at.line,
          column: at.column,
          endLine: at.endLine,
          endColumn: at.endColumn,
          remediation: check.meta.remediation,
          object: resourceId(target),
          path: formatPath(finding.path),
        });
      }
    }
  }

  const objectCounts = new Map<ParsedFile, number>();
  for (const r of resources) objectCounts.set(r.file, (objectCounts.get(r.file) ?? 0) + 1);
  return linted
    .map((file) => toResult(file, messagesByFile.get(file)!, objectCounts.get(file) ?? 0))
    .sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0));
}

export function compareMessages(a: LintMessage, b: LintMessage): number {
  return a.line - b.line || a.column - b.column || (a.ruleId ?? '').localeCompare(b.ruleId ?? '') || a.message.localeCompare(b.message);
}

function dedupe(messages: LintMessage[]): LintMessage[] {
  const seen = new Set<string>();
  return messages.filter((m) => {
    const key = `${m.ruleId}\0${m.line}\0${m.column}\0${m.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function toResult(file: ParsedFile, all: LintMessage[], objectCount: number): LintResult {
  const messages = dedupe(all).sort(compareMessages);
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

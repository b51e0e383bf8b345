#!/usr/bin/env node
/**
 * The `kubeward` command: arguments → lintFiles/lintText → a formatter → stdout or a file → exit code
 * (0 no errors, 1 errors or too many warnings, 2 usage or fatal error).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, levelToSeverity, type RuleSetting } from './config.js';
import { lintFiles, lintText, countResult, type LintOptions } from './lint.js';
import { checks } from '../checks/index.js';
import { loadFormatter } from './report/index.js';
import type { FormatterContext, LintResult, RuleMetaForFormatter } from './types.js';
import { UsageError } from './walk.js';
import { VERSION } from './version.js';

export const HELP = `kubeward [options] [path|glob|- ...]

Lint Kubernetes manifests for security problems. Paths are files, folders or globs
(default: the current folder); "-" reads one file from standard input.

Output:
  -f, --format NAME          stylish (default), json, or any eslint-formatter-NAME package or file path
  -o, --output-file FILE     write the report to FILE instead of standard output
      --color, --no-color    force or disable colours (NO_COLOR and FORCE_COLOR are honoured)
      --quiet                report errors only
      --max-warnings N       exit 1 when there are more than N warnings

Linting:
      --kubernetes-version X.Y   the Kubernetes version to validate against (default: latest)
      --rule ID:LEVEL        set a check's level (off, warn, error); repeatable, wins over the config
      --root DIR             repository root read by repository-wide checks when only some files are named
      --stdin-filename NAME  the file name to show for standard input

Other:
  -h, --help                 show this help
  -v, --version              show the version

Exit codes: 0 no errors, 1 errors found (or --max-warnings exceeded), 2 usage or fatal error.
Docs: https://github.com/kubeward/kubeward#readme`;

interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  stdin: () => Promise<string>;
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseRule(value: string): [string, RuleSetting] {
  const at = value.lastIndexOf(':');
  if (at <= 0) throw new UsageError(`--rule expects ID:LEVEL (e.g. --rule image-tag:off), got "${value}"`);
  const id = value.slice(0, at).trim();
  const level = value.slice(at + 1).trim();
  levelToSeverity(level, `--rule ${id}`);
  return [id, level as RuleSetting];
}

function useColor(values: Record<string, unknown>, io: Io): boolean {
  if (values['no-color']) return false;
  if (values.color) return true;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  return io.isTTY && !values['output-file'];
}

export function rulesMeta(): Record<string, RuleMetaForFormatter> {
  const meta: Record<string, RuleMetaForFormatter> = {};
  for (const check of checks) {
    meta[check.meta.id] = {
      type: 'problem',
      docs: { description: check.meta.description, url: docsUrl(check.meta.id), recommended: check.meta.recommended !== false },
      messages: check.meta.messages,
      ...(check.meta.fixable ? { fixable: 'code' as const } : {}),
    };
  }
  return meta;
}

export function docsUrl(id: string): string {
  return `https://github.com/kubeward/kubeward/blob/main/checks/${id}/README.md`;
}

/** Run the command line; resolves to the exit code. */
export async function run(argv: string[], io: Io): Promise<number> {
  let values: Record<string, any>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f', default: 'stylish' },
        'output-file': { type: 'string', short: 'o' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        quiet: { type: 'boolean' },
        'max-warnings': { type: 'string' },
        'kubernetes-version': { type: 'string' },
        rule: { type: 'string', multiple: true },
        root: { type: 'string' },
        'stdin-filename': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    }));
  } catch (error) {
    io.stderr(`kubeward: ${(error as Error).message}\nRun "kubeward --help" for usage.\n`);
    return 2;
  }
  if (values.help) {
    io.stdout(`${HELP}\n`);
    return 0;
  }
  if (values.version) {
    io.stdout(`${VERSION}\n`);
    return 0;
  }

  try {
    let maxWarnings = -1;
    if (values['max-warnings'] !== undefined) {
      maxWarnings = Number(values['max-warnings']);
      if (!Number.isInteger(maxWarnings) || maxWarnings < 0) throw new UsageError(`--max-warnings expects a whole number, got "${values['max-warnings']}"`);
    }
    const rules = Object.fromEntries(((values.rule as string[] | undefined) ?? []).map(parseRule));
    const options: LintOptions = {
      cwd: io.cwd,
      rules,
      kubernetesVersion: values['kubernetes-version'],
      ...(values.root ? { root: values.root } : {}),
    };
    const formatter = await loadFormatter(values.format, io.cwd);

    const stdinCount = positionals.filter((p) => p === '-').length;
    if (stdinCount > 0 && positionals.length > 1) throw new UsageError('"-" (standard input) cannot be combined with other paths');
    let results: LintResult[];
    if (stdinCount) {
      const text = await io.stdin();
      results = await lintText(text, { ...options, filePath: values['stdin-filename'] ?? '<stdin>' });
    } else {
      results = await lintFiles(positionals, options);
    }

    if (values.quiet) {
      results = results.map((r) => countResult({ ...r, messages: r.messages.filter((m) => m.severity === 2), notices: undefined }));
    }
    const color = useColor(values, io);
    const context: FormatterContext = { cwd: io.cwd, color, rulesMeta: rulesMeta(), root: io.cwd, checks };
    const report = await formatter(results, context);
    if (values['output-file']) {
      const out = path.resolve(io.cwd, values['output-file']);
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.writeFileSync(out, report);
    } else if (report) {
      io.stdout(report.endsWith('\n') ? report : `${report}\n`);
    }
    if (results.length === 0) {
      io.stderr(`kubeward: no YAML or JSON files found in ${positionals.length ? positionals.map((p) => `"${p}"`).join(', ') : 'the current folder'}\n`);
    }
    const errors = results.reduce((n, r) => n + r.errorCount, 0);
    const warnings = results.reduce((n, r) => n + r.warningCount, 0);
    if (errors > 0) return 1;
    if (maxWarnings >= 0 && warnings > maxWarnings) {
      io.stderr(`kubeward found too many warnings (maximum: ${maxWarnings}).\n`);
      return 1;
    }
    return 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      io.stderr(`kubeward: ${error.message}\n`);
      return 2;
    }
    io.stderr(`kubeward: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
    return 2;
  }
}

const invokedDirectly = (() => {
  try {
    return fs.realpathSync(process.argv[1] ?? '') === fs.realpathSync(new URL(import.meta.url).pathname);
  } catch {
    return false;
  }
})();

if (invokedDirectly) {
  run(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    stdin: readStdin,
    isTTY: Boolean(process.stdout.isTTY),
    env: process.env,
    cwd: process.cwd(),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`kubeward: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
      process.exitCode = 2;
    },
  );
}

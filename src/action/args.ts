/**
 * The Action's `args` input: command-line options for the lint run, split into words without a shell (quotes and
 * backslashes as a POSIX shell reads them, no expansion of `$`, `*` or `~`, nothing run), then parsed with the
 * command line's own option names. Options that would fight the Action's own inputs or write where the workflow did
 * not ask are refused with the input to use instead.
 */
import { parseArgs } from 'node:util';
import { COMMAND_OPTIONS } from '../cli/index.js';
import { UsageError } from '../shared/errors.js';

/** Split `args` into words: whitespace separates, '…' is literal, "…" honours \" \\ \$ \`, a backslash escapes outside quotes. */
export function splitArgs(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && i + 1 < text.length && '"\\$`\n'.includes(text[i + 1])) {
        i++;
        if (text[i] !== '\n') word += text[i];
      } else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\') {
      if (i + 1 < text.length) {
        i++;
        if (text[i] !== '\n') word += text[i];
        inWord = true;
      }
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) throw new UsageError(`the args input has an unclosed ${quote === '"' ? 'double' : 'single'} quote: ${JSON.stringify(text)}`);
  if (inWord) words.push(word);
  return words;
}

/** Options the Action takes in `args`, as the command line spells them (see `kubeward --help`), with its specs. */
const ARGS_NAMES = [
  'quiet',
  'max-warnings',
  'schema-dir',
  'strict-crds',
  'rule',
  'root',
  'no-render',
  'kustomize',
  'helm',
  'kustomize-enable-helm',
  'max-file-size',
  'cache',
  'cache-location',
  'shard',
  'concurrency',
  'no-config',
  'no-plugins',
  'report-unused-disable-directives',
  'report-unused-disable-directives-severity',
  'no-ignore',
  'ignore-pattern',
  'no-inline-config',
  'require-reason',
] as const;
export const ARGS_OPTIONS = Object.fromEntries(ARGS_NAMES.map((name) => [name, COMMAND_OPTIONS[name]])) as Pick<
  typeof COMMAND_OPTIONS,
  (typeof ARGS_NAMES)[number]
>;

/** Command-line options the Action refuses in `args`, with what to do instead. */
export const ARGS_REFUSED: Record<string, string> = {
  'output-file': 'the Action writes the report to the step log; use the sarif-file input for a file',
  o: 'the Action writes the report to the step log; use the sarif-file input for a file',
  color: 'the step log has no colours',
  'no-color': 'the step log has no colours',
  'stdin-filename': 'the Action lints files, not standard input',
  'print-config': 'run kubeward --print-config locally',
  'list-checks': 'run kubeward --list-checks locally',
  explain: 'run kubeward --explain locally',
  init: 'run kubeward --init locally',
  stats: 'run kubeward --stats locally',
  'update-baseline': 'record the baseline locally (kubeward --baseline FILE --update-baseline) and commit it',
  fix: 'the Action does not change the checkout; the job summary shows the fixes',
  'fix-dry-run': 'the job summary shows the fixes',
  'fix-type': 'the job summary shows the fixes',
  config: 'use the config input',
  c: 'use the config input',
  format: 'use the format input',
  f: 'use the format input',
  'kubernetes-version': 'use the kubernetes-version input',
  baseline: 'use the baseline input',
  help: 'see docs/github-action.md',
  h: 'see docs/github-action.md',
  version: 'the Action runs the version of its tag',
  v: 'the Action runs the version of its tag',
};

export type ArgsValues = {
  [K in keyof typeof ARGS_OPTIONS]?: (typeof ARGS_OPTIONS)[K]['type'] extends 'boolean'
    ? boolean
    : (typeof ARGS_OPTIONS)[K] extends { multiple: true }
      ? string[]
      : string;
};

/** The `args` input → option values and paths; a usage error (exit 2) for an unknown or refused option. */
export function parseActionArgs(text: string): { values: ArgsValues; positionals: string[] } {
  const words = splitArgs(text);
  for (const word of words) {
    if (word === '--') break;
    const name = word.startsWith('--') ? word.slice(2).split('=')[0] : /^-[a-zA-Z]$/.test(word) ? word.slice(1) : undefined;
    if (name !== undefined && name in ARGS_REFUSED) throw new UsageError(`the args input cannot hold ${word.split('=')[0]}: ${ARGS_REFUSED[name]}`);
  }
  try {
    const { values, positionals } = parseArgs({ args: words, options: ARGS_OPTIONS, allowPositionals: true, strict: true });
    return { values, positionals };
  } catch (error) {
    throw new UsageError(`the args input: ${(error as Error).message}`);
  }
}

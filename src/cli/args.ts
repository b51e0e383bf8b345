/**
 * The command line's options, read as Node's `util.parseArgs` reads them (strict, positionals allowed), without
 * loading it for the usual command lines. `parseArgs` is one of Node's own modules, loaded on first use: its code is
 * in neither Node's nor kubeward's code cache (Node caches a built-in module's top-level code only), so every run
 * compiled it again, about 0.7 ms of a one-file run of 14 ms over `node -e 0` (docs/performance.md, "start:").
 *
 * `parseCommandLine` reads what it can answer exactly as `parseArgs` would (`--name`, `--name=value`, `-x`, an
 * option's value as the next argument, `-`, `--` and positionals) and hands anything else, every error included, to
 * `parseArgs` itself, so that a command line it refuses gets Node's own message. test/cli-args.test.ts compares the
 * two on hand-written and random command lines.
 */
import util from 'node:util';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  default?: string;
}

export interface ParsedCommandLine {
  values: Record<string, any>;
  positionals: string[];
}

/**
 * `argv` read as `util.parseArgs({ args: argv, options, strict: true, allowPositionals: true })` reads it: the same
 * values (an object without prototype, defaults added after the options given, in the options' order) and positionals;
 * throws what `parseArgs` throws.
 */
export function parseCommandLine(argv: readonly string[], options: Readonly<Record<string, OptionSpec>>): ParsedCommandLine {
  return readCommon(argv, options) ?? util.parseArgs({ args: [...argv], options, strict: true, allowPositionals: true });
}

/** The options by short name (`f` -> `format`), made once per table. */
const shortNames = new WeakMap<object, Map<string, string>>();

function shortsOf(options: Readonly<Record<string, OptionSpec>>): Map<string, string> {
  let shorts = shortNames.get(options);
  if (!shorts) {
    shorts = new Map();
    for (const [name, spec] of Object.entries(options)) if (spec.short !== undefined) shorts.set(spec.short, name);
    shortNames.set(options, shorts);
  }
  return shorts;
}

/**
 * The command line read without `parseArgs`, or undefined when it holds anything whose reading this does not
 * reproduce exactly: an unknown option, a group of short options or a short option with its value attached (`-hv`,
 * `-fjson`), a value given to a boolean option, an option without its value, a value that starts with `-` given as
 * the next argument (`parseArgs` refuses it as ambiguous), `__proto__`.
 */
export function readCommon(argv: readonly string[], options: Readonly<Record<string, OptionSpec>>): ParsedCommandLine | undefined {
  const values: Record<string, any> = Object.create(null);
  const positionals: string[] = [];
  const has = (name: string) => name !== '__proto__' && Object.prototype.hasOwnProperty.call(options, name);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      for (let j = i + 1; j < argv.length; j++) positionals.push(argv[j]);
      break;
    }
    if (arg === '-' || !arg.startsWith('-')) {
      positionals.push(arg);
      continue;
    }
    let name: string | undefined;
    let inline: string | undefined;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
      if (eq !== -1) inline = arg.slice(eq + 1);
    } else if (arg.length === 2) {
      name = shortsOf(options).get(arg[1]);
    }
    if (name === undefined || !has(name)) return undefined;
    const spec = options[name];
    let value: string | true;
    if (spec.type === 'boolean') {
      if (inline !== undefined) return undefined;
      value = true;
    } else if (inline !== undefined) {
      value = inline;
    } else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('-')) return undefined;
      value = next;
      i++;
    }
    if (spec.multiple) ((values[name] ??= []) as Array<string | true>).push(value);
    else values[name] = value;
  }
  for (const [name, spec] of Object.entries(options)) if (spec.default !== undefined && values[name] === undefined) values[name] = spec.default;
  return { values, positionals };
}

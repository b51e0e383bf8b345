/**
 * src/cli/args.ts reads the command line as Node's util.parseArgs does, without loading it for the usual command
 * lines: compared here with parseArgs itself, on hand-written and random command lines.
 */
import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseCommandLine, readCommon, type OptionSpec } from '../src/cli/args.js';

const OPTIONS: Record<string, OptionSpec> = {
  format: { type: 'string', short: 'f', default: 'stylish' },
  'output-file': { type: 'string', short: 'o' },
  quiet: { type: 'boolean' },
  'no-render': { type: 'boolean' },
  'no-warn-ignored': { type: 'boolean' },
  rule: { type: 'string', multiple: true },
  fix: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
};

/** What parseArgs answers: its result, or its error's message and code. */
function node(argv: string[]): unknown {
  try {
    return parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: true });
  } catch (error) {
    return { error: (error as Error).message, code: (error as { code?: string }).code };
  }
}

function ours(argv: string[]): unknown {
  try {
    return parseCommandLine(argv, OPTIONS);
  } catch (error) {
    return { error: (error as Error).message, code: (error as { code?: string }).code };
  }
}

/** Equal results: the same values (an object without prototype, the same keys in the same order) and positionals. */
function expectSame(argv: string[]): void {
  const a = node(argv) as { values?: object };
  const b = ours(argv) as { values?: object };
  expect(b, JSON.stringify(argv)).toEqual(a);
  if (a.values && b.values) {
    expect(Object.getPrototypeOf(b.values)).toBe(Object.getPrototypeOf(a.values));
    expect(Object.keys(b.values)).toEqual(Object.keys(a.values));
  }
}

describe('parseCommandLine', () => {
  it('reads the usual command lines itself, as parseArgs does', () => {
    const usual = [
      ['shop.yaml', '--no-warn-ignored', '--no-render'],
      [],
      ['a.yaml', '-f', 'json', '-o', 'out.json'],
      ['--format=sarif', 'a', 'b'],
      ['--format=', 'a'],
      ['--rule', 'x:off', '--rule=y:warn', 'a'],
      ['-', '--quiet'],
      ['--', '--fix', '-f', 'x'],
      ['--format', 'json', '--format', 'compact'],
      ['-h'],
      ['--version', '--version'],
      ['', 'a b', '--format=-x'],
    ];
    for (const argv of usual) {
      expect(readCommon(argv, OPTIONS), JSON.stringify(argv)).toBeDefined();
      expectSame(argv);
    }
  });

  it("leaves to parseArgs what it does not read exactly, and every error, which are Node's own", () => {
    const others = [
      ['--nope'],
      ['-x'],
      ['-hv'],
      ['-fjson'],
      ['-f=json'],
      ['--quiet=yes'],
      ['--format'],
      ['-f'],
      ['--format', '--quiet'],
      ['-f', '-'],
      ['--format', '-'],
      ['--__proto__'],
      ['--__proto__=x'],
      ['-1'],
      ['---format', 'x'],
      ['--=x'],
      ['--f', 'json'],
    ];
    for (const argv of others) {
      expect(readCommon(argv, OPTIONS), JSON.stringify(argv)).toBeUndefined();
      expectSame(argv);
    }
  });

  it('agrees with parseArgs on random command lines', () => {
    const pieces = [
      'a.yaml',
      '-',
      '--',
      '',
      '-f',
      '-o',
      '-h',
      '-v',
      '-x',
      '-hv',
      '-fjson',
      '--format',
      '--format=json',
      '--format=',
      '--output-file',
      '--quiet',
      '--quiet=1',
      '--no-render',
      '--no-warn-ignored',
      '--rule',
      '--rule=a:off',
      '--fix',
      '--help',
      '--version',
      '--unknown',
      '--__proto__',
      'json',
      '-json',
      '=x',
    ];
    let seed = 17;
    const random = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    for (let round = 0; round < 3000; round++) {
      const argv = Array.from({ length: random(7) }, () => pieces[random(pieces.length)]);
      expectSame(argv);
    }
  });
});

/**
 * Streamed reports (src/report/stream.ts, src/engine/result-order.ts, src/cli/report-output.ts): the command line
 * writes each result as soon as it and every result before it are done. Nothing of that may change a byte: every
 * built-in format streamed is the whole-array formatter's text, on examples/ and on a multi-file repository linted on
 * two threads, to standard output and to a file.
 *
 * Threads need the built worker module, so the command-line tests run the built bin (dist/, rebuilt first when stale
 * by test/global-setup.ts); the reference is the same built-in formatter loaded as a formatter file, which gets the
 * whole array as any external formatter does.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lintFiles } from '../src/engine/index.js';
import { builtinFormatters, rulesMeta, type FormatterContext } from '../src/report/index.js';
import { loadReportStream } from '../src/report/index.js';
import { byPath, ResultOrder } from '../src/engine/result-order.js';
import { fileOutput, stdoutOutput } from '../src/cli/report-output.js';
import { checks } from '../checks/index.js';
import type { LintResult } from '../src/shared/types.js';
import { tempTree } from './core/helpers.js';
import { multiNamespace } from './repos.js';

const root = path.resolve(__dirname, '..');
const bin = path.join(root, 'dist/cli/kubeward.cjs');
const FORMATS = Object.keys(builtinFormatters);

/** A stream fed one result at a time, its pieces joined as a writer joins them (the head put first). */
async function streamed(format: string, results: LintResult[], context: FormatterContext): Promise<string> {
  const report = (await loadReportStream(format))!(context);
  const pieces = results.map((r) => report.result(r));
  const end = report.end();
  return (report.head?.() ?? '') + pieces.join('') + end;
}

describe('report streams', () => {
  it('exist for every built-in format and for no other name', async () => {
    for (const format of FORMATS) expect(await loadReportStream(format), format).toBeTypeOf('function');
    for (const name of ['eslint-formatter-json', 'constructor', '__proto__', './json.js']) expect(await loadReportStream(name)).toBeUndefined();
  });

  it('give the whole-array text of every format on examples/, with and without colour, and with the output limit reached', async () => {
    const results = await lintFiles(['examples'], { cwd: root, render: false });
    expect(results.length).toBeGreaterThan(10);
    const base: FormatterContext = { cwd: root, color: false, rulesMeta: rulesMeta(checks), root, checks };
    for (const context of [base, { ...base, color: true }, { ...base, maxOutput: 2000 }]) {
      for (const format of FORMATS) {
        const whole = await (await builtinFormatters[format]())(results, context);
        expect(await streamed(format, results, context), `${format} ${JSON.stringify({ color: context.color, max: context.maxOutput })}`).toBe(whole);
      }
    }
  });

  it('give the whole-array text for no results, and for results without findings', async () => {
    const clean: LintResult = {
      filePath: path.join(root, 'ok.yaml'),
      messages: [],
      suppressedMessages: [],
      errorCount: 0,
      fatalErrorCount: 0,
      warningCount: 0,
      fixableErrorCount: 0,
      fixableWarningCount: 0,
    };
    const context: FormatterContext = { cwd: root, color: true, rulesMeta: {}, root };
    for (const results of [[], [clean], [clean, { ...clean, filePath: path.join(root, 'ok2.yaml') }]]) {
      for (const format of FORMATS) {
        const whole = await (await builtinFormatters[format]())(results, context);
        expect(await streamed(format, results, context), `${format} with ${results.length} results`).toBe(whole);
      }
    }
  });
});

describe('results in path order', () => {
  const result = (filePath: string): LintResult => ({
    filePath,
    messages: [],
    suppressedMessages: [],
    errorCount: 0,
    fatalErrorCount: 0,
    warningCount: 0,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
  });

  it('hands each result on once every result before it is done, and holds only those that wait', () => {
    const order = ['/r/a.yaml', '/r/b.yaml', '/r/c.yaml', '/r/d.yaml'];
    const out: string[] = [];
    const buffer = new ResultOrder(order, (r) => out.push(r.filePath));
    buffer.add(result('/r/c.yaml'));
    buffer.add(result('/r/b.yaml'));
    expect(out).toEqual([]);
    expect(buffer.held).toBe(2);
    buffer.add(result('/r/a.yaml'));
    expect(out).toEqual(['/r/a.yaml', '/r/b.yaml', '/r/c.yaml']);
    expect(buffer.held).toBe(0);
    buffer.add(result('/r/d.yaml'));
    buffer.finish();
    expect(out).toEqual(order);
  });

  it('hands on a result the order does not name at the end, sorted, rather than losing it', () => {
    const out: string[] = [];
    const buffer = new ResultOrder(['/r/a.yaml'], (r) => out.push(r.filePath));
    buffer.add(result('/r/z.yaml'));
    buffer.add(result('/r/m.yaml'));
    buffer.add(result('/r/a.yaml'));
    expect(out).toEqual(['/r/a.yaml']);
    buffer.finish();
    expect(out).toEqual(['/r/a.yaml', '/r/m.yaml', '/r/z.yaml']);
  });

  it('sorts paths as lintFiles sorts its results (by UTF-16 code units, not locale)', () => {
    expect(['/r/b', '/r/B', '/r/a-b', '/r/a/b', '/r/ä'].sort(byPath)).toEqual(['/r/B', '/r/a-b', '/r/a/b', '/r/b', '/r/ä']);
  });
});

describe('report outputs', () => {
  it('write to standard output in few writes, with a last line break, and nothing for an empty report', () => {
    const writes: string[] = [];
    const out = stdoutOutput((s) => writes.push(s));
    out.write('a');
    out.write('b'.repeat(70 * 1024));
    out.write('c');
    out.finish('end');
    expect(writes.join('')).toBe(`ab${'b'.repeat(70 * 1024 - 1)}cend\n`);
    expect(writes.length).toBe(2);
    const none: string[] = [];
    const empty = stdoutOutput((s) => none.push(s));
    empty.finish('');
    expect(none).toEqual([]);
  });

  it('put a head known only at the end before what was written', () => {
    const writes: string[] = [];
    const out = stdoutOutput((s) => writes.push(s), { hold: true });
    out.write('body1,');
    out.write('body2');
    expect(writes).toEqual([]);
    out.finish(']\n', '[');
    expect(writes.join('')).toBe('[body1,body2]\n');
  });

  it('write a file only at the end, through a temporary file; a run that fails leaves the old file and no temporary file', () => {
    const dir = tempTree({ 'report.json': 'old' });
    const target = path.join(dir, 'report.json');
    const out = fileOutput(target, { what: 'the report', base: dir });
    out.write('new ');
    out.write('x'.repeat(100 * 1024));
    expect(fs.readFileSync(target, 'utf8')).toBe('old');
    out.finish('!');
    expect(fs.readFileSync(target, 'utf8')).toBe(`new ${'x'.repeat(100 * 1024)}!`);
    expect(fs.readdirSync(dir)).toEqual(['report.json']);

    const failed = fileOutput(target, { what: 'the report', base: dir });
    failed.write('y'.repeat(100 * 1024));
    failed.abort();
    expect(fs.readFileSync(target, 'utf8')).toBe(`new ${'x'.repeat(100 * 1024)}!`);
    expect(fs.readdirSync(dir)).toEqual(['report.json']);
  });
});

describe.skipIf(!fs.existsSync(bin))('the command line streams every built-in format', () => {
  /**
   * A formatter file that writes every built-in format of the whole array it gets (as any external formatter gets it)
   * to `<dir>/<format>.whole`, and prints nothing.
   */
  function wholeFormatters(dir: string): string {
    const file = path.join(dir, 'whole.mjs');
    const report = pathToFileURL(path.join(root, 'dist/src/report/index.js')).href;
    fs.writeFileSync(
      file,
      `import fs from 'node:fs';\nimport { builtinFormatters } from '${report}';\n` +
        `export default async (results, context) => {\n` +
        `  for (const [name, load] of Object.entries(builtinFormatters)) fs.writeFileSync(${JSON.stringify(dir)} + '/' + name + '.whole', await (await load())(results, context));\n` +
        `  return '';\n};\n`,
    );
    return file;
  }

  function kubeward(args: string[], cwd: string) {
    const run = spawnSync(process.execPath, [bin, '--no-render', ...args], { cwd, encoding: 'utf8', env: { ...process.env, GITHUB_WORKSPACE: '' } });
    return { status: run.status, stdout: run.stdout, stderr: run.stderr };
  }

  it('to standard output and to a file, on examples/ and on a multi-file repository on two threads, as the whole-array formatter', () => {
    const repository = tempTree(multiNamespace);
    for (const [target, cwd] of [
      ['examples', root],
      ['.', repository],
    ] as const) {
      const dir = tempTree({});
      const whole = kubeward(['--concurrency', '2', '-f', wholeFormatters(dir), target], cwd);
      expect(whole.stderr).toBe('');
      for (const format of FORMATS) {
        const text = fs.readFileSync(path.join(dir, `${format}.whole`), 'utf8');
        const stream = kubeward(['--concurrency', '2', '-f', format, target], cwd);
        // Standard output gets a last line break when the report lacks one.
        expect(stream.stdout, `${format} on ${target}`).toBe(text && !text.endsWith('\n') ? `${text}\n` : text);
        expect(stream.status).toBe(whole.status);
      }
      for (const format of ['json', 'sarif', 'stylish']) {
        const file = path.join(dir, `${format}.out`);
        const toFile = kubeward(['--concurrency', '2', '-f', format, '-o', file, target], cwd);
        expect(toFile.stdout).toBe('');
        expect(toFile.status).toBe(whole.status);
        expect(fs.readFileSync(file, 'utf8'), `${format} -o on ${target}`).toBe(fs.readFileSync(path.join(dir, `${format}.whole`), 'utf8'));
      }
    }
  }, 300_000);

  it('keeps the exit code of --max-warnings and --quiet', () => {
    const repository = tempTree(multiNamespace);
    const all = kubeward(['-f', 'json', '.'], repository);
    const results = JSON.parse(all.stdout) as LintResult[];
    const warnings = results.reduce((n, r) => n + r.warningCount, 0);
    const errors = results.reduce((n, r) => n + r.errorCount, 0);
    expect(warnings).toBeGreaterThan(0);
    expect(all.status).toBe(errors > 0 ? 1 : 0);
    const quiet = kubeward(['--quiet', '-f', 'json', '.'], repository);
    expect((JSON.parse(quiet.stdout) as LintResult[]).every((r) => r.warningCount === 0)).toBe(true);
    if (errors === 0) {
      expect(kubeward(['--max-warnings', String(warnings - 1), '-f', 'json', '.'], repository).status).toBe(1);
      expect(kubeward(['--max-warnings', String(warnings), '-f', 'json', '.'], repository).status).toBe(0);
    }
  }, 120_000);
});

/**
 * Exit codes of the command line on hostile input (0 clean, 1 findings or parse errors, 2 usage or fatal error),
 * and the tool's own security: linting hostile files runs nothing from them and pollutes nothing.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/cli.js';
import { FIXTURES, pod, tempDir } from './helpers.js';

let dir: string;
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[], cwd = dir) {
  let stdout = '';
  let stderr = '';
  const code = await run(['--no-config', '--no-color', ...args], {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    stdin: async () => '',
    isTTY: false,
    env: {},
    cwd,
  });
  return { code, stdout, stderr };
}

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

describe('exit codes', () => {
  it('0: files with nothing to lint (empty, only comments, only ---)', async () => {
    fs.mkdirSync(path.join(dir, 'quiet'));
    for (const name of ['empty.yaml', 'only-comments.yaml', 'only-dashes.yaml']) fs.copyFileSync(path.join(FIXTURES, name), path.join(dir, 'quiet', name));
    const { code, stdout, stderr } = await cli(['quiet']);
    expect({ code, stdout, stderr }).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('2: a folder with no manifests, as ESLint says it (0 with --no-error-on-unmatched-pattern)', async () => {
    fs.mkdirSync(path.join(dir, 'nothing'), { recursive: true });
    write('nothing/README.md', '# not a manifest\n');
    expect(await cli(['nothing'])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'kubeward: No files matching the pattern "nothing" were found.\nPlease check for typing mistakes in the pattern (kubeward lints .yaml, .yml and .json files; --no-error-on-unmatched-pattern lets a run with no such files pass).\n',
    });
    expect(await cli(['--no-error-on-unmatched-pattern', 'nothing'])).toEqual({
      code: 0,
      stdout: '',
      stderr: 'kubeward: no YAML or JSON files found in "nothing"\n',
    });
  });

  it('1: a parse error alone', async () => {
    write('broken/bad.yaml', 'a: [\n');
    const { code, stdout } = await cli(['broken', '--format', 'json']);
    expect(code).toBe(1);
    const [result] = JSON.parse(stdout);
    expect(result.messages.map((m: { ruleId: null; fatal: boolean; line: number; column: number }) => [m.ruleId, m.fatal, m.line, m.column])).toEqual([
      [null, true, 2, 1],
    ]);
  });

  it('1: a file over --max-file-size, a FIFO, a dangling link: reported, never a hang or a crash', async () => {
    write('odd/pod.yaml', pod('p'));
    execFileSync('mkfifo', [path.join(dir, 'odd', 'fifo.yaml')]);
    fs.symlinkSync('gone.yaml', path.join(dir, 'odd', 'dangling.yaml'));
    const { code, stdout } = await cli(['odd', '--format', 'json', '--max-file-size', '0.0001', '--rule', 'schema:off']);
    expect(code).toBe(1);
    const results = JSON.parse(stdout) as Array<{ filePath: string; messages: Array<{ message: string }> }>;
    expect(results.map((r) => [path.basename(r.filePath), r.messages.map((m) => m.message)])).toEqual([
      ['dangling.yaml', ['Cannot read file: no such file (a dangling symbolic link?)']],
      ['fifo.yaml', ['Cannot read file: a FIFO, not a regular file; kubeward reads regular files only']],
      [
        'pod.yaml',
        [
          `File too large: ${Buffer.byteLength(pod('p'))} bytes, over the 105 bytes limit, so it was not parsed; split it, or raise the limit with --max-file-size`,
        ],
      ],
    ]);
  });

  it('2: a path that does not exist, named in the message', async () => {
    expect(await cli(['no/such/folder'])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'kubeward: No files matching the pattern "no/such/folder" were found.\nPlease check for typing mistakes in the pattern (kubeward lints .yaml, .yml and .json files; --no-error-on-unmatched-pattern lets a run with no such files pass).\n',
    });
  });

  it('2: a bad --max-file-size', async () => {
    expect(await cli(['.', '--max-file-size', 'big'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'kubeward: --max-file-size expects a size in MiB above 0, got "big"\n',
    });
  });
});

describe('security of the tool itself', () => {
  it('linting custom tags, __proto__ keys and merge tricks runs nothing and pollutes nothing', async () => {
    const marker = '/tmp/kubeward-pwned';
    fs.rmSync(marker, { force: true });
    const { code, stdout } = await cli([path.join(FIXTURES, 'custom-tags.yaml'), path.join(FIXTURES, 'proto-keys.yaml'), '--format', 'json']);
    expect(code).toBe(1);
    const results = JSON.parse(stdout) as Array<{ messages: Array<{ messageId: string }> }>;
    expect(results[0].messages.filter((m) => m.messageId === 'tag')).toHaveLength(3);
    expect(fs.existsSync(marker)).toBe(false);
    expect((globalThis as Record<string, unknown>).kubewardPwned).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('no module of src/ can run a process, open a network connection or evaluate code', () => {
    const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src');
    const files = fs
      .readdirSync(src, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(5);
    const forbidden =
      /\bnode:(child_process|net|http|https|http2|dgram|tls|vm)\b|from '(child_process|net|http|https|vm|worker_threads)'|\beval\(|new Function\(|\bfetch\(/;
    const offenders = files.filter((f) => forbidden.test(fs.readFileSync(path.join(src, f), 'utf8')));
    // The exceptions: the render stage's runner (argument arrays, no shell, time limit, minimal environment), the
    // Action's git reader (git itself, argument arrays, no shell, external diff programs and text conversions off),
    // the bin's loader of its own command script (node:vm on kubeward-cli.cjs beside the entry, a constant name), and
    // a big run's hold on the young generation (node:vm evaluates the constant `gc` in a fresh context, to get V8's
    // collector while --expose-gc is on for that one call).
    expect(offenders).toEqual(['action/git.ts', path.join('cli', 'command-script.ts'), path.join('engine', 'heap-growth.ts'), 'render/run.ts']);
    const heap = fs.readFileSync(path.join(src, 'engine', 'heap-growth.ts'), 'utf8');
    expect(heap.match(/^import .* from 'node:vm';$/gm)).toEqual(["import { runInNewContext } from 'node:vm';"]);
    expect(heap.match(/runInNewContext\([^)]*\)/g)).toEqual(["runInNewContext('gc')"]);
    expect(heap).not.toMatch(/child_process|node:(net|http|https)\b|\beval\(|new Function\(/);
    const loader = fs.readFileSync(path.join(src, 'cli', 'command-script.ts'), 'utf8');
    expect(loader).toContain("export const COMMAND_SCRIPT = 'kubeward-cli.cjs';");
    expect(loader).toContain("const file = path.join(path.dirname(entry.startsWith('file:') ? fileURLToPath(entry) : entry), COMMAND_SCRIPT);");
    expect(loader.match(/\bvm\.\w+\(/g)).toEqual(['vm.Script(']);
    expect(loader.match(/new vm\.Script\(.*$/gm)).toEqual(['new vm.Script(wrapped, { filename: file, ...(cached ? { cachedData: cached.data } : {}) });']);
    expect(loader).not.toMatch(/child_process|node:(net|http|https)\b|\beval\(|new Function\(/);
    const git = fs.readFileSync(path.join(src, 'action/git.ts'), 'utf8');
    expect(git).toMatch(/import \{ execFileSync \} from 'node:child_process'/);
    expect(git.match(/execFileSync\('([^']*)'/g)).toEqual(["execFileSync('git'"]);
    expect(git).not.toMatch(/shell: true|(?<!\.)\b(exec|execSync|spawn|spawnSync)\(|node:(net|http|https|vm)\b/);
    const runner = fs.readFileSync(path.join(src, 'render/run.ts'), 'utf8');
    expect(runner).toMatch(/import \{ spawn \} from 'node:child_process'/);
    expect(runner).toMatch(/shell: false/);
    expect(runner).not.toMatch(/\b(exec|execSync|spawnSync|execFileSync)\(|node:(net|http|https|vm)\b/);
    // Threads: the pool starts them on kubeward's own worker module (a constant URL, no `eval`), and a big run's
    // read-ahead thread runs its module's constant code (eval'd, so no file has to be found beside a bundle), in which
    // only the ring's layout constants are interpolated: the paths it reads are posted to it, never part of its code.
    const threads = files.filter((f) => /\bnode:worker_threads\b/.test(fs.readFileSync(path.join(src, f), 'utf8')));
    expect(threads.sort()).toEqual([path.join('engine', 'lint-worker.ts'), path.join('engine', 'pool.ts'), path.join('read', 'read-ahead.ts')]);
    const ahead = fs.readFileSync(path.join(src, 'read', 'read-ahead.ts'), 'utf8');
    expect(ahead.match(/new Worker\([^,]*,/g)).toEqual(['new Worker(THREAD_CODE,']);
    const threadCode = ahead.slice(ahead.indexOf('const THREAD_CODE = `'), ahead.indexOf('`;', ahead.indexOf('const THREAD_CODE = `')));
    expect(threadCode.length).toBeGreaterThan(500);
    for (const part of threadCode.match(/\$\{[^}]*\}/g) ?? []) expect(part).toMatch(/^\$\{[A-Z_]+( \* \d+)?\}$/);
    expect(ahead.match(/THREAD_CODE/g)?.length).toBe(2);
    const pool = fs.readFileSync(path.join(src, 'engine', 'pool.ts'), 'utf8');
    expect(pool.match(/new Worker\([^)]*\)/g)).toEqual(['new Worker(url, { workerData: settings, resourceLimits: limits })']);
    expect(pool).toContain("const WORKER_URL = new URL('./lint-worker.js', import.meta.url);");
    expect(pool).toContain('url: URL = WORKER_URL');
    // Only tests pass another module.
    const callers = files.filter((f) => /startPool\(/.test(fs.readFileSync(path.join(src, f), 'utf8')));
    expect(callers.sort()).toEqual([path.join('engine', 'lint.ts'), path.join('engine', 'pool.ts')]);
    expect(fs.readFileSync(path.join(src, 'engine', 'lint.ts'), 'utf8')).toMatch(
      /startPool\(threads, engineSettings\(engine, [\w.]+\), undefined, pools\.workerLimits\([\w.]+\)\);/,
    );
    // Imports of fixed module names may be lazy (start-up time); the imports of a computed name are a formatter the
    // user names with --format, and a plugin the config names, resolved in the repository's node_modules only and
    // refused with --no-plugins (docs/security.md).
    const dynamic = files.filter((f) => /\bimport\((?!'[\w./@-]+'\))/.test(fs.readFileSync(path.join(src, f), 'utf8')));
    // The bin's entry imports for its command script, whose dynamic imports are these same ones (src/cli/command-script.ts).
    expect(dynamic.sort()).toEqual([path.join('cli', 'bin.ts'), path.join('config', 'plugins.ts'), path.join('report', 'index.ts')]);
    expect(fs.readFileSync(path.join(src, 'cli', 'bin.ts'), 'utf8').match(/\bimport\(.*$/gm)).toEqual(['import(specifier)),', "import('./cli.js');"]);
    const plugins = fs.readFileSync(path.join(src, 'config', 'plugins.ts'), 'utf8');
    expect(plugins.match(/\bimport\(.*$/gm)).toEqual(['import(pathToFileURL(file).href)) as Record<string, unknown>;']);
    expect(plugins).toContain('const file = resolvePlugin(name, baseDir, root, key);');
    expect(plugins).toMatch(/if \(options\.allow === false\) \{\n\s+throw new ConfigError/);
  });
});

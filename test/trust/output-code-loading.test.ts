/**
 * Code loading (issue #14): a pull request that commits `node_modules/eslint-formatter-compact` must not run code when
 * the job prints `--format compact`. Built-in names never resolve from the tree; a name that is not built in loads
 * code only where the caller allows it (the command line, as ESLint does), never where the tree names it; a
 * formatter's failure is one clear line and exit code 2, never a stack trace.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinFormatters, isBuiltinFormat, loadFormatter } from '../../src/report/index.js';
import { cli, podNamed, tempTree, write } from './helpers.js';

let dir: string;
const BUILTINS = 'stylish, json, sarif, github, junit, checkstyle, compact, unix, visualstudio';
const markerOf = (name: string) => path.join(dir, `ran-${name}`);

/** A formatter package in the tree's node_modules whose code, if it ever ran, would write a marker file. */
function plant(name: string): void {
  write(dir, `node_modules/eslint-formatter-${name}/package.json`, JSON.stringify({ name: `eslint-formatter-${name}`, version: '1.0.0', main: 'index.js' }));
  write(
    dir,
    `node_modules/eslint-formatter-${name}/index.js`,
    `require('node:fs').writeFileSync(${JSON.stringify(markerOf(name))}, 'ran');\nmodule.exports = () => 'PLANTED ${name}\\n';\n`,
  );
}

beforeAll(() => {
  dir = tempTree();
  write(dir, 'deploy/pod.yaml', podNamed('web'));
  for (const name of ['compact', 'unix', 'visualstudio', 'stylish', 'json', 'checkstyle', 'acme']) plant(name);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('built-in names never resolve from the tree', () => {
  it('the built-in formats are exactly these, own names of the table only', () => {
    expect(Object.keys(builtinFormatters).join(', ')).toBe(BUILTINS);
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) expect(isBuiltinFormat(name)).toBe(false);
  });

  for (const name of ['compact', 'unix', 'visualstudio', 'stylish', 'json', 'checkstyle']) {
    it(`--format ${name} with node_modules/eslint-formatter-${name} planted: the built-in one prints, the planted code never runs`, async () => {
      const { code, stdout, stderr } = await cli(['--format', name, '--rule', 'namespace-network-policy:off', 'deploy'], dir);
      expect(stderr).toBe('');
      expect(code).toBe(1);
      expect(stdout).not.toContain('PLANTED');
      expect(fs.existsSync(markerOf(name))).toBe(false);
    });
  }

  it("--format compact prints what ESLint's compact formatter printed", async () => {
    const { stdout } = await cli(
      ['--quiet', '--format', 'compact', '--rule', 'namespace-network-policy:off', '--rule', 'namespace-resource-quota:off', 'deploy'],
      dir,
    );
    const file = path.join(dir, 'deploy/pod.yaml');
    expect(stdout)
      .toBe(`${file}: line 6, col 1, Error - Pod "web" gets a Kubernetes API token in every container: its pod spec does not set automountServiceAccountToken: false and its ServiceAccount "default" is not in the repository; set it to false on the pod spec (no-automount-service-account-token)
${file}: line 8, col 5, Error - Pod "web" container "app" keeps the NET_RAW capability (raw sockets, ARP and DNS spoofing on the pod network): securityContext.capabilities.drop holds neither ALL nor NET_RAW; add ALL to it (drop-net-raw)
${file}: line 8, col 5, Error - Pod "web" container "app" may gain more privileges than its parent process (setuid binaries, file capabilities): securityContext.allowPrivilegeEscalation is not set and Kubernetes defaults it to true; set it to false (no-privilege-escalation)
${file}: line 8, col 5, Error - Pod "web" container "app" has a writable root filesystem: securityContext.readOnlyRootFilesystem is not true (read-only-root-filesystem)
${file}: line 8, col 5, Error - Pod "web" container "app" may run as root: neither the container nor the pod sets securityContext.runAsNonRoot: true or a non-zero runAsUser (run-as-non-root)

5 problems
`);
  });

  it('unix and visualstudio print their own layouts; visualstudio says "no problems" on a clean run', async () => {
    const only = [
      '--quiet',
      '--rule',
      'namespace-network-policy:off',
      '--rule',
      'namespace-resource-quota:off',
      '--rule',
      'no-automount-service-account-token:off',
    ];
    const off = ['drop-net-raw', 'no-privilege-escalation', 'read-only-root-filesystem'].flatMap((id) => ['--rule', `${id}:off`]);
    const file = path.join(dir, 'deploy/pod.yaml');
    const text =
      'Pod "web" container "app" may run as root: neither the container nor the pod sets securityContext.runAsNonRoot: true or a non-zero runAsUser';
    expect((await cli(['--format', 'unix', ...only, ...off, 'deploy'], dir)).stdout).toBe(`${file}:8:5: ${text} [Error/run-as-non-root]\n\n1 problem\n`);
    expect((await cli(['--format', 'visualstudio', ...only, ...off, 'deploy'], dir)).stdout).toBe(
      `${file}(8,5): error run-as-non-root : ${text}\n\n1 problem\n`,
    );
    const clean = await cli(['--format', 'visualstudio', ...only, ...off, '--rule', 'run-as-non-root:off', 'deploy'], dir);
    expect(clean).toEqual({ code: 0, stdout: 'no problems\n', stderr: '' });
    expect((await cli(['--format', 'compact', ...only, ...off, '--rule', 'run-as-non-root:off', 'deploy'], dir)).stdout).toBe('');
  });
});

describe('a name that is not built in', () => {
  it('--format constructor (and the other names of Object.prototype): one clear line, exit 2, no stack trace', async () => {
    for (const name of ['constructor', '__proto__', 'toString']) {
      const { code, stdout, stderr } = await cli(['--format', name, 'deploy'], dir);
      expect({ code, stdout, stderr }).toEqual({
        code: 2,
        stdout: '',
        stderr: `kubeward: There was a problem loading formatter "${name}": built-in formatters are ${BUILTINS}; otherwise install "eslint-formatter-${name}"\n`,
      });
    }
  });

  it('where the caller refuses code (the tree or a workflow named it), only built-in formats load: the planted one never runs', async () => {
    await expect(loadFormatter('acme', dir, { external: false })).rejects.toThrow(
      `The formatter "acme" is not built in (built-in formatters are ${BUILTINS}), and this run loads only built-in formatters, never code from the linted tree`,
    );
    await expect(
      loadFormatter('./node_modules/eslint-formatter-acme/index.js', dir, {
        external: false,
        refusal: 'the Action loads only built-in formats unless the workflow allows more',
      }),
    ).rejects.toThrow(
      'is not built in (built-in formatters are stylish, json, sarif, github, junit, checkstyle, compact, unix, visualstudio), and the Action loads only built-in formats unless the workflow allows more',
    );
    // Built-in names load either way.
    expect(typeof (await loadFormatter('compact', dir, { external: false }))).toBe('function');
    expect(fs.existsSync(markerOf('acme'))).toBe(false);
  });

  it('a config file of the tree cannot name a formatter at all: `format:` is an unknown key, exit 2', async () => {
    const tree = path.join(dir, 'with-config');
    write(tree, '.kubeward.yaml', 'format: acme\n');
    write(tree, 'pod.yaml', podNamed('web'));
    const { code, stdout, stderr } = await cli(['.'], tree, { config: true });
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toBe(
      'kubeward: Invalid config .kubeward.yaml:1:1: format: unknown key (allowed: extends, rules, overrides, ignorePatterns, kubernetesVersion, schemas, strictCrds, root, render, customChecks, plugins, linterOptions, podTemplates)\n',
    );
    expect(fs.existsSync(markerOf('acme'))).toBe(false);
  });

  it("on the command line, ESLint's resolution is kept: --format acme loads eslint-formatter-acme from the working folder (the user named it)", async () => {
    const { code, stdout } = await cli(['--format', 'acme', 'deploy'], dir);
    expect({ code, stdout }).toEqual({ code: 1, stdout: 'PLANTED acme\n' });
    expect(fs.existsSync(markerOf('acme'))).toBe(true);
    fs.rmSync(markerOf('acme'));
  });
});

describe('a formatter that fails', () => {
  beforeAll(() => {
    write(dir, 'formatters/throws.mjs', "export default function () { throw new Error('boom\\n::error::forged'); }\n");
    write(dir, 'formatters/async-throws.mjs', "export default async function () { throw new TypeError('later'); }\n");
    write(dir, 'formatters/number.mjs', 'export default () => 42;\n');
    write(dir, 'formatters/broken.mjs', 'export default (;\n');
    write(dir, 'formatters/no-function.mjs', 'export const x = 1;\n');
  });

  const cases: Array<[string, string]> = [
    ['./formatters/throws.mjs', 'The formatter "./formatters/throws.mjs" failed: boom\\n::error::forged; the results were not written (try --format json)'],
    ['./formatters/async-throws.mjs', 'The formatter "./formatters/async-throws.mjs" failed: later; the results were not written (try --format json)'],
    [
      './formatters/number.mjs',
      'The formatter "./formatters/number.mjs" failed: it returned number, not text; the results were not written (try --format json)',
    ],
    ['./formatters/no-function.mjs', 'The formatter "./formatters/no-function.mjs" does not export a function'],
  ];
  for (const [name, text] of cases) {
    it(`${name}: one line, exit 2`, async () => {
      expect(await cli(['--format', name, 'deploy'], dir)).toEqual({ code: 2, stdout: '', stderr: `kubeward: ${text}\n` });
    });
  }

  it('a formatter module that does not load: one line naming it, exit 2', async () => {
    const { code, stdout, stderr } = await cli(['--format', './formatters/broken.mjs', 'deploy'], dir);
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toMatch(/^kubeward: There was a problem loading formatter "\.\/formatters\/broken\.mjs": [^\n]+\n$/);
    expect(stderr).not.toContain('    at ');
  });
});

/**
 * Issue #14, reads: kubeward reads nothing outside the linted tree and nothing in `.git`. Links planted in the tree
 * (to a file outside, to `.git/config`, folder links at any depth, chains, a link above the root) are reported by
 * name and never opened; reads are capped while reading (stat can lie); a config's `root` must lie inside the
 * repository and hold the linted paths; a schema folder lookup cannot leave its folder; render discovery honours the
 * same rule. Every case checks what is printed, that the marker of the sentinel folder never shows, that no file
 * outside the tree was opened in this process, and that the sentinel is unchanged.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAndParse } from '../../src/engine/files.js';
import { readBytes } from '../../src/read/index.js';
import { cli, pod, sandbox, watchReads } from './io-sandbox.js';

const OUTSIDE = 'Not read: a symbolic link to a place outside the linted tree; kubeward reads only files inside it';
const INTO_GIT = 'Not read: a symbolic link into a .git folder, which holds credentials and is never read';
const THROUGH_FOLDER = 'Not read: a path through a linked folder to a place outside the linted tree; kubeward reads only files inside it';

describe('links out of the tree are reported by name and never read', () => {
  it('file links, a link to .git/config, a chain, folder links at any depth, a link above the root', async () => {
    const box = sandbox();
    box.write('deploy/good.yaml', pod('good'));
    box.link('deploy/alias.yaml', 'good.yaml'); // inside: read as before
    box.link('deploy/notes.yaml', '../.git/config');
    box.link('deploy/secret.yaml', '../../outside/secret.yaml');
    box.link('deploy/abs.yaml', path.join(box.outside, 'pod.yaml'));
    box.link('deploy/chain-a.yaml', 'chain-b.yaml');
    box.link('deploy/chain-b.yaml', 'chain-c.yaml');
    box.link('deploy/chain-c.yaml', '../../outside/secret.yaml');
    box.link('deploy/a/b/c/deep.yaml', '../../../../../outside/pod.yaml');
    box.link('deploy/vendor', box.outside); // a folder link: never entered by the walk
    box.link('deploy/up', '../..'); // a folder above the root
    const before = box.snapshot();
    const { value: out, forbidden } = await watchReads(box, () =>
      cli(['deploy', 'deploy/vendor/pod.yaml', 'deploy/up/outside/secret.yaml', '--no-config', '--rule', 'schema:off', '-f', 'json'], box.repo),
    );
    expect(forbidden).toEqual([]);
    expect(out.code).toBe(1);
    expect(out.stdout + out.stderr).not.toContain(box.marker);
    expect(out.stdout.toLowerCase()).not.toContain(box.marker.toLowerCase());
    const results = JSON.parse(out.stdout) as Array<{
      filePath: string;
      messages: Array<{ message: string; line: number; column: number; fatal?: boolean }>;
    }>;
    const fatal = Object.fromEntries(
      results.map((r) => [path.relative(box.repo, r.filePath), r.messages.filter((m) => m.fatal).map((m) => `${m.line}:${m.column} ${m.message}`)]),
    );
    expect(fatal).toEqual({
      'deploy/a/b/c/deep.yaml': [`1:1 ${OUTSIDE}`],
      'deploy/abs.yaml': [`1:1 ${OUTSIDE}`],
      'deploy/alias.yaml': [],
      'deploy/chain-a.yaml': [`1:1 ${OUTSIDE}`],
      'deploy/chain-b.yaml': [`1:1 ${OUTSIDE}`],
      'deploy/chain-c.yaml': [`1:1 ${OUTSIDE}`],
      'deploy/good.yaml': [],
      'deploy/notes.yaml': [`1:1 ${INTO_GIT}`],
      'deploy/secret.yaml': [`1:1 ${OUTSIDE}`],
      'deploy/up/outside/secret.yaml': [`1:1 ${THROUGH_FOLDER}`],
      'deploy/vendor/pod.yaml': [`1:1 ${THROUGH_FOLDER}`],
    });
    // The links inside the tree are linted like the file they name.
    const findings = (name: string) => results.find((r) => r.filePath.endsWith(name))!.messages.map((m) => m.message);
    expect(findings('deploy/alias.yaml')).toContain(findings('deploy/good.yaml')[0]);
    expect(box.snapshot()).toEqual(before);
  });

  it('stylish names each link once, with the reason, and quotes nothing', async () => {
    const box = sandbox();
    box.link('notes.yaml', '.git/config');
    box.link('k8s/secret.yaml', '../../outside/secret.yaml');
    const out = await cli(['.', '--no-config'], box.repo);
    expect(out.code).toBe(1);
    expect(out.stdout.replaceAll(box.repo, '<repo>')).toBe(
      [
        '',
        '<repo>/k8s/secret.yaml',
        `  1:1  error  ${OUTSIDE}`,
        '',
        '<repo>/notes.yaml',
        `  1:1  error  ${INTO_GIT}`,
        '',
        '✖ 2 problems (2 errors, 0 warnings)',
        '',
      ].join('\n'),
    );
    expect(out.stderr).toBe('');
  });

  it('a link to /proc/self/pagemap, /dev/zero or /etc/passwd in the tree is not read', async () => {
    const box = sandbox();
    box.link('pagemap.yaml', '/proc/self/pagemap');
    box.link('zero.yaml', '/dev/zero');
    box.link('passwd.yaml', '/etc/passwd');
    const out = await cli(['.', '--no-config', '-f', 'json'], box.repo);
    expect(out.code).toBe(1);
    const results = JSON.parse(out.stdout) as Array<{ messages: Array<{ message: string }> }>;
    expect(results.map((r) => r.messages.map((m) => m.message))).toEqual([[OUTSIDE], [OUTSIDE], [OUTSIDE]]);
    expect(out.stdout).not.toContain('root:x:0');
  });
});

describe('reads are capped while reading: stat can lie', () => {
  it('a file whose stat says 0 bytes is read up to the limit, then refused', () => {
    const pagemap = readBytes('/proc/self/pagemap', 4096);
    expect(pagemap).toEqual({ failure: { kind: 'tooLarge', size: 4104, maxFileSize: 4096, atLeast: true } });
    const status = readBytes('/proc/self/status', 64);
    expect(status).toEqual({ failure: { kind: 'tooLarge', size: 72, maxFileSize: 64, atLeast: true } });
    expect(fs.statSync('/proc/self/status').size).toBe(0);
    const whole = readBytes('/proc/self/status', 1024 * 1024);
    expect('bytes' in whole && Buffer.from(whole.bytes).toString('utf8')).toMatch(/^Name:/);
  });

  it('the message says reading stopped at the limit', () => {
    const [message] = readAndParse('/proc/self/pagemap', 1024 * 1024).messages;
    expect(message.message).toBe(
      'File too large: more than 1 MiB, reading stopped at the limit, so it was not parsed; split it, or raise the limit with --max-file-size',
    );
  });

  it('a regular file over the limit is refused after stat, one under it is read whole', () => {
    const box = sandbox();
    const big = box.write('big.yaml', `a: ${'x'.repeat(5000)}\n`);
    expect(readBytes(big, 1000)).toEqual({ failure: { kind: 'tooLarge', size: 5004, maxFileSize: 1000 } });
    const read = readBytes(big, 10_000);
    expect('bytes' in read && read.bytes.length).toBe(5004);
  });
});

describe("a config's root", () => {
  it('root: / is a usage error (exit 2) naming the key, before any file is read', async () => {
    const box = sandbox();
    box.write('.kubeward.yaml', 'root: /\n');
    box.write('k8s/pod.yaml', pod('web'));
    const out = await cli(['k8s'], box.repo);
    expect(out.code).toBe(2);
    expect(out.stderr).toBe(
      `kubeward: Invalid config .kubeward.yaml: root: "/" lies outside the repository; root must name a folder inside the repository (${box.repo})\n`,
    );
    expect(out.stdout).toBe('');
  });

  it('a root above the repository, or a link out of it, is refused too', async () => {
    const box = sandbox();
    box.write('k8s/pod.yaml', pod('web'));
    box.write('.kubeward.yaml', 'root: ..\n');
    expect((await cli(['k8s'], box.repo)).stderr).toBe(
      `kubeward: Invalid config .kubeward.yaml: root: ".." lies outside the repository; root must name a folder inside the repository (${box.repo})\n`,
    );
    box.link('linked', box.outside);
    box.write('.kubeward.yaml', 'root: linked\n');
    const out = await cli(['k8s'], box.repo);
    expect(out.code).toBe(2);
    expect(out.stderr).toBe(
      `kubeward: Invalid config .kubeward.yaml: root: "linked" is a link to a place outside the repository; root must name a folder inside the repository (${box.repo})\n`,
    );
  });

  it('the linted paths must lie inside it', async () => {
    const box = sandbox();
    box.write('deploy/pod.yaml', pod('web'));
    box.write('other/pod.yaml', pod('api'));
    box.write('.kubeward.yaml', 'root: deploy\n');
    const out = await cli(['other'], box.repo);
    expect(out.code).toBe(2);
    expect(out.stderr).toBe('kubeward: "other" lies outside the config\'s root "deploy"; lint paths inside it, or change root in the config file\n');
    expect((await cli(['deploy', '--rule', 'schema:off'], box.repo)).code).toBe(1);
  });
});

describe('schema folder lookups stay in their folder', () => {
  it('an apiVersion of ../../.. and a link in the folder read no JSON elsewhere', async () => {
    const box = sandbox();
    box.write('.kubeward.yaml', 'schemas: [schemas]\nstrictCrds: true\n');
    fs.mkdirSync(path.join(box.repo, 'schemas', 'example.com'), { recursive: true });
    // path.join(schemas, '../../outside', 'schema_v1.json') is the sentinel's schema.json
    box.write('k8s/escape.yaml', 'apiVersion: ../../outside/v1\nkind: Schema\nmetadata: {name: a}\n');
    box.link('schemas/example.com/widget_v1.json', '../../../outside/schema.json');
    box.write('k8s/widget.yaml', 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n');
    const before = box.snapshot();
    const { value: out, forbidden } = await watchReads(box, () => cli(['k8s', '-f', 'json', '--rule', 'schema:error'], box.repo));
    expect(forbidden).toEqual([]);
    expect(out.stdout).not.toContain(box.marker);
    const messages = (JSON.parse(out.stdout) as Array<{ filePath: string; messages: Array<{ ruleId: string; message: string }> }>).map(
      (r): [string, string[]] => [path.basename(r.filePath), r.messages.filter((m) => m.ruleId === 'schema').map((m) => m.message)],
    );
    // Neither schema was used: both objects are custom resources with no schema (an error with strictCrds).
    for (const [, list] of messages) expect(list.join('\n')).toMatch(/no schema/i);
    expect(box.snapshot()).toEqual(before);
  });
});

describe('render discovery honours the same rule', () => {
  it('a kustomization whose base is a folder link out of the tree is not rendered, and nothing there is read', async () => {
    const box = sandbox();
    box.write('app/kustomization.yaml', 'resources: [base, pod.yaml]\n');
    box.write('app/pod.yaml', pod('web'));
    box.link('app/base', path.join(box.outside, 'deep'));
    box.link('app/linked.yaml', '../../outside/pod.yaml');
    const before = box.snapshot();
    const { value: out, forbidden } = await watchReads(box, () => cli(['.', '--no-config', '-f', 'json'], box.repo));
    expect(forbidden).toEqual([]);
    expect(out.stdout.toLowerCase()).not.toContain(box.marker.toLowerCase());
    const notices = (JSON.parse(out.stdout) as Array<{ filePath: string; notices?: Array<{ message: string }> }>).flatMap((r) =>
      (r.notices ?? []).map((n) => `${path.relative(box.repo, r.filePath)}: ${n.message}`),
    );
    expect(notices).toContain('app/kustomization.yaml: base is outside the repository: not rendered');
    expect(box.snapshot()).toEqual(before);
  });
});

describe('files kubeward reads besides manifests', () => {
  it('a baseline planted as a link to .git/config is refused, never read (exit 2, no token printed)', async () => {
    const box = sandbox();
    box.write('k8s/pod.yaml', pod('web'));
    box.link('kubeward-baseline.json', '.git/config');
    const { value: out, forbidden } = await watchReads(box, () => cli(['k8s', '--no-config', '--baseline', 'kubeward-baseline.json'], box.repo));
    expect(forbidden).toEqual([]);
    expect(out).toEqual({
      code: 2,
      stdout: '',
      stderr: 'kubeward: Cannot read baseline kubeward-baseline.json: it is a symbolic link; kubeward reads a baseline only from a regular file\n',
    });
  });

  it('a config file whose stat lies, or one and an ignore file linked to /dev/zero, end with a message or are passed over, never a hang', async () => {
    const box = sandbox();
    box.write('k8s/pod.yaml', pod('web'));
    box.link('k8s/.kubewardignore', '/dev/zero');
    box.link('.kubeward.yaml', '/proc/self/pagemap');
    const out = await cli(['k8s/pod.yaml'], box.repo);
    expect(out).toEqual({ code: 2, stdout: '', stderr: 'kubeward: Cannot read config file .kubeward.yaml: larger than 4194304 bytes\n' });
    // A config that is not a regular file is not a config: passed over, as before; the ignore file too.
    fs.unlinkSync(path.join(box.repo, '.kubeward.yaml'));
    box.link('.kubeward.yaml', '/dev/zero');
    const named = await cli(['k8s/pod.yaml', '-f', 'json'], box.repo);
    expect(named.code).toBe(1);
    expect((JSON.parse(named.stdout) as unknown[]).length).toBe(1);
  });
});

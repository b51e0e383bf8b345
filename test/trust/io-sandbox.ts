/**
 * The sandbox of the trust tests of reads and writes: a temporary folder holding `repo/` (the linted tree, with a
 * `.git/config` holding a token) and `outside/` (a sentinel: files holding a unique marker that must never appear in
 * any output, and whose contents and mtimes must never change). `watchReads` records every file kubeward opens in
 * this process and reports those whose real path is in the sentinel or in `.git`.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { vi } from 'vitest';
import { run } from '../../src/cli/cli.js';

export interface Sandbox {
  top: string;
  repo: string;
  outside: string;
  /** Unique to this sandbox: in every sentinel file and in the token of `.git/config`. */
  marker: string;
  write(rel: string, text: string): string;
  link(rel: string, target: string): string;
  /** The sentinel's files, contents and mtimes (and `.git/config`'s), to compare before and after. */
  snapshot(): Record<string, string>;
}

export function sandbox(): Sandbox {
  const top = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kubeward-trust-')));
  const repo = path.join(top, 'repo');
  const outside = path.join(top, 'outside');
  const marker = `KWSECRET${randomBytes(8).toString('hex')}`;
  fs.mkdirSync(path.join(repo, '.git'), { recursive: true });
  fs.mkdirSync(path.join(outside, 'deep'), { recursive: true });
  fs.writeFileSync(path.join(repo, '.git', 'config'), `[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic ${marker}\n`);
  // YAML a parse error would quote, a duplicate key, a valid object: whichever way it was read, the marker would show.
  fs.writeFileSync(path.join(outside, 'secret.yaml'), `token: ${marker}\ntoken: ${marker} [\n`);
  fs.writeFileSync(
    path.join(outside, 'pod.yaml'),
    `apiVersion: v1\nkind: Pod\nmetadata: {name: ${marker.toLowerCase()}}\nspec: {containers: [{name: a, image: x}]}\n`,
  );
  fs.writeFileSync(path.join(outside, 'deep', 'kustomization.yaml'), `resources: [${marker}.yaml]\n`);
  fs.writeFileSync(path.join(outside, 'schema.json'), JSON.stringify({ type: 'object', required: [marker] }));
  fs.writeFileSync(path.join(outside, 'report.txt'), `${marker}\n`);
  const write = (rel: string, text: string) => {
    const file = path.join(repo, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return file;
  };
  const link = (rel: string, target: string) => {
    const file = path.join(repo, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.symlinkSync(target, file);
    return file;
  };
  const snapshot = () => {
    const out: Record<string, string> = {};
    const visit = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) visit(p);
        else {
          const stat = fs.lstatSync(p);
          out[path.relative(top, p)] = `${stat.mtimeMs} ${stat.mode} ${fs.readFileSync(p, 'utf8')}`;
        }
      }
    };
    visit(outside);
    const git = path.join(repo, '.git', 'config');
    out['repo/.git/config'] = `${fs.statSync(git).mtimeMs} ${fs.readFileSync(git, 'utf8')}`;
    out['listing'] = fs.readdirSync(top).sort().join(',');
    return out;
  };
  return { top, repo, outside, marker, write, link, snapshot };
}

/**
 * Record the real path of every file this process opens or reads by name while `body` runs; resolves to those in
 * the sentinel folder or in `.git` (so an empty list means nothing outside the tree was read here).
 */
export async function watchReads<T>(box: Sandbox, body: () => Promise<T>): Promise<{ value: T; forbidden: string[] }> {
  const forbidden = new Set<string>();
  const note = (p: unknown) => {
    if (typeof p !== 'string' && !(p instanceof URL) && !Buffer.isBuffer(p)) return;
    let real: string;
    try {
      real = fs.realpathSync(p instanceof URL ? p : p.toString());
    } catch {
      return;
    }
    if (real.startsWith(box.outside + path.sep) || real.includes(`${path.sep}.git${path.sep}`)) forbidden.add(real);
  };
  const spies = (['openSync', 'readFileSync', 'open', 'readFile', 'createReadStream'] as const).map((name) => {
    const original = fs[name] as unknown as (...args: unknown[]) => unknown;
    return vi.spyOn(fs, name).mockImplementation((...args: unknown[]) => {
      note(args[0]);
      return original.apply(fs, args);
    });
  });
  const promiseSpies = (['open', 'readFile'] as const).map((name) => {
    const original = fs.promises[name] as (...args: unknown[]) => unknown;
    return vi.spyOn(fs.promises, name).mockImplementation(((...args: unknown[]) => {
      note(args[0]);
      return original.apply(fs.promises, args);
    }) as never);
  });
  try {
    const value = await body();
    return { value, forbidden: [...forbidden] };
  } finally {
    for (const spy of [...spies, ...promiseSpies]) spy.mockRestore();
  }
}

/** The command line in this process, in `cwd`. */
export async function cli(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    stdin: async () => '',
    isTTY: false,
    env: {},
    cwd,
  });
  return { code, stdout, stderr };
}

/** A Pod that a few fixable checks report (no securityContext). */
export function pod(name: string): string {
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n`;
}

/**
 * For the packaging tests (test/pack.test.ts, test/pre-commit.test.ts): a copy of this working tree as it is now
 * (tracked and untracked files, minus what .gitignore leaves out: no node_modules, no dist), so `npm pack` and
 * pre-commit's `npm install` build from the current sources without touching the shared dist/.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '..');

/** Files of the working tree, relative: from git when this is a checkout, else by walking (skipping ignored folders). */
function workingTreeFiles(): string[] {
  try {
    const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repoRoot, encoding: 'utf8' });
    return out.split('\0').filter((f) => f && fs.existsSync(path.join(repoRoot, f)));
  } catch {
    const files: string[] = [];
    const skip = new Set(['node_modules', 'dist', '.git', 'coverage']);
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(path.join(repoRoot, dir), { withFileTypes: true })) {
        const rel = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (!skip.has(entry.name)) walk(rel);
        } else if (entry.isFile() && !entry.name.endsWith('.tgz')) files.push(rel);
      }
    };
    walk('.');
    return files;
  }
}

/** Copy the working tree into a new temporary folder and return it. */
export function copyWorkingTree(prefix: string): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  for (const file of workingTreeFiles()) {
    const to = path.join(dir, file);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(path.join(repoRoot, file), to);
  }
  return dir;
}

export function commandExists(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

/** git with a fixed identity, for the temporary repositories these tests make. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=kubeward tests', '-c', 'user.email=tests@kubeward.invalid', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    encoding: 'utf8',
    stdio: 'pipe',
  });
}

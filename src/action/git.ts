/**
 * The git the Action needs on a pull request: the base commit GitHub names, a file as it is in that commit
 * (`git show BASE:path`), and the lines the pull request changed (`git diff --unified=0 BASE...HEAD`). git is run
 * directly (execFile, no shell), with external diff programs and text conversions off, so nothing in the checkout
 * (`.gitattributes`) makes it run a program.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const MAX_BUFFER = 256 * 1024 * 1024;

/** Run git in `dir` (with `input` on its standard input); the output as a Buffer, or undefined when git fails (a missing commit or path). */
export function git(dir: string, args: readonly string[], input?: string): Buffer | undefined {
  try {
    return execFileSync('git', ['-c', 'core.quotepath=off', ...args], {
      cwd: dir,
      ...(input === undefined ? { stdio: ['ignore', 'pipe', 'pipe'] } : { input, stdio: ['pipe', 'pipe', 'pipe'] }),
      maxBuffer: MAX_BUFFER,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' },
    });
  } catch {
    return undefined;
  }
}

/** The pull request of the run's event: its base commit, or undefined outside a pull request. */
export interface PullRequest {
  baseSha: string;
  baseRef?: string;
  headSha?: string;
  number?: number;
  /** The head repository is not the base one (a fork). */
  fromFork: boolean;
}

/** The pull request from `GITHUB_EVENT_PATH` on `pull_request` and `pull_request_target` events. */
export function pullRequestOf(env: NodeJS.ProcessEnv): PullRequest | undefined {
  if (!['pull_request', 'pull_request_target'].includes(env.GITHUB_EVENT_NAME ?? '') || !env.GITHUB_EVENT_PATH) return undefined;
  let event: any;
  try {
    event = JSON.parse(fs.readFileSync(env.GITHUB_EVENT_PATH, 'utf8'));
  } catch {
    return undefined;
  }
  const pr = event?.pull_request;
  const baseSha = pr?.base?.sha;
  if (typeof baseSha !== 'string' || !/^[0-9a-f]{40,64}$/.test(baseSha)) return undefined;
  const head = pr?.head?.repo;
  const base = pr?.base?.repo;
  return {
    baseSha,
    baseRef: typeof pr.base.ref === 'string' ? pr.base.ref : undefined,
    headSha: typeof pr.head?.sha === 'string' ? pr.head.sha : undefined,
    number: typeof pr.number === 'number' ? pr.number : undefined,
    fromFork: head?.fork === true || Boolean(head?.full_name && base?.full_name && head.full_name !== base.full_name),
  };
}

/** The repository's top folder (real path), or undefined when `dir` is not in a git checkout. */
export function topLevel(dir: string): string | undefined {
  const out = git(dir, ['rev-parse', '--show-toplevel']);
  return out ? fs.realpathSync(out.toString('utf8').trim()) : undefined;
}

/** Whether the checkout holds `commit` (actions/checkout fetches one commit unless fetch-depth says more). */
export function hasCommit(top: string, commit: string): boolean {
  return git(top, ['cat-file', '-e', `${commit}^{commit}`]) !== undefined;
}

/** A file's bytes at `commit` (path relative to the top folder, `/` separators); undefined when it is not there. */
export function showFile(top: string, commit: string, rel: string): Buffer | undefined {
  if (!git(top, ['cat-file', '-e', `${commit}:${rel}`])) return undefined;
  const type = git(top, ['cat-file', '-t', `${commit}:${rel}`])
    ?.toString('utf8')
    .trim();
  if (type !== 'blob') return undefined;
  return git(top, ['cat-file', 'blob', `${commit}:${rel}`]);
}

/** The ignore files the file walk honours. */
const IGNORE_FILE_NAMES = new Set(['.gitignore', '.kubewardignore']);

/**
 * Every `.gitignore` and `.kubewardignore` of `commit` that is a regular file (git does not follow a link planted as
 * one either), by its path from the top folder, with its text: one `git ls-tree` and one `git cat-file --batch`,
 * whatever their number. Undefined when git cannot list the commit.
 */
export function ignoreFilesAt(top: string, commit: string): Map<string, string> | undefined {
  const listing = git(top, ['ls-tree', '-r', '-z', '--full-tree', commit]);
  if (!listing) return undefined;
  const wanted: Array<{ object: string; rel: string }> = [];
  for (const entry of listing.toString('utf8').split('\0')) {
    // <mode> SP <type> SP <object> TAB <path>
    const match = /^(100644|100755) blob ([0-9a-f]{40,64})\t(.+)$/s.exec(entry);
    if (match && IGNORE_FILE_NAMES.has(path.posix.basename(match[3]))) wanted.push({ object: match[2], rel: match[3] });
  }
  const files = new Map<string, string>();
  if (wanted.length === 0) return files;
  const batch = git(top, ['cat-file', '--batch'], wanted.map((w) => `${w.object}\n`).join(''));
  if (!batch) return undefined;
  // Each object: "<object> blob <size>\n", its bytes, "\n".
  let at = 0;
  for (const { rel } of wanted) {
    const eol = batch.indexOf(0x0a, at);
    const header = /^[0-9a-f]+ blob (\d+)$/.exec(batch.subarray(at, eol).toString('latin1'));
    if (eol === -1 || !header) return undefined;
    const size = Number(header[1]);
    files.set(rel, batch.subarray(eol + 1, eol + 1 + size).toString('utf8'));
    at = eol + 1 + size + 1;
  }
  return files;
}

/** What a pull request changed: per file (relative to the top folder), the 1-based lines of the new file it added or changed, with their text. */
export interface Diff {
  changed: Map<string, Set<number>>;
  added: Array<{ file: string; line: number; text: string }>;
}

/** Undo git's C-style quoting of a path (`"b/caf\303\251.yaml"`). */
function unquote(text: string): string {
  if (!text.startsWith('"')) return text;
  const bytes: number[] = [];
  const escapes: Record<string, number> = { n: 10, t: 9, r: 13, a: 7, b: 8, f: 12, v: 11, '\\': 92, '"': 34 };
  for (let i = 1; i < text.length - 1; i++) {
    const c = text[i];
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const next = text[i + 1];
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(text.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(escapes[next] ?? next.charCodeAt(0));
      i++;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** A `git diff --unified=0` patch read back: the lines it adds in each new file. */
export function parseUnifiedDiff(patch: string): Diff {
  const diff: Diff = { changed: new Map(), added: [] };
  let file: string | undefined;
  let lines: Set<number> | undefined;
  let next = 0;
  // Lines of the current hunk still to come: an added line may itself start with "++ " or "-- ".
  let toAdd = 0;
  let toRemove = 0;
  for (const line of patch.split('\n')) {
    if (toAdd > 0 || toRemove > 0) {
      if (line.startsWith('+') && toAdd > 0) {
        toAdd--;
        if (file !== undefined && lines) {
          lines.add(next);
          diff.added.push({ file, line: next, text: line.slice(1) });
        }
        next++;
        continue;
      }
      if (line.startsWith('-') && toRemove > 0) {
        toRemove--;
        continue;
      }
      if (line.startsWith('\\')) continue; // "\ No newline at end of file"
    }
    const hunk = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (hunk) {
      toRemove = hunk[1] === undefined ? 1 : Number(hunk[1]);
      next = Number(hunk[2]);
      toAdd = hunk[3] === undefined ? 1 : Number(hunk[3]);
      continue;
    }
    if (line.startsWith('+++ ')) {
      const target = unquote(line.slice(4).replace(/\t$/, ''));
      file = target.startsWith('b/') ? target.slice(2) : undefined;
      lines = undefined;
      if (file !== undefined) {
        lines = diff.changed.get(file) ?? new Set();
        diff.changed.set(file, lines);
      }
    }
  }
  return diff;
}

/** What the pull request changed: HEAD against the merge base of `base` and HEAD (`git diff BASE...HEAD`). */
export function pullRequestDiff(top: string, base: string): Diff | undefined {
  const out = git(top, [
    'diff',
    '--unified=0',
    '--no-color',
    '--no-ext-diff',
    '--no-textconv',
    '--no-renames',
    '--src-prefix=a/',
    '--dst-prefix=b/',
    `${base}...HEAD`,
    '--',
  ]);
  return out ? parseUnifiedDiff(out.toString('utf8')) : undefined;
}

/** `file` relative to the top folder with `/` separators, or undefined when it is outside. */
export function relativeToTop(top: string, file: string): string | undefined {
  const rel = path.relative(top, file);
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return rel.split(path.sep).join('/');
}

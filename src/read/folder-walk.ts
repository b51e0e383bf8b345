/**
 * The walk of a folder without globby, for the trees where its result is known to be globby's (issue #17: loading
 * globby and compiling it on its first glob is about a quarter of a one-file run). `walkFolderDirectly` lists the
 * folder with `readdirSync` and gives the manifests globby's `globbySync(MANIFEST_GLOB, globOptions(...))` would, or
 * undefined when the tree holds anything whose handling by globby is intricate (its pruning of ignored folders decides
 * which unreadable folders it finds): then the caller runs globby as before. `test/walk-readdir.test.ts` proves the two
 * equal on the real corpus, random trees and edge cases.
 *
 * Handled here: `.gitignore` files (the repository root's and those between it and the folder, then those below it)
 * and `.kubewardignore` files, negations included, as long as no folder and no ignore file is itself ignored; dot
 * files; node_modules and .git never entered. Left to globby: `ignorePatterns`, injected ignore files, an ignored
 * folder, symbolic links named like manifests or ignore files, a folder that cannot be listed.
 */
import type fs from 'node:fs';
import path from 'node:path';
import ignore from 'ignore';

/** Folders the glob never enters (`ALWAYS_IGNORED`), and those globby's search for ignore files skips besides. */
const NEVER_ENTERED = new Set(['node_modules', '.git']);
const NO_IGNORE_FILES_READ = new Set(['flow-typed', 'coverage']);
/** A manifest's name: `.yaml`, `.yml` or `.json` at its end (string tests: a regular expression is compiled on first use). */
const isManifestName = (name: string) => name.endsWith('.yaml') || name.endsWith('.yml') || name.endsWith('.json');

/**
 * How a walk looks at a path: lists a folder, reads a file, or probes what a path is, following links or not (what
 * `recordingFs` in walk.ts records of globby's looks, for a walk kept between runs).
 */
export type Look = 'list' | 'read' | 'probe' | 'lprobe';

export interface DirectWalkOptions {
  fs: typeof fs;
  /** Honour .gitignore files. */
  gitignore: boolean;
  /** Honour .kubewardignore files. */
  kubewardignore: boolean;
}

/**
 * The manifests below `folder` (absolute paths, in no particular order) as globby finds them, and what was looked at;
 * undefined when the tree must be left to globby.
 */
export function walkFolderDirectly(folder: string, options: DirectWalkOptions): { files: string[]; looks: Array<[Look, string]> } | undefined {
  const { fs: fsImpl } = options;
  // Normalized (as walk.ts gives it already), so the paths joined below are too.
  folder = path.resolve(folder);
  const looks: Array<[Look, string]> = [];
  // globby first makes sure its cwd is a folder.
  looks.push(['probe', folder]);
  const ignoreFiles: Array<{ file: string; text: string }> = [];
  const read = (file: string): string | undefined => {
    looks.push(['read', file]);
    try {
      return fsImpl.readFileSync(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw new Unsure();
    }
  };
  try {
    // The repository root, as globby finds it: the nearest folder upwards whose `.git` is a folder or a file.
    let gitRoot: string | undefined;
    if (options.gitignore) {
      for (let dir = folder; ; dir = path.dirname(dir)) {
        const git = path.join(dir, '.git');
        looks.push(['probe', git]);
        let stat: fs.Stats | undefined;
        try {
          stat = fsImpl.statSync(git);
        } catch {
          stat = undefined;
        }
        if (stat && (stat.isDirectory() || stat.isFile())) {
          gitRoot = dir;
          break;
        }
        if (path.dirname(dir) === dir) break;
      }
      // The .gitignore files from the root down to the folder (the folder's own included).
      const chain: string[] = [];
      if (gitRoot === undefined) chain.push(folder);
      else
        for (let dir = folder; ; dir = path.dirname(dir)) {
          chain.unshift(dir);
          if (dir === gitRoot || path.dirname(dir) === dir) break;
        }
      for (const dir of chain) {
        const file = path.join(dir, '.gitignore');
        // A link, a folder or anything else by that name: globby's handling is left to it.
        looks.push(['lprobe', file]);
        const stat = lstatOrUndefined(fsImpl, file);
        if (stat && !stat.isFile()) return undefined;
        const text = stat ? read(file) : undefined;
        if (text !== undefined) ignoreFiles.push({ file, text });
      }
    }
    const baseDir = gitRoot ?? folder;
    // The rules of every ignore file read so far, each relative to the repository root (as globby joins them).
    const rules = ignore();
    let anyRule = false;
    const addRules = (file: string, text: string): void => {
      const base = path.relative(baseDir, path.dirname(file)).split(path.sep).join('/');
      // In the order globby joins them: the files from the root down to the folder, then as its search finds them (a
      // folder's before those below it, and in one folder in the order it lists them), so a negation overrides as there.
      for (const line of ruleLines(text)) {
        // A `!` inside a rule is literal to git, but globby hands some rules to fast-glob as globs, where it negates.
        if (line.slice(1).includes('!')) throw new Unsure();
        rules.add(rebased(line, base));
        anyRule = true;
      }
    };
    const ignored = (file: string, isFolder: boolean) => {
      if (!anyRule) return false;
      const rel = path.relative(baseDir, file);
      if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return false;
      return rules.ignores(rel.split(path.sep).join('/') + (isFolder ? '/' : ''));
    };
    for (const { file, text } of ignoreFiles) addRules(file, text);
    const manifests: string[] = [];
    const queue: Array<{ dir: string; readsIgnoreFiles: boolean }> = [{ dir: folder, readsIgnoreFiles: true }];
    for (let next = queue.shift(); next; next = queue.shift()) {
      const { dir, readsIgnoreFiles } = next;
      let entries: fs.Dirent[];
      try {
        entries = fsImpl.readdirSync(dir, { withFileTypes: true });
      } catch {
        return undefined;
      }
      looks.push(['list', dir]);
      const folders: string[] = [];
      const found: string[] = [];
      // `dir` is normalized and a listed name holds no separator (nor is `.` or `..`): joined without path.join's normalizing.
      const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
      for (const entry of entries) {
        const name = String(entry.name);
        const full = prefix + name;
        if (name === '.gitignore' || name === '.kubewardignore') {
          if (!entry.isFile()) return undefined;
          const honoured = name === '.gitignore' ? options.gitignore : options.kubewardignore;
          if (!honoured) continue;
          if (!readsIgnoreFiles) return undefined;
          if (ignoreFiles.some((f) => f.file === full)) continue;
          const text = read(full);
          if (text === undefined) continue;
          ignoreFiles.push({ file: full, text });
          addRules(full, text);
          continue;
        }
        if (entry.isDirectory()) {
          if (!NEVER_ENTERED.has(name)) folders.push(full);
          continue;
        }
        if (!isManifestName(name)) continue;
        if (entry.isSymbolicLink()) return undefined;
        found.push(full);
      }
      // Every rule that can bear on this folder's entries is known now (rules apply at and below their file's folder).
      // An ignored folder or ignore file: globby's pruning decides what it lists, so the tree is left to it, before
      // this walk lists the folder's contents.
      if (folders.some((f) => ignored(f, true)) || ignoreFiles.some((f) => path.dirname(f.file) === dir && ignored(f.file, false))) return undefined;
      for (const f of folders) queue.push({ dir: f, readsIgnoreFiles: readsIgnoreFiles && !NO_IGNORE_FILES_READ.has(path.basename(f)) });
      for (const f of found) if (!ignored(f, false)) manifests.push(f);
    }
    return { files: manifests, looks };
  } catch (error) {
    if (error instanceof Unsure) return undefined;
    throw error;
  }
}

/** Thrown inside the walk when the tree must be left to globby. */
class Unsure extends Error {}

function lstatOrUndefined(fsImpl: typeof fs, file: string): fs.Stats | undefined {
  try {
    return fsImpl.lstatSync(file, { throwIfNoEntry: false }) ?? undefined;
  } catch {
    throw new Unsure();
  }
}

/**
 * An ignore file's rules as git reads them: no byte order mark, no comment or blank line, trailing whitespace dropped
 * unless escaped with a backslash (the escaped space is kept, still escaped).
 */
function ruleLines(text: string): string[] {
  const lines: string[] = [];
  for (let line of text.split(/\r?\n/)) {
    line = line.replace(/^\uFEFF/, '');
    let end = line.length;
    while (end > 0 && /\s/.test(line[end - 1])) end--;
    if (end < line.length) {
      let backslashes = 0;
      for (let i = end - 1; i >= 0 && line[i] === '\\'; i--) backslashes++;
      line = backslashes % 2 === 1 ? `${line.slice(0, end)} ` : line.slice(0, end);
    }
    if (line && !line.startsWith('#')) lines.push(line);
  }
  return lines;
}

/**
 * A rule of the ignore file in folder `base` (relative to the repository root) as a rule of the root: a rule with no
 * slash but a trailing one matches at any depth below its file, any other is anchored to its file's folder.
 */
function rebased(rule: string, base: string): string {
  if (!base) return rule;
  const negation = rule.startsWith('!') ? '!' : '';
  const body = negation ? rule.slice(1) : rule;
  const slash = body.indexOf('/');
  if (slash === -1 || slash === body.length - 1) return negation + path.posix.join(base, '**', body);
  return negation + path.posix.join(base, body.startsWith('/') ? body.slice(1) : body);
}

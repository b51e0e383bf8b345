/**
 * The linted tree's boundary: kubeward reads a file only when its real path (every link resolved, at any depth) lies
 * inside the tree it was found in and outside `.git`. A link planted by a pull request (`notes.yaml -> .git/config`, a
 * folder link to `/`, a chain of links ending in the runner's home) is reported by name and never opened.
 */
import fs from 'node:fs';
import path from 'node:path';

/** Whether `p` is `root` or below it (lexically; both absolute). */
export function isWithin(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

const realRoots = new Map<string, string>();

/** A folder's real path (links resolved), cached: the roots of a run are few and do not change during it. */
function realRoot(root: string): string {
  let real = realRoots.get(root);
  if (real === undefined) {
    try {
      real = fs.realpathSync.native(root);
    } catch {
      real = root;
    }
    if (realRoots.size > 64) realRoots.clear();
    realRoots.set(root, real);
  }
  return real;
}

/**
 * Why `file` must not be read as part of the tree at `root`, or undefined when it may be. Only a real path that leaves
 * the tree or enters a `.git` folder is refused; a file that cannot be resolved (dangling link, link loop, permission
 * denied) is left to the reader, which reports it as it always has.
 */
export function outsideTreeReason(root: string, file: string, realDirs?: Map<string, string>, notLink = false): string | undefined {
  let real: string;
  try {
    real = realPathOf(file, realDirs, notLink);
  } catch {
    return undefined;
  }
  const top = realRoot(root);
  // Both are real paths (canonical: absolute, no `.`, `..` or doubled separator), so a plain prefix says "inside".
  if (real.length > top.length && real.startsWith(top) && (real[top.length] === path.sep || top.endsWith(path.sep))) {
    if (!real.slice(top.length).split(path.sep).includes('.git')) return undefined;
  }
  const inside = isWithin(top, real);
  const inGit = inside && path.relative(top, real).split(path.sep).includes('.git');
  if (inside && !inGit) return undefined;
  const where = inGit
    ? 'into a .git folder, which holds credentials and is never read'
    : 'to a place outside the linted tree; kubeward reads only files inside it';
  if (real === path.resolve(file))
    return inGit ? 'the file lies inside a .git folder, which holds credentials and is never read' : 'the file lies outside the linted tree';
  // A file gone since it was resolved a moment ago counts as a link: still not read.
  const isLink = !notLink && (fs.lstatSync(file, { throwIfNoEntry: false })?.isSymbolicLink() ?? true);
  return isLink ? `a symbolic link ${where}` : `a path through a linked folder ${where}`;
}

/**
 * A file's real path. With `realDirs` (one walk's cache of folders' real paths), a file that is not a link costs one
 * `lstat`: its real path is its folder's, resolved once per folder, and its name. `notLink`: a folder listing said the
 * file is no link (readdir's entry types), so no `lstat` either.
 */
function realPathOf(file: string, realDirs?: Map<string, string>, notLink = false): string {
  if (!realDirs || (!notLink && fs.lstatSync(file).isSymbolicLink())) return fs.realpathSync.native(file);
  const dir = path.dirname(file);
  let realDir = realDirs.get(dir);
  if (realDir === undefined) realDirs.set(dir, (realDir = fs.realpathSync.native(dir)));
  return path.join(realDir, path.basename(file));
}

/**
 * Keep in `realDirs` the real paths of the folders a walk listed below `folder`, each reached from the one above it by
 * an entry that the listing said is a folder and no link (readdir's entry types): such a folder's real path is its
 * parent's and its name, so only `folder` itself is resolved (one `realpath` per walk instead of one per folder). A
 * folder whose parent was not listed is left out (resolved when asked for).
 */
export function keepListedFolders(folder: string, listed: Iterable<string>, realDirs: Map<string, string>): void {
  let top: string;
  try {
    top = fs.realpathSync.native(folder);
  } catch {
    return;
  }
  realDirs.set(folder, top);
  for (const dir of listed) {
    if (dir === folder) continue;
    const parent = realDirs.get(path.dirname(dir));
    if (parent !== undefined) realDirs.set(dir, path.join(parent, path.basename(dir)));
  }
}

/**
 * Whether `p`, every link resolved, lies in the folder whose real path is `top`; false when it cannot be resolved
 * (dangling link, loop). A schema folder's files are read only so (src/validate/schema-crds.ts), and the `--cache`
 * key counts only those (src/engine/cache.ts).
 */
export function resolvesWithin(top: string, p: string): boolean {
  try {
    return isWithin(top, fs.realpathSync.native(p));
  } catch {
    return false;
  }
}

/** The message of a file refused by `outsideTreeReason`. */
export function notReadMessage(reason: string): string {
  return `Not read: ${reason}`;
}

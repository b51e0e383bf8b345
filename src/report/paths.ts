import path from 'node:path';
import type { FormatterContext } from './types.js';

/**
 * A file's path relative to the repository root, with `/` separators; undefined when the file is outside the root
 * (or on another drive), so no caller ever writes an absolute path or a `../` path.
 */
export function relativeToRoot(filePath: string, root: string): string | undefined {
  const rel = path.relative(root, path.resolve(root, filePath));
  if (rel === '' || path.isAbsolute(rel) || rel === '..' || rel.startsWith(`..${path.sep}`)) return undefined;
  return rel.split(path.sep).join('/');
}

/** The root findings are made relative to: the context's repository root, else its cwd. */
export function rootOf(context: Pick<FormatterContext, 'cwd' | 'root'>): string {
  return path.resolve(context.root ?? context.cwd);
}

/** read: paths, folders and globs → files (ignore files honoured), and one file's bytes, bounded. */
export { readBytes, type ReadFailure } from './read-file.js';
export { findRepositoryRoot, MANIFEST_EXTENSIONS, walk, type IgnoreFileSet } from './walk.js';
export { isWithin, notReadMessage, outsideTreeReason } from './tree.js';

/** read: paths, folders and globs → files (ignore files honoured), and one file's bytes, bounded. */
export { readBytes, ReadBuffer, type ReadFailure } from './read-file.js';
export { findRepositoryRoot, MANIFEST_EXTENSIONS, walk, type CachedWalk, type IgnoreFileSet, type WalkCache } from './walk.js';
export { isWithin, notReadMessage, outsideTreeReason, resolvesWithin } from './tree.js';
export { pathHasStamp, pathStamp, sameStamp, settledStamp, settledTimes, stampOf, statHasStamp, statOf, type FileStamp } from './stamp.js';
export { ReadAhead } from './read-ahead.js';

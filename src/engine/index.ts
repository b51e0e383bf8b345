/** engine: runs of the pipeline over files and text (two passes, threads, cache, fixes, baseline). */
export { checkCatalogue, DEFAULT_KUBERNETES_VERSION, type LintOptions, type LintTextOptions } from './engine.js';
export { countResult } from './file-pass.js';
export { lintFiles, lintFilesStreamed, lintText, writeFixes, runsShape, startWarmRun } from './lint.js';
export type { ReportCache, ReportSource } from './cache.js';

/** suppress: comment directives, object annotations, unused directives, and the baseline. */
export { applySuppressions, ANNOTATION_PREFIX, type SuppressOptions } from './suppress.js';
export { applyBaseline, readBaseline, renderBaseline } from './baseline.js';

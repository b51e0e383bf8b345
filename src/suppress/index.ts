/** suppress: comment directives, object annotations, unused directives, and the baseline. */
export { applySuppressions } from './suppress.js';
export { applyBaseline, readBaseline, renderBaseline } from './baseline.js';

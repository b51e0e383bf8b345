import type { Formatter } from './types.js';

/** The LintResult array, exactly (ESLint's `json` formatter). */
export const json: Formatter = (results) => JSON.stringify(results);

import type { Formatter } from './types.js';
import { jsonInert } from './text.js';

/** The LintResult array, exactly (ESLint's `json` formatter), with no raw control character (see jsonInert). */
export const json: Formatter = (results) => jsonInert(JSON.stringify(results));

import type { Formatter } from './types.js';
import { type StreamFormatter, wholeReport } from './stream.js';
import { jsonInert } from './text.js';

/**
 * The LintResult array, exactly (ESLint's `json` formatter), with no raw control character (see jsonInert); one
 * result at a time: `JSON.stringify` of the array is its items' texts joined by commas inside brackets.
 */
export const jsonStream: StreamFormatter = () => {
  let first = true;
  return {
    result(result) {
      const text = `${first ? '[' : ','}${jsonInert(JSON.stringify(result))}`;
      first = false;
      return text;
    },
    end: () => (first ? '[]' : ']'),
  };
};

export const json: Formatter = wholeReport(jsonStream);

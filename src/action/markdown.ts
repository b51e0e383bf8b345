import { inert } from '../shared/inert.js';

/** Text for one Markdown table cell: no HTML, no table breaks, no formatting from file names or messages, no control characters. */
export function markdownCell(text: string): string {
  return inert(
    text
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/([\\`*_[\]|~#!])/g, '\\$1')
      .replace(/\r\n|\r|\n/g, '<br>'),
  );
}

export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

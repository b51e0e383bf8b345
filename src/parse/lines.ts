/** Lines of a file's text: offsets → 1-based lines and columns. */

/** 1-based line and column of an offset, as the `yaml` package's LineCounter gives them. */
export interface LinePositions {
  linePos(offset: number): { line: number; col: number };
}

/**
 * The start of every line of a text, found with indexOf (no regular expression) on the first position asked for (most
 * files of a run, those with no findings and those read for the index only, never ask), and a binary search.
 */
export class LineTable implements LinePositions {
  private starts: number[] | undefined;

  constructor(private readonly text: string) {}

  linePos(offset: number): { line: number; col: number } {
    const starts = (this.starts ??= lineStarts(this.text));
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, col: offset - starts[low] + 1 };
  }
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  return starts;
}

export interface LineCol {
  line: number;
  column: number;
}

/** 1-based line and column of a character offset. */
export function positionAt(lineCounter: LinePositions, offset: number): LineCol {
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

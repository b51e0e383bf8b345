/** Lines of a file's text: offsets → 1-based lines and columns. */

/** 1-based line and column of an offset, as the `yaml` package's LineCounter gives them. */
export interface LinePositions {
  linePos(offset: number): { line: number; col: number };
}

/** The start of every line of a text, found with indexOf (no regular expression), and a binary search. */
export class LineTable implements LinePositions {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) this.starts.push(at + 1);
  }

  linePos(offset: number): { line: number; col: number } {
    const { starts } = this;
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

export interface LineCol {
  line: number;
  column: number;
}

/** 1-based line and column of a character offset. */
export function positionAt(lineCounter: LinePositions, offset: number): LineCol {
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

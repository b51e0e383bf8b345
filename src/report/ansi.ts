/** The few ANSI styles the text reporters use; identity functions when colour is off. */
export interface Styles {
  underline: (s: string) => string;
  red: (s: string) => string;
  yellow: (s: string) => string;
  green: (s: string) => string;
  cyan: (s: string) => string;
  dim: (s: string) => string;
  bold: (s: string) => string;
  reset: (s: string) => string;
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;

export function styles(color: boolean): Styles {
  if (!color) {
    const id = (s: string) => s;
    return { underline: id, red: id, yellow: id, green: id, cyan: id, dim: id, bold: id, reset: id };
  }
  return {
    underline: wrap(4, 24),
    red: wrap(31, 39),
    yellow: wrap(33, 39),
    green: wrap(32, 39),
    cyan: wrap(36, 39),
    dim: wrap(2, 22),
    bold: wrap(1, 22),
    reset: wrap(0, 0),
  };
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
export function stripAnsi(s: string): string {
  // Text without an ESC has nothing to strip (without colour, every cell): no expression run, and none compiled.
  return s.includes('\u001b') ? s.replace(ANSI, '') : s;
}

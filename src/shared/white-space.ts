/**
 * Whether a UTF-16 code unit is one a regular expression's `\s` matches: JavaScript's white space and line terminators.
 * For the loops that stand in for short expressions on a one-file run's path (V8 compiles each expression on its first
 * uses): src/check/run.ts's templates and src/report/stylish.ts's rows.
 */
export function isWhiteSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  return (
    c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

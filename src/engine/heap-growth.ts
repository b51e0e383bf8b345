/**
 * A cap on how far V8 lets a heap grow beyond what was live at its last full collection, for the length of a big run.
 * Left alone, V8 lets a heap grow to up to four times its live size while memory is plentiful: a run over 10 copies of
 * ../shared/corpus/real on one thread keeps 45-80 MB live and peaked at 450-480 MB of RSS, most of it garbage waiting
 * for a collection (docs/performance.md). `--heap-growing-percent`, which V8 reads at each full collection, caps the
 * growth; it applies to every thread of the process and is put back when the last big run ends. A user's own setting
 * on node's command line or in NODE_OPTIONS is left alone.
 */
import { setFlagsFromString } from 'node:v8';

/** The growth allowed, in percent of the live size (V8's default, 0, is its own heuristic: up to 300%). */
export const HEAP_GROWING_PERCENT = 30;

let runs = 0;

function setByUser(): boolean {
  return [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((arg) => /heap[-_]growing[-_]percent/.test(arg));
}

/** Cap the growth until the returned function is called (once). */
export function capHeapGrowth(): () => void {
  if (setByUser()) return () => undefined;
  if (runs++ === 0) setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--runs === 0) setFlagsFromString('--heap-growing-percent=0');
  };
}

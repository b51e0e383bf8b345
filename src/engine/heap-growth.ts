/**
 * A cap on how far V8 lets a heap grow beyond what was live at its last full collection, for the length of a big run.
 * Left alone, V8 lets a heap grow to up to four times its live size while memory is plentiful: a run over 10 copies of
 * ../shared/corpus/real on one thread keeps 45-80 MB live and peaked at 450-480 MB of RSS, most of it garbage waiting
 * for a collection (docs/performance.md). `--heap-growing-percent`, which V8 reads at each full collection, caps the
 * growth; it applies to every thread of the process and is put back when the last big run ends. A user's own setting
 * on node's command line or in NODE_OPTIONS is left alone.
 */
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** The growth allowed, in percent of the live size (V8's default, 0, is its own heuristic: up to 300%). */
export const HEAP_GROWING_PERCENT = 30;

let runs = 0;

/** Whether node's command line or NODE_OPTIONS sets a V8 flag matching `flag` (the user's own setting is left alone). */
function setByUser(flag: RegExp): boolean {
  return [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((arg) => flag.test(arg));
}

/** Cap the growth until the returned function is called (once). */
export function capHeapGrowth(): () => void {
  if (setByUser(/heap[-_]growing[-_]percent/)) return () => undefined;
  if (runs++ === 0) setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--runs === 0) setFlagsFromString('--heap-growing-percent=0');
  };
}

/**
 * The young generation a big run holds to, in MiB of each of its two semi-spaces. V8 lets it grow to 16 MiB each (32
 * MiB of memory, most of a run's memory beside the old generation's) as soon as objects survive its collections,
 * which a run's start-up (loading the command, the walk) already does. On 10 copies of ../shared/corpus/real, 4 MiB
 * (node's `--max-semi-space-size=4`) peaked at ~200 MB of RSS instead of ~245 MB for no more CPU, 2 MiB and 1 MiB cost
 * a fifth and half as much again (more scavenges, each letting fewer objects die young); docs/performance.md.
 */
export const YOUNG_SEMI_SPACE_MB = 4;

/** How many times a run shrinks its young generation again when it grew past the size wanted between two ticks. */
const MAX_YOUNG_CORRECTIONS = 3;

/** How a big run holds its young generation (YOUNG_SEMI_SPACE_MB): `tick` after each file (cheap), `release` once. */
export interface YoungGeneration {
  tick(): void;
  release(): void;
}

const noYoungCap: YoungGeneration = { tick: () => undefined, release: () => undefined };
let youngRuns = 0;
let youngHeld = false;
let corrections = 0;
let collect: ((options: object) => void) | undefined;

function newSpaceBytes(): number {
  return getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0;
}

const YOUNG_TARGET_BYTES = 2 * YOUNG_SEMI_SPACE_MB * 1024 * 1024;

/** Shrink the young generation to its initial size, and let its next growth take it to the size wanted at once. */
function shrinkYoung(): void {
  collect!({ type: 'major', execution: 'sync', flavor: 'last-resort' });
  const factor = Math.max(2, Math.round(YOUNG_TARGET_BYTES / Math.max(1, newSpaceBytes())));
  setFlagsFromString(`--semi-space-growth-factor=${factor}`);
}

/**
 * Hold the young generation (YOUNG_SEMI_SPACE_MB) until `release`: V8 sets its largest size only when the isolate is
 * made (node's `--max-semi-space-size`), but shrinks it to its initial size in a garbage collection that reduces
 * memory (the `last-resort` flavor of the `gc` extension, taken from a context of its own) and grows it by
 * `--semi-space-growth-factor`, read at each growth. The first of overlapping runs shrinks it and sets the factor
 * that takes it from there to the size wanted in one growth; `tick` sees it grown and sets the factor to 1 (no more
 * growth), or, when it grew twice between two ticks (a big file), shrinks it again (a few times at most). V8's factor
 * (2) is put back when the last run ends. A user's own semi-space setting (node's command line, NODE_OPTIONS) is left
 * alone.
 */
export function capYoungGeneration(): YoungGeneration {
  if (setByUser(/semi[-_]space/)) return noYoungCap;
  if (youngRuns++ === 0) {
    try {
      // A process started with --expose-gc has it already (and keeps the flag as it was).
      const exposed = (globalThis as { gc?: (options: object) => void }).gc;
      if (!collect && typeof exposed === 'function') collect = exposed;
      if (!collect) {
        setFlagsFromString('--expose-gc');
        collect = runInNewContext('gc') as (options: object) => void;
        setFlagsFromString('--no-expose-gc');
      }
      youngHeld = false;
      corrections = 0;
      shrinkYoung();
    } catch {
      // No such extension (another engine): the young generation stays as it is.
      youngRuns--;
      return noYoungCap;
    }
  }
  let released = false;
  return {
    tick() {
      if (youngHeld || released) return;
      const size = newSpaceBytes();
      if (size < YOUNG_TARGET_BYTES) return;
      if (size > YOUNG_TARGET_BYTES && corrections < MAX_YOUNG_CORRECTIONS) {
        corrections++;
        shrinkYoung();
        return;
      }
      youngHeld = true;
      setFlagsFromString('--semi-space-growth-factor=1');
    },
    release() {
      if (released) return;
      released = true;
      if (--youngRuns === 0) {
        youngHeld = false;
        setFlagsFromString('--semi-space-growth-factor=2');
      }
    },
  };
}

/**
 * Results in path order as they are made: a run lints its files on several threads, in batches that finish in any
 * order, and a streamed report must see them sorted by path (as lintFiles returns them). Each result waits here only
 * until every result before it in that order is done.
 */
import type { LintResult } from '../shared/types.js';

/** The order results are reported in: by path, as `<` compares strings (the sort of lintFiles's results). */
export function byPath(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export class ResultOrder {
  private next = 0;
  private readonly waiting = new Map<string, LintResult[]>();

  /** `order`: every path that will get a result, sorted with `byPath`. */
  constructor(
    private readonly order: readonly string[],
    private readonly emit: (result: LintResult) => void,
  ) {}

  /** How many results wait for one before them. */
  get held(): number {
    let n = 0;
    for (const list of this.waiting.values()) n += list.length;
    return n;
  }

  add(result: LintResult): void {
    const list = this.waiting.get(result.filePath);
    if (list) list.push(result);
    else this.waiting.set(result.filePath, [result]);
    while (this.next < this.order.length) {
      const path = this.order[this.next];
      const ready = this.waiting.get(path);
      if (!ready) break;
      const first = ready.shift()!;
      if (ready.length === 0) this.waiting.delete(path);
      this.next++;
      this.emit(first);
    }
  }

  /** The run is over: any result not in the order (none is expected) follows, sorted. */
  finish(): void {
    const rest = [...this.waiting.values()].flat().sort((a, b) => byPath(a.filePath, b.filePath));
    this.waiting.clear();
    for (const result of rest) this.emit(result);
  }
}

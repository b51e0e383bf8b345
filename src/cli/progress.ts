/**
 * The progress line on standard error: `kubeward: 120/1314 files (9%)`, shown once a run has taken a second, only
 * when standard error is a terminal and not in CI, redrawn in place at most ten times a second and cleared at the end.
 */

/** Carriage return and "erase the whole line": the line is redrawn in place and leaves nothing behind. */
export const CLEAR_LINE = '\r\x1b[2K';

/** The text of the line (no control characters). */
export function formatProgress(done: number, total: number): string {
  const percent = total > 0 ? Math.floor((done / total) * 100) : 100;
  return `kubeward: ${done}/${total} files (${percent}%)`;
}

/** True when a progress line may be drawn: standard error is a terminal and no `CI` variable says this is CI. */
export function progressEnabled(stderrIsTTY: boolean, env: Record<string, string | undefined>): boolean {
  const ci = env.CI;
  const inCi = ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
  return stderrIsTTY && !inCi;
}

export interface Progress {
  update: (done: number, total: number) => void;
  /** Clear the line when one was drawn; call before writing anything else to the terminal. */
  end(): void;
}

export interface ProgressOptions {
  write: (s: string) => void;
  enabled: boolean;
  /** Milliseconds before the first line (default 1000): short runs show nothing. */
  delay?: number;
  /** Minimum milliseconds between redraws (default 100). */
  interval?: number;
  now?: () => number;
}

/** A progress line that needs no timer: it is drawn from `update` calls, so it never keeps the process alive. */
export function createProgress(options: ProgressOptions): Progress {
  const now = options.now ?? Date.now;
  const start = now();
  const delay = options.delay ?? 1000;
  const interval = options.interval ?? 100;
  let drawnAt: number | undefined;
  return {
    update(done, total) {
      if (!options.enabled) return;
      const t = now();
      if (t - start < delay) return;
      if (drawnAt !== undefined && t - drawnAt < interval && done < total) return;
      drawnAt = t;
      options.write(`${CLEAR_LINE}${formatProgress(done, total)}`);
    },
    end() {
      if (drawnAt === undefined) return;
      drawnAt = undefined;
      options.write(CLEAR_LINE);
    },
  };
}

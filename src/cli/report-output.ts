/**
 * Where a report goes, piece by piece: standard output, or the `--output-file` through a fresh temporary file renamed
 * over it at the end (src/shared/write-file.ts), so a reader never sees half a report and a run that fails leaves the
 * file as it was. Pieces are gathered into writes of at least WRITE_SIZE characters.
 */
import type { ReportSource } from '../engine/index.js';
import { openFileSafely, type SafeFile, type WriteOptions } from '../shared/write-file.js';

const WRITE_SIZE = 64 * 1024;

export interface ReportOutput {
  /** Text that follows what was written. */
  write(text: string): void;
  /**
   * The report is whole: `head` (known only now) goes before everything written, `end` after it. Standard output gets
   * a last line break when the report lacks one; an empty report writes nothing there (the file is still written).
   */
  finish(end: string, head?: string): void;
  /** The run failed: the output file is left as it was. */
  abort(): void;
  /** Instead of `write` and `finish`: the whole report, as `finish` would have written it (a report --cache kept). */
  replay(report: ReportSource): void;
}

export interface OutputOptions {
  /** The report's head comes at the end (SARIF's rules precede its results): what is written waits until then. */
  hold?: boolean;
}

/** To standard output (`write`), with `beforeWrite` called first (the progress line is cleared). */
export function stdoutOutput(
  write: (s: string) => void,
  options: OutputOptions & { beforeWrite?: () => void; bytes?: (bytes: Uint8Array) => void } = {},
): ReportOutput {
  const out = new Buffered((text) => {
    options.beforeWrite?.();
    write(text);
  }, options);
  return {
    write: (text) => out.write(text),
    // As the whole-report path prints it: a report that does not end a line gets a line break.
    finish: (end, head) => out.finish(end, head, true),
    abort() {},
    replay(report) {
      if (report.length === 0) return;
      options.beforeWrite?.();
      if (options.bytes) {
        // Pieces of their own: a writer whose pipe is full keeps them for later.
        report.pipe(options.bytes, true);
      } else {
        // Decoded whole: a character can straddle two pieces.
        const pieces: Uint8Array[] = [];
        report.pipe((piece) => pieces.push(piece), true);
        write(Buffer.concat(pieces).toString('utf8'));
      }
      if (report.last !== 0x0a) write('\n');
    },
  };
}

/** To a file, through writeFileSafely's temporary file; nothing is created before the first write. */
export function fileOutput(target: string, writeOptions: WriteOptions, options: OutputOptions = {}): ReportOutput {
  let file: SafeFile | undefined;
  const open = () => (file ??= openFileSafely(target, writeOptions));
  const out = new Buffered((text) => open().write(text), options);
  return {
    write: (text) => out.write(text),
    finish(end, head) {
      out.finish(end, head);
      open().commit();
    },
    abort() {
      file?.abort();
    },
    replay(report) {
      const out = open();
      report.pipe((piece) => out.write(piece), false);
      out.commit();
    },
  };
}

/** `output`, and the whole text written to it (head, pieces, end), for `--cache` to keep. */
export function recordingOutput(output: ReportOutput): ReportOutput & { text(): string } {
  const pieces: string[] = [];
  let whole = '';
  return {
    write(text) {
      pieces.push(text);
      output.write(text);
    },
    finish(end, head = '') {
      whole = head + pieces.join('') + end;
      pieces.length = 0;
      output.finish(end, head);
    },
    abort: () => output.abort(),
    replay: (report) => output.replay(report),
    text: () => whole,
  };
}

/** Pieces gathered into writes of WRITE_SIZE characters or more; held until the end with `hold`. */
class Buffered {
  private pending = '';
  private readonly held: string[] = [];
  /** The last text written. */
  last = '';

  constructor(
    private readonly flush: (text: string) => void,
    private readonly options: OutputOptions,
  ) {}

  emit(text: string): void {
    if (!text) return;
    this.last = text;
    this.flush(text);
  }

  write(text: string): void {
    if (!text) return;
    if (this.options.hold) {
      this.held.push(text);
      return;
    }
    this.pending += text;
    if (this.pending.length >= WRITE_SIZE) {
      this.emit(this.pending);
      this.pending = '';
    }
  }

  /** `lineEnd`: a report that does not end with a line break gets one (nothing is added to an empty report). */
  finish(end: string, head = '', lineEnd = false): void {
    this.emit(head);
    for (const text of this.held.splice(0)) {
      this.pending += text;
      if (this.pending.length >= WRITE_SIZE) {
        this.emit(this.pending);
        this.pending = '';
      }
    }
    let last = this.pending + end;
    if (lineEnd && !(last || this.last || '\n').endsWith('\n')) last += '\n';
    this.emit(last);
    this.pending = '';
  }
}

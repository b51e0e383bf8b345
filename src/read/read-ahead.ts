/**
 * A read-ahead thread for a big run: it reads the files the calling thread will ask for next, in the order it will
 * ask, into a ring of shared memory, so the calling thread only decodes bytes. The calling thread stays synchronous and
 * never waits for the thread: it takes a file's bytes from the ring when they are there, else reads the file itself
 * with readBytes (the thread has not got to it, gave it up, failed or never started).
 *
 * The thread hands over only what readBytes would give as bytes for the same file: it opens the file the same way
 * (O_NONBLOCK), takes regular files only, of a size stat says is above 0 and below the run's limit, and reads a few
 * bytes past that size, so a file that grew is noticed. Anything else (a FIFO, a device, a folder, an unreadable
 * file, a dangling link, a file at or over the limit, an empty one, one bigger than RECORD_MAX, one that changed size
 * while read) is left to the calling thread, whose readBytes gives its outcome as without the thread. What may be read
 * is decided before, where it always was (the walk's tree check): the thread reads only paths it is given.
 *
 * Jobs are numbered in the order the calling thread asks for them; both threads claim the next one with a
 * compare-and-swap on one counter, so each file is read by exactly one of them, and the thread's records come in job
 * order. The ring holds at most RECORDS records and DATA_BYTES bytes; the thread waits while it is full.
 */
import type { Worker } from 'node:worker_threads';

/** Records (files read ahead) the ring holds at most. */
const RECORDS = 256;
/** Bytes of file contents the ring holds at most. */
const DATA_BYTES = 1024 * 1024;
/** The largest record (a file of up to about this many bytes): bigger files are read by the calling thread. */
const RECORD_MAX = 256 * 1024;

// Int32 slots of the control block.
const NEXT = 0; // the next job nobody has claimed
const HEAD = 1; // records the thread has published
const TAIL = 2; // records the calling thread has let go
const STOP = 3; // 1: the thread stops
const WANT = 4; // the TAIL the thread waits for (0: it does not wait), so the calling thread wakes it only then
const CONTROL = 8;
// A record: job, status (1 bytes, 0 left to the calling thread), offset in the data, length.
const FIELDS = 4;

/** Records the calling thread lets go between two wake-ups of a thread waiting for room. */
const WAKE_EVERY = 128;

/**
 * The thread's code, run with `eval` (so no module file has to be found beside a bundle), as plain JavaScript text: a
 * bundler that keeps function names (the Action's bundle) inserts calls of its own helpers into a function's text.
 * Its globals: `ctrl`, `meta`, `data` (the ring), RECORDS, DATA_BYTES, RECORD_MAX, FAIL_AT (tests: the job at which
 * it throws; -2 at its start). It runs the lists the calling thread posts, one after another; within one, for each
 * job nobody has claimed, it waits for a free record, claims the job, reads the file if it is one it may hand over
 * (the module's comment says which) into free bytes of the ring (waiting for room), and publishes the record.
 */
const THREAD_CODE = `
const { workerData, parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const { sab, RECORDS, DATA_BYTES, RECORD_MAX, FAIL_AT } = workerData;
const ctrl = new Int32Array(sab, 0, ${CONTROL});
const meta = new Int32Array(sab, ${CONTROL * 4}, RECORDS * ${FIELDS});
const data = new Uint8Array(sab, ${CONTROL * 4} + RECORDS * ${FIELDS * 4}, DATA_BYTES);
if (FAIL_AT === -2) throw new Error('read-ahead thread: failing at its start, as the test asked');
const NONBLOCKING = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);
let write = 0;
// Where need bytes fit (records occupy [oldest record's offset, write) around the ring), or -1 while it is full.
function roomFor(need, head) {
  const tail = Atomics.load(ctrl, ${TAIL});
  if (tail === head) return (write = 0);
  const oldest = meta[(tail % RECORDS) * ${FIELDS} + 2];
  if (write >= oldest) return DATA_BYTES - write >= need ? write : need < oldest ? 0 : -1;
  return oldest - write > need ? write : -1;
}
// Wait for the calling thread to let a batch of records go (or all there are), at most 50 ms; false once told to stop.
function waitForTail(head) {
  if (Atomics.load(ctrl, ${STOP})) return false;
  const tail = Atomics.load(ctrl, ${TAIL});
  Atomics.store(ctrl, ${WANT}, Math.min(head, tail + ${WAKE_EVERY}));
  Atomics.wait(ctrl, ${TAIL}, tail, 50);
  Atomics.store(ctrl, ${WANT}, 0);
  return !Atomics.load(ctrl, ${STOP});
}
function readList(first, paths, maxFileSize) {
  for (;;) {
    if (Atomics.load(ctrl, ${STOP})) return;
    const job = Atomics.load(ctrl, ${NEXT});
    if (job < first || job >= first + paths.length) return;
    const head = Atomics.load(ctrl, ${HEAD});
    if (head - Atomics.load(ctrl, ${TAIL}) >= RECORDS) {
      if (!waitForTail(head)) return;
      continue;
    }
    if (Atomics.compareExchange(ctrl, ${NEXT}, job, job + 1) !== job) continue;
    if (job === FAIL_AT) throw new Error('read-ahead thread: failing at job ' + job + ', as the test asked');
    let fd;
    let status = 0;
    let offset = write;
    let length = 0;
    try {
      fd = fs.openSync(paths[job - first], NONBLOCKING);
      const stat = fs.fstatSync(fd);
      // Room to read past the size stat gives (in multiples of 8 bytes, as readBytes reads): a file that grew is seen.
      const need = Math.ceil((stat.size + 1) / 8) * 8;
      if (stat.isFile() && stat.size > 0 && stat.size < maxFileSize && need <= RECORD_MAX) {
        let at = roomFor(need, head);
        while (at < 0 && waitForTail(head)) at = roomFor(need, head);
        if (at < 0) return;
        for (;;) {
          const n = fs.readSync(fd, data, at + length, need - length, null);
          if (n === 0) break;
          length += n;
          if (length === stat.size) break;
        }
        if (length === stat.size) {
          status = 1;
          offset = at;
          write = at + length;
        } else length = 0;
      }
    } catch {
      length = 0;
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
    const at = (head % RECORDS) * ${FIELDS};
    meta[at] = job;
    meta[at + 1] = status;
    meta[at + 2] = offset;
    meta[at + 3] = length;
    Atomics.store(ctrl, ${HEAD}, head + 1);
  }
}
parentPort.on('message', ({ first, paths, maxFileSize }) => readList(first, paths, maxFileSize));
`;

/**
 * For tests: `off` starts no thread; `failAt` makes the thread fail when it claims that job; `started` counts the
 * threads started, `fromThread` the files the last one closed had read.
 */
export const readAheadTesting = { off: false, failAt: -1, started: 0, fromThread: 0 };

/**
 * The calling thread's side of the read-ahead thread. `begin(paths)` gives the next files it will ask for, in order;
 * `take(path)` gives a file's bytes (valid until the next `take` or `release`), or undefined: read it yourself.
 */
export class ReadAhead {
  private readonly ctrl: Int32Array;
  private readonly meta: Int32Array;
  private readonly data: Uint8Array;
  private readonly worker: Worker | undefined;
  private failed = false;
  /** The jobs of the current list: [first, end), `cursor` the next one the calling thread asks for. */
  private paths: readonly string[] = [];
  private first = 0;
  private end = 0;
  private cursor = 0;
  /** Records taken from the ring, and whether the last one is still held (its bytes in use). */
  private taken = 0;
  private holding = false;
  /** The records let go (TAIL). */
  private tail = 0;
  /** Files the thread read (for the tests and measurements). */
  fromThread = 0;

  /** A read-ahead thread, or undefined when tests turned it off or its shared memory cannot be had (the run reads alone). */
  static start(): ReadAhead | undefined {
    if (readAheadTesting.off) return undefined;
    readAheadTesting.started++;
    try {
      return new ReadAhead();
    } catch {
      return undefined;
    }
  }

  private constructor(maxOldGenerationSizeMb = 16) {
    const sab = new SharedArrayBuffer(CONTROL * 4 + RECORDS * FIELDS * 4 + DATA_BYTES);
    this.ctrl = new Int32Array(sab, 0, CONTROL);
    this.meta = new Int32Array(sab, CONTROL * 4, RECORDS * FIELDS);
    this.data = new Uint8Array(sab, CONTROL * 4 + RECORDS * FIELDS * 4, DATA_BYTES);
    try {
      // Loaded here: a run that starts no thread does not load node:worker_threads.
      const { Worker } = process.getBuiltinModule('node:worker_threads');
      this.worker = new Worker(THREAD_CODE, {
        eval: true,
        workerData: { sab, RECORDS, DATA_BYTES, RECORD_MAX, FAIL_AT: readAheadTesting.failAt },
        resourceLimits: { maxOldGenerationSizeMb, maxYoungGenerationSizeMb: 2 },
      });
      this.worker.on('error', () => this.fail());
      this.worker.on('exit', () => this.fail());
      this.worker.unref();
    } catch {
      this.failed = true;
    }
  }

  /** Records the thread has published (for the tests). */
  get published(): number {
    return Atomics.load(this.ctrl, HEAD);
  }

  /** Whether the thread is (still) in use. */
  get running(): boolean {
    return !this.failed;
  }

  /** The files the calling thread asks for next, in order (the previous list must be done, else the thread is let go). */
  begin(paths: readonly string[], maxFileSize: number): void {
    this.release();
    if (this.failed) return;
    if (this.cursor !== this.end || Atomics.load(this.ctrl, NEXT) !== this.end) return this.fail();
    this.paths = paths;
    this.first = this.end;
    this.end += paths.length;
    this.worker!.postMessage({ first: this.first, paths, maxFileSize });
  }

  /**
   * The bytes of `filePath` if the thread has read them (valid until the next take or release), else undefined: read
   * the file here. This thread never waits for the other: a file it claimed and has not published yet is read here
   * too (its record, when it comes, is let go unread), so a thread that gets little CPU on a busy machine or has
   * stopped costs a few reads twice, never a wait. Only bytes under `maxFileSize` are given (the thread reads under
   * the limit of its list, which is the same: the engine asks with the run's limit).
   */
  take(filePath: string, maxFileSize: number): Uint8Array | undefined {
    this.release();
    const job = this.cursor;
    if (this.failed || job >= this.end || this.paths[job - this.first] !== filePath) return undefined;
    this.cursor++;
    // Not claimed by the thread yet: this thread reads it (and the thread goes on after it).
    if (Atomics.compareExchange(this.ctrl, NEXT, job, job + 1) === job) return undefined;
    const head = Atomics.load(this.ctrl, HEAD);
    let bytes: Uint8Array | undefined;
    // Records come in job order: those before this job are of files read here meanwhile.
    while (this.taken < head) {
      const at = (this.taken % RECORDS) * FIELDS;
      const recorded = this.meta[at];
      if (recorded > job) break;
      this.taken++;
      if (recorded < job) continue;
      if (this.meta[at + 1] === 1 && this.meta[at + 3] < maxFileSize) {
        this.holding = true;
        this.fromThread++;
        bytes = this.data.subarray(this.meta[at + 2], this.meta[at + 2] + this.meta[at + 3]);
      }
      break;
    }
    this.letGo();
    return bytes;
  }

  /** Let go of the bytes last taken. */
  release(): void {
    if (!this.holding) return;
    this.holding = false;
    this.letGo();
  }

  /** Tell the thread which records are free: those taken, but the one held. */
  private letGo(): void {
    const tail = this.taken - (this.holding ? 1 : 0);
    if (tail === this.tail) return;
    this.tail = tail;
    Atomics.store(this.ctrl, TAIL, tail);
    // A thread waiting for room is woken once a batch of records is free, not for each (a wake-up is a system call on
    // both sides, and on a busy machine it can cost this thread its core).
    const want = Atomics.load(this.ctrl, WANT);
    if (want !== 0 && tail >= want) Atomics.notify(this.ctrl, TAIL);
  }

  /** Stop the thread. */
  close(): void {
    readAheadTesting.fromThread = this.fromThread;
    this.fail();
    void this.worker?.terminate();
  }

  private fail(): void {
    this.failed = true;
    Atomics.store(this.ctrl, STOP, 1);
    Atomics.notify(this.ctrl, TAIL);
  }
}

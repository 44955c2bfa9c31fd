// Batched archive writes. Archiving one message per storage transaction made the transaction
// the server's main cost, so the archiver queues messages here (their stanza-ids are already
// chosen and stamped) and this writer hands everything queued during one event-loop turn (or
// `maxBatch` messages, or what `delayMs` collects) to `appendMany`: one transaction per batch.
// Batches are written one after another, in queue order, so archive order stays arrival order;
// while one is being written the next one collects everything queued meanwhile (group commit).
// Readers call `flush()` first, so a query sees every message archived before it.
//
// Backpressure: when storage falls behind, the messages queued or being written grow; above
// `maxBacklog` the archiver waits for `room()` before it lets a message go on, so a sender's
// stream (handled one stanza at a time) slows down to what storage can write instead of the
// queue growing without bound (memory, and what a crash would lose).
import type { ArchivedMessage, ArchiveStore } from "@parley/storage";

export interface ArchiveEntry {
  owner: string;
  message: ArchivedMessage;
}

export interface ArchiveWriterOptions {
  /** Write as soon as this many messages are queued. */
  maxBatch: number;
  /** How long a batch collects messages: 0 = until the end of the current event-loop turn. */
  delayMs: number;
  /** Messages queued or being written above which `room()` makes callers wait (default: no limit). */
  maxBacklog?: number;
  /** Where lost messages and failed batches are reported (the module's logger). */
  log: {
    warn(msg: string, fields?: Record<string, unknown>): void;
    error(msg: string, fields?: Record<string, unknown>): void;
  };
  /** Counts lost messages (a metric); optional. */
  lost?(count: number): void;
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

export class ArchiveWriter {
  #pending: ArchiveEntry[] = [];
  #cancelTimer: (() => void) | undefined;
  #closed = false;
  /** Messages ever queued, and how many of them are written or reported lost. */
  #queued = 0;
  #done = 0;
  /** Messages in the batch being written. */
  #writing = 0;
  #running = false;
  /** flush() callers, each waiting until `#done` reaches what was queued when it was called. */
  #flushed: { upTo: number; resolve(): void }[] = [];
  /** Callers of room() waiting for the backlog to fall. */
  #waiting: (() => void)[] = [];

  constructor(
    private readonly store: ArchiveStore,
    private readonly options: ArchiveWriterOptions,
  ) {}

  /** Messages queued and not yet handed to the store. */
  get pending(): number {
    return this.#pending.length;
  }

  /** Messages queued or being written. */
  get backlog(): number {
    return this.#pending.length + this.#writing;
  }

  /**
   * Undefined while the backlog is within `maxBacklog`; otherwise a promise that settles (never
   * rejects) once it has fallen to half of it.
   */
  room(): Promise<void> | undefined {
    const max = this.options.maxBacklog;
    if (max === undefined || this.backlog <= max) return undefined;
    void this.flush(); // do not wait for a batch timer
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  /** Queues a message; it is written with the batch it joins. After close(), at once. */
  append(owner: string, message: ArchivedMessage): void {
    this.#pending.push({ owner, message });
    this.#queued++;
    if (this.#closed || this.#pending.length >= this.options.maxBatch) void this.flush();
    else if (!this.#running) this.#cancelTimer ??= this.#schedule();
  }

  /** Writes everything queued so far; resolves (never rejects) when all of it is stored or reported lost. */
  flush(): Promise<void> {
    this.#cancelTimer?.();
    this.#cancelTimer = undefined;
    const upTo = this.#queued;
    if (this.#done >= upTo) return Promise.resolve();
    const flushed = new Promise<void>((resolve) => this.#flushed.push({ upTo, resolve }));
    if (!this.#running) {
      this.#running = true;
      void this.#writeAll();
    }
    return flushed;
  }

  /** Flushes; messages queued later are written one call at a time, without waiting for a batch. */
  close(): Promise<void> {
    this.#closed = true;
    return this.flush();
  }

  /**
   * Group commit: one batch at a time, and the next batch is everything queued meanwhile (up to
   * `maxBatch`), so batches grow when storage is slow and each transaction carries more rows.
   * Never rejects (#write reports failures).
   */
  async #writeAll(): Promise<void> {
    while (this.#pending.length > 0) {
      const batch = this.#pending.splice(0, this.options.maxBatch);
      this.#writing = batch.length;
      await this.#write(batch);
      this.#writing = 0;
      this.#done += batch.length;
      const done = this.#done;
      this.#flushed = this.#flushed.filter((f) => (f.upTo <= done ? void f.resolve() : true));
      this.#wake();
    }
    this.#running = false;
  }

  #wake(): void {
    const max = this.options.maxBacklog;
    if (this.#waiting.length === 0 || (max !== undefined && this.backlog > max / 2)) return;
    for (const resolve of this.#waiting.splice(0)) resolve();
  }

  #schedule(): () => void {
    const flush = () => {
      this.#cancelTimer = undefined;
      void this.flush();
    };
    if (this.options.delayMs > 0) {
      const timer = setTimeout(flush, this.options.delayMs);
      return () => clearTimeout(timer);
    }
    // setImmediate runs after the I/O callbacks of this turn: every stanza read from every socket
    // in this turn joins the batch.
    const immediate = setImmediate(flush);
    return () => clearImmediate(immediate);
  }

  /**
   * One transaction for the batch. Should it fail (all or nothing), each message is retried once
   * on its own so that one bad message cannot take the others with it; a message that fails
   * again is logged as lost, with its owner and id.
   */
  async #write(batch: ArchiveEntry[]): Promise<void> {
    try {
      await this.store.appendMany(batch);
      return;
    } catch (error) {
      this.options.log.warn("archive batch write failed; retrying its messages one by one", {
        messages: batch.length,
        error: describe(error),
      });
    }
    let lost = 0;
    for (const { owner, message } of batch) {
      try {
        await this.store.append(owner, message);
      } catch (error) {
        lost++;
        this.options.log.error("archive write failed: message not archived", {
          owner,
          id: message.id,
          error: describe(error),
        });
      }
    }
    if (lost > 0) this.options.lost?.(lost);
  }
}

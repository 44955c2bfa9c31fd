// Batched archive writes. Archiving one message per storage transaction made the transaction
// the server's main cost, so the archiver queues messages here (their stanza-ids are already
// chosen and stamped) and this writer hands everything queued during one event-loop turn (or
// `maxBatch` messages, or what `delayMs` collects) to `appendMany`: one transaction per batch.
// Batches are written one after another, in queue order, so archive order stays arrival order.
// Readers call `flush()` first, so a query sees every message archived before it.
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
  /** Settles when every batch taken so far has been written (or reported lost); never rejects. */
  #tail: Promise<void> = Promise.resolve();
  #cancelTimer: (() => void) | undefined;
  #closed = false;

  constructor(
    private readonly store: ArchiveStore,
    private readonly options: ArchiveWriterOptions,
  ) {}

  /** Messages queued and not yet handed to the store. */
  get pending(): number {
    return this.#pending.length;
  }

  /** Queues a message; it is written with the batch it joins. After close(), at once. */
  append(owner: string, message: ArchivedMessage): void {
    this.#pending.push({ owner, message });
    if (this.#closed || this.#pending.length >= this.options.maxBatch) void this.flush();
    else this.#cancelTimer ??= this.#schedule();
  }

  /** Writes everything queued so far; resolves when it (and every earlier batch) is stored or reported lost. */
  flush(): Promise<void> {
    this.#cancelTimer?.();
    this.#cancelTimer = undefined;
    if (this.#pending.length > 0) {
      const batch = this.#pending;
      this.#pending = [];
      this.#tail = this.#tail.then(() => this.#write(batch));
    }
    return this.#tail;
  }

  /** Flushes; messages queued later are written one call at a time, without waiting for a batch. */
  close(): Promise<void> {
    this.#closed = true;
    return this.flush();
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

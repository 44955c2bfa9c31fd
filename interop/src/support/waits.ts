// Bounded waits: every wait in these tests ends, and a timeout says what was awaited and what
// arrived instead. The bounds only turn a hang into a readable failure; nothing measures speed.

/** Default bound of a single wait (peers start Python interpreters, TLS handshakes, PBKDF2). */
export const WAIT_MS = 15_000;

/** Resolves like `promise`, or rejects with `what` after `ms`. */
export async function within<T>(promise: Promise<T>, what: string, ms = WAIT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

interface Waiter<T> {
  what: string;
  predicate: (item: T) => boolean;
  resolve(item: T): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * Things that arrive (stanzas, events) and tests that wait for them: take() claims the first
 * queued or future item matching, so order between unrelated items does not matter.
 */
export class Inbox<T> {
  /** Everything ever pushed, in order (for failure messages). */
  readonly seen: T[] = [];
  private readonly queue: T[] = [];
  private readonly waiters = new Set<Waiter<T>>();
  private closedWith: Error | undefined;

  constructor(private readonly show: (item: T) => string) {}

  push(item: T): void {
    this.seen.push(item);
    for (const w of this.waiters) {
      if (w.predicate(item)) {
        this.waiters.delete(w);
        clearTimeout(w.timer);
        w.resolve(item);
        return;
      }
    }
    this.queue.push(item);
  }

  /** No more items will come: pending and future take() calls fail with `error`. */
  close(error: Error): void {
    this.closedWith ??= error;
    for (const w of [...this.waiters]) {
      this.waiters.delete(w);
      clearTimeout(w.timer);
      w.reject(this.failure(`${error.message}; was waiting for ${w.what}`));
    }
  }

  take(predicate: (item: T) => boolean, what: string, ms = WAIT_MS): Promise<T> {
    const i = this.queue.findIndex(predicate);
    if (i !== -1) return Promise.resolve(this.queue.splice(i, 1)[0]!);
    if (this.closedWith) {
      return Promise.reject(this.failure(`${this.closedWith.message}; no ${what}`));
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter<T> = {
        what,
        predicate,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          reject(this.failure(`nothing arrived within ${ms} ms: ${what}`));
        }, ms),
      };
      this.waiters.add(waiter);
    });
  }

  /** Items not claimed by take(). */
  get unclaimed(): readonly T[] {
    return this.queue;
  }

  failure(message: string): Error {
    const last = this.seen.slice(-12).map((item) => `  ${this.show(item)}`);
    return new Error(`${message}\nlast received:\n${last.join("\n") || "  (nothing)"}`);
  }
}

// The bound on output waiting for one peer (DESIGN "Security stance": every per-connection
// buffer is bounded). A peer that stops reading while others send to it would otherwise grow the
// server's memory without limit: its socket's buffer takes everything written to it.

/** Calls its listener once when a connection's queued output passes the limit. */
export class SendBound {
  private max = Number.POSITIVE_INFINITY;
  private listener: (() => void) | undefined;

  /** `maxBytes` 0 = no bound. */
  set(maxBytes: number, overflow: () => void): void {
    this.max = maxBytes > 0 ? maxBytes : Number.POSITIVE_INFINITY;
    this.listener = overflow;
  }

  /** After each send, with what waits to be written; one comparison on the hot path. */
  check(queued: number): void {
    if (queued > this.max) this.overflow();
  }

  private overflow(): void {
    const listener = this.listener;
    this.max = Number.POSITIVE_INFINITY;
    this.listener = undefined;
    listener?.();
  }
}

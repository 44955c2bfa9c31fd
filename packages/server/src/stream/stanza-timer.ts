// A top-level element that stays incomplete is a stalled (or slowloris) sender: its bytes are
// held while nothing else from that connection can be handled. RFC 6120 §4.9.3.4
// <connection-timeout/> ends such a stream. One timer per stream at most, armed only while a
// partial element is held, so a stream that sends whole stanzas never sets one.

/** What the timer watches: the stream's parser and its count of completed units. */
export interface UnitProgress {
  /** Units (header or top-level element) parsed so far. */
  readonly unitsParsed: number;
  /** Bytes held of the unit being received (0 between units). */
  readonly pendingBytes: number;
}

export class StanzaTimer {
  private timer: NodeJS.Timeout | undefined;
  private armedAt = 0;

  constructor(
    private readonly timeoutMs: number,
    private readonly progress: UnitProgress,
    private readonly expired: () => void,
  ) {}

  /** After each chunk of input: arms the timer when a unit is left incomplete. */
  check(): void {
    if (this.timer !== undefined || this.timeoutMs <= 0) return;
    if (this.progress.pendingBytes > 0) this.arm();
  }

  stop(): void {
    if (this.timer === undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(): void {
    this.armedAt = this.progress.unitsParsed;
    this.timer = setTimeout(() => this.fire(), this.timeoutMs);
  }

  private fire(): void {
    this.timer = undefined;
    if (this.progress.pendingBytes === 0) return; // complete now; the next partial one re-arms
    // The unit held now began after the one the timer was armed for: it gets its own time.
    if (this.progress.unitsParsed !== this.armedAt) this.arm();
    else this.expired();
  }
}

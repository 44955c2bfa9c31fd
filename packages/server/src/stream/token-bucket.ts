// Per-connection byte rate limit: a token bucket refilled at `rate` bytes per second holding at
// most one second's worth. take() says how long to stop reading to pay back a deficit.
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly rate: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = rate;
    this.last = now();
  }

  /** Spends `bytes`; returns the milliseconds to pause reading (0 = keep going). */
  take(bytes: number): number {
    const t = this.now();
    this.tokens = Math.min(this.rate, this.tokens + ((t - this.last) * this.rate) / 1000);
    this.last = t;
    this.tokens -= bytes;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens * 1000) / this.rate);
  }
}

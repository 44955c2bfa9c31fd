// Automatic reconnection delays: exponential backoff with "equal jitter" (half fixed, half random),
// so that many clients dropped by one server restart do not all come back at the same moment.

export interface BackoffOptions {
  /** Delay before the first attempt (before jitter). Default 1000 ms. */
  initialDelayMs: number;
  /** Largest delay (before jitter). Default 60 000 ms. */
  maxDelayMs: number;
  /** Give up after this many failed attempts in a row (default: never). */
  maxAttempts?: number;
}

export const defaultBackoff: Readonly<BackoffOptions> = Object.freeze({
  initialDelayMs: 1000,
  maxDelayMs: 60_000,
});

/** Delay before attempt `attempt` (1-based): in [cap/2, cap] with cap = initial·2^(attempt-1). */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  const cap = Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** exponent);
  return Math.round(cap / 2 + (random() * cap) / 2);
}

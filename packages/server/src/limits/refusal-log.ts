// Counting and logging of refusals and listener errors: every event is counted in the metrics;
// the log gets at most one line per kind per interval, carrying how many were left out, so a
// flood of refused connections cannot flood the log.
import type { Metrics } from "../core/metrics";
import type { Logger } from "../module-api";

export const REFUSAL_LOG_INTERVAL_MS = 10_000;

interface Pending {
  lastLogged: number;
  suppressed: number;
}

export class RefusalLog {
  private readonly byKind = new Map<string, Pending>();

  constructor(
    private readonly metrics: Metrics,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
    private readonly intervalMs = REFUSAL_LOG_INTERVAL_MS,
  ) {}

  /** Counts `metric` and logs `message` with `fields`, unless this kind was logged just now. */
  record(
    metric: string,
    message: string,
    fields: Record<string, unknown> = {},
    level: "info" | "warn" | "error" = "warn",
  ): void {
    this.metrics.count(metric);
    const now = this.now();
    const pending = this.byKind.get(metric);
    if (pending && now - pending.lastLogged < this.intervalMs) {
      pending.suppressed += 1;
      return;
    }
    const suppressed = pending?.suppressed ?? 0;
    this.byKind.set(metric, { lastLogged: now, suppressed: 0 });
    this.log[level](message, suppressed > 0 ? { ...fields, suppressed } : fields);
  }
}

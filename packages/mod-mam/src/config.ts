// The module's section of the server config:
// `modules: { mam: { defaultPolicy, defaultPageSize, maxPageSize, batchSize, batchDelayMs,
// maxBacklog } }`.
import { MamConfigError } from "./errors";

export type ArchivePolicy = "always" | "never" | "roster";

export interface MamConfig {
  /** Archiving default for users who set no preferences (XEP-0441 §2.1.1). Default "always". */
  defaultPolicy: ArchivePolicy;
  /** Page size when a query has no RSM <max/> (default 50). */
  defaultPageSize: number;
  /** Largest page sent for one query; a larger <max/> is clamped (XEP-0313 §4.3.1). Default 250. */
  maxPageSize: number;
  /**
   * Archive writes: at most this many messages per storage transaction (default 5000; batches
   * are what one event-loop turn queued, or what was queued while the previous one was written).
   */
  batchSize: number;
  /**
   * How long a batch of archive writes collects messages, in ms (default 0: until the end of
   * the current event-loop turn). Queries and server stop write what is pending first.
   */
  batchDelayMs: number;
  /**
   * Archive writes: messages queued or being written above which the senders of further archived
   * messages wait until storage has caught up to half of it (default 10,000).
   */
  maxBacklog: number;
}

const POLICIES: readonly string[] = ["always", "never", "roster"];

function integer(
  config: Readonly<Record<string, unknown>>,
  key: string,
  fallback: number,
  [min, max]: readonly [number, number],
): number {
  const value = config[key];
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`;
    throw new MamConfigError(
      `modules.mam.${key} must be an integer ${range}, got ${String(value)}`,
    );
  }
  return value;
}

const size = (config: Readonly<Record<string, unknown>>, key: string, fallback: number) =>
  integer(config, key, fallback, [1, Number.MAX_SAFE_INTEGER]);

/** A longer delay only adds risk (more messages in memory on a crash) for no fewer transactions. */
const MAX_BATCH_DELAY_MS = 1000;

export function readMamConfig(config: Readonly<Record<string, unknown>>): MamConfig {
  const policy = config.defaultPolicy ?? "always";
  if (typeof policy !== "string" || !POLICIES.includes(policy)) {
    throw new MamConfigError(
      `modules.mam.defaultPolicy must be one of ${POLICIES.join(", ")}, got ${String(policy)}`,
    );
  }
  const maxPageSize = size(config, "maxPageSize", 250);
  const defaultPageSize = size(config, "defaultPageSize", Math.min(50, maxPageSize));
  if (defaultPageSize > maxPageSize) {
    throw new MamConfigError("modules.mam.defaultPageSize must not exceed maxPageSize");
  }
  return {
    defaultPolicy: policy as ArchivePolicy,
    defaultPageSize,
    maxPageSize,
    batchSize: integer(config, "batchSize", 5000, [1, 100_000]),
    batchDelayMs: integer(config, "batchDelayMs", 0, [0, MAX_BATCH_DELAY_MS]),
    maxBacklog: integer(config, "maxBacklog", 10_000, [1, 10_000_000]),
  };
}

// The module's section of the server config: `modules: { ping: { idleMs, timeoutMs } }`.
import { PingConfigError } from "./errors";

export interface PingConfig {
  /** Ping a client that has sent nothing for this long; 0 (default) = never. */
  idleMs: number;
  /** Close the stream when the ping is not answered within this time (default 30 s). */
  timeoutMs: number;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

function read(config: Readonly<Record<string, unknown>>, key: string, fallback: number): number {
  const value = config[key];
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new PingConfigError(`modules.ping.${key} must be a number >= 0, got ${String(value)}`);
  }
  return value;
}

export function readPingConfig(config: Readonly<Record<string, unknown>>): PingConfig {
  const timeoutMs = read(config, "timeoutMs", DEFAULT_TIMEOUT_MS);
  if (timeoutMs === 0) throw new PingConfigError("modules.ping.timeoutMs must be above 0");
  return { idleMs: read(config, "idleMs", 0), timeoutMs };
}

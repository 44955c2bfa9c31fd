// The module's section of the server config: `modules: { smacks: { … } }`.
import { SmacksConfigError } from "./errors";

export interface SmacksConfig {
  /** How long a dropped session waits for a resumption (XEP-0198 §5 'max'); default 300 s. */
  resumeTimeoutMs: number;
  /** Unacknowledged stanzas kept per session; beyond that the session ends. Default 1000. */
  maxUnacked: number;
  /**
   * The server asks for an ack (`<r/>`) this long after sending a stanza; stanzas sent meanwhile
   * share the request, and one request is outstanding at a time. Default 0: at the end of the
   * event-loop turn (as Prosody's mod_smacks).
   */
  ackRequestDelayMs: number;
  /** With no `<a/>` this long after the server's `<r/>` the connection counts as dead; 0 = never. Default 60 s. */
  ackTimeoutMs: number;
}

export const DEFAULT_SMACKS_CONFIG: Readonly<SmacksConfig> = Object.freeze({
  resumeTimeoutMs: 300_000,
  maxUnacked: 1000,
  ackRequestDelayMs: 0,
  ackTimeoutMs: 60_000,
});

function read(
  config: Readonly<Record<string, unknown>>,
  key: keyof SmacksConfig,
  min: number,
): number {
  const value = config[key];
  if (value === undefined) return DEFAULT_SMACKS_CONFIG[key];
  if (typeof value !== "number" || !Number.isFinite(value) || value < min) {
    throw new SmacksConfigError(
      `modules.smacks.${key} must be a number >= ${min}, got ${String(value)}`,
    );
  }
  return value;
}

export function readSmacksConfig(config: Readonly<Record<string, unknown>>): SmacksConfig {
  return {
    resumeTimeoutMs: read(config, "resumeTimeoutMs", 1),
    maxUnacked: read(config, "maxUnacked", 1),
    ackRequestDelayMs: read(config, "ackRequestDelayMs", 0),
    ackTimeoutMs: read(config, "ackTimeoutMs", 0),
  };
}

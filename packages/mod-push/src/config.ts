// The module's section of the server config: `modules: { push: { … } }` (durations in seconds).
import { PushConfigError } from "./errors";

export interface PushConfig {
  /** Put the message text into notifications (XEP-0357 §9: off by default, it leaves the server). */
  includeBody: boolean;
  /** Put the sender's JID into notifications (`last-message-sender`). */
  includeSender: boolean;
  /** At most one notification per registration in this time; the rest are merged into the next. */
  minIntervalMs: number;
  /** How long to wait for the app server's answer before counting it as a transient failure. */
  timeoutMs: number;
  /** Registrations kept per account. */
  maxRegistrations: number;
}

export const PUSH_DEFAULTS = {
  includeBody: false,
  includeSender: true,
  minInterval: 2,
  timeout: 30,
  maxRegistrations: 20,
} as const;

type Raw = Readonly<Record<string, unknown>>;

function bool(raw: Raw, key: string, fallback: boolean): boolean {
  const v = raw[key];
  if (v === undefined) return fallback;
  if (typeof v !== "boolean")
    throw new PushConfigError(`modules.push.${key} must be true or false`);
  return v;
}

function num(raw: Raw, key: string, fallback: number, min: number): number {
  const v = raw[key];
  if (v === undefined) return fallback;
  if (typeof v !== "number" || !Number.isFinite(v) || v < min) {
    throw new PushConfigError(`modules.push.${key} must be a number >= ${min}, got ${String(v)}`);
  }
  return v;
}

export function readPushConfig(raw: Raw): PushConfig {
  const timeout = num(raw, "timeout", PUSH_DEFAULTS.timeout, 0);
  if (timeout === 0) throw new PushConfigError("modules.push.timeout must be > 0");
  return {
    includeBody: bool(raw, "include_body", PUSH_DEFAULTS.includeBody),
    includeSender: bool(raw, "include_sender", PUSH_DEFAULTS.includeSender),
    minIntervalMs: num(raw, "min_interval", PUSH_DEFAULTS.minInterval, 0) * 1000,
    timeoutMs: timeout * 1000,
    maxRegistrations: Math.floor(num(raw, "max_registrations", PUSH_DEFAULTS.maxRegistrations, 1)),
  };
}

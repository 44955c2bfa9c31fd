// Every key of the config file, with its check and its default (see parley.example.toml).
import { JidError, prepareDomainpart } from "@parley/jid";
import { DEFAULT_ITERATIONS, MIN_ITERATIONS } from "@parley/sasl";
import { ConfigError } from "../errors";
import { type Check, bool, integer, list, modules, oneOf, path, port, text } from "./checks";

export const MECHANISMS = [
  "SCRAM-SHA-512-PLUS",
  "SCRAM-SHA-256-PLUS",
  "SCRAM-SHA-1-PLUS",
  "SCRAM-SHA-512",
  "SCRAM-SHA-256",
  "SCRAM-SHA-1",
  "PLAIN",
] as const;

/** Hashes whose SCRAM keys are stored per account (each costs one PBKDF2 run per account). */
export const SCRAM_HASHES = ["SHA-1", "SHA-256", "SHA-512"] as const;

export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;

const domain: Check<string> = (value, origin) => {
  const raw = text(value, origin);
  try {
    return prepareDomainpart(raw);
  } catch (error) {
    if (error instanceof JidError)
      throw new ConfigError(origin.label, `${JSON.stringify(raw)}: ${error.message}`);
    throw error;
  }
};

/** A leaf: its check and default (undefined = derived from other keys, or absent). */
export interface Key<T = unknown> {
  check: Check<T>;
  default?: T;
}

export type Section = Record<string, Key>;

/** Top-level keys, then one table per section. */
export const topKeys: Section = {
  domains: { check: list(domain, { nonEmpty: true }), default: ["localhost"] },
  data_dir: { check: path, default: undefined },
  require_encryption: { check: bool, default: true },
  allow_plain_without_tls: { check: bool, default: false },
  registration: { check: bool, default: false },
  mechanisms: { check: list(oneOf(MECHANISMS), { nonEmpty: true }), default: [...MECHANISMS] },
  scram_iterations: { check: integer(MIN_ITERATIONS, 10_000_000), default: DEFAULT_ITERATIONS },
  scram_hashes: {
    check: list(oneOf(SCRAM_HASHES), { nonEmpty: true }),
    default: ["SHA-1", "SHA-256"],
  },
  modules: { check: modules, default: {} },
};

export const sections: Record<string, Section> = {
  listen: {
    bind: { check: text, default: "127.0.0.1" },
    c2s_port: { check: port, default: 5222 },
    tls_port: { check: port, default: 5223 },
    http_port: { check: port, default: 5280 },
  },
  tls: {
    cert: { check: path },
    key: { check: path },
  },
  storage: {
    type: { check: oneOf(["sqlite"] as const), default: "sqlite" },
    path: { check: path },
    cache_kb: { check: integer(64), default: 2048 },
  },
  limits: {
    max_stanza_bytes: { check: integer(1024), default: 262_144 },
    pre_auth_timeout_ms: { check: integer(1000), default: 60_000 },
    bytes_per_second: { check: integer(0), default: 65_536 },
    failed_auth_attempts: { check: integer(1, 100), default: 3 },
    failed_auth_delay_ms: { check: integer(0, 60_000), default: 1000 },
    offline_limit: { check: integer(0), default: 500 },
    directed_presence_targets: { check: integer(0), default: 1000 },
    max_send_buffer_bytes: { check: integer(0), default: 1_048_576 },
    stanza_timeout_ms: { check: integer(0), default: 30_000 },
    // Connection limits and login throttling (README "Security limits"); 0 turns a count off.
    connections_per_ip: { check: integer(0), default: 100 },
    pre_auth_connections: { check: integer(0), default: 1000 },
    resources_per_account: { check: integer(0), default: 10 },
    auth_failures_per_ip: { check: integer(0), default: 20 },
    auth_failure_window_ms: { check: integer(1000), default: 600_000 },
    auth_ban_ms: { check: integer(1000), default: 900_000 },
    auth_failures_per_account: { check: integer(0), default: 5 },
    auth_account_max_delay_ms: { check: integer(0, 300_000), default: 30_000 },
    auth_tracked_entries: { check: integer(100, 10_000_000), default: 10_000 },
  },
  log: {
    level: { check: oneOf(LOG_LEVELS), default: "info" },
  },
};

/** Every dotted key name, for suggestions. */
export function allKeys(): string[] {
  const keys = Object.keys(topKeys).concat(Object.keys(sections));
  for (const [name, section] of Object.entries(sections)) {
    keys.push(...Object.keys(section).map((k) => `${name}.${k}`));
  }
  return keys;
}

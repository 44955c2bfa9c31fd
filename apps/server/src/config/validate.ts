// Raw config (a parsed TOML document) + environment overrides + defaults -> AppConfig.
import { join, resolve } from "node:path";
import { ConfigError } from "../errors";
import { type Origin, isTable } from "./checks";
import { readEnvOverrides } from "./env";
import { type Key, allKeys, sections, topKeys } from "./schema";
import { closest } from "./suggest";
import type { AppConfig, Limits, LogLevel } from "./types";

export interface ValidateInput {
  /** The parsed config file ({} without one). */
  raw: Record<string, unknown>;
  /** The config file's path, when there is one: relative paths in it start at its folder. */
  file?: string;
  env?: Readonly<Record<string, string | undefined>>;
  cwd?: string;
}

function unknownKey(key: string, where: readonly string[], hint = closest(key, where)): never {
  throw new ConfigError(key, `unknown key${hint ? ` (did you mean "${hint}"?)` : ""}`);
}

/** Checks the document's shape and flattens it to dotted keys. */
function flatten(raw: Record<string, unknown>): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const known = allKeys();
  for (const [key, value] of Object.entries(raw)) {
    const section = sections[key];
    if (section) {
      if (!isTable(value)) throw new ConfigError(key, `expected a table ([${key}])`);
      for (const [sub, subValue] of Object.entries(value)) {
        if (!(sub in section))
          unknownKey(
            `${key}.${sub}`,
            Object.keys(section).map((k) => `${key}.${k}`),
          );
        out.set(`${key}.${sub}`, subValue);
      }
    } else if (key in topKeys) {
      out.set(key, value);
    } else {
      // A top-level key that belongs in a section ("c2s_port") gets that section's name.
      const inSection = known.find((k) => k.endsWith(`.${key}`));
      unknownKey(key, known, inSection ?? closest(key, known));
    }
  }
  return out;
}

function keyOf(dotted: string): Key {
  const [first = "", second] = dotted.split(".");
  return (second === undefined ? topKeys[first] : sections[first]?.[second]) as Key;
}

export function validateConfig(input: ValidateInput): AppConfig {
  const cwd = input.cwd ?? process.cwd();
  const fileDir = input.file ? resolve(cwd, input.file, "..") : cwd;
  const values = flatten(input.raw);
  const origins = new Map<string, Origin>();
  for (const key of values.keys()) origins.set(key, { label: key, baseDir: fileDir });
  for (const [key, { value, env }] of readEnvOverrides(input.env ?? process.env)) {
    values.set(key, value);
    origins.set(key, { label: `${env} (${key})`, baseDir: cwd });
  }

  const get = <T>(key: string): T => {
    const spec = keyOf(key);
    if (!values.has(key)) return spec.default as T;
    return spec.check(values.get(key), origins.get(key) as Origin) as T;
  };
  const optional = <T>(key: string): T | undefined => (values.has(key) ? get<T>(key) : undefined);

  const domains = get<string[]>("domains");
  if (new Set(domains).size !== domains.length)
    throw new ConfigError("domains", "lists a domain twice");
  const dataDir = optional<string>("data_dir") ?? resolve(cwd, "data");

  const cert = optional<string>("tls.cert");
  const key = optional<string>("tls.key");
  if ((cert === undefined) !== (key === undefined)) {
    throw new ConfigError(
      cert === undefined ? "tls.cert" : "tls.key",
      "tls.cert and tls.key go together: set both or neither",
    );
  }
  const fileStem = (domains[0] as string).replace(/[^a-z0-9.-]/gi, "_");
  const tls = {
    cert: cert ?? join(dataDir, "tls", `${fileStem}.crt`),
    key: key ?? join(dataDir, "tls", `${fileStem}.key`),
    selfSigned: cert === undefined,
  };

  const listen = {
    bind: get<string>("listen.bind"),
    c2s: get<number | false>("listen.c2s_port"),
    tls: get<number | false>("listen.tls_port"),
    http: get<number | false>("listen.http_port"),
  };
  const used = [listen.c2s, listen.tls, listen.http].filter((p) => p !== false && p !== 0);
  if (new Set(used).size !== used.length)
    throw new ConfigError("listen", "two listeners share a port");

  const limits: Limits = {
    maxStanzaBytes: get("limits.max_stanza_bytes"),
    preAuthTimeoutMs: get("limits.pre_auth_timeout_ms"),
    bytesPerSecond: get("limits.bytes_per_second"),
    failedAuthAttempts: get("limits.failed_auth_attempts"),
    failedAuthDelayMs: get("limits.failed_auth_delay_ms"),
    offlineLimit: get("limits.offline_limit"),
    directedPresenceTargets: get("limits.directed_presence_targets"),
    maxSendBufferBytes: get("limits.max_send_buffer_bytes"),
    stanzaTimeoutMs: get("limits.stanza_timeout_ms"),
    connectionsPerIp: get("limits.connections_per_ip"),
    preAuthConnections: get("limits.pre_auth_connections"),
    resourcesPerAccount: get("limits.resources_per_account"),
    authFailuresPerIp: get("limits.auth_failures_per_ip"),
    authFailureWindowMs: get("limits.auth_failure_window_ms"),
    authBanMs: get("limits.auth_ban_ms"),
    authFailuresPerAccount: get("limits.auth_failures_per_account"),
    authAccountMaxDelayMs: get("limits.auth_account_max_delay_ms"),
    authTrackedEntries: get("limits.auth_tracked_entries"),
  };

  return {
    domains,
    dataDir,
    listen,
    tls,
    storage: {
      type: get("storage.type"),
      path: optional<string>("storage.path") ?? join(dataDir, "parley.sqlite"),
      cacheKb: get("storage.cache_kb"),
    },
    requireEncryption: get("require_encryption"),
    allowPlainWithoutTls: get("allow_plain_without_tls"),
    registration: get("registration"),
    mechanisms: get("mechanisms"),
    scramIterations: get("scram_iterations"),
    scramHashes: get("scram_hashes"),
    limits,
    log: { level: get<LogLevel>("log.level") },
    modules: get("modules"),
    file: input.file ? resolve(cwd, input.file) : undefined,
  };
}

// Environment overrides for the common keys: PARLEY_* variables win over the config file.
import { ConfigError } from "../errors";

type Parse = (raw: string, name: string) => unknown;

const str: Parse = (raw) => raw;
const strings: Parse = (raw) =>
  raw
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
const int: Parse = (raw, name) => {
  if (!/^\d+$/.test(raw.trim()))
    throw new ConfigError(name, `expected an integer, got ${JSON.stringify(raw)}`);
  return Number(raw.trim());
};
const port: Parse = (raw, name) =>
  /^(off|false|no|none)$/i.test(raw.trim()) ? false : int(raw, name);
const bool: Parse = (raw, name) => {
  const v = raw.trim().toLowerCase();
  if (["1", "true", "yes", "on"].includes(v)) return true;
  if (["0", "false", "no", "off"].includes(v)) return false;
  throw new ConfigError(name, `expected true or false, got ${JSON.stringify(raw)}`);
};

/** Variable → dotted config key and how to read its text. Documented in README.md. */
export const ENV_OVERRIDES: readonly { env: string; key: string; parse: Parse }[] = [
  { env: "PARLEY_DOMAIN", key: "domains", parse: strings },
  { env: "PARLEY_DATA_DIR", key: "data_dir", parse: str },
  { env: "PARLEY_BIND", key: "listen.bind", parse: str },
  { env: "PARLEY_C2S_PORT", key: "listen.c2s_port", parse: port },
  { env: "PARLEY_TLS_PORT", key: "listen.tls_port", parse: port },
  { env: "PARLEY_HTTP_PORT", key: "listen.http_port", parse: port },
  { env: "PARLEY_TLS_CERT", key: "tls.cert", parse: str },
  { env: "PARLEY_TLS_KEY", key: "tls.key", parse: str },
  { env: "PARLEY_STORAGE_PATH", key: "storage.path", parse: str },
  { env: "PARLEY_STORAGE_CACHE_KB", key: "storage.cache_kb", parse: int },
  { env: "PARLEY_REQUIRE_ENCRYPTION", key: "require_encryption", parse: bool },
  { env: "PARLEY_REGISTRATION", key: "registration", parse: bool },
  { env: "PARLEY_ALLOW_PLAIN_WITHOUT_TLS", key: "allow_plain_without_tls", parse: bool },
  { env: "PARLEY_MECHANISMS", key: "mechanisms", parse: strings },
  { env: "PARLEY_SCRAM_ITERATIONS", key: "scram_iterations", parse: int },
  { env: "PARLEY_SCRAM_HASHES", key: "scram_hashes", parse: strings },
  { env: "PARLEY_MAX_STANZA_BYTES", key: "limits.max_stanza_bytes", parse: int },
  { env: "PARLEY_PRE_AUTH_TIMEOUT_MS", key: "limits.pre_auth_timeout_ms", parse: int },
  { env: "PARLEY_BYTES_PER_SECOND", key: "limits.bytes_per_second", parse: int },
  { env: "PARLEY_OFFLINE_LIMIT", key: "limits.offline_limit", parse: int },
  { env: "PARLEY_MAX_SEND_BUFFER_BYTES", key: "limits.max_send_buffer_bytes", parse: int },
  { env: "PARLEY_STANZA_TIMEOUT_MS", key: "limits.stanza_timeout_ms", parse: int },
  { env: "PARLEY_CONNECTIONS_PER_IP", key: "limits.connections_per_ip", parse: int },
  { env: "PARLEY_PRE_AUTH_CONNECTIONS", key: "limits.pre_auth_connections", parse: int },
  { env: "PARLEY_RESOURCES_PER_ACCOUNT", key: "limits.resources_per_account", parse: int },
  { env: "PARLEY_LOG_LEVEL", key: "log.level", parse: str },
];

/** The overrides set in `env` (empty strings count as unset), parsed, by dotted key. */
export function readEnvOverrides(
  env: Readonly<Record<string, string | undefined>>,
): Map<string, { value: unknown; env: string }> {
  const out = new Map<string, { value: unknown; env: string }>();
  for (const { env: name, key, parse } of ENV_OVERRIDES) {
    const raw = env[name];
    if (raw === undefined || raw === "") continue;
    out.set(key, { value: parse(raw, name), env: name });
  }
  return out;
}

// The resolved configuration of parley-server: the config file, environment and defaults merged,
// validated, with absolute paths.

export type LogLevel = "debug" | "info" | "warn" | "error";

export interface Limits {
  maxStanzaBytes: number;
  preAuthTimeoutMs: number;
  /** 0 = no per-connection rate limit. */
  bytesPerSecond: number;
  failedAuthAttempts: number;
  failedAuthDelayMs: number;
  offlineLimit: number;
  /** Directed-presence targets remembered per session; 0 = no limit. */
  directedPresenceTargets: number;
  /** Output waiting for one connection before it is closed with <policy-violation/>; 0 = off. */
  maxSendBufferBytes: number;
  /** Time a stanza may stay incomplete before <connection-timeout/>; 0 = off. */
  stanzaTimeoutMs: number;
  /** Connection limits and login throttling; 0 = that count is off. */
  connectionsPerIp: number;
  preAuthConnections: number;
  resourcesPerAccount: number;
  authFailuresPerIp: number;
  authFailureWindowMs: number;
  authBanMs: number;
  authFailuresPerAccount: number;
  authAccountMaxDelayMs: number;
  authTrackedEntries: number;
}

export interface AppConfig {
  /** Prepared domains; the first names the generated certificate. */
  domains: string[];
  dataDir: string;
  listen: {
    /** Bind address of every listener. */
    bind: string;
    /** A port (0 = any free port) or false for no listener. */
    c2s: number | false;
    tls: number | false;
    http: number | false;
  };
  tls: {
    cert: string;
    key: string;
    /** No paths configured: a self-signed pair in the data folder, made when missing. */
    selfSigned: boolean;
  };
  storage: { type: "sqlite"; path: string; cacheKb: number };
  requireEncryption: boolean;
  registration: boolean;
  mechanisms: string[];
  scramIterations: number;
  /** Offer SASL PLAIN on unencrypted streams (only with require_encryption off; loopback benchmarks). */
  allowPlainWithoutTls: boolean;
  /** SCRAM hashes stored for each account and offered in SASL. */
  scramHashes: ("SHA-1" | "SHA-256" | "SHA-512")[];
  limits: Limits;
  log: { level: LogLevel };
  modules: Record<string, Record<string, unknown> | false>;
  /** The config file read, if any. */
  file: string | undefined;
}

// The server configuration as code (the parley-server app maps its config file onto this).
import type { ScramHash } from "@parley/sasl";
import type { Storage } from "@parley/storage";
import type { ModuleDefinition, Logger } from "./module-api";
import { ServerConfigError } from "./errors";

export interface ListenerOptions {
  /** c2s with STARTTLS (RFC 6120 §5); 0 = ephemeral port; absent = not listening. */
  c2s?: number;
  /** Direct TLS c2s (XEP-0368). Needs `tls`. */
  c2sTls?: number;
  /** HTTP listener with WebSocket (RFC 7395) at /xmpp-websocket. */
  http?: number;
  /** Bind address of every listener (default "127.0.0.1"... use "::" or "0.0.0.0" for all). */
  address?: string;
}

export interface LimitOptions {
  /** Largest stanza in bytes (RFC 6120 §13.12 item 4); default 256 KiB. */
  maxStanzaBytes: number;
  /** Time to authenticate and bind before the stream is closed with connection-timeout. */
  preAuthTimeoutMs: number;
  /** Per-connection read rate (token bucket, burst = one second); 0 = off. */
  bytesPerSecond: number;
  /** Delay before each SASL <failure/> answer (throttles password guessing). */
  failedAuthDelayMs: number;
  /** Failed SASL attempts on one stream before it is closed (RFC 6120 §6.4.5). */
  failedAuthAttempts: number;
  /** Offline messages kept per account (for the offline module). */
  offlineLimit: number;
  /** Targets of directed presence remembered per session (RFC 6121 §4.6.3); 0 = no limit. */
  directedPresenceTargets: number;
  /** Open connections from one address (IPv6: one /64), all listeners together; 0 = off. */
  connectionsPerIp: number;
  /** Connections that have not bound a resource yet, in total; 0 = off. */
  preAuthConnections: number;
  /** Resources bound at a time per account (RFC 6120 §7.6.2.1 resource-constraint); 0 = off. */
  resourcesPerAccount: number;
  /** Failed logins from one address within the window before it is banned; 0 = off. */
  authFailuresPerIp: number;
  /** Window in which failed logins are counted (per address and per account). */
  authFailureWindowMs: number;
  /** How long a banned address gets <temporary-auth-failure/> (RFC 6120 §6.5.12). */
  authBanMs: number;
  /** Failed logins on one account within the window before its answers slow down; 0 = off. */
  authFailuresPerAccount: number;
  /** Longest delay of a login answer for an account under attack (1 s, doubling, up to it). */
  authAccountMaxDelayMs: number;
  /** Addresses and accounts each remembered by the login throttle (least recent dropped). */
  authTrackedEntries: number;
  /**
   * Output held for one connection (unflushed batch + socket or WebSocket buffer) before it is
   * closed with <policy-violation/>: a client that stops reading cannot grow the server.
   */
  maxSendBufferBytes: number;
  /** Time a top-level element may stay incomplete before <connection-timeout/>; 0 = off. */
  stanzaTimeoutMs: number;
}

export interface ServerOptions {
  /** Local domains served; the first is the default for streams without `to`. */
  domains: readonly string[];
  listeners?: ListenerOptions;
  /** PEM key and certificate (chain) for STARTTLS, direct TLS. */
  tls?: { key: string; cert: string };
  storage: Storage;
  /** No SASL and no stanzas before TLS on c2s (RFC 6120 §5.3.1); default true. */
  requireEncryption?: boolean;
  /**
   * WebSocket connections count as encrypted: true, false, or "loopback" (default) for those from
   * 127.0.0.1/::1, i.e. a local client or a TLS-terminating reverse proxy on the same machine.
   */
  websocketSecure?: boolean | "loopback";
  /** SASL mechanism names allowed (default: all SCRAM variants and PLAIN). */
  mechanisms?: readonly string[];
  /** Offer PLAIN on unencrypted streams (default false; only with requireEncryption off). */
  allowPlainWithoutTls?: boolean;
  /** XEP-0077 in-band registration (read by the register module); default false. */
  registration?: boolean;
  limits?: Partial<LimitOptions>;
  /** PBKDF2 iterations for new SCRAM credentials (default 10000). */
  scramIterations?: number;
  /**
   * SCRAM hashes stored for new accounts and offered in SASL (default SHA-1 and SHA-256, as
   * ejabberd and Prosody store one or two: every hash costs a full PBKDF2 per account, which
   * decides how fast bulk imports run). A mechanism of another hash is never offered, since an
   * account could not have its keys.
   */
  scramHashes?: readonly ScramHash[];
  /** Built-in modules plus `extraModules`, configured by name; `false` disables one. */
  modules?: Readonly<Record<string, Record<string, unknown> | false>>;
  /** Modules added to the built-in ones (e.g. @parley/mod-ping). */
  extraModules?: readonly ModuleDefinition[];
  /** Replaces the built-in module list entirely (tests). */
  builtinModules?: readonly ModuleDefinition[];
  logger?: Logger;
}

export interface ResolvedOptions
  extends Required<Omit<ServerOptions, "tls" | "logger" | "limits">> {
  tls: ServerOptions["tls"];
  limits: LimitOptions;
  listeners: ListenerOptions;
}

export const defaultLimits: Readonly<LimitOptions> = Object.freeze({
  maxStanzaBytes: 256 * 1024,
  preAuthTimeoutMs: 60_000,
  bytesPerSecond: 0,
  failedAuthDelayMs: 1000,
  failedAuthAttempts: 3,
  offlineLimit: 500,
  // A client in many rooms sends directed presence to each; a thousand is far past real use.
  directedPresenceTargets: 1000,
  // Connection and login limits (apps/server/README.md, "Security limits"): ejabberd's example
  // config caps sessions per account at 10 (max_user_sessions), its mod_fail2ban bans an address
  // after 20 failed logins; 100 connections per address leaves room for a NAT of a small office.
  connectionsPerIp: 100,
  preAuthConnections: 1000,
  resourcesPerAccount: 10,
  authFailuresPerIp: 20,
  authFailureWindowMs: 600_000,
  authBanMs: 900_000,
  authFailuresPerAccount: 5,
  authAccountMaxDelayMs: 30_000,
  authTrackedEntries: 10_000,
  // 1 MiB: four stanzas of the largest size, or thousands of chat messages, waiting in our
  // buffers (the kernel's socket buffers hold a few MB more before any count here). A client
  // that is merely slow stays far below it; one that stopped reading reaches it and is closed.
  // Prosody bounds the same case by time (server_epoll: send_timeout, 180 s without progress);
  // a byte bound also holds against many fast senders to one peer.
  maxSendBufferBytes: 1024 * 1024,
  // Must exceed maxStanzaBytes / bytesPerSecond (a stanza read at the rate limit): 256 KiB at
  // 64 KiB/s is 4 s.
  stanzaTimeoutMs: 30_000,
});

export const DEFAULT_MECHANISMS: readonly string[] = [
  "SCRAM-SHA-512-PLUS",
  "SCRAM-SHA-256-PLUS",
  "SCRAM-SHA-1-PLUS",
  "SCRAM-SHA-512",
  "SCRAM-SHA-256",
  "SCRAM-SHA-1",
  "PLAIN",
];

export function resolveOptions(
  options: ServerOptions,
  builtins: readonly ModuleDefinition[],
): ResolvedOptions {
  if (options.domains.length === 0) throw new ServerConfigError("at least one domain is required");
  const listeners = options.listeners ?? {};
  if ((listeners.c2sTls !== undefined || listeners.c2s !== undefined) && !options.tls) {
    if (listeners.c2sTls !== undefined) {
      throw new ServerConfigError("the direct TLS listener needs tls.key and tls.cert");
    }
  }
  const limits = { ...defaultLimits, ...options.limits };
  for (const [key, value] of Object.entries(limits)) {
    if (!Number.isFinite(value) || value < 0) {
      throw new ServerConfigError(`limits.${key} must be a number >= 0, got ${value}`);
    }
  }
  return {
    domains: options.domains.map((d) => d.toLowerCase()),
    listeners,
    tls: options.tls,
    storage: options.storage,
    requireEncryption: options.requireEncryption ?? true,
    websocketSecure: options.websocketSecure ?? "loopback",
    mechanisms: options.mechanisms ?? DEFAULT_MECHANISMS,
    allowPlainWithoutTls: options.allowPlainWithoutTls ?? false,
    registration: options.registration ?? false,
    limits,
    scramIterations: options.scramIterations ?? 10_000,
    scramHashes: resolveScramHashes(options.scramHashes),
    modules: options.modules ?? {},
    extraModules: options.extraModules ?? [],
    builtinModules: options.builtinModules ?? builtins,
  };
}

export const DEFAULT_SCRAM_HASHES: readonly ScramHash[] = ["SHA-1", "SHA-256"];

function resolveScramHashes(hashes: readonly ScramHash[] | undefined): readonly ScramHash[] {
  if (hashes === undefined) return DEFAULT_SCRAM_HASHES;
  const known: readonly string[] = ["SHA-1", "SHA-256", "SHA-512"];
  if (hashes.length === 0) throw new ServerConfigError("scramHashes needs at least one hash");
  for (const h of hashes) {
    if (!known.includes(h)) {
      throw new ServerConfigError(`scramHashes: unknown hash ${h} (use SHA-1, SHA-256, SHA-512)`);
    }
  }
  return [...new Set(hashes)];
}

import type { RosterCache } from "./im/roster";
import type { BackoffOptions } from "./reconnect";
import type { Connector, TlsMode } from "./transport/types";

export interface ClientOptions {
  /** The account: `user@domain`, optionally with a preferred `/resource`. */
  jid: string;
  password: string;
  /** Preferred resource (else the one in `jid`, else the server picks). */
  resource?: string;
  /** Connect to this host instead of discovering it with DNS SRV (RFC 6120 §3.2). */
  host?: string;
  port?: number;
  /** A `ws:`/`wss:` URL: XMPP over WebSocket (RFC 7395). Required in browsers. */
  url?: string;
  /** "starttls" (default on TCP), "direct" (XEP-0368) or "none" (plain TCP, tests only). */
  tls?: TlsMode;
  /** Accept any TLS certificate (self-signed servers). Certificates are verified by default. */
  insecure?: boolean;
  /** Allow SASL PLAIN without TLS. Off by default. */
  allowPlainWithoutTls?: boolean;
  lang?: string;
  /** Connecting the socket (ms). Default 15 000. */
  connectTimeoutMs?: number;
  /** Each negotiation step and, by default, each iq request (ms). Default 30 000. */
  timeoutMs?: number;
  /**
   * XEP-0198. Default on: `requestIntervalMs` (default 60 000) between <r/> liveness checks,
   * `ackTimeoutMs` (default 30 000) to wait for the <a/> before the connection counts as dead.
   */
  streamManagement?: false | { requestIntervalMs?: number; ackTimeoutMs?: number };
  /** Reconnect after a lost connection (default on, exponential backoff with jitter). */
  reconnect?: false | Partial<BackoffOptions>;
  /** XEP-0184: answer receipt requests (default true). */
  receipts?: { autoReply?: boolean };
  /** Keeps the roster between sessions for RFC 6121 §2.6 versioning. */
  rosterCache?: RosterCache;
  /** Opens connections; defaults to the platform's transports (tests pass a fake). */
  connector?: Connector;
}

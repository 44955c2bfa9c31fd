// Shared types of the client and server sides.
import type { SaslCondition } from "./errors.js";

export type ScramHash = "SHA-1" | "SHA-256" | "SHA-512";

export type ScramMechanismName =
  | "SCRAM-SHA-1"
  | "SCRAM-SHA-1-PLUS"
  | "SCRAM-SHA-256"
  | "SCRAM-SHA-256-PLUS"
  | "SCRAM-SHA-512"
  | "SCRAM-SHA-512-PLUS";

export type MechanismName = "PLAIN" | "ANONYMOUS" | "EXTERNAL" | ScramMechanismName;

/**
 * RFC 9266 (TLS 1.3 exporter), RFC 5929 §4 (hash of the server certificate) and RFC 5929 §3
 * (the first Finished message of the handshake; defined up to TLS 1.2, still sent by clients
 * such as slixmpp 1.8 over TLS 1.3).
 */
export type ChannelBindingType = "tls-exporter" | "tls-server-end-point" | "tls-unique";

/** One side of an exchange, client side. Bytes in, bytes out: the XML wrapping is the caller's. */
export interface ClientMechanism {
  readonly name: MechanismName;
  /** The initial response (RFC 6120 §6.4.2); null = none, empty bytes = empty response ("="). */
  start(): Promise<Uint8Array | null>;
  /** Answer a server challenge. Throws SaslError when the challenge is unacceptable. */
  challenge(data: Uint8Array): Promise<Uint8Array>;
  /** Check the additional data of <success/> (SCRAM: the server signature). Throws SaslError. */
  success(data: Uint8Array | null): Promise<void>;
}

/** SCRAM keys for one hash (RFC 5802 §3): never the password itself. */
export interface ScramCredentials {
  salt: Uint8Array;
  iterations: number;
  storedKey: Uint8Array;
  serverKey: Uint8Array;
}

export type StoredCredentials = Partial<
  Record<"SCRAM-SHA-1" | "SCRAM-SHA-256" | "SCRAM-SHA-512", ScramCredentials>
>;

export type ServerStep =
  | { type: "challenge"; data: Uint8Array }
  | { type: "success"; data: Uint8Array | null; authcid: string; authzid: string | null }
  | { type: "failure"; condition: SaslCondition; text?: string };

export interface ServerMechanism {
  readonly name: MechanismName;
  /** Feed the client's next message (null = the <auth/> carried no initial response). Never throws. */
  step(data: Uint8Array | null): Promise<ServerStep>;
}

/** What the server offers on this connection; also decides which mechanisms can be created. */
export interface ServerPolicy {
  /** Whether the stream is protected by TLS. */
  encrypted: boolean;
  /** Offer PLAIN on an unencrypted stream (off by default; RFC 6120 §6.5.4 encryption-required). */
  allowPlainWithoutTls?: boolean;
  /** Channel-binding data of this connection by type; any entry makes the -PLUS variants offered. */
  channelBindings?: Partial<Record<ChannelBindingType, Uint8Array>>;
  /** SCRAM hashes to offer (default all three). */
  scramHashes?: readonly ScramHash[];
  /** Present = ANONYMOUS offered (RFC 4505); returns the username of the new anonymous session. */
  anonymousUsername?(): string;
  /**
   * Present = EXTERNAL offered (RFC 4422 App. A, XEP-0178). Receives the requested authzid (null if
   * none) and returns the identity proved by the certificate, or undefined if it proves none.
   */
  verifyExternal?(authzid: string | null): Promise<{ authcid: string } | undefined>;
}

/** How SCRAM answers for a username without credentials (RFC 5802 §9). */
export interface FakeCredentialsOptions {
  /**
   * Key of the salt derivation (at least 16 bytes), kept across restarts so that an unknown
   * user's salt never changes. Default: random per process.
   */
  secret?: Uint8Array;
  /** Iteration count to show: the one the server gives new accounts (default 10000). */
  iterations?: number;
}

export interface ServerMechanismContext extends ServerPolicy {
  /** SCRAM answers for unknown users; set it so they look like the server's real accounts. */
  fakeCredentials?: FakeCredentialsOptions;
  /** Credentials of a username already prepared with PRECIS UsernameCaseMapped. */
  lookupCredentials(username: string): Promise<StoredCredentials | undefined>;
  /**
   * May authcid act as authzid? Default: only itself, or its bare JID `authcid@domain` when
   * `domain` is set (RFC 6120 §6.3.8).
   */
  authorize?(authcid: string, authzid: string): Promise<boolean>;
  /** The server's domain, for the default authorization check. */
  domain?: string;
}

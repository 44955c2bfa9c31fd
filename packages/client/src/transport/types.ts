import type { ChannelBindingType } from "@parley/sasl";

// What the stream layer needs from a connection. The node entry provides TCP (STARTTLS and
// direct TLS) and WebSocket; the browser entry WebSocket only. Tests plug in fakes.

/** "starttls": RFC 6120 §5; "direct": XEP-0368 TLS from the first byte; "none": plain TCP. */
export type TlsMode = "starttls" | "direct" | "none";

export interface ChannelBinding {
  type: ChannelBindingType;
  data: Uint8Array;
}

export interface TransportEvents {
  data(chunk: string | Uint8Array): void;
  /** Reported exactly once, with the error when the connection did not end cleanly. */
  close(error?: Error): void;
}

export interface Transport {
  /** "stream": one XML document over a byte stream; "websocket": RFC 7395 messages. */
  readonly framing: "stream" | "websocket";
  /** Whether the bytes are protected by TLS now. */
  readonly encrypted: boolean;
  /** True when `startTls()` can upgrade this connection (plain TCP). */
  readonly canStartTls: boolean;
  write(data: string): void;
  /** RFC 6120 §5.4.3.3: the TLS handshake after <proceed/>. Rejects with a TlsError. */
  startTls(): Promise<void>;
  /** Channel bindings this connection can produce, preferred first (RFC 9266, RFC 5929). */
  channelBindings(): Promise<ChannelBinding[]>;
  /** Ends the connection after the data already written. */
  close(): void;
  /** Drops the connection at once. */
  destroy(): void;
}

export interface ConnectRequest {
  /** The XMPP domain: SRV name, TLS servername and certificate identity. */
  domain: string;
  host?: string;
  port?: number;
  /** A `ws:`/`wss:` URL: connect with RFC 7395 WebSocket. */
  url?: string;
  tls?: TlsMode;
  /** Accept any certificate (self-signed test servers). Off by default. */
  insecure?: boolean;
  timeoutMs: number;
  events: TransportEvents;
}

export type Connector = (request: ConnectRequest) => Promise<Transport>;

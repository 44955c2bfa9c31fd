// What a stream needs from its connection, whatever carries it (TCP, TLS, WebSocket).
import type { ChannelBindingType } from "@parley/sasl";
import type { TransportKind } from "../module-api";

export interface Transport {
  readonly kind: TransportKind;
  /** RFC 7395 framing: every send() is one WebSocket message holding one element. */
  readonly framed: boolean;
  /** Whether the connection is protected (TLS, or a WebSocket considered secure). */
  readonly secure: boolean;
  readonly remoteAddress: string;
  /** STARTTLS is possible (plain TCP with a certificate configured). */
  readonly canStartTls: boolean;
  /**
   * Queues text for the peer. `written`, when given, learns whether it left: true once the
   * socket accepted it while the connection was open, false when it was dropped (connection
   * closed or not writable). It is the only delivery signal without XEP-0198 acks.
   */
  send(text: string, written?: (ok: boolean) => void): void;
  /**
   * Calls `overflow` once when output waiting for the peer (not yet handed to the socket, plus
   * the socket's or WebSocket's own buffer) exceeds `maxBytes` (0 = no bound): the peer does
   * not read. The transport keeps working; the caller closes it.
   */
  limitSendBuffer(maxBytes: number, overflow: () => void): void;
  /** Flushes what was sent, then closes. */
  end(): void;
  /** Closes at once. */
  destroy(): void;
  onData(listener: (chunk: Uint8Array | string) => void): void;
  onClose(listener: () => void): void;
  /** Upgrades to TLS (RFC 6120 §5.4.3.3); resolves when the handshake is done. */
  startTls(): Promise<void>;
  /** Channel-binding data of the TLS connection (RFC 9266, RFC 5929), empty when none. */
  channelBindings(): Partial<Record<ChannelBindingType, Uint8Array>>;
  pause(): void;
  resume(): void;
}

// RFC 7395 transport on a `ws` WebSocket: one element per text message.
import type { ChannelBindingType } from "@parley/sasl";
import type { WebSocket } from "ws";
import { SendBound } from "./send-bound";
import type { Transport } from "./transport";

export class WebSocketTransport implements Transport {
  readonly kind = "websocket" as const;
  readonly framed = true;
  readonly canStartTls = false;
  private dataListener: ((chunk: Uint8Array | string) => void) | undefined;
  private closeListener: (() => void) | undefined;
  private closed = false;
  private readonly sendBound = new SendBound();
  private endTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly ws: WebSocket,
    readonly remoteAddress: string,
    readonly secure: boolean,
  ) {
    ws.on("message", (data, isBinary) => {
      // RFC 7395 §3.2: XMPP travels in text frames; a binary one is still UTF-8 XML to parse.
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      this.dataListener?.(isBinary ? new Uint8Array(bytes) : bytes.toString("utf8"));
    });
    ws.on("close", () => {
      if (this.endTimer !== undefined) clearTimeout(this.endTimer);
      this.endTimer = undefined;
      if (this.closed) return;
      this.closed = true;
      this.closeListener?.();
    });
    ws.on("error", () => {});
  }

  send(text: string, written?: (ok: boolean) => void): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) {
      written?.(false);
      return;
    }
    if (!written) this.ws.send(text);
    else {
      // As SocketTransport: taken by the socket, and the connection still open a turn later.
      this.ws.send(text, (error) => {
        if (error) written(false);
        else setImmediate(() => written(!this.closed && this.ws.readyState === this.ws.OPEN));
      });
    }
    // Frames queued in `ws` plus the bytes its socket holds.
    this.sendBound.check(this.ws.bufferedAmount);
  }

  limitSendBuffer(maxBytes: number, overflow: () => void): void {
    this.sendBound.set(maxBytes, overflow);
  }

  end(): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.close(1000);
    // A peer that never answers the close must not keep the socket; cleared on close, so the
    // timer does not keep this transport for 2 s after it.
    this.endTimer ??= setTimeout(() => this.ws.terminate(), 2000).unref();
  }

  destroy(): void {
    this.ws.terminate();
  }

  onData(listener: (chunk: Uint8Array | string) => void): void {
    this.dataListener = listener;
  }

  onClose(listener: () => void): void {
    this.closeListener = listener;
  }

  startTls(): Promise<void> {
    return Promise.reject(new Error("no STARTTLS over WebSocket (RFC 7395 §3.4)"));
  }

  channelBindings(): Partial<Record<ChannelBindingType, Uint8Array>> {
    return {};
  }

  pause(): void {
    this.ws.pause();
  }

  resume(): void {
    this.ws.resume();
  }
}

// TCP and TLS transport on a node:net socket, with in-place STARTTLS upgrade.
import type { Socket } from "node:net";
import { type SecureContext, TLSSocket } from "node:tls";
import type { ChannelBindingType } from "@parley/sasl";
import type { TransportKind } from "../module-api";
import { type ServerCertificate, tlsChannelBindings } from "./channel-binding";
import { SendBound } from "./send-bound";
import type { Transport } from "./transport";
import { type Flushable, flushSoon } from "./write-batch";

// One set of listeners for all sockets (each idle connection would otherwise keep its own
// closures): the socket names its transport.
const transportOf = Symbol("parley.transport");
type OwnedSocket = Socket & { [transportOf]?: SocketTransport };

function onSocketData(this: OwnedSocket, chunk: Buffer): void {
  this[transportOf]?.socketData(chunk);
}

function onSocketClose(this: OwnedSocket): void {
  this[transportOf]?.socketClosed();
}

// Errors (reset by peer, bad TLS handshake) are followed by 'close'; nothing else to do.
function onSocketError(): void {}

export class SocketTransport implements Transport, Flushable {
  readonly framed = false;
  readonly remoteAddress: string;
  private socket: Socket;
  private dataListener: ((chunk: Uint8Array | string) => void) | undefined;
  private closeListener: (() => void) | undefined;
  private closed = false;
  /** Text sent since the last flush (write-batch.ts), in order. */
  private pending = "";
  private readonly sendBound = new SendBound();
  private endTimer: NodeJS.Timeout | undefined;
  /** `written` callbacks of the pending text (rare: only confirmed sends have one). */
  private pendingWritten: ((ok: boolean) => void)[] | undefined;

  constructor(
    socket: Socket,
    readonly kind: TransportKind,
    private readonly tls: { context: SecureContext; certificate: ServerCertificate } | undefined,
  ) {
    this.socket = socket;
    this.remoteAddress = socket.remoteAddress ?? "unknown";
    this.attach(socket);
  }

  get secure(): boolean {
    return this.socket instanceof TLSSocket;
  }

  get canStartTls(): boolean {
    return this.tls !== undefined && !this.secure;
  }

  /** Called through the shared socket listeners above. */
  socketData(chunk: Buffer): void {
    this.dataListener?.(chunk);
  }

  socketClosed(): void {
    this.pending = "";
    // The end() timer would keep this transport and its socket for 2 s after the close.
    if (this.endTimer !== undefined) clearTimeout(this.endTimer);
    this.endTimer = undefined;
    settle(this.takeWritten(), false);
    if (this.closed) return;
    this.closed = true;
    this.closeListener?.();
  }

  private attach(socket: Socket): void {
    (socket as OwnedSocket)[transportOf] = this;
    socket.on("data", onSocketData);
    socket.on("close", onSocketClose);
    socket.on("error", onSocketError);
  }

  private detach(socket: Socket): void {
    socket.off("data", onSocketData);
    socket.off("close", onSocketClose);
    // Keep an error listener: a late error must never become an uncaught exception.
  }

  send(text: string, written?: (ok: boolean) => void): void {
    if (this.closed || !this.socket.writable || text === "") {
      written?.(false);
      return;
    }
    if (this.pending === "") flushSoon(this);
    this.pending += text;
    // UTF-16 units of the batch (bytes for ASCII, fewer otherwise) + bytes the socket holds.
    this.sendBound.check(this.pending.length + this.socket.writableLength);
    if (written) (this.pendingWritten ??= []).push(written);
  }

  limitSendBuffer(maxBytes: number, overflow: () => void): void {
    this.sendBound.set(maxBytes, overflow);
  }

  /** Writes what send() buffered; end(), destroy() and startTls() flush first, keeping the order. */
  flush(): void {
    const text = this.pending;
    if (text === "") return;
    this.pending = "";
    const written = this.takeWritten();
    if (this.closed || !this.socket.writable) {
      settle(written, false);
      return;
    }
    if (!written) {
      this.socket.write(text);
      return;
    }
    this.socket.write(text, (error) => {
      if (error) {
        settle(written, false);
        return;
      }
      // The kernel took the bytes. A peer that reset or closed right after its last input (its
      // end already waiting to be read) would never read them: they count once the connection
      // is still open a turn later, after the next poll for input.
      setImmediate(() => settle(written, !this.closed && this.socket.writable));
    });
  }

  private takeWritten(): ((ok: boolean) => void)[] | undefined {
    const written = this.pendingWritten;
    this.pendingWritten = undefined;
    return written;
  }

  end(): void {
    if (this.closed) return;
    this.flush();
    this.socket.end();
    // A peer that never closes its side must not keep the socket open.
    this.endTimer ??= setTimeout(() => this.socket.destroy(), 2000).unref();
  }

  destroy(): void {
    // What was sent before still goes out (as when every send was its own write); nothing after.
    this.flush();
    this.socket.destroy();
  }

  onData(listener: (chunk: Uint8Array | string) => void): void {
    this.dataListener = listener;
  }

  onClose(listener: () => void): void {
    this.closeListener = listener;
  }

  startTls(): Promise<void> {
    if (!this.tls) return Promise.reject(new Error("no certificate configured"));
    // <proceed/> (RFC 6120 §5.4.2.3) goes out in the clear before the handshake starts.
    this.flush();
    const plain = this.socket;
    this.detach(plain);
    const secure = new TLSSocket(plain, { isServer: true, secureContext: this.tls.context });
    this.socket = secure;
    this.attach(secure);
    return new Promise((resolve, reject) => {
      secure.once("secure", () => resolve());
      secure.once("error", reject);
      secure.once("close", () => reject(new Error("closed during TLS handshake")));
    });
  }

  channelBindings(): Partial<Record<ChannelBindingType, Uint8Array>> {
    if (!(this.socket instanceof TLSSocket) || !this.tls) return {};
    return tlsChannelBindings(this.socket, this.tls.certificate);
  }

  pause(): void {
    this.socket.pause();
  }

  resume(): void {
    this.socket.resume();
  }
}

function settle(callbacks: ((ok: boolean) => void)[] | undefined, ok: boolean): void {
  if (callbacks) for (const callback of callbacks) callback(ok);
}

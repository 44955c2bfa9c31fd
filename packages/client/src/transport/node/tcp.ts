import { createHash } from "node:crypto";
import net from "node:net";
import tls from "node:tls";
import { ConnectionError, TimeoutError, TlsError } from "../../errors";
import { endPointHash } from "../cert-hash";
import type { ChannelBinding, Transport, TransportEvents } from "../types";

// TCP transport for Node: plain TCP upgraded by STARTTLS (RFC 6120 §5), or TLS from the first
// byte (XEP-0368). The certificate is verified against the XMPP domain (RFC 6120 §13.7.2.1)
// unless the caller opted out with `insecure`.

export interface TcpOptions {
  host: string;
  port: number;
  domain: string;
  direct: boolean;
  insecure: boolean;
  timeoutMs: number;
  events: TransportEvents;
}

/** Certificate problems reported by OpenSSL through Node (the rest is a TLS failure). */
const CERTIFICATE_CODES = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "UNABLE_TO_GET_ISSUER_CERT",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "CERT_REVOKED",
  "CERT_UNTRUSTED",
  "CERT_REJECTED",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "HOSTNAME_MISMATCH",
]);

function isTlsCode(code: string | undefined): boolean {
  return code !== undefined && (CERTIFICATE_CODES.has(code) || /^ERR_(SSL|TLS)_/.test(code));
}

export function tlsError(error: unknown): TlsError {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const condition = code && CERTIFICATE_CODES.has(code) ? "certificate-invalid" : "tls-failed";
  return new TlsError(condition, message, { cause: error, code });
}

function tlsOptions(o: TcpOptions): tls.ConnectionOptions {
  return {
    servername: o.domain,
    rejectUnauthorized: !o.insecure,
    // RFC 6125 identity check against the XMPP domain, not the SRV target host.
    checkServerIdentity: (_host, cert) => tls.checkServerIdentity(o.domain, cert),
    // XEP-0368 §4: ALPN "xmpp-client" on direct TLS.
    ...(o.direct ? { ALPNProtocols: ["xmpp-client"] } : {}),
  };
}

export function connectTcp(o: TcpOptions): Promise<Transport> {
  return new Promise((resolve, reject) => {
    const socket = o.direct
      ? tls.connect({ host: o.host, port: o.port, ...tlsOptions(o) })
      : net.connect({ host: o.host, port: o.port });
    const what = o.direct ? "TLS connection" : "connection";
    const timeout = new TimeoutError(`no ${what} to ${o.host}:${o.port} in ${o.timeoutMs} ms`);
    const timer = setTimeout(() => fail(timeout), o.timeoutMs);
    const fail = (error: Error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    };
    const onError = (error: Error) => {
      const code = (error as { code?: string }).code;
      if (o.direct && isTlsCode(code)) return fail(tlsError(error));
      fail(new ConnectionError("connection-failed", error.message, { cause: error, code }));
    };
    socket.once("error", onError);
    socket.once(o.direct ? "secureConnect" : "connect", () => {
      clearTimeout(timer);
      socket.off("error", onError);
      resolve(new TcpTransport(socket, o));
    });
  });
}

class TcpTransport implements Transport {
  readonly framing = "stream";
  private socket: net.Socket;
  private secure: tls.TLSSocket | undefined;
  private lastError: Error | undefined;
  private closed = false;
  private detach: () => void = () => {};

  constructor(
    socket: net.Socket,
    private readonly o: TcpOptions,
  ) {
    this.socket = socket;
    if (socket instanceof tls.TLSSocket) this.secure = socket;
    this.attach(socket);
  }

  get encrypted(): boolean {
    return this.secure !== undefined;
  }

  get canStartTls(): boolean {
    return this.secure === undefined;
  }

  private attach(socket: net.Socket): void {
    const onData = (chunk: Buffer) => this.o.events.data(new Uint8Array(chunk));
    const onError = (error: Error) => {
      const code = (error as { code?: string }).code;
      this.lastError = new ConnectionError("connection-closed", error.message, {
        cause: error,
        code,
      });
    };
    const onClose = () => {
      if (this.closed) return;
      this.closed = true;
      this.o.events.close(this.lastError);
    };
    socket.on("data", onData);
    socket.on("error", onError);
    socket.on("close", onClose);
    this.detach = () => {
      socket.off("data", onData);
      socket.off("error", onError);
      socket.off("close", onClose);
    };
  }

  write(data: string): void {
    if (!this.closed) this.socket.write(data);
  }

  startTls(): Promise<void> {
    if (this.secure) return Promise.reject(new TlsError("tls-failed", "TLS already in place"));
    const plain = this.socket;
    this.detach();
    return new Promise((resolve, reject) => {
      const secure = tls.connect({ socket: plain, ...tlsOptions(this.o) });
      const onError = (error: Error) => {
        secure.destroy();
        this.closed = true;
        reject(tlsError(error));
      };
      secure.once("error", onError);
      secure.once("secureConnect", () => {
        secure.off("error", onError);
        this.socket = secure;
        this.secure = secure;
        this.attach(secure);
        resolve();
      });
    });
  }

  async channelBindings(): Promise<ChannelBinding[]> {
    const s = this.secure;
    if (!s) return [];
    const out: ChannelBinding[] = [];
    // RFC 9266 §2: tls-exporter is defined for TLS 1.3 (label, empty context, 32 bytes).
    if (s.getProtocol() === "TLSv1.3") {
      const data = s.exportKeyingMaterial(32, "EXPORTER-Channel-Binding", Buffer.alloc(0));
      out.push({ type: "tls-exporter", data: new Uint8Array(data) });
    }
    const der = s.getPeerCertificate()?.raw;
    if (der && der.length > 0) {
      const digest = createHash(endPointHash(der)).update(der).digest();
      out.push({ type: "tls-server-end-point", data: new Uint8Array(digest) });
    }
    return out;
  }

  close(): void {
    this.socket.end();
  }

  destroy(): void {
    this.socket.destroy();
  }
}

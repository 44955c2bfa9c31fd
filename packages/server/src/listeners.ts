// Network listeners: c2s with STARTTLS, direct TLS (XEP-0368), HTTP with WebSocket (RFC 7395).
import {
  type Server as HttpServer,
  type IncomingMessage,
  createServer as createHttpServer,
} from "node:http";
import {
  type AddressInfo,
  type Server as NetServer,
  type Socket,
  createServer as createNetServer,
} from "node:net";
import {
  type SecureContext,
  type TLSSocket,
  createSecureContext,
  createServer as createTlsServer,
} from "node:tls";
import { StreamError } from "@parley/stanza";
import { WebSocketServer } from "ws";
import type { Services } from "./core/services";
import { ListenError } from "./errors";
import { type ServerLimits, addressKey, refusalParts } from "./limits";
import { watchListenerErrors } from "./limits/listener-errors";
import type { Logger } from "./module-api";
import type { ResolvedOptions } from "./options";
import { type ServerCertificate, serverEndPoint } from "./transport/channel-binding";
import { SocketTransport } from "./transport/socket-transport";
import type { Transport } from "./transport/transport";
import { WebSocketTransport } from "./transport/websocket-transport";

export const WEBSOCKET_PATH = "/xmpp-websocket";

export interface BoundAddress {
  address: string;
  port: number;
}

export interface ServerAddresses {
  c2s?: BoundAddress;
  c2sTls?: BoundAddress;
  http?: BoundAddress;
}

// The address key a counted socket was counted under (connectionsPerIp), read by one shared
// 'close' listener instead of a closure per connection.
const countedAddress = Symbol("parley.countedAddress");
type CountedSocket = Socket & { [countedAddress]?: string };

function ignoreError(): void {}

export class Listeners {
  readonly addresses: ServerAddresses = {};
  private readonly servers: (NetServer | HttpServer)[] = [];
  private wss: WebSocketServer | undefined;
  private readonly tls: { context: SecureContext; certificate: ServerCertificate } | undefined;

  private readonly onCountedClose: (this: CountedSocket) => void;

  constructor(
    private readonly options: ResolvedOptions,
    private readonly accept: (transport: Transport) => void,
    private readonly limits: ServerLimits,
    private readonly services?: Services,
    private readonly log?: Logger,
  ) {
    const { connections } = limits;
    this.onCountedClose = function (this: CountedSocket) {
      const key = this[countedAddress];
      if (key === undefined) return;
      this[countedAddress] = undefined;
      connections.closeSocket(key);
    };
    const { tls } = options;
    this.tls = tls
      ? {
          context: createSecureContext({ key: tls.key, cert: tls.cert }),
          certificate: { endPoint: serverEndPoint(tls.cert) },
        }
      : undefined;
  }

  async open(): Promise<void> {
    const { listeners, tls } = this.options;
    const host = listeners.address ?? "127.0.0.1";
    if (listeners.c2s !== undefined) {
      const server = createNetServer((socket) => {
        if (this.admit(socket, "c2s")) this.accept(new SocketTransport(socket, "tcp", this.tls));
      });
      this.addresses.c2s = await this.listen(server, listeners.c2s, host, "c2s");
    }
    if (listeners.c2sTls !== undefined && tls) {
      const server = createTlsServer({ key: tls.key, cert: tls.cert }, (socket: TLSSocket) =>
        this.accept(new SocketTransport(socket as Socket, "tls", this.tls)),
      );
      // Counted before the TLS handshake, which costs more than the refusal.
      server.prependListener("connection", (socket: Socket) => this.admit(socket, "direct TLS"));
      this.addresses.c2sTls = await this.listen(server, listeners.c2sTls, host, "direct TLS");
    }
    if (listeners.http !== undefined) {
      this.addresses.http = await this.listen(this.httpServer(), listeners.http, host, "HTTP");
    }
  }

  private httpServer(): HttpServer {
    const server = createHttpServer((req, res) => {
      const notFound = () =>
        res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
      if (!this.services || !this.log) return notFound();
      this.services.handleHttp(req, res, this.log).then(
        (handled) => handled || notFound(),
        () => notFound(),
      );
    });
    const wss = new WebSocketServer({
      noServer: true,
      maxPayload: this.options.limits.maxStanzaBytes + 1024,
      handleProtocols: (protocols) => (protocols.has("xmpp") ? "xmpp" : false),
    });
    this.wss = wss;
    // Every HTTP connection counts (WebSocket or not), before any request is read.
    server.prependListener("connection", (socket: Socket) => this.admit(socket, "HTTP"));
    server.on("upgrade", (req: IncomingMessage, socket, head) => {
      const path = (req.url ?? "").split("?")[0];
      const protocols = String(req.headers["sec-websocket-protocol"] ?? "")
        .split(",")
        .map((p) => p.trim());
      if (path !== WEBSOCKET_PATH || !protocols.includes("xmpp")) {
        // RFC 7395 §3.1: only the "xmpp" subprotocol is spoken here.
        const status = path !== WEBSOCKET_PATH ? "404 Not Found" : "400 Bad Request";
        socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        const remote = req.socket.remoteAddress ?? "unknown";
        this.accept(new WebSocketTransport(ws, remote, this.websocketSecure(remote)));
      });
    });
    return server;
  }

  /**
   * Counts a new socket against limits.connectionsPerIp (all listeners together). Past it the
   * socket is refused at once: on plain c2s with a <policy-violation/> stream error (RFC 6120
   * §4.9.3.14), on direct TLS and HTTP by closing it (no handshake, no request read).
   */
  private admit(socket: Socket, listener: "c2s" | "direct TLS" | "HTTP"): boolean {
    const { connections } = this.limits;
    if (!connections.countsSockets) return true;
    const key = addressKey(socket.remoteAddress);
    if (connections.openSocket(key, listener)) {
      (socket as CountedSocket)[countedAddress] = key;
      socket.on("close", this.onCountedClose);
      return true;
    }
    socket.on("error", ignoreError);
    if (listener !== "c2s") {
      socket.destroy();
      return false;
    }
    const error = new StreamError("policy-violation", {
      text: "too many connections from your address",
      lang: "en",
    });
    // Read (and drop) what the client sends, so closing sends a FIN rather than a reset that
    // could discard the error before the client reads it.
    socket.resume();
    socket.end(refusalParts(error, this.options.domains[0]!, false).join(""), () =>
      socket.destroy(),
    );
    return false;
  }

  private websocketSecure(remote: string): boolean {
    const setting = this.options.websocketSecure;
    if (setting !== "loopback") return setting;
    return remote === "127.0.0.1" || remote === "::1" || remote === "::ffff:127.0.0.1";
  }

  private listen(
    server: NetServer | HttpServer,
    port: number,
    host: string,
    what: string,
  ): Promise<BoundAddress> {
    return new Promise((resolve, reject) => {
      const onError = (error: Error) =>
        reject(
          new ListenError(`${what} listener on ${host}:${port}: ${error.message}`, {
            cause: error,
          }),
        );
      server.once("error", onError);
      server.listen(port, host, () => {
        server.off("error", onError);
        watchListenerErrors(server, what, this.limits.refusals);
        this.servers.push(server);
        const info = server.address() as AddressInfo;
        resolve({ address: info.address, port: info.port });
      });
    });
  }

  /** Stops accepting connections; existing ones are closed by their streams. */
  async close(): Promise<void> {
    this.wss?.close();
    await Promise.all(
      this.servers.map(
        (s) =>
          new Promise<void>((resolve) => {
            if ("closeAllConnections" in s) s.closeAllConnections();
            s.close(() => resolve());
          }),
      ),
    );
    this.servers.length = 0;
  }
}

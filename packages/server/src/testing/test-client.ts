// A scripted XMPP client over a real socket (TCP, STARTTLS, direct TLS, WebSocket) for scenario
// tests: send stanzas, wait for the ones expected, fail with what arrived instead.
import { type Socket, connect as netConnect } from "node:net";
import { type SecureVersion, type TLSSocket, connect as tlsConnect } from "node:tls";
import {
  type ChannelBindingType,
  type MechanismName,
  createClientMechanism,
  decodeSaslPayload,
  encodeSaslPayload,
} from "@parley/sasl";
import { NS } from "@parley/stanza";
import { type Element, type XmlStreamParser, createStreamParser, serialize } from "@parley/xml";
import WebSocket from "ws";
import { WEBSOCKET_PATH } from "../listeners";
import { serverEndPoint, tlsExporter } from "../transport/channel-binding";
import { type Matcher, parseXml, toPredicate } from "./match";

export type TestTransport = "tcp" | "tls" | "websocket";

export interface TestClientOptions {
  host?: string;
  /** Local address to connect from (e.g. 127.0.0.2: all of 127.0.0.0/8 is loopback on Linux). */
  localAddress?: string;
  port: number;
  transport?: TestTransport;
  /** `to` of the stream header. */
  domain: string;
  /** Default wait of expect() and friends. */
  timeoutMs?: number;
}

interface Waiter {
  predicate: (el: Element) => boolean;
  resolve(el: Element): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
  what: string;
}

let syncCounter = 0;

export class TestClient {
  readonly transport: TestTransport;
  readonly domain: string;
  /** Every element received, in order (stanzas, features, errors, SASL and TLS nonzas). */
  readonly received: Element[] = [];
  /** Attributes of the last stream header (or <open/>) received. */
  header: Record<string, string> | undefined;
  features: Element | undefined;
  /** Full JID after bind(). */
  jid: string | undefined;
  /** The server closed the XML stream (</stream:stream> or <close/>). */
  streamEnded = false;
  /** Resolves when the connection is closed (by either side). */
  readonly closed: Promise<void>;
  private socket: Socket | TLSSocket | undefined;
  private ws: WebSocket | undefined;
  private parser: XmlStreamParser;
  private readonly queue: Element[] = [];
  private readonly waiters: Waiter[] = [];
  private headerWaiter: ((attrs: Record<string, string>) => void) | undefined;
  private isClosed = false;
  private markClosed!: () => void;
  private readonly timeoutMs: number;

  private constructor(options: TestClientOptions) {
    this.transport = options.transport ?? "tcp";
    this.domain = options.domain;
    this.timeoutMs = options.timeoutMs ?? 15_000; // generous: the suite runs on busy machines too
    this.closed = new Promise((resolve) => {
      this.markClosed = resolve;
    });
    this.parser = this.newParser();
  }

  /** Opens the connection (no stream header yet: call openStream() or login()). */
  static async connect(options: TestClientOptions): Promise<TestClient> {
    const client = new TestClient(options);
    await client.open(options.host ?? "127.0.0.1", options.port, options.localAddress);
    return client;
  }

  private newParser(): XmlStreamParser {
    const parser = createStreamParser({
      maxStanzaBytes: 64 * 1024 * 1024,
      ...(this.transport === "websocket" ? { framing: "websocket" as const } : {}),
    });
    parser.on("streamStart", (attrs) => {
      this.header = { ...attrs };
      this.headerWaiter?.(this.header);
    });
    parser.on("element", (el) => this.onElement(el));
    parser.on("streamEnd", () => {
      this.streamEnded = true;
    });
    parser.on("error", (e) => this.failAll(new Error(`client parser: ${e.message}`)));
    return parser;
  }

  private async open(host: string, port: number, localAddress?: string): Promise<void> {
    if (this.transport === "websocket") {
      const url = `ws://${host}:${port}${WEBSOCKET_PATH}`;
      const ws = new WebSocket(url, "xmpp", localAddress ? { localAddress } : {});
      this.ws = ws;
      ws.on("message", (data) => this.parser.write(String(data)));
      ws.on("close", () => this.onClose());
      ws.on("error", () => {});
      await new Promise<void>((resolve, reject) => {
        ws.once("open", () => resolve());
        ws.once("error", reject);
      });
      return;
    }
    const socket =
      this.transport === "tls"
        ? tlsConnect({
            // tls.connect passes localAddress to its socket, but its types do not list it.
            ...({ host, port, localAddress } as { host: string; port: number }),
            servername: this.domain,
            rejectUnauthorized: false,
          })
        : netConnect({ host, port, localAddress });
    this.attach(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once(this.transport === "tls" ? "secureConnect" : "connect", () => resolve());
      socket.once("error", reject);
    });
  }

  private attach(socket: Socket | TLSSocket): void {
    this.socket = socket;
    socket.on("data", (chunk) => {
      if (this.socket === socket) this.parser.write(chunk);
    });
    socket.on("close", () => {
      if (this.socket === socket) this.onClose();
    });
    socket.on("error", () => {});
  }

  private onClose(): void {
    this.isClosed = true;
    this.failAll(new Error("the connection closed"));
    this.markClosed();
  }

  private onElement(el: Element): void {
    this.received.push(el);
    const i = this.waiters.findIndex((w) => w.predicate(el));
    if (i === -1) {
      this.queue.push(el);
      return;
    }
    const [w] = this.waiters.splice(i, 1);
    clearTimeout(w!.timer);
    w!.resolve(el);
  }

  private failAll(error: Error): void {
    for (const w of this.waiters.splice(0)) {
      clearTimeout(w.timer);
      w.reject(this.describe(`${error.message} while waiting for ${w.what}`));
    }
  }

  private describe(message: string): Error {
    const recent = this.received.slice(-15).map((e) => `  ${serialize(e)}`);
    const pending = this.queue.map((e) => `  ${serialize(e)}`);
    return new Error(
      `${message}\nunclaimed (${pending.length}):\n${pending.join("\n") || "  (none)"}\nlast received:\n${recent.join("\n") || "  (nothing)"}`,
    );
  }

  // ---- writing -----------------------------------------------------------------------------

  /** Raw bytes or text, exactly as given (one WebSocket message on WebSocket). */
  write(data: string | Uint8Array): void {
    if (this.ws) this.ws.send(typeof data === "string" ? data : Buffer.from(data));
    else this.socket?.write(data);
  }

  /** A stanza or nonza: XML text as is, or an element (serialized for this transport). */
  send(stanza: string | Element): void {
    this.write(
      typeof stanza === "string"
        ? stanza
        : serialize(stanza, { parentNs: this.ws ? "" : NS.CLIENT }),
    );
  }

  // ---- reading -----------------------------------------------------------------------------

  /** The first received element matching (queued or still to come); fails after the timeout. */
  expect(matcher: Matcher, options: { timeoutMs?: number } = {}): Promise<Element> {
    const predicate = toPredicate(matcher);
    const what = typeof matcher === "function" ? "a matching element" : String(matcher);
    const i = this.queue.findIndex(predicate);
    if (i !== -1) return Promise.resolve(this.queue.splice(i, 1)[0]!);
    if (this.isClosed) return Promise.reject(this.describe(`connection closed; no ${what}`));
    return new Promise((resolve, reject) => {
      const ms = options.timeoutMs ?? this.timeoutMs;
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(this.describe(`nothing matched within ${ms} ms: ${what}`));
      }, ms);
      const waiter: Waiter = { predicate, resolve, reject, timer, what };
      this.waiters.push(waiter);
    });
  }

  /** The next element received that nobody claimed. */
  nextStanza(options: { timeoutMs?: number } = {}): Promise<Element> {
    return this.expect(() => true, options);
  }

  /** Elements received and not yet claimed by expect()/nextStanza(). */
  get unclaimed(): readonly Element[] {
    return this.queue;
  }

  /** Fails when anything is unclaimed. Use after sync() to assert that nothing was delivered. */
  expectNothingMore(): void {
    if (this.queue.length > 0) throw this.describe("expected no more elements");
  }

  /** Waits for <stream:error> with that condition, then for the end of the stream. */
  async expectStreamError(condition: string): Promise<Element> {
    const el = await this.expect((e) => e.localName === "error" && e.ns === NS.STREAM);
    const got = el.elements().find((c) => c.ns === NS.STREAMS && c.localName !== "text");
    if (got?.localName !== condition) {
      throw this.describe(`stream error <${got?.localName}/>, want <${condition}/>`);
    }
    return el;
  }

  /**
   * A round trip through the server: an iq nobody handles, answered with service-unavailable.
   * Everything the server sent this client before it has been received once sync() resolves.
   */
  async sync(): Promise<void> {
    const id = `sync-${++syncCounter}`;
    this.send(
      `<iq type="get" id="${id}" to="${this.domain}"><sync xmlns="urn:parley:test:sync"/></iq>`,
    );
    await this.expect((e) => e.localName === "iq" && e.attr("id") === id);
  }

  /** Sends an iq and waits for its result or error (matched by id). */
  async iq(stanza: string | Element): Promise<Element> {
    const el = typeof stanza === "string" ? parseXml(stanza) : stanza;
    const id = el.attr("id") ?? `iq-${++syncCounter}`;
    el.setAttr("id", id);
    this.send(el);
    return this.expect(
      (e) =>
        e.localName === "iq" &&
        e.attr("id") === id &&
        (e.attr("type") === "result" || e.attr("type") === "error"),
    );
  }

  // ---- negotiation -------------------------------------------------------------------------

  /** Sends a stream header (or <open/>) and waits for the server's header and features. */
  async openStream(attrs: Record<string, string> = {}): Promise<Element> {
    const header = new Promise<Record<string, string>>((resolve) => {
      this.headerWaiter = resolve;
    });
    const fields = { to: this.domain, version: "1.0", ...attrs };
    const text = Object.entries(fields)
      .map(([k, v]) => ` ${k}="${v}"`)
      .join("");
    if (this.ws) this.write(`<open xmlns="${NS.FRAMING}"${text}/>`);
    else
      this.write(
        `<?xml version='1.0'?><stream:stream xmlns="${NS.CLIENT}" xmlns:stream="${NS.STREAM}"${text}>`,
      );
    await Promise.race([
      header,
      this.closed.then(() => Promise.reject(this.describe("closed before header"))),
    ]);
    this.features = await this.expect((e) => e.localName === "features" && e.ns === NS.STREAM);
    return this.features;
  }

  /** RFC 6120 §5: <starttls/>, <proceed/>, TLS handshake, new stream. */
  /** `maxVersion` caps the TLS version (e.g. "TLSv1.2" to test what differs from TLS 1.3). */
  async starttls(options: { maxVersion?: SecureVersion } = {}): Promise<Element> {
    if (!this.socket || this.ws) throw new Error("STARTTLS needs a TCP connection");
    this.send(`<starttls xmlns="${NS.TLS}"/>`);
    await this.expect(`<proceed xmlns="${NS.TLS}"/>`);
    const plain = this.socket;
    const secure = tlsConnect({
      socket: plain,
      servername: this.domain,
      rejectUnauthorized: false,
      ...(options.maxVersion ? { maxVersion: options.maxVersion } : {}),
    });
    this.parser = this.newParser();
    this.attach(secure);
    await new Promise<void>((resolve, reject) => {
      secure.once("secureConnect", () => resolve());
      secure.once("error", reject);
    });
    return this.openStream();
  }

  get secure(): boolean {
    return this.socket !== undefined && "encrypted" in this.socket;
  }

  /** Channel-binding data of this TLS connection, as the server computes it. */
  channelBinding(type: ChannelBindingType): Uint8Array | undefined {
    const s = this.socket as TLSSocket | undefined;
    if (!s || !this.secure) return undefined;
    if (type === "tls-exporter") return tlsExporter(s);
    if (type === "tls-unique") {
      // RFC 5929 §3.1 from the client's side: its own Finished, the server's when resumed.
      const finished = s.isSessionReused() ? s.getPeerFinished() : s.getFinished();
      return finished && new Uint8Array(finished);
    }
    return serverEndPoint(s.getPeerCertificate(true).raw);
  }

  /**
   * SASL (RFC 6120 §6) with @parley/sasl's client side; resolves on <success/> (and restarts the
   * stream), rejects with the <failure/> condition.
   */
  async authenticate(
    username: string,
    password: string,
    mechanism: MechanismName = "SCRAM-SHA-256",
    options: {
      bindingType?: ChannelBindingType;
      /** Binding data to send instead of this connection's (to test a mismatch). */
      bindingData?: Uint8Array;
      authzid?: string;
    } = {},
  ): Promise<void> {
    const plus = mechanism.endsWith("-PLUS");
    const bindingType = options.bindingType ?? "tls-exporter";
    const data = plus ? (options.bindingData ?? this.channelBinding(bindingType)) : undefined;
    const offered =
      this.features
        ?.getChild("mechanisms", NS.SASL)
        ?.getChildren("mechanism")
        .map((m) => m.text()) ?? [];
    const client = createClientMechanism(mechanism, {
      username,
      password,
      authzid: options.authzid,
      channelBinding: data ? { type: bindingType, data } : undefined,
      serverSupportsChannelBinding: offered.some((n) => n.endsWith("-PLUS")),
    });
    const initial = await client.start();
    this.send(
      `<auth xmlns="${NS.SASL}" mechanism="${mechanism}">${encodeSaslPayload(initial)}</auth>`,
    );
    for (;;) {
      const el = await this.expect((e) => e.ns === NS.SASL);
      if (el.localName === "challenge") {
        const answer = await client.challenge(decodeSaslPayload(el.text()) ?? new Uint8Array(0));
        this.send(`<response xmlns="${NS.SASL}">${encodeSaslPayload(answer)}</response>`);
        continue;
      }
      if (el.localName === "success") {
        await client.success(decodeSaslPayload(el.text()));
        this.parser = this.newParser();
        await this.openStream();
        return;
      }
      const condition = el.elements()[0]?.localName ?? "unknown";
      throw new SaslFailure(condition, serialize(el));
    }
  }

  /** RFC 6120 §7: binds a resource (server-chosen when none is given); returns the full JID. */
  async bind(resource?: string): Promise<string> {
    const res = resource === undefined ? "" : `<resource>${escapeText(resource)}</resource>`;
    const reply = await this.iq(`<iq type="set"><bind xmlns="${NS.BIND}">${res}</bind></iq>`);
    const jid = reply.getChild("bind", NS.BIND)?.getChildText("jid", NS.BIND);
    if (reply.attr("type") !== "result" || !jid)
      throw this.describe(`bind failed: ${serialize(reply)}`);
    this.jid = jid;
    return jid;
  }

  /**
   * Everything up to a bound resource: stream, STARTTLS (when offered and `starttls` is not
   * false, on TCP), SASL, bind. Returns the full JID.
   */
  async login(
    username: string,
    password: string,
    options: { resource?: string; mechanism?: MechanismName; starttls?: boolean } = {},
  ): Promise<string> {
    const features = this.header ? this.features! : await this.openStream();
    const offersTls = features.getChild("starttls", NS.TLS) !== undefined;
    if (offersTls && options.starttls !== false && this.transport === "tcp") await this.starttls();
    await this.authenticate(username, password, options.mechanism);
    return this.bind(options.resource);
  }

  /** Ends the stream politely and waits for the connection to close. */
  async close(): Promise<void> {
    if (this.isClosed) return;
    try {
      if (this.ws) this.write(`<close xmlns="${NS.FRAMING}"/>`);
      else this.write("</stream:stream>");
    } catch {
      // already gone
    }
    const timer = setTimeout(() => this.destroy(), 2000);
    await this.closed;
    clearTimeout(timer);
  }

  /** Drops the connection without closing the stream (a "dropped" TCP connection). */
  destroy(): void {
    if (this.ws) this.ws.terminate();
    else this.socket?.destroy();
  }

  /** Stops reading from the connection (a client that no longer reads what it is sent). */
  pauseReading(): void {
    if (this.ws) this.ws.pause();
    else this.socket?.pause();
  }

  resumeReading(): void {
    if (this.ws) this.ws.resume();
    else this.socket?.resume();
  }
}

export class SaslFailure extends Error {
  override readonly name = "SaslFailure";
  constructor(
    readonly condition: string,
    readonly xml: string,
  ) {
    super(`SASL failure <${condition}/>: ${xml}`);
  }
}

function escapeText(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Round trips on every client, twice: everything they sent has been routed, and everything
 * sent to them because of it has arrived. */
export async function syncAll(...clients: TestClient[]): Promise<void> {
  for (let i = 0; i < 2; i++) for (const c of clients) await c.sync();
}

/** Messages a client received that no expect() claimed (presence and iq are ignored). */
export function strayMessages(client: TestClient): string[] {
  return client.unclaimed.filter((e) => e.localName === "message").map((e) => e.toString());
}

import { Jid } from "@parley/jid";
import { type MechanismName, SaslError } from "@parley/sasl";
import { MessageView, NS, PresenceView, StreamError, generateId, isStanza } from "@parley/stanza";
import { type Element, xml } from "@parley/xml";
import { Emitter } from "./emitter";
import { ClientError, DisconnectedError, NegotiationError, TimeoutError, TlsError } from "./errors";
import { Receipts } from "./im/receipts";
import { Roster, type RosterPush } from "./im/roster";
import { approveStanza, denyStanza, subscribeStanza, unsubscribeStanza } from "./im/subscriptions";
import { type IqHandler, IqCallee } from "./iq/callee";
import { IqCaller, type RequestOptions } from "./iq/caller";
import { type NegotiationResult, negotiate } from "./negotiate/session";
import type { ClientOptions } from "./options";
import { type BackoffOptions, backoffDelay, defaultBackoff } from "./reconnect";
import { StreamManagement } from "./sm/stream-management";
import { XmlStream } from "./stream/xml-stream";
import type { Connector } from "./transport/types";

// The composition of @parley/client: the one place where transport, stream, negotiation, stream
// management, iq, roster and receipts are wired together (STYLE.md).

export type ClientStatus = "offline" | "connecting" | "online" | "reconnecting" | "closing";

export interface ClientEvents {
  status(status: ClientStatus): void;
  /** A session is ready: new (`resumed: false`, bound again) or resumed by XEP-0198. */
  online(info: { jid: Jid; resumed: boolean }): void;
  /** The connection is gone; `willReconnect` says whether the client tries again. */
  disconnect(info: { error?: Error; willReconnect: boolean }): void;
  /** A reconnection attempt is scheduled. */
  reconnecting(info: { attempt: number; delayMs: number; error?: Error }): void;
  /** The client stopped: `stop()` (no error) or a failure it will not retry. */
  offline(error?: Error): void;
  /** A failure no promise could report. Emitted once per failure. */
  error(error: Error): void;
  stanza(stanza: Element): void;
  message(message: MessageView): void;
  presence(presence: PresenceView): void;
  /** A roster push (RFC 6121 §2.1.6) from our server. */
  roster(push: RosterPush): void;
  /** XEP-0198: the server acknowledged this stanza. */
  ack(stanza: Element): void;
}

/** Errors after which trying again cannot help (the user or the server must change something). */
function isFatal(error: unknown): boolean {
  if (error instanceof SaslError) return error.condition !== "temporary-auth-failure";
  if (error instanceof TlsError) return error.condition === "certificate-invalid";
  if (error instanceof NegotiationError) {
    return error.condition === "encryption-required" || error.condition === "bind-failed";
  }
  if (error instanceof StreamError) {
    return [
      "conflict",
      "host-unknown",
      "improper-addressing",
      "invalid-from",
      "invalid-namespace",
      "not-authorized",
      "unsupported-version",
    ].includes(error.condition);
  }
  return false;
}

export class Client extends Emitter<ClientEvents> {
  status: ClientStatus = "offline";
  /** Our full JID once bound. */
  jid: Jid | undefined;
  /** The SASL mechanism of the current session (RFC 6120 §6). */
  mechanism: MechanismName | undefined;
  readonly roster: Roster;
  readonly iq: {
    request(el: Element, options?: RequestOptions): Promise<Element>;
    get(payload: Element, to?: string, options?: RequestOptions): Promise<Element | undefined>;
    set(payload: Element, to?: string, options?: RequestOptions): Promise<Element | undefined>;
    handle(type: "get" | "set", ns: string, name: string, handler: IqHandler): () => void;
  };

  private readonly account: Jid;
  private readonly connector: Connector;
  private readonly sm = new StreamManagement();
  private readonly caller: IqCaller;
  private readonly callee: IqCallee;
  private readonly receipts: Receipts;
  private readonly backoff: BackoffOptions | undefined;
  private readonly timeoutMs: number;
  private stream: XmlStream | undefined;
  private connecting: XmlStream | undefined;
  private features: Element | undefined;
  private lastPresence: Element | undefined;
  private stopped = true;
  private attempt = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private requestTimer: ReturnType<typeof setInterval> | undefined;
  private ackTimer: ReturnType<typeof setTimeout> | undefined;
  private ackScheduled = false;
  /** False after stopReceiving(): stanzas are then neither handled nor acknowledged. */
  private receiving = true;

  constructor(private readonly options: ClientOptions & { connector: Connector }) {
    super((error, event) => {
      // A throwing listener must not break the client; report it once, never loop on `error`.
      if (event !== "error")
        this.emit("error", error instanceof Error ? error : new Error(String(error)));
    });
    this.account = Jid.parse(options.jid);
    this.connector = options.connector;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.backoff =
      options.reconnect === false ? undefined : { ...defaultBackoff, ...options.reconnect };
    this.caller = new IqCaller({
      send: (el) => this.send(el),
      jid: () => this.jid,
      defaultTimeoutMs: this.timeoutMs,
    });
    this.callee = new IqCallee({
      send: (el) => this.send(el),
      onError: (error) => this.fail(error),
    });
    this.receipts = new Receipts({
      send: (el) => this.send(el),
      autoReply: options.receipts?.autoReply ?? true,
    });
    this.roster = new Roster({
      caller: this.caller,
      jid: () => this.jid,
      versioning: () => this.features?.getChild("ver", NS.ROSTER_VER) !== undefined,
      cache: options.rosterCache,
      onPush: (push) => this.emit("roster", push),
    });
    this.iq = {
      request: (el, o) => this.caller.request(el, o),
      get: (payload, to, o) => this.caller.get(payload, to, o),
      set: (payload, to, o) => this.caller.set(payload, to, o),
      handle: (type, ns, name, handler) => this.callee.handle(type, ns, name, handler),
    };
    this.callee.handle("set", NS.ROSTER, "query", this.roster.handlePush);
    this.callee.handle("get", NS.PING, "ping", () => undefined); // XEP-0199 §4
  }

  /** Connects, authenticates and binds; resolves with the full JID. */
  async start(): Promise<Jid> {
    if (!this.stopped) throw new ClientError("negotiation-failed", "already started");
    this.stopped = false;
    this.receiving = true;
    this.attempt = 0;
    this.setStatus("connecting");
    try {
      await this.connectOnce();
    } catch (error) {
      this.stopped = true;
      this.sm.forget();
      this.setStatus("offline");
      throw error;
    }
    return this.jid!;
  }

  /** Closes the stream (ending the XEP-0198 session) and stops reconnecting. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.setStatus("closing");
    clearTimeout(this.reconnectTimer);
    this.stopLiveness();
    this.connecting?.fail(new DisconnectedError("stopped"));
    const stream = this.stream;
    this.stream = undefined;
    if (stream && !stream.ended) {
      // XEP-0198 §4: an <a/> right before a graceful close, so that the server does not take
      // what we received for lost (and store it offline again for the next login).
      if (this.sm.enabled) stream.send(this.sm.answer());
      await new Promise<void>((resolve) => {
        stream.onEnd = () => resolve();
        stream.close();
      });
    }
    this.goOffline(undefined);
  }

  /**
   * Sends a stanza or nonza. While a XEP-0198 session is being resumed, stanzas are queued and
   * sent on resumption; without any session this throws DisconnectedError.
   */
  send(el: Element): void {
    // RFC 6120 §8.1.3: an id lets errors and receipts (XEP-0184 §5.2) refer to the message.
    if (el.localName === "message" && el.attr("id") === undefined) el.setAttr("id", generateId());
    if (el.localName === "presence" && el.attr("to") === undefined) {
      const type = el.attr("type");
      if (type === undefined || type === "unavailable") this.lastPresence = el;
    }
    const stream = this.stream;
    if (this.status === "online" && stream) {
      stream.send(el);
      if (isStanza(el) && this.sm.enabled) {
        this.sm.sent(el);
        this.scheduleAckRequest();
      }
      return;
    }
    if (!this.stopped && this.sm.resumable && isStanza(el)) {
      this.sm.sent(el); // sent on resumption, or on the new session (see reconnect())
      return;
    }
    throw new DisconnectedError();
  }

  /**
   * Stops taking stanzas: from now on received stanzas are dropped without being counted as
   * handled, so XEP-0198 acknowledges only what came before and the server keeps the rest
   * (Parley and Prosody store unacknowledged messages offline when the session ends). Call it
   * from a listener to stop right after that stanza (e.g. the last message an application
   * wants), then `stop()`. Without stream management the dropped stanzas are lost. `start()`
   * takes stanzas again.
   */
  stopReceiving(): void {
    this.receiving = false;
  }

  /** XEP-0184: sends `message` with a receipt request; resolves when the receipt arrives. */
  sendAndWaitForReceipt(message: Element, options: { timeoutMs?: number } = {}): Promise<void> {
    return this.receipts.sendAndWait(message, options.timeoutMs ?? this.timeoutMs);
  }

  subscribe(jid: string): void {
    this.send(subscribeStanza(jid));
  }

  approve(jid: string): void {
    this.send(approveStanza(jid));
  }

  deny(jid: string): void {
    this.send(denyStanza(jid));
  }

  unsubscribe(jid: string): void {
    this.send(unsubscribeStanza(jid));
  }

  /** Drops the connection without closing the stream, as a network failure would (tests, debugging). */
  dropConnection(): void {
    this.stream?.destroy();
  }

  private setStatus(status: ClientStatus): void {
    if (this.status === status) return;
    this.status = status;
    this.emit("status", status);
  }

  private fail(error: unknown): void {
    this.emit("error", error instanceof Error ? error : new Error(String(error)));
  }

  private async connectOnce(): Promise<void> {
    const o = this.options;
    const stream = new XmlStream(this.account.domain, o.lang);
    this.connecting = stream;
    let result: NegotiationResult;
    try {
      const transport = await this.connector({
        domain: this.account.domain,
        host: o.host,
        port: o.port,
        url: o.url,
        tls: o.tls,
        insecure: o.insecure,
        timeoutMs: o.connectTimeoutMs ?? 15_000,
        events: stream.events,
      });
      if (this.stopped) {
        transport.destroy();
        throw new DisconnectedError("stopped");
      }
      stream.attach(transport);
      result = await negotiate(stream, {
        tls: o.tls,
        credentials: {
          username: this.account.local ?? "",
          password: o.password,
          allowPlainWithoutTls: o.allowPlainWithoutTls,
        },
        resource: o.resource ?? this.account.resource ?? undefined,
        timeoutMs: this.timeoutMs,
        sm: this.sm,
        enableSm: o.streamManagement !== false,
      });
      if (stream.ended) throw new DisconnectedError("connection lost during negotiation");
    } catch (error) {
      stream.fail(error as Error);
      throw error;
    } finally {
      this.connecting = undefined;
    }
    this.sessionReady(stream, result);
  }

  private sessionReady(stream: XmlStream, result: NegotiationResult): void {
    this.stream = stream;
    this.mechanism = result.mechanism;
    stream.onEnd = (error) => this.streamEnded(stream, error);
    this.setStatus("online");
    stream.startDispatch((el) => this.receive(el));
    for (const el of result.early) this.receive(el);
    this.attempt = 0;
    if (result.resumed) {
      // XEP-0198 §5: what the old stream did not deliver goes out again, in order.
      for (const el of result.resend) stream.send(el);
      if (result.resend.length > 0) this.scheduleAckRequest();
    } else {
      this.jid = result.jid;
      this.features = result.features;
      if (result.lost) this.takeOverLostSession(result.lost.stanzas);
    }
    this.startLiveness();
    this.emit("online", { jid: this.jid!, resumed: result.resumed });
  }

  /**
   * Resumption failed, so this is a new session (XEP-0198 §5, "failed"). Our decision:
   * requests of the old session are rejected (their answers can never come); the last broadcast
   * presence is sent again; messages the server did not acknowledge are sent again. When the
   * server's <failed/> carried `h` (XEP-0198 §5) these are exactly the lost ones; without `h` a
   * message the server got just before the drop may arrive twice, which we prefer to losing it.
   * Other unacknowledged stanzas (presence, iq) are dropped: they belonged to the old session.
   */
  private takeOverLostSession(stanzas: Element[]): void {
    this.caller.rejectAll(new DisconnectedError("the previous session could not be resumed"));
    if (this.lastPresence) this.send(this.lastPresence);
    for (const el of stanzas) if (el.localName === "message") this.send(el);
  }

  private streamEnded(stream: XmlStream, error: Error | undefined): void {
    if (stream !== this.stream) return;
    this.stream = undefined;
    this.stopLiveness();
    if (this.stopped) return;
    const willReconnect = this.backoff !== undefined && !isFatal(error);
    if (!this.sm.resumable) {
      this.caller.rejectAll(new DisconnectedError("connection lost", { cause: error }));
    }
    this.emit("disconnect", error ? { error, willReconnect } : { willReconnect });
    if (!willReconnect) {
      this.stopped = true;
      this.goOffline(error ?? new DisconnectedError("the server closed the session"));
      return;
    }
    this.scheduleReconnect(error);
  }

  private scheduleReconnect(error: Error | undefined): void {
    const backoff = this.backoff!;
    this.attempt++;
    if (backoff.maxAttempts !== undefined && this.attempt > backoff.maxAttempts) {
      this.stopped = true;
      this.goOffline(error ?? new DisconnectedError("gave up reconnecting"));
      return;
    }
    const delayMs = backoffDelay(this.attempt, backoff);
    this.setStatus("reconnecting");
    this.emit(
      "reconnecting",
      error ? { attempt: this.attempt, delayMs, error } : { attempt: this.attempt, delayMs },
    );
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.connectOnce().catch((e: unknown) => {
        if (this.stopped) return;
        const err = e instanceof Error ? e : new Error(String(e));
        if (isFatal(err)) {
          this.stopped = true;
          this.goOffline(err);
        } else this.scheduleReconnect(err);
      });
    }, delayMs);
  }

  private goOffline(error: Error | undefined): void {
    this.stopLiveness();
    clearTimeout(this.reconnectTimer);
    const gone = new DisconnectedError("client offline", { cause: error });
    this.sm.forget();
    this.caller.rejectAll(gone);
    this.receipts.rejectAll(gone);
    this.setStatus("offline");
    if (error) this.emit("error", error);
    this.emit("offline", error);
  }

  private receive(el: Element): void {
    if (el.ns === NS.SM) {
      this.receiveSm(el);
      return;
    }
    if (!isStanza(el) || el.ns !== NS.CLIENT || !this.receiving) return;
    this.sm.received();
    this.emit("stanza", el);
    if (el.localName === "iq") {
      const type = el.attr("type");
      if (type === "result" || type === "error") this.caller.handle(el);
      else this.callee.dispatch(el).catch((error: unknown) => this.fail(error));
    } else if (el.localName === "message") {
      this.receipts.handle(el);
      this.emit("message", new MessageView(el));
    } else {
      this.emit("presence", new PresenceView(el));
    }
  }

  private receiveSm(el: Element): void {
    if (el.localName === "r") {
      this.stream?.send(this.sm.answer());
      return;
    }
    if (el.localName !== "a") return;
    clearTimeout(this.ackTimer);
    this.ackTimer = undefined;
    let acked: Element[];
    try {
      acked = this.sm.ack(el.attr("h"));
    } catch (error) {
      // XEP-0198 §4: a count higher than what we sent is a stream error.
      const sent = this.sm.unacked.length;
      this.sm.forget();
      const streamError = new StreamError("undefined-condition", {
        application: xml("handled-count-too-high", {
          xmlns: NS.SM,
          h: el.attr("h") ?? "",
          "send-count": String(sent),
        }),
        cause: error,
      });
      this.stream?.send(streamError.toElement());
      this.stream?.fail(error as Error);
      return;
    }
    for (const stanza of acked) this.emit("ack", stanza);
  }

  private scheduleAckRequest(): void {
    if (this.ackScheduled) return;
    this.ackScheduled = true;
    queueMicrotask(() => {
      this.ackScheduled = false;
      this.requestAck();
    });
  }

  /** Sends <r/>; the connection counts as dead when no <a/> comes within the ack timeout. */
  private requestAck(): void {
    const stream = this.stream;
    if (!stream || !this.sm.enabled) return;
    stream.send(xml("r", { xmlns: NS.SM }));
    if (this.ackTimer !== undefined) return;
    const sm = this.options.streamManagement;
    const ackTimeoutMs = (sm ? sm.ackTimeoutMs : undefined) ?? 30_000;
    const timeout = new TimeoutError(`no XEP-0198 <a/> in ${ackTimeoutMs} ms`);
    this.ackTimer = setTimeout(() => {
      this.ackTimer = undefined;
      stream.fail(timeout);
    }, ackTimeoutMs);
  }

  private startLiveness(): void {
    this.stopLiveness();
    if (!this.sm.enabled) return;
    const sm = this.options.streamManagement;
    const interval = (sm ? sm.requestIntervalMs : undefined) ?? 60_000;
    this.requestTimer = setInterval(() => this.requestAck(), interval);
    (this.requestTimer as { unref?: () => void }).unref?.();
  }

  private stopLiveness(): void {
    clearInterval(this.requestTimer);
    clearTimeout(this.ackTimer);
    this.requestTimer = undefined;
    this.ackTimer = undefined;
  }
}

// One client-to-server stream (RFC 6120): header, STARTTLS, SASL, bind, then stanzas. Elements
// are handled one at a time in arrival order; every protocol violation ends in its stream error
// and never affects other streams.
import { randomBytes } from "node:crypto";
import { Jid } from "@parley/jid";
import { NS, StanzaError, StreamError, errorReply } from "@parley/stanza";
import {
  type Attributes,
  type Element,
  type XmlStreamError,
  type XmlStreamEvents,
  type XmlStreamParser,
  createStreamParser,
  echo,
  serialize,
  xml,
} from "@parley/xml";
import type { ServerCore } from "../core/core";
import type { Dispatcher } from "../core/dispatcher";
import { ClientSession, type SessionEnder, type SessionStream } from "../core/session";
import { endSession } from "../core/stream-control";
import { type ServerLimits, addressKey, resourceLimitError, throttleSaslOutcome } from "../limits";
import type { NonzaHandler, SessionClosedEvent } from "../module-api";
import type { Transport } from "../transport/transport";
import {
  bindError,
  bindReply,
  isBindRequest,
  isSessionRequest,
  resourceToBind,
  sessionReply,
} from "./bind";
import {
  bindFeatures,
  channelBindingFeature,
  featuresElement,
  mechanismsFeature,
  starttlsFeature,
} from "./features";
import { checkHeader, closingTag, responseHeader } from "./header";
import { type SaslOutcome, SaslNegotiation, failure } from "./sasl-negotiation";
import { StanzaTimer } from "./stanza-timer";
import { stampFrom, validateStanza } from "./stanza-intake";
import type { StreamState } from "./stream-state";
import { TokenBucket } from "./token-bucket";

export interface StreamHost {
  readonly core: ServerCore;
  readonly dispatcher: Dispatcher;
  /** Connection limits and the login throttle; a stream counts as pre-auth from its start. */
  readonly limits: ServerLimits;
  /** Called once the stream is gone and its session-closed handlers ran. */
  removed(stream: C2sStream): void;
  /** Ends a session for good (one function shared by all sessions). */
  readonly endSession: SessionEnder;
}

/** The parser's events, queued on the stream in order; each counts as parsed, then as handled. */
class ParserEvents implements XmlStreamEvents {
  constructor(private readonly stream: C2sStream) {}

  streamStart(attrs: Readonly<Attributes>): void {
    const stream = this.stream;
    stream.unitsParsed += 1;
    stream.enqueue(() => {
      stream.unitsHandled += 1;
      return stream.onHeader(attrs);
    });
  }

  element(el: Element): void {
    const stream = this.stream;
    stream.unitsParsed += 1;
    stream.enqueue(() => {
      stream.unitsHandled += 1;
      return stream.onElement(el);
    });
  }

  streamEnd(): void {
    const stream = this.stream;
    stream.enqueue(() => stream.closeWithError(undefined, "closed"));
  }

  error(e: XmlStreamError): void {
    const stream = this.stream;
    const error = new StreamError(e.condition, { text: e.message, lang: "en" });
    stream.enqueue(() => stream.closeWithError(error, "error"));
  }
}

export class C2sStream implements SessionStream {
  /** The stream's session; replaced by the resumed one on a XEP-0198 resumption (adopt()). */
  session: ClientSession;
  private readonly parser: XmlStreamParser;
  private queue: Promise<void> = Promise.resolve();
  /** Checked on every element (stream-state.ts). */
  private state: StreamState = "awaiting-header";
  /** Header and elements parsed, and how many of them were taken from the queue (ParserEvents). */
  unitsParsed = 0;
  unitsHandled = 0;
  private stanzaTimer: StanzaTimer | undefined;
  private finished: Promise<void> | undefined;
  private headerSent = false;
  private host: string;
  private clientFrom: string | undefined;
  private authenticated: Jid | undefined;
  private sasl: SaslNegotiation | undefined;
  private failedAuth = 0;
  private preAuthTimer: NodeJS.Timeout | undefined;
  /** Counted in limits.preAuthConnections (the server admitted it) until bound or closed. */
  private preAuthCounted = true;
  private readonly bucket: TokenBucket | undefined;

  constructor(
    readonly transport: Transport,
    private readonly owner: StreamHost,
  ) {
    const { options } = owner.core;
    this.host = options.domains[0]!;
    this.session = new ClientSession(newId(), this.host, this, owner.endSession);
    this.parser = createStreamParser({
      maxStanzaBytes: options.limits.maxStanzaBytes,
      ...(transport.framed ? { framing: "websocket" as const } : {}),
    });
    if (options.limits.bytesPerSecond > 0) {
      this.bucket = new TokenBucket(options.limits.bytesPerSecond);
    }
  }

  private get core(): ServerCore {
    return this.owner.core;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private get closed(): boolean {
    return this.state === "closing";
  }

  /** Bytes of an incomplete top-level element held by the parser (StanzaTimer). */
  get pendingBytes(): number {
    return this.parser.pendingBytes;
  }

  start(): void {
    // One receiver object per stream instead of four closures (an idle stream keeps it).
    this.parser.receive(new ParserEvents(this));
    this.transport.onData((chunk) => this.onData(chunk));
    this.transport.onClose(() => void this.finish("dropped"));
    this.transport.limitSendBuffer(this.core.options.limits.maxSendBufferBytes, () =>
      this.sendOverflow(),
    );
    const timeout = this.core.options.limits.preAuthTimeoutMs;
    if (timeout > 0) {
      this.preAuthTimer = setTimeout(() => {
        const error = new StreamError("connection-timeout", {
          text: "authenticate and bind sooner",
          lang: "en",
        });
        this.enqueue(() => this.closeWithError(error, "timeout"));
      }, timeout);
    }
  }

  private onData(chunk: Uint8Array | string): void {
    if (this.closed) return;
    if (this.bucket) {
      const wait = this.bucket.take(
        typeof chunk === "string" ? Buffer.byteLength(chunk) : chunk.length,
      );
      if (wait > 0) {
        this.transport.pause();
        setTimeout(() => this.transport.resume(), wait).unref();
      }
    }
    try {
      this.parser.write(chunk);
    } catch (e) {
      this.core.log.error("parser failure", { error: String(e) });
      void this.closeWithError(new StreamError("internal-server-error"), "error");
      return;
    }
    // Nothing to do for whole stanzas; a partial one arms the stream's stanza timeout.
    if (this.parser.pendingBytes > 0) (this.stanzaTimer ??= this.newStanzaTimer()).check();
  }

  private newStanzaTimer(): StanzaTimer {
    const ms = this.core.options.limits.stanzaTimeoutMs;
    return new StanzaTimer(ms, this, () => {
      const text = `a top-level element stayed incomplete for ${ms} ms`;
      const error = new StreamError("connection-timeout", { text, lang: "en" });
      void this.closeWithError(error, "timeout");
    });
  }

  /**
   * The peer does not read what it is sent (limits.maxSendBufferBytes): <policy-violation/>
   * (RFC 6120 §4.9.3.18) is written after what is queued and the connection destroyed at once,
   * not ended: a flush would wait on the peer that does not read. Called from inside a send
   * (another stream's routing), so the session cleanup runs a microtask later.
   */
  private sendOverflow(): void {
    if (this.closed) return;
    const { log, metrics, options } = this.core;
    log.warn("send buffer full: closing a connection that does not read", {
      stream: this.session.id,
      jid: this.session.jid?.toString(),
      remote: this.transport.remoteAddress,
      limit: options.limits.maxSendBufferBytes,
    });
    metrics.count("streams.send-buffer-overflow");
    metrics.count("stream-errors.policy-violation");
    this.state = "closing";
    const text = "too much output waiting: the client does not read";
    const error = new StreamError("policy-violation", { text, lang: "en" });
    this.sendElement(error.toElement({ standalone: this.transport.framed }));
    this.write(closingTag(this.transport.framed));
    this.transport.destroy();
    queueMicrotask(() => void this.finish("send-overflow"));
  }

  /** Also called by ParserEvents. */
  enqueue(task: () => Promise<void> | void): void {
    this.queue = this.queue
      .then(() => (this.closed ? undefined : task()))
      .catch((error: unknown) => {
        this.core.log.error("stream task failed", {
          stream: this.session.id,
          error: error instanceof Error ? (error.stack ?? error.message) : String(error),
        });
        return this.closeWithError(new StreamError("internal-server-error"), "error");
      });
  }

  // ---- output ------------------------------------------------------------------------------

  private write(text: string, written?: (ok: boolean) => void): void {
    this.transport.send(text, written);
  }

  private sendElement(el: Element, written?: (ok: boolean) => void): void {
    // Inside a TCP stream jabber:client is in scope; a WebSocket message stands alone (RFC 7395 §3.3.3).
    this.write(serialize(el, { parentNs: this.transport.framed ? "" : NS.CLIENT }), written);
  }

  /** A top-level element that is not a stanza (XEP-0198, XEP-0352), written as is. */
  sendNonza(el: Element): void {
    if (!this.closed) this.sendElement(el);
  }

  drop(): void {
    this.transport.destroy();
  }

  adopt(session: ClientSession): void {
    this.stopPreAuthTimer();
    this.session = session;
    if (!this.closed) this.state = "open"; // XEP-0198 §5: a resumed session is bound already
    session.attach(this);
  }

  sendStanza(stanza: Element, written?: (ok: boolean) => void): void {
    if (this.closed) {
      written?.(false);
      return;
    }
    if (stanza.ns === "") adoptClientNamespace(stanza);
    this.core.metrics.count("stanzas.out");
    this.sendElement(stanza, written);
  }

  private sendHeader(): void {
    this.headerSent = true;
    const fields = { id: newId(), from: this.host, to: this.clientFrom };
    this.write(responseHeader(fields, this.transport.framed));
  }

  // ---- closing -----------------------------------------------------------------------------

  /** Sends the stream error (if any) and the closing tag, then closes the connection. */
  closeWithError(error: StreamError | undefined, reason: string): Promise<void> {
    if (this.closed) return this.finished ?? Promise.resolve();
    if (error) {
      // RFC 6120 §4.9.1.2: an error about the initial header still follows a header of ours.
      if (!this.headerSent) this.sendHeader();
      this.sendElement(error.toElement({ standalone: this.transport.framed }));
      this.core.metrics.count(`stream-errors.${error.condition}`);
    }
    if (this.headerSent) this.write(closingTag(this.transport.framed));
    this.transport.end();
    return this.finish(reason);
  }

  private finish(reason: string): Promise<void> {
    this.state = "closing";
    this.finished ??= this.cleanup(reason);
    return this.finished;
  }

  private async cleanup(reason: string): Promise<void> {
    this.stopPreAuthTimer();
    this.stanzaTimer?.stop();
    this.sasl = undefined;
    this.parser.end();
    const { session } = this;
    try {
      // Taken over by a resumption on another connection, or ended by StreamControl.end.
      if (session.stream !== this) return;
      if (reason === "dropped" && session.jid && this.core.registry.get(session.jid) === session) {
        // A lost connection: a module may keep the session for resumption (XEP-0198 §5).
        const event: SessionClosedEvent = { session, reason };
        if ((await this.core.events.fire("session-hibernate", event)) === true) {
          session.detach();
          this.core.metrics.count("sessions.hibernated");
          return;
        }
      }
      await endSession(this.core, session, reason);
    } catch (error) {
      this.core.log.error("session-closed handler failed", { error: String(error) });
    } finally {
      this.owner.removed(this);
    }
  }

  /** Clears the pre-authentication timeout and forgets its handle (a Timeout per stream). */
  private stopPreAuthTimer(): void {
    if (this.preAuthCounted) {
      this.preAuthCounted = false;
      this.owner.limits.connections.leavePreAuth();
    }
    if (this.preAuthTimer === undefined) return;
    clearTimeout(this.preAuthTimer);
    this.preAuthTimer = undefined;
  }

  // ---- input -------------------------------------------------------------------------------

  async onHeader(attrs: Readonly<Record<string, string>>): Promise<void> {
    // The parser gives one header per (re)started stream; anything else is a bug to stop on.
    if (this.state !== "awaiting-header") throw new Error(`stream header in state ${this.state}`);
    let host: string;
    try {
      host = checkHeader(attrs, this.transport.framed, this.core.options.domains);
    } catch (e) {
      if (e instanceof StreamError) return this.closeWithError(e, "error");
      throw e;
    }
    if (this.authenticated && host !== this.host) {
      return this.closeWithError(new StreamError("host-unknown"), "error");
    }
    this.host = host;
    this.session.host = host;
    this.clientFrom = attrs.from;
    this.state = "negotiating";
    this.sendHeader();
    this.sendElement(featuresElement(await this.features(), this.transport.framed));
  }

  /** RFC 6120 §5.3.1: while TLS is mandatory and missing, nothing but STARTTLS is offered. */
  private get mustEncryptFirst(): boolean {
    return this.core.options.requireEncryption && !this.transport.secure;
  }

  private async features(): Promise<Element[]> {
    const out: Element[] = [];
    const t = this.transport;
    const stage = this.authenticated ? "post-auth" : "pre-auth";
    if (!this.authenticated) {
      if (t.canStartTls) out.push(starttlsFeature(this.core.options.requireEncryption));
      if (this.mustEncryptFirst) return out;
      this.sasl = this.newSasl();
      const mechanisms = this.sasl.offered();
      if (mechanisms.length > 0) out.push(mechanismsFeature(mechanisms));
      const bindings = Object.keys(t.channelBindings());
      if (bindings.length > 0) out.push(channelBindingFeature(bindings));
    } else {
      out.push(...bindFeatures());
    }
    await this.core.events.fire("stream-features", { session: this.session, stage, features: out });
    return out;
  }

  private newSasl(): SaslNegotiation {
    const { options } = this.core;
    const accounts = options.storage.accounts;
    return new SaslNegotiation(
      {
        encrypted: this.transport.secure,
        allowPlainWithoutTls: options.allowPlainWithoutTls,
        scramHashes: options.scramHashes,
        channelBindings: this.transport.channelBindings(),
        domain: this.host,
        // RFC 5802 §9: an unknown user's challenge looks like a new account's (same iteration
        // count, a salt that survives restarts).
        fakeCredentials: { secret: this.core.scramSecret, iterations: options.scramIterations },
        lookupCredentials: async (username) =>
          (await accounts.get(`${username}@${this.host}`))?.credentials,
      },
      options.mechanisms,
    );
  }

  async onElement(el: Element): Promise<void> {
    if (this.state === "awaiting-header") return this.beforeHeader(el);
    if (!this.authenticated) return this.negotiate(el);
    if (!this.isClientNs(el)) {
      const handler = this.core.nonzas.get(el.ns);
      if (handler) return this.onNonza(el, handler);
    }
    if (this.state !== "open") return this.beforeBind(el);
    return this.onStanza(el);
  }

  /**
   * An element parsed before the stream restarted (stream-state.ts): sent ahead of <proceed/>
   * and the TLS handshake, or of SASL <success/>. RFC 6120 §5.4.3.3 and §6.4.6: the new stream
   * starts with a new header; nothing from before it is acted on.
   */
  private beforeHeader(el: Element): Promise<void> {
    this.core.log.warn("element received before the restarted stream's header", {
      remote: this.transport.remoteAddress,
      element: echo(el.name),
    });
    this.core.metrics.count("streams.data-before-restart");
    const text = "data sent before the stream restart is not accepted";
    return this.closeWithError(new StreamError("policy-violation", { text, lang: "en" }), "error");
  }

  /** Restarts the stream (RFC 6120 §4.3.3): a new header must come before anything else. */
  private restartStream(): void {
    this.parser.reset();
    this.headerSent = false;
    this.state = "awaiting-header";
  }

  private async negotiate(el: Element): Promise<void> {
    if (el.ns === NS.TLS && el.localName === "starttls") return this.startTls();
    if (el.ns === NS.SASL) {
      // RFC 6120 §6.5.4: no authentication over an unprotected stream when TLS is mandatory.
      if (this.mustEncryptFirst)
        return this.saslOutcome({ ...failure("encryption-required"), counts: false });
      this.sasl ??= this.newSasl();
      if (el.localName === "auth") return this.saslOutcome(await this.sasl.auth(el));
      if (el.localName === "response") return this.saslOutcome(await this.sasl.response(el));
      if (el.localName === "abort") return this.saslOutcome(this.sasl.abort());
      return this.saslOutcome(failure("malformed-request", `unexpected <${echo(el.localName)}/>`));
    }
    if (el.localName === "iq" && this.isClientNs(el) && !this.mustEncryptFirst) {
      // XEP-0077 in-band registration and the like, before authentication.
      const reply = await this.core.events.fire("unauthenticated-iq", {
        session: this.session,
        stanza: el,
      });
      if (reply !== undefined && reply !== null && typeof reply === "object") {
        return this.sendStanza(reply as Element);
      }
    }
    // RFC 6120 §4.9.3.12: stanzas before the stream is authenticated.
    return this.closeWithError(new StreamError("not-authorized"), "error");
  }

  private async startTls(): Promise<void> {
    if (!this.transport.canStartTls) {
      // RFC 6120 §5.4.2.2: <failure/>, then the stream is closed.
      this.sendElement(xml("failure", { xmlns: NS.TLS }));
      return this.closeWithError(undefined, "error");
    }
    if (this.unitsParsed !== this.unitsHandled || this.parser.pendingBytes > 0) {
      // Bytes after <starttls/> in the clear would be parsed as if sent inside TLS (STARTTLS
      // command injection, CVE-2011-0411): a client must wait for <proceed/> (§5.4.3.3).
      // Prosody and Postfix close such a connection; so do we, with <failure/> (§5.4.2.2).
      this.core.log.warn("data after <starttls/>: refusing TLS", {
        remote: this.transport.remoteAddress,
      });
      this.core.metrics.count("streams.data-after-starttls");
      this.sendElement(xml("failure", { xmlns: NS.TLS }));
      return this.closeWithError(undefined, "error");
    }
    this.sendElement(xml("proceed", { xmlns: NS.TLS }));
    // §5.4.3.3: a new stream starts over TLS; nothing of the old one is kept (§4.3.3).
    this.restartStream();
    try {
      await this.transport.startTls();
    } catch (error) {
      this.core.log.info("TLS handshake failed", {
        remote: this.transport.remoteAddress,
        error: String(error),
      });
      this.transport.destroy();
      await this.finish("error");
    }
  }

  private async saslOutcome(verdict: SaslOutcome): Promise<void> {
    const { metrics, options } = this.core;
    // Issue 12: bans and delays across connections (limits/sasl-throttle.ts).
    const { auth, refusals } = this.owner.limits;
    const address = addressKey(this.transport.remoteAddress);
    const outcome = await throttleSaslOutcome(auth, refusals, address, this.host, verdict);
    if (this.closed) return;
    if (outcome.kind === "challenge") return this.sendElement(outcome.reply);
    if (outcome.kind === "success") {
      let bare: Jid;
      try {
        bare = Jid.of({ local: outcome.authcid, domain: this.host });
      } catch {
        return this.saslOutcome(failure("not-authorized"));
      }
      this.authenticated = bare;
      this.session.bareJid = bare;
      // Negotiation is over for good (RFC 6120 §6.4.6): nothing of it stays with the stream.
      this.sasl = undefined;
      metrics.count("auth.success");
      // §6.4.6: the stream restarts; the parser must expect a new header.
      this.restartStream();
      return this.sendElement(outcome.reply);
    }
    if (outcome.counts) {
      this.failedAuth += 1;
      metrics.count("auth.failed");
      // Throttle password guessing: every failure is answered late.
      const delay = options.limits.failedAuthDelayMs;
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      if (this.closed) return;
    }
    this.sendElement(outcome.reply);
    if (outcome.counts && this.failedAuth >= options.limits.failedAuthAttempts) {
      // §6.4.5: too many retries end in a <not-authorized/> stream error.
      const text = "too many failed authentication attempts";
      await this.closeWithError(new StreamError("not-authorized", { text, lang: "en" }), "error");
    }
  }

  private async beforeBind(el: Element): Promise<void> {
    if (this.isClientNs(el) && isBindRequest(el)) return this.bind(el);
    if (this.isClientNs(el) && isSessionRequest(el)) return this.sendStanza(sessionReply(el));
    // RFC 6120 §7.1: no stanzas are processed before a resource is bound.
    return this.closeWithError(
      new StreamError("not-authorized", { text: "bind a resource first", lang: "en" }),
      "error",
    );
  }

  private async bind(el: Element): Promise<void> {
    const { registry: sessions, events } = this.core;
    if (el.attr("id") === undefined) {
      const error = new StanzaError("bad-request", { text: "iq without id", lang: "en" });
      return this.sendStanza(bindError(el, error)); // RFC 6120 §8.1.3
    }
    let full: Jid;
    try {
      full = resourceToBind(el, this.authenticated!, (j) => sessions.has(j));
    } catch (e) {
      if (e instanceof StanzaError) return this.sendStanza(bindError(el, e));
      throw e;
    }
    const { limits } = this.owner;
    const max = this.core.options.limits.resourcesPerAccount;
    const overLimit = resourceLimitError(sessions, full, max, limits.refusals);
    if (overLimit) return this.sendStanza(bindError(el, overLimit)); // RFC 6120 §7.6.2.1
    // RFC 6120 §7.7.2.2: the resource is in use; Parley's policy is to replace the old session,
    // which receives a <conflict/> stream error.
    const existing = sessions.get(full);
    if (existing && existing !== this.session) {
      const text = "replaced by a new session with the same resource";
      await existing.terminate(new StreamError("conflict", { text, lang: "en" }), "replaced");
    }
    if (this.closed) return;
    sessions.bind(full, this.session);
    this.session.jid = full;
    this.state = "open";
    // The full JID caches its bare form (and modules ask for it): keep that one, not a copy.
    this.session.bareJid = full.bare();
    this.authenticated = this.session.bareJid;
    this.stopPreAuthTimer();
    this.sendStanza(bindReply(el, full));
    await events.fire("resource-bind", { session: this.session });
    await events.fire("session-started", { session: this.session });
  }

  private async onNonza(el: Element, handler: NonzaHandler): Promise<void> {
    try {
      await handler({ session: this.session, element: el });
    } catch (e) {
      if (e instanceof StreamError) return this.closeWithError(e, "error");
      throw e;
    }
  }

  private isClientNs(el: Element): boolean {
    return el.ns === NS.CLIENT || (this.transport.framed && el.ns === "");
  }

  private async onStanza(el: Element): Promise<void> {
    const kind = el.localName;
    if (!this.isClientNs(el) || (kind !== "message" && kind !== "presence" && kind !== "iq")) {
      // RFC 6120 §4.9.3.24: a first-level element we do not understand.
      // The name and namespace come from the client: quoted cut short, never whole.
      const text = `<${echo(el.name)}/> in namespace "${echo(el.ns)}" is not supported`;
      return this.closeWithError(
        new StreamError("unsupported-stanza-type", { text, lang: "en" }),
        "error",
      );
    }
    this.session.observeInbound(el); // XEP-0198 §4: every stanza received counts
    if (isSessionRequest(el)) return this.session.send(sessionReply(el));
    try {
      stampFrom(el, this.session.jid!);
    } catch (e) {
      if (e instanceof StreamError) return this.closeWithError(e, "error");
      throw e;
    }
    try {
      validateStanza(el);
    } catch (e) {
      if (!(e instanceof StanzaError)) throw e;
      const type = el.attr("type");
      if (type !== "error" && type !== "result") this.session.send(errorReply(el, e));
      return;
    }
    this.core.metrics.count("stanzas.in");
    await this.owner.dispatcher.route(el, this.session);
  }
}

/** A stanza built without any namespace is a jabber:client one; so are such children. */
function adoptClientNamespace(el: Element): void {
  if (el.ns !== "" || el.prefix !== undefined || el.attrs.xmlns !== undefined) return;
  el.ns = NS.CLIENT;
  for (const c of el.children) if (typeof c !== "string") adoptClientNamespace(c);
}

function newId(): string {
  return randomBytes(12).toString("base64url");
}

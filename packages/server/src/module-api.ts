// The public module API: what a module (built-in or a third-party `mod-*` package) sees.
// Event vocabulary (Prosody's): for a stanza of kind K (message | presence | iq) whose destination
// D is `host` (to is absent or a local domain), `bare` (a local account's bare JID) or `full`:
//   pre-K/D       fired for stanzas sent by a local session, before routing (blocking, carbons, …)
//   iq-T/D/NS:N   for iq of type T (get|set) with payload element N in namespace NS
//   iq-result/D/ID is not used: replies to the server's own iqs resolve `ctx.request` promises
//   K/D           the delivery step; the built-in modules register the RFC 6121 rules at priority 0
// An iq without `to` from a client is handled on behalf of the sender's account (RFC 6120
// §10.3.3): destination `bare`, `to` = the sender's bare JID.
// Plus session events: `stream-features` (StreamFeaturesEvent), `unauthenticated-iq`, `resource-bind` (SessionEvent,
// after bind), `session-started` (after bind), `session-closed` (SessionClosedEvent), and
// `server-started` / `server-stopping`. An iq get/set that nobody answers gets service-unavailable.
// Stream-level events (for XEP-0198-like modules, see `StreamControl`): `session-hibernate`
// (SessionClosedEvent, reason "dropped": the connection of a bound session was lost without a
// closed stream; a handler that returns `true` keeps the session bound without a connection, and
// must end it later with `streams.end`), `session-resumed` (SessionEvent: a hibernating or
// still-connected session was attached to a new connection by `streams.resume`).
import type { Jid } from "@parley/jid";
import type { StanzaError, StreamError } from "@parley/stanza";
import type { Storage } from "@parley/storage";
import type { Element } from "@parley/xml";
import type { Handler } from "./events";

export type StanzaKind = "message" | "presence" | "iq";
export type Destination = "host" | "bare" | "full";
export type TransportKind = "tcp" | "tls" | "websocket";

/** A client stream as modules see it (RFC 6120 §7: a session is a bound resource). */
export interface Session {
  /** The origin kind of what this session sends (StanzaOrigin): a local client session. */
  readonly kind: "local";
  /** Stream id (unique for the server's lifetime). */
  readonly id: string;
  readonly transport: TransportKind;
  /** TLS in effect (STARTTLS, direct TLS, or wss). */
  readonly secure: boolean;
  /** Local domain of the stream. */
  readonly host: string;
  /** Authenticated bare JID, after SASL. */
  readonly bareJid: Jid | undefined;
  /** Full JID, after resource binding. */
  readonly jid: Jid | undefined;
  /** Remote address, for logs. */
  readonly remoteAddress: string;
  /** Last available presence broadcast by this session (RFC 6121 §4.2), or undefined. */
  presence: Element | undefined;
  /** Priority of that presence (RFC 6121 §4.7.2.3), 0 when none. */
  priority: number;
  /** The client requested the roster (RFC 6121 §2.1.6: it receives roster pushes). */
  interested: boolean;
  /** Per-module state: key it by module name. */
  readonly data: Map<string, unknown>;
  /** Writes a stanza to this client (stamping nothing). Dropped silently once closed. */
  send(stanza: Element): void;
  /**
   * send(), telling whether the stanza reached the client: resolves true once the client
   * acknowledged it (XEP-0198 §4, when stream management is on: mod-smacks confirms) or else
   * once the connection's socket accepted it while open; false when it was dropped, or the
   * connection or session ended first. Never rejects. A stanza whose outcome is false is the
   * sender's to keep: stream management does not store it offline (offline delivery keeps
   * such messages stored until confirmed, XEP-0160).
   */
  sendAndConfirm(stanza: Element): Promise<boolean>;
  /** Closes the stream, with a stream error when given. */
  close(error?: StreamError): void;
  readonly closed: boolean;
}

/**
 * Where a stanza entered the server: a local client session (`kind: "local"`), and, with
 * server-to-server (planned, issue 14), an authenticated remote domain (`kind: "remote"`).
 * A discriminated union, so that adding a kind makes the compiler show every place that must
 * tell them apart.
 */
export type StanzaOrigin = Session;

export interface StanzaEvent {
  readonly stanza: Element;
  readonly kind: StanzaKind;
  /** The stanza's type attribute, with RFC defaults (message "normal", presence "available"). */
  readonly type: string;
  readonly from: Jid;
  readonly to: Jid;
  /**
   * Who sent it into the router; undefined when the server or a module originated it. Only the
   * local kind exists today; narrow on `origin.kind` before using what is specific to a kind.
   */
  readonly origin: StanzaOrigin | undefined;
}

export interface SessionEvent {
  readonly session: Session;
}

export interface SessionClosedEvent extends SessionEvent {
  /** Why: "closed" (client sent </stream>), "error", "timeout", "shutdown", "replaced", "dropped". */
  readonly reason: string;
}

export interface StreamFeaturesEvent extends SessionEvent {
  /** "pre-auth": the features offered with SASL; "post-auth": those offered with bind. */
  readonly stage: "pre-auth" | "post-auth";
  /** Append feature elements here. */
  readonly features: Element[];
}

/**
 * `unauthenticated-iq`: an iq received before SASL succeeded (XEP-0077 in-band registration).
 * A handler returns the reply element to send; when none answers, the stream is closed with
 * `<not-authorized/>` (RFC 6120 §6.4.1... a client must not send stanzas before auth).
 */
export interface UnauthenticatedIqEvent extends SessionEvent {
  readonly stanza: Element;
}

/** A top-level element that is not a stanza ("nonza": XEP-0198 `<r/>`, XEP-0352 `<inactive/>`). */
export interface NonzaEvent extends SessionEvent {
  readonly element: Element;
}

/** Handles a nonza; throw a StreamError to close the stream with it. */
export type NonzaHandler = (event: NonzaEvent) => void | Promise<void>;

/**
 * A step of a session's outbound path: returns the stanza to pass on (the same element or
 * another), or `undefined` when it takes the stanza over (holds it back or drops it).
 */
export type OutboundFilter = (stanza: Element) => Element | undefined;

export interface OutboundHandle {
  /** Sends `stanza` on from just after this filter: the lower-priority filters, then the wire. */
  forward(stanza: Element): void;
  /** Removes the filter. */
  remove(): void;
}

/**
 * Stream-level hooks for extensions below the stanza layer: stream management (XEP-0198),
 * client state indication (XEP-0352). Added by the core helper for mod-smacks / mod-csi; additive.
 */
export interface StreamControl {
  /**
   * Handles top-level elements of namespace `ns` on authenticated client streams, before and
   * after resource binding. Without a handler such an element ends the stream as before
   * (unsupported-stanza-type, or not-authorized before bind). One handler per namespace.
   */
  handleNonza(ns: string, handler: NonzaHandler): void;
  /** Writes a nonza to the session's connection (not counted, not filtered); dropped when none. */
  sendNonza(session: Session, element: Element): void;
  /**
   * Adds a filter to every stanza written to this session (`Session.send` and the core's own
   * replies), higher priorities first. The filters belong to the session: they survive a
   * resumption onto a new connection and go away when the session ends.
   */
  addOutbound(session: Session, filter: OutboundFilter, priority?: number): OutboundHandle;
  /**
   * Takes over the outcome of a stanza sent with `Session.sendAndConfirm` (from an outbound
   * filter, e.g. XEP-0198 confirms on the client's ack): returns the function to call with
   * true (delivered) or false (never will be), or undefined when the stanza has no pending
   * outcome. Without a taker the core confirms once the socket accepted the stanza.
   */
  takeConfirmation(session: Session, stanza: Element): ((delivered: boolean) => void) | undefined;
  /** Observes each stanza the session's client sends, before anything else. Returns a remover. */
  onInbound(session: Session, observer: (stanza: Element) => void): () => void;
  /** The session is bound but has no connection (kept by a `session-hibernate` handler). */
  isDetached(session: Session): boolean;
  /**
   * Moves `previous` (bound; hibernating, or still on an old connection, which is then closed
   * with `<conflict/>`) onto the connection of `current` (authenticated, not bound, same
   * account). `current` is dropped; the stream continues as `previous`, without bind (XEP-0198
   * §5). Synchronous: what the caller writes right after comes first on the new connection;
   * `session-resumed` fires after that. Returns false when the sessions do not qualify.
   */
  resume(current: Session, previous: Session): boolean;
  /**
   * Ends a session for good (no hibernation): closes its connection, if any, with `error`,
   * unbinds it and fires `session-closed` with `reason`.
   */
  end(session: Session, reason: string, error?: StreamError): Promise<void>;
  /** Drops the session's connection without closing the stream (as a lost connection would). */
  drop(session: Session): void;
}

export interface DiscoIdentity {
  category: string;
  type: string;
  name?: string;
  lang?: string;
}

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** Answer of an iq handler: a payload element, `null` for an empty result, or throw StanzaError. */
export type IqAnswer = Element | null;
export type IqHandler = (event: StanzaEvent) => IqAnswer | Promise<IqAnswer>;

/** Server-wide settings some modules need (added by the core helper; additive). */
export interface ServerSettings {
  /** XEP-0077 in-band registration enabled (the core also skips a module named "register" when off). */
  readonly registration: boolean;
  /** PBKDF2 iterations for SCRAM credentials of new accounts or changed passwords. */
  readonly scramIterations: number;
  /** SCRAM hashes to derive for new accounts or changed passwords (ServerOptions.scramHashes). */
  readonly scramHashes?: readonly ("SHA-1" | "SHA-256" | "SHA-512")[];
  /** Offline messages kept per account (XEP-0160). */
  readonly offlineLimit: number;
  /** Directed-presence targets remembered per session (RFC 6121 §4.6.3); 0 = no limit. */
  readonly directedPresenceTargets?: number;
  /** TLS is required on client streams. */
  readonly requireEncryption: boolean;
}

export interface ModuleContext {
  /** The module's name. */
  readonly name: string;
  /** The module's section of the server config (`modules.<name>`), or {} when absent. */
  readonly config: Readonly<Record<string, unknown>>;
  /** Always set by the core; optional only so that hand-made test contexts need not fill it. */
  readonly settings?: ServerSettings;
  /** Stream-level hooks (XEP-0198, XEP-0352). Always set by the core; optional for hand-made contexts. */
  readonly streams?: StreamControl;
  readonly storage: Storage;
  readonly log: Logger;
  /** Local domains served. */
  readonly hosts: readonly string[];
  isLocalHost(domain: string): boolean;

  on<E = StanzaEvent>(event: string, handler: Handler<E>, priority?: number): void;
  fire<E>(event: string, payload: E): Promise<unknown>;
  /**
   * Registers `iq-<type>/<dest>/<ns>:<name>` (dest defaults to "host") and answers the iq with
   * the returned payload, or with the StanzaError the handler throws.
   */
  handleIq(
    type: "get" | "set",
    ns: string,
    name: string,
    handler: IqHandler,
    options?: { destination?: Destination | readonly Destination[]; priority?: number },
  ): void;
  /** Disco#info of the server (XEP-0030): features and identities this module adds. */
  addFeature(ns: string): void;
  addIdentity(identity: DiscoIdentity): void;
  /**
   * Disco#info of every account's bare JID (XEP-0030 §3.1, answered by the server for its
   * accounts): features and identities this module adds, e.g. urn:xmpp:mam:2 or pubsub/pep.
   */
  addAccountFeature(ns: string): void;
  /** An item of the server's disco#items (XEP-0030 §4), e.g. a MUC or upload service domain. */
  addDiscoItem(item: { jid: string; name?: string; node?: string }): void;
  addAccountIdentity(identity: DiscoIdentity): void;

  /** Routes a stanza as if `origin` (or the server, when undefined) had sent it. `from` must be set. */
  route(stanza: Element, origin?: Session): Promise<void>;
  /** Sends an iq from the server and waits for its result (rejects with StanzaError or a timeout). */
  request(iq: Element, options?: { timeoutMs?: number }): Promise<Element>;
  /** Sessions of a local account (bound resources only). */
  sessionsOf(bare: Jid | string): Session[];
  /** The session bound to a full JID. */
  session(full: Jid | string): Session | undefined;
  /**
   * Serves a domain of its own, such as `conference.<domain>` (XEP-0045): stanzas to it and to
   * JIDs at it go to `handler` (after `pre-<kind>/component` hooks for local senders). Stanzas
   * the service sends are routed with `route()` and a `from` at its domain.
   */
  addComponent(domain: string, handler: ComponentHandler): void;
  /** Serves HTTP requests under a path prefix on the server's HTTP listener (e.g. "/upload"). */
  addHttpHandler(pathPrefix: string, handler: HttpHandler): void;
  /**
   * Timers cleared when the server stops. A callback may be async: one that throws or rejects is
   * logged and counted (`errors.timer`), and the server goes on.
   */
  setTimeout(fn: () => unknown, ms: number): () => void;
  setInterval(fn: () => unknown, ms: number): () => void;
  /** Counters for metrics ("stanzas.in", …). */
  count(metric: string, by?: number): void;
}

/**
 * Handles every stanza addressed to a service domain a module serves (or to a JID at it, such as
 * a MUC room or occupant). Return a value other than undefined when the stanza was handled; an
 * unhandled iq get/set is answered with service-unavailable, anything else is dropped.
 */
export type ComponentHandler = (event: StanzaEvent) => unknown;

/** Answers an HTTP request on the server's HTTP listener (node:http request and response). */
export type HttpHandler = (
  req: import("node:http").IncomingMessage,
  res: import("node:http").ServerResponse,
) => void | Promise<void>;

export interface ModuleDefinition {
  readonly name: string;
  /** Names of modules that must be set up before this one. */
  readonly dependsOn?: readonly string[];
  setup(ctx: ModuleContext): void | Promise<void>;
  /** Called on server stop, in reverse setup order. */
  teardown?(): void | Promise<void>;
}

/** Identity helper that gives a module definition its type. */
export function defineModule(definition: ModuleDefinition): ModuleDefinition {
  return definition;
}

export type { Handler, StanzaError };

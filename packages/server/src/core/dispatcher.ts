// Routing and delivery of one stanza (RFC 6120 §8, §10; RFC 6121 §8.5): pre-route hooks, the
// per-destination events of module-api.ts, and the default answers when no module answers.
import { Jid, JidError } from "@parley/jid";
import {
  LocalSessionDirectory,
  RouteTable,
  type SessionDirectory,
  UnreachableRemote,
  unboundResourceRule,
} from "@parley/router";
import { StanzaError, errorReply } from "@parley/stanza";
import type { Element } from "@parley/xml";
import { EventHandlerError, errorDetail } from "../errors";
import type {
  ComponentHandler,
  Destination,
  Session,
  StanzaEvent,
  StanzaKind,
} from "../module-api";
import type { ServerCore } from "./core";
import type { ClientSession } from "./session";
import { effectiveType } from "./stanza-type";

export class Dispatcher {
  /**
   * Where each stanza goes (@parley/router): the server itself, local accounts, and other
   * domains. The `remote` destination is UnreachableRemote until server-to-server exists.
   */
  readonly routes: RouteTable<StanzaEvent>;
  /** The bound sessions, behind the async directory a cluster can share later. */
  readonly directory: SessionDirectory<ClientSession>;

  constructor(private readonly core: ServerCore) {
    this.directory = new LocalSessionDirectory(core.registry);
    const local = (where: Destination) => ({
      deliver: (event: StanzaEvent) => this.deliverLocal(event, where),
    });
    const remote = new UnreachableRemote();
    this.routes = new RouteTable<StanzaEvent>((d) => core.isLocalHost(d), {
      host: local("host"),
      bare: local("bare"),
      full: local("full"),
      remote: { deliver: (event) => remote.deliver(event.stanza, event.to) },
    });
  }

  /**
   * Routes a stanza whose `from` is set: from a local session (`origin`), or from the server or
   * a module. Never throws: problems become error replies (or log lines when none is possible).
   */
  async route(stanza: Element, origin?: Session): Promise<void> {
    const kind = stanzaKind(stanza.localName);
    if (kind === undefined) {
      this.core.log.warn("route(): not a stanza", { name: stanza.name });
      return;
    }
    const fromAttr = stanza.attr("from");
    // A session's stanzas carry its own full JID (stamped by the stream): no need to parse it.
    const own = origin?.jid;
    const from =
      fromAttr === undefined
        ? undefined
        : own !== undefined && fromAttr === own.toString()
          ? own
          : parseOrUndefined(fromAttr);
    if (!from) {
      this.core.log.warn("route(): stanza without a valid from is dropped", { from: fromAttr });
      return;
    }
    const type = effectiveType(kind, stanza);
    let to: Jid;
    try {
      to = this.destinationOf(stanza, kind, from, origin);
    } catch (e) {
      if (!(e instanceof StanzaError)) throw e;
      // RFC 6120 §8.3.3.8: an address that is not a JID.
      return this.bounce({ stanza, kind, type, from, to: from, origin }, e);
    }
    const event: StanzaEvent = { stanza, kind, type, from, to, origin };
    try {
      await this.routes.targetFor(to).deliver(event);
    } catch (error) {
      await this.handlerFailed(event, error);
    }
  }

  /** A stanza for the server itself or a local account: pre-route hooks, then delivery. */
  private async deliverLocal(event: StanzaEvent, where: Destination): Promise<void> {
    // Hooks such as blocking (XEP-0191) run for what local sessions send, before routing.
    if (
      event.origin &&
      (await this.core.events.fire(PRE_EVENTS[event.kind][where], event, FAIL_CLOSED)) !== undefined
    ) {
      return;
    }
    await this.deliver(event, where);
  }

  /** Routes the domain and every JID at it to `handler` (module-api.ts addComponent). */
  addComponent(domain: string, handler: ComponentHandler): void {
    this.routes.addDomain(domain, { deliver: (event) => this.deliverComponent(event, handler) });
  }

  /** A stanza for a service domain a module serves (module-api.ts addComponent). */
  private async deliverComponent(event: StanzaEvent, handler: ComponentHandler): Promise<void> {
    try {
      if (
        event.origin &&
        (await this.core.events.fire(`pre-${event.kind}/component`, event, FAIL_CLOSED)) !==
          undefined
      ) {
        return;
      }
      if ((await handler(event)) !== undefined) return;
      if (event.kind === "iq" && (event.type === "get" || event.type === "set")) {
        await this.bounce(event, new StanzaError("service-unavailable"));
      }
    } catch (error) {
      await this.handlerFailed(event, error);
    }
  }

  /** Sends `reply` to whoever sent `event`: straight to the origin session, else routed. */
  async reply(event: StanzaEvent, reply: Element): Promise<void> {
    if (event.origin && !event.origin.closed) event.origin.send(reply);
    else if (event.origin === undefined) await this.route(reply);
  }

  /** The error reply for `event` (never for an error stanza or an iq result). */
  async bounce(event: StanzaEvent, error: StanzaError): Promise<void> {
    if (event.type === "error" || (event.kind === "iq" && event.type === "result")) return;
    // A stanza without `to` was for the sender's own account: the reply has no `from` either.
    const reply = errorReply(event.stanza, error);
    this.core.metrics.count(`errors.${error.condition}`);
    await this.reply(event, reply);
  }

  private destinationOf(stanza: Element, kind: StanzaKind, from: Jid, origin?: Session): Jid {
    const toAttr = stanza.attr("to");
    if (toAttr !== undefined) {
      try {
        return Jid.parse(toAttr);
      } catch (e) {
        if (!(e instanceof JidError)) throw e;
        throw new StanzaError("jid-malformed", { text: `'to': ${e.message}`, lang: "en" });
      }
    }
    // RFC 6120 §10.3.3 (iq) and §10.3.1 (message): no `to` means the sender's own account;
    // presence without `to` is for the server to broadcast (RFC 6121 §4.2.2).
    if (kind === "presence") return Jid.of({ domain: origin?.host ?? from.domain });
    return from.bare();
  }

  private async deliver(event: StanzaEvent, where: Destination): Promise<void> {
    if (event.kind === "iq") return this.deliverIq(event, where);
    const { events } = this.core;
    if ((await events.fire(EVENTS[event.kind][where], event, FAIL_CLOSED)) !== undefined) return;
    if (where === "full") return this.deliverFull(event);
    if (where === "bare") return this.unansweredBare(event);
    // Message or presence to the server itself that no module wants: dropped.
  }

  private async deliverIq(event: StanzaEvent, where: Destination): Promise<void> {
    const { events, requests } = this.core;
    if (event.type === "get" || event.type === "set") {
      // RFC 6121 §8.5.1: an iq to an account that does not exist is service-unavailable,
      // whatever module would answer for an existing one (ping, vCard, PEP, …).
      if (where === "bare" && !(await this.accountExists(event))) {
        return this.bounce(event, new StanzaError("service-unavailable"));
      }
      const payload = event.stanza.elements()[0];
      if (payload) {
        const name = `iq-${event.type}/${where}/${payload.ns}:${payload.localName}`;
        if ((await events.fire(name, event, FAIL_CLOSED)) !== undefined) return;
      }
    } else if (requests.settle(event.stanza)) {
      return; // the answer to one of the server's own requests (ctx.request)
    }
    if ((await events.fire(EVENTS.iq[where], event, FAIL_CLOSED)) !== undefined) return;
    if (where === "full") {
      const session = await this.directory.get(event.to);
      if (session) return session.send(event.stanza);
    }
    // RFC 6120 §8.2.3, RFC 6121 §8.5.3.2.2: an iq get/set nobody handles; results are dropped.
    await this.bounce(event, new StanzaError("service-unavailable"));
  }

  /** The bare JID addressed exists: the sender's own account, a bound session, or storage. */
  private async accountExists(event: StanzaEvent): Promise<boolean> {
    const bare = event.to.bare();
    if (event.from.bare().equals(bare)) return true;
    if ((await this.directory.of(bare)).length > 0) return true; // ANONYMOUS sessions too
    return this.core.options.storage.accounts.exists(bare.toString());
  }

  /** `K/full` unanswered: the bound session, else RFC 6121 §8.5.3.2. */
  private async deliverFull(event: StanzaEvent): Promise<void> {
    const session = await this.directory.get(event.to);
    if (session) return session.send(event.stanza);
    if (event.kind === "iq") return;
    // RFC 6121 §8.5.3.2: no such resource.
    const rule = unboundResourceRule(event.kind, event.type);
    if (rule === "bounce") return this.bounce(event, new StanzaError("service-unavailable"));
    if (rule === "drop") return;
    if ((await this.core.events.fire(EVENTS[event.kind].bare, event, FAIL_CLOSED)) !== undefined)
      return;
    return this.unansweredBare(event);
  }

  /** `K/bare` unanswered: RFC 6121 §8.5.1 for a missing account, else drop. */
  private async unansweredBare(event: StanzaEvent): Promise<void> {
    if (event.kind !== "message") return;
    if (!(await this.core.options.storage.accounts.exists(event.to.bare().toString()))) {
      await this.bounce(event, new StanzaError("service-unavailable"));
    }
  }

  private async handlerFailed(event: StanzaEvent, error: unknown): Promise<void> {
    if (error instanceof StanzaError) return this.bounce(event, error);
    // An EventHandlerError was logged and counted by the EventBus already (events.ts).
    if (!(error instanceof EventHandlerError)) {
      this.core.metrics.count("errors.handler");
      this.core.log.error("stanza handler failed", {
        stanza: event.stanza.toString().slice(0, 500),
        error: errorDetail(error),
      });
    }
    try {
      await this.bounce(event, new StanzaError("internal-server-error"));
    } catch (e) {
      this.core.log.error("error reply failed", { error: String(e) });
    }
  }
}

// Event names made once per kind and destination: EventBus.fire looks them up in a Map, and a
// name built per stanza would be flattened and hashed again for every stanza.
type EventNames = Record<StanzaKind, Record<Destination, string>>;
function eventNames(prefix: string): EventNames {
  const names = (kind: StanzaKind) => ({
    host: `${prefix}${kind}/host`,
    bare: `${prefix}${kind}/bare`,
    full: `${prefix}${kind}/full`,
  });
  return { message: names("message"), presence: names("presence"), iq: names("iq") };
}
const EVENTS = eventNames("");
/** A stanza whose handler failed is refused, never passed on as if unchecked (events.ts). */
const FAIL_CLOSED = { failClosed: true } as const;
const PRE_EVENTS = eventNames("pre-");

/** The stanza kind as a constant string (a parsed name is a fresh string every time). */
function stanzaKind(name: string): StanzaKind | undefined {
  if (name === "message") return "message";
  if (name === "presence") return "presence";
  if (name === "iq") return "iq";
  return undefined;
}

function parseOrUndefined(value: string): Jid | undefined {
  try {
    return Jid.parse(value);
  } catch {
    return undefined;
  }
}

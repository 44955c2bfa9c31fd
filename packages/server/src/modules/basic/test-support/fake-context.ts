// A small in-process stand-in for the server core, for unit tests of the basic modules: an
// EventBus, handleIq/addFeature/route as the module API describes them, fake sessions that
// record what they are sent, and a `dispatch` that fires the events a client stanza would.
import { Jid } from "@parley/jid";
import { StanzaError, iqError, iqResult } from "@parley/stanza";
import { MemoryStorage } from "@parley/storage";
import { type Element, serialize } from "@parley/xml";
import { parseStoredElement } from "../stored-xml";
import { EventBus } from "../../../events";
import type {
  Destination,
  DiscoIdentity,
  IqHandler,
  ModuleContext,
  ModuleDefinition,
  Session,
  StanzaEvent,
  StanzaKind,
} from "../../../module-api";

export class FakeSession implements Session {
  readonly kind = "local" as const;
  readonly id: string;
  readonly transport = "tcp" as const;
  secure = true;
  readonly host: string;
  bareJid: Jid | undefined;
  jid: Jid | undefined;
  readonly remoteAddress = "127.0.0.1";
  presence: Element | undefined;
  priority = 0;
  interested = false;
  readonly data = new Map<string, unknown>();
  readonly sent: Element[] = [];
  closed = false;
  closeError: unknown;

  constructor(id: string, host: string, full?: string) {
    this.id = id;
    this.host = host;
    if (full) {
      this.jid = Jid.parse(full);
      this.bareJid = this.jid.bare();
    }
  }

  send(stanza: Element): void {
    if (!this.closed) this.sent.push(stanza);
  }

  /** Delivered when the session is open (a fake has no socket to fail). */
  async sendAndConfirm(stanza: Element): Promise<boolean> {
    this.send(stanza);
    return !this.closed;
  }

  close(error?: unknown): void {
    this.closed = true;
    this.closeError = error;
  }

  /** Removes and returns what was sent so far. */
  take(): Element[] {
    return this.sent.splice(0, this.sent.length);
  }
}

export interface FakeServer {
  ctx(name: string, config?: Record<string, unknown>): ModuleContext;
  bus: EventBus;
  storage: MemoryStorage;
  features: Set<string>;
  identities: DiscoIdentity[];
  sessions: FakeSession[];
  /** Stanzas routed by modules with `ctx.route` (not delivered anywhere). */
  routed: Element[];
  /** Iqs sent with `ctx.request`, and the answer function the test gives. */
  answer: (iq: Element) => Element | Promise<Element>;
  connect(full: string): FakeSession;
  setup(...modules: ModuleDefinition[]): Promise<void>;
  /** Fires `server-started` (after the modules' setup). */
  start(): Promise<void>;
  /** What the core does with a client stanza: pre-* hooks, then iq handlers or delivery. */
  dispatch(stanza: Element, origin?: FakeSession): Promise<void>;
}

export function createFakeServer(hosts: string[] = ["example.com"]): FakeServer {
  const bus = new EventBus();
  const storage = new MemoryStorage();
  const features = new Set<string>();
  const identities: DiscoIdentity[] = [];
  const sessions: FakeSession[] = [];
  const routed: Element[] = [];
  let counter = 0;
  const isLocalHost = (d: string) => hosts.includes(d);

  const destinationOf = (to: Jid): Destination =>
    to.local === "" && isLocalHost(to.domain) ? "host" : to.isBare ? "bare" : "full";

  const server: FakeServer = {
    bus,
    storage,
    features,
    identities,
    sessions,
    routed,
    answer: () => {
      throw new StanzaError("service-unavailable");
    },
    connect(full) {
      const s = new FakeSession(`s${++counter}`, Jid.parse(full).domain, full);
      sessions.push(s);
      return s;
    },
    async setup(...modules) {
      for (const m of modules) await m.setup(server.ctx(m.name));
      await server.start();
    },
    async start() {
      // As the core does: the payload carries the server, with its disco registry.
      await bus.fire("server-started", { server: { disco: { features, identities } } });
    },
    ctx(name, config = {}) {
      const ctx: ModuleContext = {
        name,
        config,
        addComponent: () => {
          throw new Error("fake context: no component domains");
        },
        addHttpHandler: () => {
          throw new Error("fake context: no HTTP listener");
        },
        addAccountFeature: () => {},
        addDiscoItem: () => {},
        addAccountIdentity: () => {},
        storage,
        log: { debug() {}, info() {}, warn() {}, error() {} },
        hosts,
        isLocalHost,
        on: (event, handler, priority) => void bus.on(event, handler, priority),
        fire: (event, payload) => bus.fire(event, payload),
        handleIq(type, ns, localName, handler: IqHandler, options) {
          const dests = ([] as Destination[]).concat(options?.destination ?? "host");
          for (const dest of dests) {
            bus.on<StanzaEvent>(
              `iq-${type}/${dest}/${ns}:${localName}`,
              async (event) => {
                let reply: Element;
                try {
                  const payload = await handler(event);
                  reply = iqResult(event.stanza, payload ?? undefined);
                } catch (e) {
                  if (!(e instanceof StanzaError)) throw e;
                  reply = iqError(event.stanza, e);
                }
                event.origin?.send(reply);
                return true;
              },
              options?.priority,
            );
          }
        },
        addFeature: (ns) => void features.add(ns),
        addIdentity: (identity) => void identities.push(identity),
        route: async (stanza) => {
          routed.push(stanza);
        },
        request: async (iq) => server.answer(iq),
        sessionsOf: (bare) => sessions.filter((s) => !s.closed && s.bareJid?.equals(bare)),
        session: (full) => sessions.find((s) => !s.closed && s.jid?.equals(full)),
        setTimeout: (fn, ms) => {
          const t = setTimeout(fn, ms);
          return () => clearTimeout(t);
        },
        setInterval: (fn, ms) => {
          const t = setInterval(fn, ms);
          return () => clearInterval(t);
        },
        count() {},
      };
      return ctx;
    },
    async dispatch(stanza, origin) {
      const kind = stanza.localName as StanzaKind;
      if (origin?.jid) stanza.setAttr("from", origin.jid.toString());
      const rawTo = stanza.attr("to");
      // RFC 6120 §10.3.3: an iq without `to` is handled for the sender's account.
      const to = rawTo
        ? Jid.parse(rawTo)
        : kind === "iq" && origin?.bareJid
          ? origin.bareJid
          : Jid.parse(hosts[0]!);
      const from = Jid.parse(stanza.attr("from") ?? hosts[0]!);
      const defaults: Record<string, string> = { message: "normal", presence: "available" };
      const type = stanza.attr("type") ?? defaults[kind] ?? "";
      const event: StanzaEvent = { stanza, kind, type, from, to, origin };
      const dest = destinationOf(to);
      if (origin && (await bus.fire(`pre-${kind}/${dest}`, event)) !== undefined) return;
      if (kind === "iq" && (type === "get" || type === "set")) {
        const payload = stanza.elements()[0];
        const name = `iq-${type}/${dest}/${payload?.ns}:${payload?.localName}`;
        if ((await bus.fire(name, event)) !== undefined) return;
        if ((await bus.fire(`iq/${dest}`, event)) !== undefined) return;
        origin?.send(iqError(stanza, new StanzaError("service-unavailable")));
        return;
      }
      await bus.fire(`${kind}/${dest}`, event);
    },
  };
  return server;
}

/** Parses one stanza written as in a jabber:client stream. */
export function stanza(text: string): Element {
  return parseStoredElement(text);
}

/** Serializes as the server writes to clients (RFC 6120 §4.8.2 default namespace). */
export function out(el: Element): string {
  return serialize(el, { parentNs: "jabber:client" });
}

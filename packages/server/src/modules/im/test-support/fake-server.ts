// An in-process stand-in for the server core, for unit tests of the IM modules: the event bus,
// a ModuleContext, a dispatcher that follows module-api.ts (pre-K/D, K/D, error bounces) and
// fake sessions that record what they receive.
import { Jid } from "@parley/jid";
import { StanzaError, errorReply, iqError, iqResult } from "@parley/stanza";
import { MemoryStorage } from "@parley/storage";
import { type Element, serialize } from "@parley/xml";
import { EventBus } from "../../../events";
import type {
  Destination,
  IqHandler,
  ModuleContext,
  ModuleDefinition,
  Session,
  SessionClosedEvent,
  StanzaEvent,
  StanzaKind,
} from "../../../module-api";

export class FakeSession implements Session {
  readonly kind = "local" as const;
  readonly transport = "tcp" as const;
  readonly secure = true;
  readonly remoteAddress = "127.0.0.1";
  readonly bareJid: Jid;
  presence: Element | undefined;
  priority = 0;
  interested = false;
  readonly data = new Map<string, unknown>();
  readonly inbox: Element[] = [];
  closed = false;

  constructor(
    readonly id: string,
    readonly jid: Jid,
  ) {
    this.bareJid = jid.bare();
  }

  get host(): string {
    return this.jid.domain;
  }

  send(stanza: Element): void {
    if (!this.closed) this.inbox.push(stanza);
  }

  /** Delivered when the session is open (a fake has no socket to fail). */
  async sendAndConfirm(stanza: Element): Promise<boolean> {
    this.send(stanza);
    return !this.closed;
  }

  close(): void {
    this.closed = true;
  }

  /** Removes and returns what arrived, serialized as a client sees it. */
  take(): string[] {
    return this.inbox.splice(0).map((el) => serialize(el, { parentNs: "jabber:client" }));
  }
}

export interface FakeServer {
  readonly storage: MemoryStorage;
  readonly bus: EventBus;
  readonly features: Set<string>;
  readonly sessions: FakeSession[];
  setup(
    modules: readonly ModuleDefinition[],
    config?: Record<string, Record<string, unknown>>,
  ): Promise<void>;
  addUser(bare: string): Promise<void>;
  connect(full: string): FakeSession;
  /** What the core does when a session sends `stanza`: stamp `from`, then route. */
  send(session: FakeSession, stanza: Element): Promise<void>;
  route(stanza: Element, origin?: Session): Promise<void>;
  disconnect(session: FakeSession, reason?: string): Promise<void>;
}

export function createFakeServer(hosts: readonly string[] = ["example.com"]): FakeServer {
  const bus = new EventBus();
  const storage = new MemoryStorage();
  const features = new Set<string>();
  const sessions: FakeSession[] = [];
  let counter = 0;
  const isLocalHost = (d: string) => hosts.includes(d);
  const live = () => sessions.filter((s) => !s.closed);

  const reply = async (event: StanzaEvent, el: Element) => {
    if (event.origin) event.origin.send(el);
    else await route(el);
  };
  const bounce = async (event: StanzaEvent, error: StanzaError) => {
    if (event.type === "error" || (event.kind === "iq" && event.type === "result")) return;
    await reply(event, errorReply(event.stanza, error));
  };

  async function route(stanza: Element, origin?: Session): Promise<void> {
    const kind = stanza.localName as StanzaKind;
    const from = Jid.parse(stanza.attr("from")!);
    const toAttr = stanza.attr("to");
    const to = toAttr
      ? Jid.parse(toAttr)
      : kind === "presence"
        ? Jid.parse(origin?.host ?? from.domain)
        : from.bare();
    const type =
      stanza.attr("type") ??
      (kind === "message" ? "normal" : kind === "presence" ? "available" : "");
    const event: StanzaEvent = { stanza, kind, type, from, to, origin };
    if (!isLocalHost(to.domain)) return bounce(event, new StanzaError("remote-server-not-found"));
    const where: Destination = to.local === "" ? "host" : to.isBare ? "bare" : "full";
    try {
      if (origin && (await bus.fire(`pre-${kind}/${where}`, event)) !== undefined) return;
      if (kind === "iq") {
        const payload = stanza.elements()[0];
        if ((type === "get" || type === "set") && payload) {
          const name = `iq-${type}/${where}/${payload.ns}:${payload.localName}`;
          if ((await bus.fire(name, event)) !== undefined) return;
        }
        if (where === "full") {
          const s = live().find((x) => x.jid.equals(to));
          if (s) return s.send(stanza);
        }
        return bounce(event, new StanzaError("service-unavailable"));
      }
      if ((await bus.fire(`${kind}/${where}`, event)) !== undefined) return;
      if (where === "full")
        live()
          .find((x) => x.jid.equals(to))
          ?.send(stanza);
    } catch (e) {
      if (!(e instanceof StanzaError)) throw e;
      await bounce(event, e);
    }
  }

  function ctxFor(name: string, config: Record<string, unknown>): ModuleContext {
    return {
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
      settings: {
        registration: false,
        scramIterations: 4096,
        offlineLimit: 500,
        requireEncryption: true,
      },
      storage,
      log: { debug() {}, info() {}, warn() {}, error() {} },
      hosts,
      isLocalHost,
      on: (event, handler, priority) => void bus.on(event, handler, priority),
      fire: (event, payload) => bus.fire(event, payload),
      handleIq(type, ns, localName, handler: IqHandler, options) {
        const dests = ([] as Destination[]).concat(options?.destination ?? "host");
        for (const dest of dests) {
          bus.on<StanzaEvent>(`iq-${type}/${dest}/${ns}:${localName}`, async (event) => {
            let el: Element;
            try {
              el = iqResult(event.stanza, (await handler(event)) ?? undefined);
            } catch (e) {
              if (!(e instanceof StanzaError)) throw e;
              el = iqError(event.stanza, e);
            }
            await reply(event, el);
            return true;
          });
        }
      },
      addFeature: (ns) => void features.add(ns),
      addIdentity: () => {},
      route,
      request: async () => {
        throw new StanzaError("service-unavailable");
      },
      sessionsOf: (bare) => live().filter((s) => s.bareJid.equals(bare)),
      session: (full) => live().find((s) => s.jid.equals(full)),
      setTimeout: (fn, ms) => {
        const t = setTimeout(fn, ms);
        return () => clearTimeout(t);
      },
      setInterval: (fn, ms) => {
        const t = setInterval(fn, ms);
        return () => clearInterval(t);
      },
      count: () => {},
    };
  }

  return {
    storage,
    bus,
    features,
    sessions,
    async setup(modules, config = {}) {
      for (const m of modules) await m.setup(ctxFor(m.name, config[m.name] ?? {}));
    },
    async addUser(bare) {
      await storage.accounts.create(bare, {} as never);
    },
    connect(full) {
      const s = new FakeSession(`s${++counter}`, Jid.parse(full));
      sessions.push(s);
      return s;
    },
    async send(session, stanza) {
      stanza.setAttr("from", session.jid.toString());
      await route(stanza, session);
    },
    route,
    async disconnect(session, reason = "dropped") {
      session.closed = true;
      await bus.fire<SessionClosedEvent>("session-closed", { session, reason });
    },
  };
}

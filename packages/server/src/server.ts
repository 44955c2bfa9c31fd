// Composition of the server core: options, module set-up, listeners, streams, shutdown.
import { SessionRegistry } from "@parley/router";
import { StreamError } from "@parley/stanza";
import type { Element } from "@parley/xml";
import { type DiscoRegistry, createModuleContext } from "./core/context";
import type { ServerCore } from "./core/core";
import { Services } from "./core/services";
import { Dispatcher } from "./core/dispatcher";
import { IqRequests } from "./core/iq-requests";
import { Metrics } from "./core/metrics";
import { orderModules } from "./core/modules";
import type { ClientSession } from "./core/session";
import { createStreamControl, endSession } from "./core/stream-control";
import { loadScramSecret } from "./core/scram-secret";
import { Timers } from "./core/timers";
import { errorDetail } from "./errors";
import { EventBus } from "./events";
import { type ServerLimits, createServerLimits, refusalParts } from "./limits";
import { Listeners, type ServerAddresses } from "./listeners";
import { silentLogger } from "./logger";
import type { Logger, ModuleDefinition, NonzaHandler, Session, StreamControl } from "./module-api";
import { basicModules } from "./modules/basic";
import { imModules } from "./modules/im";
import { type ResolvedOptions, type ServerOptions, resolveOptions } from "./options";
import { C2sStream, type StreamHost } from "./stream/c2s-stream";
import type { Transport } from "./transport/transport";

export interface XmppServer {
  readonly options: ResolvedOptions;
  readonly events: EventBus;
  readonly metrics: Metrics;
  /** Ports actually bound (after start()). */
  readonly addresses: ServerAddresses;
  /** Server disco#info, as filled by modules. */
  readonly disco: DiscoRegistry;
  readonly log: Logger;
  /** Sets up the modules, opens the listeners, fires `server-started`. */
  start(): Promise<void>;
  /**
   * Fires `server-stopping`, closes every stream with <system-shutdown/> (RFC 6120 §4.9.3.20),
   * tears the modules down and closes the storage. Safe to call twice.
   */
  stop(): Promise<void>;
  /** Bound sessions. */
  sessions(): Session[];
  /** Routes a stanza as the server (or `origin`) — same as ModuleContext.route. */
  route(stanza: Element, origin?: Session): Promise<void>;
}

export function createServer(options: ServerOptions): XmppServer {
  return new Server(options);
}

/** The built-in modules: RFC 6121 IM, then the basic services. */
export const builtinModules: readonly ModuleDefinition[] = [...imModules, ...basicModules];

class Server implements XmppServer, ServerCore {
  readonly options: ResolvedOptions;
  readonly metrics = new Metrics();
  /** A failing handler is logged and counted, and the other handlers still run (events.ts). */
  readonly events = new EventBus((event, error) => {
    this.metrics.count("errors.handler");
    this.log.error("event handler failed", { event, error: errorDetail(error) });
  });
  readonly log: Logger;
  readonly registry = new SessionRegistry<ClientSession>();
  readonly requests = new IqRequests();
  readonly disco: DiscoRegistry = {
    features: new Set(),
    identities: [],
    accountFeatures: new Set(),
    accountIdentities: [],
    items: [],
  };
  readonly nonzas = new Map<string, NonzaHandler>();
  readonly services = new Services();
  private readonly streamControl: StreamControl;
  private readonly dispatcher: Dispatcher;
  private readonly timers = new Timers((owner, error) => {
    this.metrics.count("errors.timer");
    this.log.error("timer callback failed", { module: owner, error: errorDetail(error) });
  });
  private readonly streams = new Set<C2sStream>();
  /** What every stream gets as its host: one object, not one per connection. */
  private readonly streamHost: StreamHost;
  private readonly listeners: Listeners;
  /** Connection limits and the login throttle (issue 12), shared by listeners and streams. */
  readonly limits: ServerLimits;
  scramSecret: Uint8Array | undefined;
  private modules: ModuleDefinition[] = [];
  private state: "new" | "running" | "stopping" | "stopped" = "new";
  private stopped: Promise<void> | undefined;

  constructor(options: ServerOptions) {
    this.options = resolveOptions(options, builtinModules);
    this.log = options.logger ?? silentLogger;
    this.dispatcher = new Dispatcher(this);
    this.limits = createServerLimits(this.options.limits, this.metrics, this.log);
    this.streamHost = {
      core: this,
      limits: this.limits,
      dispatcher: this.dispatcher,
      removed: (s) => this.streams.delete(s),
      endSession: (s, reason) => endSession(this, s, reason),
    };
    this.streamControl = createStreamControl(this);
    this.listeners = new Listeners(
      this.options,
      (t) => this.accept(t),
      this.limits,
      this.services,
      this.log,
    );
  }

  get addresses(): ServerAddresses {
    return this.listeners.addresses;
  }

  isLocalHost(domain: string): boolean {
    return this.options.domains.includes(domain);
  }

  async start(): Promise<void> {
    if (this.state !== "new") throw new Error("start() may be called once");
    this.state = "running";
    const all = [...this.options.builtinModules, ...this.options.extraModules];
    const config: Record<string, unknown> = { ...this.options.modules };
    // XEP-0077: in-band registration is a module that `registration` switches on or off.
    if (!this.options.registration) config.register = false;
    this.modules = orderModules(all, config);
    this.scramSecret = await loadScramSecret(this.options.storage.kv);
    for (const m of this.modules) {
      const ctx = createModuleContext(
        m.name,
        this,
        this.dispatcher,
        this.disco,
        this.timers,
        this.streamControl,
      );
      await m.setup(ctx);
    }
    await this.listeners.open();
    await this.events.fire("server-started", { server: this });
    this.log.info("server started", { domains: this.options.domains, addresses: this.addresses });
  }

  private accept(transport: Transport): void {
    if (this.state !== "running") {
      transport.destroy();
      return;
    }
    if (!this.limits.connections.enterPreAuth(transport.remoteAddress)) {
      // RFC 6120 §4.9.3.17: the server lacks the resources to serve one more stream now.
      const error = new StreamError("resource-constraint", {
        text: "too many connections are logging in; try again later",
        lang: "en",
      });
      for (const part of refusalParts(error, this.options.domains[0]!, transport.framed)) {
        transport.send(part);
      }
      transport.end();
      return;
    }
    const stream = new C2sStream(transport, this.streamHost);
    this.streams.add(stream);
    this.metrics.count("connections");
    stream.start();
  }

  sessions(): Session[] {
    return this.registry.all();
  }

  route(stanza: Element, origin?: Session): Promise<void> {
    return this.dispatcher.route(stanza, origin);
  }

  stop(): Promise<void> {
    this.stopped ??= this.shutdown();
    return this.stopped;
  }

  private async shutdown(): Promise<void> {
    const wasRunning = this.state === "running";
    this.state = "stopping";
    if (wasRunning)
      await this.safely("server-stopping", () =>
        this.events.fire("server-stopping", { server: this }),
      );
    const shutdown = new StreamError("system-shutdown", {
      text: "the server is stopping",
      lang: "en",
    });
    await Promise.all([...this.streams].map((s) => s.closeWithError(shutdown, "shutdown")));
    // Sessions kept without a connection (XEP-0198 hibernation) end too, while storage is open.
    for (const s of this.registry.all()) {
      if (s.detached) await this.safely("session end", () => endSession(this, s, "shutdown"));
    }
    await this.listeners.close();
    for (const m of [...this.modules].reverse()) {
      if (m.teardown) await this.safely(`teardown of ${m.name}`, () => m.teardown!());
    }
    this.timers.clearAll();
    this.requests.cancelAll(new Error("server stopped"));
    await this.safely("storage close", () => this.options.storage.close());
    this.state = "stopped";
    this.log.info("server stopped");
  }

  private async safely(what: string, fn: () => unknown): Promise<void> {
    try {
      await fn();
    } catch (error) {
      this.log.error(`${what} failed`, { error: String(error) });
    }
  }
}

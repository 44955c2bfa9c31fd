// The ModuleContext each module's setup() receives (module-api.ts).
import { Jid } from "@parley/jid";
import { StanzaError, generateId, iqError, iqResult } from "@parley/stanza";
import type { Element } from "@parley/xml";
import { childLogger } from "../logger";
import type {
  Destination,
  DiscoIdentity,
  IqHandler,
  ModuleContext,
  Session,
  StanzaEvent,
  StreamControl,
} from "../module-api";
import type { ServerCore } from "./core";
import type { Dispatcher } from "./dispatcher";
import type { Timers } from "./timers";

/** Disco#info of the server, filled by modules through addFeature/addIdentity. */
export interface DiscoRegistry {
  readonly features: Set<string>;
  readonly identities: DiscoIdentity[];
  /** Of the accounts' bare JIDs (module-api.ts addAccountFeature). */
  readonly accountFeatures: Set<string>;
  readonly accountIdentities: DiscoIdentity[];
  /** Of the server's disco#items (module-api.ts addDiscoItem). */
  readonly items: { jid: string; name?: string; node?: string }[];
}

export function createModuleContext(
  name: string,
  core: ServerCore,
  dispatcher: Dispatcher,
  disco: DiscoRegistry,
  timers: Timers,
  streams: StreamControl,
): ModuleContext {
  const log = childLogger(core.log, name);
  const config = core.options.modules[name];
  const hosts = core.options.domains;

  const answer = async (event: StanzaEvent, handler: IqHandler): Promise<true> => {
    let reply: Element;
    try {
      const payload = await handler(event);
      reply = iqResult(event.stanza, payload ?? undefined);
    } catch (error) {
      if (!(error instanceof StanzaError)) {
        core.metrics.count("errors.handler");
        log.error("iq handler failed", {
          error: error instanceof Error ? (error.stack ?? error.message) : String(error),
        });
      }
      const e = error instanceof StanzaError ? error : new StanzaError("internal-server-error");
      reply = iqError(event.stanza, e);
    }
    await dispatcher.reply(event, reply);
    return true;
  };

  return {
    name,
    config: config === false || config === undefined ? {} : config,
    settings: {
      registration: core.options.registration,
      scramIterations: core.options.scramIterations,
      scramHashes: core.options.scramHashes,
      offlineLimit: core.options.limits.offlineLimit,
      directedPresenceTargets: core.options.limits.directedPresenceTargets,
      requireEncryption: core.options.requireEncryption,
    },
    streams,
    storage: core.options.storage,
    log,
    hosts,
    isLocalHost: (domain) => core.isLocalHost(domain),
    on: (event, handler, priority) => {
      core.events.on(event, handler, priority);
    },
    fire: (event, payload) => core.events.fire(event, payload),
    handleIq(type, ns, localName, handler, options) {
      const dests = options?.destination ?? "host";
      const list: readonly Destination[] = typeof dests === "string" ? [dests] : dests;
      for (const dest of list) {
        core.events.on<StanzaEvent>(
          `iq-${type}/${dest}/${ns}:${localName}`,
          (event) => answer(event, handler),
          options?.priority ?? 0,
        );
      }
    },
    addFeature: (ns) => {
      disco.features.add(ns);
    },
    addIdentity: (identity) => {
      disco.identities.push(identity);
    },
    addAccountFeature: (ns) => {
      disco.accountFeatures.add(ns);
    },
    addDiscoItem: (item) => {
      disco.items.push({ ...item });
    },
    addAccountIdentity: (identity) => {
      disco.accountIdentities.push(identity);
    },
    route: (stanza, origin) => dispatcher.route(stanza, origin),
    addComponent: (domain, handler) => {
      core.services.addComponent(domain, handler); // refuses a domain already served
      dispatcher.addComponent(domain, handler);
    },
    addHttpHandler: (prefix, handler) => core.services.addHttpHandler(prefix, handler),
    async request(iq, options) {
      if (iq.attr("id") === undefined) iq.setAttr("id", generateId());
      if (iq.attr("from") === undefined) iq.setAttr("from", hosts[0]!);
      const to = Jid.parse(iq.attr("to") ?? iq.attr("from")!).toString();
      const waiting = core.requests.wait(iq.attr("id")!, to, options?.timeoutMs ?? 30_000);
      await dispatcher.route(iq);
      return waiting;
    },
    sessionsOf: (bare) => core.registry.of(toBare(bare)),
    session: (full): Session | undefined => {
      const j = typeof full === "string" ? tryParse(full) : full;
      return j ? core.registry.get(j) : undefined;
    },
    setTimeout: (fn, ms) => timers.timeout(fn, ms, name),
    setInterval: (fn, ms) => timers.interval(fn, ms, name),
    count: (metric, by) => core.metrics.count(metric, by),
  };
}

function tryParse(value: string): Jid | undefined {
  try {
    return Jid.parse(value);
  } catch {
    return undefined;
  }
}

function toBare(value: Jid | string): string {
  const j = typeof value === "string" ? tryParse(value) : value;
  return j ? j.bare().toString() : "";
}

// XEP-0030 Service Discovery for the server and its accounts, and XEP-0115 entity
// capabilities of the server in the stream features (§6.3).
import type { Jid } from "@parley/jid";
import { NS, StanzaError } from "@parley/stanza";
import { xml } from "@parley/xml";
import type {
  DiscoIdentity,
  ModuleContext,
  StanzaEvent,
  StreamFeaturesEvent,
} from "../../../module-api";
import { defineModule } from "../../../module-api";
import { type DiscoForm, capsVer } from "./caps";
import { type DiscoItem, infoQuery, itemsQuery } from "./info";
import { type DiscoSource, trackRegistry } from "./registry";

export { capsInput, capsVer, type DiscoForm } from "./caps";
export type { DiscoSource } from "./registry";
export type { DiscoItem } from "./info";

/** Default caps node: a URI naming the software (XEP-0115 §4 'node'). */
export const DEFAULT_CAPS_NODE = "https://parley.im/server";

interface DiscoConfig {
  name: string;
  capsNode: string;
  items: DiscoItem[];
  forms: DiscoForm[];
}

function readConfig(config: Readonly<Record<string, unknown>>): DiscoConfig {
  const items = Array.isArray(config.items)
    ? (config.items as unknown[]).filter(
        (i): i is DiscoItem => typeof (i as DiscoItem)?.jid === "string",
      )
    : [];
  const forms: DiscoForm[] = [];
  // XEP-0157 contact addresses: { "admin-addresses": ["mailto:…", "xmpp:…"], … }.
  if (config.contactAddresses && typeof config.contactAddresses === "object") {
    const fields: Record<string, string[]> = {};
    for (const [k, v] of Object.entries(config.contactAddresses as Record<string, unknown>)) {
      if (Array.isArray(v)) fields[k] = v.filter((s): s is string => typeof s === "string");
    }
    forms.push({ formType: "http://jabber.org/network/serverinfo", fields });
  }
  return {
    name: typeof config.name === "string" ? config.name : "Parley",
    capsNode: typeof config.capsNode === "string" ? config.capsNode : DEFAULT_CAPS_NODE,
    items,
    forms,
  };
}

function serverInfo(source: DiscoSource, forms: readonly DiscoForm[]) {
  return { identities: source.identities, features: source.features, forms };
}

/** RFC 6121 §4.1 / XEP-0030 §8: only the account and its presence subscribers see it. */
async function maySeeAccount(ctx: ModuleContext, account: Jid, asker: Jid): Promise<boolean> {
  if (asker.bareEquals(account)) return true;
  const item = await ctx.storage.roster.getItem(account.toString(), asker.bare().toString());
  return item?.subscription === "from" || item?.subscription === "both";
}

async function checkAccount(ctx: ModuleContext, event: StanzaEvent): Promise<void> {
  const account = event.to.bare();
  // A missing account and one the asker may not see answer alike (XEP-0030 §8).
  if (
    !(await ctx.storage.accounts.exists(account.toString())) ||
    !(await maySeeAccount(ctx, account, event.from))
  ) {
    throw new StanzaError("service-unavailable");
  }
}

export const discoModule = defineModule({
  name: "disco",
  setup(ctx) {
    const config = readConfig(ctx.config);
    const own = { features: new Set<string>(), identities: [] as DiscoIdentity[] };
    const identity: DiscoIdentity = { category: "server", type: "im", name: config.name };
    const declare = (feature: string) => {
      own.features.add(feature);
      ctx.addFeature(feature);
    };
    ctx.addIdentity(identity);
    own.identities.push(identity);
    declare(NS.DISCO_INFO);
    declare(NS.DISCO_ITEMS);
    declare(NS.CAPS);

    const registry = trackRegistry(ctx, own);
    const ver = () => {
      const s = registry();
      return capsVer(s.identities, s.features, config.forms);
    };

    ctx.handleIq("get", NS.DISCO_INFO, "query", (event) => {
      const node = event.stanza.getChild("query", NS.DISCO_INFO)?.attr("node");
      const info = serverInfo(registry(), config.forms);
      // XEP-0115 §6.2: the caps node#ver answers like the node-less query, node echoed.
      if (node !== undefined && node !== `${config.capsNode}#${ver()}`) {
        throw new StanzaError("item-not-found"); // XEP-0030 §3.1 unknown node
      }
      return infoQuery(info.identities, info.features, info.forms, node);
    });

    ctx.handleIq("get", NS.DISCO_ITEMS, "query", (event) => {
      const node = event.stanza.getChild("query", NS.DISCO_ITEMS)?.attr("node");
      if (node !== undefined) throw new StanzaError("item-not-found");
      // Configured items first; one added by a module for the same JID and node is not repeated.
      const items = [...config.items];
      for (const item of registry().items ?? []) {
        if (!items.some((i) => i.jid === item.jid && i.node === item.node)) items.push(item);
      }
      return itemsQuery(items);
    });

    // XEP-0030 §3.1 / RFC 6121 §2: the server answers for its accounts' bare JIDs.
    ctx.handleIq(
      "get",
      NS.DISCO_INFO,
      "query",
      async (event) => {
        await checkAccount(ctx, event);
        const node = event.stanza.getChild("query", NS.DISCO_INFO)?.attr("node");
        if (node !== undefined) throw new StanzaError("item-not-found");
        const s = registry();
        return infoQuery(
          [{ category: "account", type: "registered" }, ...(s.accountIdentities ?? [])],
          [NS.DISCO_INFO, NS.DISCO_ITEMS, ...(s.accountFeatures ?? [])],
        );
      },
      { destination: "bare" },
    );
    ctx.handleIq(
      "get",
      NS.DISCO_ITEMS,
      "query",
      async (event) => {
        await checkAccount(ctx, event);
        const node = event.stanza.getChild("query", NS.DISCO_ITEMS)?.attr("node");
        if (node !== undefined) throw new StanzaError("item-not-found");
        return itemsQuery([]);
      },
      { destination: "bare" },
    );

    // XEP-0115 §6.3: the server's own capabilities as a stream feature.
    ctx.on<StreamFeaturesEvent>("stream-features", (event) => {
      event.features.push(
        xml("c", { xmlns: NS.CAPS, hash: "sha-1", node: config.capsNode, ver: ver() }),
      );
      return undefined;
    });
  },
});

// XEP-0163 §4 / XEP-0030: an account's bare JID is a PEP service: its disco#info carries the
// identity pubsub/pep and the pubsub features, its disco#items lists the nodes the asker may
// see (XEP-0060 §5.2), a node's disco#info says it is a leaf (§5.3), its items list item ids
// (§5.5). The built-in disco module answers account disco with a fixed list, so mod-pep answers
// these queries itself, at a higher priority, and for every case the built-in one covers.
import type { ModuleContext, StanzaEvent } from "@parley/server";
import { StanzaError } from "@parley/stanza";
import { xml } from "@parley/xml";
import { accessDenied } from "./access";
import { attrs } from "./attrs";
import { answerIq } from "./answer";
import { DISCO_INFO, DISCO_ITEMS, PUBSUB, PUBSUB_FEATURES } from "./ns";
import type { PepService } from "./service";

async function visibleTo(ctx: ModuleContext, owner: string, asker: string): Promise<boolean> {
  if (asker === owner) return true;
  const item = await ctx.storage.roster.getItem(owner, asker);
  return item?.subscription === "from" || item?.subscription === "both";
}

export function registerDisco(
  ctx: ModuleContext,
  service: PepService,
  extraFeatures: ReadonlySet<string>,
): void {
  const parties = async (event: StanzaEvent) => {
    const owner = event.to.bare().toString();
    const asker = (event.origin?.jid ?? event.from).bare().toString();
    if (!(await ctx.storage.accounts.exists(owner))) throw new StanzaError("service-unavailable");
    return { owner, asker };
  };

  ctx.on<StanzaEvent>(
    `iq-get/bare/${DISCO_INFO}:query`,
    (event) =>
      answerIq(ctx, event, async () => {
        const { owner, asker } = await parties(event);
        const nodeName = event.stanza.getChild("query", DISCO_INFO)?.attr("node");
        if (nodeName === undefined) {
          // XEP-0030 §8: strangers learn nothing of the account (as the built-in module does).
          if (!(await visibleTo(ctx, owner, asker))) throw new StanzaError("service-unavailable");
          const features = [DISCO_INFO, DISCO_ITEMS, ...PUBSUB_FEATURES, ...extraFeatures];
          return xml(
            "query",
            { xmlns: DISCO_INFO },
            xml("identity", { category: "account", type: "registered" }),
            xml("identity", { category: "pubsub", type: "pep" }),
            [...new Set(features)].sort().map((f) => xml("feature", { var: f })),
          );
        }
        const node = await service.store.node(owner, nodeName);
        if (!node || (await accessDenied(ctx.storage.roster, owner, node, asker))) {
          throw new StanzaError("item-not-found");
        }
        return xml(
          "query",
          { xmlns: DISCO_INFO, node: nodeName },
          xml("identity", { category: "pubsub", type: "leaf" }),
          xml("feature", { var: PUBSUB }),
        );
      }),
    10,
  );

  ctx.on<StanzaEvent>(
    `iq-get/bare/${DISCO_ITEMS}:query`,
    (event) =>
      answerIq(ctx, event, async () => {
        const { owner, asker } = await parties(event);
        const nodeName = event.stanza.getChild("query", DISCO_ITEMS)?.attr("node");
        if (nodeName === undefined) {
          const visible = [];
          for (const node of await service.store.nodes(owner)) {
            if (!(await accessDenied(ctx.storage.roster, owner, node, asker))) visible.push(node);
          }
          if (visible.length === 0 && !(await visibleTo(ctx, owner, asker))) {
            throw new StanzaError("service-unavailable");
          }
          return xml(
            "query",
            { xmlns: DISCO_ITEMS },
            visible.map((n) =>
              xml("item", attrs({ jid: owner, node: n.name, name: n.config.title || undefined })),
            ),
          );
        }
        const node = await service.store.node(owner, nodeName);
        if (!node || (await accessDenied(ctx.storage.roster, owner, node, asker))) {
          throw new StanzaError("item-not-found");
        }
        const items = await service.store.items(owner, node);
        return xml(
          "query",
          { xmlns: DISCO_ITEMS, node: nodeName },
          items.map((i) => xml("item", { jid: owner, name: i.id })),
        );
      }),
    10,
  );
}

// XEP-0163 §4 / XEP-0030: an account's bare JID is a PEP service: its disco#info carries the
// identity pubsub/pep and the pubsub features, its disco#items lists the nodes the asker may
// see (XEP-0060 §5.2), a node's disco#info says it is a leaf (§5.3), its items list item ids
// (§5.5). The account's own disco#info (no node) is the server's disco module's, with the
// identity and features this module adds (ctx.addAccountIdentity / addAccountFeature); node
// queries and disco#items are answered here, at a higher priority.
import type { ModuleContext, StanzaEvent } from "@parley/server";
import { StanzaError } from "@parley/stanza";
import { xml } from "@parley/xml";
import { accessDenied } from "./access";
import { attrs } from "./attrs";
import { answerIq } from "./answer";
import { DISCO_INFO, DISCO_ITEMS, PUBSUB } from "./ns";
import type { PepService } from "./service";

async function visibleTo(ctx: ModuleContext, owner: string, asker: string): Promise<boolean> {
  if (asker === owner) return true;
  const item = await ctx.storage.roster.getItem(owner, asker);
  return item?.subscription === "from" || item?.subscription === "both";
}

export function registerDisco(
  ctx: ModuleContext,
  service: PepService,
  _extraFeatures: ReadonlySet<string>,
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
      event.stanza.getChild("query", DISCO_INFO)?.attr("node") === undefined
        ? undefined // the account itself: the disco module answers (module-api addAccountFeature)
        : answerIq(ctx, event, async () => {
            const { owner, asker } = await parties(event);
            const nodeName = event.stanza.getChild("query", DISCO_INFO)?.attr("node");
            if (nodeName === undefined) throw new StanzaError("item-not-found"); // not reached
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

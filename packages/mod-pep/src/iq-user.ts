// The `http://jabber.org/protocol/pubsub` namespace (XEP-0060 §6 entity use cases, §7 publisher
// use cases) on each account's bare JID.
import type { ModuleContext, StanzaEvent } from "@parley/server";
import { StanzaError } from "@parley/stanza";
import { type Element, xml } from "@parley/xml";
import { pubsubError } from "./errors";
import { attrs } from "./attrs";
import { findForm, readForm } from "./forms";
import { itemElement } from "./item-codec";
import { sendLastItem } from "./last-item";
import { checkFormType } from "./node-config";
import { NODE_CONFIG, PUBLISH_OPTIONS, PUBSUB } from "./ns";
import { type PepRequest, actionOf, pepRequest, readMax, unsupported } from "./requests";
import type { PepService } from "./service";

const wrap = (...children: Element[]) => xml("pubsub", { xmlns: PUBSUB }, children);

async function publish(service: PepService, r: PepRequest, pubsub: Element, action: Element) {
  const items = action.getChildren("item", PUBSUB);
  if (items.length === 0) throw pubsubError("bad-request", "item-required"); // §7.1.3.6
  if (items.length > 1) throw pubsubError("bad-request", "invalid-payload");
  const payloads = items[0]!.elements();
  if (payloads.length === 0) throw pubsubError("bad-request", "payload-required"); // §7.1.3.6
  if (payloads.length > 1) throw pubsubError("bad-request", "invalid-payload");
  const form = findForm(pubsub.getChild("publish-options", PUBSUB));
  const options = form ? readForm(form) : undefined;
  if (options) checkFormType(options, PUBLISH_OPTIONS);
  const id = await service.publish({
    owner: r.owner,
    publisher: r.requester,
    node: action.attr("node")!,
    id: items[0]!.attr("id") || undefined,
    payload: payloads[0]!,
    options,
  });
  return wrap(xml("publish", attrs({ node: action.attr("node") }), xml("item", { id })));
}

function flag(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  return value === "true" || value === "1";
}

/** §6.1.3.1: the subscribed JID must be the requester's own (bare or full). */
function ownJid(r: PepRequest, jid: string | undefined): string {
  if (jid === undefined) throw pubsubError("bad-request", "jid-required");
  if (jid !== r.from && jid !== r.requester) throw pubsubError("bad-request", "invalid-jid");
  return jid;
}

export function registerUserIq(ctx: ModuleContext, service: PepService): void {
  ctx.handleIq(
    "set",
    PUBSUB,
    "pubsub",
    async (event: StanzaEvent) => {
      const r = await pepRequest(ctx, event);
      const pubsub = event.stanza.getChild("pubsub", PUBSUB)!;
      const action = actionOf(pubsub, ["publish-options", "configure"]);
      const node = action.attr("node");
      switch (action.localName) {
        case "publish":
          return publish(service, r, pubsub, action);
        case "retract": {
          const ids = action.getChildren("item", PUBSUB);
          if (ids.length !== 1) throw pubsubError("bad-request", "item-required");
          await service.retract(
            r.owner,
            r.requester,
            node,
            ids[0]!.attr("id"),
            flag(action.attr("notify")),
          );
          return null;
        }
        case "create": {
          const form = findForm(pubsub.getChild("configure", PUBSUB));
          const values = form ? readForm(form) : undefined;
          if (values) checkFormType(values, NODE_CONFIG);
          await service.create(r.owner, r.requester, node, values);
          return null;
        }
        case "subscribe": {
          const jid = ownJid(r, action.attr("jid"));
          const subscribed = await service.subscribe(r.owner, r.requester, node, jid);
          if (subscribed.config.send_last_published_item !== "never") {
            await sendLastItem(ctx, service, r.owner, subscribed, jid);
          }
          return wrap(xml("subscription", attrs({ node, jid, subscription: "subscribed" })));
        }
        case "unsubscribe":
          await service.unsubscribe(r.owner, node, ownJid(r, action.attr("jid")));
          return null;
        case "options":
          throw unsupported("subscription-options");
        default:
          throw unsupported(action.localName);
      }
    },
    { destination: "bare" },
  );

  ctx.handleIq(
    "get",
    PUBSUB,
    "pubsub",
    async (event: StanzaEvent) => {
      const r = await pepRequest(ctx, event);
      const pubsub = event.stanza.getChild("pubsub", PUBSUB)!;
      const action = actionOf(pubsub, []);
      const nodeFilter = action.attr("node");
      switch (action.localName) {
        case "items": {
          const ids = action.getChildren("item", PUBSUB).map((i) => i.attr("id") ?? "");
          const { node, items } = await service.items(r.owner, r.requester, action.attr("node"), {
            ids,
            max: readMax(action.attr("max_items")),
          });
          return wrap(
            xml(
              "items",
              { node: node.name },
              items.map((i) => itemElement(i)),
            ),
          );
        }
        case "subscriptions": {
          // §5.6: the requester's own subscriptions at this service.
          const subs = [];
          for (const node of await service.store.nodes(r.owner)) {
            if (nodeFilter !== undefined && node.name !== nodeFilter) continue;
            for (const jid of Object.keys(node.subscriptions)) {
              if (jid === r.requester || jid.startsWith(`${r.requester}/`)) {
                subs.push(
                  xml("subscription", { node: node.name, jid, subscription: "subscribed" }),
                );
              }
            }
          }
          return wrap(xml("subscriptions", attrs({ node: nodeFilter }), subs));
        }
        case "affiliations": {
          // §5.7: the requester's own affiliations.
          const affs = [];
          for (const node of await service.store.nodes(r.owner)) {
            if (nodeFilter !== undefined && node.name !== nodeFilter) continue;
            const a = r.requester === r.owner ? "owner" : node.affiliations[r.requester];
            if (a) affs.push(xml("affiliation", { node: node.name, affiliation: a }));
          }
          return wrap(xml("affiliations", attrs({ node: nodeFilter }), affs));
        }
        case "options":
          throw unsupported("subscription-options");
        default:
          throw new StanzaError("bad-request", {
            text: `unknown request ${action.localName}`,
            lang: "en",
          });
      }
    },
    { destination: "bare" },
  );
}

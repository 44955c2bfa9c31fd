// The `http://jabber.org/protocol/pubsub#owner` namespace (XEP-0060 §8 owner use cases): node
// configuration, default configuration, deletion, purge, affiliations.
import type { ModuleContext, StanzaEvent } from "@parley/server";
import { type Element, xml } from "@parley/xml";
import { pubsubError } from "./errors";
import { findForm, readForm } from "./forms";
import { checkFormType, configForm, defaultNodeConfig } from "./node-config";
import { NODE_CONFIG, PUBSUB_OWNER } from "./ns";
import { actionOf, pepRequest, unsupported } from "./requests";
import type { PepService } from "./service";

const wrap = (...children: Element[]) => xml("pubsub", { xmlns: PUBSUB_OWNER }, children);

export function registerOwnerIq(ctx: ModuleContext, service: PepService): void {
  ctx.handleIq(
    "get",
    PUBSUB_OWNER,
    "pubsub",
    async (event: StanzaEvent) => {
      const r = await pepRequest(ctx, event);
      const action = actionOf(event.stanza.getChild("pubsub", PUBSUB_OWNER)!, []);
      if (r.owner !== r.requester) throw pubsubError("forbidden");
      switch (action.localName) {
        case "configure": {
          const node = await service.existing(r.owner, action.attr("node"));
          return wrap(xml("configure", { node: node.name }, configForm(node.config)));
        }
        case "default": // §8.3
          return wrap(xml("default", null, configForm(defaultNodeConfig(service.config))));
        case "affiliations": {
          const node = await service.existing(r.owner, action.attr("node"));
          return wrap(
            xml(
              "affiliations",
              { node: node.name },
              xml("affiliation", { jid: r.owner, affiliation: "owner" }),
              Object.entries(node.affiliations).map(([jid, affiliation]) =>
                xml("affiliation", { jid, affiliation }),
              ),
            ),
          );
        }
        case "subscriptions": {
          const node = await service.existing(r.owner, action.attr("node"));
          return wrap(
            xml(
              "subscriptions",
              { node: node.name },
              Object.keys(node.subscriptions).map((jid) =>
                xml("subscription", { jid, subscription: "subscribed" }),
              ),
            ),
          );
        }
        default:
          throw unsupported(action.localName);
      }
    },
    { destination: "bare" },
  );

  ctx.handleIq(
    "set",
    PUBSUB_OWNER,
    "pubsub",
    async (event: StanzaEvent) => {
      const r = await pepRequest(ctx, event);
      const action = actionOf(event.stanza.getChild("pubsub", PUBSUB_OWNER)!, []);
      const node = action.attr("node");
      switch (action.localName) {
        case "configure": {
          const form = findForm(action);
          if (!form)
            throw pubsubError("bad-request", undefined, {
              text: "a configuration form is required",
            });
          // §8.2.5: a cancelled form changes nothing.
          if (form.attr("type") === "cancel") return null;
          const values = readForm(form);
          checkFormType(values, NODE_CONFIG);
          await service.configure(r.owner, r.requester, node, values);
          return null;
        }
        case "delete":
          await service.deleteNode(r.owner, r.requester, node);
          return null;
        case "purge":
          await service.purge(r.owner, r.requester, node);
          return null;
        case "affiliations": {
          const changes = action
            .getChildren("affiliation", PUBSUB_OWNER)
            .map((a): [string, string] => [a.attr("jid") ?? "", a.attr("affiliation") ?? ""]);
          if (changes.some(([jid]) => jid === "" || jid.includes("/"))) {
            throw pubsubError("bad-request", undefined, { text: "affiliations need bare JIDs" });
          }
          await service.setAffiliations(r.owner, r.requester, node, changes);
          return null;
        }
        default:
          throw unsupported(action.localName);
      }
    },
    { destination: "bare" },
  );
}

// Last published item delivery (XEP-0060 §6.1.7 on subscription; XEP-0163 §4.3.2 on presence
// for `send_last_published_item = on_sub_and_presence`).
import type { ModuleContext, Session } from "@parley/server";
import { accessDenied } from "./access";
import { interestOf } from "./interest";
import { itemElement } from "./item-codec";
import { eventMessage, itemsEvent } from "./notify";
import type { PepService } from "./service";
import type { PepNode } from "./store";

/** Sends the newest item of `node` to `to`, if it has one. */
export async function sendLastItem(
  ctx: ModuleContext,
  service: PepService,
  owner: string,
  node: PepNode,
  to: string,
): Promise<void> {
  const items = await service.store.items(owner, node);
  const last = items[items.length - 1];
  if (!last) return;
  const body = itemsEvent(node.name, [itemElement(last, node.config.deliver_payloads)]);
  await ctx.route(eventMessage(owner, to, body));
}

/**
 * A session became available (or changed caps) with +notify interest: the newest item of every
 * node it is interested in, of its own account and of each contact whose presence it receives
 * (the contact's roster gives it subscription from/both, checked by the access model).
 */
export async function deliverOnPresence(
  ctx: ModuleContext,
  service: PepService,
  session: Session,
): Promise<void> {
  const wanted = interestOf(session);
  if (wanted.size === 0 || !session.bareJid || !session.jid) return;
  const me = session.bareJid.toString();
  const to = session.jid.toString();
  const { items } = await ctx.storage.roster.get(me);
  const owners = [me];
  for (const item of items) {
    const domain = item.jid.split("@").pop()!;
    if (
      (item.subscription === "to" || item.subscription === "both") &&
      item.jid.includes("@") &&
      ctx.isLocalHost(domain)
    ) {
      owners.push(item.jid);
    }
  }
  for (const owner of owners) {
    for (const node of await service.store.nodes(owner)) {
      if (!wanted.has(node.name) || node.config.send_last_published_item !== "on_sub_and_presence")
        continue;
      if (!node.config.deliver_notifications) continue;
      if (await accessDenied(ctx.storage.roster, owner, node, me)) continue;
      await sendLastItem(ctx, service, owner, node, to);
    }
  }
}

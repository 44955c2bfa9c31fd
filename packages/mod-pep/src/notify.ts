// Event notifications (XEP-0060 §7.1.2, §7.2.2, §8.4.2, §8.5.2; XEP-0163 §4.3): who gets them
// and what they look like.
import type { ModuleContext, Session } from "@parley/server";
import { generateId } from "@parley/stanza";
import { type Element, xml } from "@parley/xml";
import { accessDenied } from "./access";
import { interestOf, isAvailable } from "./interest";
import { PUBSUB_EVENT } from "./ns";
import type { PepNode } from "./store";

/**
 * Full JIDs (or, for explicit subscriptions of entities without a local session, bare JIDs)
 * that get notifications of `node`: available sessions of the owner and of contacts with a
 * presence subscription whose caps show `<node>+notify` (XEP-0163 §4.3.1), plus explicit
 * subscribers (XEP-0060 §6.1), each only when the access model lets it see the node.
 */
export async function recipients(
  ctx: ModuleContext,
  owner: string,
  node: PepNode,
): Promise<string[]> {
  const out = new Set<string>();
  const interested = (s: Session) => isAvailable(s) && interestOf(s).has(node.name);
  const allowed = new Map<string, boolean>();
  const may = async (bare: string) => {
    let ok = allowed.get(bare);
    if (ok === undefined) {
      ok = (await accessDenied(ctx.storage.roster, owner, node, bare)) === undefined;
      allowed.set(bare, ok);
    }
    return ok;
  };
  for (const s of ctx.sessionsOf(owner)) if (interested(s)) out.add(s.jid!.toString());
  const { items } = await ctx.storage.roster.get(owner);
  for (const item of items) {
    if (item.subscription !== "from" && item.subscription !== "both") continue;
    const sessions = ctx.sessionsOf(item.jid).filter(interested);
    if (sessions.length > 0 && (await may(item.jid))) {
      for (const s of sessions) out.add(s.jid!.toString());
    }
  }
  for (const jid of Object.keys(node.subscriptions)) {
    const bare = jid.split("/")[0]!;
    if (!(await may(bare))) continue;
    if (jid.includes("/")) out.add(jid);
    else {
      const local = ctx.sessionsOf(bare).filter(isAvailable);
      if (local.length > 0) for (const s of local) out.add(s.jid!.toString());
      else if (!ctx.isLocalHost(bare.split("@").pop()!)) out.add(bare);
    }
  }
  return [...out];
}

/** `<message type=headline><event><…/></event></message>` from the owner's PEP service. */
export function eventMessage(owner: string, to: string, body: Element): Element {
  return xml(
    "message",
    { from: owner, to, type: "headline", id: generateId() },
    xml("event", { xmlns: PUBSUB_EVENT }, body),
  );
}

export function itemsEvent(node: string, items: readonly Element[]): Element {
  return xml("items", { node }, items);
}

/** Routes one notification per recipient; failures are logged, never thrown. */
export async function sendEvents(
  ctx: ModuleContext,
  owner: string,
  to: readonly string[],
  body: Element,
): Promise<void> {
  for (const jid of to) {
    try {
      await ctx.route(eventMessage(owner, jid, body.clone()));
    } catch (error) {
      ctx.log.warn("notification failed", { to: jid, error: String(error) });
    }
  }
}

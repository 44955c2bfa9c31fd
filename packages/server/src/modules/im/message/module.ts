// Message delivery to local accounts (RFC 6121 §8.5): bare JIDs by priority (§8.5.2), full JIDs
// (§8.5.3), unknown accounts (§8.5.1), offline storage through the `offline/store` event.
import type { Jid } from "@parley/jid";
import { bareMessagePlan, mostAvailable, unboundResourceRule } from "@parley/router";
import { MessageView, NS, StanzaError } from "@parley/stanza";
import type { Element } from "@parley/xml";
import {
  defineModule,
  type ModuleContext,
  type Session,
  type StanzaEvent,
} from "../../../module-api";
import { OFFLINE_STORE_EVENT, type OfflineStoreEvent } from "../events";
import { availableSessions } from "../presence/session-state";

/**
 * Every refusal here is the same bare <service-unavailable/>, without a text: RFC 6120 §8.3.3.19
 * and §13.11 (directory harvesting) want "no such account" answered as the other cases are, and
 * a text ("no such account", "recipient offline") would tell them apart. Prosody answers the
 * same way. `_why` says which case it is, for the reader only.
 */
const unavailable = (_why: string) => new StanzaError("service-unavailable");

/**
 * §8.5.2.1.1: the "most available" resources: the available ones with the highest non-negative
 * priority (all of them on a tie, as several clients of one user at the same priority all
 * want the chat). Negative priorities never receive messages to the bare JID (§4.7.2.3).
 */
export function messageTargets(sessions: readonly Session[]): Session[] {
  return mostAvailable(availableSessions(sessions));
}

/** Whether a message is worth keeping offline: not chat states alone, no XEP-0334 no-store. */
function storable(stanza: Element): boolean {
  const children = stanza.elements();
  if (
    children.some(
      (c) =>
        c.ns === NS.HINTS && (c.localName === "no-store" || c.localName === "no-permanent-store"),
    )
  ) {
    return false;
  }
  return children.some((c) => c.ns !== NS.CHATSTATES);
}

async function deliverToBare(ctx: ModuleContext, stanza: Element, to: Jid): Promise<void> {
  const owner = to.bare().toString();
  const type = MessageView.from(stanza).type;
  if (stanza.attr("type") === "error") return; // §8.5.2.1.1 / §8.5.2.2.1: errors are dropped
  const sessions = ctx.sessionsOf(owner);
  // §8.5.1: a bound session proves the account exists; only otherwise ask the store.
  if (sessions.length === 0 && !(await ctx.storage.accounts.exists(owner))) {
    throw unavailable("no such account");
  }
  // The RFC 6121 §8.5.2 rules (@parley/router): who gets it, or what else happens.
  const plan = bareMessagePlan(type, availableSessions(sessions));
  if (plan.action === "bounce") throw unavailable("groupchat to a bare JID");
  if (plan.action === "drop") return;
  if (plan.action === "send") {
    for (const s of plan.targets) s.send(stanza); // `to` stays the bare JID
    return;
  }
  // §8.5.2.2.1: normal and chat go to offline storage (XEP-0160).
  if (!storable(stanza)) return;
  const stored = await ctx.fire<OfflineStoreEvent>(OFFLINE_STORE_EVENT, { owner, stanza });
  if (stored === undefined) throw unavailable("recipient offline");
  if (stored === false) throw unavailable("offline storage of the recipient is full");
}

async function deliverToFull(ctx: ModuleContext, stanza: Element, to: Jid): Promise<void> {
  const session = ctx.session(to);
  if (session) {
    session.send(stanza); // §8.5.3.1: the resource exists
    return;
  }
  // §8.5.3.2.1: no such resource. groupchat → service-unavailable (MUCs rely on it), error →
  // dropped, normal/chat/headline → handled as sent to the bare JID (@parley/router's rule).
  const rule = unboundResourceRule("message", MessageView.from(stanza).type);
  if (rule === "drop") return;
  if (rule === "bounce") throw unavailable("no such resource");
  await deliverToBare(ctx, stanza, to);
}

export const messageModule = defineModule({
  name: "message",
  setup(ctx) {
    ctx.on<StanzaEvent>("message/bare", async (event) => {
      await deliverToBare(ctx, event.stanza, event.to);
      return true;
    });
    ctx.on<StanzaEvent>("message/full", async (event) => {
      await deliverToFull(ctx, event.stanza, event.to);
      return true;
    });
  },
});

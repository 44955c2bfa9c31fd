// Presence addressed to a local account (RFC 6121 §8.5.2.1.3, §8.5.3, §8.5.1), including the
// contact's-server half of the subscription state machine (Appendix A.3) and probes (§4.3.2).
import type { Jid } from "@parley/jid";
import { type Element, serialize } from "@parley/xml";
import type { ModuleContext } from "../../../module-api";
import { OFFLINE_STORE_EVENT, type OfflineStoreEvent } from "../events";
import { pushRosterItem } from "../roster/push";
import { inbound, isSubscriptionType, type SubscriptionType } from "../subscription/state";
import { loadContact, saveContact } from "../subscription/store";
import {
  presenceStanza,
  readdressed,
  routeSafely,
  sendCurrentPresence,
  sendUnavailable,
} from "./send";
import { availableSessions } from "./session-state";

/** Delivers a presence stanza to `to` (a local account, bare or full) from `from`. */
export async function deliverInbound(
  ctx: ModuleContext,
  stanza: Element,
  from: Jid,
  to: Jid,
): Promise<void> {
  const type = stanza.attr("type") ?? "available";
  const owner = to.bare().toString();
  const exists = await ctx.storage.accounts.exists(owner);
  if (isSubscriptionType(type)) {
    // §3.1.3 / §8.5.1: subscription presence for an account that does not exist is ignored, a
    // request too: the requester's item keeps ask="subscribe" as for a contact who has not
    // answered yet, and an answer would tell who has an account here (Prosody does the same).
    if (!exists) return;
    await inboundSubscription(ctx, stanza, type, from, owner);
    return;
  }
  if (type === "probe") {
    // §8.5.1 option (b) / §4.3.2 rule 1: no account, or not subscribed → unsubscribed.
    if (!exists) {
      await routeSafely(ctx, presenceStanza(owner, from.bare().toString(), "unsubscribed"));
      return;
    }
    await answerProbe(ctx, from, owner);
    return;
  }
  if (!exists) return; // §8.5.1: presence for no account is silently ignored
  if (to.isFull) {
    // §8.5.3.1: to a connected resource; §8.5.3.2.3: no such resource → ignored.
    ctx.session(to)?.send(stanza);
    return;
  }
  // §8.5.2.1.3: to every available resource, keeping the bare `to`; none → ignored (§8.5.2.2.3).
  for (const s of availableSessions(ctx.sessionsOf(owner))) s.send(stanza);
}

async function inboundSubscription(
  ctx: ModuleContext,
  stanza: Element,
  type: SubscriptionType,
  from: Jid,
  owner: string,
): Promise<void> {
  const contact = from.bare().toString();
  if (contact === owner) return;
  // §3.1.3: a request to a full JID is handled as one to the bare JID; the server stamps bare JIDs.
  const stamped = readdressed(stanza, contact, owner);
  const record = await loadContact(ctx.storage, owner, contact);
  const result = inbound(record.state, type);
  const saved = await saveContact(ctx.storage, owner, contact, record, result.next, {
    pendingStanza: serialize(stamped),
  });
  if (saved.version !== undefined && saved.item) {
    pushRosterItem(ctx, owner, saved.item, saved.version);
  }
  if (result.deliver) {
    const targets = availableSessions(ctx.sessionsOf(owner));
    for (const s of targets) s.send(stamped);
    // §8.5.2.2.2: subscription stanzas are kept for the next login. A subscribe is kept as the
    // Pending In record (re-delivered at every login until answered); the others go offline.
    if (targets.length === 0 && type !== "subscribe") {
      await ctx.fire<OfflineStoreEvent>(OFFLINE_STORE_EVENT, { owner, stanza: stamped });
    }
  }
  if (result.autoReply) {
    // A.3.1 / §3.4: already subscribed or pre-approved: answer for the user, then share presence
    // as after an approval (§3.1.5).
    await routeSafely(ctx, presenceStanza(owner, contact, "subscribed"));
    await sendCurrentPresence(ctx, owner, contact);
  }
  if (type === "unsubscribe" && record.state.from && !result.next.from) {
    // §3.3.3: the contact no longer receives the user's presence: tell it the user is gone.
    await sendUnavailable(ctx, owner, contact);
  }
}

/** §4.3.2: a subscriber gets the last presence of each available resource; others unsubscribed. */
async function answerProbe(ctx: ModuleContext, from: Jid, owner: string): Promise<void> {
  const prober = from.bare().toString();
  if (prober !== owner) {
    const { state } = await loadContact(ctx.storage, owner, prober);
    if (!state.from) {
      await routeSafely(ctx, presenceStanza(owner, prober, "unsubscribed"));
      return;
    }
  }
  // No available resource: no answer (§4.3.2 rule 2 lets the server stay silent).
  await sendCurrentPresence(ctx, owner, from.toString());
}

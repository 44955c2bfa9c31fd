// Presence with a `to` sent by a local session (RFC 6121 §3 user's-server side, Appendix A.2;
// directed presence §4.6). Local destinations are then handled as inbound presence directly.
import { Jid } from "@parley/jid";
import { PresenceView, StanzaError } from "@parley/stanza";
import type { Element } from "@parley/xml";
import type { ModuleContext, Session } from "../../../module-api";
import { pushRosterItem } from "../roster/push";
import { isSubscriptionType, outbound, type SubscriptionType } from "../subscription/state";
import { loadContact, saveContact } from "../subscription/store";
import { deliverInbound } from "./inbound";
import { readdressed, routeSafely, sendCurrentPresence, sendUnavailable } from "./send";
import { presenceState } from "./session-state";

export async function handleOutbound(
  ctx: ModuleContext,
  session: Session,
  stanza: Element,
  to: Jid,
): Promise<void> {
  const rawType = stanza.attr("type");
  if (rawType !== "error") PresenceView.from(stanza).validate(); // bad-request back to the client
  const type = rawType ?? "available";
  const full = session.jid;
  if (!full) return;
  if (isSubscriptionType(type)) {
    await outboundSubscription(ctx, session, stanza, type, to);
    return;
  }
  const sent = readdressed(stanza, full.toString(), stanza.attr("to"));
  if (type === "available" || type === "unavailable") {
    // §4.6.2: remember the targets of directed available presence, so that they get unavailable
    // presence when the resource goes (§4.6.3); a directed unavailable ends it. Also when the
    // resource has sent no initial presence (RFC 3921 §5.1.4 case 3: treated the same way), as
    // tools like go-sendxmpp do: the target saw it online and must see it leave.
    const { directed } = presenceState(session);
    const target = to.toString();
    if (type === "unavailable") directed.delete(target);
    else if (!directed.has(target)) {
      // Bounded per session (a client could otherwise make the server remember any number).
      const max = ctx.settings?.directedPresenceTargets ?? 0;
      if (max > 0 && directed.size >= max) {
        const text = `directed presence is limited to ${max} targets per session`;
        throw new StanzaError("policy-violation", { text, lang: "en" });
      }
      directed.add(target);
    }
  }
  await deliver(ctx, sent, full, to);
}

async function outboundSubscription(
  ctx: ModuleContext,
  session: Session,
  stanza: Element,
  type: SubscriptionType,
  to: Jid,
): Promise<void> {
  const owner = session.bareJid!.toString();
  const contactJid = to.bare();
  const contact = contactJid.toString();
  if (contact === owner) return; // one's own presence is always shared across resources
  // §3.1.2 and §3.2.2: the server stamps the bare JIDs of both parties.
  const stamped = readdressed(stanza, owner, contact);
  const record = await loadContact(ctx.storage, owner, contact);
  const result = outbound(record.state, type);
  // §3.1.2: subscribing adds the contact to the roster; §3.4 and §3.1.5: approving (or
  // pre-approving) does too.
  const createItem = type === "subscribe" || type === "subscribed";
  const saved = await saveContact(ctx.storage, owner, contact, record, result.next, { createItem });
  if (saved.version !== undefined && saved.item) {
    pushRosterItem(ctx, owner, saved.item, saved.version);
  }
  if (result.route) await deliver(ctx, stamped, Jid.parse(owner), contactJid);
  if (type === "subscribed" && result.next.from && !record.state.from) {
    await sendCurrentPresence(ctx, owner, contact); // §3.1.5
  }
  if (type === "unsubscribed" && record.state.from && !result.next.from) {
    await sendUnavailable(ctx, owner, contact); // §3.2.2
  }
}

/** To a local account: inbound processing at once; elsewhere: through the router. */
async function deliver(ctx: ModuleContext, stanza: Element, from: Jid, to: Jid): Promise<void> {
  if (to.local !== "" && ctx.isLocalHost(to.domain)) {
    await deliverInbound(ctx, stanza, from, to);
    return;
  }
  if (to.local === "" && ctx.isLocalHost(to.domain)) return; // presence to the server: ignored
  await routeSafely(ctx, stanza);
}

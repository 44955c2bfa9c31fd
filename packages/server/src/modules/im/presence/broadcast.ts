// Presence without `to` from a session: initial, updated and unavailable presence (RFC 6121
// §4.2, §4.4, §4.5), probes on initial presence (§4.2.2), and the unavailable presence the server
// sends for a session that ends without one (§4.5.2, also on a dropped connection).
import { PresenceView, StanzaError } from "@parley/stanza";
import type { RosterItem } from "@parley/storage";
import type { Element } from "@parley/xml";
import type { ModuleContext, Session } from "../../../module-api";
import { AVAILABLE_EVENT, type AvailableEvent } from "../events";
import { parseStored } from "../offline/codec";
import { pendingRequests } from "../subscription/store";
import { presenceCopy, presenceStanza, readdressed, routeSafely } from "./send";
import { availableSessions, presenceState } from "./session-state";

const subscribedTo = (i: RosterItem) => i.subscription === "to" || i.subscription === "both";
const subscriber = (i: RosterItem) => i.subscription === "from" || i.subscription === "both";

export async function handleBroadcast(
  ctx: ModuleContext,
  session: Session,
  stanza: Element,
): Promise<void> {
  const view = PresenceView.from(stanza);
  const type = stanza.attr("type") ?? "available";
  if (type === "error") return; // an error needs an addressee
  view.validate(); // bad type, priority, show → bad-request (§4.7)
  if (type === "available") await goAvailable(ctx, session, stanza, view.priority);
  else if (type === "unavailable") await goUnavailable(ctx, session, stanza);
  else
    throw new StanzaError("bad-request", {
      text: `presence of type ${type} needs a 'to'`,
      lang: "en",
    });
}

async function goAvailable(
  ctx: ModuleContext,
  session: Session,
  stanza: Element,
  priority: number,
) {
  const full = session.jid!.toString();
  const owner = session.bareJid!.toString();
  const initial = session.presence === undefined;
  const wasTarget = !initial && session.priority >= 0;
  const last = readdressed(stanza, full, undefined);
  session.presence = last;
  session.priority = priority;
  const { items } = await ctx.storage.roster.get(owner);
  if (initial) {
    // §4.2.2: probe the contacts whose presence the user receives; answers come to this resource.
    for (const item of items.filter(subscribedTo)) {
      await routeSafely(ctx, presenceStanza(full, item.jid, "probe"));
    }
  }
  // §4.2.2 / §4.4.2: to every subscriber, and to all of the user's available resources
  // (including this one).
  for (const item of items.filter(subscriber)) {
    await routeSafely(ctx, presenceCopy(last, full, item.jid));
  }
  const own = availableSessions(ctx.sessionsOf(owner));
  for (const s of own) s.send(presenceCopy(last, full, s.jid!.toString()));
  if (initial) {
    // The new resource learns of the user's other resources.
    for (const s of own) {
      if (s !== session) session.send(presenceCopy(s.presence!, s.jid!.toString(), full));
    }
    // §3.1.3: subscription requests waiting for an answer are delivered at each login.
    for (const [, xml] of await pendingRequests(ctx.storage, owner)) {
      const request = xml === "" ? undefined : parseStored(xml);
      if (request) session.send(request);
    }
  }
  if (priority >= 0 && !wasTarget) {
    await ctx.fire<AvailableEvent>(AVAILABLE_EVENT, { session });
  }
}

/**
 * The session is no longer available: unavailable presence to subscribers, to the user's other
 * resources and to every target of directed presence (§4.5.2, §4.6.3). `stanza` is the client's
 * own unavailable presence, or undefined when the server ends the session for it.
 */
export async function goUnavailable(
  ctx: ModuleContext,
  session: Session,
  stanza: Element | undefined,
): Promise<void> {
  const full = session.jid?.toString();
  const owner = session.bareJid?.toString();
  if (!full || !owner) return;
  const wasAvailable = session.presence !== undefined;
  const { directed } = presenceState(session);
  const last = readdressed(stanza ?? presenceStanza(full, owner, "unavailable"), full, undefined);
  session.presence = undefined;
  session.priority = 0;
  const covered = new Set<string>();
  if (wasAvailable) {
    const { items } = await ctx.storage.roster.get(owner);
    for (const item of items.filter(subscriber)) {
      covered.add(item.jid);
      await routeSafely(ctx, presenceCopy(last, full, item.jid));
    }
    const targets = availableSessions(ctx.sessionsOf(owner)).filter((s) => s !== session);
    if (!session.closed) targets.push(session);
    for (const s of targets) s.send(presenceCopy(last, full, s.jid!.toString()));
  }
  for (const target of directed) {
    const bare = target.split("/")[0]!;
    if (covered.has(bare)) continue; // the subscriber broadcast reached all its resources
    await routeSafely(ctx, presenceCopy(last, full, target));
  }
  directed.clear();
}

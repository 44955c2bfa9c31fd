// Roster management (RFC 6121 §2) with roster versioning (XEP-0237, RFC 6121 §2.6).
import { NS, StanzaError, iqError, iqResult } from "@parley/stanza";
import type { RosterItem } from "@parley/storage";
import { Element } from "@parley/xml";
import {
  type ModuleContext,
  type StanzaEvent,
  type StreamFeaturesEvent,
  defineModule,
} from "../../../module-api";
import { presenceStanza, routeSafely, sendUnavailable } from "../presence/send";
import { PENDING_IN_STORE, loadContact } from "../subscription/store";
import { itemElement, parseRosterSet, queryElement } from "./items";
import { pushRosterItem } from "./push";

/** The account whose roster an iq addresses, or forbidden (§2.1.5: only one's own roster). */
function ownerOf(event: StanzaEvent): string {
  const own = event.origin?.bareJid;
  if (!own || !event.to.bareEquals(own) || event.to.isFull) {
    throw new StanzaError("forbidden", { text: "not your roster", lang: "en" });
  }
  return own.toString();
}

async function rosterGet(ctx: ModuleContext, event: StanzaEvent): Promise<Element | null> {
  const owner = ownerOf(event);
  event.origin!.interested = true; // §2.2: this resource now receives roster pushes
  const roster = await ctx.storage.roster.get(owner);
  // §2.6.3: the client's version is current → empty result; changes come as pushes.
  const ver = event.stanza.getChild("query", NS.ROSTER)?.attr("ver");
  if (ver !== undefined && ver === roster.version) return null;
  return queryElement(
    roster.version,
    roster.items.map((i) => itemElement(i)),
  );
}

async function rosterSet(ctx: ModuleContext, event: StanzaEvent): Promise<void> {
  const owner = ownerOf(event);
  const request = parseRosterSet(event.stanza.getChild("query", NS.ROSTER)!);
  if (request.jid === owner) {
    // Subscribing to oneself makes no sense: the server always shares presence across resources.
    throw new StanzaError("not-allowed", { text: "cannot add yourself", lang: "en" });
  }
  const existing = await ctx.storage.roster.getItem(owner, request.jid);
  if (request.kind === "remove") {
    if (!existing) throw new StanzaError("item-not-found", { lang: "en", text: "no such item" });
    await removeItem(ctx, event, owner, request.jid);
    return;
  }
  // §2.4: an update keeps the subscription state; only name and groups come from the client.
  const item: RosterItem = existing
    ? { ...existing, groups: request.groups }
    : { jid: request.jid, subscription: "none", groups: request.groups };
  if (request.name === undefined) delete item.name;
  else item.name = request.name;
  const version = await ctx.storage.roster.setItem(owner, item);
  event.origin?.send(iqResult(event.stanza));
  pushRosterItem(ctx, owner, item, version);
}

/**
 * §2.5.2: remove the item, answer, push the removal, and cancel the subscriptions both ways:
 * unsubscribe when the user had (or asked for) the contact's presence, unsubscribed when the
 * contact had (or asked for) the user's.
 */
async function removeItem(ctx: ModuleContext, event: StanzaEvent, owner: string, contact: string) {
  const { state } = await loadContact(ctx.storage, owner, contact);
  if (state.from) await sendUnavailable(ctx, owner, contact);
  const version = await ctx.storage.roster.removeItem(owner, contact);
  await ctx.storage.kv.set(PENDING_IN_STORE, owner, contact, undefined);
  event.origin?.send(iqResult(event.stanza));
  pushRosterItem(ctx, owner, contact, version);
  if (state.to || state.pendingOut)
    await routeSafely(ctx, presenceStanza(owner, contact, "unsubscribe"));
  if (state.from || state.pendingIn) {
    await routeSafely(ctx, presenceStanza(owner, contact, "unsubscribed"));
  }
}

export const rosterModule = defineModule({
  name: "roster",
  setup(ctx) {
    ctx.handleIq("get", NS.ROSTER, "query", (event) => rosterGet(ctx, event), {
      destination: "bare",
    });
    // The set handler answers itself, so the result goes out before the pushes (§2.3.2).
    ctx.on<StanzaEvent>(`iq-set/bare/${NS.ROSTER}:query`, async (event) => {
      try {
        await rosterSet(ctx, event);
      } catch (error) {
        if (!(error instanceof StanzaError)) throw error;
        event.origin?.send(iqError(event.stanza, error));
      }
      return true;
    });
    // §2.6 roster versioning and §3.4 pre-approval, announced with bind (post-auth).
    ctx.on<StreamFeaturesEvent>("stream-features", (event) => {
      if (event.stage !== "post-auth") return undefined;
      event.features.push(new Element("ver", { xmlns: NS.ROSTER_VER }, NS.ROSTER_VER));
      event.features.push(new Element("sub", { xmlns: NS.PRE_APPROVAL }, NS.PRE_APPROVAL));
      return undefined; // let other modules add theirs
    });
  },
});

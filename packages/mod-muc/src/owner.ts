// The muc#owner iq (XEP-0045 §10): the configuration form (§10.1.2 instant room, §10.1.3 reserved
// room, §10.2 later changes with the §10.2.1 notice) and room destruction (§10.9).
import type { Jid } from "@parley/jid";
import { StanzaError } from "@parley/stanza";
import type { Element } from "@parley/xml";
import { DATA_FORMS, MUC_OWNER, MUC_USER, STATUS } from "./ns";
import { removeOccupant } from "./occupants";
import { occupantPresence } from "./presence-build";
import { rank } from "./roles";
import type { Room } from "./room";
import { applyConfigForm, configForm } from "./room-config";
import type { MucService } from "./service";
import { el, stanza } from "./xml-text";

const error = (condition: ConstructorParameters<typeof StanzaError>[0], text: string) =>
  new StanzaError(condition, { text, lang: "en" });

function requireOwner(room: Room, from: Jid): void {
  if (room.affiliationOf(from.bare().toString()) !== "owner") {
    throw error("forbidden", "only owners configure or destroy the room");
  }
}

/** §10.2: the form with the current values. */
export function ownerGet(room: Room, from: Jid, query: Element): Element {
  requireOwner(room, from);
  if (query.elements().length > 0) throw error("bad-request", "an empty query asks for the form");
  return el("query", { xmlns: MUC_OWNER }, configForm(room.config, room.jid));
}

export async function ownerSet(
  svc: MucService,
  room: Room,
  from: Jid,
  query: Element,
): Promise<void> {
  requireOwner(room, from);
  const destroy = query.getChild("destroy", MUC_OWNER);
  if (destroy) {
    await destroyRoom(svc, room, destroy);
    return;
  }
  const form = query.getChild("x", DATA_FORMS);
  if (!form) throw error("bad-request", "a data form or <destroy/>");
  const type = form.attr("type");
  if (type === "cancel") {
    // §10.1.3: cancelling the initial configuration destroys the new room.
    if (room.locked) await destroyRoom(svc, room, undefined);
    return;
  }
  if (type !== "submit") throw error("bad-request", "the form is submitted or cancelled");
  const before = room.config;
  // §10.1.2: an empty submitted form accepts the defaults (an instant room).
  const next = applyConfigForm(before, form, svc.config.maxHistoryFetch);
  room.config = next;
  const wasLocked = room.locked;
  room.locked = false;
  await svc.persist(room);
  if (next.persistent && !before.persistent) await svc.persistArchive(room);
  if (wasLocked) return;
  // §10.2.1: tell the occupants; 172/173 when the room's anonymity changed.
  const statuses: string[] = [STATUS.CONFIG_CHANGED];
  if (before.whois !== next.whois)
    statuses.push(next.whois === "anyone" ? STATUS.NOW_NON_ANONYMOUS : STATUS.NOW_SEMI_ANONYMOUS);
  for (const o of room.occupants.values()) {
    await svc.send(
      stanza(
        "message",
        { from: room.jid, to: o.jid.toString(), type: "groupchat" },
        el(
          "x",
          { xmlns: MUC_USER },
          statuses.map((code) => el("status", { code })),
        ),
      ),
    );
  }
  if (next.membersOnly && !before.membersOnly) {
    // §10.2 status 322: those without membership leave a room that became members-only.
    for (const o of [...room.occupants.values()]) {
      if (rank(room.affiliationOf(o.bare)) < rank("member")) {
        await removeOccupant(svc, room, o, { statuses: [STATUS.MEMBERS_ONLY] });
      }
    }
  }
  await svc.dropIfEmpty(room);
}

/** §10.9: every occupant gets unavailable presence with <destroy/>, then the room is gone. */
export async function destroyRoom(
  svc: MucService,
  room: Room,
  destroy: Element | undefined,
): Promise<void> {
  const alternate = destroy?.attr("jid");
  const reason = destroy?.getChildText("reason", MUC_OWNER);
  const notice = el(
    "destroy",
    { jid: alternate },
    reason === undefined ? null : el("reason", null, reason),
  );
  for (const o of [...room.occupants.values()]) {
    await svc.send(
      occupantPresence(room, o, o, {
        type: "unavailable",
        affiliation: "none",
        role: "none",
        destroy: notice,
        plain: true,
      }),
    );
  }
  room.occupants.clear();
  await svc.removeRoom(room);
}

// Occupant presence as the room broadcasts it (XEP-0045 §7.2.2–§7.2.4): the occupant's own
// presence, from its occupant JID, with <x xmlns='…muc#user'><item affiliation role [jid]/>,
// status codes and the XEP-0421 occupant-id.
import type { Element } from "@parley/xml";
import { MUC, MUC_USER, OCCUPANT_ID, STATUS } from "./ns";
import type { Occupant, Room } from "./room";
import { el, stanza } from "./xml-text";

export interface PresenceOptions {
  type?: "unavailable";
  statuses?: readonly string[];
  /** <item nick=…> (§7.6.3: the new nick in the 303 unavailable presence). */
  nick?: string;
  reason?: string;
  actorNick?: string;
  /** Affiliation and role to show instead of the occupant's current ones (leaving: none). */
  affiliation?: string;
  role?: string;
  /** §10.9 destroy notice. */
  destroy?: Element;
  /** Leave out the self-presence extras (status 110/100, the own JID), as §10.9 does. */
  plain?: boolean;
}

/** The children of an occupant's own presence that the room passes on. */
export function ownPresenceChildren(presence: Element): Element[] {
  return presence
    .elements()
    .filter(
      (c) =>
        !(c.localName === "x" && (c.ns === MUC || c.ns === MUC_USER)) &&
        !(c.localName === "occupant-id" && c.ns === OCCUPANT_ID) &&
        c.localName !== "error",
    )
    .map((c) => c.clone());
}

/** §7.2.3/§7.2.4: real JIDs are shown to everyone in non-anonymous rooms, else to moderators. */
export function maySeeJids(room: Room, recipient: Occupant): boolean {
  return room.nonAnonymous || recipient.role === "moderator";
}

/** The presence of `occupant` for `recipient` (`self` when it is the occupant itself). */
export function occupantPresence(
  room: Room,
  occupant: Occupant,
  recipient: Occupant,
  options: PresenceOptions = {},
): Element {
  const self = recipient === occupant && !options.plain;
  const statuses = [...(options.statuses ?? [])];
  if (self) {
    statuses.push(STATUS.SELF);
    if (room.nonAnonymous && options.type === undefined) statuses.push(STATUS.NON_ANONYMOUS);
  }
  const item = el("item", {
    affiliation: options.affiliation ?? room.affiliationOf(occupant.bare),
    role: options.role ?? occupant.role,
    jid:
      !options.plain && (self || maySeeJids(room, recipient)) ? occupant.jid.toString() : undefined,
    nick: options.nick,
  });
  if (options.actorNick !== undefined) item.append(el("actor", { nick: options.actorNick }));
  if (options.reason !== undefined) item.append(el("reason", null, options.reason));
  const children =
    options.type === "unavailable"
      ? ownPresenceChildren(occupant.presence).filter((c) => c.localName === "status")
      : ownPresenceChildren(occupant.presence);
  return stanza(
    "presence",
    { from: room.nickJid(occupant.nick), to: recipient.jid.toString(), type: options.type },
    children,
    el(
      "x",
      { xmlns: MUC_USER },
      item,
      options.destroy,
      [...new Set(statuses)].sort().map((code) => el("status", { code })),
    ),
    el("occupant-id", { xmlns: OCCUPANT_ID, id: room.occupantId(occupant.bare) }),
  );
}

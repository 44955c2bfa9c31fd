// Occupants leaving and changing (XEP-0045 §7.6 nick change, §7.7 presence change, §7.14 exit),
// and removal by the room (kick §8.2, ban §9.1, membership revoked §9.4, errors XEP-0410 §5).
import type { Element } from "@parley/xml";
import { STANZAS, STATUS } from "./ns";
import { type PresenceOptions, occupantPresence } from "./presence-build";
import type { Occupant, Room } from "./room";
import type { MucService } from "./service";
import { el, stanza } from "./xml-text";

/**
 * Takes `occupant` out of the room and tells everyone (itself included unless `notifySelf` is
 * false, as for a client that answered with an error); the room goes away when it was the last
 * occupant of a temporary room.
 */
export async function removeOccupant(
  svc: MucService,
  room: Room,
  occupant: Occupant,
  options: PresenceOptions = {},
  notifySelf = true,
): Promise<void> {
  if (room.occupants.get(occupant.nick) !== occupant) return;
  room.occupants.delete(occupant.nick);
  const opts: PresenceOptions = { ...options, type: "unavailable", role: "none" };
  for (const recipient of room.occupants.values()) {
    await svc.send(occupantPresence(room, occupant, recipient, opts));
  }
  if (notifySelf) await svc.send(occupantPresence(room, occupant, occupant, opts));
  await svc.dropIfEmpty(room);
}

/** §7.14: unavailable presence from the occupant (its status text is passed on). */
export async function leave(
  svc: MucService,
  room: Room,
  occupant: Occupant,
  presence: Element,
): Promise<void> {
  occupant.presence = presence;
  await removeOccupant(svc, room, occupant);
}

/** §7.7: new availability or status: the same presence to everyone. */
export async function updatePresence(
  svc: MucService,
  room: Room,
  occupant: Occupant,
  presence: Element,
): Promise<void> {
  occupant.presence = presence;
  await svc.broadcastPresence(room, occupant);
}

/** §7.6: unavailable with status 303 and the new nick, then the presence from the new nick. */
export async function changeNick(
  svc: MucService,
  room: Room,
  occupant: Occupant,
  nick: string,
  presence: Element,
): Promise<void> {
  const holder = room.occupants.get(nick);
  if (holder) {
    // §7.6.3 (conflict): the error comes from the nick asked for.
    await svc.send(
      stanza(
        "presence",
        {
          from: room.nickJid(nick),
          to: occupant.jid.toString(),
          type: "error",
          id: presence.attr("id"),
        },
        el("error", { type: "cancel" }, el("conflict", { xmlns: STANZAS })),
      ),
    );
    return;
  }
  await svc.broadcastPresence(room, occupant, {
    type: "unavailable",
    statuses: [STATUS.NICK_CHANGED],
    nick,
  });
  room.occupants.delete(occupant.nick);
  occupant.nick = nick;
  occupant.presence = presence;
  room.occupants.set(nick, occupant);
  await svc.broadcastPresence(room, occupant);
}

// Entering a room (XEP-0045 §7.2), creating it on first entry (§10.1).
import type { StanzaEvent } from "@parley/server";
import { StanzaError } from "@parley/stanza";
import type { Element } from "@parley/xml";
import { historyFor, historyMessage } from "./history";
import { MUC, STATUS } from "./ns";
import { occupantPresence } from "./presence-build";
import { defaultRole, rank } from "./roles";
import type { Occupant, Room } from "./room";
import type { MucService } from "./service";
import { el, stanza } from "./xml-text";

const refuse = (condition: ConstructorParameters<typeof StanzaError>[0], text: string) =>
  new StanzaError(condition, { text, lang: "en" });

/** Why `bare` may not enter `room` with `nick`, or undefined (§7.2.5–§7.2.10). */
function admissionError(
  room: Room,
  bare: string,
  nick: string,
  muc: Element | undefined,
): StanzaError | undefined {
  const affiliation = room.affiliationOf(bare);
  if (affiliation === "outcast") return refuse("forbidden", "you are banned from this room"); // §7.2.7
  // §10.1.1: until its owner configures it, a new room admits nobody else.
  if (room.locked && affiliation !== "owner") return refuse("item-not-found", "the room is locked");
  if (room.config.membersOnly && rank(affiliation) < rank("member")) {
    return refuse("registration-required", "the room is members-only"); // §7.2.6
  }
  if (room.occupants.has(nick)) return refuse("conflict", "that nickname is in use"); // §7.2.9
  if (
    room.config.passwordProtected &&
    muc?.getChildText("password", MUC) !== room.config.password
  ) {
    return refuse("not-authorized", "a password is required"); // §7.2.5
  }
  const full = room.config.maxUsers > 0 && room.occupants.size >= room.config.maxUsers;
  if (full && rank(affiliation) < rank("admin")) {
    return refuse("service-unavailable", "the room is full"); // §7.2.10
  }
  return undefined;
}

export async function join(
  svc: MucService,
  event: StanzaEvent,
  existing: Room | undefined,
): Promise<void> {
  const { stanza: presence, from, to } = event;
  const muc = presence.getChild("x", MUC);
  const bare = from.bare().toString();
  const nick = to.resource;
  let room = existing;
  let created = false;
  if (!room) {
    // §10.1.1: the creator becomes the owner. With <x xmlns='…muc'/> the room stays locked
    // until configured (instant or reserved, §10.1.2/§10.1.3); an old groupchat 1.0 client
    // that does not speak MUC gets an instant room at once.
    room = svc.newRoom(to.local);
    room.setAffiliation(bare, "owner");
    room.locked = muc !== undefined;
    created = true;
  } else {
    const refused = admissionError(room, bare, nick, muc);
    if (refused) {
      await svc.bounce(presence, refused, el("x", { xmlns: MUC }));
      return;
    }
  }
  const occupant: Occupant = {
    nick,
    jid: from,
    bare,
    role: defaultRole(room.affiliationOf(bare), room.config.moderated),
    presence,
  };
  // §7.2.2: first the presence of everyone already there, then the newcomer's to all.
  for (const other of room.occupants.values()) {
    await svc.send(occupantPresence(room, other, occupant));
  }
  room.occupants.set(nick, occupant);
  await svc.broadcastPresence(room, occupant, (recipient) => ({
    statuses: created && recipient === occupant ? [STATUS.CREATED] : [],
  }));
  const to_ = from.toString();
  for (const item of historyFor(room, muc?.getChild("history", MUC))) {
    await svc.send(historyMessage(room, item, to_));
  }
  // §7.2.16: the subject comes last, also when there is none (an empty <subject/>).
  const subject = room.subject;
  await svc.send(
    stanza(
      "message",
      { from: subject?.nick ? room.nickJid(subject.nick) : room.jid, to: to_, type: "groupchat" },
      el("subject", null, subject?.text ?? ""),
    ),
  );
  if (created && !room.locked) await svc.persist(room);
}

// Messages to a room (XEP-0045 §7.4 groupchat, §8.1 subject) and to an occupant (§7.5 private
// messages). Groupchat is stamped with an XEP-0359 stanza-id (the MAM archive id) and the
// XEP-0421 occupant-id, after removing any the sender put there itself.
import { randomUUID } from "node:crypto";
import type { StanzaEvent } from "@parley/server";
import { StanzaError } from "@parley/stanza";
import type { Element } from "@parley/xml";
import { archiveKey } from "./store";
import { MUC_USER, OCCUPANT_ID, SID } from "./ns";
import { removeOccupant } from "./occupants";
import { STATUS } from "./ns";
import type { Occupant, Room } from "./room";
import type { MucService } from "./service";
import { el, stanza } from "./xml-text";

const error = (condition: ConstructorParameters<typeof StanzaError>[0], text: string) =>
  new StanzaError(condition, { text, lang: "en" });

/** Conditions of a bounced message that mean the occupant's client is gone (XEP-0410 §5). */
const GONE = new Set([
  "gone",
  "item-not-found",
  "recipient-unavailable",
  "redirect",
  "remote-server-not-found",
  "remote-server-timeout",
  "service-unavailable",
]);

/** The sender's children, minus what only the room may say. */
function passedOn(message: Element, roomJid: string): Element[] {
  return message
    .elements()
    .filter(
      (c) =>
        !(c.localName === "occupant-id" && c.ns === OCCUPANT_ID) &&
        !(c.localName === "stanza-id" && c.ns === SID && c.attr("by") === roomJid),
    )
    .map((c) => c.clone());
}

/** A message from an occupant's client to the room JID. */
export async function roomMessage(svc: MucService, room: Room, event: StanzaEvent): Promise<void> {
  const { stanza: message, from, type } = event;
  const occupant = room.occupantByJid(from);
  if (type === "error") {
    const condition = StanzaError.fromStanza(message)?.condition;
    if (occupant && condition && GONE.has(condition)) {
      await removeOccupant(svc, room, occupant, { statuses: [STATUS.ERROR] }, false);
    }
    return;
  }
  if (type !== "groupchat") return; // invitations and declines are handled before (invites.ts)
  // §7.4: only occupants speak in the room.
  if (!occupant) {
    await svc.bounce(
      message,
      error("not-acceptable", "only occupants may send messages to the room"),
    );
    return;
  }
  const subject = message.getChild("subject");
  const body = message.getChild("body");
  if (subject && !body) {
    await changeSubject(svc, room, occupant, message, subject.text());
    return;
  }
  // §7.4 and §8.4 (visitors in a moderated room have no voice).
  if (occupant.role === "visitor" || occupant.role === "none") {
    await svc.bounce(message, error("forbidden", "you have no voice in this room"));
    return;
  }
  const id = randomUUID();
  const out = stanza(
    "message",
    { from: room.nickJid(occupant.nick), type: "groupchat", id: message.attr("id") },
    passedOn(message, room.jid),
    el("occupant-id", { xmlns: OCCUPANT_ID, id: room.occupantId(occupant.bare) }),
    el("stanza-id", { xmlns: SID, id, by: room.jid }),
  );
  if (body || subject) {
    await svc.archive(room, { id, key: archiveKey(room.seq++), stamp: new Date(), message: out });
  }
  for (const recipient of room.occupants.values()) {
    const copy = out.clone();
    copy.setAttr("to", recipient.jid.toString());
    await svc.send(copy);
  }
}

/** §8.1: moderators, and participants when the room allows it, change the subject. */
async function changeSubject(
  svc: MucService,
  room: Room,
  occupant: Occupant,
  message: Element,
  text: string,
): Promise<void> {
  const allowed =
    occupant.role === "moderator" || (occupant.role === "participant" && room.config.changeSubject);
  if (!allowed) {
    await svc.bounce(message, error("forbidden", "you may not change the subject"));
    return;
  }
  room.subject = { text, nick: occupant.nick };
  for (const recipient of room.occupants.values()) {
    await svc.send(
      stanza(
        "message",
        {
          from: room.nickJid(occupant.nick),
          to: recipient.jid.toString(),
          type: "groupchat",
          id: message.attr("id"),
        },
        el("subject", null, text),
        el("occupant-id", { xmlns: OCCUPANT_ID, id: room.occupantId(occupant.bare) }),
      ),
    );
  }
  if (room.config.persistent) await svc.persist(room);
}

/** §7.5: a private message to `room/nick`, passed on with the sender's occupant JID. */
export async function privateMessage(
  svc: MucService,
  room: Room,
  event: StanzaEvent,
): Promise<void> {
  const { stanza: message, from, to, type } = event;
  const sender = room.occupantByJid(from);
  if (type === "error") {
    const condition = StanzaError.fromStanza(message)?.condition;
    if (sender && condition && GONE.has(condition)) {
      await removeOccupant(svc, room, sender, { statuses: [STATUS.ERROR] }, false);
    }
    return;
  }
  if (!sender) {
    await svc.bounce(message, error("not-acceptable", "only occupants may send private messages"));
    return;
  }
  if (type === "groupchat") {
    await svc.bounce(message, error("bad-request", "a private message is not of type groupchat"));
    return;
  }
  const recipient = room.occupants.get(to.resource);
  if (!recipient) {
    await svc.bounce(message, error("item-not-found", "no such occupant"));
    return;
  }
  const out = stanza(
    "message",
    {
      from: room.nickJid(sender.nick),
      to: recipient.jid.toString(),
      type: message.attr("type"),
      id: message.attr("id"),
    },
    passedOn(message, room.jid).filter((c) => !(c.localName === "x" && c.ns === MUC_USER)),
    el("x", { xmlns: MUC_USER }),
    el("occupant-id", { xmlns: OCCUPANT_ID, id: room.occupantId(sender.bare) }),
  );
  await svc.send(out);
}

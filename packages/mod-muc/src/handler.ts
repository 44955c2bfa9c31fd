// Every stanza to the service domain, a room or an occupant JID (module-api addComponent), sorted
// by kind and address: presence (join, change, leave), messages, iqs.
import type { ComponentHandler, StanzaEvent } from "@parley/server";
import { StanzaError, iqResult } from "@parley/stanza";
import type { Element } from "@parley/xml";
import { adminGet, adminSet } from "./admin";
import { roomInfo, roomItems, serviceInfo, serviceItems } from "./disco";
import { invitesAndDeclines } from "./invites";
import { join } from "./join";
import { mamForm, mamQuery } from "./mam";
import { privateMessage, roomMessage } from "./messages";
import { DISCO_INFO, DISCO_ITEMS, MAM, MUC, MUC_ADMIN, MUC_OWNER, PING, STATUS } from "./ns";
import { changeNick, leave, removeOccupant, updatePresence } from "./occupants";
import { ownerGet, ownerSet } from "./owner";
import type { MucService } from "./service";
import { el } from "./xml-text";

const error = (condition: ConstructorParameters<typeof StanzaError>[0], text?: string) =>
  new StanzaError(condition, text === undefined ? {} : { text, lang: "en" });

export function componentHandler(svc: MucService): ComponentHandler {
  return (event) => {
    svc.enqueue(
      event.to.local,
      () => handle(svc, event),
      async (failure) => {
        if (!(failure instanceof StanzaError)) {
          svc.ctx.log.error("muc: stanza handler failed", {
            stanza: event.stanza.toString().slice(0, 500),
            error: failure instanceof Error ? (failure.stack ?? failure.message) : String(failure),
          });
        }
        const reply = failure instanceof StanzaError ? failure : error("internal-server-error");
        await svc.bounce(
          event.stanza,
          reply,
          event.kind === "presence" ? el("x", { xmlns: MUC }) : undefined,
        );
      },
    );
    return true;
  };
}

function handle(svc: MucService, event: StanzaEvent): Promise<void> {
  if (event.kind === "presence") return presence(svc, event);
  if (event.kind === "message") return message(svc, event);
  return iq(svc, event);
}

async function presence(svc: MucService, event: StanzaEvent): Promise<void> {
  const { stanza, type, from, to } = event;
  if (to.local === "") return; // presence to the service itself: nothing to do
  const room = svc.rooms.get(to.local);
  const occupant = room?.occupantByJid(from);
  if (type === "error") {
    // XEP-0410 §5: an occupant whose client answers with an error is gone (a "ghost").
    if (room && occupant)
      await removeOccupant(svc, room, occupant, { statuses: [STATUS.ERROR] }, false);
    return;
  }
  if (type === "unavailable") {
    if (room && occupant) await leave(svc, room, occupant, stanza);
    return;
  }
  if (type !== "available") return; // subscriptions and probes are not for rooms
  // §7.2.1: entering needs a nickname.
  if (to.resource === "") throw error("jid-malformed", "a nickname is required to enter a room");
  if (room && occupant) {
    if (occupant.nick === to.resource) await updatePresence(svc, room, occupant, stanza);
    else await changeNick(svc, room, occupant, to.resource, stanza);
    return;
  }
  await join(svc, event, room);
}

async function message(svc: MucService, event: StanzaEvent): Promise<void> {
  const { to, type } = event;
  if (to.local === "") return; // messages to the service: dropped
  const room = svc.rooms.get(to.local);
  if (!room || room.locked) {
    if (type !== "error") throw error("item-not-found", "no such room");
    return;
  }
  if (to.resource !== "") return privateMessage(svc, room, event);
  if (type !== "error" && type !== "groupchat" && (await invitesAndDeclines(svc, room, event)))
    return;
  await roomMessage(svc, room, event);
}

async function iq(svc: MucService, event: StanzaEvent): Promise<void> {
  const { stanza, type } = event;
  if (type !== "get" && type !== "set") return; // the service asks nothing, so expects no answers
  const payload = stanza.elements()[0];
  if (!payload) throw error("bad-request", "an iq get or set carries one payload");
  const answer = await iqAnswer(svc, event, `${type} ${payload.ns} ${payload.localName}`, payload);
  await svc.send(iqResult(stanza, answer ?? undefined));
}

async function iqAnswer(
  svc: MucService,
  event: StanzaEvent,
  key: string,
  payload: Element,
): Promise<Element | null> {
  const { stanza, from, to } = event;
  if (to.local === "") {
    if (key === `get ${DISCO_INFO} query`) return serviceInfo(svc, payload);
    if (key === `get ${DISCO_ITEMS} query`) return serviceItems(svc, payload);
    if (key === `get ${PING} ping`) return null;
    throw error("service-unavailable");
  }
  const room = svc.rooms.get(to.local);
  const isOwner = room?.affiliationOf(from.bare().toString()) === "owner";
  // §10.1.1: a locked room does not exist for anyone but its owner.
  if (!room || (room.locked && !isOwner)) throw error("item-not-found", "no such room");
  if (to.resource !== "") {
    const sender = room.occupantByJid(from);
    if (key === `get ${PING} ping`) {
      // XEP-0410 §3: the room answers a self-ping of a joined client, and says not-acceptable
      // to one that is not (any more) in the room.
      if (!sender) throw error("not-acceptable", "you are not an occupant of this room");
      if (sender.nick === to.resource) return null;
    }
    if (!room.occupants.has(to.resource)) throw error("item-not-found", "no such occupant");
    throw error("service-unavailable", "iq requests to occupants are not relayed");
  }
  switch (key) {
    case `get ${DISCO_INFO} query`:
      return roomInfo(room, payload);
    case `get ${DISCO_ITEMS} query`:
      return roomItems(payload);
    case `get ${MUC_ADMIN} query`:
      return adminGet(room, from, payload);
    case `set ${MUC_ADMIN} query`:
      await adminSet(svc, room, from, payload);
      return null;
    case `get ${MUC_OWNER} query`:
      return ownerGet(room, from, payload);
    case `set ${MUC_OWNER} query`:
      await ownerSet(svc, room, from, payload);
      return null;
    case `get ${MAM} query`:
      return mamForm();
    case `set ${MAM} query`:
      return mamQuery(svc, room, stanza, from, payload);
    case `get ${PING} ping`:
      return null;
    default:
      throw error("service-unavailable");
  }
}

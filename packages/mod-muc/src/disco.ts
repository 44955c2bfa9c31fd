// Service discovery (XEP-0045 §6): the service (§6.1), its public rooms (§6.3), a room's
// features and muc#roominfo form (§6.4, §15.5.4), and a room's items (§6.5, none shown here).
import { StanzaError } from "@parley/stanza";
import type { Element } from "@parley/xml";
import { buildForm } from "./forms";
import {
  DISCO_INFO,
  DISCO_ITEMS,
  MAM,
  MUC,
  MUC_STABLE_ID,
  OCCUPANT_ID,
  PING,
  ROOMINFO,
  SELF_PING,
  SID,
} from "./ns";
import type { Room } from "./room";
import type { MucService } from "./service";
import { el } from "./xml-text";

const COMMON = [DISCO_INFO, DISCO_ITEMS, MUC, MUC_STABLE_ID, OCCUPANT_ID, SELF_PING];

/** `node` queries are not supported: item-not-found (XEP-0030 §3.1). */
function noNode(query: Element): void {
  if (query.attr("node") !== undefined) throw new StanzaError("item-not-found");
}

const features = (list: readonly string[]) => list.map((v) => el("feature", { var: v }));

export function serviceInfo(svc: MucService, query: Element): Element {
  noNode(query);
  return el(
    "query",
    { xmlns: DISCO_INFO },
    el("identity", { category: "conference", type: "text", name: svc.config.name }),
    features([...COMMON, PING].sort()),
  );
}

/** §6.3: public rooms only (hidden and locked ones are left out). */
export function serviceItems(svc: MucService, query: Element): Element {
  noNode(query);
  const rooms = [...svc.rooms.values()]
    .filter((r) => r.config.public && !r.locked)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return el(
    "query",
    { xmlns: DISCO_ITEMS },
    rooms.map((r) => el("item", { jid: r.jid, name: r.config.name || r.name })),
  );
}

export function roomInfo(room: Room, query: Element): Element {
  noNode(query);
  const c = room.config;
  const list = [
    ...COMMON,
    MAM,
    SID,
    c.persistent ? "muc_persistent" : "muc_temporary",
    c.membersOnly ? "muc_membersonly" : "muc_open",
    c.moderated ? "muc_moderated" : "muc_unmoderated",
    c.passwordProtected ? "muc_passwordprotected" : "muc_unsecured",
    c.public ? "muc_public" : "muc_hidden",
    room.nonAnonymous ? "muc_nonanonymous" : "muc_semianonymous",
  ].sort();
  const info = buildForm("result", ROOMINFO, [
    { var: "muc#roominfo_description", label: "Description", values: [c.description] },
    {
      var: "muc#roominfo_occupants",
      label: "Number of occupants",
      values: [String(room.occupants.size)],
    },
    { var: "muc#roominfo_subject", label: "Subject", values: [room.subject?.text ?? ""] },
    {
      var: "muc#roominfo_subjectmod",
      type: "boolean",
      label: "Occupants may change the subject",
      values: [c.changeSubject ? "1" : "0"],
    },
    { var: "muc#roomconfig_roomname", label: "Name", values: [c.name] },
    {
      var: "muc#maxhistoryfetch",
      label: "History messages sent on join",
      values: [String(c.historyLength)],
    },
  ]);
  return el(
    "query",
    { xmlns: DISCO_INFO },
    el("identity", { category: "conference", type: "text", name: c.name || room.name }),
    features(list),
    info,
  );
}

/** §6.5: the service MAY list occupants; it does not, so that nicks stay inside the room. */
export function roomItems(query: Element): Element {
  noNode(query);
  return el("query", { xmlns: DISCO_ITEMS });
}

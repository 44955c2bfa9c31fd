// The muc#admin iq (XEP-0045 §8 moderator use cases, §9 admin use cases): role and affiliation
// lists, voice, kick (role none, status 307), ban (outcast, status 301), membership (§9.3–§9.5).
import { Jid } from "@parley/jid";
import { StanzaError } from "@parley/stanza";
import type { Element } from "@parley/xml";
import { MUC_ADMIN, STATUS } from "./ns";
import { removeOccupant } from "./occupants";
import {
  type Affiliation,
  type Role,
  defaultRole,
  isAffiliation,
  isRole,
  mayChangeAffiliation,
  mayChangeRole,
  rank,
} from "./roles";
import type { Occupant, Room } from "./room";
import type { MucService } from "./service";
import { el } from "./xml-text";

const error = (condition: ConstructorParameters<typeof StanzaError>[0], text: string) =>
  new StanzaError(condition, { text, lang: "en" });

/** The asker as the room sees it: affiliation from the bare JID, role from its occupant. */
function asker(
  room: Room,
  from: Jid,
): { affiliation: Affiliation; occupant: Occupant | undefined } {
  return {
    affiliation: room.affiliationOf(from.bare().toString()),
    occupant: room.occupantByJid(from),
  };
}

/** §8.5, §9.5, §10.5: a role list (moderators) or an affiliation list (admins and owners). */
export function adminGet(room: Room, from: Jid, query: Element): Element {
  const items = query.getChildren("item", MUC_ADMIN);
  if (items.length !== 1) throw error("bad-request", "one <item/> with a role or an affiliation");
  const { affiliation, occupant } = asker(room, from);
  const wantAffiliation = items[0]!.attr("affiliation");
  const wantRole = items[0]!.attr("role");
  const out = el("query", { xmlns: MUC_ADMIN });
  if (wantAffiliation !== undefined && wantRole === undefined) {
    if (!isAffiliation(wantAffiliation) || wantAffiliation === "none")
      throw error("bad-request", "unknown affiliation");
    if (rank(affiliation) < rank("admin"))
      throw error("forbidden", "only admins and owners see affiliation lists");
    for (const [jid, a] of [...room.affiliations].sort(([x], [y]) =>
      x < y ? -1 : x > y ? 1 : 0,
    )) {
      if (a === wantAffiliation) out.append(el("item", { affiliation: a, jid }));
    }
    return out;
  }
  if (wantRole !== undefined && wantAffiliation === undefined) {
    if (!isRole(wantRole) || wantRole === "none") throw error("bad-request", "unknown role");
    if (occupant?.role !== "moderator") throw error("forbidden", "only moderators see role lists");
    for (const o of room.occupants.values()) {
      if (o.role !== wantRole) continue;
      out.append(
        el("item", {
          affiliation: room.affiliationOf(o.bare),
          jid: o.jid.toString(),
          nick: o.nick,
          role: o.role,
        }),
      );
    }
    return out;
  }
  throw error("bad-request", "one <item/> with a role or an affiliation");
}

interface RoleChange {
  kind: "role";
  occupant: Occupant;
  role: Role;
  reason: string | undefined;
}
interface AffiliationChange {
  kind: "affiliation";
  bare: string;
  affiliation: Affiliation;
  reason: string | undefined;
}

function parseJid(value: string): Jid {
  try {
    return Jid.parse(value);
  } catch {
    throw error("jid-malformed", `not a JID: ${value}`);
  }
}

/** Checks every item first, so that a refused item changes nothing (§9.5: all or nothing). */
function plan(room: Room, from: Jid, query: Element): (RoleChange | AffiliationChange)[] {
  const { affiliation: actorAffiliation, occupant: actor } = asker(room, from);
  const items = query.getChildren("item", MUC_ADMIN);
  if (items.length === 0) throw error("bad-request", "no <item/>");
  const owners = new Set(room.owners());
  return items.map((item): RoleChange | AffiliationChange => {
    const role = item.attr("role");
    const affiliation = item.attr("affiliation");
    const reason = item.getChildText("reason", MUC_ADMIN);
    if (role !== undefined && affiliation === undefined) {
      if (!isRole(role)) throw error("bad-request", `unknown role ${role}`);
      const nick = item.attr("nick");
      if (nick === undefined) throw error("bad-request", "a role change names a nick");
      if (actor?.role !== "moderator") throw error("forbidden", "only moderators change roles");
      const target = room.occupants.get(nick);
      if (!target) throw error("item-not-found", `no occupant ${nick}`);
      const targetAffiliation = room.affiliationOf(target.bare);
      if (!mayChangeRole(actor.role, actorAffiliation, targetAffiliation, target.role, role)) {
        // §8.2 / §8.4: not of an admin or owner; §9.7: moderator status is for admins to give.
        throw error("not-allowed", `you may not make ${nick} a ${role}`);
      }
      return { kind: "role", occupant: target, role, reason };
    }
    if (affiliation !== undefined && role === undefined) {
      if (!isAffiliation(affiliation))
        throw error("bad-request", `unknown affiliation ${affiliation}`);
      if (rank(actorAffiliation) < rank("admin")) {
        throw error("forbidden", "only admins and owners change affiliations");
      }
      const jidAttr = item.attr("jid");
      const nick = item.attr("nick");
      let bare: string;
      if (jidAttr !== undefined) bare = parseJid(jidAttr).bare().toString();
      else if (nick !== undefined && room.occupants.has(nick))
        bare = room.occupants.get(nick)!.bare;
      else
        throw error(
          nick === undefined ? "bad-request" : "item-not-found",
          "an affiliation change names a JID",
        );
      const current = room.affiliationOf(bare);
      if (!mayChangeAffiliation(actorAffiliation, current, affiliation)) {
        throw error(
          "not-allowed",
          `you may not change the affiliation of ${bare} to ${affiliation}`,
        );
      }
      if (current === "owner" && affiliation !== "owner") {
        owners.delete(bare);
        // §10.6: a room always keeps an owner.
        if (owners.size === 0) throw error("conflict", "the room would be left without an owner");
      }
      if (affiliation === "owner") owners.add(bare);
      return { kind: "affiliation", bare, affiliation, reason };
    }
    throw error("bad-request", "an <item/> has either a role or an affiliation");
  });
}

export async function adminSet(
  svc: MucService,
  room: Room,
  from: Jid,
  query: Element,
): Promise<void> {
  const changes = plan(room, from, query);
  const actorNick = room.occupantByJid(from)?.nick;
  for (const change of changes) {
    if (change.kind === "role") await applyRole(svc, room, change, actorNick);
    else await applyAffiliation(svc, room, change, actorNick);
  }
  await svc.persist(room);
}

async function applyRole(
  svc: MucService,
  room: Room,
  change: RoleChange,
  actorNick: string | undefined,
): Promise<void> {
  const { occupant, role, reason } = change;
  if (role === "none") {
    // §8.2 kick.
    await removeOccupant(svc, room, occupant, { statuses: [STATUS.KICKED], reason, actorNick });
    return;
  }
  occupant.role = role;
  await svc.broadcastPresence(room, occupant, { reason });
}

async function applyAffiliation(
  svc: MucService,
  room: Room,
  change: AffiliationChange,
  actorNick: string | undefined,
): Promise<void> {
  const { bare, affiliation, reason } = change;
  const before = room.affiliationOf(bare);
  room.setAffiliation(bare, affiliation);
  for (const occupant of room.occupantsOf(bare)) {
    if (affiliation === "outcast") {
      // §9.1 ban.
      await removeOccupant(svc, room, occupant, { statuses: [STATUS.BANNED], reason, actorNick });
      continue;
    }
    if (room.config.membersOnly && rank(affiliation) < rank("member")) {
      // §9.4: out of a members-only room with the membership.
      await removeOccupant(svc, room, occupant, {
        statuses: [STATUS.AFFILIATION_CHANGED],
        reason,
        actorNick,
      });
      continue;
    }
    if (rank(affiliation) >= rank("admin") || rank(before) >= rank("admin")) {
      occupant.role = defaultRole(affiliation, room.config.moderated);
    } else if (affiliation === "member" && occupant.role === "visitor") {
      occupant.role = "participant";
    }
    await svc.broadcastPresence(room, occupant, { reason });
  }
}

// Mediated invitations and declines (XEP-0045 §7.8.2): `<x xmlns='…muc#user'><invite to=…>` to
// the room is passed on from the room to the invitee; `<decline to=…>` back to the inviter.
// (Direct invitations, XEP-0249 jabber:x:conference, go from client to client and need nothing here.)
import { Jid } from "@parley/jid";
import type { StanzaEvent } from "@parley/server";
import { StanzaError } from "@parley/stanza";
import type { Element } from "@parley/xml";
import { MUC_USER } from "./ns";
import { rank } from "./roles";
import type { Room } from "./room";
import type { MucService } from "./service";
import { el, stanza } from "./xml-text";

const error = (condition: ConstructorParameters<typeof StanzaError>[0], text: string) =>
  new StanzaError(condition, { text, lang: "en" });

function parseJid(value: string | undefined): Jid | undefined {
  if (value === undefined) return undefined;
  try {
    return Jid.parse(value);
  } catch {
    return undefined;
  }
}

/** Handles invites and declines in a message to the room; false when it carries none. */
export async function invitesAndDeclines(
  svc: MucService,
  room: Room,
  event: StanzaEvent,
): Promise<boolean> {
  const x = event.stanza.getChild("x", MUC_USER);
  const invites = x?.getChildren("invite", MUC_USER) ?? [];
  const declines = x?.getChildren("decline", MUC_USER) ?? [];
  if (invites.length === 0 && declines.length === 0) return false;
  if (invites.length > 0) await invite(svc, room, event, invites);
  else await decline(svc, room, event, declines[0]!);
  return true;
}

async function invite(
  svc: MucService,
  room: Room,
  event: StanzaEvent,
  invites: Element[],
): Promise<void> {
  const { stanza: message, from } = event;
  const inviter = room.occupantByJid(from);
  if (!inviter) {
    await svc.bounce(message, error("not-acceptable", "only occupants may invite"));
    return;
  }
  const affiliation = room.affiliationOf(inviter.bare);
  const privileged = rank(affiliation) >= rank("admin");
  // §7.8.2: when the room does not allow invitations, only admins and owners invite; in a
  // members-only room an invitation from someone allowed to invite makes the invitee a member.
  if (!room.config.allowInvites && !privileged) {
    await svc.bounce(message, error("forbidden", "you may not invite to this room"));
    return;
  }
  const targets: Jid[] = [];
  for (const el of invites) {
    const to = parseJid(el.attr("to"));
    if (!to) {
      await svc.bounce(message, error("jid-malformed", "invite without a valid 'to'"));
      return;
    }
    targets.push(to);
  }
  let changed = false;
  for (const [i, to] of targets.entries()) {
    const bare = to.bare().toString();
    if (room.config.membersOnly && rank(room.affiliationOf(bare)) < rank("member")) {
      if (room.affiliationOf(bare) === "outcast" && !privileged) {
        await svc.bounce(message, error("forbidden", "the invitee is banned"));
        return;
      }
      room.setAffiliation(bare, "member");
      changed = true;
    }
    const reason = invites[i]!.getChildText("reason", MUC_USER);
    await svc.send(
      stanza(
        "message",
        { from: room.jid, to: to.toString(), id: message.attr("id") },
        el(
          "x",
          { xmlns: MUC_USER },
          el(
            "invite",
            { from: from.toString() },
            reason === undefined ? null : el("reason", null, reason),
          ),
          room.config.passwordProtected ? el("password", null, room.config.password) : null,
        ),
        el(
          "body",
          null,
          `${from.bare().toString()} invites you to the room ${room.jid}${reason ? `: ${reason}` : ""}`,
        ),
      ),
    );
  }
  if (changed) await svc.persist(room);
}

async function decline(
  svc: MucService,
  room: Room,
  event: StanzaEvent,
  item: Element,
): Promise<void> {
  const to = parseJid(item.attr("to"));
  if (!to) {
    await svc.bounce(event.stanza, error("jid-malformed", "decline without a valid 'to'"));
    return;
  }
  const reason = item.getChildText("reason", MUC_USER);
  await svc.send(
    stanza(
      "message",
      { from: room.jid, to: to.toString(), id: event.stanza.attr("id") },
      el(
        "x",
        { xmlns: MUC_USER },
        el(
          "decline",
          { from: event.from.bare().toString() },
          reason === undefined ? null : el("reason", null, reason),
        ),
      ),
    ),
  );
}

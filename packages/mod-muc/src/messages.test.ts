// Messages over real sockets: groupchat (§7.4), moderated rooms (§8.4 visitors), subject (§8.1),
// private messages (§7.5), history on join (§7.2.15), invitations (§7.8.2), occupant-id
// (XEP-0421) and self-ping (XEP-0410).
import { describe, expect, it } from "vitest";
import {
  MUC,
  MUC_USER,
  OCCUPANT_ID,
  condition,
  createRoom,
  errorFrom,
  groupchat,
  join,
  messageWith,
  mucServer,
  presenceFrom,
  roomJid,
  users,
} from "../test/kit";

const ROOM = roomJid("coven");
const SID = "urn:xmpp:sid:0";

describe("groupchat (§7.4)", () => {
  it("is broadcast to every occupant from the sender's occupant JID, with stanza-id and occupant-id", async () => {
    const t = await mucServer();
    const [romeo, juliet, nurse] = await users(t, "romeo", "juliet", "nurse");
    await createRoom(romeo, "coven", "Romeo");
    await join(juliet, "coven", "Juliet");
    await join(nurse, "coven", "Nurse");
    // A forged occupant-id and stanza-id of the room are removed (XEP-0421 §4, XEP-0359 §3.3).
    juliet.send(
      `<message to="${ROOM}" type="groupchat" id="m1"><body>hello</body><occupant-id xmlns="${OCCUPANT_ID}" id="forged"/><stanza-id xmlns="${SID}" id="forged" by="${ROOM}"/></message>`,
    );
    const ids = new Set<string>();
    for (const [c, to] of [
      [romeo, "romeo@localhost/r"],
      [juliet, "juliet@localhost/r"],
      [nurse, "nurse@localhost/r"],
    ] as const) {
      const m = await c.expect(
        `<message from="${ROOM}/Juliet" to="${to}" type="groupchat" id="m1"><body>hello</body><occupant-id xmlns="${OCCUPANT_ID}" id="*"/><stanza-id xmlns="${SID}" id="*" by="${ROOM}"/></message>`,
      );
      expect(m.getChild("occupant-id", OCCUPANT_ID)?.attr("id")).not.toBe("forged");
      ids.add(m.getChild("stanza-id", SID)!.attr("id")!);
    }
    expect(ids.size).toBe(1);
  });

  it("non-occupants get not-acceptable; messages to a missing room item-not-found", async () => {
    const t = await mucServer();
    const [romeo, juliet] = await users(t, "romeo", "juliet");
    await createRoom(romeo, "coven", "Romeo");
    groupchat(juliet, "coven", "let me in");
    expect(await errorFrom(juliet, "message", ROOM)).toBe("not-acceptable");
    groupchat(juliet, "nowhere", "anyone?");
    expect(await errorFrom(juliet, "message", roomJid("nowhere"))).toBe("item-not-found");
    await romeo.sync();
    expect(romeo.unclaimed.filter((e) => e.localName === "message")).toEqual([]);
  });

  it("in a moderated room visitors cannot speak (forbidden) until given voice", async () => {
    const t = await mucServer();
    const [romeo, juliet] = await users(t, "romeo", "juliet");
    await createRoom(romeo, "coven", "Romeo", { "muc#roomconfig_moderatedroom": "1" });
    expect((await join(juliet, "coven", "Juliet")).role).toBe("visitor");
    groupchat(juliet, "coven", "may I?");
    expect(await errorFrom(juliet, "message", ROOM)).toBe("forbidden");
    romeo.send(
      `<iq type="set" id="v1" to="${ROOM}"><query xmlns="http://jabber.org/protocol/muc#admin"><item nick="Juliet" role="participant"/></query></iq>`,
    );
    await presenceFrom(juliet, `${ROOM}/Juliet`);
    groupchat(juliet, "coven", "thank you");
    await messageWith(romeo, "thank you");
  });
});

describe("subject (§8.1)", () => {
  it("moderators change it; participants only when the room allows; new occupants get it", async () => {
    const t = await mucServer();
    const [romeo, juliet, nurse] = await users(t, "romeo", "juliet", "nurse");
    await createRoom(romeo, "coven", "Romeo");
    await join(juliet, "coven", "Juliet");
    juliet.send(`<message to="${ROOM}" type="groupchat"><subject>mine</subject></message>`);
    expect(await errorFrom(juliet, "message", ROOM)).toBe("forbidden");
    romeo.send(`<message to="${ROOM}" type="groupchat"><subject>Fire burn</subject></message>`);
    const seen = await juliet.expect(
      (e) => e.localName === "message" && e.getChildText("subject") === "Fire burn",
    );
    expect(seen.attr("from")).toBe(`${ROOM}/Romeo`);
    nurse.send(`<presence to="${ROOM}/Nurse"><x xmlns="${MUC}"/></presence>`);
    await nurse.expect(
      `<message from="${ROOM}/Romeo" to="nurse@localhost/r" type="groupchat"><subject>Fire burn</subject></message>`,
    );
  });
});

describe("private messages (§7.5)", () => {
  it("go to the occupant from the sender's occupant JID, with <x xmlns='…#user'/>", async () => {
    const t = await mucServer();
    const [romeo, juliet] = await users(t, "romeo", "juliet");
    await createRoom(romeo, "coven", "Romeo");
    await join(juliet, "coven", "Juliet");
    juliet.send(`<message to="${ROOM}/Romeo" type="chat" id="pm1"><body>psst</body></message>`);
    await romeo.expect(
      `<message from="${ROOM}/Juliet" to="romeo@localhost/r" type="chat" id="pm1"><body>psst</body><x xmlns="${MUC_USER}"/><occupant-id xmlns="${OCCUPANT_ID}" id="*"/></message>`,
    );
    juliet.send(`<message to="${ROOM}/Nobody" type="chat"><body>?</body></message>`);
    expect(await errorFrom(juliet, "message", `${ROOM}/Nobody`)).toBe("item-not-found");
    juliet.send(`<message to="${ROOM}/Romeo" type="groupchat"><body>?</body></message>`);
    expect(await errorFrom(juliet, "message", `${ROOM}/Romeo`)).toBe("bad-request");
    const [nurse] = await users(t, "nurse");
    nurse.send(`<message to="${ROOM}/Romeo" type="chat"><body>hi</body></message>`);
    expect(await errorFrom(nurse, "message", `${ROOM}/Romeo`)).toBe("not-acceptable");
  });
});

describe("history on join (§7.2.15)", () => {
  it("the last messages with a delay from the room JID, limited by <history maxstanzas>", async () => {
    const t = await mucServer();
    const [romeo, juliet, nurse] = await users(t, "romeo", "juliet", "nurse");
    await createRoom(romeo, "coven", "Romeo");
    for (const body of ["one", "two", "three"]) {
      groupchat(romeo, "coven", body);
      await messageWith(romeo, body);
    }
    juliet.send(`<presence to="${ROOM}/Juliet"><x xmlns="${MUC}"/></presence>`);
    const bodies: string[] = [];
    for (const body of ["one", "two", "three"]) {
      const m = await messageWith(juliet, body);
      const delay = m.getChild("delay", "urn:xmpp:delay");
      expect(delay?.attr("from")).toBe(ROOM);
      expect(Number.isNaN(Date.parse(delay?.attr("stamp") ?? ""))).toBe(false);
      expect(m.attr("from")).toBe(`${ROOM}/Romeo`);
      bodies.push(body);
    }
    // The subject comes after the history.
    const subject = await juliet.expect(
      (e) => e.localName === "message" && e.getChild("subject") !== undefined,
    );
    const order = juliet.received.filter((e) => e.localName === "message");
    expect(order.indexOf(subject)).toBe(order.length - 1);
    await join(nurse, "coven", "Nurse", `<history maxstanzas="1"/>`);
    const history = nurse.received.filter((e) => e.localName === "message" && e.getChild("body"));
    expect(history.map((m) => m.getChildText("body"))).toEqual(["three"]);
    const [tybalt] = await users(t, "tybalt");
    await join(tybalt, "coven", "Tybalt", `<history maxchars="0"/>`);
    expect(tybalt.received.filter((e) => e.localName === "message" && e.getChild("body"))).toEqual(
      [],
    );
  });
});

describe("invitations (§7.8.2)", () => {
  it("mediated: the room passes the invite on; in a members-only room the invitee becomes a member; decline goes back", async () => {
    const t = await mucServer();
    const [romeo, juliet] = await users(t, "romeo", "juliet");
    await createRoom(romeo, "coven", "Romeo", {
      "muc#roomconfig_membersonly": "1",
      "muc#roomconfig_passwordprotectedroom": "1",
      "muc#roomconfig_roomsecret": "toad",
    });
    // A message to a bare JID reaches available resources (RFC 6121 §8.5.2.1.1).
    juliet.send("<presence/>");
    await juliet.sync();
    romeo.send(
      `<message to="${ROOM}" id="inv1"><x xmlns="${MUC_USER}"><invite to="juliet@localhost"><reason>join us</reason></invite></x></message>`,
    );
    const invite = await juliet.expect((e) => e.localName === "message" && e.attr("from") === ROOM);
    const x = invite.getChild("x", MUC_USER)!;
    expect(x.getChild("invite", MUC_USER)?.attr("from")).toBe("romeo@localhost/r");
    expect(x.getChild("invite", MUC_USER)?.getChildText("reason", MUC_USER)).toBe("join us");
    expect(x.getChildText("password", MUC_USER)).toBe("toad");
    // Now a member: she gets in (with the password).
    expect((await join(juliet, "coven", "Juliet", "<password>toad</password>")).affiliation).toBe(
      "member",
    );
    juliet.send(`<presence to="${ROOM}/Juliet" type="unavailable"/>`);
    await presenceFrom(juliet, `${ROOM}/Juliet`, "unavailable");
    juliet.send(
      `<message to="${ROOM}"><x xmlns="${MUC_USER}"><decline to="romeo@localhost/r"><reason>busy</reason></decline></x></message>`,
    );
    const decline = await romeo.expect(
      (e) =>
        e.localName === "message" &&
        e.getChild("x", MUC_USER)?.getChild("decline", MUC_USER) !== undefined,
    );
    expect(decline.getChild("x", MUC_USER)?.getChild("decline", MUC_USER)?.attr("from")).toBe(
      "juliet@localhost",
    );
  });

  it("a participant may not invite unless the room allows invitations; bad invitee is jid-malformed", async () => {
    const t = await mucServer();
    const [romeo, juliet, nurse] = await users(t, "romeo", "juliet", "nurse");
    await createRoom(romeo, "coven", "Romeo");
    await join(juliet, "coven", "Juliet");
    juliet.send(
      `<message to="${ROOM}"><x xmlns="${MUC_USER}"><invite to="nurse@localhost"/></x></message>`,
    );
    expect(await errorFrom(juliet, "message", ROOM)).toBe("forbidden");
    romeo.send(`<message to="${ROOM}"><x xmlns="${MUC_USER}"><invite to="@bad"/></x></message>`);
    expect(await errorFrom(romeo, "message", ROOM)).toBe("jid-malformed");
    await nurse.sync();
    expect(nurse.unclaimed.filter((e) => e.localName === "message")).toEqual([]);
  });
});

describe("occupant-id (XEP-0421)", () => {
  it("is stable for one bare JID in one room (other resource, new visit), differs across users and rooms", async () => {
    const t = await mucServer();
    const [romeo, juliet] = await users(t, "romeo", "juliet");
    await createRoom(romeo, "coven", "Romeo");
    await createRoom(romeo, "heath", "Romeo");
    const first = await join(juliet, "coven", "Juliet");
    juliet.send(`<presence to="${ROOM}/Juliet" type="unavailable"/>`);
    await presenceFrom(juliet, `${ROOM}/Juliet`, "unavailable");
    const other = await t.login("juliet", { resource: "phone" });
    const second = await join(other, "coven", "Jules");
    expect(second.occupantId).toBe(first.occupantId);
    const romeoId = (await presenceFrom(other, `${ROOM}/Romeo`)).occupantId;
    expect(romeoId).not.toBe(first.occupantId);
    const elsewhere = await join(juliet, "heath", "Juliet");
    expect(elsewhere.occupantId).not.toBe(first.occupantId);
  });
});

describe("self-ping (XEP-0410)", () => {
  it("the room answers a ping to one's own occupant JID; not-acceptable when not joined", async () => {
    const t = await mucServer();
    const [romeo, juliet] = await users(t, "romeo", "juliet");
    await createRoom(romeo, "coven", "Romeo");
    romeo.send(`<iq type="get" id="sp1" to="${ROOM}/Romeo"><ping xmlns="urn:xmpp:ping"/></iq>`);
    await romeo.expect(`<iq type="result" id="sp1" from="${ROOM}/Romeo" to="romeo@localhost/r"/>`);
    const stranger = await juliet.iq(
      `<iq type="get" to="${ROOM}/Romeo"><ping xmlns="urn:xmpp:ping"/></iq>`,
    );
    expect(condition(stranger)).toBe("not-acceptable");
    const renamed = await romeo.iq(
      `<iq type="get" to="${ROOM}/Somebody"><ping xmlns="urn:xmpp:ping"/></iq>`,
    );
    expect(condition(renamed)).toBe("item-not-found");
  });
});

// Rooms over real sockets: creation (XEP-0045 §10.1), entering (§7.2), nick changes (§7.6),
// leaving (§7.14), and occupants that vanish (session end, XEP-0410 §5 errors).
import { describe, expect, it } from "vitest";
import {
  MUC,
  MUC_OWNER,
  MUC_USER,
  OCCUPANT_ID,
  SERVICE,
  createRoom,
  errorFrom,
  join,
  mucServer,
  presenceFrom,
  roomJid,
  users,
} from "../test/kit";

const ROOM = roomJid("coven");

describe("creating a room (§10.1)", () => {
  it("a new room is locked (201) until its owner submits the form; an empty form makes an instant room", async () => {
    const t = await mucServer();
    const [romeo, juliet] = await users(t, "romeo", "juliet");
    romeo.send(`<presence to="${ROOM}/Romeo"><x xmlns="${MUC}"/></presence>`);
    await romeo.expect(
      `<presence from="${ROOM}/Romeo" to="romeo@localhost/r"><x xmlns="${MUC_USER}"><item affiliation="owner" role="moderator" jid="romeo@localhost/r"/><status code="110"/><status code="201"/></x><occupant-id xmlns="${OCCUPANT_ID}" id="*"/></presence>`,
    );
    await romeo.expect(
      `<message from="${ROOM}" to="romeo@localhost/r" type="groupchat"><subject/></message>`,
    );

    // §10.1.1: nobody else gets in while it is locked, and it does not exist for disco.
    juliet.send(`<presence to="${ROOM}/Juliet"><x xmlns="${MUC}"/></presence>`);
    expect(await errorFrom(juliet, "presence", `${ROOM}/Juliet`)).toBe("item-not-found");

    // §10.1.2: instant room.
    const reply = await romeo.iq(
      `<iq type="set" id="c1" to="${ROOM}"><query xmlns="${MUC_OWNER}"><x xmlns="jabber:x:data" type="submit"/></query></iq>`,
    );
    expect(reply.attr("type")).toBe("result");
    const self = await join(juliet, "coven", "Juliet");
    expect(self).toMatchObject({ affiliation: "none", role: "participant", statuses: ["110"] });
    expect(self.jid).toBe("juliet@localhost/r");
  });

  it("a reserved room: the owner gets the muc#roomconfig form and submits it (§10.1.3)", async () => {
    const t = await mucServer();
    const [romeo] = await users(t, "romeo");
    await join(romeo, "coven", "Romeo");
    const form = await romeo.iq(`<iq type="get" to="${ROOM}"><query xmlns="${MUC_OWNER}"/></iq>`);
    const fields = form
      .getChild("query", MUC_OWNER)!
      .getChild("x", "jabber:x:data")!
      .getChildren("field")
      .map((f) => f.attr("var"));
    expect(fields).toEqual([
      "FORM_TYPE",
      "muc#roomconfig_roomname",
      "muc#roomconfig_roomdesc",
      "muc#roomconfig_persistentroom",
      "muc#roomconfig_publicroom",
      "muc#roomconfig_membersonly",
      "muc#roomconfig_moderatedroom",
      "muc#roomconfig_passwordprotectedroom",
      "muc#roomconfig_roomsecret",
      "muc#roomconfig_maxusers",
      "muc#roomconfig_whois",
      "muc#roomconfig_allowinvites",
      "muc#roomconfig_changesubject",
      "muc#maxhistoryfetch",
    ]);
    const set = await romeo.iq(
      `<iq type="set" to="${ROOM}"><query xmlns="${MUC_OWNER}"><x xmlns="jabber:x:data" type="submit"><field var="FORM_TYPE"><value>http://jabber.org/protocol/muc#roomconfig</value></field><field var="muc#roomconfig_roomname"><value>The Coven</value></field><field var="muc#roomconfig_whois"><value>anyone</value></field></x></query></iq>`,
    );
    expect(set.attr("type")).toBe("result");
    const again = await romeo.iq(`<iq type="get" to="${ROOM}"><query xmlns="${MUC_OWNER}"/></iq>`);
    const value = (name: string) =>
      again
        .getChild("query", MUC_OWNER)!
        .getChild("x", "jabber:x:data")!
        .getChildren("field")
        .find((f) => f.attr("var") === name)
        ?.getChildText("value");
    expect(value("muc#roomconfig_roomname")).toBe("The Coven");
    expect(value("muc#roomconfig_whois")).toBe("anyone");
  });

  it("cancelling the initial configuration destroys the room (§10.1.3)", async () => {
    const t = await mucServer();
    const [romeo] = await users(t, "romeo");
    await join(romeo, "coven", "Romeo");
    const reply = await romeo.iq(
      `<iq type="set" to="${ROOM}"><query xmlns="${MUC_OWNER}"><x xmlns="jabber:x:data" type="cancel"/></query></iq>`,
    );
    expect(reply.attr("type")).toBe("result");
    const gone = await presenceFrom(romeo, `${ROOM}/Romeo`, "unavailable");
    expect(gone.el.getChild("x", MUC_USER)?.getChild("destroy", MUC_USER)).toBeDefined();
    const info = await romeo.iq(
      `<iq type="get" to="${ROOM}"><query xmlns="http://jabber.org/protocol/disco#info"/></iq>`,
    );
    expect(info.attr("type")).toBe("error");
  });

  it("bad configuration values are refused and change nothing", async () => {
    const t = await mucServer();
    const [romeo] = await users(t, "romeo");
    await createRoom(romeo, "coven", "Romeo");
    const submit = (field: string, value: string) =>
      romeo.iq(
        `<iq type="set" to="${ROOM}"><query xmlns="${MUC_OWNER}"><x xmlns="jabber:x:data" type="submit"><field var="${field}"><value>${value}</value></field></x></query></iq>`,
      );
    for (const [field, value, cond] of [
      ["muc#roomconfig_persistentroom", "maybe", "bad-request"],
      ["muc#roomconfig_maxusers", "lots", "bad-request"],
      ["muc#roomconfig_whois", "everybody", "bad-request"],
      ["muc#maxhistoryfetch", "100000", "not-acceptable"],
      ["muc#roomconfig_passwordprotectedroom", "1", "not-acceptable"],
    ] as const) {
      const reply = await submit(field, value);
      expect(reply.attr("type"), field).toBe("error");
      expect(
        reply.getChild("error")?.getChild(cond, "urn:ietf:params:xml:ns:xmpp-stanzas"),
        field,
      ).toBeDefined();
    }
  });
});

describe("entering and leaving (§7.2, §7.14)", () => {
  it("three users: each gets the others' presence, then its own (110); leaving is seen by all", async () => {
    const t = await mucServer();
    const [romeo, juliet, nurse] = await users(t, "romeo", "juliet", "nurse");
    await createRoom(romeo, "coven", "Romeo");
    await join(juliet, "coven", "Juliet");
    // Romeo (a moderator) sees Juliet's real JID in a semi-anonymous room (§7.2.4).
    expect(await presenceFrom(romeo, `${ROOM}/Juliet`)).toMatchObject({
      affiliation: "none",
      role: "participant",
      jid: "juliet@localhost/r",
      statuses: [],
    });
    nurse.send(`<presence to="${ROOM}/Nurse"><show>away</show><x xmlns="${MUC}"/></presence>`);
    // §7.2.2: existing occupants first; Juliet (a participant) does not see Romeo's JID (§7.2.3).
    expect(await presenceFrom(nurse, `${ROOM}/Romeo`)).toMatchObject({
      affiliation: "owner",
      role: "moderator",
      jid: undefined,
    });
    expect(await presenceFrom(nurse, `${ROOM}/Juliet`)).toMatchObject({
      role: "participant",
      jid: undefined,
    });
    const self = await presenceFrom(nurse, `${ROOM}/Nurse`);
    expect(self.statuses).toEqual(["110"]);
    expect(self.el.getChildText("show")).toBe("away");
    const seen = await presenceFrom(juliet, `${ROOM}/Nurse`);
    expect(seen.jid).toBeUndefined();
    expect(seen.el.getChildText("show")).toBe("away");

    juliet.send(`<presence to="${ROOM}/Juliet" type="unavailable"><status>bye</status></presence>`);
    const left = await presenceFrom(juliet, `${ROOM}/Juliet`, "unavailable");
    expect(left).toMatchObject({ role: "none", statuses: ["110"] });
    expect(left.el.getChildText("status")).toBe("bye");
    expect(await presenceFrom(romeo, `${ROOM}/Juliet`, "unavailable")).toMatchObject({
      role: "none",
      statuses: [],
    });
    expect(
      (await presenceFrom(nurse, `${ROOM}/Juliet`, "unavailable")).el.getChildText("status"),
    ).toBe("bye");
  });

  it("a nickname in use is a conflict (§7.2.9); no nickname is jid-malformed (§7.2.1)", async () => {
    const t = await mucServer();
    const [romeo, juliet] = await users(t, "romeo", "juliet");
    await createRoom(romeo, "coven", "Romeo");
    juliet.send(`<presence to="${ROOM}/Romeo"><x xmlns="${MUC}"/></presence>`);
    const error = await juliet.expect(
      (e) => e.localName === "presence" && e.attr("type") === "error",
    );
    expect(error.attr("from")).toBe(`${ROOM}/Romeo`);
    expect(error.getChild("x", MUC)).toBeDefined();
    expect(
      error.getChild("error")?.getChild("conflict", "urn:ietf:params:xml:ns:xmpp-stanzas"),
    ).toBeDefined();
    juliet.send(`<presence to="${ROOM}"><x xmlns="${MUC}"/></presence>`);
    expect(await errorFrom(juliet, "presence", ROOM)).toBe("jid-malformed");
    await romeo.sync();
    romeo.expectNothingMore();
  });

  it("changing nick: unavailable with 303 and the new nick, then presence from the new nick (§7.6)", async () => {
    const t = await mucServer();
    const [romeo, juliet] = await users(t, "romeo", "juliet");
    await createRoom(romeo, "coven", "Romeo");
    await join(juliet, "coven", "Juliet");
    await presenceFrom(romeo, `${ROOM}/Juliet`);
    juliet.send(`<presence to="${ROOM}/Jules"/>`);
    const out = await presenceFrom(romeo, `${ROOM}/Juliet`, "unavailable");
    expect(out).toMatchObject({ nick: "Jules", statuses: ["303"] });
    const selfOut = await presenceFrom(juliet, `${ROOM}/Juliet`, "unavailable");
    expect(selfOut.statuses).toEqual(["110", "303"]);
    const back = await presenceFrom(romeo, `${ROOM}/Jules`);
    expect(back.occupantId).toBe(out.occupantId);
    expect((await presenceFrom(juliet, `${ROOM}/Jules`)).statuses).toEqual(["110"]);
    // To a nick in use: conflict, from that nick; nothing changes.
    juliet.send(`<presence to="${ROOM}/Romeo"/>`);
    expect(await errorFrom(juliet, "presence", `${ROOM}/Romeo`)).toBe("conflict");
  });

  it("a temporary room goes away with its last occupant", async () => {
    const t = await mucServer();
    const [romeo] = await users(t, "romeo");
    await createRoom(romeo, "coven", "Romeo");
    romeo.send(`<presence to="${ROOM}/Romeo" type="unavailable"/>`);
    await presenceFrom(romeo, `${ROOM}/Romeo`, "unavailable");
    const info = await romeo.iq(
      `<iq type="get" to="${ROOM}"><query xmlns="http://jabber.org/protocol/disco#info"/></iq>`,
    );
    expect(
      info.getChild("error")?.getChild("item-not-found", "urn:ietf:params:xml:ns:xmpp-stanzas"),
    ).toBeDefined();
  });

  it("an occupant whose session ends leaves the room", async () => {
    const t = await mucServer();
    const [romeo, juliet] = await users(t, "romeo", "juliet");
    await createRoom(romeo, "coven", "Romeo");
    await join(juliet, "coven", "Juliet");
    await presenceFrom(romeo, `${ROOM}/Juliet`);
    await juliet.close();
    expect(await presenceFrom(romeo, `${ROOM}/Juliet`, "unavailable")).toMatchObject({
      role: "none",
    });
  });

  it("an occupant whose client answers with an error is removed with status 333 (XEP-0410 §5)", async () => {
    const t = await mucServer();
    const [romeo, juliet] = await users(t, "romeo", "juliet");
    await createRoom(romeo, "coven", "Romeo");
    await join(juliet, "coven", "Juliet");
    await presenceFrom(romeo, `${ROOM}/Juliet`);
    juliet.send(
      `<presence to="${ROOM}/Juliet" type="error"><error type="cancel"><service-unavailable xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></presence>`,
    );
    expect(await presenceFrom(romeo, `${ROOM}/Juliet`, "unavailable")).toMatchObject({
      statuses: ["333"],
    });
    await juliet.sync();
    expect(juliet.unclaimed.filter((e) => e.attr("type") === "unavailable")).toEqual([]);
  });

  it("presence to the service itself and unavailable from a stranger change nothing", async () => {
    const t = await mucServer();
    const [romeo, juliet] = await users(t, "romeo", "juliet");
    await createRoom(romeo, "coven", "Romeo");
    juliet.send(`<presence to="${SERVICE}"/>`);
    juliet.send(`<presence to="${ROOM}/Romeo" type="unavailable"/>`);
    await juliet.sync();
    await romeo.sync();
    romeo.expectNothingMore();
  });
});

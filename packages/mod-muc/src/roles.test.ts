// Roles and affiliations over real sockets: voice (§8.3/§8.4), kick (§8.2), ban (§9.1), member
// lists (§9.5), members-only (§7.2.6), passwords (§7.2.5), max users (§7.2.10), destroy (§10.9).
import { describe, expect, it } from "vitest";
import {
  MUC,
  MUC_ADMIN,
  MUC_OWNER,
  MUC_USER,
  admin,
  condition,
  configure,
  createRoom,
  errorFrom,
  join,
  mucServer,
  presenceFrom,
  roomJid,
  users,
} from "../test/kit";

const ROOM = roomJid("coven");

describe("roles (§8)", () => {
  it("a moderator revokes and grants voice; the change is broadcast", async () => {
    const t = await mucServer();
    const [romeo, juliet] = await users(t, "romeo", "juliet");
    await createRoom(romeo, "coven", "Romeo");
    await join(juliet, "coven", "Juliet");
    await presenceFrom(romeo, `${ROOM}/Juliet`);
    const revoke = await admin(
      romeo,
      "coven",
      `<item nick="Juliet" role="visitor"><reason>hush</reason></item>`,
    );
    expect(revoke.attr("type")).toBe("result");
    const seen = await presenceFrom(juliet, `${ROOM}/Juliet`);
    expect(seen).toMatchObject({ role: "visitor", statuses: ["110"] });
    expect(
      seen.el.getChild("x", MUC_USER)?.getChild("item", MUC_USER)?.getChildText("reason", MUC_USER),
    ).toBe("hush");
    expect((await presenceFrom(romeo, `${ROOM}/Juliet`)).role).toBe("visitor");
    // The voice list (§8.5) now names Juliet among the visitors.
    const list = await romeo.iq(
      `<iq type="get" to="${ROOM}"><query xmlns="${MUC_ADMIN}"><item role="visitor"/></query></iq>`,
    );
    expect(
      list
        .getChild("query", MUC_ADMIN)
        ?.getChildren("item")
        .map((i) => i.attr("nick")),
    ).toEqual(["Juliet"]);
    await admin(romeo, "coven", `<item nick="Juliet" role="participant"/>`);
    expect((await presenceFrom(juliet, `${ROOM}/Juliet`)).role).toBe("participant");
  });

  it("kick: role none, unavailable with 307 to the kicked and the rest (§8.2)", async () => {
    const t = await mucServer();
    const [romeo, juliet, nurse] = await users(t, "romeo", "juliet", "nurse");
    await createRoom(romeo, "coven", "Romeo");
    await join(juliet, "coven", "Juliet");
    await join(nurse, "coven", "Nurse");
    const reply = await admin(
      romeo,
      "coven",
      `<item nick="Juliet" role="none"><reason>out</reason></item>`,
    );
    expect(reply.attr("type")).toBe("result");
    const kicked = await presenceFrom(juliet, `${ROOM}/Juliet`, "unavailable");
    expect(kicked).toMatchObject({ role: "none", statuses: ["110", "307"] });
    expect(
      kicked.el
        .getChild("x", MUC_USER)
        ?.getChild("item", MUC_USER)
        ?.getChild("actor", MUC_USER)
        ?.attr("nick"),
    ).toBe("Romeo");
    expect(await presenceFrom(nurse, `${ROOM}/Juliet`, "unavailable")).toMatchObject({
      statuses: ["307"],
    });
    // Kicked is not banned: she may come back.
    await join(juliet, "coven", "Juliet");
  });

  it("a participant may not kick; a moderator may not kick an admin (not-allowed)", async () => {
    const t = await mucServer();
    const [romeo, juliet, nurse] = await users(t, "romeo", "juliet", "nurse");
    await createRoom(romeo, "coven", "Romeo");
    await join(juliet, "coven", "Juliet");
    const byParticipant = await admin(juliet, "coven", `<item nick="Romeo" role="none"/>`);
    expect(condition(byParticipant)).toBe("forbidden");
    await admin(romeo, "coven", `<item jid="nurse@localhost" affiliation="admin"/>`);
    await admin(romeo, "coven", `<item nick="Juliet" role="moderator"/>`);
    await join(nurse, "coven", "Nurse");
    const byModerator = await admin(juliet, "coven", `<item nick="Nurse" role="none"/>`);
    expect(condition(byModerator)).toBe("not-allowed");
    const unknown = await admin(romeo, "coven", `<item nick="Nobody" role="none"/>`);
    expect(condition(unknown)).toBe("item-not-found");
    const bad = await admin(romeo, "coven", `<item nick="Juliet" role="king"/>`);
    expect(condition(bad)).toBe("bad-request");
  });
});

describe("affiliations (§9, §10)", () => {
  it("ban: outcast, removed with 301, and refused with forbidden when coming back (§9.1, §7.2.7)", async () => {
    const t = await mucServer();
    const [romeo, juliet, nurse] = await users(t, "romeo", "juliet", "nurse");
    await createRoom(romeo, "coven", "Romeo");
    await join(juliet, "coven", "Juliet");
    await join(nurse, "coven", "Nurse");
    const reply = await admin(
      romeo,
      "coven",
      `<item jid="juliet@localhost" affiliation="outcast"><reason>gone</reason></item>`,
    );
    expect(reply.attr("type")).toBe("result");
    expect(await presenceFrom(juliet, `${ROOM}/Juliet`, "unavailable")).toMatchObject({
      affiliation: "outcast",
      role: "none",
      statuses: ["110", "301"],
    });
    expect((await presenceFrom(nurse, `${ROOM}/Juliet`, "unavailable")).statuses).toEqual(["301"]);
    juliet.send(`<presence to="${ROOM}/Juliet"><x xmlns="${MUC}"/></presence>`);
    expect(await errorFrom(juliet, "presence", `${ROOM}/Juliet`)).toBe("forbidden");
    const outcasts = await romeo.iq(
      `<iq type="get" to="${ROOM}"><query xmlns="${MUC_ADMIN}"><item affiliation="outcast"/></query></iq>`,
    );
    expect(
      outcasts
        .getChild("query", MUC_ADMIN)
        ?.getChildren("item")
        .map((i) => i.attr("jid")),
    ).toEqual(["juliet@localhost"]);
  });

  it("members-only: registration-required until made a member; member list get and set (§7.2.6, §9.5)", async () => {
    const t = await mucServer();
    const [romeo, juliet, nurse] = await users(t, "romeo", "juliet", "nurse");
    await createRoom(romeo, "coven", "Romeo", { "muc#roomconfig_membersonly": "1" });
    juliet.send(`<presence to="${ROOM}/Juliet"><x xmlns="${MUC}"/></presence>`);
    expect(await errorFrom(juliet, "presence", `${ROOM}/Juliet`)).toBe("registration-required");
    const set = await admin(
      romeo,
      "coven",
      `<item jid="juliet@localhost" affiliation="member"/><item jid="nurse@localhost" affiliation="member"/>`,
    );
    expect(set.attr("type")).toBe("result");
    const list = await romeo.iq(
      `<iq type="get" to="${ROOM}"><query xmlns="${MUC_ADMIN}"><item affiliation="member"/></query></iq>`,
    );
    expect(
      list
        .getChild("query", MUC_ADMIN)
        ?.getChildren("item")
        .map((i) => i.attr("jid")),
    ).toEqual(["juliet@localhost", "nurse@localhost"]);
    expect((await join(juliet, "coven", "Juliet")).affiliation).toBe("member");
    // §9.4: revoking membership in a members-only room removes the occupant with 321.
    await admin(romeo, "coven", `<item jid="juliet@localhost" affiliation="none"/>`);
    expect((await presenceFrom(juliet, `${ROOM}/Juliet`, "unavailable")).statuses).toEqual([
      "110",
      "321",
    ]);
    // A participant may not read the member list.
    await join(nurse, "coven", "Nurse");
    const denied = await nurse.iq(
      `<iq type="get" to="${ROOM}"><query xmlns="${MUC_ADMIN}"><item affiliation="member"/></query></iq>`,
    );
    expect(condition(denied)).toBe("forbidden");
  });

  it("affiliation changes by a non-owner are forbidden; admins cannot touch owners; the last owner stays", async () => {
    const t = await mucServer();
    const [romeo, juliet] = await users(t, "romeo", "juliet");
    await createRoom(romeo, "coven", "Romeo");
    await join(juliet, "coven", "Juliet");
    expect(
      condition(await admin(juliet, "coven", `<item jid="juliet@localhost" affiliation="owner"/>`)),
    ).toBe("forbidden");
    expect(
      condition(await admin(juliet, "coven", `<item jid="nurse@localhost" affiliation="member"/>`)),
    ).toBe("forbidden");
    await admin(romeo, "coven", `<item jid="juliet@localhost" affiliation="admin"/>`);
    expect((await presenceFrom(juliet, `${ROOM}/Juliet`)).role).toBe("moderator");
    expect(
      condition(
        await admin(juliet, "coven", `<item jid="romeo@localhost" affiliation="outcast"/>`),
      ),
    ).toBe("not-allowed");
    expect(
      condition(await admin(juliet, "coven", `<item jid="nurse@localhost" affiliation="admin"/>`)),
    ).toBe("not-allowed");
    expect(
      condition(await admin(romeo, "coven", `<item jid="romeo@localhost" affiliation="member"/>`)),
    ).toBe("conflict");
    expect(
      condition(await admin(romeo, "coven", `<item jid="not a jid@@" affiliation="member"/>`)),
    ).toBe("jid-malformed");
    // Owner config is for owners only.
    const form = await juliet.iq(`<iq type="get" to="${ROOM}"><query xmlns="${MUC_OWNER}"/></iq>`);
    expect(condition(form)).toBe("forbidden");
  });

  it("iqs to a room that does not exist: item-not-found", async () => {
    const t = await mucServer();
    const [romeo] = await users(t, "romeo");
    const reply = await romeo.iq(
      `<iq type="set" to="${roomJid("nowhere")}"><query xmlns="${MUC_ADMIN}"><item nick="x" role="none"/></query></iq>`,
    );
    expect(condition(reply)).toBe("item-not-found");
    const unknown = await romeo.iq(
      `<iq type="get" to="${roomJid("nowhere")}"><query xmlns="urn:example"/></iq>`,
    );
    expect(condition(unknown)).toBe("item-not-found");
  });
});

describe("entry restrictions", () => {
  it("password-protected: not-authorized without the right password (§7.2.5)", async () => {
    const t = await mucServer();
    const [romeo, juliet] = await users(t, "romeo", "juliet");
    await createRoom(romeo, "coven", "Romeo", {
      "muc#roomconfig_passwordprotectedroom": "1",
      "muc#roomconfig_roomsecret": "cauldron",
    });
    juliet.send(`<presence to="${ROOM}/Juliet"><x xmlns="${MUC}"/></presence>`);
    expect(await errorFrom(juliet, "presence", `${ROOM}/Juliet`)).toBe("not-authorized");
    juliet.send(
      `<presence to="${ROOM}/Juliet"><x xmlns="${MUC}"><password>toad</password></x></presence>`,
    );
    expect(await errorFrom(juliet, "presence", `${ROOM}/Juliet`)).toBe("not-authorized");
    await join(juliet, "coven", "Juliet", "<password>cauldron</password>");
  });

  it("max users: service-unavailable past the limit, but admins still enter (§7.2.10)", async () => {
    const t = await mucServer();
    const [romeo, juliet, nurse] = await users(t, "romeo", "juliet", "nurse");
    await createRoom(romeo, "coven", "Romeo", { "muc#roomconfig_maxusers": "2" });
    await join(juliet, "coven", "Juliet");
    nurse.send(`<presence to="${ROOM}/Nurse"><x xmlns="${MUC}"/></presence>`);
    expect(await errorFrom(nurse, "presence", `${ROOM}/Nurse`)).toBe("service-unavailable");
    await admin(romeo, "coven", `<item jid="nurse@localhost" affiliation="admin"/>`);
    expect((await join(nurse, "coven", "Nurse")).role).toBe("moderator");
  });

  it("destroy: occupants get unavailable with <destroy jid=alternate>; the room is gone (§10.9)", async () => {
    const t = await mucServer();
    const [romeo, juliet] = await users(t, "romeo", "juliet");
    await createRoom(romeo, "coven", "Romeo", { "muc#roomconfig_persistentroom": "1" });
    await join(juliet, "coven", "Juliet");
    const reply = await romeo.iq(
      `<iq type="set" to="${ROOM}"><query xmlns="${MUC_OWNER}"><destroy jid="${roomJid("heath")}"><reason>moved</reason></destroy></query></iq>`,
    );
    expect(reply.attr("type")).toBe("result");
    await juliet.expect(
      `<presence from="${ROOM}/Juliet" to="juliet@localhost/r" type="unavailable"><x xmlns="${MUC_USER}"><item affiliation="none" role="none"/><destroy jid="${roomJid("heath")}"><reason>moved</reason></destroy></x><occupant-id xmlns="urn:xmpp:occupant-id:0" id="*"/></presence>`,
    );
    expect(await t.storage.kv.entries("muc-rooms", "conference.localhost")).toEqual([]);
    // Re-entering creates a new room.
    expect((await join(juliet, "coven", "Juliet")).statuses).toContain("201");
  });

  it("a room that becomes members-only sends out non-members with 322", async () => {
    const t = await mucServer();
    const [romeo, juliet] = await users(t, "romeo", "juliet");
    await createRoom(romeo, "coven", "Romeo");
    await join(juliet, "coven", "Juliet");
    await configure(romeo, "coven", { "muc#roomconfig_membersonly": "1" });
    const notice = await juliet.expect((e) => e.localName === "message" && e.attr("from") === ROOM);
    expect(notice.getChild("x", MUC_USER)?.getChild("status", MUC_USER)?.attr("code")).toBe("104");
    expect((await presenceFrom(juliet, `${ROOM}/Juliet`, "unavailable")).statuses).toEqual([
      "110",
      "322",
    ]);
  });
});

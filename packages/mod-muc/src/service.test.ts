// Discovery (XEP-0045 §6), the room archive through MAM (XEP-0313 with XEP-0059 paging) and
// persistent rooms across a server restart, over real sockets.
import { MemoryStorage, type Storage } from "@parley/storage";
import { describe, expect, it } from "vitest";
import { ARCHIVE_STORE } from "./store";
import {
  MUC_ADMIN,
  SERVICE,
  condition,
  createRoom,
  groupchat,
  join,
  messageWith,
  mucServer,
  roomJid,
  users,
} from "../test/kit";

const ROOM = roomJid("coven");
const INFO = "http://jabber.org/protocol/disco#info";
const ITEMS = "http://jabber.org/protocol/disco#items";
const MAM = "urn:xmpp:mam:2";
const RSM = "http://jabber.org/protocol/rsm";

describe("discovery (§6)", () => {
  it("the service: conference/text identity and MUC features; its items list public rooms only", async () => {
    const t = await mucServer();
    const [romeo] = await users(t, "romeo");
    const info = await romeo.iq(`<iq type="get" to="${SERVICE}"><query xmlns="${INFO}"/></iq>`);
    const q = info.getChild("query", INFO)!;
    expect(q.getChild("identity")?.attrs).toMatchObject({ category: "conference", type: "text" });
    const features = q.getChildren("feature").map((f) => f.attr("var"));
    expect(features).toEqual(
      expect.arrayContaining([
        "http://jabber.org/protocol/muc",
        "http://jabber.org/protocol/muc#stable_id",
        "urn:xmpp:occupant-id:0",
      ]),
    );
    await createRoom(romeo, "coven", "Romeo", { "muc#roomconfig_roomname": "The Coven" });
    await createRoom(romeo, "secret", "Romeo", { "muc#roomconfig_publicroom": "0" });
    await join(romeo, "locked", "Romeo"); // never configured: not listed
    const items = await romeo.iq(`<iq type="get" to="${SERVICE}"><query xmlns="${ITEMS}"/></iq>`);
    expect(
      items
        .getChild("query", ITEMS)
        ?.getChildren("item")
        .map((i) => i.attrs),
    ).toEqual([{ jid: ROOM, name: "The Coven" }]);
    const node = await romeo.iq(
      `<iq type="get" to="${SERVICE}"><query xmlns="${INFO}" node="x"/></iq>`,
    );
    expect(condition(node)).toBe("item-not-found");
  });

  it("a room: features from its configuration and the muc#roominfo form with the occupant count", async () => {
    const t = await mucServer();
    const [romeo, juliet] = await users(t, "romeo", "juliet");
    await createRoom(romeo, "coven", "Romeo", {
      "muc#roomconfig_persistentroom": "1",
      "muc#roomconfig_membersonly": "1",
      "muc#roomconfig_whois": "anyone",
      "muc#roomconfig_roomdesc": "Three witches",
    });
    const info = await juliet.iq(`<iq type="get" to="${ROOM}"><query xmlns="${INFO}"/></iq>`);
    const q = info.getChild("query", INFO)!;
    const features = q.getChildren("feature").map((f) => f.attr("var"));
    expect(features).toEqual(
      expect.arrayContaining([
        "http://jabber.org/protocol/muc",
        "muc_persistent",
        "muc_membersonly",
        "muc_unmoderated",
        "muc_unsecured",
        "muc_public",
        "muc_nonanonymous",
        MAM,
      ]),
    );
    expect(features).not.toContain("muc_temporary");
    const form = q.getChild("x", "jabber:x:data")!;
    const field = (v: string) =>
      form
        .getChildren("field")
        .find((f) => f.attr("var") === v)
        ?.getChildText("value");
    expect(field("FORM_TYPE")).toBe("http://jabber.org/protocol/muc#roominfo");
    expect(field("muc#roominfo_occupants")).toBe("1");
    expect(field("muc#roominfo_description")).toBe("Three witches");
  });
});

function mamQuery(max: number, paging = ""): string {
  return `<iq type="set" to="${ROOM}"><query xmlns="${MAM}" queryid="q1"><set xmlns="${RSM}"><max>${max}</max>${paging}</set></query></iq>`;
}

describe("MAM on the room (XEP-0313)", () => {
  it("pages through the archive with RSM max/after/before", async () => {
    const t = await mucServer();
    const [romeo, juliet] = await users(t, "romeo", "juliet");
    await createRoom(romeo, "coven", "Romeo");
    for (const body of ["a", "b", "c", "d", "e"]) {
      groupchat(romeo, "coven", body);
      await messageWith(romeo, body);
    }
    const page = async (max: number, paging = "") => {
      const before = juliet.received.length;
      const reply = await juliet.iq(mamQuery(max, paging));
      const results = juliet.received
        .slice(before)
        .filter((e) => e.localName === "message" && e.getChild("result", MAM));
      return {
        reply,
        bodies: results.map((r) =>
          r
            .getChild("result", MAM)!
            .getChild("forwarded", "urn:xmpp:forward:0")!
            .getChild("message")!
            .getChildText("body"),
        ),
        results,
      };
    };
    const first = await page(2);
    expect(first.bodies).toEqual(["a", "b"]);
    const fin = first.reply.getChild("fin", MAM)!;
    expect(fin.attr("complete")).toBeUndefined();
    const set = fin.getChild("set", RSM)!;
    expect(set.getChildText("count", RSM)).toBe("5");
    expect(first.results[0]!.attr("from")).toBe(ROOM);
    expect(first.results[0]!.getChild("result", MAM)?.attr("queryid")).toBe("q1");
    const forwarded = first.results[0]!.getChild("result", MAM)!.getChild(
      "forwarded",
      "urn:xmpp:forward:0",
    )!;
    expect(forwarded.getChild("message")?.attr("from")).toBe(`${ROOM}/Romeo`);
    expect(forwarded.getChild("delay", "urn:xmpp:delay")?.attr("stamp")).toBeDefined();
    const next = await page(10, `<after>${set.getChildText("last", RSM)}</after>`);
    expect(next.bodies).toEqual(["c", "d", "e"]);
    expect(next.reply.getChild("fin", MAM)?.attr("complete")).toBe("true");
    const last = await page(2, "<before/>");
    expect(last.bodies).toEqual(["d", "e"]);
    const missing = await juliet.iq(mamQuery(2, "<after>nope</after>"));
    expect(condition(missing)).toBe("item-not-found");
  });

  it("members-only archives are for members; unknown filters are bad-request", async () => {
    const t = await mucServer();
    const [romeo, juliet] = await users(t, "romeo", "juliet");
    await createRoom(romeo, "coven", "Romeo", { "muc#roomconfig_membersonly": "1" });
    expect(condition(await juliet.iq(mamQuery(5)))).toBe("forbidden");
    const withFilter = await romeo.iq(
      `<iq type="set" to="${ROOM}"><query xmlns="${MAM}"><x xmlns="jabber:x:data" type="submit"><field var="FORM_TYPE"><value>${MAM}</value></field><field var="with"><value>juliet@localhost</value></field></x></query></iq>`,
    );
    expect(condition(withFilter)).toBe("bad-request");
  });
});

/** A storage that outlives a server (stop() closes storage; this close does nothing). */
function sharedStorage(): Storage {
  const m = new MemoryStorage();
  return {
    accounts: m.accounts,
    roster: m.roster,
    offline: m.offline,
    kv: m.kv,
    archive: m.archive,
    close: async () => {},
  };
}

describe("persistence", () => {
  it("a persistent room keeps config, affiliations, subject and history across a restart; a temporary one does not", async () => {
    const storage = sharedStorage();
    const first = await mucServer({ storage });
    const [romeo] = await users(first, "romeo");
    await createRoom(romeo, "coven", "Romeo", {
      "muc#roomconfig_persistentroom": "1",
      "muc#roomconfig_roomname": "The Coven",
      "muc#roomconfig_membersonly": "1",
    });
    await createRoom(romeo, "brief", "Romeo");
    const set = await romeo.iq(
      `<iq type="set" to="${ROOM}"><query xmlns="${MUC_ADMIN}"><item jid="juliet@localhost" affiliation="member"/></query></iq>`,
    );
    expect(set.attr("type")).toBe("result");
    romeo.send(`<message to="${ROOM}" type="groupchat"><subject>Fire burn</subject></message>`);
    await romeo.expect((e) => e.getChildText("subject") === "Fire burn");
    groupchat(romeo, "coven", "double trouble");
    const sent = await messageWith(romeo, "double trouble");
    const firstId = sent.getChild("occupant-id", "urn:xmpp:occupant-id:0")?.attr("id");
    expect(firstId).toBeDefined();
    await first.stop();

    const second = await mucServer({ storage });
    const [juliet] = await users(second, "juliet");
    juliet.send(
      `<presence to="${ROOM}/Juliet"><x xmlns="http://jabber.org/protocol/muc"/></presence>`,
    );
    const history = await messageWith(juliet, "double trouble");
    expect(history.getChild("delay", "urn:xmpp:delay")?.attr("from")).toBe(ROOM);
    const subject = await juliet.expect(
      (e) => e.getChild("subject") !== undefined && !e.getChild("body"),
    );
    expect(subject.getChildText("subject")).toBe("Fire burn");
    const [again] = await users(second, "romeo");
    expect((await join(again, "coven", "Romeo")).occupantId).toBe(firstId);
    const items = await juliet.iq(`<iq type="get" to="${SERVICE}"><query xmlns="${ITEMS}"/></iq>`);
    expect(
      items
        .getChild("query", ITEMS)
        ?.getChildren("item")
        .map((i) => i.attrs),
    ).toEqual([{ jid: ROOM, name: "The Coven" }]);
  });
});

describe("rooms do not wait for each other", () => {
  it("a storage write that hangs in one room does not hold up messages of another room", async () => {
    const storage = sharedStorage();
    const kv = storage.kv;
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let stalled: () => void = () => {};
    const writeStalled = new Promise<void>((resolve) => {
      stalled = resolve;
    });
    // The archive write of the persistent room "slow" hangs until released.
    const slowKv: Storage["kv"] = Object.create(kv);
    slowKv.set = async (store, owner, key, value) => {
      if (store === ARCHIVE_STORE && owner === roomJid("slow")) {
        stalled();
        await released;
      }
      return kv.set(store, owner, key, value);
    };
    const t = await mucServer({ storage: { ...storage, kv: slowKv } });
    try {
      const [romeo] = await users(t, "romeo");
      await createRoom(romeo, "slow", "Romeo", { "muc#roomconfig_persistentroom": "1" });
      await createRoom(romeo, "fast", "Romeo");
      groupchat(romeo, "slow", "stuck in storage");
      await writeStalled;
      groupchat(romeo, "fast", "not waiting");
      const fast = await messageWith(romeo, "not waiting");
      expect(fast.attr("from")).toBe(`${roomJid("fast")}/Romeo`);
      release();
      // The slow room goes on once its write is done, in order.
      groupchat(romeo, "slow", "after the write");
      await messageWith(romeo, "after the write");
    } finally {
      release();
      await t.stop();
    }
  });
});

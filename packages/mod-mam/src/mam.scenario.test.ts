// Scenario tests over real sockets: archiving, stanza-ids, queries with paging, preferences,
// offline messages through MAM, and the interplay with carbons.
import { carbonsModule } from "@parley/mod-carbons";
import type { TestClient } from "@parley/server/testing";
import { describe, expect, it } from "vitest";
import { bodies, form, mamQuery, online, rsm, server, settle } from "../test/support";
import { mamModule } from "./index";

const MAM = "urn:xmpp:mam:2";
const SID = "urn:xmpp:sid:0";

const chat = (to: string, body: string, extra = "") =>
  `<message to="${to}" type="chat"><body>${body}</body>${extra}</message>`;

async function conversation(n: number, config: Record<string, unknown> = {}) {
  const t = await server([mamModule], { mam: config });
  const romeo = await online(t, "romeo", "home");
  const juliet = await online(t, "juliet", "balcony");
  for (let i = 0; i < n; i++) {
    const [from, to] = i % 2 === 0 ? [romeo, "juliet@localhost"] : [juliet, "romeo@localhost"];
    from.send(chat(to, `m${i}`));
    await settle(from);
  }
  await settle(romeo, juliet);
  return { t, romeo, juliet };
}

function errorOf(iq: { attr(n: string): string | undefined; getChild(n: string): unknown }) {
  const error = iq.getChild("error") as { elements(): { localName: string }[] } | undefined;
  return error?.elements()[0]?.localName;
}

describe("archiving and stanza-ids (XEP-0313 §3.5, XEP-0359)", () => {
  it("archives sent and received chats in order, with delay stamps and a complete fin", async () => {
    const { romeo } = await conversation(2);
    const r = await mamQuery(romeo);
    expect(bodies(r)).toEqual(["m0", "m1"]);
    expect(r.results[0]!.message!.attr("from")).toBe("romeo@localhost/home");
    expect(r.results[1]!.message!.attr("from")).toBe("juliet@localhost/balcony");
    expect(r.results[0]!.stamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$/);
    expect(r.results[0]!.raw.attr("from")).toBe("romeo@localhost");
    expect(r.results[0]!.raw.attr("to")).toBe("romeo@localhost/home");
    const fin = r.iq.getChild("fin", MAM)!;
    expect(fin.attr("complete")).toBe("true");
    const set = fin.getChild("set")!;
    expect(set.getChildText("first")).toBe(r.results[0]!.id);
    expect(set.getChild("first")!.attr("index")).toBe("0");
    expect(set.getChildText("last")).toBe(r.results[1]!.id);
    expect(set.getChildText("count")).toBe("2");
  });

  it("stamps a received message with the recipient's stanza-id, the one its archive uses", async () => {
    const t = await server([mamModule]);
    const romeo = await online(t, "romeo", "home");
    const juliet = await online(t, "juliet", "balcony");
    romeo.send(chat("juliet@localhost", "hello"));
    const got = await juliet.expect(
      `<message from="romeo@localhost/home" to="juliet@localhost" type="chat"><body>hello</body><stanza-id xmlns="${SID}" by="juliet@localhost" id="*"/></message>`,
    );
    const id = got.getChild("stanza-id", SID)!.attr("id");
    const r = await mamQuery(juliet);
    expect(r.results.map((x) => x.id)).toEqual([id]);
    // The sender's own archive has another id, which the contact never sees.
    const mine = await mamQuery(romeo);
    expect(mine.results).toHaveLength(1);
    expect(mine.results[0]!.id).not.toBe(id);
  });

  it("strips stanza-ids a sender forges for the recipient or the server, keeps others", async () => {
    const t = await server([mamModule]);
    const romeo = await online(t, "romeo", "home");
    const juliet = await online(t, "juliet", "balcony");
    romeo.send(
      chat(
        "juliet@localhost",
        "forged",
        `<stanza-id xmlns="${SID}" by="juliet@localhost" id="fake1"/><stanza-id xmlns="${SID}" by="localhost" id="fake2"/><stanza-id xmlns="${SID}" by="room@muc.example" id="keep"/><stanza-id xmlns="${SID}" by="romeo@localhost" id="fake3"/>`,
      ),
    );
    const got = await juliet.expect((e) => e.localName === "message");
    const ids = got.getChildren("stanza-id", SID).map((s) => `${s.attr("by")}:${s.attr("id")}`);
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBe("room@muc.example:keep");
    expect(ids[1]).toMatch(/^juliet@localhost:(?!fake)/);
    // Romeo's archive holds his message without the stanza-id he forged for himself.
    const [own] = (await mamQuery(romeo)).results;
    expect(own!.message!.getChildren("stanza-id", SID).map((s) => s.attr("id"))).toEqual(["keep"]);
  });

  it("does not archive body-less, headline, error, groupchat or no-store messages", async () => {
    const t = await server([mamModule]);
    const romeo = await online(t, "romeo", "home");
    const juliet = await online(t, "juliet", "balcony");
    romeo.send(
      `<message to="juliet@localhost" type="chat"><composing xmlns="http://jabber.org/protocol/chatstates"/></message>`,
    );
    romeo.send(`<message to="juliet@localhost" type="headline"><body>news</body></message>`);
    romeo.send(chat("juliet@localhost", "secret", `<no-store xmlns="urn:xmpp:hints"/>`));
    romeo.send(
      chat("juliet@localhost", "offrecord", `<no-permanent-store xmlns="urn:xmpp:hints"/>`),
    );
    romeo.send(
      `<message to="juliet@localhost"><store xmlns="urn:xmpp:hints"/><x xmlns="urn:example"/></message>`,
    );
    await settle(romeo, juliet);
    const r = await mamQuery(juliet);
    expect(r.results).toHaveLength(1); // only the one with <store/>
    expect(r.results[0]!.message!.getChild("store", "urn:xmpp:hints")).toBeDefined();
    expect((await mamQuery(romeo)).results).toHaveLength(1);
  });

  it("archives a message to one's own account once", async () => {
    const t = await server([mamModule]);
    const home = await online(t, "romeo", "home");
    home.send(chat("romeo@localhost", "note to self"));
    await settle(home);
    expect(bodies(await mamQuery(home))).toEqual(["note to self"]);
  });
});

describe("offline messages are in the archive", () => {
  it("a message stored offline is found through MAM later, with the same stanza-id", async () => {
    const t = await server([mamModule]);
    const romeo = await online(t, "romeo", "home");
    await t.addUser("juliet");
    romeo.send(chat("juliet@localhost", "while you slept"));
    await settle(romeo);
    const juliet = await t.login("juliet", { resource: "phone" });
    const before = await mamQuery(juliet);
    expect(bodies(before)).toEqual(["while you slept"]);
    juliet.send("<presence/>");
    const offline = await juliet.expect(
      (e) => e.localName === "message" && e.getChild("body") !== undefined,
    );
    expect(offline.getChild("stanza-id", SID)!.attr("id")).toBe(before.results[0]!.id);
  });
});

describe("queries (XEP-0313 §4) and paging (XEP-0059)", () => {
  it("pages forwards with after, from the end with an empty before, backwards with before", async () => {
    const { romeo } = await conversation(7);
    const p1 = await mamQuery(romeo, rsm("<max>3</max>"));
    expect(bodies(p1)).toEqual(["m0", "m1", "m2"]);
    expect(p1.iq.getChild("fin", MAM)!.attr("complete")).toBe("false");
    const last1 = p1.results[2]!.id;
    const p2 = await mamQuery(romeo, rsm(`<max>3</max><after>${last1}</after>`));
    expect(bodies(p2)).toEqual(["m3", "m4", "m5"]);
    expect(p2.iq.getChild("fin", MAM)!.getChild("set")!.getChild("first")!.attr("index")).toBe("3");
    const p3 = await mamQuery(romeo, rsm(`<max>3</max><after>${p2.results[2]!.id}</after>`));
    expect(bodies(p3)).toEqual(["m6"]);
    expect(p3.iq.getChild("fin", MAM)!.attr("complete")).toBe("true");
    const end = await mamQuery(romeo, rsm("<max>2</max><before/>"));
    expect(bodies(end)).toEqual(["m5", "m6"]);
    const back = await mamQuery(romeo, rsm(`<max>2</max><before>${end.results[0]!.id}</before>`));
    expect(bodies(back)).toEqual(["m3", "m4"]);
    const count = await mamQuery(romeo, rsm("<max>0</max>"));
    expect(count.results).toEqual([]);
    expect(count.iq.getChild("fin", MAM)!.getChild("set")!.getChildText("count")).toBe("7");
  });

  it("filters by with (bare or full), start/end, before-id/after-id and ids; flips a page", async () => {
    const t = await server([mamModule]);
    const romeo = await online(t, "romeo", "home");
    const juliet = await online(t, "juliet", "balcony");
    const nurse = await online(t, "nurse", "kitchen");
    romeo.send(chat("juliet@localhost/balcony", "to juliet"));
    await settle(romeo);
    nurse.send(chat("romeo@localhost", "from nurse"));
    await settle(nurse);
    juliet.send(chat("romeo@localhost", "from juliet"));
    await settle(juliet, romeo);
    expect(bodies(await mamQuery(romeo, form({ with: "juliet@localhost" })))).toEqual([
      "to juliet",
      "from juliet",
    ]);
    expect(bodies(await mamQuery(romeo, form({ with: "nurse@localhost/kitchen" })))).toEqual([
      "from nurse",
    ]);
    expect(bodies(await mamQuery(romeo, form({ with: "nurse@localhost/other" })))).toEqual([]);
    const all = await mamQuery(romeo);
    const [a, b, c] = all.results.map((r) => r.id);
    expect(bodies(await mamQuery(romeo, form({ "after-id": a!, "before-id": c! })))).toEqual([
      "from nurse",
    ]);
    expect(bodies(await mamQuery(romeo, form({ ids: [c!, a!] })))).toEqual([
      "to juliet",
      "from juliet",
    ]);
    const stamp = all.results[1]!.stamp!;
    const since = await mamQuery(romeo, form({ start: stamp }));
    expect(since.results.map((r) => r.id)).toContain(b);
    expect(since.results.map((r) => r.id)).not.toContain(undefined);
    expect(bodies(await mamQuery(romeo, form({ end: "2000-01-01T00:00:00Z" })))).toEqual([]);
    expect(
      bodies(await mamQuery(romeo, form({ start: "2000-01-01T00:00:00+02:00" }))),
    ).toHaveLength(3);
    const flipped = await mamQuery(romeo, `${rsm("<max>2</max>")}<flip-page/>`);
    expect(bodies(flipped)).toEqual(["from nurse", "to juliet"]);
  });

  it("answers errors: item-not-found, bad-request, feature-not-implemented, forbidden", async () => {
    const { romeo } = await conversation(2);
    const cases: [string, string][] = [
      [rsm("<after>nope</after>"), "item-not-found"],
      [rsm("<before>nope</before>"), "item-not-found"],
      [form({ "after-id": "nope" }), "item-not-found"],
      [form({ ids: ["nope"] }), "item-not-found"],
      [form({ start: "yesterday" }), "bad-request"],
      [form({ end: "2024-02-30T00:00:00Z" }), "bad-request"],
      [form({ with: "@@bad" }), "bad-request"],
      [rsm("<max>-1</max>"), "bad-request"],
      [rsm("<max>lots</max>"), "bad-request"],
      [
        `<x xmlns="jabber:x:data" type="submit"><field var="FORM_TYPE"><value>urn:other</value></field></x>`,
        "bad-request",
      ],
      [form({ "{urn:example}full-text-search": "love" }), "feature-not-implemented"],
      [form({ "include-groupchat": "true" }), "feature-not-implemented"],
      [rsm("<index>3</index>"), "feature-not-implemented"],
    ];
    for (const [inner, condition] of cases) {
      const r = await mamQuery(romeo, inner);
      expect([inner, r.iq.attr("type"), errorOf(r.iq)]).toEqual([inner, "error", condition]);
      expect(r.results).toEqual([]);
    }
    const other = await romeo.iq(
      `<iq type="set" to="juliet@localhost"><query xmlns="${MAM}"/></iq>`,
    );
    expect(errorOf(other)).toBe("forbidden");
  });

  it("clamps a page larger than the server's limit and says it is not complete (§4.3.1)", async () => {
    const { romeo } = await conversation(4, { maxPageSize: 3, defaultPageSize: 2 });
    const big = await mamQuery(romeo, rsm("<max>100</max>"));
    expect(bodies(big)).toEqual(["m0", "m1", "m2"]);
    expect(big.iq.getChild("fin", MAM)!.attr("complete")).toBe("false");
    expect(bodies(await mamQuery(romeo))).toEqual(["m0", "m1"]);
  });

  it("returns the query form, and the archive's first and last message as metadata (§4.1.4, §5)", async () => {
    const { romeo } = await conversation(3);
    const formIq = await romeo.iq(`<iq type="get"><query xmlns="${MAM}"/></iq>`);
    const vars = formIq
      .getChild("query", MAM)!
      .getChild("x")!
      .getChildren("field")
      .map((f) => f.attr("var"));
    expect(vars).toEqual(["FORM_TYPE", "with", "start", "end", "before-id", "after-id", "ids"]);
    const all = await mamQuery(romeo);
    const meta = (await romeo.iq(`<iq type="get"><metadata xmlns="${MAM}"/></iq>`)).getChild(
      "metadata",
      MAM,
    )!;
    expect(meta.getChild("start")!.attr("id")).toBe(all.results[0]!.id);
    expect(meta.getChild("end")!.attr("id")).toBe(all.results[2]!.id);
    expect(meta.getChild("end")!.attr("timestamp")).toBe(all.results[2]!.stamp);
    const t2 = await server([mamModule]);
    const empty = await t2.login("nobody");
    const none = await empty.iq(`<iq type="get"><metadata xmlns="${MAM}"/></iq>`);
    expect(none.getChild("metadata", MAM)!.elements()).toEqual([]);
  });
});

describe("preferences (XEP-0441)", () => {
  async function setPrefs(c: TestClient, xml: string) {
    return c.iq(`<iq type="set">${xml}</iq>`);
  }

  it("defaults to always, and stores what the user sets", async () => {
    const t = await server([mamModule]);
    const romeo = await online(t, "romeo", "home");
    const got = await romeo.iq(`<iq type="get"><prefs xmlns="${MAM}"/></iq>`);
    expect(got.getChild("prefs", MAM)!.toString()).toBe(
      `<prefs xmlns="${MAM}" default="always"><always/><never/></prefs>`,
    );
    const set = await setPrefs(
      romeo,
      `<prefs xmlns="${MAM}" default="roster"><always><jid>Juliet@LOCALHOST</jid></always><never><jid>nurse@localhost</jid><jid>juliet@localhost</jid></never></prefs>`,
    );
    // The JIDs come back prepared; one in both lists stays in 'never' only.
    expect(set.getChild("prefs", MAM)!.toString()).toBe(
      `<prefs xmlns="${MAM}" default="roster"><always/><never><jid>nurse@localhost</jid><jid>juliet@localhost</jid></never></prefs>`,
    );
    const again = await romeo.iq(`<iq type="get"><prefs xmlns="${MAM}"/></iq>`);
    expect(again.getChild("prefs", MAM)!.toString()).toBe(set.getChild("prefs", MAM)!.toString());
    for (const bad of [
      `<prefs xmlns="${MAM}" default="sometimes"/>`,
      `<prefs xmlns="${MAM}"/>`,
      `<prefs xmlns="${MAM}" default="always"><never><jid>@bad@</jid></never></prefs>`,
    ]) {
      expect(errorOf(await setPrefs(romeo, bad))).toBe("bad-request");
    }
  });

  it("never / always lists and the roster default decide what is archived", async () => {
    const t = await server([mamModule]);
    const romeo = await online(t, "romeo", "home");
    const juliet = await online(t, "juliet", "balcony");
    const nurse = await online(t, "nurse", "kitchen");
    const friar = await online(t, "friar", "cell");
    await setPrefs(
      romeo,
      `<prefs xmlns="${MAM}" default="roster"><always><jid>friar@localhost/cell</jid></always><never><jid>nurse@localhost</jid></never></prefs>`,
    );
    // Juliet is in Romeo's roster; the nurse is listed as never; the friar's full JID as always.
    await romeo.iq(
      `<iq type="set"><query xmlns="jabber:iq:roster"><item jid="juliet@localhost"/></query></iq>`,
    );
    for (const c of [juliet, nurse, friar]) {
      c.send(chat("romeo@localhost", `from ${c.jid!.split("@")[0]}`));
      await settle(c);
    }
    romeo.send(chat("nurse@localhost", "to nurse"));
    romeo.send(chat("mercutio@localhost", "not in roster"));
    await settle(romeo);
    expect(bodies(await mamQuery(romeo))).toEqual(["from juliet", "from friar"]);
    await setPrefs(romeo, `<prefs xmlns="${MAM}" default="never"/>`);
    juliet.send(chat("romeo@localhost", "unarchived"));
    await settle(juliet, romeo);
    expect(bodies(await mamQuery(romeo))).toEqual(["from juliet", "from friar"]);
    // The recipient's own preferences are separate: Juliet archives everything (default).
    expect(bodies(await mamQuery(juliet))).toEqual(["from juliet", "unarchived"]);
  });
});

describe("discovery (XEP-0313 §7)", () => {
  it("the account's own disco#info lists mam:2, #extended and sid:0", async () => {
    const t = await server([mamModule]);
    const romeo = await online(t, "romeo", "home");
    const info = await romeo.iq(
      `<iq type="get" to="romeo@localhost"><query xmlns="http://jabber.org/protocol/disco#info"/></iq>`,
    );
    const features = info
      .getChild("query")!
      .getChildren("feature")
      .map((f) => f.attr("var"));
    expect(features).toEqual(
      expect.arrayContaining([
        MAM,
        `${MAM}#extended`,
        SID,
        "http://jabber.org/protocol/disco#info",
      ]),
    );
    expect(info.getChild("query")!.getChild("identity")!.attr("category")).toBe("account");
    // Another user's view of the account is the disco module's (and does not leak the archive).
    await t.addUser("juliet");
    const other = await romeo.iq(
      `<iq type="get" to="juliet@localhost"><query xmlns="http://jabber.org/protocol/disco#info"/></iq>`,
    );
    expect(errorOf(other)).toBe("service-unavailable");
  });
});

describe("with carbons (XEP-0313 §3.5, XEP-0280)", () => {
  it("a sent carbon carries the sender's archive id; a received carbon the recipient's", async () => {
    const t = await server([mamModule, carbonsModule]);
    const home = await online(t, "romeo", "home", { priority: 5 });
    const garden = await online(t, "romeo", "garden", { carbons: true });
    const juliet = await online(t, "juliet", "balcony");
    home.send(chat("juliet@localhost", "sent one"));
    const sent = await garden.expect((e) => e.getChild("sent", "urn:xmpp:carbons:2") !== undefined);
    const inner = sent.getChild("sent")!.getChild("forwarded")!.getChild("message")!;
    const delivered = await juliet.expect((e) => e.localName === "message");
    expect(delivered.getChildren("stanza-id", SID).map((s) => s.attr("by"))).toEqual([
      "juliet@localhost",
    ]);
    juliet.send(chat("romeo@localhost", "received one"));
    const received = await garden.expect(
      (e) => e.getChild("received", "urn:xmpp:carbons:2") !== undefined,
    );
    const inner2 = received.getChild("received")!.getChild("forwarded")!.getChild("message")!;
    await home.expect(
      (e) => e.localName === "message" && e.getChildText("body") === "received one",
    );
    const archive = await mamQuery(garden);
    expect(bodies(archive)).toEqual(["sent one", "received one"]);
    expect(inner.getChild("stanza-id", SID)!.attr("by")).toBe("romeo@localhost");
    expect(inner.getChild("stanza-id", SID)!.attr("id")).toBe(archive.results[0]!.id);
    expect(inner2.getChild("stanza-id", SID)!.attr("id")).toBe(archive.results[1]!.id);
  });
});

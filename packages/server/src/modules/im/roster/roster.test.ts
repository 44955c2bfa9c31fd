import { describe, expect, it } from "vitest";
import { imServer } from "../test-support/im-server";
import { x } from "../test-support/xml";

const rosterSet = (item: string, id = "s1") =>
  x(
    `<iq xmlns="jabber:client" type="set" id="${id}"><query xmlns="jabber:iq:roster">${item}</query></iq>`,
  );
const rosterGet = (ver?: string, to?: string) =>
  x(
    `<iq xmlns="jabber:client" type="get" id="g1"${to ? ` to="${to}"` : ""}><query xmlns="jabber:iq:roster"${ver === undefined ? "" : ` ver="${ver}"`}/></iq>`,
  );
// Push ids are random and roster versions come from the store: both are masked.
const withoutIds = (s: string) =>
  s.replace(/ id="[^"]*"/g, "").replace(/ ver="[^"]*"/g, ' ver="*"');

describe("roster (RFC 6121 §2, XEP-0237)", () => {
  it("returns the roster with its version and marks the resource interested", async () => {
    const server = await imServer();
    const j = server.connect("juliet@example.com/balcony");
    await server.send(j, rosterGet());
    expect(j.take()).toEqual([
      '<iq id="g1" to="juliet@example.com/balcony" type="result"><query xmlns="jabber:iq:roster" ver="0"/></iq>',
    ]);
    expect(j.interested).toBe(true);
  });

  it("adds an item: result, then a push to every interested resource (§2.3.2)", async () => {
    const server = await imServer();
    const a = server.connect("juliet@example.com/balcony");
    const b = server.connect("juliet@example.com/chamber");
    const c = server.connect("juliet@example.com/quiet"); // never asked for the roster
    await server.send(b, rosterGet());
    b.take();
    await server.send(a, rosterGet());
    a.take();
    await server.send(
      a,
      rosterSet(
        '<item jid="Nurse@Example.com" name="Nurse" subscription="both" ask="subscribe"><group>Servants</group></item>',
      ),
    );
    const push =
      '<iq to="juliet@example.com/X" type="set"><query xmlns="jabber:iq:roster" ver="*"><item jid="nurse@example.com" name="Nurse" subscription="none"><group>Servants</group></item></query></iq>';
    expect(a.take().map(withoutIds)).toEqual([
      '<iq to="juliet@example.com/balcony" type="result"/>',
      push.replace("X", "balcony"),
    ]);
    expect(b.take().map(withoutIds)).toEqual([push.replace("X", "chamber")]);
    expect(c.take()).toEqual([]);
  });

  it("answers a get with the current version by an empty result (§2.6.3)", async () => {
    const server = await imServer();
    const j = server.connect("juliet@example.com/balcony");
    await server.send(j, rosterSet('<item jid="romeo@example.com"/>'));
    const { version } = await server.storage.roster.get("juliet@example.com");
    await server.send(j, rosterGet(version));
    await server.send(j, rosterGet("0"));
    const [, empty, full] = j.take();
    expect(empty).toBe('<iq id="g1" to="juliet@example.com/balcony" type="result"/>');
    expect(full).toContain(
      `<query xmlns="jabber:iq:roster" ver="${version}"><item jid="romeo@example.com" subscription="none"/></query>`,
    );
  });

  it("updates name and groups but keeps the subscription (§2.4)", async () => {
    const server = await imServer();
    await server.storage.roster.setItem("juliet@example.com", {
      jid: "romeo@example.com",
      subscription: "both",
      groups: [],
    });
    const j = server.connect("juliet@example.com/balcony");
    await server.send(
      j,
      rosterSet(
        '<item jid="romeo@example.com" name="R" subscription="none"><group>A</group></item>',
      ),
    );
    expect(await server.storage.roster.getItem("juliet@example.com", "romeo@example.com")).toEqual({
      jid: "romeo@example.com",
      name: "R",
      subscription: "both",
      groups: ["A"],
    });
  });

  it.each([
    ['<item jid="a@example.com"/><item jid="b@example.com"/>', "bad-request"],
    ["", "bad-request"],
    ["<item/>", "bad-request"],
    ['<item jid="a@example.com" subscription="always"/>', "bad-request"],
    ['<item jid="a@example.com"><group>G</group><group>G</group></item>', "bad-request"],
    ['<item jid="a@example.com"><group></group></item>', "not-acceptable"],
    [`<item jid="a@example.com" name="${"n".repeat(1024)}"/>`, "not-acceptable"],
    ['<item jid="@example.com"/>', "jid-malformed"],
    ['<item jid="juliet@example.com"/>', "not-allowed"],
    ['<item jid="a@example.com" subscription="remove"/>', "item-not-found"],
  ])("rejects %s with %s", async (item, condition) => {
    const server = await imServer();
    const j = server.connect("juliet@example.com/balcony");
    await server.send(j, rosterSet(item));
    const [reply] = j.take();
    expect(reply).toContain('type="error"');
    expect(reply).toContain(`<${condition} xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/>`);
    expect((await server.storage.roster.get("juliet@example.com")).items).toEqual([]);
  });

  it("refuses the roster of another account (forbidden)", async () => {
    const server = await imServer();
    const j = server.connect("juliet@example.com/balcony");
    await server.send(j, rosterGet(undefined, "romeo@example.com"));
    const [reply] = j.take();
    expect(reply).toContain("<forbidden ");
    expect(j.interested).toBe(false);
    const set = rosterSet('<item jid="a@example.com"/>');
    set.setAttr("to", "romeo@example.com");
    await server.send(j, set);
    expect(j.take()[0]).toContain("<forbidden ");
    expect((await server.storage.roster.get("romeo@example.com")).items).toEqual([]);
  });

  it("removing an item pushes the removal and cancels both subscriptions (§2.5.2)", async () => {
    const server = await imServer();
    await server.storage.roster.setItem("juliet@example.com", {
      jid: "romeo@example.com",
      subscription: "both",
      groups: [],
    });
    await server.storage.roster.setItem("romeo@example.com", {
      jid: "juliet@example.com",
      subscription: "both",
      groups: [],
    });
    const j = server.connect("juliet@example.com/balcony");
    const r = server.connect("romeo@example.com/orchard");
    await server.send(r, rosterGet());
    await server.send(r, x('<presence xmlns="jabber:client"/>'));
    r.take();
    await server.send(j, rosterGet());
    j.take();
    await server.send(j, rosterSet('<item jid="romeo@example.com" subscription="remove"/>'));
    expect(j.take().map(withoutIds)).toEqual([
      '<iq to="juliet@example.com/balcony" type="result"/>',
      '<iq to="juliet@example.com/balcony" type="set"><query xmlns="jabber:iq:roster" ver="*"><item jid="romeo@example.com" subscription="remove"/></query></iq>',
    ]);
    expect(await server.storage.roster.getItem("romeo@example.com", "juliet@example.com")).toEqual({
      jid: "juliet@example.com",
      subscription: "none",
      groups: [],
    });
    const got = r.take().map(withoutIds);
    expect(got).toContain(
      '<presence from="juliet@example.com" to="romeo@example.com" type="unsubscribe"/>',
    );
    expect(got).toContain(
      '<presence from="juliet@example.com" to="romeo@example.com" type="unsubscribed"/>',
    );
  });

  it("announces roster versioning and pre-approval after authentication only", async () => {
    const server = await imServer();
    const features: import("@parley/xml").Element[] = [];
    const session = server.connect("juliet@example.com/balcony");
    await server.bus.fire("stream-features", { session, stage: "pre-auth", features });
    expect(features).toEqual([]);
    await server.bus.fire("stream-features", { session, stage: "post-auth", features });
    expect(features.map(String)).toEqual([
      '<ver xmlns="urn:xmpp:features:rosterver"/>',
      '<sub xmlns="urn:xmpp:features:pre-approval"/>',
    ]);
  });
});

// Scenario tests over real sockets: roster management (RFC 6121 §2, XEP-0237).
import { describe, expect, it } from "vitest";
import { STANZAS, imServer, online, stopServersAfterEach } from "./test-support/scenario";

stopServersAfterEach();

const push = (to: string, item: string) =>
  `<iq to="${to}" id="*" type="set"><query xmlns="jabber:iq:roster" ver="*">${item}</query></iq>`;
const error = (condition: string, type: string) =>
  `<error type="${type}"><${condition} xmlns="${STANZAS}"/><text xmlns="${STANZAS}" xml:lang="en">*</text></error>`;

describe("roster over the wire", () => {
  it("offers roster versioning and pre-approval with bind", async () => {
    const t = await imServer();
    const c = await t.login("juliet", { resource: "balcony" });
    expect(c.features?.getChild("ver", "urn:xmpp:features:rosterver")).toBeDefined();
    expect(c.features?.getChild("sub", "urn:xmpp:features:pre-approval")).toBeDefined();
  });

  it("get, set with pushes to every interested resource, versioned get, remove", async () => {
    const t = await imServer();
    const balcony = await online(t, "juliet", "balcony", null);
    const chamber = await online(t, "juliet", "chamber", null);
    const quiet = await t.login("juliet", { resource: "quiet" }); // never fetches the roster

    const empty = await balcony.iq(`<iq type="get" id="g0"><query xmlns="jabber:iq:roster"/></iq>`);
    expect(empty.getChild("query", "jabber:iq:roster")?.elements()).toEqual([]);

    const item = `<item jid="nurse@localhost" name="Nurse" subscription="none"><group>Servants</group></item>`;
    balcony.send(
      `<iq type="set" id="s1"><query xmlns="jabber:iq:roster"><item jid="nurse@localhost" name="Nurse"><group>Servants</group></item></query></iq>`,
    );
    await balcony.expect(`<iq to="juliet@localhost/balcony" id="s1" type="result"/>`);
    const p1 = await balcony.expect(push("juliet@localhost/balcony", item));
    await chamber.expect(push("juliet@localhost/chamber", item));
    const ver = p1.getChild("query", "jabber:iq:roster")!.attr("ver")!;

    // XEP-0237: the current version gets an empty result, an old one the whole roster.
    await balcony
      .iq(`<iq type="get" id="g1"><query xmlns="jabber:iq:roster" ver="${ver}"/></iq>`)
      .then((r) => expect(r.elements()).toEqual([]));
    const full = await balcony.iq(
      `<iq type="get" id="g2"><query xmlns="jabber:iq:roster" ver="0"/></iq>`,
    );
    expect(full.getChild("query", "jabber:iq:roster")?.attr("ver")).toBe(ver);
    expect(full.getChild("query", "jabber:iq:roster")?.elements()).toHaveLength(1);

    balcony.send(
      `<iq type="set" id="s2"><query xmlns="jabber:iq:roster"><item jid="nurse@localhost" subscription="remove"/></query></iq>`,
    );
    await balcony.expect(`<iq to="juliet@localhost/balcony" id="s2" type="result"/>`);
    await chamber.expect(
      push("juliet@localhost/chamber", `<item jid="nurse@localhost" subscription="remove"/>`),
    );
    await quiet.sync();
    quiet.expectNothingMore();
  });

  it.each([
    [`<item jid="a@localhost"/><item jid="b@localhost"/>`, "bad-request", "modify"],
    [`<item jid="a@localhost" subscription="sometimes"/>`, "bad-request", "modify"],
    [`<item jid="a@localhost"><group>G</group><group>G</group></item>`, "bad-request", "modify"],
    [`<item jid="a@localhost"><group/></item>`, "not-acceptable", "modify"],
    [`<item jid="nobody@localhost" subscription="remove"/>`, "item-not-found", "cancel"],
  ])("answers a roster set %s with %s", async (items, condition, type) => {
    const t = await imServer();
    const c = await online(t, "juliet", "balcony", null);
    c.send(`<iq type="set" id="bad"><query xmlns="jabber:iq:roster">${items}</query></iq>`);
    await c.expect(
      `<iq to="juliet@localhost/balcony" id="bad" type="error"><query xmlns="jabber:iq:roster">${items}</query>${error(condition, type)}</iq>`,
    );
    await c.sync();
    c.expectNothingMore(); // no push
  });

  it("keeps the subscription when a client tries to set it", async () => {
    const t = await imServer();
    const c = await online(t, "juliet", "balcony", null);
    c.send(
      `<iq type="set" id="s"><query xmlns="jabber:iq:roster"><item jid="romeo@localhost" subscription="both"/></query></iq>`,
    );
    await c.expect(`<iq to="juliet@localhost/balcony" id="s" type="result"/>`);
    await c.expect(
      push("juliet@localhost/balcony", `<item jid="romeo@localhost" subscription="none"/>`),
    );
  });

  it("forbids reading or changing another account's roster", async () => {
    const t = await imServer();
    await t.addUser("romeo");
    const c = await online(t, "juliet", "balcony", null);
    c.send(`<iq type="get" id="f1" to="romeo@localhost"><query xmlns="jabber:iq:roster"/></iq>`);
    await c.expect(
      `<iq from="romeo@localhost" to="juliet@localhost/balcony" id="f1" type="error"><query xmlns="jabber:iq:roster"/>${error("forbidden", "auth")}</iq>`,
    );
    c.send(
      `<iq type="set" id="f2" to="romeo@localhost"><query xmlns="jabber:iq:roster"><item jid="x@localhost"/></query></iq>`,
    );
    await c.expect((e) => e.attr("id") === "f2" && e.attr("type") === "error");
    expect((await t.storage.roster.get("romeo@localhost")).items).toEqual([]);
  });
});

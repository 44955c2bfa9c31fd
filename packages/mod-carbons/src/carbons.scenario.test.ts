// Scenario tests over real sockets: scripted clients against a server with mod-carbons.
import { describe, expect, it } from "vitest";
import { online, server, settle, strayMessages } from "../test/support";
import { carbonsModule } from "./index";

const CARBONS = "urn:xmpp:carbons:2";
const FWD = "urn:xmpp:forward:0";
const STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";

describe("enabling carbons (XEP-0280 §4, §5)", () => {
  it("advertises urn:xmpp:carbons:2 and the §6 rules feature on the server", async () => {
    const t = await server([carbonsModule]);
    const c = await t.login("romeo");
    const info = await c.iq(
      `<iq type="get" to="localhost"><query xmlns="http://jabber.org/protocol/disco#info"/></iq>`,
    );
    const features = info
      .getChild("query")!
      .getChildren("feature")
      .map((f) => f.attr("var"));
    expect(features).toContain(CARBONS);
    expect(features).toContain("urn:xmpp:carbons:rules:0");
  });

  it("enable and disable answer result, also when repeated (§8.1)", async () => {
    const t = await server([carbonsModule]);
    const c = await t.login("romeo", { resource: "home" });
    for (const what of ["enable", "enable", "disable", "disable"]) {
      c.send(`<iq type="set" id="${what}1"><${what} xmlns="${CARBONS}"/></iq>`);
      await c.expect(`<iq type="result" id="${what}1" to="romeo@localhost/home"/>`);
    }
  });

  it("refuses to enable carbons for another account with not-allowed", async () => {
    const t = await server([carbonsModule]);
    await t.addUser("juliet");
    const c = await t.login("romeo", { resource: "home" });
    c.send(`<iq type="set" id="e1" to="juliet@localhost"><enable xmlns="${CARBONS}"/></iq>`);
    await c.expect(
      `<iq type="error" id="e1" from="juliet@localhost" to="romeo@localhost/home"><enable xmlns="${CARBONS}"/><error type="cancel"><not-allowed xmlns="${STANZAS}"/><text xmlns="${STANZAS}" xml:lang="en">*</text></error></iq>`,
    );
  });
});

describe("received carbons (XEP-0280 §5)", () => {
  it("copies a message to the bare JID to enabled resources that did not get it", async () => {
    const t = await server([carbonsModule]);
    const home = await online(t, "romeo", "home", { priority: 5 });
    const garden = await online(t, "romeo", "garden", { priority: 1, carbons: true });
    const phone = await online(t, "romeo", "phone", { priority: 1 });
    const juliet = await online(t, "juliet", "balcony");
    juliet.send(`<message to="romeo@localhost" type="chat" id="m1"><body>hi</body></message>`);
    await home.expect(
      `<message from="juliet@localhost/balcony" to="romeo@localhost" type="chat" id="m1"><body>hi</body></message>`,
    );
    await garden.expect(
      `<message from="romeo@localhost" to="romeo@localhost/garden" type="chat"><received xmlns="${CARBONS}"><forwarded xmlns="${FWD}"><message xmlns="jabber:client" from="juliet@localhost/balcony" to="romeo@localhost" type="chat" id="m1"><body>hi</body></message></forwarded></received></message>`,
    );
    await settle(juliet, home, garden, phone);
    expect(strayMessages(phone)).toEqual([]);
    expect(strayMessages(home)).toEqual([]);
  });

  it("copies a message to one full JID to the other enabled resources, not to the addressee", async () => {
    const t = await server([carbonsModule]);
    const home = await online(t, "romeo", "home", { carbons: true });
    const garden = await online(t, "romeo", "garden", { carbons: true });
    const juliet = await online(t, "juliet", "balcony");
    juliet.send(
      `<message to="romeo@localhost/home" type="chat" id="m2"><body>you</body></message>`,
    );
    await home.expect(
      `<message from="juliet@localhost/balcony" to="romeo@localhost/home" type="chat" id="m2"><body>you</body></message>`,
    );
    const copy = await garden.expect((e) => e.getChild("received", CARBONS) !== undefined);
    expect(copy.attr("from")).toBe("romeo@localhost");
    expect(copy.attr("to")).toBe("romeo@localhost/garden");
    await settle(juliet, home, garden);
    expect(strayMessages(home)).toEqual([]);
  });

  it("stops copying once a resource disables carbons", async () => {
    const t = await server([carbonsModule]);
    const home = await online(t, "romeo", "home", { priority: 5 });
    const garden = await online(t, "romeo", "garden", { carbons: true });
    await garden.iq(`<iq type="set"><disable xmlns="${CARBONS}"/></iq>`);
    const juliet = await online(t, "juliet", "balcony");
    juliet.send(`<message to="romeo@localhost" type="chat"><body>hi</body></message>`);
    await home.expect((e) => e.localName === "message");
    await settle(juliet, home, garden);
    expect(strayMessages(garden)).toEqual([]);
  });
});

describe("sent carbons (XEP-0280 §6)", () => {
  it("copies what one resource sends to the other enabled resources, never back to the sender", async () => {
    const t = await server([carbonsModule]);
    const home = await online(t, "romeo", "home", { carbons: true });
    const garden = await online(t, "romeo", "garden", { carbons: true });
    const phone = await online(t, "romeo", "phone");
    const juliet = await online(t, "juliet", "balcony");
    home.send(
      `<message to="juliet@localhost/balcony" type="chat" id="s1"><body>Neither</body></message>`,
    );
    await juliet.expect(
      `<message from="romeo@localhost/home" to="juliet@localhost/balcony" type="chat" id="s1"><body>Neither</body></message>`,
    );
    await garden.expect(
      `<message from="romeo@localhost" to="romeo@localhost/garden" type="chat"><sent xmlns="${CARBONS}"><forwarded xmlns="${FWD}"><message xmlns="jabber:client" from="romeo@localhost/home" to="juliet@localhost/balcony" type="chat" id="s1"><body>Neither</body></message></forwarded></sent></message>`,
    );
    await settle(home, garden, phone, juliet);
    expect(strayMessages(home)).toEqual([]);
    expect(strayMessages(phone)).toEqual([]);
  });

  it("copies a normal message with a body and a body-less chat state, not a body-less normal one", async () => {
    const t = await server([carbonsModule]);
    const home = await online(t, "romeo", "home");
    const garden = await online(t, "romeo", "garden", { carbons: true });
    await online(t, "juliet", "balcony");
    home.send(`<message to="juliet@localhost" id="n1"><body>plain</body></message>`);
    home.send(
      `<message to="juliet@localhost" id="n2"><composing xmlns="http://jabber.org/protocol/chatstates"/></message>`,
    );
    home.send(`<message to="juliet@localhost" id="n3"><x xmlns="urn:example:other"/></message>`);
    home.send(`<message to="juliet@localhost" type="headline" id="n4"><body>news</body></message>`);
    await settle(home, garden);
    const copied = garden.unclaimed
      .filter((e) => e.getChild("sent", CARBONS))
      .map((e) =>
        e.getChild("sent", CARBONS)!.getChild("forwarded", FWD)!.getChild("message")!.attr("id"),
      );
    expect(copied).toEqual(["n1", "n2"]);
    // A copy of a message without a type has no type either (§6: SHOULD keep the same type).
    expect(garden.unclaimed.find((e) => e.getChild("sent", CARBONS))!.attr("type")).toBeUndefined();
  });
});

describe("opting out: <private/> (§7) and XEP-0334 <no-copy/>", () => {
  it("no copies of a private sent message; the recipient gets it without <private/>", async () => {
    const t = await server([carbonsModule]);
    const home = await online(t, "romeo", "home");
    const garden = await online(t, "romeo", "garden", { carbons: true });
    const juliet = await online(t, "juliet", "balcony", { carbons: true });
    const juliet2 = await online(t, "juliet", "chamber", { carbons: true });
    home.send(
      `<message to="juliet@localhost/balcony" type="chat" id="p1"><body>secret</body><private xmlns="${CARBONS}"/></message>`,
    );
    await juliet.expect(
      `<message from="romeo@localhost/home" to="juliet@localhost/balcony" type="chat" id="p1"><body>secret</body></message>`,
    );
    await settle(home, garden, juliet, juliet2);
    expect(strayMessages(garden)).toEqual([]);
    expect(strayMessages(juliet2)).toEqual([]);
  });

  it("no copies of a message with <no-copy/>, sent or received", async () => {
    const t = await server([carbonsModule]);
    const home = await online(t, "romeo", "home", { priority: 5 });
    const garden = await online(t, "romeo", "garden", { carbons: true });
    const juliet = await online(t, "juliet", "balcony");
    home.send(
      `<message to="juliet@localhost" type="chat"><body>a</body><no-copy xmlns="urn:xmpp:hints"/></message>`,
    );
    juliet.send(
      `<message to="romeo@localhost" type="chat"><body>b</body><no-copy xmlns="urn:xmpp:hints"/></message>`,
    );
    await juliet.expect((e) => e.localName === "message");
    await home.expect((e) => e.localName === "message");
    await settle(home, juliet, garden);
    expect(strayMessages(garden)).toEqual([]);
  });
});

describe("forged carbons (§11)", () => {
  const forged = (kind: string, to: string) =>
    `<message to="${to}" type="chat" id="f1"><${kind} xmlns="${CARBONS}"><forwarded xmlns="${FWD}"><message xmlns="jabber:client" from="mallory@localhost/x" to="romeo@localhost" type="chat"><body>trust me</body></message></forwarded></${kind}></message>`;

  it("rejects a carbon another user sends, to the bare or a full JID, and delivers nothing", async () => {
    const t = await server([carbonsModule]);
    const home = await online(t, "romeo", "home", { carbons: true });
    const juliet = await online(t, "juliet", "balcony");
    for (const [kind, to] of [
      ["received", "romeo@localhost"],
      ["sent", "romeo@localhost/home"],
    ] as const) {
      juliet.send(forged(kind, to));
      await juliet.expect(
        `<message type="error" id="f1" from="${to}" to="juliet@localhost/balcony"><error type="modify"><not-acceptable xmlns="${STANZAS}"/><text xmlns="${STANZAS}" xml:lang="en">*</text></error></message>`,
      );
    }
    await settle(juliet, home);
    expect(strayMessages(home)).toEqual([]);
  });

  it("rejects a carbon one of the user's own clients sends to another (it is not from the bare JID)", async () => {
    const t = await server([carbonsModule]);
    const home = await online(t, "romeo", "home", { carbons: true });
    const garden = await online(t, "romeo", "garden", { carbons: true });
    home.send(forged("received", "romeo@localhost/garden"));
    await home.expect((e) => e.attr("type") === "error" && e.attr("id") === "f1");
    await settle(home, garden);
    expect(strayMessages(garden)).toEqual([]);
  });
});

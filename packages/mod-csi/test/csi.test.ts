// XEP-0352 over real sockets: the feature, holding back and collapsing presence and chat
// states while inactive, immediate delivery of important stanzas (after what waited), the
// flush on <active/> and on a full buffer, and the interplay with stream management.
import type { Session } from "@parley/server";
import { type TestClient, type TestServer, startTestServer } from "@parley/server/testing";
import { smacksModule } from "@parley/mod-smacks";
import { afterEach, describe, expect, it } from "vitest";
import { csiModule, csiStateOf } from "../src/index";

const CSI = "urn:xmpp:csi:0";
const SM = "urn:xmpp:sm:3";
const CHATSTATES = "http://jabber.org/protocol/chatstates";
const running: TestServer[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((t) => t.stop()));
});

async function server(config: Record<string, unknown> = {}, smacks = false): Promise<TestServer> {
  const t = await startTestServer({
    extraModules: smacks ? [csiModule, smacksModule] : [csiModule],
    moduleConfig: { csi: config },
  });
  running.push(t);
  return t;
}

/** Juliet, subscribed to the presence of Romeo and Mercutio (two resources of Romeo). */
async function scene(t: TestServer) {
  const juliet = await t.addUser("juliet");
  for (const contact of ["romeo", "mercutio"]) {
    const jid = await t.addUser(contact);
    await t.storage.roster.setItem(juliet, { jid, subscription: "both", groups: [] });
    await t.storage.roster.setItem(jid, { jid: juliet, subscription: "both", groups: [] });
  }
  const j = await t.login("juliet", { resource: "balcony" });
  j.send("<presence/>");
  await j.expect(`<presence from="juliet@localhost/balcony" to="juliet@localhost/balcony"/>`);
  const r = await t.login("romeo", { resource: "orchard" });
  const m = await t.login("mercutio", { resource: "street" });
  return { j, r, m };
}

/** Sends `<inactive/>` or `<active/>` and waits until the server handled it. */
async function setState(c: TestClient, state: "active" | "inactive"): Promise<void> {
  c.send(`<${state} xmlns="${CSI}"/>`);
  await c.sync();
}

function sessionOf(t: TestServer, full = "juliet@localhost/balcony"): Session {
  const s = t.server.sessions().find((x) => x.jid?.toString() === full);
  if (!s) throw new Error(`no session ${full}`);
  return s;
}

/** Stanzas the server holds back for Juliet (read on the server side: a client-side check
 * would need a round trip, and any iq answer is important and flushes). */
function held(t: TestServer): number {
  return csiStateOf(sessionOf(t))?.held.size ?? 0;
}

describe("client state indication (XEP-0352)", () => {
  it("offers <csi/> after authentication", async () => {
    const t = await server();
    const c = await t.login("juliet");
    expect(c.features?.getChild("csi", CSI)).toBeDefined();
  });

  it("holds presence updates while inactive, collapsed per sender, and sends them on <active/>", async () => {
    const t = await server();
    const { j, r, m } = await scene(t);
    await setState(j, "inactive");
    // Two connections: each sync makes the server's order of their updates certain.
    r.send("<presence><show>away</show></presence>");
    r.send("<presence><show>dnd</show></presence>");
    await r.sync();
    m.send("<presence/>");
    await m.sync();
    r.send("<presence><show>xa</show></presence>");
    await r.sync();
    expect(held(t)).toBe(2);
    await setState(j, "active");
    expect(held(t)).toBe(0);
    // One per sender, the latest, in the order of their last update, before the sync answer.
    const got = j.received.slice(-3);
    expect(got.map((p) => [p.localName, p.attr("from"), p.getChildText("show")])).toEqual([
      ["presence", "mercutio@localhost/street", undefined],
      ["presence", "romeo@localhost/orchard", "xa"],
      ["iq", "localhost", undefined],
    ]);
  });

  it("a message with a body is delivered at once, after what waited", async () => {
    const t = await server();
    const { j, r } = await scene(t);
    await setState(j, "inactive");
    r.send("<presence><show>away</show></presence>");
    r.send(
      `<message to="juliet@localhost/balcony" type="chat"><composing xmlns="${CHATSTATES}"/></message>`,
    );
    await r.sync();
    expect(held(t)).toBe(2);
    r.send(
      `<message to="juliet@localhost/balcony" type="chat"><body>hi</body><active xmlns="${CHATSTATES}"/></message>`,
    );
    const msg = await j.expect((e) => e.getChildText("body") === "hi");
    const order = j.received.slice(-3).map((e) => e.localName + (e.getChildText("body") ?? ""));
    expect(order).toEqual(["presence", "message", "messagehi"]);
    expect(msg.getChild("active", CHATSTATES)).toBeDefined();
    // Still inactive: the next presence waits again.
    r.send("<presence><show>chat</show></presence>");
    await r.sync();
    expect(held(t)).toBe(1);
  });

  it("chat states collapse to the latest per sender; iq and subscription requests are not held", async () => {
    const t = await server();
    const { j, r } = await scene(t);
    await setState(j, "inactive");
    r.send(
      `<message to="juliet@localhost/balcony" type="chat"><composing xmlns="${CHATSTATES}"/></message>`,
    );
    r.send(
      `<message to="juliet@localhost/balcony" type="chat"><paused xmlns="${CHATSTATES}"/></message>`,
    );
    r.send(
      `<iq type="get" id="v1" to="juliet@localhost/balcony"><query xmlns="jabber:iq:version"/></iq>`,
    );
    const iq = await j.expect((e) => e.localName === "iq" && e.attr("id") === "v1");
    expect(iq.attr("type")).toBe("get");
    // The iq is important: the chat state that waited came just before it, collapsed.
    const states = j.received.filter((e) => e.localName === "message");
    expect(states.map((e) => e.elements()[0]?.localName)).toEqual(["paused"]);
    await t.addUser("nurse");
    const n = await t.login("nurse");
    n.send(`<presence type="subscribe" to="juliet@localhost"/>`);
    await j.expect(`<presence type="subscribe" from="nurse@localhost" to="juliet@localhost"/>`);
  });

  it("a full buffer is sent at once", async () => {
    const t = await server({ maxHeld: 2 });
    const { j, r, m } = await scene(t);
    await setState(j, "inactive");
    r.send("<presence/>");
    await r.sync();
    expect(held(t)).toBe(1);
    m.send("<presence/>");
    await j.expect(`<presence from="romeo@localhost/orchard" to="juliet@localhost"/>`);
    await j.expect(`<presence from="mercutio@localhost/street" to="juliet@localhost"/>`);
    expect(held(t)).toBe(0);
  });

  it("<active/> without <inactive/>, and states before bind, are harmless", async () => {
    const t = await server();
    await t.addUser("juliet");
    const c = await t.connect();
    await c.openStream();
    await c.authenticate("juliet", "password");
    c.send(`<inactive xmlns="${CSI}"/>`);
    await c.bind("balcony");
    await setState(c, "active");
    c.send(`<bogus xmlns="${CSI}"/>`);
    await c.expectStreamError("unsupported-stanza-type");
  });

  it("with stream management: held stanzas are counted when sent; resumption makes the client active", async () => {
    const t = await server({}, true);
    const { j, r } = await scene(t);
    j.send(`<enable xmlns="${SM}" resume="true"/>`);
    const id = (await j.expect((e) => e.localName === "enabled")).attr("id")!;
    const base = j.received.length;
    const received = () => j.received.slice(base).filter((e) => e.ns === "jabber:client").length;
    /** Acks everything received, then an <r/> round trip (nonzas are never held). */
    const ackAll = async () => {
      j.send(`<a xmlns="${SM}" h="${received()}"/>`);
      j.send(`<r xmlns="${SM}"/>`);
      await j.expect((e) => e.localName === "a");
    };
    const unacked = () => (sessionOf(t).data.get("smacks") as { out: { size: number } }).out.size;

    j.send(`<inactive xmlns="${CSI}"/>`);
    r.send("<presence><show>away</show></presence>");
    await r.sync();
    expect(held(t)).toBe(1);
    await ackAll();
    expect(unacked()).toBe(0); // the held presence is not counted yet
    j.send(`<active xmlns="${CSI}"/>`);
    await j.expect((e) => e.getChildText("show") === "away");
    expect(unacked()).toBe(1); // now it is
    await ackAll();
    expect(unacked()).toBe(0);

    // Inactive again, a presence held, the connection dropped, then resumed: the resumed
    // stream is active (XEP-0352 §5.2), so the held presence comes after <resumed/>.
    j.send(`<inactive xmlns="${CSI}"/>`);
    r.send("<presence><show>dnd</show></presence>");
    await r.sync();
    expect(held(t)).toBe(1);
    const acked = received();
    j.destroy();
    await j.closed;
    await t.addUser("juliet");
    const c = await t.connect();
    await c.openStream();
    await c.authenticate("juliet", "password");
    c.send(`<resume xmlns="${SM}" previd="${id}" h="${acked}"/>`);
    await c.expect((e) => e.localName === "resumed");
    const p = await c.nextStanza();
    expect(p.getChildText("show")).toBe("dnd");
    expect(held(t)).toBe(0);
  });
});

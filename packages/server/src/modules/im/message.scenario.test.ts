// Scenario tests over real sockets: message delivery (RFC 6121 §8.5) and offline messages
// (XEP-0160 with XEP-0203 delay stamps).
import { describe, expect, it, vi } from "vitest";
import { STANZAS, imServer, online, stopServersAfterEach } from "./test-support/scenario";

stopServersAfterEach();

// Exactly this: no <text/> that would tell a missing account from the other refusals.
const unavailable = `<error type="cancel"><service-unavailable xmlns="${STANZAS}"/></error>`;

describe("messages to a bare JID (§8.5.2)", () => {
  it("go to the highest non-negative priority, to all resources sharing it", async () => {
    const t = await imServer();
    const romeo = await online(t, "romeo", "orchard");
    const low = await online(t, "juliet", "low", `<presence><priority>1</priority></presence>`);
    const high1 = await online(t, "juliet", "high1", `<presence><priority>5</priority></presence>`);
    const high2 = await online(t, "juliet", "high2", `<presence><priority>5</priority></presence>`);
    romeo.send(`<message to="juliet@localhost" type="chat" id="m1"><body>hi</body></message>`);
    const delivered = `<message from="romeo@localhost/orchard" to="juliet@localhost" type="chat" id="m1"><body>hi</body></message>`;
    await high1.expect(delivered);
    await high2.expect(delivered);
    await low.sync();
    expect(low.unclaimed.some((e) => e.localName === "message")).toBe(false);
  });

  it("headline goes to every non-negative resource; negative priority gets nothing", async () => {
    const t = await imServer();
    const romeo = await online(t, "romeo", "orchard");
    const a = await online(t, "juliet", "a", `<presence><priority>1</priority></presence>`);
    const b = await online(t, "juliet", "b", `<presence><priority>0</priority></presence>`);
    const shy = await online(t, "juliet", "shy", `<presence><priority>-1</priority></presence>`);
    romeo.send(
      `<message to="juliet@localhost" type="headline" id="h1"><body>news</body></message>`,
    );
    const delivered = `<message from="romeo@localhost/orchard" to="juliet@localhost" type="headline" id="h1"><body>news</body></message>`;
    await a.expect(delivered);
    await b.expect(delivered);
    await shy.sync();
    expect(shy.unclaimed.some((e) => e.localName === "message")).toBe(false);
  });

  it("groupchat to a bare JID and a message to a missing account bounce with service-unavailable", async () => {
    const t = await imServer();
    await online(t, "juliet", "balcony");
    const romeo = await online(t, "romeo", "orchard");
    romeo.send(`<message to="juliet@localhost" type="groupchat" id="g1"><body>x</body></message>`);
    await romeo.expect(
      `<message from="juliet@localhost" to="romeo@localhost/orchard" type="error" id="g1">${unavailable}</message>`,
    );
    romeo.send(`<message to="nobody@localhost" type="chat" id="n1"><body>x</body></message>`);
    await romeo.expect(
      `<message from="nobody@localhost" to="romeo@localhost/orchard" type="error" id="n1">${unavailable}</message>`,
    );
  });

  it("a missing account and an existing one that refuses the message answer alike (RFC 6120 §13.11)", async () => {
    const t = await imServer({ limits: { offlineLimit: 1 } });
    await t.addUser("full");
    const romeo = await online(t, "romeo", "orchard");
    romeo.send(`<message to="full@localhost" type="chat" id="f0"><body>kept</body></message>`);
    // The offline queue of full@ is now at its limit: the next message is refused.
    for (const [to, id, type] of [
      ["full@localhost", "f1", "chat"],
      ["nobody@localhost", "n1", "chat"],
      ["full@localhost", "f2", "groupchat"],
      ["nobody@localhost", "n2", "groupchat"],
      ["full@localhost/gone", "f3", "groupchat"],
      ["nobody@localhost/gone", "n3", "groupchat"],
    ]) {
      romeo.send(`<message to="${to}" type="${type}" id="${id}"><body>x</body></message>`);
      await romeo.expect(
        `<message from="${to}" to="romeo@localhost/orchard" type="error" id="${id}">${unavailable}</message>`,
      );
    }
  });

  it("to a full JID that is gone: chat is handled as to the bare JID (§8.5.3.2.1)", async () => {
    const t = await imServer();
    const romeo = await online(t, "romeo", "orchard");
    const juliet = await online(t, "juliet", "balcony");
    romeo.send(`<message to="juliet@localhost/gone" type="chat" id="f1"><body>hi</body></message>`);
    await juliet.expect(
      `<message from="romeo@localhost/orchard" to="juliet@localhost/gone" type="chat" id="f1"><body>hi</body></message>`,
    );
  });
});

describe("offline messages (XEP-0160)", () => {
  it("are stored while nobody is available and delivered with a delay stamp at login", async () => {
    const t = await imServer();
    await t.addUser("juliet");
    const romeo = await online(t, "romeo", "orchard");
    romeo.send(`<message to="juliet@localhost" type="chat" id="o1"><body>one</body></message>`);
    romeo.send(`<message to="juliet@localhost" id="o2"><body>two</body></message>`);
    romeo.send(
      `<message to="juliet@localhost" type="headline" id="o3"><body>dropped</body></message>`,
    );
    romeo.send(
      `<message to="juliet@localhost" type="chat" id="o4"><active xmlns="http://jabber.org/protocol/chatstates"/></message>`,
    );
    await romeo.sync();
    expect(await t.storage.offline.count("juliet@localhost")).toBe(2);

    // A connected resource that is not available (no presence) or has a negative priority
    // does not take them.
    const shy = await online(t, "juliet", "shy", `<presence><priority>-1</priority></presence>`);
    await shy.sync();
    expect(shy.unclaimed.some((e) => e.localName === "message")).toBe(false);

    const juliet = await t.login("juliet", { resource: "balcony" });
    juliet.send(`<presence/>`);
    const delay = `<delay xmlns="urn:xmpp:delay" from="localhost" stamp="*"/>`;
    const first = await juliet.expect(
      `<message from="romeo@localhost/orchard" to="juliet@localhost" type="chat" id="o1"><body>one</body>${delay}</message>`,
    );
    await juliet.expect(
      `<message from="romeo@localhost/orchard" to="juliet@localhost" id="o2"><body>two</body>${delay}</message>`,
    );
    const stamp = first.getChild("delay", "urn:xmpp:delay")!.attr("stamp")!;
    expect(stamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    // Removed once the socket took them (delivery.ts), a moment after they were written.
    await vi.waitFor(async () => expect(await t.storage.offline.count("juliet@localhost")).toBe(0));
  });

  it("bounces with service-unavailable once the queue is full", async () => {
    const t = await imServer({ moduleConfig: { offline: { limit: 1 } } });
    await t.addUser("juliet");
    const romeo = await online(t, "romeo", "orchard");
    romeo.send(`<message to="juliet@localhost" type="chat" id="q1"><body>kept</body></message>`);
    romeo.send(
      `<message to="juliet@localhost" type="chat" id="q2"><body>too many</body></message>`,
    );
    await romeo.expect(
      `<message from="juliet@localhost" to="romeo@localhost/orchard" type="chat" id="q2">${unavailable}</message>`.replace(
        'type="chat"',
        'type="error"',
      ),
    );
    expect(await t.storage.offline.count("juliet@localhost")).toBe(1);
  });
});

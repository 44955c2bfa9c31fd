import { describe, expect, it } from "vitest";
import type { FakeServer, FakeSession } from "../test-support/fake-server";
import { imServer } from "../test-support/im-server";
import { x } from "../test-support/xml";

const norm = (s: string) => s.replace(/ id="[^"]*"/g, "").replace(/ ver="[^"]*"/g, ' ver="*"');
const p = (attrs = "", body = "") =>
  x(`<presence xmlns="jabber:client" ${attrs}>${body}</presence>`);
const getRoster = (server: FakeServer, s: FakeSession) =>
  server.send(
    s,
    x('<iq xmlns="jabber:client" type="get" id="r"><query xmlns="jabber:iq:roster"/></iq>'),
  );

async function login(server: FakeServer, full: string, presence = p()): Promise<FakeSession> {
  const s = server.connect(full);
  await getRoster(server, s);
  await server.send(s, presence);
  s.take();
  return s;
}

async function befriend(server: FakeServer, a: string, b: string) {
  await server.storage.roster.setItem(a, { jid: b, subscription: "both", groups: [] });
  await server.storage.roster.setItem(b, { jid: a, subscription: "both", groups: [] });
}

describe("subscription flows (RFC 6121 §3)", () => {
  it("subscribe → approve → both, with roster pushes at each step", async () => {
    const server = await imServer();
    const j = await login(server, "juliet@example.com/balcony");
    const r = await login(server, "romeo@example.com/orchard");

    await server.send(r, p('to="juliet@example.com/balcony" type="subscribe"'));
    expect(r.take().map(norm)).toEqual([
      '<iq to="romeo@example.com/orchard" type="set"><query xmlns="jabber:iq:roster" ver="*"><item jid="juliet@example.com" subscription="none" ask="subscribe"/></query></iq>',
    ]);
    expect(j.take()).toEqual([
      '<presence from="romeo@example.com" to="juliet@example.com" type="subscribe"/>',
    ]);

    await server.send(j, p('to="romeo@example.com" type="subscribed"'));
    expect(j.take().map(norm)).toEqual([
      '<iq to="juliet@example.com/balcony" type="set"><query xmlns="jabber:iq:roster" ver="*"><item jid="romeo@example.com" subscription="from"/></query></iq>',
    ]);
    expect(r.take().map(norm)).toEqual([
      '<iq to="romeo@example.com/orchard" type="set"><query xmlns="jabber:iq:roster" ver="*"><item jid="juliet@example.com" subscription="to"/></query></iq>',
      '<presence from="juliet@example.com" to="romeo@example.com" type="subscribed"/>',
      // §3.1.5: Juliet's current presence follows the approval.
      '<presence from="juliet@example.com/balcony" to="romeo@example.com"/>',
    ]);

    await server.send(j, p('to="romeo@example.com" type="subscribe"'));
    await server.send(r, p('to="juliet@example.com" type="subscribed"'));
    expect((await server.storage.roster.get("juliet@example.com")).items).toEqual([
      { jid: "romeo@example.com", subscription: "both", groups: [] },
    ]);
    expect((await server.storage.roster.get("romeo@example.com")).items).toEqual([
      { jid: "juliet@example.com", subscription: "both", groups: [] },
    ]);
  });

  it("keeps a request for an offline contact and delivers it at each login until answered", async () => {
    const server = await imServer();
    const r = await login(server, "romeo@example.com/orchard");
    await server.send(r, p('to="juliet@example.com" type="subscribe"', "<status>It is I</status>"));
    r.take();
    // Not in Juliet's roster (a request does not add an item), but remembered.
    expect((await server.storage.roster.get("juliet@example.com")).items).toEqual([]);
    const pending =
      '<presence from="romeo@example.com" to="juliet@example.com" type="subscribe"><status>It is I</status></presence>';
    const j1 = server.connect("juliet@example.com/balcony");
    await server.send(j1, p());
    expect(j1.take()).toContain(pending);
    await server.disconnect(j1);
    const j2 = server.connect("juliet@example.com/chamber");
    await server.send(j2, p());
    expect(j2.take()).toContain(pending);
    await server.send(j2, p('to="romeo@example.com" type="unsubscribed"')); // deny
    expect(r.take().map(norm)).toEqual([
      '<iq to="romeo@example.com/orchard" type="set"><query xmlns="jabber:iq:roster" ver="*"><item jid="juliet@example.com" subscription="none"/></query></iq>',
      '<presence from="juliet@example.com" to="romeo@example.com" type="unsubscribed"/>',
    ]);
    const j3 = server.connect("juliet@example.com/third");
    await server.send(j3, p());
    expect(j3.take().join("")).not.toContain("subscribe");
  });

  it("pre-approval (§3.4): the later request is approved without asking the user", async () => {
    const server = await imServer();
    const j = await login(server, "juliet@example.com/balcony");
    const r = await login(server, "romeo@example.com/orchard");
    await server.send(j, p('to="romeo@example.com" type="subscribed"'));
    expect(j.take().map(norm)).toEqual([
      '<iq to="juliet@example.com/balcony" type="set"><query xmlns="jabber:iq:roster" ver="*"><item jid="romeo@example.com" subscription="none" approved="true"/></query></iq>',
    ]);
    expect(r.take()).toEqual([]); // not routed
    await server.send(r, p('to="juliet@example.com" type="subscribe"'));
    expect(j.take().map(norm)).toEqual([
      '<iq to="juliet@example.com/balcony" type="set"><query xmlns="jabber:iq:roster" ver="*"><item jid="romeo@example.com" subscription="from"/></query></iq>',
    ]);
    expect(r.take().map(norm)).toEqual([
      '<iq to="romeo@example.com/orchard" type="set"><query xmlns="jabber:iq:roster" ver="*"><item jid="juliet@example.com" subscription="none" ask="subscribe"/></query></iq>',
      '<iq to="romeo@example.com/orchard" type="set"><query xmlns="jabber:iq:roster" ver="*"><item jid="juliet@example.com" subscription="to"/></query></iq>',
      '<presence from="juliet@example.com" to="romeo@example.com" type="subscribed"/>',
      '<presence from="juliet@example.com/balcony" to="romeo@example.com"/>',
    ]);
  });

  it("cancel (unsubscribed) sends unavailable and updates both rosters", async () => {
    const server = await imServer();
    await befriend(server, "juliet@example.com", "romeo@example.com");
    const j = await login(server, "juliet@example.com/balcony");
    const r = await login(server, "romeo@example.com/orchard");
    j.take();
    await server.send(j, p('to="romeo@example.com" type="unsubscribed"'));
    expect(r.take().map(norm)).toEqual([
      '<iq to="romeo@example.com/orchard" type="set"><query xmlns="jabber:iq:roster" ver="*"><item jid="juliet@example.com" subscription="from"/></query></iq>',
      '<presence from="juliet@example.com" to="romeo@example.com" type="unsubscribed"/>',
      '<presence from="juliet@example.com/balcony" to="romeo@example.com" type="unavailable"/>',
    ]);
    expect(
      (await server.storage.roster.getItem("juliet@example.com", "romeo@example.com"))
        ?.subscription,
    ).toBe("to");
  });

  it("a request to an account that does not exist is ignored: ask stays (RFC 6121 §8.5.1)", async () => {
    const server = await imServer();
    const r = await login(server, "romeo@example.com/orchard");
    await server.send(r, p('to="nobody@example.com" type="subscribe"'));
    expect(r.take().map(norm)).toEqual([
      '<iq to="romeo@example.com/orchard" type="set"><query xmlns="jabber:iq:roster" ver="*"><item jid="nobody@example.com" subscription="none" ask="subscribe"/></query></iq>',
    ]);
  });
});

describe("presence exchange (RFC 6121 §4)", () => {
  it("initial presence: probes answered, broadcast to contacts and to the user's resources", async () => {
    const server = await imServer();
    await befriend(server, "juliet@example.com", "romeo@example.com");
    const r = await login(server, "romeo@example.com/orchard", p("", "<show>away</show>"));
    const j1 = await login(server, "juliet@example.com/balcony");
    expect(r.take()).toEqual([
      '<presence from="juliet@example.com/balcony" to="romeo@example.com"/>',
    ]);
    const j2 = server.connect("juliet@example.com/chamber");
    await server.send(j2, p("", "<priority>5</priority>"));
    expect(j2.take()).toEqual([
      '<presence from="romeo@example.com/orchard" to="juliet@example.com/chamber"><show>away</show></presence>',
      '<presence from="juliet@example.com/chamber" to="juliet@example.com/balcony"><priority>5</priority></presence>'.replace(
        'to="juliet@example.com/balcony"',
        'to="juliet@example.com/chamber"',
      ),
      '<presence from="juliet@example.com/balcony" to="juliet@example.com/chamber"/>',
    ]);
    expect(j1.take()).toEqual([
      '<presence from="juliet@example.com/chamber" to="juliet@example.com/balcony"><priority>5</priority></presence>',
    ]);
    expect(r.take()).toEqual([
      '<presence from="juliet@example.com/chamber" to="romeo@example.com"><priority>5</priority></presence>',
    ]);
    expect(j2.priority).toBe(5);
  });

  it("no presence to or from someone without a subscription", async () => {
    const server = await imServer();
    const r = await login(server, "romeo@example.com/orchard");
    const j = await login(server, "juliet@example.com/balcony");
    expect(r.take()).toEqual([]);
    expect(j.take()).toEqual([]);
  });

  it("a dropped session is announced unavailable to contacts and directed-presence targets", async () => {
    const server = await imServer();
    await befriend(server, "juliet@example.com", "romeo@example.com");
    const r = await login(server, "romeo@example.com/orchard");
    const n = await login(server, "nurse@example.com/kitchen");
    const j = await login(server, "juliet@example.com/balcony");
    await server.send(j, p('to="nurse@example.com/kitchen"'));
    expect(n.take()).toEqual([
      '<presence from="juliet@example.com/balcony" to="nurse@example.com/kitchen"/>',
    ]);
    r.take();
    await server.disconnect(j);
    expect(r.take()).toEqual([
      '<presence from="juliet@example.com/balcony" to="romeo@example.com" type="unavailable"/>',
    ]);
    expect(n.take()).toEqual([
      '<presence from="juliet@example.com/balcony" to="nurse@example.com/kitchen" type="unavailable"/>',
    ]);
  });

  it.each([["<priority>high</priority>"], ["<priority>128</priority>"], ["<show>sleeping</show>"]])(
    "rejects %s with bad-request and stays unavailable",
    async (body) => {
      const server = await imServer();
      const j = server.connect("juliet@example.com/balcony");
      await server.send(j, p("", body));
      const [reply] = j.take();
      expect(reply).toContain('type="error"');
      expect(reply).toContain("<bad-request ");
      expect(j.presence).toBeUndefined();
    },
  );

  it("rejects an unknown presence type", async () => {
    const server = await imServer();
    const j = server.connect("juliet@example.com/balcony");
    await server.send(j, p('type="online"'));
    expect(j.take()[0]).toContain("<bad-request ");
  });

  it("a probe from a non-subscriber gets unsubscribed, which repairs a drifted roster", async () => {
    const server = await imServer();
    const j = await login(server, "juliet@example.com/balcony");
    // Romeo believes he is subscribed to Juliet; Juliet's roster does not know him.
    await server.storage.roster.setItem("romeo@example.com", {
      jid: "juliet@example.com",
      subscription: "to",
      groups: [],
    });
    const r = server.connect("romeo@example.com/orchard");
    await getRoster(server, r);
    r.take();
    await server.send(r, p()); // initial presence probes Juliet
    expect(r.take().map(norm)).toEqual([
      '<iq to="romeo@example.com/orchard" type="set"><query xmlns="jabber:iq:roster" ver="*"><item jid="juliet@example.com" subscription="none"/></query></iq>',
      '<presence from="juliet@example.com" to="romeo@example.com" type="unsubscribed"/>',
      '<presence from="romeo@example.com/orchard" to="romeo@example.com/orchard"/>',
    ]);
    expect(j.take()).toEqual([]);
  });
});

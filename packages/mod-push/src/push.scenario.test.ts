// XEP-0357 over real sockets, with a fake app server (test-support.ts) at push.localhost.
import { xml } from "@parley/xml";
import { afterEach, describe, expect, it, vi } from "vitest";
import { APP, PUSH, pushServer, stopAll, summaryOf } from "./test-support";

afterEach(stopAll);

const STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";
const enableIq = (node = "n1", form = "") =>
  `<iq type="set"><enable xmlns="${PUSH}" jid="${APP}" node="${node}">${form}</enable></iq>`;
const chat = (to: string, body: string) =>
  `<message type="chat" to="${to}"><body>${body}</body></message>`;

describe("enable and disable (§5, §6)", () => {
  it("enable answers an empty result and is stored; the feature is advertised", async () => {
    const { t } = await pushServer();
    const c = await t.login("romeo", { resource: "phone" });
    c.send(`<iq type="set" id="e1"><enable xmlns="${PUSH}" jid="${APP}" node="n1"/></iq>`);
    await c.expect(`<iq type="result" id="e1" to="romeo@localhost/phone"/>`);
    expect(await t.storage.kv.entries("push", "romeo@localhost")).toHaveLength(1);
    const info = await c.iq(
      `<iq type="get" to="localhost"><query xmlns="http://jabber.org/protocol/disco#info"/></iq>`,
    );
    const features = info
      .getChild("query")!
      .getChildren("feature")
      .map((f) => f.attr("var"));
    expect(features).toContain(PUSH);
    // §6: disable without node removes every node of that service.
    await c.iq(enableIq("n2"));
    expect(await t.storage.kv.entries("push", "romeo@localhost")).toHaveLength(2);
    c.send(`<iq type="set" id="d1"><disable xmlns="${PUSH}" jid="${APP}" node="n1"/></iq>`);
    await c.expect(`<iq type="result" id="d1" to="romeo@localhost/phone"/>`);
    expect(await t.storage.kv.entries("push", "romeo@localhost")).toHaveLength(1);
    await c.iq(`<iq type="set"><disable xmlns="${PUSH}" jid="${APP}"/></iq>`);
    expect(await t.storage.kv.entries("push", "romeo@localhost")).toEqual([]);
  });

  it("bad enables: no jid, a malformed jid, a foreign form, someone else's account", async () => {
    const { t } = await pushServer();
    const c = await t.login("romeo");
    await t.login("juliet");
    const cases: [string, string][] = [
      [`<iq type="set"><enable xmlns="${PUSH}" node="n"/></iq>`, "bad-request"],
      [`<iq type="set"><enable xmlns="${PUSH}" jid="a@b@c" node="n"/></iq>`, "jid-malformed"],
      [
        enableIq(
          "n",
          `<x xmlns="jabber:x:data" type="submit"><field var="FORM_TYPE"><value>urn:other</value></field></x>`,
        ),
        "bad-request",
      ],
      [
        `<iq type="set" to="juliet@localhost"><enable xmlns="${PUSH}" jid="${APP}" node="n"/></iq>`,
        "forbidden",
      ],
    ];
    for (const [iq, condition] of cases) {
      const reply = await c.iq(iq);
      expect(reply.attr("type"), iq).toBe("error");
      expect(reply.getChild("error")?.getChild(condition, STANZAS), iq).toBeDefined();
    }
    expect(await t.storage.kv.entries("push", "romeo@localhost")).toEqual([]);
    expect(await t.storage.kv.entries("push", "juliet@localhost")).toEqual([]);
  });

  it("limits the registrations per account", async () => {
    const { t } = await pushServer({ max_registrations: 2 });
    const c = await t.login("romeo");
    expect((await c.iq(enableIq("a"))).attr("type")).toBe("result");
    expect((await c.iq(enableIq("b"))).attr("type")).toBe("result");
    expect((await c.iq(enableIq("a"))).attr("type")).toBe("result"); // re-enabling is fine
    const third = await c.iq(enableIq("c"));
    expect(third.getChild("error")?.getChild("resource-constraint", STANZAS)).toBeDefined();
  });
});

describe("notifications for an offline account (§7)", () => {
  it("publishes the summary form, without the body, from the user's bare JID", async () => {
    const { t, app } = await pushServer();
    const romeo = await t.login("romeo", { resource: "phone" });
    await romeo.iq(enableIq());
    await romeo.close();
    const juliet = await t.login("juliet", { resource: "balcony" });
    juliet.send(chat("romeo@localhost", "Wherefore art thou?"));
    const publish = await app.next();
    expect(publish.attr("from")).toBe("romeo@localhost");
    expect(publish.attr("to")).toBe(APP);
    expect(publish.attr("type")).toBe("set");
    const { parseXml, mismatch } = await import("@parley/server/testing");
    const got = parseXml(publish.toString());
    const want = parseXml(
      `<iq type="set" from="romeo@localhost" to="${APP}" id="*">
        <pubsub xmlns="http://jabber.org/protocol/pubsub"><publish node="n1"><item>
          <notification xmlns="${PUSH}"><x xmlns="jabber:x:data" type="submit">
            <field var="FORM_TYPE"><value>urn:xmpp:push:summary</value></field>
            <field var="message-count"><value>1</value></field>
            <field var="last-message-sender"><value>juliet@localhost</value></field>
          </x></notification>
        </item></publish></pubsub>
      </iq>`,
    );
    expect(mismatch(got, want)).toBeUndefined();
    expect(publish.toString()).not.toContain("Wherefore");
  });

  it("includes the body when configured, and the publish options of the enable", async () => {
    const { t, app } = await pushServer({ include_body: true });
    const romeo = await t.login("romeo");
    const form = `<x xmlns="jabber:x:data" type="submit"><field var="FORM_TYPE"><value>http://jabber.org/protocol/pubsub#publish-options</value></field><field var="secret"><value>eruio234</value></field></x>`;
    await romeo.iq(enableIq("n1", form));
    await romeo.close();
    const juliet = await t.login("juliet");
    juliet.send(chat("romeo@localhost", "hello"));
    const publish = await app.next();
    expect(summaryOf(publish)["last-message-body"]).toBe("hello");
    const options = publish.getChild("pubsub")!.getChild("publish-options")!;
    const fields = options.getChild("x", "jabber:x:data")!.getChildren("field");
    expect(fields.map((f) => [f.attr("var"), f.getChildText("value")])).toEqual([
      ["FORM_TYPE", "http://jabber.org/protocol/pubsub#publish-options"],
      ["secret", "eruio234"],
    ]);
  });

  it("nothing for chat states alone, and nothing after disable", async () => {
    // Bodies in the summaries tell which message each notification is for.
    const { t, app } = await pushServer({ include_body: true });
    const romeo = await t.login("romeo");
    await romeo.iq(enableIq());
    await romeo.close();
    const juliet = await t.login("juliet");
    juliet.send(
      `<message type="chat" to="romeo@localhost"><composing xmlns="http://jabber.org/protocol/chatstates"/></message>`,
    );
    await juliet.sync();
    // A later message that must be notified: its notification is the first and counts one.
    juliet.send(chat("romeo@localhost", "marker 1"));
    const first = await app.next();
    expect(summaryOf(first)).toMatchObject({
      "message-count": "1",
      "last-message-body": "marker 1",
    });
    const again = await t.login("romeo");
    await again.iq(`<iq type="set"><disable xmlns="${PUSH}" jid="${APP}"/></iq>`);
    await again.close();
    juliet.send(chat("romeo@localhost", "still there?"));
    await juliet.sync();
    // Enabled again: the next notification is for the later message, none came for the first.
    const third = await t.login("romeo");
    await third.iq(enableIq());
    await third.close();
    juliet.send(chat("romeo@localhost", "marker 2"));
    expect(summaryOf(await app.next())).toMatchObject({
      "message-count": "1",
      "last-message-body": "marker 2",
    });
    expect(app.published).toHaveLength(2);
  });

  it("merges messages within min_interval into one notification with their count", async () => {
    const { t, app } = await pushServer({ min_interval: 0.4 });
    const romeo = await t.login("romeo");
    await romeo.iq(enableIq());
    await romeo.close();
    const juliet = await t.login("juliet");
    juliet.send(chat("romeo@localhost", "1"));
    expect(summaryOf(await app.next())["message-count"]).toBe("1");
    juliet.send(chat("romeo@localhost", "2"));
    juliet.send(chat("romeo@localhost", "3"));
    juliet.send(chat("romeo@localhost", "4"));
    const merged = await app.next();
    expect(summaryOf(merged)["message-count"]).toBe("4");
    // A later message is the next notification: nothing else was published after the merge.
    juliet.send(chat("romeo@localhost", "5"));
    expect(summaryOf(await app.next())["message-count"]).toBe("5");
    expect(app.published).toHaveLength(3);
  });
});

describe("app server errors (§7.1)", () => {
  it("an error answer disables the registration", async () => {
    const { t, app } = await pushServer({ include_body: true });
    app.answer = { condition: "item-not-found" };
    const romeo = await t.login("romeo");
    await romeo.iq(enableIq());
    await romeo.close();
    const juliet = await t.login("juliet");
    juliet.send(chat("romeo@localhost", "one"));
    await app.next();
    await vi.waitFor(async () =>
      expect(await t.storage.kv.entries("push", "romeo@localhost")).toEqual([]),
    );
    juliet.send(chat("romeo@localhost", "two"));
    await juliet.sync();
    // Enabled again: the next notification is for a later message, none came for "two".
    app.answer = "result";
    const again = await t.login("romeo");
    await again.iq(enableIq());
    await again.close();
    juliet.send(chat("romeo@localhost", "three"));
    expect(summaryOf(await app.next())["last-message-body"]).toBe("three");
    expect(app.published).toHaveLength(2);
  });

  it("a temporary error (type wait) keeps it", async () => {
    const { t, app } = await pushServer();
    app.answer = { condition: "resource-constraint" };
    const romeo = await t.login("romeo");
    await romeo.iq(enableIq());
    await romeo.close();
    const juliet = await t.login("juliet");
    juliet.send(chat("romeo@localhost", "one"));
    await app.next();
    juliet.send(chat("romeo@localhost", "two"));
    expect(summaryOf(await app.next())["message-count"]).toBe("2");
    expect(await t.storage.kv.entries("push", "romeo@localhost")).toHaveLength(1);
  });

  it("the app server withdraws the registration (§8 affiliation none)", async () => {
    const { t, app } = await pushServer();
    const romeo = await t.login("romeo");
    await romeo.iq(enableIq("n1"));
    await romeo.iq(enableIq("n2"));
    await app.route(
      xml(
        "message",
        { from: APP, to: "romeo@localhost" },
        xml(
          "pubsub",
          { xmlns: "http://jabber.org/protocol/pubsub", node: "n1" },
          xml("affiliation", { jid: "romeo@localhost", affiliation: "none" }),
        ),
      ),
    );
    const left = await t.storage.kv.entries("push", "romeo@localhost");
    expect(left.map(([k]) => JSON.parse(k)[1])).toEqual(["n2"]);
    await romeo.sync();
    romeo.expectNothingMore(); // consumed, not delivered to the client
  });
});

describe("sleeping sessions", () => {
  it("a hibernating session (XEP-0198, connection lost) gets notifications", async () => {
    const { t, app } = await pushServer();
    const romeo = await t.login("romeo", { resource: "phone" });
    romeo.send(`<enable xmlns="urn:xmpp:sm:3" resume="true"/>`);
    await romeo.expect((e) => e.localName === "enabled");
    await romeo.iq(enableIq());
    romeo.destroy();
    await romeo.closed;
    // The server has seen the connection go: the session hibernates (XEP-0198 §5).
    await vi.waitFor(() => expect(t.server.metrics.get("sessions.hibernated")).toBe(1));
    const juliet = await t.login("juliet");
    juliet.send(chat("romeo@localhost/phone", "wake up"));
    const publish = await app.next();
    expect(summaryOf(publish)["last-message-sender"]).toBe("juliet@localhost");
  });

  it("an inactive session (XEP-0352) gets notifications, an active one does not", async () => {
    const { t, app } = await pushServer({ include_body: true });
    const romeo = await t.login("romeo", { resource: "phone" });
    romeo.send(`<presence/>`);
    await romeo.iq(enableIq());
    const juliet = await t.login("juliet");
    juliet.send(chat("romeo@localhost/phone", "awake?"));
    await romeo.expect((e) => e.localName === "message" && e.getChildText("body") === "awake?");
    romeo.send(`<inactive xmlns="urn:xmpp:csi:0"/>`);
    await romeo.sync();
    juliet.send(chat("romeo@localhost/phone", "asleep?"));
    await romeo.expect((e) => e.localName === "message" && e.getChildText("body") === "asleep?");
    // The first notification is for the later message: none came while the session was active.
    expect(summaryOf(await app.next())).toMatchObject({
      "message-count": "1",
      "last-message-body": "asleep?",
    });
    expect(app.published).toHaveLength(1);
  });
});

describe("a storage error in a push path", () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  it("is logged and counted; the message is still stored offline and the server serves on", async () => {
    process.on("unhandledRejection", onUnhandled);
    try {
      const { t } = await pushServer();
      const romeo = await t.login("romeo", { resource: "phone" });
      romeo.send(`<presence/>`);
      await romeo.iq(enableIq());
      // From now on the push registrations cannot be read.
      const kv = t.storage.kv;
      const entries = kv.entries.bind(kv);
      kv.entries = (store, owner) =>
        store === "push" ? Promise.reject(new Error("storage down")) : entries(store, owner);

      // A sleeping session (XEP-0352): the outbound watch reads the registrations.
      romeo.send(`<inactive xmlns="urn:xmpp:csi:0"/>`);
      await romeo.sync();
      const juliet = await t.login("juliet");
      juliet.send(chat("romeo@localhost/phone", "asleep?"));
      await romeo.expect((e) => e.localName === "message" && e.getChildText("body") === "asleep?");
      // The failed notification is counted once its read has failed: wait for it by round trips.
      while (t.server.metrics.get("push.errors") === 0) await juliet.sync();

      // Offline: the push handler of offline/store fails, the offline module still stores.
      await romeo.close();
      juliet.send(chat("romeo@localhost", "Wherefore art thou?"));
      await juliet.sync();
      expect(await t.storage.offline.count("romeo@localhost")).toBe(1);
      expect(t.server.metrics.get("errors.handler")).toBeGreaterThanOrEqual(1);
      // And the server still answers.
      const again = await t.login("juliet", { resource: "second" });
      await again.sync();
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });
});

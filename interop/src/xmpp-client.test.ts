// @xmpp/client (xmpp.js, npm) against a running Parley server over TCP (STARTTLS, certificate
// verified) and WebSocket (RFC 7395): login, roster with pushes, subscriptions, presence, messages.
import { WEBSOCKET_PATH } from "@parley/server";
import type { TestServer } from "@parley/server/testing";
import { afterEach, describe, expect, it } from "vitest";
import { Cleanup, startInteropServer } from "./support/server";
import {
  NS_ROSTER,
  type XmlElement,
  type XmppJsPeer,
  rosterItems,
  startXmppJs,
  xml,
} from "./support/xmppjs";

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

type Transport = "tcp" | "websocket";

function service(server: TestServer, transport: Transport): string {
  return transport === "tcp"
    ? `xmpp://127.0.0.1:${server.ports.c2s}`
    : `ws://127.0.0.1:${server.ports.http}${WEBSOCKET_PATH}`;
}

async function peer(server: TestServer, transport: Transport, user: string, resource: string) {
  await server.addUser(user, `${user}-pw`);
  const started = await startXmppJs({
    service: service(server, transport),
    username: user,
    password: `${user}-pw`,
    resource,
  });
  return cleanup.add(started, (p) => p.stop());
}

const isPresence = (from: string, type?: string) => (el: XmlElement) =>
  el.is("presence") && el.attrs.from === from && el.attrs.type === type;

const pushOf = (jid: string, subscription: string, ask?: string) => (el: XmlElement) => {
  const item = el.getChild("query", NS_ROSTER)?.getChild("item");
  return (
    item?.attrs.jid === jid && item.attrs.subscription === subscription && item.attrs.ask === ask
  );
};

async function rosterGet(p: XmppJsPeer) {
  const reply = await p.iq("get", xml("query", { xmlns: NS_ROSTER }));
  return rosterItems(reply.getChild("query", NS_ROSTER));
}

describe.each(["tcp", "websocket"] as const)("@xmpp/client over %s", (transport) => {
  it("logs in on an encrypted stream and binds the requested resource", async () => {
    const server = cleanup.add(await startInteropServer(), (s) => s.stop());
    const alice = await peer(server, transport, "alice", "js");
    expect(alice.jid).toBe("alice@localhost/js");
    const sessions = server.server.sessions().map((s) => ({
      jid: String(s.jid),
      secure: s.secure,
      transport: s.transport,
    }));
    // TCP: STARTTLS happened (encryption is required); WebSocket on loopback counts as secure.
    expect(sessions).toEqual([{ jid: "alice@localhost/js", secure: true, transport }]);
    expect(alice.errors).toEqual([]);
  });

  it("roster set/get/remove with pushes to every interested resource; subscription; messages", async () => {
    const server = cleanup.add(await startInteropServer(), (s) => s.stop());
    const alice = await peer(server, transport, "alice", "one");
    const alice2 = await peer(server, transport, "alice", "two");
    const bob = await peer(server, transport, "bob", "js");

    // RFC 6121 §2.1.3: an empty roster; the get makes each resource interested (§2.1.6).
    expect(await rosterGet(alice)).toEqual({});
    expect(await rosterGet(alice2)).toEqual({});
    expect(await rosterGet(bob)).toEqual({});
    await alice.xmpp.send(xml("presence"));
    await bob.xmpp.send(xml("presence"));

    // §2.3.2: a set is answered with a result and pushed to every interested resource.
    const item = xml("item", { jid: "bob@localhost", name: "Bob" }, xml("group", {}, "Friends"));
    await alice.iq("set", xml("query", { xmlns: NS_ROSTER }, item));
    for (const resource of [alice, alice2]) {
      const pushed = await resource.pushes.take(pushOf("bob@localhost", "none"), "push of bob");
      expect(pushed.attrs.from ?? "alice@localhost").toBe("alice@localhost");
      expect(rosterItems(pushed.getChild("query", NS_ROSTER))).toEqual({
        "bob@localhost": { subscription: "none", name: "Bob", groups: ["Friends"] },
      });
    }
    expect(await rosterGet(alice2)).toEqual({
      "bob@localhost": { subscription: "none", name: "Bob", groups: ["Friends"] },
    });

    // §3.1: subscription request, approval, and bob's presence once alice is subscribed.
    await alice.xmpp.send(xml("presence", { to: "bob@localhost", type: "subscribe" }));
    await alice.pushes.take(pushOf("bob@localhost", "none", "subscribe"), "ask=subscribe push");
    await bob.stanzas.take(isPresence("alice@localhost", "subscribe"), "subscription request");
    await bob.xmpp.send(xml("presence", { to: "alice@localhost", type: "subscribed" }));
    await bob.pushes.take(pushOf("alice@localhost", "from"), "bob: push subscription=from");
    await alice.stanzas.take(isPresence("bob@localhost", "subscribed"), "subscribed");
    for (const resource of [alice, alice2]) {
      await resource.pushes.take(pushOf("bob@localhost", "to"), "push subscription=to");
    }
    await alice.stanzas.take(isPresence("bob@localhost/js"), "bob's presence");

    // §4.2: a presence change reaches the subscriber.
    await bob.xmpp.send(xml("presence", {}, xml("show", {}, "dnd"), xml("status", {}, "busy")));
    const dnd = await alice.stanzas.take(
      (el) => isPresence("bob@localhost/js")(el) && el.getChildText("show") === "dnd",
      "bob's dnd presence",
    );
    expect(dnd.getChildText("status")).toBe("busy");

    // RFC 6121 §8.5: chat to alice's full JID, then to bob's bare JID.
    await bob.xmpp.send(
      xml("message", { to: "alice@localhost/two", type: "chat" }, xml("body", {}, "hi")),
    );
    const hi = await alice2.stanzas.take((el) => el.is("message"), "bob's message");
    expect(hi.attrs.from).toBe("bob@localhost/js");
    expect(hi.getChildText("body")).toBe("hi");
    await alice.xmpp.send(
      xml("message", { to: "bob@localhost", type: "chat" }, xml("body", {}, "hello")),
    );
    const hello = await bob.stanzas.take((el) => el.is("message"), "alice's message");
    expect(hello.attrs.from).toBe("alice@localhost/one");
    expect(hello.getChildText("body")).toBe("hello");

    // §2.5: remove, pushed to both of alice's resources; bob is unsubscribed.
    await alice.iq(
      "set",
      xml(
        "query",
        { xmlns: NS_ROSTER },
        xml("item", { jid: "bob@localhost", subscription: "remove" }),
      ),
    );
    for (const resource of [alice, alice2]) {
      await resource.pushes.take(pushOf("bob@localhost", "remove"), "push of the removal");
    }
    await bob.stanzas.take(isPresence("alice@localhost", "unsubscribe"), "unsubscribe");
    await bob.pushes.take(pushOf("alice@localhost", "none"), "bob: push subscription=none");
    expect(await rosterGet(alice)).toEqual({});
    expect(await rosterGet(bob)).toEqual({
      "alice@localhost": { subscription: "none", groups: [] },
    });
    for (const p of [alice, alice2, bob]) expect(p.errors).toEqual([]);
  });

  it("unavailable presence reaches the contact when the client stops", async () => {
    const server = cleanup.add(await startInteropServer(), (s) => s.stop());
    const alice = await peer(server, transport, "alice", "js");
    const bob = await peer(server, transport, "bob", "js");
    await rosterGet(alice);
    await alice.xmpp.send(xml("presence"));
    // Bob available first: a request to a contact without available resources waits (§3.1.3).
    await bob.xmpp.send(xml("presence"));
    await alice.xmpp.send(xml("presence", { to: "bob@localhost", type: "subscribe" }));
    await bob.stanzas.take(isPresence("alice@localhost", "subscribe"), "subscription request");
    await bob.xmpp.send(xml("presence", { to: "alice@localhost", type: "subscribed" }));
    await alice.stanzas.take(isPresence("bob@localhost/js"), "bob's presence");
    await bob.stop();
    await alice.stanzas.take(isPresence("bob@localhost/js", "unavailable"), "bob's unavailable");
  });
});

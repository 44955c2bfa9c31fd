// stanza (stanza.io, npm) over WebSocket against a running Parley server: login, roster (set,
// get, remove, pushes), subscription, presence and messages with an @xmpp/client peer over TCP.
import { WEBSOCKET_PATH } from "@parley/server";
import { afterEach, describe, expect, it } from "vitest";
import { Cleanup, startInteropServer } from "./support/server";
import { type StanzaEvent, startStanza } from "./support/stanzajs";
import { NS_ROSTER, type XmlElement, startXmppJs, xml } from "./support/xmppjs";

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

const from = (name: string, jid: string) => (e: StanzaEvent) =>
  e.name === name && e.data.from === jid;

const push = (jid: string, subscription: string) => (e: StanzaEvent) =>
  e.name === "roster:update" &&
  e.data.roster?.items?.some((i) => i.jid === jid && i.subscription === subscription) === true;

describe("stanza.io over WebSocket", () => {
  it("logs in, manages the roster, subscribes and chats with an @xmpp/client peer", async () => {
    const server = cleanup.add(await startInteropServer(), (s) => s.stop());
    await server.addUser("alice", "alice-pw");
    await server.addUser("bob", "bob-pw");
    const alice = cleanup.add(
      await startStanza({
        url: `ws://127.0.0.1:${server.ports.http}${WEBSOCKET_PATH}`,
        jid: "alice@localhost",
        password: "alice-pw",
        resource: "web",
      }),
      (p) => p.stop(),
    );
    expect(alice.jid).toBe("alice@localhost/web");
    const [session] = server.server.sessions();
    expect({ transport: session?.transport, secure: session?.secure }).toEqual({
      transport: "websocket",
      secure: true,
    });

    const bob = cleanup.add(
      await startXmppJs({
        service: `xmpp://127.0.0.1:${server.ports.c2s}`,
        username: "bob",
        password: "bob-pw",
        resource: "tcp",
      }),
      (p) => p.stop(),
    );
    await bob.iq("get", xml("query", { xmlns: NS_ROSTER }));
    await bob.xmpp.send(xml("presence"));

    // RFC 6121 §2.1.3 and §2.3: get, set, and the push of the new item.
    expect((await alice.client.getRoster()).items).toEqual([]);
    alice.client.sendPresence();
    await alice.client.updateRosterItem({
      jid: "bob@localhost",
      name: "Bob",
      groups: ["Friends"],
      subscription: "none",
    });
    await alice.events.take(push("bob@localhost", "none"), "push of the new item");

    // §3.1: alice subscribes, bob (xmpp.js) approves, alice sees bob online.
    alice.client.subscribe("bob@localhost");
    const isRequest = (el: XmlElement) =>
      el.is("presence") && el.attrs.type === "subscribe" && el.attrs.from === "alice@localhost";
    await bob.stanzas.take(isRequest, "alice's subscription request");
    await bob.xmpp.send(xml("presence", { to: "alice@localhost", type: "subscribed" }));
    await alice.events.take(from("subscribed", "bob@localhost"), "subscribed");
    await alice.events.take(push("bob@localhost", "to"), "push of subscription=to");
    await alice.events.take(from("available", "bob@localhost/tcp"), "bob's presence");

    const roster = await alice.client.getRoster();
    expect(roster.items).toEqual([
      { jid: "bob@localhost", name: "Bob", subscription: "to", groups: ["Friends"] },
    ]);

    // Messages both ways (RFC 6121 §8.5: bare JID to bob, full JID to alice).
    alice.client.sendMessage({ to: "bob@localhost", type: "chat", body: "from the browser lib" });
    const got = await bob.stanzas.take((el) => el.is("message"), "alice's message");
    expect(got.attrs.from).toBe("alice@localhost/web");
    expect(got.getChildText("body")).toBe("from the browser lib");
    await bob.xmpp.send(
      xml("message", { to: "alice@localhost/web", type: "chat" }, xml("body", {}, "from tcp")),
    );
    const reply = await alice.events.take(from("chat", "bob@localhost/tcp"), "bob's reply");
    expect(reply.data.body).toBe("from tcp");

    // §2.5: removal; alice was subscribed to bob, so bob gets an unsubscribe (§2.5.2).
    await alice.client.removeRosterItem("bob@localhost");
    await alice.events.take(push("bob@localhost", "remove"), "push of the removal");
    const isUnsubscribe = (el: XmlElement) =>
      el.is("presence") && el.attrs.type === "unsubscribe" && el.attrs.from === "alice@localhost";
    await bob.stanzas.take(isUnsubscribe, "unsubscribe");
    expect((await alice.client.getRoster()).items).toEqual([]);
    expect(bob.errors).toEqual([]);
  });
});

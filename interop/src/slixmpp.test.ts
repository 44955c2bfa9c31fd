// slixmpp (Debian python3-slixmpp) against a running Parley server: STARTTLS with a verified
// certificate, SASL, roster management, subscriptions, presence and messages (RFC 6120, 6121).
import { afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { Cleanup, startInteropServer } from "./support/server";
import { type SlixEvent, SlixClient, assertSlixmppInstalled } from "./support/slixmpp";

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

beforeAll(() => {
  // Fails (never skips) on a machine without the peer: see .ci/install-peers.
  assertSlixmppInstalled();
});

async function serverWith(...users: string[]) {
  const server = cleanup.add(await startInteropServer(), (s) => s.stop());
  for (const user of users) await server.addUser(user, `${user}-pw`);
  return server;
}

async function slix(name: string): Promise<SlixClient> {
  return cleanup.add(await SlixClient.start(name), (c) => c.stop());
}

/** A slixmpp client logged in as `user@localhost/py`, with slixmpp's own mechanism choice by default. */
async function loggedIn(port: number, user: string, mechanism?: string) {
  const client = await slix(user);
  const answer = await client.connect({
    jid: `${user}@localhost/py`,
    password: `${user}-pw`,
    port,
    caFile: inject("caFile"),
    ...(mechanism ? { mechanism } : {}),
  });
  return { client, answer };
}

const presence =
  (from: string, type: string) =>
  (e: SlixEvent): boolean =>
    e.event === "presence" && e.from === from && e.type === type;

const push =
  (jid: string, subscription: string, ask = "") =>
  (e: SlixEvent): boolean => {
    if (e.event !== "roster_push") return false;
    const item = (e.items as Record<string, { subscription: string; ask: string }>)[jid];
    return item?.subscription === subscription && item.ask === ask;
  };

const message =
  (from: string, body: string) =>
  (e: SlixEvent): boolean =>
    e.event === "message" && e.from === from && e.body === body;

describe("slixmpp over TCP with STARTTLS", () => {
  it("with its default settings logs in with SCRAM-SHA-512-PLUS (tls-unique) at the first attempt", async () => {
    const server = await serverWith("alice");
    const { answer } = await loggedIn(server.ports.c2s, "alice");
    // slixmpp 1.8.3 takes the strongest offered -PLUS (the test server offers SHA-512) and binds
    // it to tls-unique (RFC 5929 §3), also on TLS 1.3, where the server accepts it.
    expect(answer).toMatchObject({
      jid: "alice@localhost/py",
      mechanism: "SCRAM-SHA-512-PLUS",
      tls: true,
    });
    expect(answer.failedMechanisms).toEqual([]);
    const metrics = server.server.metrics.snapshot();
    expect(metrics["auth.success"]).toBe(1);
    expect(metrics["auth.failed"]).toBeUndefined();
  });

  it.each(["SCRAM-SHA-1-PLUS", "SCRAM-SHA-256-PLUS", "PLAIN"])(
    "logs in with %s after STARTTLS, verifying the server certificate",
    async (mechanism) => {
      const server = await serverWith("alice");
      const { answer } = await loggedIn(server.ports.c2s, "alice", mechanism);
      expect(answer).toMatchObject({ jid: "alice@localhost/py", mechanism, tls: true });
      expect(answer.failedMechanisms).toEqual([]);
      const sessions = server.server.sessions().map((s) => ({
        jid: String(s.jid),
        secure: s.secure,
        transport: s.transport,
      }));
      expect(sessions).toEqual([{ jid: "alice@localhost/py", secure: true, transport: "tcp" }]);
    },
  );

  it("is refused with a wrong password", async () => {
    const server = await serverWith("alice");
    const client = await slix("alice");
    await expect(
      client.connect({
        jid: "alice@localhost/py",
        password: "wrong",
        port: server.ports.c2s,
        caFile: inject("caFile"),
        mechanism: "SCRAM-SHA-256-PLUS",
      }),
    ).rejects.toThrow(/failed_all_auth: SCRAM-SHA-256-PLUS: .*not-authorized/);
    expect(server.server.sessions()).toEqual([]);
    // The binding matched and the password was checked: a counted failure (RFC 6120 §6.4.5).
    expect(server.server.metrics.get("auth.failed")).toBe(1);
  });

  it("forced to plain SCRAM, sends the 'y' flag and is refused as a downgrade (RFC 5802 §6)", async () => {
    // slixmpp 1.8.3 sends "y" whenever it has binding data and runs a non-PLUS SCRAM; since the
    // server offered -PLUS, "y" means someone removed them from the offer. Not a password guess.
    const server = await serverWith("alice");
    const client = await slix("alice");
    await expect(
      client.connect({
        jid: "alice@localhost/py",
        password: "alice-pw",
        port: server.ports.c2s,
        caFile: inject("caFile"),
        mechanism: "SCRAM-SHA-1",
      }),
    ).rejects.toThrow(/failed_all_auth: SCRAM-SHA-1: .*channel-binding downgrade detected/);
    expect(server.server.metrics.get("auth.failed")).toBe(0);
  });

  it("two clients: roster add, mutual subscription, presence, messages, roster remove", async () => {
    const server = await serverWith("alice", "bob");
    const { client: alice } = await loggedIn(server.ports.c2s, "alice");
    const { client: bob } = await loggedIn(server.ports.c2s, "bob", "SCRAM-SHA-1-PLUS");
    const aliceFull = "alice@localhost/py";
    const bobFull = "bob@localhost/py";

    // Both become interested resources (RFC 6121 §2.1.6) and available (§4.2).
    expect((await alice.rosterGet()).items).toEqual({});
    expect((await bob.rosterGet()).items).toEqual({});
    await alice.command("presence", {});
    await bob.command("presence", {});

    // §2.3: roster set, answered with a result and pushed to the interested resource.
    await alice.command("roster_set", { jid: "bob@localhost", name: "Bob", groups: ["Friends"] });
    const added = await alice.expect(push("bob@localhost", "none"), "push of the new item");
    expect(added.items).toEqual({
      "bob@localhost": { name: "Bob", subscription: "none", ask: "", groups: ["Friends"] },
    });

    // §3.1: alice subscribes; her item gets ask="subscribe", bob gets the request.
    await alice.command("presence", { to: "bob@localhost", type: "subscribe" });
    await alice.expect(push("bob@localhost", "none", "subscribe"), "push with ask=subscribe");
    await bob.expect(presence("alice@localhost", "subscribe"), "subscription request");

    // §3.1.5: bob approves: his item "from", alice's item "to", alice gets bob's presence.
    await bob.command("presence", { to: "alice@localhost", type: "subscribed" });
    await bob.expect(push("alice@localhost", "from"), "push of subscription=from");
    await alice.expect(presence("bob@localhost", "subscribed"), "subscribed");
    await alice.expect(push("bob@localhost", "to"), "push of subscription=to");
    await alice.expect(presence(bobFull, "available"), "bob's available presence");

    // The other direction, so that both end with subscription="both".
    await bob.command("presence", { to: "alice@localhost", type: "subscribe" });
    await alice.expect(presence("bob@localhost", "subscribe"), "bob's request");
    await alice.command("presence", { to: "bob@localhost", type: "subscribed" });
    await alice.expect(push("bob@localhost", "both"), "alice: push of subscription=both");
    await bob.expect(push("alice@localhost", "both"), "bob: push of subscription=both");
    await bob.expect(presence(aliceFull, "available"), "alice's available presence");

    const both = {
      "bob@localhost": { name: "Bob", subscription: "both", ask: "", groups: ["Friends"] },
    };
    // RFC 6121 §2.6: slixmpp sends the version of its last push; nothing changed since.
    const versioned = await alice.rosterGet();
    expect(versioned.items).toEqual({});
    expect(versioned.cached).toEqual(both);
    const full = await alice.rosterGet({ fresh: true });
    expect(full.items).toEqual(both);
    expect(full.ver).toBeTruthy();

    // §4.2: a presence change is broadcast to subscribers.
    await bob.command("presence", { show: "away", status: "lunch" });
    const away = await alice.expect(presence(bobFull, "away"), "bob away");
    expect(away.status).toBe("lunch");

    // RFC 6121 §8.5: to the bare JID (delivered to the available resource) and the full JID.
    await alice.command("message", { to: "bob@localhost", body: "hi bob" });
    const got = await bob.expect(message(aliceFull, "hi bob"), "message to the bare JID");
    expect(got.type).toBe("chat");
    await bob.command("message", { to: aliceFull, body: "hi alice" });
    await alice.expect(message(bobFull, "hi alice"), "message to the full JID");

    // §2.5: removal; alice's server unsubscribes both ways, bob's item falls to "none".
    await alice.command("roster_remove", { jid: "bob@localhost" });
    await alice.expect(push("bob@localhost", "remove"), "push of the removal");
    await bob.expect(presence("alice@localhost", "unsubscribe"), "unsubscribe");
    await bob.expect(presence("alice@localhost", "unsubscribed"), "unsubscribed");
    await bob.expect(push("alice@localhost", "none"), "push of subscription=none");
    await bob.expect(presence(aliceFull, "unavailable"), "alice unavailable to bob");
    expect((await alice.rosterGet({ fresh: true })).items).toEqual({});
    const bobs = await bob.rosterGet({ fresh: true });
    expect(bobs.items["alice@localhost"]).toMatchObject({ subscription: "none", ask: "" });
  });

  it("talks to a scripted Parley TestClient: subscription, presence, messages, disconnect", async () => {
    const server = await serverWith("alice", "bob");
    const { client: alice } = await loggedIn(server.ports.c2s, "alice", "PLAIN");
    await alice.rosterGet();
    await alice.command("presence", {});
    const bob = await server.login("bob", { password: "bob-pw", resource: "tc" });
    expect(bob.secure).toBe(true);
    bob.send(`<iq type="get" id="r1"><query xmlns="jabber:iq:roster"/></iq>`);
    await bob.expect((e) => e.localName === "iq" && e.attr("id") === "r1");
    bob.send("<presence/>");

    // alice (slixmpp) subscribes, bob (raw XML) approves.
    await alice.command("presence", { to: "bob@localhost", type: "subscribe" });
    const request = await bob.expect(
      (e) => e.localName === "presence" && e.attr("type") === "subscribe",
    );
    // slixmpp's id and xml:lang travel untouched; `from` is the bare JID (RFC 6121 §3.1.2).
    expect(request.attr("from")).toBe("alice@localhost");
    expect(request.attr("to")).toBe("bob@localhost");
    bob.send(`<presence to="alice@localhost" type="subscribed"/>`);
    await alice.expect(push("bob@localhost", "to"), "push of subscription=to");
    await alice.expect(presence("bob@localhost/tc", "available"), "bob's presence");

    // Messages both ways; the slixmpp stanza reaches bob with `from` stamped by the server.
    await alice.command("message", { to: "bob@localhost/tc", body: "from python" });
    const got = await bob.expect((e) => e.localName === "message");
    expect(got.attr("from")).toBe("alice@localhost/py");
    expect(got.attr("to")).toBe("bob@localhost/tc");
    expect(got.getChildText("body")).toBe("from python");
    bob.send(`<message to="alice@localhost/py" type="chat"><body>from node</body></message>`);
    await alice.expect(message("bob@localhost/tc", "from node"), "bob's reply");

    // A dropped TCP connection: the server broadcasts unavailable on bob's behalf (RFC 6121 §4.5.2).
    bob.destroy();
    await alice.expect(presence("bob@localhost/tc", "unavailable"), "bob's unavailable");
  });
});

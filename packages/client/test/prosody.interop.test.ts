import { message, presence } from "@parley/stanza";
import { xml } from "@parley/xml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Client,
  type ClientOptions,
  SaslError,
  StanzaError,
  TlsError,
  createClient,
} from "../src/index";
import { guardProcess } from "./no-unhandled";
import { type ProsodyInstance, startProsody } from "./prosody";

// Interop: our client against a real Prosody (Debian package) on loopback.

guardProcess();

let prosody: ProsodyInstance;
const started: Client[] = [];

beforeAll(async () => {
  prosody = await startProsody();
  prosody.register("alice", "alice-secret");
  prosody.register("bob", "bob-secret");
  prosody.register("carol", "carol-secret");
});

afterAll(async () => {
  await Promise.all(started.map((c) => c.stop()));
  await prosody?.stop();
});

function client(user: string, extra: Partial<ClientOptions> = {}): Client {
  const c = createClient({
    jid: `${user}@${prosody.domain}`,
    password: `${user}-secret`,
    host: "127.0.0.1",
    port: prosody.c2sPort,
    insecure: true,
    reconnect: { initialDelayMs: 50, maxDelayMs: 200 },
    ...extra,
  });
  c.on("error", () => {});
  started.push(c);
  return c;
}

function nextMessage(c: Client, predicate: (body: string | undefined) => boolean) {
  return new Promise<string | undefined>((resolve) => {
    const listener = (m: { body: string | undefined }) => {
      if (!predicate(m.body)) return;
      c.off("message", listener);
      resolve(m.body);
    };
    c.on("message", listener);
  });
}

describe("login", () => {
  it("authenticates over STARTTLS with SCRAM and binds a resource", async () => {
    const c = client("alice", { resource: "starttls" });
    const jid = await c.start();
    expect(jid.toString()).toBe(`alice@${prosody.domain}/starttls`);
    // Prosody 0.12's internal_hashed store holds SCRAM-SHA-1 keys only; its -PLUS needs
    // tls-unique, which is undefined on TLS 1.3 (and not a binding type we produce).
    expect(c.mechanism).toBe("SCRAM-SHA-1");
    await c.stop();
    expect(c.status).toBe("offline");
  });

  it("authenticates over direct TLS (XEP-0368)", async () => {
    const c = client("alice", { tls: "direct", port: prosody.directTlsPort });
    const jid = await c.start();
    expect(jid.bare().toString()).toBe(`alice@${prosody.domain}`);
    await c.stop();
  });

  it("authenticates over WebSocket (RFC 7395)", async () => {
    const c = client("alice", { url: `ws://127.0.0.1:${prosody.httpPort}/xmpp-websocket` });
    const jid = await c.start();
    expect(jid.bare().toString()).toBe(`alice@${prosody.domain}`);
    const pong = await c.iq.get(xml("ping", { xmlns: "urn:xmpp:ping" }));
    expect(pong).toBeUndefined();
    await c.stop();
  });

  it("refuses the self-signed certificate unless told to accept it", async () => {
    const c = client("alice", { insecure: false });
    const error = await c.start().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TlsError);
    expect((error as TlsError).condition).toBe("certificate-invalid");
  });

  it("authenticates with SCRAM on an unencrypted stream but never sends PLAIN there", async () => {
    const c = client("alice", { tls: "none" });
    await c.start();
    expect(c.mechanism).toMatch(/^SCRAM-SHA-/);
    await c.stop();
  });

  it("reports a wrong password as SaslError not-authorized", async () => {
    const c = client("alice", { password: "wrong" });
    const error = await c.start().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SaslError);
    expect((error as SaslError).condition).toBe("not-authorized");
  });
});

describe("stanzas", () => {
  it("round-trips a message between two clients, with a delivery receipt", async () => {
    const alice = client("alice", { resource: "msg" });
    const bob = client("bob", { resource: "msg" });
    await Promise.all([alice.start(), bob.start()]);
    bob.send(presence());
    const got = nextMessage(bob, (b) => b === "hello bob");
    await alice.sendAndWaitForReceipt(
      message({ to: `bob@${prosody.domain}/msg`, type: "chat", body: "hello bob" }),
      { timeoutMs: 10_000 },
    );
    expect(await got).toBe("hello bob");
    await Promise.all([alice.stop(), bob.stop()]);
  });

  it("rejects an iq with a typed StanzaError", async () => {
    const alice = client("alice");
    await alice.start();
    const error = await alice.iq
      .get(xml("query", { xmlns: "urn:example:unknown" }), prosody.domain)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StanzaError);
    expect((error as StanzaError).condition).toBe("service-unavailable");
    await alice.stop();
  });

  it("adds and removes a roster item, with pushes", async () => {
    const carol = client("carol");
    await carol.start();
    const pushes: string[] = [];
    carol.on("roster", (p) => pushes.push(`${p.item.jid} ${p.item.subscription}`));
    expect(await carol.roster.get()).toEqual([]);
    await carol.roster.set({ jid: `bob@${prosody.domain}`, name: "Bob", groups: ["Friends"] });
    const items = await carol.roster.get();
    expect(items).toEqual([
      { jid: `bob@${prosody.domain}`, name: "Bob", subscription: "none", groups: ["Friends"] },
    ]);
    await carol.roster.remove(`bob@${prosody.domain}`);
    expect(await carol.roster.get()).toEqual([]);
    expect(pushes).toEqual([`bob@${prosody.domain} none`, `bob@${prosody.domain} remove`]);
    await carol.stop();
  });
});

describe("stream management", () => {
  it("resumes after the socket is destroyed; messages sent meanwhile arrive exactly once", async () => {
    const alice = client("alice", { resource: "sm" });
    const bob = client("bob", { resource: "sm" });
    await Promise.all([alice.start(), bob.start()]);
    bob.send(presence());
    const bodies: string[] = [];
    bob.on("message", (m) => {
      if (m.body?.startsWith("sm-")) bodies.push(m.body);
    });
    // Warm up: one message delivered and acknowledged before the drop.
    const first = nextMessage(bob, (b) => b === "sm-0");
    alice.send(message({ to: `bob@${prosody.domain}/sm`, type: "chat", body: "sm-0" }));
    await first;
    const resumed = new Promise<boolean>((resolve) =>
      bob.once("online", (i) => resolve(i.resumed)),
    );
    bob.dropConnection();
    for (let i = 1; i <= 5; i++) {
      alice.send(message({ to: `bob@${prosody.domain}/sm`, type: "chat", body: `sm-${i}` }));
    }
    // Bob also sends while disconnected: queued and sent on resumption.
    const toAlice = nextMessage(alice, (b) => b === "from bob while away");
    bob.send(
      message({ to: `alice@${prosody.domain}/sm`, type: "chat", body: "from bob while away" }),
    );
    expect(await resumed).toBe(true);
    expect(await toAlice).toBe("from bob while away");
    const last = nextMessage(bob, (b) => b === "sm-6");
    alice.send(message({ to: `bob@${prosody.domain}/sm`, type: "chat", body: "sm-6" }));
    await last;
    expect(bodies).toEqual(["sm-0", "sm-1", "sm-2", "sm-3", "sm-4", "sm-5", "sm-6"]);
    await Promise.all([alice.stop(), bob.stop()]);
  });
});

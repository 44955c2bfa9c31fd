// Nothing lost, nothing twice (XEP-0198 with XEP-0160 offline storage), over real sockets:
// offline messages delivered on a stream-managed session stay stored until the client's <a/>;
// what a session received and acknowledged is never stored again; what it did not acknowledge
// comes back exactly once, after a clean close, a dropped connection, a resumption, a reset
// right after the initial presence, or a crash of the server.
import type { TestClient, TestServer } from "@parley/server/testing";
import { describe, expect, it, vi } from "vitest";
import { DELAY, KeptStorage, SM, server, smLogin, stanzaCount } from "./helpers";

const JULIET = "juliet@localhost";

/** Romeo online, and `count` messages stored for Juliet (bodies "o0" … ). */
async function withStored(t: TestServer, count: number): Promise<TestClient> {
  await t.addUser("juliet");
  const romeo = await t.login("romeo", { resource: "orchard" });
  for (let i = 0; i < count; i++) {
    romeo.send(`<message to="${JULIET}" type="chat" id="o${i}"><body>o${i}</body></message>`);
  }
  await romeo.sync();
  expect(await t.storage.offline.count(JULIET)).toBe(count);
  return romeo;
}

const offline = (n: number) => Array.from({ length: n }, (_, i) => `o${i}`);

/** Juliet's session is gone for good (ended, not hibernating). */
async function ended(t: TestServer, resource: string): Promise<void> {
  await vi.waitFor(() =>
    expect(t.server.sessions().map((s) => String(s.jid))).not.toContain(`${JULIET}/${resource}`),
  );
}

/** Collects message bodies until `count` have arrived. */
async function bodies(c: TestClient, count: number): Promise<string[]> {
  const out: string[] = [];
  while (out.length < count) {
    const m = await c.expect((e) => e.localName === "message");
    out.push(m.getChildText("body") ?? "");
  }
  return out;
}

/**
 * A plain login with initial presence; returns every message body it gets before Romeo's
 * marker (sent once the presence is echoed: offline messages come before the echo is flushed).
 */
async function nextLogin(t: TestServer, romeo: TestClient, resource: string): Promise<string[]> {
  const c = await t.login("juliet", { resource });
  c.send("<presence/>");
  await c.expect((e) => e.localName === "presence" && e.attr("from") === `${JULIET}/${resource}`);
  romeo.send(`<message to="${JULIET}/${resource}" type="chat"><body>marker</body></message>`);
  const out: string[] = [];
  for (;;) {
    const m = await c.expect((e) => e.localName === "message");
    const body = m.getChildText("body") ?? "";
    if (body === "marker") return out;
    out.push(body);
  }
}

/** Stream-managed Juliet sends initial presence: returns her 'h' counter and the offline bodies. */
async function smAvailable(t: TestServer, resource: string, stored: number, resume = true) {
  const { client: j, id } = await smLogin(t, "juliet", resource, resume);
  const base = stanzaCount(j);
  j.send("<presence/>");
  const got = await bodies(j, stored);
  for (const m of j.received.filter((e) => e.localName === "message")) {
    expect(m.getChild("delay", DELAY)?.attr("from")).toBe("localhost");
  }
  /** Stanzas received since enable, minus `unacked`: what <a h/> acknowledges. */
  const h = (unacked = 0) => stanzaCount(j) - base - unacked;
  return { j, id, got, h };
}

describe("offline messages on a stream-managed session", () => {
  it("stay stored until acknowledged; after <a/> and </stream> nothing is stored again", async () => {
    const t = await server();
    const romeo = await withStored(t, 5);
    const { j, got, h } = await smAvailable(t, "balcony", 5);
    expect(got).toEqual(offline(5));
    await j.expect(`<r xmlns="${SM}"/>`); // asked at once (§4), not seconds later
    expect(await t.storage.offline.count(JULIET)).toBe(5); // delivered, not yet acknowledged
    romeo.send(`<message to="${JULIET}/balcony" type="chat"><body>live</body></message>`);
    await j.expect((e) => e.getChildText("body") === "live");
    // The final ack before a graceful close (§4), then the end of the stream.
    j.send(`<a xmlns="${SM}" h="${h()}"/>`);
    await j.close();
    await ended(t, "balcony");
    await vi.waitFor(async () => expect(await t.storage.offline.count(JULIET)).toBe(0));
    expect(await nextLogin(t, romeo, "again")).toEqual([]);
  });

  it("a dropped connection: acknowledged ones are gone, the others come back exactly once", async () => {
    const t = await server();
    const romeo = await withStored(t, 3);
    const { j, got, h } = await smAvailable(t, "balcony", 3, false);
    expect(got).toEqual(offline(3));
    j.send(`<a xmlns="${SM}" h="${h(1)}"/>`); // all but o2
    await vi.waitFor(async () => expect(await t.storage.offline.count(JULIET)).toBe(1));
    romeo.send(`<message to="${JULIET}/balcony" type="chat"><body>live1</body></message>`);
    romeo.send(`<message to="${JULIET}/balcony" type="chat"><body>live2</body></message>`);
    await j.expect((e) => e.getChildText("body") === "live2");
    j.destroy(); // no ack, no </stream>; not resumable: the session ends
    await ended(t, "balcony");
    // o2 was still stored (not stored twice); the unacknowledged live messages were stored.
    expect(await t.storage.offline.count(JULIET)).toBe(3);
    expect(await nextLogin(t, romeo, "again")).toEqual(["o2", "live1", "live2"]);
  });

  it("a resumption delivers each exactly once; the ack after it removes them", async () => {
    const t = await server();
    const romeo = await withStored(t, 3);
    const { j, id, got, h } = await smAvailable(t, "balcony", 3);
    expect(got).toEqual(offline(3));
    const acked = h(3); // the presence echo only
    j.destroy();
    await vi.waitFor(() => expect(t.server.metrics.get("sessions.hibernated")).toBe(1));
    expect(await t.storage.offline.count(JULIET)).toBe(3);

    await t.addUser("juliet");
    const c = await t.connect();
    await c.openStream();
    await c.authenticate("juliet", "password");
    c.send(`<resume xmlns="${SM}" previd="${id}" h="${acked}"/>`);
    await c.expect((e) => e.localName === "resumed");
    expect(await bodies(c, 3)).toEqual(offline(3));
    await c.expect(`<r xmlns="${SM}"/>`);
    c.send(`<a xmlns="${SM}" h="${acked + 3}"/>`);
    await vi.waitFor(async () => expect(await t.storage.offline.count(JULIET)).toBe(0));
    await c.sync();
    c.expectNothingMore(); // none came twice
    await c.close();
    await ended(t, "balcony");
    expect(await nextLogin(t, romeo, "again")).toEqual([]);
  });

  it("a reset right after the initial presence: all come back at the next login, once", async () => {
    const t = await server({ resumeTimeoutMs: 100 });
    const romeo = await withStored(t, 300);
    const { client: j } = await smLogin(t, "juliet", "flaky");
    j.send("<presence/>");
    j.destroy();
    await ended(t, "flaky"); // hibernated, then the resumption window ran out
    expect(await t.storage.offline.count(JULIET)).toBe(300);
    expect(await nextLogin(t, romeo, "again")).toEqual(offline(300));
  });

  it("a crash: a new server on the same storage has every unacknowledged one; the old adds none", async () => {
    const storage = new KeptStorage();
    const a = await server({}, { storage });
    await withStored(a, 4);
    const { got } = await smAvailable(a, "balcony", 4);
    expect(got).toEqual(offline(4));
    // Server A "crashed": B starts on the same storage while A still holds the session.
    const b = await server({}, { storage });
    const romeoOnB = await b.login("romeo", { resource: "orchard" });
    expect(await nextLogin(b, romeoOnB, "again")).toEqual(offline(4));
    await vi.waitFor(async () => expect(await storage.offline.count(JULIET)).toBe(0));
    // A's late shutdown ends its session unacknowledged: those were not its to store again.
    await a.stop();
    expect(await storage.offline.count(JULIET)).toBe(0);
  });
});

describe("server ack requests (XEP-0198 §4)", () => {
  it("asks once per round trip, not once per stanza", async () => {
    const t = await server();
    await t.addUser("juliet");
    const romeo = await t.login("romeo", { resource: "orchard" });
    const { client: j } = await smLogin(t, "juliet", "balcony", false);
    const base = stanzaCount(j);
    for (let i = 0; i < 3; i++) {
      romeo.send(`<message to="${JULIET}/balcony" type="chat"><body>b${i}</body></message>`);
    }
    expect(await bodies(j, 3)).toEqual(["b0", "b1", "b2"]);
    await j.expect(`<r xmlns="${SM}"/>`);
    await j.sync(); // more stanzas while the request is outstanding: no second <r/>
    expect(j.unclaimed.filter((e) => e.localName === "r")).toEqual([]);
    j.send(`<a xmlns="${SM}" h="${stanzaCount(j) - base}"/>`);
    await j.sync(); // the sync result came after the <a/>: one new request for it
    await j.expect(`<r xmlns="${SM}"/>`);
  });
});

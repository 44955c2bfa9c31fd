// XEP-0198 §5 over real sockets: a dropped TCP connection, resumption on another connection
// with each unacknowledged stanza delivered exactly once, failures, the resumption timeout
// (messages to offline storage, presence only then), and server shutdown.
import type { TestClient, TestServer } from "@parley/server/testing";
import { describe, expect, it, vi } from "vitest";
import {
  DELAY,
  KeptStorage,
  SM,
  STANZAS,
  authenticated,
  chat,
  server,
  smLogin,
  smState,
  stanzaCount,
} from "./helpers";

const JULIET = "juliet@localhost/balcony";

/** Juliet (stream management with resumption, available) and Romeo, subscribed to each other. */
async function pair(t: TestServer, transport: "tcp" | "websocket" = "tcp") {
  const romeoJid = await t.addUser("romeo");
  const julietJid = await t.addUser("juliet");
  await t.storage.roster.setItem(romeoJid, { jid: julietJid, subscription: "both", groups: [] });
  await t.storage.roster.setItem(julietJid, { jid: romeoJid, subscription: "both", groups: [] });
  const r = await t.login("romeo", { resource: "orchard" });
  r.send("<presence/>");
  await r.expect(`<presence from="romeo@localhost/orchard" to="romeo@localhost/orchard"/>`);
  const j = await t.login("juliet", { resource: "balcony", transport });
  const id = await (async () => {
    j.send(`<enable xmlns="${SM}" resume="true"/>`);
    return (await j.expect((e) => e.localName === "enabled")).attr("id")!;
  })();
  const base = stanzaCount(j);
  j.send("<presence/>");
  await j.expect(`<presence from="${JULIET}" to="${JULIET}"/>`);
  await j.expect(`<presence from="romeo@localhost/orchard" to="${JULIET}"/>`);
  await r.expect(`<presence from="${JULIET}" to="romeo@localhost"/>`);
  /** Juliet's 'h': every stanza received since enable, minus `unacked`. */
  const h = (unacked = 0) => stanzaCount(j) - base - unacked;
  return { r, j, id, h };
}

async function dropped(t: TestServer, client: TestClient, before: number): Promise<void> {
  client.destroy();
  await client.closed;
  await vi.waitFor(() => expect(t.server.metrics.get("sessions.hibernated")).toBe(before + 1));
}

function bodies(els: readonly { getChildText(n: string): string | undefined }[]): string[] {
  return els.map((e) => e.getChildText("body") ?? "?");
}

describe("resumption (XEP-0198 §5)", () => {
  it("resumes on a new connection after a dropped socket; unacked stanzas come once", async () => {
    const t = await server();
    const { r, j, id, h } = await pair(t);
    r.send(chat(JULIET, "m1"));
    r.send(chat(JULIET, "m2"));
    await j.expect((e) => e.getChildText("body") === "m2");
    const acked = h(1); // everything but m2
    j.send(`<a xmlns="${SM}" h="${acked}"/>`);
    await dropped(t, j, 0);

    // While hibernating: messages to the full and to the bare JID are queued for the session,
    // and Romeo sees no unavailable presence.
    r.send(chat(JULIET, "m3"));
    r.send(chat("juliet@localhost", "m4"));
    await r.sync();
    expect(r.unclaimed.filter((e) => e.localName === "presence")).toEqual([]);

    const c = await authenticated(t, "juliet");
    c.send(`<resume xmlns="${SM}" previd="${id}" h="${acked}"/>`);
    await c.expect(`<resumed xmlns="${SM}" previd="${id}" h="1"/>`); // Juliet's <presence/>
    const got = [await c.nextStanza(), await c.nextStanza(), await c.nextStanza()];
    expect(bodies(got)).toEqual(["m2", "m3", "m4"]);
    await c.expect(`<r xmlns="${SM}"/>`); // asked right after the retransmission (§4)
    await c.sync();
    c.expectNothingMore();

    // The resumed stream is bound as before, without bind.
    c.send(chat("romeo@localhost/orchard", "back"));
    const back = await r.expect((e) => e.getChildText("body") === "back");
    expect(back.attr("from")).toBe(JULIET);
    // The resumed counters go on: 3 retransmitted + the sync result, then the new message.
    c.send(`<r xmlns="${SM}"/>`);
    await c.expect(`<a xmlns="${SM}" h="3"/>`);
    c.send(`<a xmlns="${SM}" h="${acked + 4}"/>`);
    c.send(`<r xmlns="${SM}"/>`);
    await c.expect(`<a xmlns="${SM}" h="3"/>`);
    expect(smState(t, JULIET).out.size).toBe(0);
    expect(t.server.metrics.get("sessions.resumed")).toBe(1);
  });

  it("a connection that stops answering <r/> is dropped; the session waits for resumption", async () => {
    const t = await server({ ackRequestDelayMs: 10, ackTimeoutMs: 100 });
    const { r, j, id, h } = await pair(t);
    const acked = h();
    r.send(chat(JULIET, "ping?"));
    await j.expect(`<r xmlns="${SM}"/>`);
    await j.closed; // the server gave up on the silent connection
    await vi.waitFor(() => expect(t.server.metrics.get("sessions.hibernated")).toBe(1));
    const c = await authenticated(t, "juliet");
    c.send(`<resume xmlns="${SM}" previd="${id}" h="${acked}"/>`);
    await c.expect(`<resumed xmlns="${SM}" previd="${id}" h="1"/>`);
    expect((await c.nextStanza()).getChildText("body")).toBe("ping?");
  });

  it("resumes a WebSocket session on a TCP connection", async () => {
    const t = await server();
    const { r, j, id, h } = await pair(t, "websocket");
    const acked = h();
    await dropped(t, j, 0);
    r.send(chat(JULIET, "over tcp"));
    await r.sync();
    const c = await authenticated(t, "juliet");
    c.send(`<resume xmlns="${SM}" previd="${id}" h="${acked}"/>`);
    await c.expect(`<resumed xmlns="${SM}" previd="${id}" h="1"/>`);
    expect((await c.nextStanza()).getChildText("body")).toBe("over tcp");
  });

  it("takes over a connection that still looks open: it is closed with <conflict/>", async () => {
    const t = await server();
    const { r, j, id, h } = await pair(t);
    r.send(chat(JULIET, "unacked"));
    await j.expect((e) => e.getChildText("body") === "unacked");
    const c = await authenticated(t, "juliet");
    c.send(`<resume xmlns="${SM}" previd="${id}" h="${h(1)}"/>`);
    await c.expect(`<resumed xmlns="${SM}" previd="${id}" h="1"/>`);
    expect((await c.nextStanza()).getChildText("body")).toBe("unacked");
    await j.expectStreamError("conflict");
    await j.closed;
    // Still one session, now on the new connection; Romeo saw no unavailable presence.
    await r.sync();
    expect(r.unclaimed.filter((e) => e.localName === "presence")).toEqual([]);
    c.send(chat("romeo@localhost/orchard", "still here"));
    await r.expect((e) => e.getChildText("body") === "still here");
  });

  it("an unknown id fails with item-not-found and the stream can still bind", async () => {
    const t = await server();
    const { id } = await pair(t);
    const c = await authenticated(t, "juliet");
    c.send(`<resume xmlns="${SM}" previd="no-such-id" h="0"/>`);
    await c.expect(`<failed xmlns="${SM}"><item-not-found xmlns="${STANZAS}"/></failed>`);
    // Another account cannot resume Juliet's session.
    const m = await authenticated(t, "mallory");
    m.send(`<resume xmlns="${SM}" previd="${id}" h="0"/>`);
    await m.expect(`<failed xmlns="${SM}"><item-not-found xmlns="${STANZAS}"/></failed>`);
    expect(await c.bind("tower")).toBe("juliet@localhost/tower");
  });

  it("resume after bind is an unexpected-request", async () => {
    const t = await server();
    const { id } = await pair(t);
    const c = await t.login("juliet", { resource: "tower" });
    c.send(`<resume xmlns="${SM}" previd="${id}" h="0"/>`);
    await c.expect(`<failed xmlns="${SM}"><unexpected-request xmlns="${STANZAS}"/></failed>`);
  });

  it("an 'h' above what was sent fails the resumption; nothing is lost", async () => {
    const t = await server();
    const { r, j, id, h } = await pair(t);
    r.send(chat(JULIET, "keep me"));
    await j.expect((e) => e.getChildText("body") === "keep me");
    const sent = h();
    await dropped(t, j, 0);
    const c = await authenticated(t, "juliet");
    c.send(`<resume xmlns="${SM}" previd="${id}" h="${sent + 7}"/>`);
    await c.expect(
      `<failed xmlns="${SM}" h="1"><undefined-condition xmlns="${STANZAS}"/><handled-count-too-high xmlns="${SM}" h="${sent + 7}" send-count="${sent}"/></failed>`,
    );
    await vi.waitFor(async () => expect(await t.storage.offline.count("juliet@localhost")).toBe(1));
  });

  it("after the timeout: unavailable presence, messages offline, delivered with a delay on next login", async () => {
    const t = await server({ resumeTimeoutMs: 150 });
    const { r, j, id, h } = await pair(t);
    r.send(chat(JULIET, "before drop"));
    await j.expect((e) => e.getChildText("body") === "before drop");
    const acked = h(1);
    await dropped(t, j, 0);
    r.send(chat(JULIET, "while away"));
    r.send(
      `<message to="${JULIET}" type="chat"><composing xmlns="http://jabber.org/protocol/chatstates"/></message>`,
    );
    // The timeout ends the session for real: now Romeo learns that Juliet is gone.
    await r.expect(`<presence type="unavailable" from="${JULIET}" to="romeo@localhost"/>`);
    expect(await t.storage.offline.count("juliet@localhost")).toBe(2); // not the chat state

    // Too late to resume: <failed/> still tells the client what the server handled.
    const c = await authenticated(t, "juliet");
    c.send(`<resume xmlns="${SM}" previd="${id}" h="${acked}"/>`);
    await c.expect(`<failed xmlns="${SM}" h="1"><item-not-found xmlns="${STANZAS}"/></failed>`);
    await c.bind("balcony");
    c.send("<presence/>");
    const first = await c.expect((e) => e.getChildText("body") === "before drop");
    const second = await c.expect((e) => e.getChildText("body") === "while away");
    for (const m of [first, second]) {
      expect(m.getChild("delay", DELAY)?.attr("from")).toBe("localhost");
    }
  });

  it("an iq request left unanswered by the ended session gets recipient-unavailable", async () => {
    const t = await server({ resumeTimeoutMs: 100 });
    const { r, j } = await pair(t);
    await dropped(t, j, 0);
    r.send(`<iq type="get" id="v1" to="${JULIET}"><query xmlns="jabber:iq:version"/></iq>`);
    await r.expect(
      `<iq type="error" id="v1" from="${JULIET}" to="romeo@localhost/orchard"><query xmlns="jabber:iq:version"/><error type="wait"><recipient-unavailable xmlns="${STANZAS}"/><text xmlns="${STANZAS}" xml:lang="en">*</text></error></iq>`,
    );
  });

  it("a clean close with unacknowledged messages stores them offline", async () => {
    const t = await server();
    const { r, j } = await pair(t);
    r.send(chat(JULIET, "read?"));
    await j.expect((e) => e.getChildText("body") === "read?");
    await j.close();
    await r.expect(`<presence type="unavailable" from="${JULIET}" to="romeo@localhost"/>`);
    expect(await t.storage.offline.count("juliet@localhost")).toBe(1);
  });

  it("server shutdown stores the unacknowledged messages of connected and hibernating sessions", async () => {
    const storage = new KeptStorage();
    const t = await server({}, { storage });
    const { r, j } = await pair(t);
    const other = await smLogin(t, "nurse", "kitchen");
    r.send(chat(JULIET, "to hibernating"));
    r.send(chat("nurse@localhost/kitchen", "to connected"));
    await j.expect((e) => e.getChildText("body") === "to hibernating");
    await other.client.expect((e) => e.getChildText("body") === "to connected");
    await dropped(t, j, 0);
    await t.stop();
    const bodiesOf = async (owner: string) =>
      (await storage.offline.takeAll(owner)).map((m) => /<body>(.*)<\/body>/.exec(m.xml)?.[1]);
    expect(await bodiesOf("juliet@localhost")).toEqual(["to hibernating"]);
    expect(await bodiesOf("nurse@localhost")).toEqual(["to connected"]);
  });
});

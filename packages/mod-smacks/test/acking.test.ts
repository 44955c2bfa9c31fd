// XEP-0198 §2–§4 over real sockets: the feature, enable, acks both ways, 2^32 wrap-around,
// a too high 'h', and the server's own ack requests.
import { describe, expect, it } from "vitest";
import { H_MODULUS } from "../src/index";
import {
  SM,
  STANZAS,
  askAck,
  authenticated,
  chat,
  enable,
  server,
  smLogin,
  smState,
} from "./helpers";

describe("stream feature and enable (XEP-0198 §2, §3)", () => {
  it("offers <sm/> after authentication only", async () => {
    const t = await server();
    await t.addUser("juliet");
    const c = await t.connect();
    const pre = await c.openStream();
    expect(pre.getChild("sm", SM)).toBeUndefined();
    const a = await authenticated(t, "juliet");
    expect(a.features?.getChild("sm", SM)).toBeDefined();
  });

  it("enables with resumption: id, resume and max from the configuration", async () => {
    const t = await server({ resumeTimeoutMs: 120_000 });
    const c = await t.login("juliet", { resource: "balcony" });
    c.send(`<enable xmlns="${SM}" resume="true"/>`);
    await c.expect(`<enabled xmlns="${SM}" id="*" resume="true" max="120"/>`);
  });

  it("the client's smaller max wins; without resume there is no id", async () => {
    const t = await server();
    const c = await t.login("juliet", { resource: "balcony" });
    c.send(`<enable xmlns="${SM}" resume="true" max="60"/>`);
    await c.expect(`<enabled xmlns="${SM}" id="*" resume="true" max="60"/>`);
    const d = await t.login("romeo", { resource: "orchard" });
    d.send(`<enable xmlns="${SM}"/>`);
    await d.expect(`<enabled xmlns="${SM}"/>`);
  });

  it("enable before bind, a second enable, and <r/> before enable fail with unexpected-request", async () => {
    const t = await server();
    const a = await authenticated(t, "juliet");
    a.send(`<enable xmlns="${SM}"/>`);
    await a.expect(`<failed xmlns="${SM}"><unexpected-request xmlns="${STANZAS}"/></failed>`);
    await a.bind("balcony"); // the stream goes on
    a.send(`<r xmlns="${SM}"/>`);
    await a.expect(`<failed xmlns="${SM}"><unexpected-request xmlns="${STANZAS}"/></failed>`);
    await enable(a);
    a.send(`<enable xmlns="${SM}"/>`);
    await a.expect(`<failed xmlns="${SM}" h="0"><unexpected-request xmlns="${STANZAS}"/></failed>`);
  });

  it("an unknown element in the sm namespace is a stream error", async () => {
    const t = await server();
    const { client } = await smLogin(t, "juliet", "balcony");
    client.send(`<bogus xmlns="${SM}"/>`);
    await client.expectStreamError("unsupported-stanza-type");
  });
});

describe("acks (XEP-0198 §4)", () => {
  it("answers <r/> with the number of stanzas handled since enable", async () => {
    const t = await server();
    await t.addUser("romeo");
    const { client: j } = await smLogin(t, "juliet", "balcony");
    expect(await askAck(j)).toBe(0);
    j.send(chat("romeo@localhost", "one"));
    j.send(`<presence/>`);
    j.send(`<iq type="get" id="v1" to="localhost"><query xmlns="jabber:iq:version"/></iq>`);
    expect(await askAck(j)).toBe(3);
  });

  it("a client ack releases exactly the stanzas it covers", async () => {
    const t = await server();
    const { client: j } = await smLogin(t, "juliet", "balcony");
    const r = await t.login("romeo", { resource: "orchard" });
    for (const body of ["1", "2", "3"]) r.send(chat("juliet@localhost/balcony", body));
    for (const body of ["1", "2", "3"]) await j.expect((e) => e.getChildText("body") === body);
    const state = smState(t, "juliet@localhost/balcony");
    expect(state.out.size).toBe(3);
    j.send(`<a xmlns="${SM}" h="2"/>`);
    await askAck(j); // processed in order: the <a/> before it is handled
    expect(state.out.size).toBe(1);
    expect(state.out.items[0]?.getChildText("body")).toBe("3");
    j.send(`<a xmlns="${SM}" h="3"/>`);
    await askAck(j);
    expect(state.out.size).toBe(0);
    // Acknowledging the same count again is harmless.
    j.send(`<a xmlns="${SM}" h="3"/>`);
    await askAck(j);
    expect(state.out.size).toBe(0);
  });

  it("counts the core's own replies (iq errors) like any stanza", async () => {
    const t = await server();
    const { client: j } = await smLogin(t, "juliet", "balcony");
    j.send(`<iq type="get" to="localhost"><ping xmlns="urn:xmpp:ping"/></iq>`); // no id: bad-request
    await j.expect((e) => e.localName === "iq" && e.attr("type") === "error");
    const state = smState(t, "juliet@localhost/balcony");
    expect(state.out.size).toBe(1);
    j.send(`<a xmlns="${SM}" h="1"/>`);
    await askAck(j);
    expect(state.out.size).toBe(0);
  });

  it("an 'h' above what was sent ends the stream with handled-count-too-high", async () => {
    const t = await server();
    const { client: j } = await smLogin(t, "juliet", "balcony");
    const r = await t.login("romeo", { resource: "orchard" });
    r.send(chat("juliet@localhost/balcony", "only"));
    await j.expect((e) => e.getChildText("body") === "only");
    j.send(`<a xmlns="${SM}" h="5"/>`);
    const error = await j.expectStreamError("undefined-condition");
    const app = error.getChild("handled-count-too-high", SM);
    expect(app?.attr("h")).toBe("5");
    expect(app?.attr("send-count")).toBe("1");
    await j.closed;
  });

  it("a malformed 'h' is answered with <failed><bad-request/>, the stream goes on", async () => {
    const t = await server();
    const { client: j } = await smLogin(t, "juliet", "balcony");
    for (const h of ["-1", "abc", "4294967296", "1.5", ""]) {
      j.send(`<a xmlns="${SM}" h="${h}"/>`);
      await j.expect(`<failed xmlns="${SM}" h="0"><bad-request xmlns="${STANZAS}"/></failed>`);
    }
    j.send(`<a xmlns="${SM}"/>`);
    await j.expect(`<failed xmlns="${SM}" h="0"><bad-request xmlns="${STANZAS}"/></failed>`);
    expect(await askAck(j)).toBe(0);
  });
});

describe("2^32 wrap-around (XEP-0198 §4: h mod 2^32)", () => {
  it("outbound: acks across the wrap release the right stanzas", async () => {
    const t = await server();
    const { client: j } = await smLogin(t, "juliet", "balcony");
    const state = smState(t, "juliet@localhost/balcony");
    // Test-only: pretend 2^32 - 2 stanzas were sent and acknowledged already.
    state.out.sent = H_MODULUS - 2;
    state.out.acked = H_MODULUS - 2;
    const r = await t.login("romeo", { resource: "orchard" });
    for (const body of ["a", "b", "c", "d"]) r.send(chat("juliet@localhost/balcony", body));
    for (const body of ["a", "b", "c", "d"]) await j.expect((e) => e.getChildText("body") === body);
    expect(state.out.sent).toBe(2);
    j.send(`<a xmlns="${SM}" h="${H_MODULUS - 1}"/>`);
    await askAck(j);
    expect(state.out.items.map((e) => e.getChildText("body"))).toEqual(["b", "c", "d"]);
    j.send(`<a xmlns="${SM}" h="1"/>`);
    await askAck(j);
    expect(state.out.items.map((e) => e.getChildText("body"))).toEqual(["d"]);
    j.send(`<a xmlns="${SM}" h="3"/>`); // one more than sent, past the wrap
    const error = await j.expectStreamError("undefined-condition");
    expect(error.getChild("handled-count-too-high", SM)?.attr("send-count")).toBe("2");
  });

  it("inbound: the server's 'h' wraps to 0", async () => {
    const t = await server();
    await t.addUser("romeo");
    const { client: j } = await smLogin(t, "juliet", "balcony");
    smState(t, "juliet@localhost/balcony").handled = H_MODULUS - 1;
    expect(await askAck(j)).toBe(H_MODULUS - 1);
    j.send(chat("romeo@localhost", "x"));
    expect(await askAck(j)).toBe(0);
    j.send(chat("romeo@localhost", "y"));
    expect(await askAck(j)).toBe(1);
  });
});

describe("server ack requests (dead connection detection)", () => {
  it("asks with <r/> when stanzas stay unacknowledged; an answer stops it", async () => {
    const t = await server({ ackRequestDelayMs: 20 });
    const { client: j } = await smLogin(t, "juliet", "balcony");
    const r = await t.login("romeo", { resource: "orchard" });
    r.send(chat("juliet@localhost/balcony", "hello"));
    await j.expect((e) => e.getChildText("body") === "hello");
    await j.expect(`<r xmlns="${SM}"/>`);
    j.send(`<a xmlns="${SM}" h="1"/>`);
    await askAck(j);
    expect(smState(t, "juliet@localhost/balcony").out.size).toBe(0);
  });

  it("drops a connection that does not answer; a non-resumable session ends", async () => {
    const t = await server({ ackRequestDelayMs: 10, ackTimeoutMs: 100 });
    const { client: j } = await smLogin(t, "juliet", "balcony", false);
    const r = await t.login("romeo", { resource: "orchard" });
    r.send(chat("juliet@localhost/balcony", "anyone there?"));
    await j.expect(`<r xmlns="${SM}"/>`);
    await j.closed;
    await r.sync();
    expect(t.server.sessions().map(String)).not.toContain(
      expect.stringContaining("juliet@localhost/balcony"),
    );
    // The unacknowledged message is not lost: it waits offline.
    expect(await t.storage.offline.count("juliet@localhost")).toBe(1);
  });
});

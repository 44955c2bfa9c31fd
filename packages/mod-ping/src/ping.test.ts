// Scenario tests over real sockets, written the way a contributor tests an extension package:
// a real server from @parley/server/testing with the module added, scripted clients.
import { type TestServer, startTestServer } from "@parley/server/testing";
import { afterEach, describe, expect, it } from "vitest";
import { PingConfigError, pingModule, readPingConfig } from "./index";

const PING = "urn:xmpp:ping";
const STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";
const running: TestServer[] = [];

async function server(config: Record<string, unknown> = {}): Promise<TestServer> {
  const t = await startTestServer({ extraModules: [pingModule], moduleConfig: { ping: config } });
  running.push(t);
  return t;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((t) => t.stop()));
});

describe("client-to-server ping (XEP-0199 §4.2)", () => {
  it("answers a ping to the server, and one without 'to', with an empty result", async () => {
    const t = await server();
    const c = await t.login("juliet", { resource: "balcony" });
    c.send(`<iq type="get" id="p1" to="localhost"><ping xmlns="${PING}"/></iq>`);
    await c.expect(`<iq type="result" id="p1" from="localhost" to="juliet@localhost/balcony"/>`);
    c.send(`<iq type="get" id="p2"><ping xmlns="${PING}"/></iq>`);
    await c.expect(`<iq type="result" id="p2" to="juliet@localhost/balcony"/>`);
  });

  it("answers a ping to an existing account's bare JID for it, even while it is offline", async () => {
    const t = await server();
    await t.addUser("romeo");
    const c = await t.login("juliet", { resource: "balcony" });
    c.send(`<iq type="get" id="b1" to="romeo@localhost"><ping xmlns="${PING}"/></iq>`);
    await c.expect(
      `<iq type="result" id="b1" from="romeo@localhost" to="juliet@localhost/balcony"/>`,
    );
  });

  it.each([["nobody@localhost"], ["nobody@localhost/phone"]])(
    "answers a ping to %s, an account that does not exist, with service-unavailable (RFC 6121 §8.5.1)",
    async (to) => {
      const t = await server();
      const c = await t.login("juliet", { resource: "balcony" });
      c.send(`<iq type="get" id="n1" to="${to}"><ping xmlns="${PING}"/></iq>`);
      await c.expect(
        `<iq type="error" id="n1" from="${to}" to="juliet@localhost/balcony"><ping xmlns="${PING}"/><error type="cancel"><service-unavailable xmlns="${STANZAS}"/></error></iq>`,
      );
    },
  );

  it("a ping of type set is not a ping: service-unavailable", async () => {
    const t = await server();
    const c = await t.login("juliet", { resource: "balcony" });
    c.send(`<iq type="set" id="p3" to="localhost"><ping xmlns="${PING}"/></iq>`);
    await c.expect(
      `<iq type="error" id="p3" from="localhost" to="juliet@localhost/balcony"><ping xmlns="${PING}"/><error type="cancel"><service-unavailable xmlns="${STANZAS}"/></error></iq>`,
    );
  });

  it("advertises urn:xmpp:ping in the server's disco#info", async () => {
    const t = await server();
    const c = await t.login("juliet");
    const reply = await c.iq(
      `<iq type="get" to="localhost"><query xmlns="http://jabber.org/protocol/disco#info"/></iq>`,
    );
    const features = reply
      .getChild("query")!
      .getChildren("feature")
      .map((f) => f.attr("var"));
    expect(features).toContain(PING);
  });
});

describe("server-to-client pings of idle clients (XEP-0199 §4.3)", () => {
  it("a client that answers stays connected", async () => {
    // A generous answer window: the client's answer must never be late, even on a busy machine.
    const t = await server({ idleMs: 50, timeoutMs: 20_000 });
    const c = await t.login("juliet", { resource: "balcony" });
    const ping = await c.expect(
      `<iq type="get" id="*" from="localhost" to="juliet@localhost/balcony"><ping xmlns="${PING}"/></iq>`,
    );
    c.send(`<iq type="result" id="${ping.attr("id")}" to="localhost"/>`);
    // It is pinged again later (still idle) and is still there to answer.
    const again = await c.expect(
      `<iq type="get" id="*" from="localhost" to="juliet@localhost/balcony"><ping xmlns="${PING}"/></iq>`,
    );
    expect(again.attr("id")).not.toBe(ping.attr("id"));
    c.send(
      `<iq type="error" id="${again.attr("id")}" to="localhost"><error type="cancel"><service-unavailable xmlns="${STANZAS}"/></error></iq>`,
    );
    await c.sync();
    expect(c.streamEnded).toBe(false);
  });

  it("a client that does not answer is closed with connection-timeout", async () => {
    const t = await server({ idleMs: 50, timeoutMs: 100 });
    const c = await t.login("juliet", { resource: "balcony" });
    await c.expect(
      `<iq type="get" id="*" from="localhost" to="juliet@localhost/balcony"><ping xmlns="${PING}"/></iq>`,
    );
    await c.expectStreamError("connection-timeout");
  });

  it("no pings unless configured", async () => {
    const t = await server();
    const c = await t.login("juliet", { resource: "balcony" });
    // The marker: a server configured to ping after 50 ms idle pings a client that logged in
    // after c. By then c has been idle longer; a round trip brings anything sent to it before.
    const configured = await server({ idleMs: 50, timeoutMs: 20_000 });
    const d = await configured.login("juliet", { resource: "balcony" });
    await d.expect(
      `<iq type="get" id="*" from="localhost" to="juliet@localhost/balcony"><ping xmlns="${PING}"/></iq>`,
    );
    await c.sync();
    c.expectNothingMore();
  });
});

describe("config", () => {
  it("defaults and validation", () => {
    expect(readPingConfig({})).toEqual({ idleMs: 0, timeoutMs: 30_000 });
    expect(readPingConfig({ idleMs: 60_000, timeoutMs: 10_000 })).toEqual({
      idleMs: 60_000,
      timeoutMs: 10_000,
    });
    expect(() => readPingConfig({ idleMs: "soon" })).toThrow(PingConfigError);
    expect(() => readPingConfig({ idleMs: -1 })).toThrow(PingConfigError);
    expect(() => readPingConfig({ timeoutMs: 0 })).toThrow(PingConfigError);
  });

  it("a bad config stops the server from starting", async () => {
    await expect(
      startTestServer({ extraModules: [pingModule], moduleConfig: { ping: { idleMs: "x" } } }),
    ).rejects.toThrow(PingConfigError);
  });
});

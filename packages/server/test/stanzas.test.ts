// RFC 6120 §8 and §10: per-stanza checks, `from` stamping, routing and the default answers.
import { StanzaError } from "@parley/stanza";
import { xml } from "@parley/xml";
import { describe, expect, it } from "vitest";
import { defineModule, type SessionClosedEvent, type StanzaEvent } from "../src";
import { mismatch, parseXml } from "../src/testing";
import { STANZAS, server } from "./helpers";

const err = (condition: string, type: string) =>
  `<error type="${type}"><${condition} xmlns="${STANZAS}"/></error>`;

describe("stanza checks", () => {
  it("stamps 'from' with the full JID", async () => {
    const t = await server();
    const juliet = await t.login("juliet", { resource: "balcony" });
    const romeo = await t.login("romeo", { resource: "orchard" });
    romeo.send(`<message to="juliet@localhost/balcony" id="m1"><body>hi</body></message>`);
    await juliet.expect(
      `<message to="juliet@localhost/balcony" id="m1" from="romeo@localhost/orchard"><body>hi</body></message>`,
    );
    romeo.send(
      `<message from="romeo@localhost" to="juliet@localhost/balcony" id="m2"><body>bare from</body></message>`,
    );
    await juliet.expect(
      `<message from="romeo@localhost/orchard" to="juliet@localhost/balcony" id="m2"><body>bare from</body></message>`,
    );
  });

  it.each(["juliet@localhost/balcony", "romeo@localhost/other", "localhost", "not a jid@@"])(
    "closes the stream with <invalid-from/> for from=%s (§8.1.2.1)",
    async (from) => {
      const t = await server();
      const romeo = await t.login("romeo", { resource: "orchard" });
      romeo.send(`<message from="${from}" to="juliet@localhost"><body>spoof</body></message>`);
      await romeo.expectStreamError("invalid-from");
    },
  );

  it.each([
    [`<iq type="get"><ping xmlns="urn:xmpp:ping"/></iq>`, "iq without id"],
    [`<iq type="fetch" id="x1"><ping xmlns="urn:xmpp:ping"/></iq>`, "bad iq type"],
    [`<iq id="x2"><ping xmlns="urn:xmpp:ping"/></iq>`, "iq without type"],
    [`<iq type="get" id="x3"/>`, "get without child"],
    [`<iq type="set" id="x4"><a xmlns="urn:a"/><b xmlns="urn:b"/></iq>`, "set with two children"],
    [`<presence type="invisible" id="x5"/>`, "unknown presence type"],
  ])("answers %s with <bad-request/> (%s)", async (stanza) => {
    const t = await server();
    const c = await t.login("romeo", { resource: "r" });
    c.send(stanza);
    const reply = await c.nextStanza();
    expect(reply.attr("type")).toBe("error");
    expect(reply.attr("to")).toBe("romeo@localhost/r");
    expect(reply.getChild("error")?.getChild("bad-request", STANZAS)).toBeDefined();
  });

  it("answers a malformed 'to' with <jid-malformed/> (§8.3.3.8)", async () => {
    const t = await server();
    const c = await t.login("romeo", { resource: "r" });
    c.send(`<message to="@localhost" id="j1" type="chat"><body>x</body></message>`);
    await c.expect(
      `<message from="@localhost" to="romeo@localhost/r" id="j1" type="error"><error type="modify"><jid-malformed xmlns="${STANZAS}"/><text xmlns="${STANZAS}" xml:lang="en">*</text></error></message>`,
    );
  });

  it("closes the stream with <unsupported-stanza-type/> for an unknown element (§4.9.3.24)", async () => {
    const t = await server();
    const c = await t.login("romeo");
    c.send(`<enable xmlns="urn:xmpp:sm:3"/>`);
    await c.expectStreamError("unsupported-stanza-type");
  });
});

describe("routing without modules", () => {
  it("answers an iq to the server that nobody handles with <service-unavailable/>", async () => {
    const t = await server();
    const c = await t.login("romeo", { resource: "r" });
    const reply = await c.iq(
      `<iq type="get" id="q1" to="localhost"><query xmlns="urn:example"/></iq>`,
    );
    expect(reply.toString()).toBe(
      `<iq xmlns="jabber:client" from="localhost" id="q1" to="romeo@localhost/r" type="error"><query xmlns="urn:example"/>${err("service-unavailable", "cancel")}</iq>`,
    );
  });

  it("drops an unanswered iq result to the server", async () => {
    const t = await server();
    const c = await t.login("romeo");
    c.send(`<iq type="result" id="r1" to="localhost"/>`);
    await c.sync();
    c.expectNothingMore();
  });

  it("answers with <remote-server-not-found/> for another domain (no s2s yet)", async () => {
    const t = await server();
    const c = await t.login("romeo", { resource: "r" });
    c.send(`<message to="juliet@example.org" id="r2" type="chat"><body>far</body></message>`);
    await c.expect(
      `<message from="juliet@example.org" to="romeo@localhost/r" id="r2" type="error">${err("remote-server-not-found", "cancel")}</message>`,
    );
  });

  it("delivers an iq to a bound full JID and its result back", async () => {
    const t = await server();
    const juliet = await t.login("juliet", { resource: "b" });
    const romeo = await t.login("romeo", { resource: "r" });
    romeo.send(
      `<iq type="get" id="v1" to="juliet@localhost/b"><query xmlns="jabber:iq:version"/></iq>`,
    );
    await juliet.expect(
      `<iq type="get" id="v1" to="juliet@localhost/b" from="romeo@localhost/r"><query xmlns="jabber:iq:version"/></iq>`,
    );
    juliet.send(`<iq type="result" id="v1" to="romeo@localhost/r"/>`);
    await romeo.expect(
      `<iq type="result" id="v1" to="romeo@localhost/r" from="juliet@localhost/b"/>`,
    );
  });

  it("answers an iq to an unbound full JID with <service-unavailable/> (RFC 6121 §8.5.3.2.2)", async () => {
    const t = await server();
    await t.addUser("juliet");
    const romeo = await t.login("romeo", { resource: "r" });
    const reply = await romeo.iq(
      `<iq type="get" id="v2" to="juliet@localhost/gone"><query xmlns="jabber:iq:version"/></iq>`,
    );
    expect(reply.getChild("error")?.getChild("service-unavailable", STANZAS)).toBeDefined();
  });

  it("bounces a message to a missing account (RFC 6121 §8.5.1) and drops one to an existing account", async () => {
    const t = await server();
    await t.addUser("juliet");
    const romeo = await t.login("romeo", { resource: "r" });
    romeo.send(`<message to="nobody@localhost" id="n1"><body>?</body></message>`);
    await romeo.expect(
      `<message from="nobody@localhost" to="romeo@localhost/r" id="n1" type="error">${err("service-unavailable", "cancel")}</message>`,
    );
    romeo.send(
      `<message to="juliet@localhost/gone" id="n2" type="chat"><body>later</body></message>`,
    );
    romeo.send(`<presence to="juliet@localhost/gone"/>`);
    await romeo.sync();
    romeo.expectNothingMore();
  });

  it("bounces a groupchat message to an unbound full JID (§8.5.3.2.1)", async () => {
    const t = await server();
    await t.addUser("juliet");
    const romeo = await t.login("romeo", { resource: "r" });
    romeo.send(
      `<message to="juliet@localhost/gone" id="g1" type="groupchat"><body>x</body></message>`,
    );
    await romeo.expect(
      `<message from="juliet@localhost/gone" to="romeo@localhost/r" id="g1" type="error">${err("service-unavailable", "cancel")}</message>`,
    );
  });
});

describe("module events", () => {
  it("fires iq-get/host/NS:N through handleIq, with StanzaError and crash answers", async () => {
    const mod = defineModule({
      name: "test",
      setup(ctx) {
        ctx.handleIq("get", "urn:test", "ok", () => xml("ok", { xmlns: "urn:test" }, "fine"));
        ctx.handleIq("get", "urn:test", "refuse", () => {
          throw new StanzaError("forbidden");
        });
        ctx.handleIq("get", "urn:test", "crash", () => {
          throw new Error("boom");
        });
      },
    });
    const t = await server({ modules: [mod] });
    const c = await t.login("romeo", { resource: "r" });
    expect(
      (await c.iq(`<iq type="get" id="a" to="localhost"><ok xmlns="urn:test"/></iq>`)).toString(),
    ).toBe(
      `<iq xmlns="jabber:client" from="localhost" id="a" to="romeo@localhost/r" type="result"><ok xmlns="urn:test">fine</ok></iq>`,
    );
    const refused = await c.iq(
      `<iq type="get" id="b" to="localhost"><refuse xmlns="urn:test"/></iq>`,
    );
    expect(refused).toSatisfy(
      (e: typeof refused) =>
        mismatch(
          e,
          parseXml(
            `<iq from="localhost" id="b" to="romeo@localhost/r" type="error"><refuse xmlns="urn:test"/><error type="auth"><forbidden xmlns="${STANZAS}"/></error></iq>`,
          ),
        ) === undefined,
    );
    const crashed = await c.iq(
      `<iq type="get" id="c" to="localhost"><crash xmlns="urn:test"/></iq>`,
    );
    expect(crashed.getChild("error")?.getChild("internal-server-error", STANZAS)).toBeDefined();
    expect(
      (await c.iq(`<iq type="get" id="d" to="localhost"><ok xmlns="urn:test"/></iq>`)).attr("type"),
    ).toBe("result");
  });

  it("treats an iq without 'to' as addressed to the sender's bare JID (§10.3.3)", async () => {
    const seen: string[] = [];
    const mod = defineModule({
      name: "test",
      setup(ctx) {
        ctx.handleIq(
          "get",
          "urn:test",
          "q",
          (e) => {
            seen.push(`${e.to}`);
            return null;
          },
          { destination: "bare" },
        );
      },
    });
    const t = await server({ modules: [mod] });
    const c = await t.login("romeo", { resource: "r" });
    const reply = await c.iq(`<iq type="get" id="a"><q xmlns="urn:test"/></iq>`);
    expect(reply.toString()).toBe(
      `<iq xmlns="jabber:client" id="a" to="romeo@localhost/r" type="result"/>`,
    );
    expect(seen).toEqual(["romeo@localhost"]);
  });

  it("lets a pre-message/full hook stop a stanza and fires message/full before delivery", async () => {
    const order: string[] = [];
    const mod = defineModule({
      name: "test",
      setup(ctx) {
        ctx.on<StanzaEvent>("pre-message/full", (e) => {
          order.push(`pre ${e.type}`);
          return e.stanza.getChildText("body") === "blocked" ? true : undefined;
        });
        ctx.on<StanzaEvent>("message/full", (e) => {
          order.push(`deliver ${e.from}`);
          return undefined;
        });
      },
    });
    const t = await server({ modules: [mod] });
    const juliet = await t.login("juliet", { resource: "b" });
    const romeo = await t.login("romeo", { resource: "r" });
    romeo.send(
      `<message to="juliet@localhost/b" type="chat" id="1"><body>blocked</body></message>`,
    );
    romeo.send(`<message to="juliet@localhost/b" type="chat" id="2"><body>ok</body></message>`);
    const got = await juliet.expect((e) => e.localName === "message");
    expect(got.attr("id")).toBe("2");
    expect(order).toEqual(["pre chat", "pre chat", "deliver romeo@localhost/r"]);
  });

  it("fires stream-features, resource-bind, session-started and session-closed (dropped, closed)", async () => {
    const log: string[] = [];
    const mod = defineModule({
      name: "test",
      setup(ctx) {
        ctx.on<{ stage: string; features: unknown[] }>("stream-features", (e) => {
          if (e.stage === "post-auth")
            e.features.push(xml("rosterver", { xmlns: "urn:xmpp:features:rosterver" }));
          return undefined;
        });
        ctx.on<{ session: { jid: unknown } }>(
          "resource-bind",
          (e) => void log.push(`bind ${e.session.jid}`),
        );
        ctx.on<{ session: { jid: unknown } }>(
          "session-started",
          (e) => void log.push(`start ${e.session.jid}`),
        );
        ctx.on<SessionClosedEvent>("session-closed", (e) => {
          log.push(
            `closed ${e.session.jid} ${e.reason} bound=${ctx.session(String(e.session.jid)) !== undefined}`,
          );
          return undefined;
        });
      },
    });
    const t = await server({ modules: [mod] });
    const a = await t.login("romeo", { resource: "a" });
    expect(a.features?.getChild("rosterver", "urn:xmpp:features:rosterver")).toBeDefined();
    const b = await t.login("romeo", { resource: "b" });
    a.destroy();
    await a.closed;
    await b.close();
    await t.stop();
    expect(log.slice(0, 4)).toEqual([
      "bind romeo@localhost/a",
      "start romeo@localhost/a",
      "bind romeo@localhost/b",
      "start romeo@localhost/b",
    ]);
    // The two closes race on the server side; their order does not matter.
    expect(log.slice(4).sort()).toEqual([
      "closed romeo@localhost/a dropped bound=false",
      "closed romeo@localhost/b closed bound=false",
    ]);
  });

  it("ctx.request sends an iq from the server and resolves with the client's answer", async () => {
    let ask: ((to: string) => Promise<string>) | undefined;
    const mod = defineModule({
      name: "test",
      setup(ctx) {
        ask = async (to) =>
          (
            await ctx.request(
              xml(
                "iq",
                { type: "get", to, xmlns: "jabber:client" },
                xml("ping", { xmlns: "urn:xmpp:ping" }),
              ),
            )
          ).attr("type")!;
      },
    });
    const t = await server({ modules: [mod] });
    const c = await t.login("romeo", { resource: "r" });
    const answer = ask!("romeo@localhost/r");
    const ping = await c.expect((e) => e.localName === "iq" && e.attr("type") === "get");
    expect(ping.attr("from")).toBe("localhost");
    c.send(`<iq type="result" id="${ping.attr("id")}" to="localhost"/>`);
    expect(await answer).toBe("result");
  });
});

describe("limits and shutdown", () => {
  it("closes a stream that does not authenticate in time with <connection-timeout/>", async () => {
    const t = await server({ limits: { preAuthTimeoutMs: 100 } });
    const c = await t.connect();
    await c.openStream();
    await c.expectStreamError("connection-timeout");
    await c.closed;
  });

  it("still processes everything under a byte rate limit", async () => {
    const t = await server({ limits: { bytesPerSecond: 2000 } });
    const juliet = await t.login("juliet", { resource: "b" });
    const romeo = await t.login("romeo", { resource: "r" });
    const body = "y".repeat(500);
    for (let i = 0; i < 6; i++)
      romeo.send(`<message to="juliet@localhost/b" id="m${i}"><body>${body}</body></message>`);
    for (let i = 0; i < 6; i++) await juliet.expect((e) => e.attr("id") === `m${i}`);
  });

  it("sends <system-shutdown/> to every stream on stop() and closes the storage", async () => {
    const t = await server();
    const a = await t.login("romeo");
    const b = await t.connect("websocket");
    await b.openStream();
    await t.server.stop();
    await a.expectStreamError("system-shutdown");
    await b.expectStreamError("system-shutdown");
    await Promise.all([a.closed, b.closed]);
    await expect(t.storage.accounts.count()).rejects.toThrow();
  });
});

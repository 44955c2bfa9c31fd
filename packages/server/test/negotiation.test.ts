// RFC 6120 §5 STARTTLS, §6 SASL, §7 bind, RFC 3921 session; XEP-0368 direct TLS; XEP-0440.
import { DEFAULT_SCRAM_HASHES } from "../src/index";
import { describe, expect, it } from "vitest";
import { SaslFailure } from "../src/testing";
import { BIND, SASL, TLS, server } from "./helpers";

describe("requireEncryption (default on)", () => {
  it("offers only <starttls><required/></starttls> before TLS (§5.3.1)", async () => {
    const t = await server({ requireEncryption: true });
    const c = await t.connect();
    const features = await c.openStream();
    expect(features.toString()).toBe(
      `<stream:features><starttls xmlns="${TLS}"><required/></starttls></stream:features>`,
    );
  });

  it("refuses SASL before TLS with <encryption-required/> (§6.5.4)", async () => {
    const t = await server({ requireEncryption: true });
    const c = await t.connect();
    await c.openStream();
    c.send(
      `<auth xmlns="${SASL}" mechanism="SCRAM-SHA-256">biwsbj1qdWxpZXQscj1hYmNkZWZnaA==</auth>`,
    );
    await c.expect(`<failure xmlns="${SASL}"><encryption-required/></failure>`);
  });

  it("closes the stream with <not-authorized/> for a stanza before authentication (§4.9.3.12)", async () => {
    const t = await server({ requireEncryption: true });
    const c = await t.connect();
    await c.openStream();
    c.send(`<message to="juliet@localhost"><body>hi</body></message>`);
    await c.expectStreamError("not-authorized");
  });

  it("after STARTTLS offers SCRAM with -PLUS, PLAIN and the XEP-0440 binding types", async () => {
    const t = await server({ requireEncryption: true });
    const c = await t.connect();
    await c.openStream();
    const features = await c.starttls();
    expect(c.secure).toBe(true);
    expect(features.toString()).toBe(
      `<stream:features><mechanisms xmlns="${SASL}"><mechanism>SCRAM-SHA-512-PLUS</mechanism><mechanism>SCRAM-SHA-256-PLUS</mechanism><mechanism>SCRAM-SHA-1-PLUS</mechanism><mechanism>SCRAM-SHA-512</mechanism><mechanism>SCRAM-SHA-256</mechanism><mechanism>SCRAM-SHA-1</mechanism><mechanism>PLAIN</mechanism></mechanisms><sasl-channel-binding xmlns="urn:xmpp:sasl-cb:0"><channel-binding type="tls-exporter"/><channel-binding type="tls-server-end-point"/></sasl-channel-binding></stream:features>`,
    );
  });

  it("answers a second <starttls/> with <failure/> and closes (§5.4.2.2)", async () => {
    const t = await server({ requireEncryption: true });
    const c = await t.connect();
    await c.openStream();
    await c.starttls();
    c.send(`<starttls xmlns="${TLS}"/>`);
    await c.expect(`<failure xmlns="${TLS}"/>`);
    await c.closed;
  });
});

describe("SASL", () => {
  it.each([
    "SCRAM-SHA-1",
    "SCRAM-SHA-256",
    "SCRAM-SHA-512",
    "SCRAM-SHA-256-PLUS",
    "SCRAM-SHA-1-PLUS",
    "PLAIN",
  ] as const)("logs in with %s after STARTTLS", async (mechanism) => {
    const t = await server({ requireEncryption: true });
    await t.addUser("juliet", "s3cret");
    const c = await t.connect();
    const jid = await c.login("juliet", "s3cret", { mechanism, resource: "balcony" });
    expect(jid).toBe("juliet@localhost/balcony");
  });

  it("SCRAM-SHA-256-PLUS with tls-server-end-point (RFC 5929 §4.1)", async () => {
    const t = await server();
    await t.addUser("juliet", "s3cret");
    const c = await t.connect();
    await c.openStream();
    await c.starttls();
    await c.authenticate("juliet", "s3cret", "SCRAM-SHA-256-PLUS", {
      bindingType: "tls-server-end-point",
    });
    expect(await c.bind()).toMatch(/^juliet@localhost\/parley-[0-9a-f]{12}$/);
  });

  it("offers the post-auth features: bind and optional legacy session", async () => {
    const t = await server();
    await t.addUser("juliet");
    const c = await t.connect();
    await c.openStream();
    await c.authenticate("juliet", "password");
    expect(c.features?.toString()).toBe(
      `<stream:features><bind xmlns="${BIND}"/><session xmlns="urn:ietf:params:xml:ns:xmpp-session"><optional/></session></stream:features>`,
    );
  });

  it("refuses a wrong password with <not-authorized/>, then closes after three failures (§6.4.5)", async () => {
    const t = await server();
    await t.addUser("juliet", "right");
    const c = await t.connect();
    await c.openStream();
    for (let i = 0; i < 3; i++) {
      const failure = await c.authenticate("juliet", "wrong").catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(SaslFailure);
      expect((failure as SaslFailure).condition).toBe("not-authorized");
    }
    await c.expectStreamError("not-authorized");
    await c.closed;
  });

  it("refuses an unknown user like a wrong password", async () => {
    const t = await server();
    const c = await t.connect();
    await c.openStream();
    await expect(c.authenticate("nobody", "x")).rejects.toMatchObject({
      condition: "not-authorized",
    });
  });

  it.each([
    [`<auth xmlns="${SASL}" mechanism="DIGEST-MD5"/>`, "invalid-mechanism"],
    [
      `<auth xmlns="${SASL}" mechanism="SCRAM-SHA-256-PLUS">eSwsbj1qLHI9YWJjZGVmZ2g=</auth>`,
      "invalid-mechanism",
    ],
    [
      `<auth xmlns="${SASL}" mechanism="PLAIN">AGp1bGlldABwYXNzd29yZA==</auth>`,
      "encryption-required",
    ],
    [`<auth xmlns="${SASL}" mechanism="SCRAM-SHA-256">not base64!</auth>`, "incorrect-encoding"],
    [`<auth xmlns="${SASL}" mechanism="SCRAM-SHA-256">eA==</auth>`, "malformed-request"],
    [`<response xmlns="${SASL}">eA==</response>`, "malformed-request"],
  ])("on plain TCP %s → <%s/>", async (auth, condition) => {
    const t = await server();
    const c = await t.connect();
    await c.openStream();
    c.send(auth);
    const failure = await c.expect((e) => e.localName === "failure");
    expect(failure.elements()[0]?.localName).toBe(condition);
  });

  it("answers <abort/> with <aborted/> and lets the client retry", async () => {
    const t = await server();
    await t.addUser("juliet");
    const c = await t.connect();
    await c.openStream();
    c.send(`<auth xmlns="${SASL}" mechanism="SCRAM-SHA-256"/>`);
    await c.expect(`<challenge xmlns="${SASL}"/>`);
    c.send(`<abort xmlns="${SASL}"/>`);
    await c.expect(`<failure xmlns="${SASL}"><aborted/></failure>`);
    await c.authenticate("juliet", "password");
    expect(await c.bind("r")).toBe("juliet@localhost/r");
  });

  it("only offers the configured mechanisms", async () => {
    const t = await server({ mechanisms: ["SCRAM-SHA-1"] });
    const c = await t.connect();
    const features = await c.openStream();
    expect(features.getChild("mechanisms", SASL)?.toString()).toBe(
      `<mechanisms xmlns="${SASL}"><mechanism>SCRAM-SHA-1</mechanism></mechanisms>`,
    );
  });

  it("offers SCRAM only for the stored hashes (scramHashes), SHA-1 and SHA-256 by default", async () => {
    expect(DEFAULT_SCRAM_HASHES).toEqual(["SHA-1", "SHA-256"]);
    const t = await server({ scramHashes: ["SHA-256"] });
    const c = await t.connect("tls");
    const features = await c.openStream();
    const offered = features
      .getChild("mechanisms", SASL)
      ?.getChildren("mechanism")
      .map((m) => m.text());
    expect(offered).toEqual(["SCRAM-SHA-256-PLUS", "SCRAM-SHA-256", "PLAIN"]);
  });

  it("refuses an unknown SCRAM hash in the options", async () => {
    await expect(server({ scramHashes: ["MD5" as "SHA-1"] })).rejects.toThrow(/scramHashes/);
  });
});

describe("resource binding (§7)", () => {
  it("binds a client-chosen resource, prepared with OpaqueString", async () => {
    const t = await server();
    const c = await t.login("juliet", { resource: "Balcony ☀" });
    expect(c.jid).toBe("juliet@localhost/Balcony ☀");
  });

  it("refuses a resource that cannot be prepared with <bad-request/> (§7.7.2.1)", async () => {
    const t = await server();
    await t.addUser("juliet");
    const c = await t.connect();
    await c.openStream();
    await c.authenticate("juliet", "password");
    const reply = await c.iq(
      `<iq type="set" id="b1"><bind xmlns="${BIND}"><resource>${"r".repeat(1100)}</resource></bind></iq>`,
    );
    expect(reply.attr("type")).toBe("error");
    expect(reply.getChild("error")?.elements()[0]?.localName).toBe("bad-request");
  });

  it("replaces the old session on a resource conflict; the old one gets <conflict/> (§7.7.2.2)", async () => {
    const t = await server();
    const first = await t.login("juliet", { resource: "phone" });
    const second = await t.login("juliet", { resource: "phone" });
    await first.expectStreamError("conflict");
    await first.closed;
    expect(second.jid).toBe("juliet@localhost/phone");
    second.send(`<message to="juliet@localhost/phone" id="m1"><body>self</body></message>`);
    await second.expect(
      `<message to="juliet@localhost/phone" id="m1" from="juliet@localhost/phone"><body>self</body></message>`,
    );
  });

  it("answers the legacy session iq with an empty result (RFC 3921 §3)", async () => {
    const t = await server();
    const c = await t.login("juliet", { resource: "r" });
    const reply = await c.iq(
      `<iq type="set" id="s1"><session xmlns="urn:ietf:params:xml:ns:xmpp-session"/></iq>`,
    );
    expect(reply.toString()).toBe(`<iq xmlns="jabber:client" id="s1" type="result"/>`);
  });

  it("closes with <not-authorized/> when a stanza comes before bind (§7.1)", async () => {
    const t = await server();
    await t.addUser("juliet");
    const c = await t.connect();
    await c.openStream();
    await c.authenticate("juliet", "password");
    c.send(`<message to="romeo@localhost"><body>too early</body></message>`);
    await c.expectStreamError("not-authorized");
  });
});

describe("other transports", () => {
  it("logs in over direct TLS (XEP-0368) with SCRAM-SHA-256-PLUS", async () => {
    const t = await server({ requireEncryption: true });
    await t.addUser("juliet");
    const c = await t.connect("tls");
    const features = await c.openStream();
    expect(features.getChild("starttls", TLS)).toBeUndefined();
    await c.authenticate("juliet", "password", "SCRAM-SHA-256-PLUS");
    expect(await c.bind("tls")).toBe("juliet@localhost/tls");
  });

  it("logs in over WebSocket (RFC 7395) and exchanges a message with a TCP client", async () => {
    const t = await server({ requireEncryption: true });
    const ws = await t.login("juliet", {
      transport: "websocket",
      resource: "web",
      mechanism: "PLAIN",
    });
    expect(ws.header).toMatchObject({
      xmlns: "urn:ietf:params:xml:ns:xmpp-framing",
      from: "localhost",
      version: "1.0",
    });
    const tcp = await t.login("romeo", { resource: "tcp" });
    tcp.send(
      `<message to="juliet@localhost/web" type="chat" id="w1"><body>hello web</body></message>`,
    );
    await ws.expect(
      `<message to="juliet@localhost/web" type="chat" id="w1" from="romeo@localhost/tcp"><body>hello web</body></message>`,
    );
    ws.send(
      `<message xmlns="jabber:client" to="romeo@localhost/tcp" type="chat" id="w2"><body>hi tcp</body></message>`,
    );
    await tcp.expect(
      `<message to="romeo@localhost/tcp" type="chat" id="w2" from="juliet@localhost/web"><body>hi tcp</body></message>`,
    );
    await ws.close();
    expect(ws.streamEnded).toBe(true);
  });

  it("closes a WebSocket stream with a standalone stream error", async () => {
    const t = await server();
    const c = await t.connect("websocket", { domain: "example.org" });
    c.write(`<open xmlns="urn:ietf:params:xml:ns:xmpp-framing" to="example.org" version="1.0"/>`);
    const error = await c.expectStreamError("host-unknown");
    expect(error.attr("xmlns:stream")).toBe("http://etherx.jabber.org/streams");
    await c.closed;
    expect(c.streamEnded).toBe(true);
  });

  it("answers 404 on other HTTP paths", async () => {
    const t = await server();
    const res = await fetch(`http://127.0.0.1:${t.ports.http}/other`);
    expect(res.status).toBe(404);
    await res.text();
  });
});

describe("failed-auth throttle and mechanism fallback", () => {
  it("does not count SCRAM refusals at the first message (unknown binding type, 'y' downgrade) as password guesses", async () => {
    const t = await server();
    await t.addUser("juliet", "right");
    const c = await t.connect("tls");
    await c.openStream();
    // -PLUS with a binding type we do not produce, then SCRAM with the "y" flag, which a server
    // that can bind must refuse (RFC 5802 §6): a client may go on to its next mechanism.
    const firsts = [
      ["SCRAM-SHA-512-PLUS", "p=tls-unknown,,n=juliet,r=abcdefgh"],
      ["SCRAM-SHA-256-PLUS", "p=tls-unknown,,n=juliet,r=abcdefgh"],
      ["SCRAM-SHA-1-PLUS", "p=tls-unknown,,n=juliet,r=abcdefgh"],
      ["SCRAM-SHA-256", "y,,n=juliet,r=abcdefgh"],
    ];
    for (const [mechanism, message] of firsts) {
      c.send(`<auth xmlns="${SASL}" mechanism="${mechanism}">${btoa(message!)}</auth>`);
      const failure = await c.expect((e) => e.localName === "failure");
      expect(failure.elements()[0]?.localName).toBe("not-authorized");
    }
    await c.authenticate("juliet", "right", "PLAIN");
    await c.bind("balcony");
  });
});

// RFC 6120 §4.7–§4.9: stream header checks and XML-level errors, over TCP.
import { describe, expect, it } from "vitest";
import { server } from "./helpers";

const STREAM = `xmlns="jabber:client" xmlns:stream="http://etherx.jabber.org/streams"`;

describe("stream header", () => {
  it("answers with its own header and the pre-auth features", async () => {
    const t = await server();
    const c = await t.connect();
    const features = await c.openStream();
    expect(c.header).toMatchObject({ from: "localhost", version: "1.0", "xml:lang": "en" });
    expect(c.header?.id).toMatch(/^[\w-]{16}$/);
    expect(features.toString()).toBe(
      `<stream:features><starttls xmlns="urn:ietf:params:xml:ns:xmpp-tls"/><mechanisms xmlns="urn:ietf:params:xml:ns:xmpp-sasl"><mechanism>SCRAM-SHA-512</mechanism><mechanism>SCRAM-SHA-256</mechanism><mechanism>SCRAM-SHA-1</mechanism></mechanisms></stream:features>`,
    );
  });

  it.each([
    [
      "an unknown domain",
      `<stream:stream ${STREAM} to="example.org" version="1.0">`,
      "host-unknown",
    ],
    [
      "a JID instead of a domain",
      `<stream:stream ${STREAM} to="a@localhost" version="1.0">`,
      "host-unknown",
    ],
    [
      "a wrong content namespace",
      `<stream:stream xmlns="jabber:server" xmlns:stream="http://etherx.jabber.org/streams" to="localhost" version="1.0">`,
      "invalid-namespace",
    ],
    [
      "no content namespace",
      `<stream:stream xmlns:stream="http://etherx.jabber.org/streams" to="localhost" version="1.0">`,
      "invalid-namespace",
    ],
    [
      "a wrong stream namespace",
      `<stream:stream xmlns="jabber:client" xmlns:stream="urn:wrong" to="localhost" version="1.0">`,
      "invalid-namespace",
    ],
    ["no version (pre-1.0)", `<stream:stream ${STREAM} to="localhost">`, "unsupported-version"],
    [
      "version 2.0",
      `<stream:stream ${STREAM} to="localhost" version="2.0">`,
      "unsupported-version",
    ],
    [
      "a root that is not a stream",
      `<stream:foo ${STREAM} to="localhost" version="1.0">`,
      "bad-format",
    ],
    [
      "a DOCTYPE",
      `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><stream:stream ${STREAM} to="localhost" version="1.0">`,
      "restricted-xml",
    ],
    ["garbage", "<<<not xml", "not-well-formed"],
  ])("closes a stream with %s: %s → %s", async (_what, header, condition) => {
    const t = await server();
    const c = await t.connect();
    c.write(header);
    // RFC 6120 §4.9.1.2: the server still opens its side of the stream before the error.
    await c.expectStreamError(condition);
    expect(c.header?.from).toBe("localhost");
    await c.closed;
    expect(c.streamEnded).toBe(true);
  });

  it("accepts version 1.1 and answers 1.0 (§4.7.5)", async () => {
    const t = await server();
    const c = await t.connect();
    await c.openStream({ version: "1.1" });
    expect(c.header?.version).toBe("1.0");
  });

  it("uses the first domain when the header has no 'to'", async () => {
    const t = await server({ domains: ["localhost", "second.test"] });
    const c = await t.connect();
    c.write(`<stream:stream ${STREAM} version="1.0">`);
    await c.expect((e) => e.localName === "features");
    expect(c.header?.from).toBe("localhost");
  });

  it("serves every configured domain", async () => {
    const t = await server({ domains: ["localhost", "second.test"] });
    const c = await t.connect("tcp", { domain: "second.test" });
    await c.openStream();
    expect(c.header?.from).toBe("second.test");
  });
});

describe("bad XML inside the stream", () => {
  it.each([
    ["mismatched tags", "<message><body></message>", "not-well-formed"],
    ["a comment", "<!-- hello -->", "restricted-xml"],
    ["a processing instruction", "<?foo bar?>", "restricted-xml"],
    ["an undeclared prefix", "<foo:bar/>", "not-well-formed"],
    ["a control character", "<message>\u0001</message>", "not-well-formed"],
    ["invalid UTF-8", Buffer.from([0x3c, 0x61, 0xff, 0xfe, 0x3e]), "unsupported-encoding"],
  ])("%s → %s", async (_what, input, condition) => {
    const t = await server();
    const c = await t.connect();
    await c.openStream();
    c.write(input);
    await c.expectStreamError(condition);
    await c.closed;
  });

  it("closes with policy-violation when a stanza exceeds maxStanzaBytes", async () => {
    const t = await server({ limits: { maxStanzaBytes: 1000 } });
    const c = await t.connect();
    await c.openStream();
    c.write(`<message><body>${"x".repeat(2000)}</body></message>`);
    await c.expectStreamError("policy-violation");
  });

  it("ignores whitespace keep-alives", async () => {
    const t = await server();
    const c = await t.login("romeo");
    for (let i = 0; i < 5; i++) c.write(" \n");
    await c.sync();
    c.expectNothingMore();
  });

  it("stays up for other clients when one sends garbage", async () => {
    const t = await server();
    const good = await t.login("romeo");
    const bad = await t.connect();
    await bad.openStream();
    bad.write("</nope>");
    await bad.expectStreamError("not-well-formed");
    await good.sync();
    const again = await t.login("juliet");
    expect(again.jid).toMatch(/^juliet@localhost\//);
  });

  it("ends the stream when the client ends it", async () => {
    const t = await server();
    const c = await t.login("romeo");
    c.write("</stream:stream>");
    await c.closed;
    expect(c.streamEnded).toBe(true);
  });
});

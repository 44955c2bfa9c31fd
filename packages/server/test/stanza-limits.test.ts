// limits.stanzaTimeoutMs (a top-level element that stalls half-way, after authentication too) and
// input quoted in stream error texts (cut, never echoed whole).
import { NS } from "@parley/stanza";
import { ECHO_MAX } from "@parley/xml";
import { describe, expect, it } from "vitest";
import { server } from "./helpers";

describe("incomplete top-level element", () => {
  it("closes the stream with <connection-timeout/> when a stanza stalls after login", async () => {
    const t = await server({ limits: { stanzaTimeoutMs: 200 } });
    const c = await t.login("alice");
    c.write(`<message to="bob@localhost" type="chat"><body>half of it`);
    await c.expectStreamError("connection-timeout");
    await c.closed;
  });

  it("is not triggered by a stanza split across writes that completes", async () => {
    const t = await server({ limits: { stanzaTimeoutMs: 60_000 } });
    const c = await t.login("alice");
    c.write(`<iq type="get" id="split" to="localhost"><ping xmlns="urn:xmpp:ping"`);
    c.write(`/></iq>`);
    await c.expect((e) => e.localName === "iq" && e.attr("id") === "split");
    await c.sync();
  });
});

describe("input quoted in stream error texts", () => {
  it("cuts a 200 KB unknown element name in <unsupported-stanza-type/>", async () => {
    const t = await server();
    const c = await t.login("alice");
    const name = "a".repeat(200_000);
    c.write(`<${name} xmlns="urn:example:big"/>`);
    const error = await c.expectStreamError("unsupported-stanza-type");
    const text = error.getChildText("text", NS.STREAMS) ?? "";
    expect(text).toContain(`<${"a".repeat(ECHO_MAX)}…/>`);
    expect(text.length).toBeLessThan(200);
  });
});

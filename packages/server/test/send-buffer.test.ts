// limits.maxSendBufferBytes: a client that stops reading while others send to it is closed with
// <policy-violation/> (RFC 6120 §4.9.3.18) instead of growing the server's memory.
import { NS } from "@parley/stanza";
import { describe, expect, it } from "vitest";
import type { TestTransport } from "../src/testing";
import { server } from "./helpers";

describe("send buffer bound", () => {
  it.each<TestTransport>(["tcp", "websocket"])(
    "closes a %s client that stops reading; the senders are unaffected",
    async (transport) => {
      const t = await server({ limits: { maxSendBufferBytes: 64 * 1024 } });
      const victim = await t.login("victim", { transport });
      const sender = await t.login("sender");
      victim.pauseReading();
      const body = "x".repeat(16 * 1024);
      const overflowed = () => t.server.metrics.get("streams.send-buffer-overflow") > 0;
      // Rounds of 256 KiB, each ended by a round trip of the sender: the kernel's socket buffers
      // take a few MB first, then the server's own buffer passes the bound.
      for (let round = 0; !overflowed(); round++) {
        if (round === 400) throw new Error("a client that does not read was never closed");
        for (let i = 0; i < 16; i++) {
          sender.send(`<message to="${victim.jid}" type="chat"><body>${body}</body></message>`);
        }
        await sender.sync();
      }
      expect(t.server.metrics.get("stream-errors.policy-violation")).toBe(1);
      // The connection is gone: once the client reads again, it sees the end.
      victim.resumeReading();
      await victim.closed;
      // Whatever stream error got through (the peer had stopped reading) is <policy-violation/>.
      for (const el of victim.received) {
        if (el.localName === "error" && el.ns === NS.STREAM) {
          expect(el.getChild("policy-violation", NS.STREAMS)).toBeDefined();
        }
      }
      // The session is over: a ping to its full JID bounces; the sender is still served.
      const reply = await sender.iq(
        `<iq type="get" to="${victim.jid}"><ping xmlns="urn:xmpp:ping"/></iq>`,
      );
      expect(reply.attr("type")).toBe("error");
      expect(t.server.metrics.get("streams.send-buffer-overflow")).toBe(1);
    },
  );

  it("leaves a client that reads alone", async () => {
    const t = await server({ limits: { maxSendBufferBytes: 64 * 1024 } });
    const reader = await t.login("reader");
    const sender = await t.login("sender");
    const body = "y".repeat(16 * 1024);
    for (let i = 0; i < 8; i++) {
      sender.send(
        `<message to="${reader.jid}" type="chat" id="r${i}"><body>${body}</body></message>`,
      );
      await reader.expect((e) => e.localName === "message" && e.attr("id") === `r${i}`);
    }
    await sender.sync();
    expect(t.server.metrics.get("streams.send-buffer-overflow")).toBe(0);
  });
});

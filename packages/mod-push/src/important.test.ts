import { xml } from "@parley/xml";
import { describe, expect, it } from "vitest";
import { PushConfigError, readPushConfig, worthNotifying } from "./index";

const msg = (attrs: Record<string, string>, ...children: ReturnType<typeof xml>[]) =>
  xml("message", { from: "juliet@example.com/balcony", ...attrs }, ...children);

describe("worthNotifying", () => {
  it("chat and normal messages with a body or an encrypted payload, sender as bare JID", () => {
    expect(worthNotifying(msg({ type: "chat" }, xml("body", null, "hi")))).toEqual({
      sender: "juliet@example.com",
      body: "hi",
    });
    expect(worthNotifying(msg({}, xml("body", null, "x")))?.body).toBe("x");
    const omemo = msg(
      { type: "chat" },
      xml("encrypted", { xmlns: "eu.siacs.conversations.axolotl" }),
    );
    expect(worthNotifying(omemo)).toEqual({ sender: "juliet@example.com", body: undefined });
  });

  it("not errors, groupchat, headlines, chat states, sent carbons", () => {
    const body = xml("body", null, "x");
    expect(worthNotifying(msg({ type: "error" }, body))).toBeUndefined();
    expect(worthNotifying(msg({ type: "groupchat" }, body))).toBeUndefined();
    expect(worthNotifying(msg({ type: "headline" }, body))).toBeUndefined();
    expect(
      worthNotifying(
        msg({ type: "chat" }, xml("active", { xmlns: "http://jabber.org/protocol/chatstates" })),
      ),
    ).toBeUndefined();
    const sent = msg({}, xml("sent", { xmlns: "urn:xmpp:carbons:2" }));
    expect(worthNotifying(sent)).toBeUndefined();
  });

  it("looks into received carbons", () => {
    const inner = xml(
      "message",
      { from: "nurse@example.com/x", type: "chat" },
      xml("body", null, "b"),
    );
    const carbon = msg(
      { from: "romeo@example.com" },
      xml(
        "received",
        { xmlns: "urn:xmpp:carbons:2" },
        xml("forwarded", { xmlns: "urn:xmpp:forward:0" }, inner),
      ),
    );
    expect(worthNotifying(carbon)).toEqual({ sender: "nurse@example.com", body: "b" });
  });
});

describe("readPushConfig", () => {
  it("defaults and validation", () => {
    expect(readPushConfig({})).toEqual({
      includeBody: false,
      includeSender: true,
      minIntervalMs: 2000,
      timeoutMs: 30_000,
      maxRegistrations: 20,
    });
    for (const bad of [
      { include_body: "yes" },
      { min_interval: -1 },
      { timeout: 0 },
      { max_registrations: 0 },
    ]) {
      expect(() => readPushConfig(bad), JSON.stringify(bad)).toThrow(PushConfigError);
    }
  });
});

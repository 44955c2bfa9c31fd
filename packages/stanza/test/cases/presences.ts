import { type Element, serialize, xml } from "@parley/xml";
import { expect } from "vitest";
import { NS, PresenceView, presence, StanzaError } from "../../src/index";

function badRequest(fn: () => unknown): StanzaError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(StanzaError);
    expect((e as StanzaError).condition).toBe("bad-request");
    return e as StanzaError;
  }
  throw new Error("expected a bad-request StanzaError");
}

export const presenceCases: Record<string, (el: Element) => void> = {
  "presence-available-caps.xml": (el) => {
    const p = PresenceView.from(el);
    expect([p.type, p.rawType, p.show, p.priority, p.status, p.lang]).toEqual([
      "available",
      undefined,
      "dnd",
      1,
      "Wooing Romeo",
      "en",
    ]);
    expect(p.statuses().get("cs")).toBe("Dvořím se Romeovi");
    expect(p.child("c", NS.CAPS)?.attr("ver")).toBe("q07IKJEyjvHSyhy//CH0CxmKi8w=");
    expect(p.child("x", NS.VCARD_UPDATE)?.getChildText("photo")).toHaveLength(40);
    p.validate();
  },

  "presence-compact-built.xml": (el) => {
    const built = presence(
      {
        id: "p1",
        lang: "en",
        show: "away",
        status: "Out for lunch",
        statuses: { de: "Mittagspause" },
        priority: -5,
      },
      xml("c", { xmlns: NS.CAPS, hash: "sha-1", node: "https://parley.example", ver: "abc=" }),
    );
    expect(serialize(built)).toBe(serialize(el));
    expect(new PresenceView(el).priority).toBe(-5);
  },

  "presence-unavailable.xml": (el) => {
    const p = new PresenceView(el);
    expect([p.type, p.status, p.show, p.priority]).toEqual([
      "unavailable",
      "Gone home",
      undefined,
      0,
    ]);
    p.validate();
  },

  "presence-subscribe.xml": (el) => {
    const p = new PresenceView(el);
    expect(p.type).toBe("subscribe");
    expect(
      serialize(presence({ id: "xk3h1v69", to: "juliet@example.com", type: "subscribe" })),
    ).toBe(serialize(el));
  },

  "presence-muc-join.xml": (el) => {
    const p = new PresenceView(el);
    expect(p.to).toBe("coven@chat.shakespeare.lit/thirdwitch");
    expect(p.child("x", NS.MUC)?.getChildText("password")).toBe("cauldronburn");
    p.validate();
  },

  "presence-invalid-priority.xml": (el) => {
    const p = new PresenceView(el);
    expect(p.show).toBeUndefined(); // "online" is not a show value: read leniently
    expect(badRequest(() => p.priority).text).toContain("128");
    badRequest(() => p.validate());
  },

  "presence-error-remote-server-not-found.xml": (el) => {
    const p = new PresenceView(el);
    expect(p.type).toBe("error");
    const e = p.error!;
    expect([e.condition, e.type, e.by, e.text, e.lang]).toEqual([
      "remote-server-not-found",
      "cancel",
      "example.net",
      "No such domain: example.net",
      "en",
    ]);
    expect(e.message).toBe("remote-server-not-found: No such domain: example.net");
  },
};

// Carbon unwrapping with the XEP-0280 §11 anti-forgery check.
import { parseXml } from "@parley/server/testing";
import { describe, expect, it } from "vitest";
import { unwrapCarbon } from "./carbons";

const carbon = (from: string, kind = "received") =>
  parseXml(
    `<message from="${from}" to="romeo@example.net/home"><${kind} xmlns="urn:xmpp:carbons:2"><forwarded xmlns="urn:xmpp:forward:0"><message xmlns="jabber:client" from="juliet@example.com/balcony" type="chat"><body>hi</body></message></forwarded></${kind}></message>`,
  );

describe("unwrapCarbon", () => {
  it("returns the forwarded message of a sent or received carbon from our bare JID", () => {
    const r = unwrapCarbon(carbon("romeo@example.net"), "romeo@example.net");
    expect(r?.direction).toBe("received");
    expect(r?.message.getChildText("body")).toBe("hi");
    expect(unwrapCarbon(carbon("Romeo@Example.net", "sent"), "romeo@example.net")?.direction).toBe(
      "sent",
    );
  });

  it("ignores carbons from anyone else, including our own full JID and a missing from", () => {
    for (const from of ["juliet@example.com", "romeo@example.net/garden", "example.net"]) {
      expect(unwrapCarbon(carbon(from), "romeo@example.net")).toBeUndefined();
    }
    const noFrom = carbon("x");
    noFrom.setAttr("from", undefined);
    expect(unwrapCarbon(noFrom, "romeo@example.net")).toBeUndefined();
  });

  it("ignores ordinary messages, other stanzas and carbons without a forwarded message", () => {
    expect(
      unwrapCarbon(
        parseXml(`<message from="romeo@example.net"><body>x</body></message>`),
        "romeo@example.net",
      ),
    ).toBeUndefined();
    expect(
      unwrapCarbon(parseXml(`<iq from="romeo@example.net" type="get"/>`), "romeo@example.net"),
    ).toBeUndefined();
    const empty = parseXml(
      `<message from="romeo@example.net"><sent xmlns="urn:xmpp:carbons:2"/></message>`,
    );
    expect(unwrapCarbon(empty, "romeo@example.net")).toBeUndefined();
  });
});

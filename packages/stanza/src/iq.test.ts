import { serialize, xml } from "@parley/xml";
import { describe, expect, it } from "vitest";
import { parseXml } from "../test/parse-xml";
import { IqView, iq, isStanza, MessageView, NS, PresenceView, StanzaError, viewOf } from "./index";

const view = (s: string) => new IqView(parseXml(s));

function conditionOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    if (!(e instanceof StanzaError)) throw e;
    return e.condition;
  }
}

describe("IqView", () => {
  it("requires a defined type (RFC 6120 §8.2.3)", () => {
    expect(conditionOf(() => view('<iq xmlns="jabber:client" id="1"/>').type)).toBe("bad-request");
    expect(conditionOf(() => view('<iq xmlns="jabber:client" id="1" type="GET"/>').type)).toBe(
      "bad-request",
    );
    expect(
      view('<iq xmlns="jabber:client" id="1" type="set"><a xmlns="urn:a"/></iq>').isRequest,
    ).toBe(true);
  });

  it("counts payload elements, not whitespace", () => {
    const q = view(
      '<iq xmlns="jabber:client" id="1" type="get">\n  <ping xmlns="urn:xmpp:ping"/>\n</iq>',
    );
    expect(q.payloadNs).toBe(NS.PING);
    q.validate();
    expect(
      conditionOf(() => view('<iq xmlns="jabber:client" id="1" type="get">  </iq>').payload),
    ).toBe("bad-request");
    expect(
      conditionOf(
        () => view('<iq xmlns="jabber:client" id="1" type="result"><a/><b/></iq>').payload,
      ),
    ).toBe("bad-request");
  });

  it("validate() requires an id and an <error/> in error iqs", () => {
    expect(conditionOf(() => view('<iq xmlns="jabber:client" type="result"/>').validate())).toBe(
      "bad-request",
    );
    expect(
      conditionOf(() => view('<iq xmlns="jabber:client" id="e" type="error"/>').validate()),
    ).toBe("bad-request");
    const e = view(
      `<iq xmlns="jabber:client" id="e" type="error"><error type="cancel"><conflict xmlns="${NS.STANZAS}"/></error></iq>`,
    );
    e.validate();
    expect([e.payload, e.error?.condition]).toEqual([undefined, "conflict"]);
  });

  it("has no error for a non-error iq even when an <error/> child is present", () => {
    expect(
      view('<iq xmlns="jabber:client" id="1" type="result"><error type="cancel"/></iq>').error,
    ).toBeUndefined();
  });
});

describe("iq()", () => {
  it("generates an id when none is given", () => {
    const a = new IqView(iq({ type: "get" }, xml("ping", { xmlns: NS.PING })));
    const b = new IqView(iq({ type: "get" }, xml("ping", { xmlns: NS.PING })));
    expect(a.id).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(a.id).not.toBe(b.id);
  });

  it("enforces the payload count per type", () => {
    expect(() => iq({ type: "get" })).toThrow(TypeError);
    expect(() => iq({ type: "set" }, xml("a"), xml("b"))).toThrow(TypeError);
    expect(() => iq({ type: "result" }, xml("a"), xml("b"))).toThrow(TypeError);
    expect(() => iq({ type: "nope" as "get" }, xml("a"))).toThrow(TypeError);
    expect(serialize(iq({ type: "result", id: "x" }))).toBe(
      '<iq xmlns="jabber:client" id="x" type="result"/>',
    );
  });
});

describe("viewOf / isStanza", () => {
  it("picks the view by element name", () => {
    expect(viewOf(xml("message"))).toBeInstanceOf(MessageView);
    expect(viewOf(xml("presence"))).toBeInstanceOf(PresenceView);
    expect(viewOf(xml("iq"))).toBeInstanceOf(IqView);
    expect(viewOf(xml("stream:features"))).toBeUndefined();
    expect([isStanza(xml("iq")), isStanza(xml("open"))]).toEqual([true, false]);
  });
});

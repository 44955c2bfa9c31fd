import { serialize, xml } from "@parley/xml";
import { describe, expect, it } from "vitest";
import { parseXml } from "../test/parse-xml";
import {
  errorReply,
  IqView,
  iq,
  iqError,
  iqResult,
  MessageView,
  message,
  messageError,
  NS,
  presence,
  presenceError,
  StanzaError,
} from "./index";

const get = () =>
  iq(
    { from: "juliet@example.com/balcony", id: "r1", to: "example.com", type: "get" },
    xml("query", { xmlns: NS.ROSTER }),
  );

describe("reply helpers", () => {
  it("iqResult keeps the id and swaps to/from", () => {
    const request = get();
    const before = serialize(request);
    const reply = iqResult(request, xml("query", { xmlns: NS.ROSTER, ver: "v1" }));
    expect(serialize(reply)).toBe(
      '<iq xmlns="jabber:client" from="example.com" id="r1" to="juliet@example.com/balcony" type="result"><query xmlns="jabber:iq:roster" ver="v1"/></iq>',
    );
    expect(serialize(request)).toBe(before); // the request is never touched
    expect(serialize(iqResult(new IqView(request)))).toBe(
      '<iq xmlns="jabber:client" from="example.com" id="r1" to="juliet@example.com/balcony" type="result"/>',
    );
  });

  it("leaves off addresses the request did not carry", () => {
    const request = parseXml(
      '<iq xmlns="jabber:client" id="b1" type="set"><bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"/></iq>',
    );
    expect(serialize(iqResult(request))).toBe('<iq xmlns="jabber:client" id="b1" type="result"/>');
  });

  it("keeps the stanza namespace (jabber:server stays jabber:server)", () => {
    const request = iq(
      { ns: NS.SERVER, from: "a.example", to: "b.example", id: "s", type: "get" },
      xml("ping", { xmlns: NS.PING }),
    );
    const reply = iqError(request, new StanzaError("service-unavailable"));
    expect(reply.ns).toBe(NS.SERVER);
    expect(reply.getChild("error", NS.SERVER)).toBeDefined();
    expect(serialize(reply)).toBe(
      '<iq xmlns="jabber:server" from="b.example" id="s" to="a.example" type="error"><ping xmlns="urn:xmpp:ping"/>' +
        `<error type="cancel"><service-unavailable xmlns="${NS.STANZAS}"/></error></iq>`,
    );
  });

  it("iqError includes the original payload unless told not to", () => {
    const err = new StanzaError("item-not-found");
    const withOriginal = new IqView(iqError(get(), err));
    expect([
      withOriginal.type,
      withOriginal.id,
      withOriginal.payload?.name,
      withOriginal.error?.condition,
    ]).toEqual(["error", "r1", "query", "item-not-found"]);
    const bare = iqError(get(), err, { includeOriginal: false });
    expect(bare.elements().map((e) => e.name)).toEqual(["error"]);
    withOriginal.validate();
  });

  it("refuses to answer results and errors (RFC 6120 §8.2.3, §8.3.1)", () => {
    const result = iqResult(get());
    expect(() => iqResult(result)).toThrow(TypeError);
    expect(() => iqError(result, new StanzaError("conflict"))).toThrow(TypeError);
    const error = iqError(get(), new StanzaError("conflict"));
    expect(() => iqError(error, new StanzaError("conflict"))).toThrow(TypeError);
    expect(() => iqResult(error)).toThrow(TypeError);
    const bounced = messageError(message({ to: "a@b", body: "x" }), new StanzaError("gone"));
    expect(() => messageError(bounced, new StanzaError("gone"))).toThrow(TypeError);
    expect(() => iqResult(parseXml('<iq xmlns="jabber:client" id="x"/>'))).toThrow(TypeError);
  });

  it("refuses a stanza of the wrong kind", () => {
    expect(() => iqResult(message({ to: "a@b" }))).toThrow(TypeError);
    expect(() => messageError(presence(), new StanzaError("conflict"))).toThrow(TypeError);
    expect(() => presenceError(get(), new StanzaError("conflict"))).toThrow(TypeError);
    expect(() => errorReply(xml("stream:features"), new StanzaError("conflict"))).toThrow(
      TypeError,
    );
  });

  it("messageError and presenceError leave the original content out by default", () => {
    const msg = message({
      from: "romeo@example.net/orchard",
      id: "m1",
      to: "juliet@example.com",
      type: "chat",
      body: "hi",
    });
    const bounce = messageError(msg, new StanzaError("service-unavailable", { by: "example.com" }));
    expect(serialize(bounce)).toBe(
      '<message xmlns="jabber:client" from="juliet@example.com" id="m1" to="romeo@example.net/orchard" type="error">' +
        `<error by="example.com" type="cancel"><service-unavailable xmlns="${NS.STANZAS}"/></error></message>`,
    );
    const withBody = new MessageView(
      messageError(msg, new StanzaError("service-unavailable"), { includeOriginal: true }),
    );
    expect(withBody.body).toBe("hi");
    const sub = presence({
      from: "romeo@example.net",
      to: "juliet@nowhere.example",
      type: "subscribe",
    });
    const p = presenceError(sub, new StanzaError("remote-server-not-found"));
    expect([p.attr("type"), p.attr("to"), p.attr("from"), p.elements().length]).toEqual([
      "error",
      "romeo@example.net",
      "juliet@nowhere.example",
      1,
    ]);
  });

  it("errorReply picks the helper for the stanza kind", () => {
    const e = new StanzaError("not-allowed");
    expect(errorReply(get(), e).elements()).toHaveLength(2);
    expect(errorReply(message({ to: "a@b", body: "x" }), e).elements()).toHaveLength(1);
    expect(errorReply(presence({ to: "a@b" }), e).attr("type")).toBe("error");
  });
});

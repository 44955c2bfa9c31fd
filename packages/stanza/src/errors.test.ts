import { type Element, serialize, xml } from "@parley/xml";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseXml } from "../test/parse-xml";
import {
  NS,
  STANZA_ERROR_CONDITIONS,
  STANZA_ERROR_DEFAULT_TYPES,
  STANZA_ERROR_TYPES,
  STREAM_ERROR_CONDITIONS,
  StanzaError,
  type StanzaErrorCondition,
  StreamError,
  type StreamErrorCondition,
} from "./index";

// Text that survives XML serialization and parsing unchanged (XML 1.0 Char, no CR: parsers
// normalize line ends).
const xmlText = fc
  .string({ unit: "grapheme", maxLength: 40 })
  .filter((s) => /^[\t\n\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u.test(s));
const lang = fc.option(fc.constantFrom("en", "cs", "de-AT", "zh-Hant"), { nil: undefined });
const appElement = fc.option(
  fc
    .record({
      name: fc.constantFrom("nodeid-required", "blocked", "escape-your-data", "x"),
      ns: fc.constantFrom(NS.PUBSUB_ERRORS, NS.BLOCKING_ERRORS, "urn:example:app"),
      attr: fc.option(xmlText, { nil: undefined }),
    })
    .map(({ name, ns, attr }) =>
      xml(name, attr === undefined ? { xmlns: ns } : { xmlns: ns, a: attr }),
    ),
  { nil: undefined },
);

const stanzaError = fc
  .record({
    condition: fc.constantFrom(...STANZA_ERROR_CONDITIONS),
    type: fc.option(fc.constantFrom(...STANZA_ERROR_TYPES), { nil: undefined }),
    text: fc.option(xmlText, { nil: undefined }),
    lang,
    by: fc.option(fc.constantFrom("example.net", "pubsub.shakespeare.lit", "a@b/c"), {
      nil: undefined,
    }),
    application: appElement,
    redirect: fc.option(
      xmlText.filter((s) => s !== ""),
      { nil: undefined },
    ),
    code: fc.option(fc.constantFrom("400", "404", "503"), { nil: undefined }),
  })
  .map(
    ({ condition, redirect, ...rest }) =>
      new StanzaError(condition, {
        ...rest,
        redirect: condition === "gone" || condition === "redirect" ? redirect : undefined,
      }),
  );

const streamError = fc
  .record({
    condition: fc.constantFrom(...STREAM_ERROR_CONDITIONS),
    text: fc.option(xmlText, { nil: undefined }),
    lang,
    application: appElement,
    host: fc.option(fc.constantFrom("example.org", "[2001:db8::1]:5222", "a.example:5269"), {
      nil: undefined,
    }),
  })
  .map(
    ({ condition, host, ...rest }) =>
      new StreamError(condition, {
        ...rest,
        host: condition === "see-other-host" ? host : undefined,
      }),
  );

function summary(e: StanzaError | StreamError): Record<string, unknown> {
  const el = (x: Element | undefined) => (x ? serialize(x) : undefined);
  return {
    ...e,
    message: e.message,
    application: el(e.application),
    unknownCondition: el(e.unknownCondition),
  };
}

describe("StanzaError", () => {
  it("has every RFC 6120 §8.3.3 condition with its recommended type", () => {
    expect(STANZA_ERROR_CONDITIONS).toHaveLength(22);
    expect(STANZA_ERROR_DEFAULT_TYPES["bad-request"]).toBe("modify");
    expect(STANZA_ERROR_DEFAULT_TYPES.forbidden).toBe("auth");
    expect(STANZA_ERROR_DEFAULT_TYPES["recipient-unavailable"]).toBe("wait");
    expect(STANZA_ERROR_DEFAULT_TYPES.redirect).toBe("modify");
    expect(STANZA_ERROR_DEFAULT_TYPES["unexpected-request"]).toBe("wait");
    for (const c of STANZA_ERROR_CONDITIONS) {
      expect(new StanzaError(c).type).toBe(STANZA_ERROR_DEFAULT_TYPES[c]);
    }
  });

  it("fromElement(toElement(e)) equals e, in memory and through XML text", () => {
    fc.assert(
      fc.property(stanzaError, (e) => {
        expect(summary(StanzaError.fromElement(e.toElement()))).toEqual(summary(e));
        const reparsed = parseXml(serialize(e.toElement()));
        expect(summary(StanzaError.fromElement(reparsed))).toEqual(summary(e));
      }),
      { numRuns: 300 },
    );
  });

  it("writes condition, text and application element in RFC order", () => {
    const e = new StanzaError("not-acceptable", {
      text: "too big",
      lang: "en",
      by: "muc.example",
      application: xml("stanza-too-big", { xmlns: "http://jabber.org/protocol/errors" }),
    });
    expect(serialize(e.toElement())).toBe(
      '<error by="muc.example" type="modify"><not-acceptable xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/>' +
        '<text xmlns="urn:ietf:params:xml:ns:xmpp-stanzas" xml:lang="en">too big</text>' +
        '<stanza-too-big xmlns="http://jabber.org/protocol/errors"/></error>',
    );
    expect(e).toBeInstanceOf(Error);
    expect([e.name, e.message]).toEqual(["StanzaError", "not-acceptable: too big"]);
    // The application element is copied, so the error can be written many times.
    expect(e.toElement().getChild("stanza-too-big")).not.toBe(e.application);
  });

  it("puts the error element in the namespace it is given, or the stanza's when appended", () => {
    const e = new StanzaError("conflict");
    expect(e.toElement(NS.SERVER).ns).toBe(NS.SERVER);
    const stanza = xml("iq", { xmlns: NS.CLIENT, type: "error" }, e.toElement());
    expect(stanza.getChild("error", NS.CLIENT)).toBeDefined();
  });

  it("rejects unknown conditions and types given by code", () => {
    expect(() => new StanzaError("nope" as StanzaErrorCondition)).toThrow(TypeError);
    expect(() => new StanzaError("conflict", { type: "later" as "wait" })).toThrow(TypeError);
  });

  it("reads odd or broken error elements without losing what they carry", () => {
    const parse = (s: string) => StanzaError.fromElement(parseXml(s));
    // No type: the condition's recommended one. Unknown type: the same.
    expect(parse(`<error><conflict xmlns="${NS.STANZAS}"/></error>`).type).toBe("cancel");
    expect(parse(`<error type="soon"><conflict xmlns="${NS.STANZAS}"/></error>`).type).toBe(
      "cancel",
    );
    // No condition at all.
    const empty = parse("<error type='wait'/>");
    expect([empty.condition, empty.type, empty.unknownCondition]).toEqual([
      "undefined-condition",
      "wait",
      undefined,
    ]);
    expect(serialize(empty.toElement())).toBe(
      `<error type="wait"><undefined-condition xmlns="${NS.STANZAS}"/></error>`,
    );
    // A condition without the stanzas namespace is application-specific, not a defined one.
    const legacy = parse('<error code="404" type="cancel"><item-not-found/></error>');
    expect([legacy.condition, legacy.application?.name, legacy.code]).toEqual([
      "undefined-condition",
      "item-not-found",
      "404",
    ]);
    // Text before the condition, two application elements, two conditions: first wins.
    const messy = parse(
      `<error type="modify"><text xmlns="${NS.STANZAS}">t</text><a xmlns="urn:a"/><b xmlns="urn:b"/>` +
        `<bad-request xmlns="${NS.STANZAS}"/><conflict xmlns="${NS.STANZAS}"/></error>`,
    );
    expect([messy.condition, messy.text, messy.lang, messy.application?.name]).toEqual([
      "bad-request",
      "t",
      undefined,
      "a",
    ]);
    // Character data is only an address for gone and redirect.
    expect(
      parse(`<error type="cancel"><conflict xmlns="${NS.STANZAS}">x</conflict></error>`).redirect,
    ).toBeUndefined();
    expect(
      parse(`<error type="cancel"><gone xmlns="${NS.STANZAS}"/></error>`).redirect,
    ).toBeUndefined();
    expect(() => StanzaError.fromElement(xml("failure"))).toThrow(TypeError);
  });

  it("keeps an unknown condition element and writes it back unchanged", () => {
    const src = `<error type="auth"><payment-required xmlns="${NS.STANZAS}" tier="gold"/></error>`;
    const e = StanzaError.fromElement(parseXml(src));
    expect([e.condition, e.unknownCondition?.attr("tier")]).toEqual([
      "undefined-condition",
      "gold",
    ]);
    expect(serialize(e.toElement())).toBe(src);
  });

  it("fromStanza reads the error child of a stanza, or gives undefined", () => {
    const stanza = parseXml(
      `<message xmlns="jabber:client" type="error"><error type="wait"><resource-constraint xmlns="${NS.STANZAS}"/></error></message>`,
    );
    expect(StanzaError.fromStanza(stanza)?.condition).toBe("resource-constraint");
    expect(StanzaError.fromStanza(parseXml('<message xmlns="jabber:client"/>'))).toBeUndefined();
  });
});

describe("StreamError", () => {
  it("has every RFC 6120 §4.9.3 condition", () => {
    expect(STREAM_ERROR_CONDITIONS).toHaveLength(25);
    expect(STREAM_ERROR_CONDITIONS).toContain("see-other-host");
    expect(new Set(STREAM_ERROR_CONDITIONS).size).toBe(25);
  });

  it("fromElement(toElement(e)) equals e, in memory and through XML text", () => {
    fc.assert(
      fc.property(streamError, fc.boolean(), (e, standalone) => {
        const el = e.toElement({ standalone });
        expect(summary(StreamError.fromElement(el))).toEqual(summary(e));
        const text = standalone
          ? serialize(el)
          : `<stream:stream xmlns:stream="${NS.STREAM}">${serialize(el)}</stream:stream>`;
        const parsed = parseXml(text);
        const reparsed = standalone ? parsed : parsed.getChild("error", NS.STREAM)!;
        expect(summary(StreamError.fromElement(reparsed))).toEqual(summary(e));
      }),
      { numRuns: 300 },
    );
  });

  it("writes <stream:error> with children in the streams namespace", () => {
    const e = new StreamError("see-other-host", { host: "[2001:db8::1]:5222" });
    expect(serialize(e.toElement())).toBe(
      `<stream:error><see-other-host xmlns="${NS.STREAMS}">[2001:db8::1]:5222</see-other-host></stream:error>`,
    );
    expect(e.toElement().ns).toBe(NS.STREAM);
    expect(
      new StreamError("reset", { host: "ignored" }).toElement().getChild("reset")?.text(),
    ).toBe("");
  });

  it("rejects what is not a stream error", () => {
    expect(() => new StreamError("gone" as StreamErrorCondition)).toThrow(TypeError);
    expect(() => StreamError.fromElement(xml("error", { xmlns: NS.CLIENT }))).toThrow(TypeError);
    expect(() =>
      StreamError.fromElement(parseXml(`<stream:features xmlns:stream="${NS.STREAM}"/>`)),
    ).toThrow(TypeError);
  });

  it("reads a stream error without a condition as undefined-condition", () => {
    const e = StreamError.fromElement(parseXml(`<stream:error xmlns:stream="${NS.STREAM}"/>`));
    expect([e.condition, e.text, e.unknownCondition]).toEqual([
      "undefined-condition",
      undefined,
      undefined,
    ]);
  });
});

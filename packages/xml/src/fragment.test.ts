import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { xml } from "./element";
import { XmlFragmentError, parseFragment, tryParseFragment } from "./fragment";
import { serialize } from "./serialize";

const CLIENT = "jabber:client";

describe("parseFragment", () => {
  it("is the inverse of serialize with the same parentNs", () => {
    const text = `<message to="a@b" type="chat"><body>x &lt; y &amp; "z" ☃ \u{1F600}</body><x xmlns="urn:other"><y/></x></message>`;
    const back = parseFragment(text, { parentNs: CLIENT });
    expect(back.ns).toBe(CLIENT);
    expect(back.getChild("body", CLIENT)?.text()).toBe('x < y & "z" ☃ \u{1F600}');
    expect(back.getChild("x", "urn:other")?.getChild("y", "urn:other")).toBeDefined();
    expect(serialize(back, { parentNs: CLIENT })).toBe(text);
    expect(serialize(back)).toContain('xmlns="jabber:client"');
  });

  it("keeps the namespace the text was written under, default none", () => {
    expect(parseFragment("<a/>").ns).toBe("");
    expect(parseFragment("<a/>", { parentNs: "urn:x" }).ns).toBe("urn:x");
    expect(parseFragment("<a xmlns='urn:y'/>", { parentNs: "urn:x" }).ns).toBe("urn:y");
  });

  it("refuses anything but exactly one well-formed element", () => {
    for (const bad of ["", "text", "<a/><b/>", "<a>", "<a></b>", "<a/>trailing<b/>"]) {
      expect(() => parseFragment(bad), bad).toThrow(XmlFragmentError);
      expect(tryParseFragment(bad), bad).toBeUndefined();
    }
  });

  it("refuses what restricted XML forbids (RFC 6120 §11.1)", () => {
    for (const bad of ["<!DOCTYPE a><a/>", "<a><!-- c --></a>", "<?pi x?><a/>", "<a>&ent;</a>"]) {
      expect(() => parseFragment(bad), bad).toThrow(XmlFragmentError);
    }
  });

  it("enforces maxBytes when given, and parses large elements without one", () => {
    const big = `<a>${"x".repeat(300 * 1024)}</a>`;
    expect(parseFragment(big).text()).toHaveLength(300 * 1024);
    expect(() => parseFragment(big, { maxBytes: 1024 })).toThrow(XmlFragmentError);
  });

  it("cannot be escaped from through parentNs", () => {
    const el = parseFragment("<a/>", { parentNs: '"><evil/><x y="' });
    expect(el.localName).toBe("a");
  });

  it("round-trips any text content", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (s) => {
        const clean = s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "");
        const text = serialize(xml("v", { a: clean }, clean));
        const back = parseFragment(text);
        expect(back.text()).toBe(clean);
        expect(back.attr("a")).toBe(clean);
      }),
    );
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { escapeLocal, unescapeLocal } from "./escaping.js";
import { jid } from "./jid.js";

// XEP-0106 §5: unescaped localpart, escaped localpart.
const TABLE: [string, string][] = [
  ["space cadet", "space\\20cadet"],
  ['call me "ishmael"', "call\\20me\\20\\22ishmael\\22"],
  ["at&t guy", "at\\26t\\20guy"],
  ["d'artagnan", "d\\27artagnan"],
  ["/.fanboy", "\\2f.fanboy"],
  ["::foo::", "\\3a\\3afoo\\3a\\3a"],
  ["<foo>", "\\3cfoo\\3e"],
  ["user@host", "user\\40host"],
  ["c:\\net", "c\\3a\\net"],
  ["c:\\\\net", "c\\3a\\\\net"],
  ["c:\\cool stuff", "c\\3a\\cool\\20stuff"],
  ["c:\\5commas", "c\\3a\\5c5commas"],
];

describe("XEP-0106 §5 examples", () => {
  it.each(TABLE)("escapes %j as %j and back", (plain, escaped) => {
    expect(escapeLocal(plain)).toBe(escaped);
    expect(unescapeLocal(escaped)).toBe(plain);
    // The escaped form is a valid localpart.
    expect(jid(`${escaped}@example.com`).local).toBe(escaped);
  });

  it("escapes a backslash only where it would start an escape sequence (§4.2)", () => {
    expect(escapeLocal("\\3and\\2is\\5cool")).toBe("\\5c3and\\2is\\5c5cool");
    expect(unescapeLocal("\\5c3and\\2is\\5c5cool")).toBe("\\3and\\2is\\5cool");
    expect(escapeLocal("\\5c")).toBe("\\5c5c");
    expect(escapeLocal("call me\\20")).toBe("call\\20me\\5c20");
    expect(escapeLocal("foo\\bar")).toBe("foo\\bar");
  });

  it("leaves what is not an escape sequence when unescaping", () => {
    expect(unescapeLocal("\\2plus\\2is\\4")).toBe("\\2plus\\2is\\4");
    expect(unescapeLocal("foo\\41r")).toBe("foo\\41r");
    expect(unescapeLocal("\\5C")).toBe("\\5C"); // only lower-case hex is a sequence
    expect(unescapeLocal("\\")).toBe("\\");
  });

  it("is the identity on strings without special characters", () => {
    expect(escapeLocal("juliet")).toBe("juliet");
    expect(escapeLocal("")).toBe("");
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (s) => {
        fc.pre(!/[ "&'/:<>@\\]/.test(s));
        expect(escapeLocal(s)).toBe(s);
        expect(unescapeLocal(s)).toBe(s);
      }),
    );
  });
});

describe("round trip", () => {
  const special = fc.constantFrom(..." \"&'/:<>@\\", "\\20", "\\5c", "\\3a", "\\4", "5c", "a", "ß");
  const text = fc.oneof(fc.string({ unit: special }), fc.string({ unit: "grapheme" }));

  it("unescapeLocal(escapeLocal(s)) === s", () => {
    fc.assert(
      fc.property(text, (s) => {
        expect(unescapeLocal(escapeLocal(s))).toBe(s);
      }),
      { numRuns: 2000 },
    );
  });

  it("escaped output never holds a character forbidden in a localpart", () => {
    fc.assert(
      fc.property(text, (s) => {
        expect(escapeLocal(s)).not.toMatch(/[ "&'/:<>@]/);
      }),
    );
  });
});

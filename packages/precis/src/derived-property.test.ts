import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { derivation, derivedProperty } from "./derived-property.js";

describe("derived property algorithm (RFC 8264 §8)", () => {
  it.each([
    // [code point, category, property]
    [0x61, "ASCII7", "PVALID"],
    [0x7e, "ASCII7", "PVALID"],
    [0x20, "Spaces", "FREE_PVAL"],
    [0x00, "Controls", "DISALLOWED"],
    [0x7f, "Controls", "DISALLOWED"],
    [0x00df, "Exceptions", "PVALID"],
    [0x03c2, "Exceptions", "PVALID"],
    [0x00b7, "Exceptions", "CONTEXTO"],
    [0x0640, "Exceptions", "DISALLOWED"],
    [0x0663, "Exceptions", "CONTEXTO"],
    [0x200c, "JoinControl", "CONTEXTJ"],
    [0x200d, "JoinControl", "CONTEXTJ"],
    [0x1100, "OldHangulJamo", "DISALLOWED"],
    [0xd7fb, "OldHangulJamo", "DISALLOWED"],
    [0xac00, "LetterDigits", "PVALID"], // precomposed HANGUL SYLLABLE GA
    [0x00ad, "PrecisIgnorableProperties", "DISALLOWED"],
    [0xfdd0, "PrecisIgnorableProperties", "DISALLOWED"],
    [0xfffe, "PrecisIgnorableProperties", "DISALLOWED"],
    [0x0378, "Unassigned", "UNASSIGNED"],
    [0x2163, "HasCompat", "FREE_PVAL"],
    [0xff21, "HasCompat", "FREE_PVAL"],
    [0x00e9, "LetterDigits", "PVALID"],
    [0x0301, "LetterDigits", "PVALID"], // Mn
    [0x0966, "LetterDigits", "PVALID"], // DEVANAGARI DIGIT ZERO
    [0x01c5, "HasCompat", "FREE_PVAL"], // Lt with a compatibility mapping
    [0x1f88, "OtherLetterDigits", "FREE_PVAL"], // Lt without one
    [0x16ee, "OtherLetterDigits", "FREE_PVAL"], // RUNIC ARLAUG SYMBOL, Nl
    [0x20dd, "OtherLetterDigits", "FREE_PVAL"], // COMBINING ENCLOSING CIRCLE, Me
    [0x1680, "Spaces", "FREE_PVAL"],
    [0x265a, "Symbols", "FREE_PVAL"],
    [0x221e, "Symbols", "FREE_PVAL"],
    [0x00a1, "Punctuation", "FREE_PVAL"],
    [0xe000, "Other", "DISALLOWED"], // private use
    [0xd800, "Other", "DISALLOWED"], // surrogate
    [0x2028, "Other", "DISALLOWED"], // LINE SEPARATOR
  ])("U+%s is %s / %s", (cp, category, property) => {
    expect(derivation(cp)).toEqual({ category, property });
  });

  it("gives every code point exactly one of the seven values", () => {
    const values = new Set([
      "PVALID",
      "FREE_PVAL",
      "CONTEXTJ",
      "CONTEXTO",
      "DISALLOWED",
      "UNASSIGNED",
    ]);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0x10ffff }), (cp) => {
        expect(values.has(derivedProperty(cp))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("never makes a code point with a compatibility mapping PVALID, exceptions aside", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0x80, max: 0x10ffff }), (cp) => {
        const ch = String.fromCodePoint(cp);
        if (derivation(cp).category !== "Exceptions" && ch.normalize("NFKC") !== ch) {
          expect(derivedProperty(cp)).not.toBe("PVALID");
        }
      }),
      { numRuns: 5000 },
    );
  });
});

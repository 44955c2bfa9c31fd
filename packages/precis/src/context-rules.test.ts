import { describe, expect, it } from "vitest";
import { PrecisError } from "./errors.js";
import { nickname, opaqueString, usernameCaseMapped } from "./profiles.js";

const contextFailure = (fn: (s: string) => string, s: string): number | undefined => {
  try {
    fn(s);
    return undefined;
  } catch (e) {
    if (e instanceof PrecisError && e.reason === "context-rule") return e.codePoint;
    throw e;
  }
};

describe("CONTEXTJ and CONTEXTO rules (RFC 5892 Appendix A)", () => {
  it("A.1/A.2: ZWNJ and ZWJ after a virama", () => {
    expect(usernameCaseMapped("\u0915\u094d\u200c\u0937")).toBe("\u0915\u094d\u200c\u0937");
    expect(usernameCaseMapped("\u0915\u094d\u200d\u0937")).toBe("\u0915\u094d\u200d\u0937");
    expect(contextFailure(usernameCaseMapped, "a\u200cb")).toBe(0x200c);
    expect(contextFailure(usernameCaseMapped, "a\u200db")).toBe(0x200d);
    expect(contextFailure(usernameCaseMapped, "\u200d")).toBe(0x200d);
    // The same rules apply in FreeformClass.
    expect(contextFailure(opaqueString, "a\u200db")).toBe(0x200d);
  });

  it("A.1: ZWNJ between dual-joining Arabic letters, also across transparent marks", () => {
    // BEH ZWNJ BEH (both dual-joining)
    expect(usernameCaseMapped("\u0628\u200c\u0628")).toBe("\u0628\u200c\u0628");
    // BEH FATHA ZWNJ BEH
    expect(usernameCaseMapped("\u0628\u064e\u200c\u0628")).toBe("\u0628\u064e\u200c\u0628");
    // ALEF is right-joining only: it cannot stand before the ZWNJ.
    expect(contextFailure(usernameCaseMapped, "\u0627\u200c\u0628")).toBe(0x200c);
    // Nothing after the ZWNJ.
    expect(contextFailure(usernameCaseMapped, "\u0628\u200c")).toBe(0x200c);
  });

  it("A.3: MIDDLE DOT only between two l", () => {
    expect(usernameCaseMapped("col\u00b7la")).toBe("col\u00b7la");
    expect(contextFailure(usernameCaseMapped, "co\u00b7lla")).toBe(0xb7);
    expect(contextFailure(usernameCaseMapped, "l\u00b7")).toBe(0xb7);
    expect(contextFailure(nickname, "a\u00b7b")).toBe(0xb7);
  });

  it("A.4: GREEK KERAIA before Greek", () => {
    expect(usernameCaseMapped("\u0375\u03b1")).toBe("\u0375\u03b1");
    expect(contextFailure(usernameCaseMapped, "\u0375a")).toBe(0x375);
  });

  it("A.5/A.6: HEBREW GERESH and GERSHAYIM after Hebrew", () => {
    expect(usernameCaseMapped("\u05d0\u05f3")).toBe("\u05d0\u05f3");
    expect(usernameCaseMapped("\u05d0\u05f4\u05d1")).toBe("\u05d0\u05f4\u05d1");
    expect(contextFailure(usernameCaseMapped, "a\u05f3")).toBe(0x5f3);
  });

  it("A.7: KATAKANA MIDDLE DOT with some Hiragana, Katakana or Han", () => {
    expect(usernameCaseMapped("\u30a2\u30fb\u30a4")).toBe("\u30a2\u30fb\u30a4");
    expect(usernameCaseMapped("\u6f22\u30fb")).toBe("\u6f22\u30fb");
    expect(contextFailure(usernameCaseMapped, "a\u30fbb")).toBe(0x30fb);
    expect(contextFailure(usernameCaseMapped, "\u30fb\u30fb")).toBe(0x30fb);
  });

  it("A.8/A.9: the two kinds of Arabic-Indic digits never mix", () => {
    expect(usernameCaseMapped("\u0628\u0661\u0662")).toBe("\u0628\u0661\u0662");
    expect(usernameCaseMapped("\u0628\u06f1\u06f2")).toBe("\u0628\u06f1\u06f2");
    expect(contextFailure(usernameCaseMapped, "\u0628\u0661\u06f2")).toBe(0x661);
    expect(contextFailure(opaqueString, "\u06f1\u0662")).toBe(0x6f1);
  });
});

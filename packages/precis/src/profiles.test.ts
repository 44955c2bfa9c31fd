import { describe, expect, it } from "vitest";
import { PrecisError } from "./errors.js";
import {
  nickname,
  nicknameComparisonForm,
  nicknameEquals,
  opaqueString,
  opaqueStringEquals,
  usernameCaseMapped,
  usernameCaseMappedEquals,
  usernameCasePreserved,
} from "./profiles.js";

function failure(fn: (s: string) => string, input: string): PrecisError {
  try {
    fn(input);
  } catch (e) {
    if (e instanceof PrecisError) return e;
    throw e;
  }
  throw new Error(`expected ${JSON.stringify(input)} to fail`);
}

describe("UsernameCaseMapped and UsernameCasePreserved (RFC 8265 §3.5)", () => {
  const good: [string, string, string][] = [
    // input, case-mapped, case-preserved
    ["juliet@example.com", "juliet@example.com", "juliet@example.com"],
    ["fussball", "fussball", "fussball"],
    ["fußball", "fußball", "fußball"],
    ["π", "π", "π"],
    ["Σ", "σ", "Σ"],
    ["σ", "σ", "σ"],
    ["ς", "ς", "ς"],
  ];
  it.each(good)("accepts %s", (input, mapped, preserved) => {
    expect(usernameCaseMapped(input)).toBe(mapped);
    expect(usernameCasePreserved(input)).toBe(preserved);
  });

  const bad: [string, string, number | undefined][] = [
    ["foo bar", "disallowed-code-point", 0x20], // space is ID_DIS
    ["", "empty", undefined],
    ["henry\u2163", "disallowed-code-point", 0x2163], // ROMAN NUMERAL FOUR has a compat mapping
    ["\u265a", "disallowed-code-point", 0x265a], // BLACK CHESS KING is a symbol
  ];
  it.each(bad)("rejects %j (%s)", (input, reason, cp) => {
    for (const fn of [usernameCaseMapped, usernameCasePreserved]) {
      const err = failure(fn, input);
      expect(err.reason).toBe(reason);
      // The code point is reported as found in the mapped string: U+2163 -> U+2173 when mapped.
      const mapped = cp === undefined ? undefined : String.fromCodePoint(cp).toLowerCase();
      expect(err.codePoint).toBe(fn === usernameCaseMapped ? mapped?.codePointAt(0) : cp);
      expect(err.message).toMatch(/^Username/);
    }
  });

  it("maps fullwidth letters to their ASCII form (width mapping rule)", () => {
    expect(usernameCaseMapped("\uff2a\uff55\uff4c\uff49\uff45\uff54")).toBe("juliet");
    expect(usernameCasePreserved("\uff2a\uff55\uff4c\uff49\uff45\uff54")).toBe("Juliet");
  });

  it("maps halfwidth katakana and composes the voiced mark", () => {
    // HALFWIDTH KATAKANA HA + HALFWIDTH VOICED SOUND MARK -> KATAKANA BA
    expect(usernameCaseMapped("\uff8a\uff9e")).toBe("\u30d0");
  });

  it("normalizes to NFC", () => {
    expect(usernameCaseMapped("e\u0301")).toBe("\u00e9");
    expect(usernameCaseMapped("\u212b")).toBe("\u00e5"); // ANGSTROM SIGN -> å
  });

  it("rejects control characters, ignorables, unassigned and private use code points", () => {
    expect(failure(usernameCaseMapped, "a\u0000b").codePoint).toBe(0);
    expect(failure(usernameCaseMapped, "a\u00adb").codePoint).toBe(0xad); // SOFT HYPHEN
    expect(failure(usernameCaseMapped, "a\u{e0001}").codePoint).toBe(0xe0001);
    expect(failure(usernameCaseMapped, "a\ue000").codePoint).toBe(0xe000);
    expect(failure(usernameCaseMapped, "a\ufdd0").codePoint).toBe(0xfdd0); // noncharacter
    expect(failure(usernameCaseMapped, "a\ud800").codePoint).toBe(0xd800); // lone surrogate
    expect(failure(usernameCaseMapped, "a\u{10ffff}").reason).toBe("disallowed-code-point");
  });

  it("applies the Bidi Rule to right-to-left usernames", () => {
    expect(usernameCaseMapped("שלום")).toBe("שלום");
    expect(usernameCaseMapped("مرحبا")).toBe("مرحبا");
    expect(usernameCaseMapped("שלום1")).toBe("שלום1");
    expect(failure(usernameCaseMapped, "abcש").reason).toBe("bidi-rule");
    expect(failure(usernameCaseMapped, "1ש").reason).toBe("bidi-rule");
    expect(failure(usernameCaseMapped, "٣").reason).toBe("bidi-rule"); // AN cannot start
  });

  it("compares after enforcement", () => {
    expect(usernameCaseMappedEquals("Juliet", "juliet")).toBe(true);
    expect(usernameCaseMappedEquals("\uff2aULIET", "juliet")).toBe(true);
    expect(usernameCaseMappedEquals("fussball", "fußball")).toBe(false);
    expect(usernameCaseMappedEquals("", "")).toBe(false);
  });
});

describe("OpaqueString (RFC 8265 §4.3)", () => {
  it.each([
    ["correct horse battery staple", "correct horse battery staple"],
    ["Correct Horse Battery Staple", "Correct Horse Battery Staple"],
    ["πßå", "πßå"],
    ["Jack of \u2666s", "Jack of \u2666s"],
    ["foo\u1680bar", "foo bar"], // OGHAM SPACE MARK -> SPACE
  ])("accepts %j", (input, output) => {
    expect(opaqueString(input)).toBe(output);
  });

  it("rejects the empty string", () => {
    expect(failure(opaqueString, "").reason).toBe("empty");
  });

  it("rejects a tab (a control character)", () => {
    const err = failure(opaqueString, "my cat is a \u0009by");
    expect(err.reason).toBe("disallowed-code-point");
    expect(err.codePoint).toBe(9);
    expect(err.profile).toBe("OpaqueString");
  });

  it("keeps case, width and compatibility forms; applies NFC", () => {
    expect(opaqueString("\uff21bc")).toBe("\uff21bc");
    expect(opaqueString("Richard \u2163")).toBe("Richard \u2163");
    expect(opaqueString("a\u0301")).toBe("\u00e1");
    expect(opaqueStringEquals("Secret", "secret")).toBe(false);
    expect(opaqueStringEquals("a\u00a0b", "a b")).toBe(true);
  });

  it("allows right-to-left text mixed with left-to-right (no directionality rule)", () => {
    expect(opaqueString("abc שלום 123")).toBe("abc שלום 123");
  });
});

describe("Nickname (RFC 8266 §4)", () => {
  // Input, enforced output (case preserved), comparison form.
  it.each([
    ["Foo", "Foo", "foo"],
    ["foo", "foo", "foo"],
    ["Foo Bar", "Foo Bar", "foo bar"],
    ["foo bar", "foo bar", "foo bar"],
    ["\u03a3", "\u03a3", "\u03c3"],
    ["\u03c3", "\u03c3", "\u03c3"],
    ["\u03c2", "\u03c2", "\u03c2"],
    ["\u265a", "\u265a", "\u265a"],
    ["Richard \u2163", "Richard IV", "richard iv"],
    ["\u03d4", "\u03ab", "\u03cb"], // GREEK UPSILON WITH DIAERESIS AND HOOK SYMBOL, NFKC
    ["\u221e", "\u221e", "\u221e"],
  ])("%j enforces to %j and compares as %j", (input, enforced, compared) => {
    expect(nickname(input)).toBe(enforced);
    expect(nicknameComparisonForm(input)).toBe(compared);
  });

  it("trims and collapses spaces, mapping non-ASCII spaces first", () => {
    expect(nickname("  stpeter ")).toBe("stpeter");
    expect(nickname("St\u00a0\u2003 Peter")).toBe("St Peter");
    expect(nickname("\u3000j\u3000")).toBe("j");
  });

  it("rejects what maps to nothing and what is disallowed", () => {
    expect(failure(nickname, "").reason).toBe("empty");
    expect(failure(nickname, "   ").reason).toBe("empty");
    expect(failure(nickname, "\u2003").reason).toBe("empty");
    expect(failure(nickname, "a\u0007").codePoint).toBe(7);
    expect(failure(nickname, "a\u200bb").codePoint).toBe(0x200b); // ZERO WIDTH SPACE
  });

  it("compares case-insensitively", () => {
    expect(nicknameEquals("Foo", "foo")).toBe(true);
    expect(nicknameEquals("Richard IV", "richard \u2163")).toBe(true);
    expect(nicknameEquals("Foo", "Fooo")).toBe(false);
    expect(nicknameEquals("", "")).toBe(false);
  });
});

describe("stabilization (RFC 8264 §7)", () => {
  it("re-applies the rules until the output is stable", () => {
    // NFKC turns U+00A8 DIAERESIS into SPACE + COMBINING DIAERESIS; the second pass collapses
    // the two spaces that result into one.
    expect(nickname("a \u00a8")).toBe("a \u0308");
    // Here the second pass trims the leading space that NFKC produced; what is left starts
    // with a combining mark, which FreeformClass allows.
    expect(nickname("\u00a8")).toBe("\u0308");
  });
});

import { describe, expect, it } from "vitest";
import { bidiClass, satisfiesBidiRule } from "./bidi.js";

const cps = (s: string) => Array.from(s, (c) => c.codePointAt(0)!);
const ok = (s: string) => satisfiesBidiRule(cps(s));

describe("approximate Bidi_Class", () => {
  it.each([
    ["a", "L"],
    ["\u00e9", "L"],
    ["\u0915", "L"],
    ["\u05d0", "R"],
    ["\u0628", "R"],
    ["\u{10900}", "R"], // PHOENICIAN LETTER ALF
    ["\u{1e900}", "R"], // ADLAM CAPITAL LETTER ALIF
    ["1", "EN"],
    ["\u06f1", "EN"],
    ["\u0661", "AN"],
    ["-", "ES"],
    [".", "CS"],
    ["$", "ET"],
    ["\u0301", "NSM"],
    ["\u05b0", "NSM"], // HEBREW POINT SHEVA
    [" ", "WS"],
    ["!", "ON"],
    ["\u00ad", "BN"],
  ])("%j is %s", (ch, cls) => {
    expect(bidiClass(ch.codePointAt(0)!)).toBe(cls);
  });
});

describe("Bidi Rule (RFC 5893 §2)", () => {
  it("does not constrain strings without right-to-left code points", () => {
    expect(ok("1abc")).toBe(true);
    expect(ok("-")).toBe(true);
  });

  it("accepts well-formed right-to-left strings", () => {
    expect(ok("\u05e9\u05dc\u05d5\u05dd")).toBe(true);
    expect(ok("\u05d0\u05d1-\u05d2")).toBe(true);
    expect(ok("\u05d0123")).toBe(true);
    expect(ok("\u0628\u0661\u0662")).toBe(true);
    expect(ok("\u05d0\u05b0")).toBe(true); // trailing NSM
  });

  it("rule 1: must start with L, R or AL", () => {
    expect(ok("1\u05d0")).toBe(false);
    expect(ok("\u0661\u0628")).toBe(false);
    expect(ok("-\u05d0")).toBe(false);
  });

  it("rule 2: no L in an RTL string", () => {
    expect(ok("\u05d0a\u05d1")).toBe(false);
  });

  it("rule 3: must end with R, AL, EN or AN (then NSM*)", () => {
    expect(ok("\u05d0-")).toBe(false);
    expect(ok("\u05d0!")).toBe(false);
  });

  it("rule 4: EN and AN never together", () => {
    expect(ok("\u06281\u0661")).toBe(false);
  });

  it("rules 5 and 6: an LTR string holds no R or AN", () => {
    expect(ok("a\u05d0")).toBe(false);
    expect(ok("a\u0661")).toBe(false);
  });
});

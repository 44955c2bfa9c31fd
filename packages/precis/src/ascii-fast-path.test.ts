// The ASCII fast paths must agree with full enforcement (RFC 8264 §7) on every input.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { asciiFreeform, asciiIdentifier } from "./ascii-fast-path.js";
import { PrecisError } from "./errors.js";
import { enforce, type PrecisProfile } from "./profile.js";
import {
  OpaqueString,
  opaqueString,
  UsernameCaseMapped,
  UsernameCasePreserved,
  usernameCaseMapped,
  usernameCasePreserved,
} from "./profiles.js";

/** The outcome of a call: its result, or the reason it failed. */
function outcome(fn: () => string): string {
  try {
    return `ok:${fn()}`;
  } catch (e) {
    if (e instanceof PrecisError) return `error:${e.reason}`;
    throw e;
  }
}

// Printable ASCII, controls, spaces, and non-ASCII that maps, normalizes or is disallowed.
const asciiish = fc.string({
  unit: fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)),
  maxLength: 12,
});
const mixed = fc.string({
  unit: fc.oneof(
    fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
    fc.constantFrom(
      "ß",
      "Σ",
      "İ",
      "Ａ",
      "\u3000",
      "\u00a0",
      "e\u0301",
      "\u0301",
      "ا",
      "\u200d",
      "\ud800",
      "漢",
    ),
  ),
  maxLength: 12,
});
const inputs = fc.oneof(asciiish, mixed, fc.string({ unit: "grapheme", maxLength: 8 }));

const profiles: [PrecisProfile, (s: string) => string][] = [
  [UsernameCaseMapped, usernameCaseMapped],
  [UsernameCasePreserved, usernameCasePreserved],
  [OpaqueString, opaqueString],
];

describe("ASCII fast paths", () => {
  for (const [profile, fn] of profiles) {
    it(`${profile.name}: the profile function equals full enforcement`, () => {
      fc.assert(
        fc.property(inputs, (s) => {
          expect(outcome(() => fn(s))).toBe(outcome(() => enforce(profile, s)));
        }),
        { numRuns: 2000 },
      );
    });
  }

  it("takes only printable ASCII", () => {
    expect(asciiIdentifier("Juliet!~", true)).toBe("juliet!~");
    expect(asciiIdentifier("Juliet", false)).toBe("Juliet");
    expect(asciiIdentifier("a b", true)).toBeUndefined(); // space: FREE_PVAL, not identifier
    expect(asciiIdentifier("a\tb", true)).toBeUndefined();
    expect(asciiIdentifier("a\x7f", true)).toBeUndefined();
    expect(asciiIdentifier("ß", true)).toBeUndefined();
    expect(asciiIdentifier("", true)).toBeUndefined();
    expect(asciiFreeform(" a b ")).toBe(" a b ");
    expect(asciiFreeform("a\nb")).toBeUndefined();
    expect(asciiFreeform("a\u00a0b")).toBeUndefined();
    expect(asciiFreeform("")).toBeUndefined();
  });
});

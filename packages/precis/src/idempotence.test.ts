// RFC 8264 §7: enforcement is idempotent: enforce(enforce(x)) === enforce(x) whenever the first
// enforcement succeeds; and every failure is a PrecisError.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PrecisError } from "./errors.js";
import { enforce } from "./profile.js";
import { Nickname, OpaqueString, UsernameCaseMapped, UsernameCasePreserved } from "./profiles.js";

// Mix ASCII, Latin-1, Greek, Hebrew, Arabic, CJK, combining marks, fullwidth and odd spaces so
// that generated strings hit the mapping rules, not only plain ASCII.
const interesting = fc.constantFrom(
  ..."aZ09 @._-ßΣσςΪİﬁ\u0301\u0308\u00a0\u1680\u3000ＡＺｚ１ｶﾞשלוםمرحبا١٢۱\u200c\u200d\u00b7漢字カナⅣ♚∞\t",
);
const text = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 12 }),
  fc.string({ unit: interesting, maxLength: 12 }),
  fc.string({ unit: "binary", maxLength: 8 }),
);

describe.each([UsernameCaseMapped, UsernameCasePreserved, OpaqueString, Nickname])(
  "$name",
  (profile) => {
    it("is idempotent and fails only with PrecisError", () => {
      fc.assert(
        fc.property(text, (s) => {
          let once: string;
          try {
            once = enforce(profile, s);
          } catch (e) {
            expect(e).toBeInstanceOf(PrecisError);
            return;
          }
          expect(enforce(profile, once)).toBe(once);
          expect(once.length).toBeGreaterThan(0);
          expect(once).toBe(once.normalize(profile.normalization));
        }),
        { numRuns: 1500 },
      );
    });
  },
);

describe("a profile whose rules never settle", () => {
  const growing = { ...OpaqueString, name: "Growing", additionalMapping: (s: string) => s + "." };
  it("is rejected with not-idempotent", () => {
    expect(() => enforce(growing, "x")).toThrow(
      expect.objectContaining({ reason: "not-idempotent", profile: "Growing" }),
    );
  });
});

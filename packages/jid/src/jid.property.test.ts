// Property tests: every address that can be built prints to a string that parses back to it.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { JidError } from "./errors.js";
import { Jid, jid, tryParseJid } from "./jid.js";

const localChars = fc.constantFrom(..."abcXYZ019-._+ßσΣçÉπж漢字ﾊﾞＡ\\", "\\20", "\\40", "\u0301");
const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,8}[a-z0-9])?$/);
const unicodeLabel = fc.constantFrom("münchen", "παράδειγμα", "пример", "例え", "xn--mnchen-3ya");
const hostname = fc
  .array(fc.oneof(label, unicodeLabel), { minLength: 1, maxLength: 4 })
  .map((labels) => labels.join("."))
  .filter((d) => !/^[\d.]+$/.test(d));
const ipv4 = fc.ipV4().filter((ip) => !/(^|\.)0\d/.test(ip));
const ipv6 = fc.ipV6().map((ip) => `[${ip}]`);
const domain = fc.oneof({ weight: 6, arbitrary: hostname }, ipv4, ipv6);
const local = fc.option(fc.string({ unit: localChars, minLength: 1, maxLength: 12 }), {
  nil: undefined,
});
const resource = fc.option(
  fc.oneof(fc.string({ unit: "grapheme", minLength: 1, maxLength: 16 }), fc.constant("a/b@c")),
  { nil: undefined },
);

const built = fc.tuple(local, domain, resource).map(([l, d, r]) => {
  try {
    return Jid.of({ local: l, domain: d, resource: r });
  } catch (e) {
    if (e instanceof JidError) return undefined;
    throw e;
  }
});

describe("Jid properties", () => {
  it("parse(toString(j)) equals j", () => {
    fc.assert(
      fc.property(built, (j) => {
        fc.pre(j !== undefined);
        const again = jid(j!.toString());
        expect(again.equals(j!)).toBe(true);
        expect([again.local, again.domain, again.resource]).toEqual([
          j!.local,
          j!.domain,
          j!.resource,
        ]);
        expect(again.toString()).toBe(j!.toString());
      }),
      { numRuns: 1000 },
    );
  });

  it("bare() drops only the resourcepart and equals itself under bareEquals", () => {
    fc.assert(
      fc.property(built, (j) => {
        fc.pre(j !== undefined);
        const bare = j!.bare();
        expect(bare.isBare).toBe(true);
        expect(bare.bareEquals(j!)).toBe(true);
        expect(bare.equals(j!)).toBe(j!.isBare);
      }),
      { numRuns: 300 },
    );
  });

  it("parses any string to a Jid or a JidError, never anything else", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 40 }), (s) => {
        const j = tryParseJid(s);
        if (j !== undefined) expect(jid(j.toString()).equals(j)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});

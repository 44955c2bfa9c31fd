// The fast paths of preparation (ascii-domain.ts, the ASCII paths of @parley/precis) must give
// exactly what the full paths give: the same prepared form, or the same failure.
import { enforce, OpaqueString, UsernameCaseMapped } from "@parley/precis";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { asciiLdhDomain } from "./ascii-domain.js";
import { prepareDomainpart, prepareIdnDomain } from "./domainpart.js";
import { JidError } from "./errors.js";
import { prepareLocalpart, prepareResourcepart } from "./localpart.js";

function outcome(fn: () => string): string {
  try {
    return `ok:${fn()}`;
  } catch (e) {
    if (e instanceof JidError) return `error:${e.reason}`;
    if (e instanceof Error && e.name === "PrecisError")
      return `error:${(e as { reason?: string }).reason}`;
    throw e;
  }
}

const char = (codes: string) => fc.constantFrom(...codes);
const ldhChars = char("abcxyzABCXYZ0129-.");
const asciiChars = fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c));
const nonAscii = char("ÜüßΣσ漢ا\u200d\u0301．。Ａ\u00a0");
// Mostly LDH (so that labels pass the fast path), with any ASCII and some non-ASCII mixed in.
const domainish = fc.oneof(
  fc.string({ unit: ldhChars, minLength: 1, maxLength: 20 }),
  fc.string({
    unit: fc.oneof({ weight: 4, arbitrary: ldhChars }, asciiChars),
    minLength: 1,
    maxLength: 20,
  }),
  fc.string({
    unit: fc.oneof({ weight: 4, arbitrary: ldhChars }, nonAscii),
    minLength: 1,
    maxLength: 20,
  }),
  fc.constantFrom("xn--mnchen-3ya.de", "ab--cd.example", "a-.b", "-a.b", "EXAMPLE.com", "a..b"),
);
// What reaches the fast path: no trailing separator, no IP address (prepareDomainpart checks those).
const hostnameish = domainish.filter(
  (s) => !/[.\u3002\uff0e\uff61]$/.test(s) && !/^[\d.]+$/.test(s) && !s.startsWith("["),
);

const partish = fc.string({
  unit: fc.oneof({ weight: 6, arbitrary: asciiChars }, nonAscii, char("ΣİẞǅＡ")),
  minLength: 1,
  maxLength: 14,
});

describe("fast paths agree with the full paths", () => {
  it("domainpart: an LDH domain prepares as UTS #46 prepares it", () => {
    fc.assert(
      fc.property(hostnameish, (s) => {
        const fast = asciiLdhDomain(s);
        if (fast !== undefined) expect(`ok:${fast}`).toBe(outcome(() => prepareIdnDomain(s)));
        expect(outcome(() => prepareDomainpart(s))).toBe(outcome(() => prepareIdnDomain(s)));
      }),
      { numRuns: 3000 },
    );
  });

  it("the fast path takes plain host names and leaves A-labels and bad hyphens to UTS #46", () => {
    expect(asciiLdhDomain("Chat.Example-1.COM")).toBe("chat.example-1.com");
    expect(asciiLdhDomain("localhost")).toBe("localhost");
    expect(asciiLdhDomain("xn--mnchen-3ya.de")).toBeUndefined();
    expect(asciiLdhDomain("ab--cd.example")).toBeUndefined();
    expect(asciiLdhDomain("-a.example")).toBeUndefined();
    expect(asciiLdhDomain("a-.example")).toBeUndefined();
    expect(asciiLdhDomain("a..example")).toBeUndefined();
    expect(asciiLdhDomain("a_b.example")).toBeUndefined();
    expect(asciiLdhDomain("münchen.de")).toBeUndefined();
    expect(asciiLdhDomain(`${"a".repeat(1024)}`)).toBeUndefined();
  });

  it("localpart: the same as UsernameCaseMapped and the §3.3.1 check", () => {
    fc.assert(
      fc.property(partish, (s) => {
        const full = outcome(() => {
          const p = enforce(UsernameCaseMapped, s);
          if (/["&'/:<>@]/.test(p)) throw new JidError("localpart", "forbidden-character", p);
          return p;
        });
        expect(outcome(() => prepareLocalpart(s))).toBe(full);
      }),
      { numRuns: 3000 },
    );
  });

  it("resourcepart: the same as OpaqueString", () => {
    fc.assert(
      fc.property(partish, (s) => {
        expect(outcome(() => prepareResourcepart(s))).toBe(outcome(() => enforce(OpaqueString, s)));
      }),
      { numRuns: 3000 },
    );
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { H_MODULUS, addH, distanceH, parseH } from "./counter";
import { SmacksProtocolError } from "./errors";

const h = fc.integer({ min: 0, max: H_MODULUS - 1 });
const steps = fc.integer({ min: 0, max: 10_000 });

describe("h arithmetic modulo 2^32 (XEP-0198 §4)", () => {
  it("wraps to 0 after 2^32 - 1", () => {
    expect(addH(H_MODULUS - 1)).toBe(0);
    expect(addH(H_MODULUS - 2, 3)).toBe(1);
    expect(distanceH(H_MODULUS - 1, 0)).toBe(1);
    expect(distanceH(5, 5)).toBe(0);
    expect(distanceH(6, 5)).toBe(H_MODULUS - 1);
  });

  it("addH stays in range and distanceH undoes it", () => {
    fc.assert(
      fc.property(h, steps, (start, n) => {
        const end = addH(start, n);
        expect(end).toBeGreaterThanOrEqual(0);
        expect(end).toBeLessThan(H_MODULUS);
        expect(distanceH(start, end)).toBe(n);
      }),
    );
  });

  it("n single steps equal one step of n", () => {
    fc.assert(
      fc.property(h, fc.integer({ min: 0, max: 50 }), (start, n) => {
        let x = start;
        for (let i = 0; i < n; i++) x = addH(x);
        expect(x).toBe(addH(start, n));
      }),
    );
  });

  it("distances around the circle add up", () => {
    fc.assert(
      fc.property(h, h, (a, b) => {
        const there = distanceH(a, b);
        const back = distanceH(b, a);
        expect(there + back).toBe(a === b ? 0 : H_MODULUS);
      }),
    );
  });
});

describe("parseH", () => {
  it("reads every unsigned 32-bit value back", () => {
    fc.assert(
      fc.property(h, (n) => {
        expect(parseH(String(n))).toBe(n);
      }),
    );
  });

  it.each([undefined, "", "-1", "+1", "1.0", "0x10", " 1", "1e3", "4294967296", "99999999999"])(
    "rejects %j with bad-request",
    (value) => {
      try {
        parseH(value);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(SmacksProtocolError);
        expect((e as SmacksProtocolError).condition).toBe("bad-request");
      }
    },
  );
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateId } from "./index";

describe("generateId", () => {
  it("gives unpadded base64url of the requested byte count", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 64 }), (bytes) => {
        const id = generateId(bytes);
        expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(id).toHaveLength(Math.ceil((bytes * 4) / 3));
      }),
    );
    expect(generateId()).toHaveLength(16);
  });

  it("does not repeat", () => {
    const ids = new Set(Array.from({ length: 2000 }, () => generateId()));
    expect(ids.size).toBe(2000);
  });

  it("uses every alphabet character over many draws (no stuck bits)", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) for (const c of generateId(30)) seen.add(c);
    expect(seen.size).toBe(64);
  });

  it("rejects silly lengths", () => {
    for (const n of [0, -1, 1.5, 2000, Number.NaN]) expect(() => generateId(n)).toThrow(RangeError);
  });
});

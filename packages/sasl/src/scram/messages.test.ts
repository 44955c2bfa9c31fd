import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseIterationCount } from "./attributes.js";
import { buildGs2Header, parseGs2Header } from "./gs2.js";
import { decodeSaslname, encodeSaslname } from "./saslname.js";

describe("saslname (RFC 5802 §5.1)", () => {
  it("round-trips any non-empty string and never leaves a bare ',' or stray '='", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (s) => {
        const encoded = encodeSaslname(s);
        expect(encoded).not.toContain(",");
        expect(encoded.replace(/=2C|=3D/g, "")).not.toContain("=");
        expect(decodeSaslname(encoded)).toBe(s);
      }),
    );
  });

  it.each(["=", "a=", "a=2", "a=2c", "a=3d", "a=41", "a==3D", ""])("refuses %j", (s) => {
    expect(() => decodeSaslname(s)).toThrow(
      expect.objectContaining({ condition: "malformed-request" }),
    );
  });
});

describe("GS2 header", () => {
  it("builds and parses each flag with and without authzid", () => {
    for (const cbind of [
      { flag: "n" },
      { flag: "y" },
      { flag: "p", type: "tls-exporter" },
    ] as const) {
      for (const authzid of [null, "a,b=c@example.com"]) {
        const raw = buildGs2Header(cbind, authzid);
        const { header, bare } = parseGs2Header(`${raw}n=x,r=y`);
        expect(header).toEqual({ cbind, authzid, raw });
        expect(bare).toBe("n=x,r=y");
      }
    }
  });
});

describe("iteration count", () => {
  it("accepts decimal numbers and refuses everything else", () => {
    expect(parseIterationCount("4096")).toBe(4096);
    for (const bad of ["", "0", "04096", "-1", "4096.0", "1e4", " 4096", "99999999999"]) {
      expect(() => parseIterationCount(bad)).toThrow(
        expect.objectContaining({ condition: "malformed-request" }),
      );
    }
  });
});

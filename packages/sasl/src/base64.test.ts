import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeBase64, decodeSaslPayload, encodeBase64, encodeSaslPayload } from "./base64.js";

describe("base64 (RFC 4648 §4, strict per RFC 6120 §6.4.2)", () => {
  it("round-trips any bytes and matches Node's encoder", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const text = encodeBase64(bytes);
        expect(text).toBe(Buffer.from(bytes).toString("base64"));
        expect(decodeBase64(text)).toEqual(bytes);
      }),
    );
  });

  it.each([
    ["whitespace", "biws "],
    ["line break", "bi\nws"],
    ["bad length", "biw"],
    ["bad character", "bi*s"],
    ["URL alphabet", "-_-_"],
    ["padding in the middle", "bi==biws"],
    ["three pads", "b==="],
    ["non-zero pad bits", "QR=="],
    ["non-zero pad bits (one pad)", "QUF="],
    ["non-ASCII", "biwé"],
  ])("refuses %s with incorrect-encoding", (_why, text) => {
    expect(() => decodeBase64(text)).toThrow(
      expect.objectContaining({ condition: "incorrect-encoding" }),
    );
  });

  it("maps XML payloads: empty element = no data, '=' = empty data", () => {
    expect(encodeSaslPayload(null)).toBe("");
    expect(encodeSaslPayload(new Uint8Array(0))).toBe("=");
    expect(encodeSaslPayload(new Uint8Array([1, 2]))).toBe("AQI=");
    expect(decodeSaslPayload("")).toBeNull();
    expect(decodeSaslPayload("=")).toEqual(new Uint8Array(0));
    expect(decodeSaslPayload("AQI=")).toEqual(new Uint8Array([1, 2]));
    expect(() => decodeSaslPayload("==")).toThrow(
      expect.objectContaining({ condition: "incorrect-encoding" }),
    );
  });
});

// Unit tests of the XEP-0398 pieces: base64 (property: round trip, agreement with Node's
// decoder, rejection of everything else), image headers, vCard PHOTO reading and writing, config.
import { xml } from "@parley/xml";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeBase64, encodeBase64, sha1Hex } from "./base64";
import { readPepConfig } from "./config";
import { PepConfigError } from "./errors";
import { imageInfo } from "./image-info";
import { VCARD } from "./ns";
import { readPhoto, withPhoto } from "./vcard-photo";

describe("base64", () => {
  it("round-trips any bytes and agrees with Node's encoder", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const text = encodeBase64(bytes);
        expect(text).toBe(Buffer.from(bytes).toString("base64"));
        expect(decodeBase64(text)).toEqual(bytes);
        // Line-wrapped, as vCards carry it.
        expect(decodeBase64(text.replace(/.{1,20}/g, "$&\r\n "))).toEqual(bytes);
      }),
    );
  });

  it("rejects what is not base64", () => {
    for (const bad of [
      "not*base64!",
      "abc",
      "a===",
      "ab=c",
      "====",
      "ab==cd==",
      "YQ",
      "YR==",
      "Y\u00e9Q=",
    ]) {
      expect(decodeBase64(bad), bad).toBeUndefined();
    }
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (s) => {
        const decoded = decodeBase64(s);
        if (decoded !== undefined) {
          // Whatever is accepted is canonical base64 once whitespace is gone.
          expect(encodeBase64(decoded)).toBe(s.replace(/[\t\n\r ]+/g, ""));
        }
      }),
    );
  });

  it("hashes with hex SHA-1", async () => {
    expect(await sha1Hex(new TextEncoder().encode("abc"))).toBe(
      "a9993e364706816aba3e25717850c26c9cd0d89d",
    );
  });
});

describe("image headers", () => {
  const png = (w: number, h: number) => {
    const b = new Uint8Array(24);
    b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    new DataView(b.buffer).setUint32(16, w);
    new DataView(b.buffer).setUint32(20, h);
    return b;
  };

  it("reads PNG, GIF and JPEG sizes", () => {
    expect(imageInfo(png(64, 48))).toEqual({ type: "image/png", width: 64, height: 48 });
    const gif = new Uint8Array([...new TextEncoder().encode("GIF87a"), 0x2c, 0x01, 0x10, 0x00]);
    expect(imageInfo(gif)).toEqual({ type: "image/gif", width: 300, height: 16 });
    // SOI, an APP0 segment of 4 bytes, then SOF0: precision 8, height 0x0102, width 0x0304.
    const jpeg = new Uint8Array([
      0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xc0, 0, 11, 8, 1, 2, 3, 4, 3,
    ]);
    expect(imageInfo(jpeg)).toEqual({ type: "image/jpeg", width: 0x0304, height: 0x0102 });
  });

  it("says only what it knows about damaged or unknown data", () => {
    expect(imageInfo(png(0, 48))).toEqual({ type: "image/png" });
    expect(imageInfo(png(64, 48).subarray(0, 10))).toEqual({ type: "image/png" });
    expect(imageInfo(new Uint8Array([0xff, 0xd8, 0x00]))).toEqual({ type: "image/jpeg" });
    expect(imageInfo(new Uint8Array([1, 2, 3]))).toEqual({});
    expect(imageInfo(new Uint8Array())).toEqual({});
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const info = imageInfo(bytes); // never throws, never invents a size without a type
        if (info.width !== undefined) expect(info.type).toBeDefined();
      }),
    );
  });
});

describe("vCard PHOTO", () => {
  const card = (...children: ReturnType<typeof xml>[]) =>
    xml("vCard", { xmlns: VCARD }, ...children);
  const photo = (type: string | null, binval: string) =>
    xml("PHOTO", null, type === null ? null : xml("TYPE", null, type), xml("BINVAL", null, binval));

  it("reads a valid PHOTO as an avatar with its SHA-1 id", async () => {
    const r = await readPhoto(card(xml("FN", null, "J"), photo("image/webp", "AQID")));
    expect(r).toEqual({
      kind: "photo",
      avatar: {
        id: await sha1Hex(new Uint8Array([1, 2, 3])),
        bytes: new Uint8Array([1, 2, 3]),
        type: "image/webp",
      },
    });
  });

  it("tells none, external and invalid apart", async () => {
    expect(await readPhoto(undefined)).toEqual({ kind: "none" });
    expect(await readPhoto(card(xml("FN", null, "J")))).toEqual({ kind: "none" });
    const ext = card(xml("PHOTO", null, xml("EXTVAL", null, "https://img.example/a.png")));
    expect(await readPhoto(ext)).toEqual({ kind: "external" });
    const reasons = async (el: ReturnType<typeof xml>) => {
      const r = await readPhoto(el);
      return r.kind === "invalid" ? r.reason : r.kind;
    };
    expect(await reasons(card(xml("PHOTO", null, xml("TYPE", null, "image/png"))))).toBe(
      "PHOTO without BINVAL",
    );
    expect(await reasons(card(photo("image/png", "@@@@")))).toBe("BINVAL is not base64");
    expect(await reasons(card(photo("image/png", "  ")))).toBe("empty BINVAL");
    expect(await reasons(card(photo(null, "AQID")))).toBe("unknown image type");
  });

  it("replaces or removes the PHOTO, keeping the rest", async () => {
    const before = card(
      xml("FN", null, "J"),
      photo("image/png", "AQID"),
      xml("NICKNAME", null, "j"),
    );
    const bytes = new Uint8Array([9, 8, 7, 6]);
    const after = withPhoto(before, { id: "x", bytes, type: "image/gif" });
    expect(after.elements().map((e) => e.localName)).toEqual(["FN", "NICKNAME", "PHOTO"]);
    const read = await readPhoto(after);
    expect(read.kind === "photo" && read.avatar.bytes).toEqual(bytes);
    expect(
      withPhoto(before, undefined)
        .elements()
        .map((e) => e.localName),
    ).toEqual(["FN", "NICKNAME"]);
    // The input is not changed.
    expect(before.getChildren("PHOTO", VCARD)).toHaveLength(1);
  });
});

describe("conversion config", () => {
  it("takes booleans for switches and integers for sizes", () => {
    expect(readPepConfig({})).toMatchObject({ vcardConversion: true, vcardMaxBytes: 131072 });
    expect(readPepConfig({ vcardConversion: false, vcardMaxBytes: 5 })).toMatchObject({
      vcardConversion: false,
      vcardMaxBytes: 5,
    });
    expect(() => readPepConfig({ vcardConversion: "no" })).toThrow(PepConfigError);
    expect(() => readPepConfig({ vcardConversion: 0 })).toThrow(PepConfigError);
    expect(() => readPepConfig({ vcardMaxBytes: true })).toThrow(PepConfigError);
  });
});

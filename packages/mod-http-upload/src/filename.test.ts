import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  MAX_NAME_BYTES,
  contentDisposition,
  isInlineType,
  mediaTypeOf,
  sanitizeFilename,
} from "./filename";

describe("sanitizeFilename", () => {
  it("keeps ordinary names and their extension", () => {
    expect(sanitizeFilename("my-juliet.jpg")).toBe("my-juliet.jpg");
    expect(sanitizeFilename("Фото 2024.png")).toBe("Фото 2024.png");
  });

  it("drops directories, traversal and hidden-file dots", () => {
    expect(sanitizeFilename("../../etc/passwd")).toBe("passwd");
    expect(sanitizeFilename("..\\..\\boot.ini")).toBe("boot.ini");
    expect(sanitizeFilename(".htaccess")).toBe("htaccess");
    expect(sanitizeFilename("..")).toBeUndefined();
    expect(sanitizeFilename("dir/")).toBeUndefined();
    expect(sanitizeFilename("   ")).toBeUndefined();
  });

  it("removes control and bidi characters, replaces URL/shell specials", () => {
    expect(sanitizeFilename("a\u0000b\nc.txt")).toBe("abc.txt");
    expect(sanitizeFilename("invoice\u202Etxt.exe")).toBe("invoicetxt.exe");
    expect(sanitizeFilename('a?b#c%d"e<f>.txt')).toBe("a_b_c_d_e_f_.txt");
  });

  it("cuts long names to the byte limit and keeps the extension", () => {
    const long = `${"é".repeat(300)}.jpeg`;
    const name = sanitizeFilename(long)!;
    expect(new TextEncoder().encode(name).length).toBeLessThanOrEqual(MAX_NAME_BYTES);
    expect(name.endsWith(".jpeg")).toBe(true);
  });

  it("never yields a separator, a leading dot, a control character or too many bytes", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 400 }), (s) => {
        const name = sanitizeFilename(s);
        if (name === undefined) return;
        expect(name).not.toMatch(/[/\\\u0000-\u001f]/);
        expect(name.startsWith(".")).toBe(false);
        expect(name).not.toBe("");
        expect(new TextEncoder().encode(name).length).toBeLessThanOrEqual(MAX_NAME_BYTES);
        expect(decodeURIComponent(encodeURIComponent(name))).toBe(name);
      }),
    );
  });
});

describe("media types and disposition", () => {
  it("accepts type/subtype tokens only, without parameters", () => {
    expect(mediaTypeOf("Image/JPEG")).toBe("image/jpeg");
    expect(mediaTypeOf("text/plain; charset=utf-8")).toBe("text/plain");
    expect(mediaTypeOf("nonsense")).toBeUndefined();
    expect(mediaTypeOf("text/pl ain")).toBeUndefined();
    expect(mediaTypeOf("a/b\r\nX-Evil: 1")).toBeUndefined();
    expect(mediaTypeOf(undefined)).toBeUndefined();
  });

  it("shows media inline, downloads what could run script", () => {
    expect(isInlineType("image/png")).toBe(true);
    expect(isInlineType("video/mp4")).toBe(true);
    expect(isInlineType("text/plain")).toBe(true);
    expect(isInlineType("image/svg+xml")).toBe(false);
    expect(isInlineType("text/html")).toBe(false);
    expect(isInlineType("application/octet-stream")).toBe(false);
  });

  it("writes an ASCII fallback and the UTF-8 name", () => {
    expect(contentDisposition("a b.png", "image/png")).toBe(
      `inline; filename="a b.png"; filename*=UTF-8''a%20b.png`,
    );
    expect(contentDisposition('ё"x.html', "text/html")).toBe(
      `attachment; filename="__x.html"; filename*=UTF-8''%D1%91%22x.html`,
    );
  });
});

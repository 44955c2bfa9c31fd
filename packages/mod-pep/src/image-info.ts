// What the first bytes of an image tell: its media type and, for the common formats, its size in
// pixels — for the XEP-0084 §4.2.1 <info/> attributes `type` (required) and `width`/`height`
// (recommended, so only given when known). PNG (IHDR), GIF (logical screen), JPEG (SOFn).

export interface ImageInfo {
  type?: string;
  width?: number;
  height?: number;
}

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

const be16 = (b: Uint8Array, i: number) => (b[i]! << 8) | b[i + 1]!;
const be32 = (b: Uint8Array, i: number) => be16(b, i) * 0x10000 + be16(b, i + 2);
const le16 = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8);

export function imageInfo(bytes: Uint8Array): ImageInfo {
  if (startsWith(bytes, PNG)) {
    // The IHDR chunk comes first: length(4) "IHDR"(4) width(4) height(4).
    if (bytes.length >= 24 && String.fromCharCode(...bytes.subarray(12, 16)) === "IHDR") {
      return sized("image/png", be32(bytes, 16), be32(bytes, 20));
    }
    return { type: "image/png" };
  }
  const head = String.fromCharCode(...bytes.subarray(0, 6));
  if (head === "GIF87a" || head === "GIF89a") {
    return bytes.length >= 10
      ? sized("image/gif", le16(bytes, 6), le16(bytes, 8))
      : { type: "image/gif" };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return { type: "image/jpeg", ...jpegSize(bytes) };
  if (head.startsWith("RIFF") && String.fromCharCode(...bytes.subarray(8, 12)) === "WEBP") {
    return { type: "image/webp" };
  }
  return {};
}

function sized(type: string, width: number, height: number): ImageInfo {
  // A zero or absurd size is a damaged header: say nothing rather than something wrong.
  const ok = (n: number) => n > 0 && n <= 0xffff;
  return ok(width) && ok(height) ? { type, width, height } : { type };
}

/** Walks the JPEG markers up to the first start-of-frame (SOF0–SOF15 but DHT, JPG, DAC). */
function jpegSize(bytes: Uint8Array): { width?: number; height?: number } {
  let i = 2;
  while (i + 4 <= bytes.length) {
    if (bytes[i] !== 0xff) return {};
    const marker = bytes[i + 1]!;
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return {}; // end of image, start of scan
    const length = be16(bytes, i + 2);
    const isSof = marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker);
    if (isSof && i + 9 <= bytes.length) {
      const { width, height } = sized("", be16(bytes, i + 7), be16(bytes, i + 5));
      return width === undefined ? {} : { width, height };
    }
    if (length < 2) return {};
    i += 2 + length;
  }
  return {};
}

// Strict base64 (RFC 4648 §4), as RFC 6120 §6.4.2 requires of SASL data in XML: no whitespace, no
// line breaks, correct padding, zero pad bits. Anything else is incorrect-encoding (§6.5.3).
import { SaslError } from "./errors.js";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const VALUES = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUES[ALPHABET.charCodeAt(i)] = i;

export function encodeBase64(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]!;
    out += b === undefined ? "=" : ALPHABET[(n >> 6) & 63]!;
    out += c === undefined ? "=" : ALPHABET[n & 63]!;
  }
  return out;
}

/** Decode canonical base64; throws SaslError incorrect-encoding on anything else. */
export function decodeBase64(text: string): Uint8Array {
  const bad = (why: string) => new SaslError("incorrect-encoding", `invalid base64: ${why}`);
  if (text.length % 4 !== 0) throw bad("length is not a multiple of 4");
  const padding = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const last = i + 4 === text.length;
    let n = 0;
    for (let j = 0; j < 4; j++) {
      const code = text.charCodeAt(i + j);
      const isPad = last && j >= 4 - padding;
      const v = isPad ? 0 : code < 128 ? VALUES[code]! : -1;
      if (isPad && code !== 61) throw bad("misplaced padding");
      if (v < 0) throw bad(`unexpected character at ${i + j}`);
      n = (n << 6) | v;
    }
    // Non-zero pad bits would let two texts decode to the same bytes: refuse them.
    if (last && padding === 2 && (n & 0xffff) !== 0) throw bad("non-zero pad bits");
    if (last && padding === 1 && (n & 0xff) !== 0) throw bad("non-zero pad bits");
    out[o++] = (n >> 16) & 255;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}

/**
 * Text content of <auth/>, <challenge/>, <response/>, <success/> (RFC 6120 §6.4.2): no data is
 * an empty element, empty data is a single "=".
 */
export function encodeSaslPayload(data: Uint8Array | null): string {
  if (data === null) return "";
  return data.length === 0 ? "=" : encodeBase64(data);
}

/** Inverse of encodeSaslPayload; throws SaslError incorrect-encoding on bad base64. */
export function decodeSaslPayload(text: string): Uint8Array | null {
  if (text === "") return null;
  if (text === "=") return new Uint8Array(0);
  return decodeBase64(text);
}

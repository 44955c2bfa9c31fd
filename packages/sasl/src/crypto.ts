// WebCrypto primitives for SCRAM (RFC 5802 §2.2): H, HMAC and Hi (which is PBKDF2 with HMAC-H).
import type { ScramHash } from "./types.js";

const subtle = () => globalThis.crypto.subtle;

export const HASH_LENGTH: Record<ScramHash, number> = { "SHA-1": 20, "SHA-256": 32, "SHA-512": 64 };

// WebCrypto wants ArrayBuffer-backed views; copy so a SharedArrayBuffer view never reaches it.
const buf = (bytes: Uint8Array): Uint8Array<ArrayBuffer> => new Uint8Array(bytes);

export async function digest(hash: ScramHash, data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await subtle().digest(hash, buf(data)));
}

export async function hmac(
  hash: ScramHash,
  key: Uint8Array,
  data: Uint8Array,
): Promise<Uint8Array> {
  const k = await subtle().importKey("raw", buf(key), { name: "HMAC", hash }, false, ["sign"]);
  return new Uint8Array(await subtle().sign("HMAC", k, buf(data)));
}

/** Hi(str, salt, i) of RFC 5802 §2.2 = PBKDF2-HMAC-H with dkLen = hash length. */
export async function hi(
  hash: ScramHash,
  password: Uint8Array,
  salt: Uint8Array,
  iterations: number,
): Promise<Uint8Array> {
  const k = await subtle().importKey("raw", buf(password), "PBKDF2", false, ["deriveBits"]);
  const bits = await subtle().deriveBits(
    { name: "PBKDF2", hash, salt: buf(salt), iterations },
    k,
    HASH_LENGTH[hash] * 8,
  );
  return new Uint8Array(bits);
}

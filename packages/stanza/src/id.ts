// Stanza ids (RFC 6120 §8.1.3): unique enough that a reply can be matched to its request and
// not guessable by another entity on the path, so they come from the platform's CSPRNG.

const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** A random URL-safe id: `bytes` random bytes as unpadded base64url (12 bytes → 16 chars). */
export function generateId(bytes = 12): string {
  if (!Number.isInteger(bytes) || bytes < 1 || bytes > 1024) {
    throw new RangeError(`id length must be 1..1024 bytes, got ${bytes}`);
  }
  const random = new Uint8Array(bytes);
  globalThis.crypto.getRandomValues(random);
  let out = "";
  let i = 0;
  for (; i + 3 <= bytes; i += 3) {
    const n = (random[i]! << 16) | (random[i + 1]! << 8) | random[i + 2]!;
    out +=
      alphabet[n >> 18]! + alphabet[(n >> 12) & 63]! + alphabet[(n >> 6) & 63]! + alphabet[n & 63]!;
  }
  const rest = bytes - i;
  if (rest === 1) {
    const n = random[i]!;
    out += alphabet[n >> 2]! + alphabet[(n & 3) << 4]!;
  } else if (rest === 2) {
    const n = (random[i]! << 8) | random[i + 1]!;
    out += alphabet[n >> 10]! + alphabet[(n >> 4) & 63]! + alphabet[(n & 15) << 2]!;
  }
  return out;
}

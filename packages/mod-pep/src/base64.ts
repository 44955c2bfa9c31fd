// Base64 (RFC 4648 §4) for avatar bytes: vCard BINVAL (XEP-0054, often wrapped in lines) and
// XEP-0084 <data/>. Strict about the alphabet, padding and pad bits; lenient about whitespace.
// Portable (atob/btoa exist in Node 20 and browsers); no Buffer.

const SHAPE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The bytes of `text`, or undefined when it is not base64 (whitespace is ignored). */
export function decodeBase64(text: string): Uint8Array | undefined {
  const clean = text.replace(/[\t\n\r ]+/g, "");
  if (!SHAPE.test(clean)) return undefined;
  const binary = atob(clean);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  // RFC 4648 §3.5: pad bits must be zero ("YR==" is not the canonical "YQ==").
  return encodeBase64(bytes) === clean ? bytes : undefined;
}

/** Base64 without line breaks. */
export function encodeBase64(bytes: Uint8Array): string {
  let binary = "";
  // Chunks keep String.fromCharCode's argument list small.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** Lower-case hex SHA-1 of `bytes`: a XEP-0084 §4.2 / XEP-0153 §4.1 avatar id. */
export async function sha1Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest("SHA-1", bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

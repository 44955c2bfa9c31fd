// XEP-0198 §4 sequence numbers: 'h' is an unsigned 32-bit count that wraps to 0 after
// 2^32 - 1 (h mod 2^32), so every comparison is a distance on that circle.
import { SmacksProtocolError } from "./errors";

export const H_MODULUS = 2 ** 32;

/** `h + n` modulo 2^32. */
export function addH(h: number, n = 1): number {
  return (h + n) % H_MODULUS;
}

/** How many steps from `from` forward to `to`, modulo 2^32 (0 … 2^32 - 1). */
export function distanceH(from: number, to: number): number {
  return (((to - from) % H_MODULUS) + H_MODULUS) % H_MODULUS;
}

/**
 * Reads an 'h' attribute: a decimal xs:unsignedInt (XEP-0198 §12 schema), 0 … 2^32 - 1.
 * Throws SmacksProtocolError (bad-request) on anything else.
 */
export function parseH(value: string | undefined): number {
  if (value === undefined || !/^[0-9]{1,10}$/.test(value)) {
    throw new SmacksProtocolError(
      "bad-request",
      `'h' must be an integer 0..4294967295, got ${value}`,
    );
  }
  const h = Number(value);
  if (h >= H_MODULUS) {
    throw new SmacksProtocolError("bad-request", `'h' must be below 2^32, got ${value}`);
  }
  return h;
}

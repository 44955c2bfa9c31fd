const encoder = new TextEncoder();

/** Length of a string in UTF-8 octets, the unit of the limits of RFC 7622 §3. */
export function utf8Length(s: string): number {
  // Fast path: pure ASCII strings have one octet per code unit.
  if (/^[\x00-\x7f]*$/.test(s)) return s.length;
  return encoder.encode(s).length;
}

/** RFC 7622 §3.2, §3.3, §3.4: each part is at most 1023 octets. */
export const MAX_PART_OCTETS = 1023;

/**
 * Inputs longer than this (in UTF-16 code units) are refused before any preparation work, so a
 * huge string costs nothing. Preparation can shorten a string (NFC composes, width mapping), so
 * the real 1023-octet check is made on the prepared form.
 */
export const MAX_INPUT_UNITS = 3 * MAX_PART_OCTETS;

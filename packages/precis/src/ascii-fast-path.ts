// ASCII fast paths for the profiles of RFC 8265. For a string of printable ASCII only, every
// step of enforcement (RFC 8264 §7) is known in advance: width mapping and the non-ASCII space
// mapping change nothing, NFC changes nothing, and the Bidi Rule holds (no RTL code point,
// RFC 5893 §1.4). What is left is the derived property of each code point (RFC 8264 §9.11:
// U+0021..U+007E are PVALID as ASCII7; U+0020 is a space, FREE_PVAL, so FreeformClass only)
// and, for UsernameCaseMapped, lower-casing, which keeps ASCII within U+0021..U+007E. The
// results equal `enforce` (checked by ascii-fast-path.test.ts); anything else returns
// undefined and takes the full path.

/** IdentifierClass on U+0021..U+007E (UsernameCaseMapped / UsernameCasePreserved). */
export function asciiIdentifier(input: string, caseMapped: boolean): string | undefined {
  const n = input.length;
  if (n === 0) return undefined;
  for (let i = 0; i < n; i++) {
    const c = input.charCodeAt(i);
    if (c < 0x21 || c > 0x7e) return undefined;
  }
  return caseMapped ? input.toLowerCase() : input;
}

/** FreeformClass on U+0020..U+007E without further mapping (OpaqueString). */
export function asciiFreeform(input: string): string | undefined {
  const n = input.length;
  if (n === 0) return undefined;
  for (let i = 0; i < n; i++) {
    const c = input.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return undefined;
  }
  return input;
}

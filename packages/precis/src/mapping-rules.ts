// The mapping rules a profile may apply, in the order of RFC 8264 §7.

// Code points whose decomposition is tagged <wide> or <narrow>: U+3000 and the Halfwidth and
// Fullwidth Forms block. Code points there without a decomposition map to themselves.
const WIDE_OR_NARROW = /[\u3000\uFF01-\uFFEE]/gu;

/**
 * Width Mapping Rule (RFC 8264 §5.2.1): fullwidth and halfwidth code points map to their
 * decomposition. We take NFKC of the single code point, which equals the decomposition mapping
 * except for the few whose target has a compatibility mapping of its own (U+FFE3 FULLWIDTH
 * MACRON); those end up disallowed in IdentifierClass either way.
 */
export function mapWidth(s: string): string {
  return s.replace(WIDE_OR_NARROW, (ch) => ch.normalize("NFKC"));
}

// Zs other than U+0020 SPACE.
const NON_ASCII_SPACE = /(?! )\p{Zs}/gu;

/** Additional Mapping Rule of OpaqueString (RFC 8265 §4.2.1): non-ASCII spaces become U+0020. */
export function mapNonAsciiSpaces(s: string): string {
  return s.replace(NON_ASCII_SPACE, " ");
}

/**
 * Additional Mapping Rule of Nickname (RFC 8266 §2.2 rule 1): non-ASCII spaces become U+0020,
 * leading and trailing spaces are removed, and runs of spaces collapse to one.
 */
export function mapNicknameSpaces(s: string): string {
  return mapNonAsciiSpaces(s).replace(/ {2,}/g, " ").replace(/^ | $/g, "");
}

/**
 * Case Mapping Rule (RFC 8264 §5.2.4): Unicode toLowerCase(). String.prototype.toLowerCase is
 * the locale-independent full lower-casing of the Unicode Standard (SpecialCasing included, so
 * a word-final capital sigma becomes U+03C2). It is not case folding: "ß" stays "ß".
 */
export function mapCase(s: string): string {
  return s.toLowerCase();
}

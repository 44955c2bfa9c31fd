// Small tables for properties that JavaScript regexes cannot query.
import type { RangeTable } from "./ranges.js";

/**
 * OldHangulJamo (RFC 8264 §9.9): Hangul_Syllable_Type L, V or T (HangulSyllableType.txt).
 * These conjoining jamo are DISALLOWED; precomposed syllables are used instead.
 */
export const OLD_HANGUL_JAMO: RangeTable = [
  [0x1100, 0x11ff],
  [0xa960, 0xa97c],
  [0xd7b0, 0xd7c6],
  [0xd7cb, 0xd7fb],
];

/** Derived property values a code point can have (RFC 8264 §8). */
export type ExceptionValue = "PVALID" | "CONTEXTO" | "DISALLOWED";

/** Exceptions (RFC 8264 §9.6, the table of RFC 5892 §2.6). */
export const EXCEPTIONS: ReadonlyMap<number, ExceptionValue> = new Map<number, ExceptionValue>([
  // PVALID: would otherwise be disallowed by case or compatibility rules.
  [0x00df, "PVALID"], // LATIN SMALL LETTER SHARP S
  [0x03c2, "PVALID"], // GREEK SMALL LETTER FINAL SIGMA
  [0x06fd, "PVALID"], // ARABIC SIGN SINDHI AMPERSAND
  [0x06fe, "PVALID"], // ARABIC SIGN SINDHI POSTPOSITION MEN
  [0x0f0b, "PVALID"], // TIBETAN MARK INTERSYLLABIC TSHEG
  [0x3007, "PVALID"], // IDEOGRAPHIC NUMBER ZERO
  // CONTEXTO: allowed only where the rules of RFC 5892 Appendix A hold.
  [0x00b7, "CONTEXTO"], // MIDDLE DOT
  [0x0375, "CONTEXTO"], // GREEK LOWER NUMERAL SIGN (KERAIA)
  [0x05f3, "CONTEXTO"], // HEBREW PUNCTUATION GERESH
  [0x05f4, "CONTEXTO"], // HEBREW PUNCTUATION GERSHAYIM
  [0x30fb, "CONTEXTO"], // KATAKANA MIDDLE DOT
  ...range(0x0660, 0x0669).map((cp): [number, ExceptionValue] => [cp, "CONTEXTO"]),
  ...range(0x06f0, 0x06f9).map((cp): [number, ExceptionValue] => [cp, "CONTEXTO"]),
  // DISALLOWED: kashida, NKo lajanyalan and the CJK tone and repetition marks.
  [0x0640, "DISALLOWED"],
  [0x07fa, "DISALLOWED"],
  [0x302e, "DISALLOWED"],
  [0x302f, "DISALLOWED"],
  ...range(0x3031, 0x3035).map((cp): [number, ExceptionValue] => [cp, "DISALLOWED"]),
  [0x303b, "DISALLOWED"],
]);

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

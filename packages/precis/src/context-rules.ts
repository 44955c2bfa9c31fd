// Contextual rules for CONTEXTJ and CONTEXTO code points (RFC 5892 Appendix A), which
// RFC 8264 §8 applies to the whole string in place of a DNS label.
import {
  JOINING_LEFT_OR_DUAL,
  JOINING_OTHER_LISTED,
  JOINING_RIGHT_OR_DUAL,
  JOINING_TRANSPARENT_LISTED,
  VIRAMA,
} from "./tables/generated.js";
import { inRanges } from "./tables/ranges.js";

const markOrFormat = /^[\p{Mn}\p{Me}\p{Cf}]$/u;
const greek = /^\p{Script=Greek}$/u;
const hebrew = /^\p{Script=Hebrew}$/u;
const hiraganaKatakanaHan = /^[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]$/u;

/** Joining_Type T: listed as T, or unlisted with General_Category Mn, Me or Cf. */
function isTransparent(cp: number): boolean {
  if (inRanges(JOINING_TRANSPARENT_LISTED, cp)) return true;
  if (inRanges(JOINING_OTHER_LISTED, cp)) return false;
  if (inRanges(JOINING_LEFT_OR_DUAL, cp) || inRanges(JOINING_RIGHT_OR_DUAL, cp)) return false;
  return markOrFormat.test(String.fromCodePoint(cp));
}

const isVirama = (cp: number | undefined): boolean => cp !== undefined && inRanges(VIRAMA, cp);

/**
 * A.1 ZERO WIDTH NON-JOINER: after a virama, or inside a cursive join:
 * (Joining_Type:{L,D})(Joining_Type:T)* ZWNJ (Joining_Type:T)*(Joining_Type:{R,D}).
 */
function zwnj(cps: readonly number[], i: number): boolean {
  if (isVirama(cps[i - 1])) return true;
  let before = i - 1;
  while (before >= 0 && isTransparent(cps[before]!)) before--;
  if (before < 0 || !inRanges(JOINING_LEFT_OR_DUAL, cps[before]!)) return false;
  let after = i + 1;
  while (after < cps.length && isTransparent(cps[after]!)) after++;
  return after < cps.length && inRanges(JOINING_RIGHT_OR_DUAL, cps[after]!);
}

const script = (re: RegExp, cp: number | undefined): boolean =>
  cp !== undefined && re.test(String.fromCodePoint(cp));

/**
 * Whether the CONTEXTJ or CONTEXTO code point at index `i` of `cps` is allowed where it stands.
 * A code point with no rule is not allowed (RFC 5892 §2.7 and §2.8).
 */
export function contextAllows(cps: readonly number[], i: number): boolean {
  const cp = cps[i]!;
  switch (cp) {
    case 0x200c: // A.1 ZERO WIDTH NON-JOINER
      return zwnj(cps, i);
    case 0x200d: // A.2 ZERO WIDTH JOINER
      return isVirama(cps[i - 1]);
    case 0x00b7: // A.3 MIDDLE DOT, only in Catalan "l·l"
      return cps[i - 1] === 0x6c && cps[i + 1] === 0x6c;
    case 0x0375: // A.4 GREEK LOWER NUMERAL SIGN, followed by Greek
      return script(greek, cps[i + 1]);
    case 0x05f3: // A.5 HEBREW PUNCTUATION GERESH, after Hebrew
    case 0x05f4: // A.6 HEBREW PUNCTUATION GERSHAYIM, after Hebrew
      return script(hebrew, cps[i - 1]);
    case 0x30fb: // A.7 KATAKANA MIDDLE DOT, with some Hiragana, Katakana or Han in the string
      return cps.some((c) => c !== 0x30fb && script(hiraganaKatakanaHan, c));
    default:
      break;
  }
  // A.8 ARABIC-INDIC DIGITS may not mix with A.9 EXTENDED ARABIC-INDIC DIGITS.
  if (cp >= 0x0660 && cp <= 0x0669) return !cps.some((c) => c >= 0x06f0 && c <= 0x06f9);
  if (cp >= 0x06f0 && cp <= 0x06f9) return !cps.some((c) => c >= 0x0660 && c <= 0x0669);
  return false;
}

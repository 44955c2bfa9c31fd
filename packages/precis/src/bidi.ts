// The Bidi Rule of RFC 5893 §2, applied to a whole string (RFC 8264 §5.2.6, RFC 8265 §3.3.1).
//
// APPROXIMATION: JavaScript regexes cannot query Bidi_Class, so classes are approximated:
// right-to-left (R/AL) is any non-mark, non-number code point in the right-to-left script blocks
// (Hebrew, Arabic, Syriac, Thaana, NKo, Samaritan, Mandaic, the Arabic and Hebrew presentation
// forms, and the historic RTL scripts of planes 1 such as Phoenician, Avestan or Adlam);
// AN, EN, ES, CS and ET come from small hand-written lists; NSM is General_Category Mn or Me;
// everything else that is a letter, Mc or Nl is L, and the rest is ON (or BN/WS).
// R and AL are not told apart: the rule treats them alike.

export type ApproxBidiClass =
  | "L"
  | "R"
  | "AN"
  | "EN"
  | "ES"
  | "CS"
  | "ET"
  | "NSM"
  | "BN"
  | "WS"
  | "ON";

/** Blocks whose code points default to R or AL in DerivedBidiClass.txt. */
const RTL_BLOCKS: readonly (readonly [number, number])[] = [
  [0x0590, 0x08ff], // Hebrew, Arabic, Syriac, Thaana, NKo, Samaritan, Mandaic, Arabic Extended
  [0xfb1d, 0xfdff], // Hebrew and Arabic Presentation Forms-A
  [0xfe70, 0xfeff], // Arabic Presentation Forms-B
  [0x10800, 0x10fff], // Cypriot .. Old Uyghur, Hanifi Rohingya, Yezidi, Sogdian, ...
  [0x1e800, 0x1efff], // Mende Kikakui, Adlam, Indic Siyaq, Arabic Mathematical Symbols
];

const AN =
  /^[\u0600-\u0605\u0660-\u0669\u066B\u066C\u06DD\u0890\u0891\u08E2\u{10D30}-\u{10D39}\u{10E60}-\u{10E7E}]$/u;
const EN =
  /^[0-9\u00B2\u00B3\u00B9\u06F0-\u06F9\u2070\u2074-\u2079\u2080-\u2089\u2488-\u249B\uFF10-\uFF19\u{1D7CE}-\u{1D7FF}\u{1F100}-\u{1F10A}\u{1FBF0}-\u{1FBF9}]$/u;
const ES = /^[+\-\u207A\u207B\u208A\u208B\u2212\uFB29\uFE62\uFE63\uFF0B\uFF0D]$/u;
const CS = /^[,./:\u00A0\u060C\u202F\u2044\uFE50\uFE52\uFE55\uFF0C\uFF0E\uFF0F\uFF1A]$/u;
const ET =
  /^[\p{Sc}#%\u00B0\u00B1\u0609\u060A\u066A\u2030-\u2034\u212E\u2213\uFE5F\uFE6A\uFF03\uFF05]$/u;
const NSM = /^[\p{Mn}\p{Me}]$/u;
const BN = /^[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]$/u;
const WS = /^[\p{Zs}\p{Zl}\p{Zp}\t\n\v\f\r]$/u;
const STRONG_LTR = /^[\p{L}\p{Mc}\p{Nl}\p{Co}]$/u;

/** Approximate Bidi_Class of a code point; see the note at the top of this file. */
export function bidiClass(cp: number): ApproxBidiClass {
  const ch = String.fromCodePoint(cp);
  if (AN.test(ch)) return "AN";
  if (EN.test(ch)) return "EN";
  if (NSM.test(ch)) return "NSM";
  if (WS.test(ch)) return "WS";
  if (BN.test(ch)) return "BN";
  if (ES.test(ch)) return "ES";
  if (CS.test(ch)) return "CS";
  if (ET.test(ch)) return "ET";
  if (RTL_BLOCKS.some(([from, to]) => cp >= from && cp <= to)) return "R";
  if (STRONG_LTR.test(ch)) return "L";
  if (/^\p{Nd}$/u.test(ch)) return "L"; // digits of LTR scripts (Devanagari, Thai, ...)
  return "ON";
}

const RTL_ALLOWED = new Set<ApproxBidiClass>([
  "R",
  "AN",
  "EN",
  "ES",
  "CS",
  "ET",
  "ON",
  "BN",
  "NSM",
]);
const LTR_ALLOWED = new Set<ApproxBidiClass>(["L", "EN", "ES", "CS", "ET", "ON", "BN", "NSM"]);

/** RFC 5893 §1.4: a string is RTL when it holds an R, AL or AN code point. */
export function hasRtl(classes: readonly ApproxBidiClass[]): boolean {
  return classes.some((c) => c === "R" || c === "AN");
}

/**
 * Checks the six conditions of RFC 5893 §2 on a string that contains right-to-left code points.
 * Returns true when the string satisfies the Bidi Rule (strings without RTL always do).
 */
export function satisfiesBidiRule(cps: readonly number[]): boolean {
  const classes = cps.map(bidiClass);
  if (!hasRtl(classes) || classes.length === 0) return true;
  const first = classes[0]!;
  // 1. The first character must be L, R or AL.
  if (first !== "L" && first !== "R") return false;
  // The last character that is not NSM (rules 3 and 6).
  let end = classes.length - 1;
  while (end > 0 && classes[end] === "NSM") end--;
  const last = classes[end]!;
  if (first === "R") {
    // 2. Only R, AL, AN, EN, ES, CS, ET, ON, BN and NSM.
    if (!classes.every((c) => RTL_ALLOWED.has(c))) return false;
    // 3. Ends with R, AL, EN or AN, followed by NSM*.
    if (last !== "R" && last !== "EN" && last !== "AN") return false;
    // 4. EN and AN never together.
    return !(classes.includes("EN") && classes.includes("AN"));
  }
  // 5. An LTR string: only L, EN, ES, CS, ET, ON, BN and NSM (so any R or AN fails here).
  if (!classes.every((c) => LTR_ALLOWED.has(c))) return false;
  // 6. Ends with L or EN, followed by NSM*.
  return last === "L" || last === "EN";
}

// The derived property algorithm of RFC 8264 §8, over the categories of RFC 8264 §9.
// Unicode properties come from the JavaScript engine's regex tables, so the Unicode version
// (and with it which code points are Unassigned) is the one the engine ships.
import { EXCEPTIONS, OLD_HANGUL_JAMO } from "./tables/hand-written.js";
import { inRanges } from "./tables/ranges.js";

/**
 * Derived property values (RFC 8264 §8). `FREE_PVAL` stands for the RFC's combined value
 * "ID_DIS or FREE_PVAL": valid in FreeformClass, disallowed in IdentifierClass.
 */
export type DerivedProperty =
  | "PVALID"
  | "FREE_PVAL"
  | "CONTEXTJ"
  | "CONTEXTO"
  | "DISALLOWED"
  | "UNASSIGNED";

/** The category of RFC 8264 §9 that decided a code point's property. */
export type PrecisCategory =
  | "Exceptions"
  | "BackwardCompatible"
  | "Unassigned"
  | "ASCII7"
  | "JoinControl"
  | "OldHangulJamo"
  | "PrecisIgnorableProperties"
  | "Controls"
  | "HasCompat"
  | "LetterDigits"
  | "OtherLetterDigits"
  | "Spaces"
  | "Symbols"
  | "Punctuation"
  | "Other";

export interface Derivation {
  readonly category: PrecisCategory;
  readonly property: DerivedProperty;
}

// RFC 8264 §9.1 LetterDigits: Ll, Lu, Lo, Nd, Lm, Mn, Mc.
const letterDigits = /^[\p{Ll}\p{Lu}\p{Lo}\p{Nd}\p{Lm}\p{Mn}\p{Mc}]$/u;
// §9.2 OtherLetterDigits: Lt, Nl, No, Me.
const otherLetterDigits = /^[\p{Lt}\p{Nl}\p{No}\p{Me}]$/u;
// §9.3 Spaces: Zs.
const spaces = /^\p{Zs}$/u;
// §9.4 Symbols: Sm, Sc, Sk, So.
const symbols = /^\p{S}$/u;
// §9.5 Punctuation: Pc, Pd, Ps, Pe, Pi, Pf, Po.
const punctuation = /^\p{P}$/u;
// §9.8 JoinControl.
const joinControl = /^\p{Join_Control}$/u;
// §9.10 PrecisIgnorableProperties: Default_Ignorable_Code_Point or Noncharacter_Code_Point.
const ignorable = /^[\p{Default_Ignorable_Code_Point}\p{Noncharacter_Code_Point}]$/u;
// §9.11 Controls: Control(cp) = True, that is General_Category Cc.
const controls = /^\p{Cc}$/u;
// §9.13 Unassigned: General_Category Cn and not Noncharacter_Code_Point.
const unassigned = /^(?!\p{Noncharacter_Code_Point})\p{Cn}$/u;

function derive(category: PrecisCategory, property: DerivedProperty): Derivation {
  return { category, property };
}

/** Runs the algorithm of RFC 8264 §8 for one code point. */
export function derivation(cp: number): Derivation {
  const exception = EXCEPTIONS.get(cp);
  if (exception !== undefined) return derive("Exceptions", exception);
  // §9.7 BackwardCompatible is empty as of RFC 8264.
  const ch = String.fromCodePoint(cp);
  if (unassigned.test(ch)) return derive("Unassigned", "UNASSIGNED");
  if (cp >= 0x21 && cp <= 0x7e) return derive("ASCII7", "PVALID");
  if (joinControl.test(ch)) return derive("JoinControl", "CONTEXTJ");
  if (inRanges(OLD_HANGUL_JAMO, cp)) return derive("OldHangulJamo", "DISALLOWED");
  if (ignorable.test(ch)) return derive("PrecisIgnorableProperties", "DISALLOWED");
  if (controls.test(ch)) return derive("Controls", "DISALLOWED");
  // §9.17 HasCompat: toNFKC(cp) != cp.
  if (ch.normalize("NFKC") !== ch) return derive("HasCompat", "FREE_PVAL");
  if (letterDigits.test(ch)) return derive("LetterDigits", "PVALID");
  if (otherLetterDigits.test(ch)) return derive("OtherLetterDigits", "FREE_PVAL");
  if (spaces.test(ch)) return derive("Spaces", "FREE_PVAL");
  if (symbols.test(ch)) return derive("Symbols", "FREE_PVAL");
  if (punctuation.test(ch)) return derive("Punctuation", "FREE_PVAL");
  // Surrogates, private use, format characters, line and paragraph separators.
  return derive("Other", "DISALLOWED");
}

/** The derived property value of a code point (RFC 8264 §8). */
export function derivedProperty(cp: number): DerivedProperty {
  return derivation(cp).property;
}

// Base string classes (RFC 8264 §4): which derived property values each class accepts.
import { contextAllows } from "./context-rules.js";
import { derivedProperty } from "./derived-property.js";
import type { PrecisFailure } from "./errors.js";

/** IdentifierClass (RFC 8264 §4.2) or FreeformClass (RFC 8264 §4.3). */
export type StringClass = "IdentifierClass" | "FreeformClass";

export interface ClassViolation {
  readonly reason: Extract<PrecisFailure, "disallowed-code-point" | "context-rule">;
  readonly codePoint: number;
}

/** Splits a string into code points (lone surrogates stay as they are, and are disallowed). */
export function codePoints(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) out.push(ch.codePointAt(0)!);
  return out;
}

/** The first code point that the class does not allow where it stands, if any. */
export function findClassViolation(
  cps: readonly number[],
  stringClass: StringClass,
): ClassViolation | undefined {
  for (let i = 0; i < cps.length; i++) {
    const codePoint = cps[i]!;
    switch (derivedProperty(codePoint)) {
      case "PVALID":
        break;
      case "FREE_PVAL":
        if (stringClass === "IdentifierClass")
          return { reason: "disallowed-code-point", codePoint };
        break;
      case "CONTEXTJ":
      case "CONTEXTO":
        if (!contextAllows(cps, i)) return { reason: "context-rule", codePoint };
        break;
      case "DISALLOWED":
      case "UNASSIGNED":
        return { reason: "disallowed-code-point", codePoint };
    }
  }
  return undefined;
}

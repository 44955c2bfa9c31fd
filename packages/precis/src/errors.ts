// Error catalogue of @parley/precis (one file per package, see STYLE.md).

/**
 * Why a string failed enforcement. The names follow the wording of RFC 8264:
 * - `empty`: the result is zero octets (RFC 8265 §3.3.2, §4.2.2; RFC 8266 §2.2)
 * - `disallowed-code-point`: a code point is DISALLOWED or UNASSIGNED in the string class
 *   (RFC 8264 §8, §9), or SPEC_CLASS_DIS in IdentifierClass
 * - `context-rule`: a CONTEXTJ/CONTEXTO code point whose rule (RFC 5892 Appendix A) fails
 * - `bidi-rule`: the string breaks the Bidi Rule of RFC 5893 §2
 * - `not-idempotent`: enforcing the output again changes it (RFC 8264 §7)
 */
export type PrecisFailure =
  | "empty"
  | "disallowed-code-point"
  | "context-rule"
  | "bidi-rule"
  | "not-idempotent";

const describe: Record<PrecisFailure, string> = {
  empty: "the result is empty",
  "disallowed-code-point": "contains a code point that the string class does not allow",
  "context-rule": "a contextual code point is used outside the context that allows it",
  "bidi-rule": "violates the Bidi Rule (RFC 5893)",
  "not-idempotent": "enforcement is not idempotent for this input",
};

function formatCodePoint(cp: number): string {
  return "U+" + cp.toString(16).toUpperCase().padStart(4, "0");
}

/** Thrown when a string cannot be enforced against a PRECIS profile. */
export class PrecisError extends Error {
  override readonly name = "PrecisError";
  /** Profile name as registered with IANA, e.g. "UsernameCaseMapped". */
  readonly profile: string;
  readonly reason: PrecisFailure;
  /** The offending code point, for `disallowed-code-point` and `context-rule`. */
  readonly codePoint?: number;

  constructor(profile: string, reason: PrecisFailure, codePoint?: number) {
    const at = codePoint === undefined ? "" : ` (${formatCodePoint(codePoint)})`;
    super(`${profile}: ${describe[reason]}${at}`);
    this.profile = profile;
    this.reason = reason;
    if (codePoint !== undefined) this.codePoint = codePoint;
  }
}

// A PRECIS profile and its enforcement (RFC 8264 §5.2, §7).
import { satisfiesBidiRule } from "./bidi.js";
import { PrecisError } from "./errors.js";
import { mapCase, mapWidth } from "./mapping-rules.js";
import { codePoints, findClassViolation, type StringClass } from "./string-class.js";

export interface PrecisProfile {
  /** Name as registered in the IANA PRECIS Profiles registry. */
  readonly name: string;
  readonly stringClass: StringClass;
  /** Width Mapping Rule (RFC 8264 §5.2.1). */
  readonly widthMapping: boolean;
  /** Additional Mapping Rule (RFC 8264 §5.2.2), if any. */
  readonly additionalMapping?: (s: string) => string;
  /** Case Mapping Rule (RFC 8264 §5.2.3), applied during enforcement. */
  readonly caseMapping: boolean;
  /** Normalization Rule (RFC 8264 §5.2.4). */
  readonly normalization: "NFC" | "NFKC";
  /** Directionality Rule (RFC 8264 §5.2.6): the Bidi Rule of RFC 5893. */
  readonly bidiRule: boolean;
}

/** The mapping and normalization steps of enforcement, in the order of RFC 8264 §7. */
function applyRules(profile: PrecisProfile, input: string): string {
  let s = input;
  if (profile.widthMapping) s = mapWidth(s);
  if (profile.additionalMapping) s = profile.additionalMapping(s);
  if (profile.caseMapping) s = mapCase(s);
  return s.normalize(profile.normalization);
}

/** Checks a mapped string: not empty, code points allowed by the class, Bidi Rule. */
function check(profile: PrecisProfile, s: string): void {
  if (s.length === 0) throw new PrecisError(profile.name, "empty");
  const cps = codePoints(s);
  const violation = findClassViolation(cps, profile.stringClass);
  if (violation) throw new PrecisError(profile.name, violation.reason, violation.codePoint);
  if (profile.bidiRule && !satisfiesBidiRule(cps)) {
    throw new PrecisError(profile.name, "bidi-rule");
  }
}

/**
 * Enforces a profile (RFC 8264 §7): map and normalize, then check the result against the
 * string class and the directionality rule. Throws PrecisError.
 *
 * Applying the rules once is not always idempotent (NFKC can expose new spaces or capitals), so
 * as RFC 8264 §7 asks, the rules are re-applied until the output is stable, at most three more
 * times; an input that does not settle is rejected with `not-idempotent`.
 */
export function enforce(profile: PrecisProfile, input: string): string {
  let output = applyRules(profile, input);
  for (let extra = 0; ; extra++) {
    const again = applyRules(profile, output);
    if (again === output) break;
    if (extra === MAX_EXTRA_APPLICATIONS - 1) {
      throw new PrecisError(profile.name, "not-idempotent");
    }
    output = again;
  }
  check(profile, output);
  return output;
}

/** RFC 8264 §7: "reapplying the rules three (3) additional times after the first". */
const MAX_EXTRA_APPLICATIONS = 3;

/** Whether enforcement succeeds, without throwing. */
export function conforms(profile: PrecisProfile, input: string): boolean {
  try {
    enforce(profile, input);
    return true;
  } catch (e) {
    if (e instanceof PrecisError) return false;
    throw e;
  }
}

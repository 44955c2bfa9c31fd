// Localpart and resourcepart enforcement (RFC 7622 §3.3, §3.4) on top of @parley/precis.
import { opaqueString, PrecisError, usernameCaseMapped } from "@parley/precis";
import { JidError, type JidPart } from "./errors.js";
import { MAX_INPUT_UNITS, MAX_PART_OCTETS, utf8Length } from "./octets.js";

// RFC 7622 §3.3.1: code points that UsernameCaseMapped allows but a localpart may not hold.
const FORBIDDEN_IN_LOCALPART = /["&'/:<>@]/;

function enforceWith(
  part: Exclude<JidPart, "domainpart" | "jid">,
  profile: (s: string) => string,
  input: string,
): string {
  if (input.length === 0) throw new JidError(part, "empty", `the ${part} is empty`);
  if (input.length > MAX_INPUT_UNITS) {
    throw new JidError(part, "too-long", `the ${part} is over ${MAX_PART_OCTETS} octets`);
  }
  let prepared: string;
  try {
    prepared = profile(input);
  } catch (e) {
    if (!(e instanceof PrecisError)) throw e;
    throw new JidError(part, e.reason, e.message, { cause: e });
  }
  if (utf8Length(prepared) > MAX_PART_OCTETS) {
    throw new JidError(part, "too-long", `the ${part} is over ${MAX_PART_OCTETS} octets`);
  }
  return prepared;
}

/** Enforces RFC 7622 §3.3 (UsernameCaseMapped plus §3.3.1). Throws JidError. */
export function prepareLocalpart(input: string): string {
  const prepared = enforceWith("localpart", usernameCaseMapped, input);
  const forbidden = FORBIDDEN_IN_LOCALPART.exec(prepared);
  if (forbidden) {
    throw new JidError(
      "localpart",
      "forbidden-character",
      `the localpart may not contain ${JSON.stringify(forbidden[0])} (escape it with XEP-0106)`,
    );
  }
  return prepared;
}

/** Enforces RFC 7622 §3.4 (OpaqueString). Throws JidError. */
export function prepareResourcepart(input: string): string {
  return enforceWith("resourcepart", opaqueString, input);
}

// String preparation: PRECIS (RFC 8265) replaces SASLprep for SCRAM (RFC 7677 §4) and PLAIN.
// Usernames are XMPP localparts, so they get UsernameCaseMapped like a JID localpart (RFC 7622
// §3.3); passwords get OpaqueString (RFC 8265 §4.2).
import { opaqueString, usernameCaseMapped } from "@parley/precis";
import { SaslError, type SaslCondition } from "./errors.js";

function prepare(fn: (s: string) => string, value: string, what: string, c: SaslCondition) {
  try {
    return fn(value);
  } catch (cause) {
    throw new SaslError(c, `${what} is not allowed by PRECIS`, { cause });
  }
}

/** Throws SaslError (the given condition, default not-authorized) when the username is refused. */
export function prepareUsername(username: string, condition: SaslCondition = "not-authorized") {
  return prepare(usernameCaseMapped, username, "username", condition);
}

export function preparePassword(password: string, condition: SaslCondition = "not-authorized") {
  return prepare(opaqueString, password, "password", condition);
}

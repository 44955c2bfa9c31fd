// The profiles of RFC 8265 (usernames, passwords) and RFC 8266 (nicknames).
import { asciiFreeform, asciiIdentifier } from "./ascii-fast-path.js";
import { mapCase, mapNicknameSpaces, mapNonAsciiSpaces } from "./mapping-rules.js";
import { enforce, type PrecisProfile } from "./profile.js";

/** RFC 8265 §3.3: case-insensitive usernames (XMPP localparts, SASL simple usernames). */
export const UsernameCaseMapped: PrecisProfile = {
  name: "UsernameCaseMapped",
  stringClass: "IdentifierClass",
  widthMapping: true,
  caseMapping: true,
  normalization: "NFC",
  bidiRule: true,
};

/** RFC 8265 §3.4: case-sensitive usernames. */
export const UsernameCasePreserved: PrecisProfile = {
  name: "UsernameCasePreserved",
  stringClass: "IdentifierClass",
  widthMapping: true,
  caseMapping: false,
  normalization: "NFC",
  bidiRule: true,
};

/** RFC 8265 §4.2: passwords and other opaque strings (XMPP resourceparts). */
export const OpaqueString: PrecisProfile = {
  name: "OpaqueString",
  stringClass: "FreeformClass",
  widthMapping: false,
  additionalMapping: mapNonAsciiSpaces,
  caseMapping: false,
  normalization: "NFC",
  bidiRule: false,
};

/** RFC 8266 §2: nicknames. Case is preserved by enforcement and mapped only for comparison. */
export const Nickname: PrecisProfile = {
  name: "Nickname",
  stringClass: "FreeformClass",
  widthMapping: false, // NFKC already maps width (RFC 8266 §2.2)
  additionalMapping: mapNicknameSpaces,
  caseMapping: false,
  normalization: "NFKC",
  bidiRule: false,
};

/** Enforces UsernameCaseMapped (RFC 8265 §3.3.2). Throws PrecisError. */
export function usernameCaseMapped(input: string): string {
  return asciiIdentifier(input, true) ?? enforce(UsernameCaseMapped, input);
}

/** Enforces UsernameCasePreserved (RFC 8265 §3.4.2). Throws PrecisError. */
export function usernameCasePreserved(input: string): string {
  return asciiIdentifier(input, false) ?? enforce(UsernameCasePreserved, input);
}

/** Enforces OpaqueString (RFC 8265 §4.2.2). Throws PrecisError. */
export function opaqueString(input: string): string {
  return asciiFreeform(input) ?? enforce(OpaqueString, input);
}

/** Enforces Nickname (RFC 8266 §2.3). Throws PrecisError. */
export function nickname(input: string): string {
  return enforce(Nickname, input);
}

/**
 * The form in which two nicknames are compared (RFC 8266 §2.4): enforcement, then the case
 * mapping rule, then NFKC again. Throws PrecisError.
 */
export function nicknameComparisonForm(input: string): string {
  return mapCase(nickname(input)).normalize("NFKC");
}

/** RFC 8266 §2.4 comparison. False when either string cannot be enforced. */
export function nicknameEquals(a: string, b: string): boolean {
  return compareWith(nicknameComparisonForm, a, b);
}

/** RFC 8265 §3.3.3 comparison of case-mapped usernames. False when either fails enforcement. */
export function usernameCaseMappedEquals(a: string, b: string): boolean {
  return compareWith(usernameCaseMapped, a, b);
}

/** RFC 8265 §4.2.3 comparison of opaque strings. False when either fails enforcement. */
export function opaqueStringEquals(a: string, b: string): boolean {
  return compareWith(opaqueString, a, b);
}

function compareWith(form: (s: string) => string, a: string, b: string): boolean {
  try {
    return form(a) === form(b);
  } catch {
    return false;
  }
}

// Error catalogue of @parley/jid (one file per package, see STYLE.md).

/** Which part of an address was wrong; "jid" for the address as a whole. */
export type JidPart = "localpart" | "domainpart" | "resourcepart" | "jid";

/**
 * Why an address is invalid. PRECIS failures keep their names from @parley/precis
 * (`empty`, `disallowed-code-point`, `context-rule`, `bidi-rule`, `not-idempotent`).
 */
export type JidFailure =
  | "empty" // a part is zero octets (RFC 7622 §3.2, §3.3, §3.4)
  | "too-long" // a part is over 1023 octets (RFC 7622 §3.2, §3.3, §3.4)
  | "forbidden-character" // one of " & ' / : < > @ in a localpart (RFC 7622 §3.3.1)
  | "disallowed-code-point"
  | "context-rule"
  | "bidi-rule"
  | "not-idempotent"
  | "invalid-domain" // rejected by IDNA2008 / UTS #46 processing (RFC 7622 §3.2)
  | "invalid-ip-literal"; // a malformed IPv4 address or bracketed IPv6 literal

/** Thrown for every invalid address or address part. */
export class JidError extends Error {
  override readonly name = "JidError";
  readonly part: JidPart;
  readonly reason: JidFailure;

  constructor(part: JidPart, reason: JidFailure, detail: string, options?: { cause?: unknown }) {
    super(`Invalid ${part}: ${detail}`, options);
    this.part = part;
    this.reason = reason;
  }
}

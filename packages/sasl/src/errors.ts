// The one error type of @parley/sasl. Its condition is the RFC 6120 §6.5 failure condition the
// server sends (or the client reports) for the problem.

/** RFC 6120 §6.5 SASL failure conditions. */
export type SaslCondition =
  | "aborted"
  | "account-disabled"
  | "credentials-expired"
  | "encryption-required"
  | "incorrect-encoding"
  | "invalid-authzid"
  | "invalid-mechanism"
  | "malformed-request"
  | "mechanism-too-weak"
  | "not-authorized"
  | "temporary-auth-failure";

export class SaslError extends Error {
  override readonly name = "SaslError";
  readonly condition: SaslCondition;
  readonly text: string | undefined;

  constructor(condition: SaslCondition, text?: string, options?: { cause?: unknown }) {
    super(text ? `${condition}: ${text}` : condition, options);
    this.condition = condition;
    this.text = text;
  }
}

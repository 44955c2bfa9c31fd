// Typed errors of @parley/xml. Every parser failure carries the RFC 6120 §4.9.3 stream error
// condition that the stream layer should send before closing the stream.

/** Defined stream error conditions (RFC 6120 §4.9.3.1–§4.9.3.24). */
export type StreamErrorCondition =
  | "bad-format"
  | "bad-namespace-prefix"
  | "conflict"
  | "connection-timeout"
  | "host-gone"
  | "host-unknown"
  | "improper-addressing"
  | "internal-server-error"
  | "invalid-from"
  | "invalid-namespace"
  | "invalid-xml"
  | "not-authorized"
  | "not-well-formed"
  | "policy-violation"
  | "remote-connection-failed"
  | "reset"
  | "resource-constraint"
  | "restricted-xml"
  | "see-other-host"
  | "system-shutdown"
  | "undefined-condition"
  | "unsupported-encoding"
  | "unsupported-feature"
  | "unsupported-stanza-type"
  | "unsupported-version";

/** The XML stream can no longer be parsed; `condition` names the stream error to send. */
export class XmlStreamError extends Error {
  override readonly name = "XmlStreamError";
  readonly condition: StreamErrorCondition;

  constructor(condition: StreamErrorCondition, message: string) {
    super(`${condition}: ${message}`);
    this.condition = condition;
  }
}

/** Longest piece of received input quoted in an error text (an error is no echo service). */
export const ECHO_MAX = 64;

/**
 * `input` for an error text: cut to `max` characters plus "…". Names and values come from the
 * peer and may be as large as a stanza; quoting them whole would send them back (or log them).
 */
export function echo(input: string, max = ECHO_MAX): string {
  return input.length <= max ? input : `${input.slice(0, max)}…`;
}

/** Misuse of the parser API (for example writing after `end()`); not a stream error. */
export class XmlParserStateError extends Error {
  override readonly name = "XmlParserStateError";
}

// Typed errors of @parley/client. Protocol failures keep the error types of the packages that
// define them (StanzaError and StreamError from @parley/stanza, SaslError from @parley/sasl);
// the classes here cover what only a client meets: sockets, TLS, timeouts, negotiation.

/** What went wrong, as a stable string a program (or a CLI exit code) can switch on. */
export type ClientErrorCondition =
  | "connection-failed"
  | "connection-closed"
  | "certificate-invalid"
  | "tls-failed"
  | "timeout"
  | "disconnected"
  | "encryption-required"
  | "negotiation-failed"
  | "bind-failed"
  | "sm-failed"
  | "handled-count-too-high";

export class ClientError extends Error {
  override readonly name: string = "ClientError";
  readonly condition: ClientErrorCondition;

  constructor(condition: ClientErrorCondition, message: string, options?: { cause?: unknown }) {
    super(`${condition}: ${message}`, options);
    this.condition = condition;
  }
}

/** The server could not be reached, or the connection dropped (DNS, refused, reset, closed). */
export class ConnectionError extends ClientError {
  override readonly name = "ConnectionError";
  /** The platform's error code when there is one (ECONNREFUSED, ENOTFOUND, ...). */
  readonly code: string | undefined;

  constructor(
    condition: "connection-failed" | "connection-closed",
    message: string,
    options?: { cause?: unknown; code?: string },
  ) {
    super(condition, message, options);
    this.code = options?.code;
  }
}

/**
 * TLS could not be set up. `certificate-invalid` when the server's certificate was refused
 * (self-signed, expired, wrong name; `code` has the platform's reason), else `tls-failed`.
 */
export class TlsError extends ClientError {
  override readonly name = "TlsError";
  readonly code: string | undefined;

  constructor(
    condition: "certificate-invalid" | "tls-failed",
    message: string,
    options?: { cause?: unknown; code?: string },
  ) {
    super(condition, message, options);
    this.code = options?.code;
  }
}

/**
 * Nothing came back in time. Create it where the request is made and reject with it later:
 * its stack then shows the caller, not a timer (STYLE.md).
 */
export class TimeoutError extends ClientError {
  override readonly name = "TimeoutError";
  constructor(message: string) {
    super("timeout", message);
  }
}

/** The request cannot complete because the session it belonged to is gone (or never was). */
export class DisconnectedError extends ClientError {
  override readonly name = "DisconnectedError";
  constructor(message = "not connected", options?: { cause?: unknown }) {
    super("disconnected", message, options);
  }
}

/** Stream negotiation (RFC 6120 §4.3) did not reach a usable session. */
export class NegotiationError extends ClientError {
  override readonly name = "NegotiationError";
  constructor(
    condition:
      | "encryption-required"
      | "negotiation-failed"
      | "bind-failed"
      | "sm-failed"
      | "handled-count-too-high",
    message: string,
    options?: { cause?: unknown },
  ) {
    super(condition, message, options);
  }
}

// Error catalogue of the `parley` CLI: every way a command can end, each with its exit code.
// Exit codes are documented in README.md and in `parley --help`; keep the three in step.
import {
  ConnectionError,
  NegotiationError,
  SaslError,
  StanzaError,
  StreamError,
  TimeoutError,
  TlsError,
} from "@parley/client";

export const ExitCode = {
  ok: 0,
  /** Anything not listed below (connection lost, a protocol failure, a local I/O error). */
  other: 1,
  /** Bad command line, bad config file, no password available. */
  usage: 2,
  /** The server refused the credentials (SASL failure, RFC 6120 §6.5). */
  auth: 3,
  /** The server could not be reached (DNS, refused, unreachable, unknown domain). */
  unreachable: 4,
  /** TLS failed: the certificate was refused, or the server offers no encryption. */
  certificate: 5,
  /** No answer in time (--timeout). */
  timeout: 6,
  /** The recipient or the server answered with a stanza error (RFC 6120 §8.3). */
  recipient: 7,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** The table printed by `parley --help` and copied in README.md. */
export const EXIT_CODE_HELP = `Exit codes:
  0  success
  1  other error (connection lost, protocol error, local I/O)
  2  usage error (bad arguments, bad config file, no password available)
  3  authentication failed (wrong JID or password)
  4  server unreachable (DNS, connection refused, unknown domain)
  5  TLS problem (certificate refused, no encryption offered)
  6  timeout (no answer within --timeout)
  7  recipient error (a stanza error from the recipient or the server)`;

/** An error the CLI reports as one line and ends with `exitCode`. */
export class CliError extends Error {
  override name = "CliError";
  readonly exitCode: ExitCode;
  constructor(message: string, exitCode: ExitCode, options?: { cause?: unknown }) {
    super(message, options);
    this.exitCode = exitCode;
  }
}

export class UsageError extends CliError {
  override name = "UsageError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, ExitCode.usage, options);
  }
}

/** A config file value is wrong; `where` is the file and key (or line:column). */
export class ConfigError extends UsageError {
  override name = "ConfigError";
  constructor(where: string, message: string, options?: { cause?: unknown }) {
    super(`config: ${where}: ${message}`, options);
  }
}

/** A stanza error from `who`, printed with its RFC 6120 §8.3.3 condition. */
export class RecipientError extends CliError {
  override name = "RecipientError";
  readonly condition: string;
  constructor(who: string, error: StanzaError) {
    const text = error.text ? ` (${error.text})` : "";
    super(`${who}: ${error.condition}${text} [${error.type}]`, ExitCode.recipient, {
      cause: error,
    });
    this.condition = error.condition;
  }
}

/** Stream errors that mean "wrong server or domain" rather than a broken session. */
const UNREACHABLE_STREAM_CONDITIONS = new Set([
  "host-unknown",
  "host-gone",
  "remote-connection-failed",
]);

/** Maps any failure to the message printed and the exit code (README.md "Exit codes"). */
export function describeFailure(error: unknown): { message: string; exitCode: ExitCode } {
  if (error instanceof CliError) return { message: error.message, exitCode: error.exitCode };
  if (error instanceof SaslError) {
    return { message: `authentication failed: ${error.condition}`, exitCode: ExitCode.auth };
  }
  if (error instanceof TlsError) {
    const hint =
      error.condition === "certificate-invalid"
        ? " (use --insecure to accept a self-signed certificate)"
        : "";
    return { message: `TLS: ${error.message}${hint}`, exitCode: ExitCode.certificate };
  }
  if (error instanceof ConnectionError) {
    return error.condition === "connection-failed"
      ? { message: `cannot reach the server: ${error.message}`, exitCode: ExitCode.unreachable }
      : { message: `connection lost: ${error.message}`, exitCode: ExitCode.other };
  }
  if (error instanceof TimeoutError) return { message: error.message, exitCode: ExitCode.timeout };
  if (error instanceof NegotiationError && error.condition === "encryption-required") {
    return {
      message: `${error.message} (use --no-tls only for local tests)`,
      exitCode: ExitCode.certificate,
    };
  }
  if (error instanceof StanzaError) {
    return { message: new RecipientError("error", error).message, exitCode: ExitCode.recipient };
  }
  if (error instanceof StreamError) {
    const code = UNREACHABLE_STREAM_CONDITIONS.has(error.condition)
      ? ExitCode.unreachable
      : error.condition === "not-authorized"
        ? ExitCode.auth
        : ExitCode.other;
    return { message: `stream error: ${error.message}`, exitCode: code };
  }
  if (error instanceof Error) return { message: error.message, exitCode: ExitCode.other };
  return { message: String(error), exitCode: ExitCode.other };
}

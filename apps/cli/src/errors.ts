// Error catalogue of the `parley` CLI: every way a command can end, each with its exit code.
// Exit codes are documented in README.md and in `parley --help`; keep the three in step.
import {
  type ClientError,
  ConnectionError,
  DisconnectedError,
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

/**
 * "condition", or "condition (text)" when the text says more than the condition (a text that
 * merely repeats it, or starts with it, is not printed twice).
 */
export function conditionText(condition: string, text: string | undefined): string {
  const rest = text?.startsWith(`${condition}: `) ? text.slice(condition.length + 2) : text;
  return rest === undefined || rest === "" || rest === condition
    ? condition
    : `${condition} (${rest})`;
}

/** A client error's message without its leading "condition: ". */
function detail(error: ClientError): string {
  const prefix = `${error.condition}: `;
  return error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
}

/** Maps any failure to the message printed and the exit code (README.md "Exit codes"). */
export function describeFailure(error: unknown): { message: string; exitCode: ExitCode } {
  if (error instanceof CliError) return { message: error.message, exitCode: error.exitCode };
  // "client offline" says nothing: what ended the session is the cause (a stream error, ...).
  if (error instanceof DisconnectedError && error.cause !== undefined) {
    return describeFailure(error.cause);
  }
  if (error instanceof SaslError) {
    if (error.condition === "encryption-required") {
      return {
        message: `${error.text ?? "the server requires TLS"} (leave out --no-tls)`,
        exitCode: ExitCode.certificate,
      };
    }
    return {
      message: `authentication failed: ${conditionText(error.condition, error.text)}`,
      exitCode: ExitCode.auth,
    };
  }
  if (error instanceof TlsError) {
    const hint =
      error.condition === "certificate-invalid"
        ? " (use --insecure to accept a self-signed certificate)"
        : "";
    return { message: `TLS: ${detail(error)}${hint}`, exitCode: ExitCode.certificate };
  }
  if (error instanceof ConnectionError) {
    return error.condition === "connection-failed"
      ? { message: `cannot reach the server: ${detail(error)}`, exitCode: ExitCode.unreachable }
      : { message: `connection lost: ${detail(error)}`, exitCode: ExitCode.other };
  }
  if (error instanceof TimeoutError) return { message: error.message, exitCode: ExitCode.timeout };
  if (error instanceof NegotiationError && error.condition === "encryption-required") {
    return {
      message: `${detail(error)} (use --no-tls only for local tests)`,
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
    return {
      message: `stream error: ${conditionText(error.condition, error.text)}`,
      exitCode: code,
    };
  }
  if (error instanceof Error) return { message: error.message, exitCode: ExitCode.other };
  return { message: String(error), exitCode: ExitCode.other };
}

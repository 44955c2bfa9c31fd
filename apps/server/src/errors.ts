// Error catalogue of parley-server: every error a command can end with, each with its exit code.
// Exit codes are documented in README.md; keep the two in step.

export const ExitCode = {
  ok: 0,
  /** Something failed while running: storage, a port in use, an unreadable file. */
  runtime: 1,
  /** Bad command line, bad config file or environment variable, bad input file. */
  usage: 2,
  /** The account does not exist. */
  notFound: 3,
  /** The account already exists. */
  conflict: 4,
  /** `check` found a problem with the certificate or key. */
  checkFailed: 5,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Base class: an error the CLI reports as one line and ends with `exitCode`. */
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

/** A config value is wrong; `key` is its dotted path in the file or the environment variable. */
export class ConfigError extends CliError {
  override name = "ConfigError";
  readonly key: string;
  constructor(key: string, message: string, options?: { cause?: unknown }) {
    super(`config: ${key}: ${message}`, ExitCode.usage, options);
    this.key = key;
  }
}

export class AccountNotFoundCliError extends CliError {
  override name = "AccountNotFoundCliError";
  constructor(jid: string) {
    super(`no such account: ${jid}`, ExitCode.notFound);
  }
}

export class AccountExistsCliError extends CliError {
  override name = "AccountExistsCliError";
  constructor(jid: string) {
    super(`account already exists: ${jid}`, ExitCode.conflict);
  }
}

/** Problems `check` found with the certificate setup, one per line. */
export class CertificateCheckError extends CliError {
  override name = "CertificateCheckError";
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(problems.map((p) => `check: ${p}`).join("\n"), ExitCode.checkFailed);
    this.problems = problems;
  }
}

/** Bad lines of a `users import` file, each with its line number. */
export class ImportFileError extends CliError {
  override name = "ImportFileError";
  readonly lines: readonly { line: number; message: string }[];
  constructor(file: string, lines: readonly { line: number; message: string }[]) {
    const shown = lines.slice(0, 50).map((l) => `${file}:${l.line}: ${l.message}`);
    if (lines.length > 50) shown.push(`… and ${lines.length - 50} more bad lines`);
    super(`${shown.join("\n")}\nnothing was imported`, ExitCode.usage);
    this.lines = lines;
  }
}

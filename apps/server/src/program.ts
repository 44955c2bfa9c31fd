// The commands, their options and their exit codes (see README.md "Exit codes"). `start` and
// `check` load the server core (and the modules) lazily: account commands start faster without.
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { parseAccountJid } from "./accounts/bare-jid";
import { obtainPassword } from "./accounts/password";
import { loadConfig } from "./config/load";
import type { AppConfig } from "./config/types";
import { addUser, changePassword, deleteUser, listUsers } from "./commands/accounts";
import { type ExistingPolicy, importUsers, readImportFile } from "./commands/import";
import { AccountNotFoundCliError, CliError, ExitCode } from "./errors";
import { storageExists, withStorage } from "./storage";
import { MIN_ITERATIONS } from "@parley/sasl";

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

const defaultIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

function iterations(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < MIN_ITERATIONS || n > 10_000_000) {
    throw new InvalidArgumentError(`an integer from ${MIN_ITERATIONS} to 10000000`);
  }
  return n;
}

function build(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command("parley-server")
    .description("The Parley XMPP server")
    .option(
      "-c, --config <file>",
      "config file (TOML); default: $PARLEY_CONFIG, else built-in defaults",
    )
    .showHelpAfterError("(run parley-server --help for usage)")
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .exitOverride();

  const config = (cmd: Command): Promise<AppConfig> =>
    loadConfig({ file: cmd.optsWithGlobals().config });

  program
    .command("start")
    .description("start the server (stops cleanly on SIGTERM/SIGINT)")
    .action(async (_opts, cmd: Command) => {
      const cfg = await config(cmd);
      const { checkModuleSections } = await import("./extra-modules");
      checkModuleSections(cfg);
      const { startServer } = await import("./commands/start");
      const running = await startServer(cfg, io.out);
      setExit(await running.stopped);
    });

  program
    .command("adduser")
    .argument("<jid>", "bare JID of the new account (user@domain)")
    .option(
      "-p, --password <password>",
      "the password (else prompted, or one line read from stdin)",
    )
    .description("create an account")
    .action(async (jid: string, opts: { password?: string }, cmd: Command) => {
      const cfg = await config(cmd);
      const password = await obtainPassword({ given: opts.password });
      const created = await withStorage(cfg, (s) => addUser(s, cfg, jid, password));
      io.out(`created ${created}`);
    });

  program
    .command("passwd")
    .argument("<jid>", "bare JID of the account")
    .option(
      "-p, --password <password>",
      "the new password (else prompted, or one line read from stdin)",
    )
    .description("set an account's password")
    .action(async (jid: string, opts: { password?: string }, cmd: Command) => {
      const cfg = await config(cmd);
      const password = await obtainPassword({ given: opts.password });
      const changed = await withStorage(cfg, (s) => changePassword(s, cfg, jid, password));
      io.out(`password changed for ${changed}`);
    });

  program
    .command("deluser")
    .argument("<jid>", "bare JID of the account")
    .description("delete an account with its roster, offline messages and stored data")
    .action(async (jid: string, _opts, cmd: Command) => {
      const cfg = await config(cmd);
      // No database yet: nothing to delete, and nothing to create just to say so.
      if (!storageExists(cfg)) throw new AccountNotFoundCliError(parseAccountJid(jid, cfg.domains));
      const deleted = await withStorage(cfg, (s) => deleteUser(s, cfg, jid));
      io.out(`deleted ${deleted}`);
    });

  const users = program.command("users").description("list or import accounts");
  users
    .command("list")
    .option("-d, --domain <domain>", "only the accounts of this domain")
    .description("print every account's JID, one a line, sorted")
    .action(async (opts: { domain?: string }, cmd: Command) => {
      const cfg = await config(cmd);
      const list = storageExists(cfg)
        ? await withStorage(cfg, (s) => listUsers(s, cfg, opts.domain))
        : [];
      for (const jid of list) io.out(jid);
    });
  users
    .command("import")
    .argument("<file>", 'one "jid password" per line; blank lines and # comments are skipped')
    .addOption(
      new Option("--iterations <n>", "SCRAM iteration count (default: scram_iterations)").argParser(
        iterations,
      ),
    )
    .addOption(
      new Option("--skip-existing", "leave accounts that exist as they are").conflicts("replace"),
    )
    .addOption(new Option("--replace", "set the password of accounts that exist"))
    .description("create many accounts at once (all or nothing)")
    .action(
      async (
        file: string,
        opts: { iterations?: number; skipExisting?: boolean; replace?: boolean },
        cmd: Command,
      ) => {
        const cfg = await config(cmd);
        const text = await readImportFile(file);
        const existing: ExistingPolicy = opts.replace
          ? "replace"
          : opts.skipExisting
            ? "skip"
            : "fail";
        const it = opts.iterations ?? cfg.scramIterations;
        const started = performance.now();
        const result = await withStorage(cfg, (s) =>
          importUsers(s, cfg, file, text, { iterations: it, existing }),
        );
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        io.out(
          `imported ${result.written} accounts (${result.replaced} replaced, ${result.skipped} skipped) in ${seconds} s ` +
            `(${it} iterations; deriving ${(result.deriveMs / 1000).toFixed(1)} s, writing ${(result.writeMs / 1000).toFixed(1)} s)`,
        );
      },
    );

  program
    .command("check")
    .description("validate the config and the TLS key and certificate")
    .action(async (_opts, cmd: Command) => {
      const cfg = await config(cmd);
      const { checkModuleSections } = await import("./extra-modules");
      checkModuleSections(cfg);
      const { checkSetup } = await import("./commands/check");
      for (const line of await checkSetup(cfg)) io.out(line);
    });

  return program;
}

/** Runs the command line; resolves with the exit code (undefined = leave it as it is). */
export async function runCli(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  let code: number = ExitCode.ok;
  const program = build(io, (c) => {
    code = c;
  });
  if (argv.length === 0) {
    program.outputHelp({ error: true });
    return ExitCode.usage;
  }
  try {
    await program.parseAsync([...argv], { from: "user" });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end "with an error" too; usage mistakes have been printed already.
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    if (error instanceof CliError) {
      io.err(`parley-server: ${error.message}`);
      return error.exitCode;
    }
    io.err(`parley-server: ${(error as Error)?.stack ?? String(error)}`);
    return ExitCode.runtime;
  }
}

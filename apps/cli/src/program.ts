// The commands, their options and their exit codes (see README.md "Exit codes").
import { Command, CommanderError, Option } from "commander";
import {
  type GlobalOptions,
  accountJid,
  resolveAccount,
  resolveForRegistration,
} from "./account/resolve";
import { chat } from "./commands/chat";
import { xmlConsole } from "./commands/console";
import { disco } from "./commands/disco";
import { listen } from "./commands/listen";
import { ping } from "./commands/ping";
import { stayPresent } from "./commands/presence";
import { registerAccount } from "./register/register";
import { rosterAdd, rosterApprove, rosterDeny, rosterList, rosterRemove } from "./commands/roster";
import { type SendOptions, sendMessage } from "./commands/send";
import { ExitCode, UsageError, describeFailure } from "./errors";
import { EXAMPLES, PROGRAM_HELP } from "./help";
import { type CliIo, catchSignals, processIo } from "./io";
import { collect, integer, seconds } from "./options";
import { readAll } from "./read-stdin";
import { type Session, withSession } from "./session";
import { targetJid } from "./target";
import type { Show } from "@parley/stanza";
import { version } from "../package.json";

function build(io: CliIo): Command {
  const program = new Command("parley")
    .description("A command-line XMPP client")
    .version(version, "-V, --version", "print the version of parley")
    .option(
      "-j, --jid <jid>",
      "account JID (user@domain[/resource]); else $PARLEY_JID or the config file",
    )
    .option(
      "-p, --password <password>",
      "password; else $PARLEY_PASSWORD, the config file, or a prompt",
    )
    .option("-c, --config <file>", "config file (TOML), default ~/.config/parley/config.toml")
    .option("--resource <resource>", "resource to ask for when binding")
    .option("--host <host>", "connect to this host instead of looking up DNS SRV records")
    .addOption(
      new Option("--port <port>", "port (default 5222, or 5223 with --direct-tls)").argParser(
        integer(1, 65535),
      ),
    )
    .option(
      "--websocket <url>",
      "connect over WebSocket (RFC 7395), e.g. wss://example.org/xmpp-websocket",
    )
    .option("--direct-tls", "TLS from the first byte (XEP-0368) instead of STARTTLS")
    .option("--insecure", "accept any TLS certificate (self-signed test servers)")
    .option("--no-tls", "plain TCP without TLS (local test servers only)")
    .addOption(
      new Option("--timeout <seconds>", "longest wait for the server or an answer").argParser(
        seconds,
      ),
    )
    .showHelpAfterError("(run parley --help for usage)")
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .addHelpText("after", PROGRAM_HELP)
    .exitOverride();

  const globals = (cmd: Command) => cmd.optsWithGlobals<GlobalOptions>();
  /** Runs `work` in a logged-in session of the configured account. */
  const online = async <T>(cmd: Command, work: (s: Session) => Promise<T>): Promise<T> => {
    const account = await resolveAccount(globals(cmd), io.env);
    return withSession(account.client, work);
  };
  const durationMs = (cmd: Command) => {
    const t = globals(cmd).timeout;
    return t === undefined ? undefined : Math.round(t * 1000);
  };

  program
    .command("send")
    .description("send a message (the text from stdin when TEXT is left out)")
    .argument("<jid>", "recipient")
    .argument("[text]", "message text")
    .addOption(
      new Option("-t, --type <type>", "message type")
        .choices(["chat", "normal", "headline"])
        .default("chat"),
    )
    .option("-r, --receipt", "wait for a delivery receipt (XEP-0184)")
    .addHelpText("after", EXAMPLES.send)
    .action(
      async (
        to: string,
        text: string | undefined,
        o: { type: SendOptions["type"]; receipt?: boolean },
        cmd: Command,
      ) => {
        const jid = targetJid(to, "recipient");
        let body = text;
        if (body === undefined) {
          if (io.stdin.isTTY)
            throw new UsageError(
              "no TEXT given (pipe the text on stdin, or give it after the JID)",
            );
          body = (await readAll(io.stdin)).replace(/\r?\n$/, "");
        }
        if (body === "") throw new UsageError("the message text is empty");
        const message = body;
        await online(cmd, (s) =>
          sendMessage(s, jid, message, { type: o.type, receipt: o.receipt === true }, io),
        );
      },
    );

  program
    .command("listen")
    .description("print incoming messages until Ctrl-C, --count or --timeout")
    .option("--json", "one JSON object a line: from, to, type, body, id, stamp")
    .addOption(
      new Option("-n, --count <n>", "stop after N messages").argParser(
        integer(1, Number.MAX_SAFE_INTEGER),
      ),
    )
    .addOption(
      new Option("--priority <n>", "presence priority of this session")
        .argParser(integer(-128, 127))
        .default(0),
    )
    .addHelpText("after", EXAMPLES.listen)
    .action(async (o: { json?: boolean; count?: number; priority: number }, cmd: Command) => {
      catchSignals();
      await online(cmd, (s) =>
        listen(
          s,
          {
            json: o.json === true,
            count: o.count,
            durationMs: durationMs(cmd),
            priority: o.priority,
          },
          io,
        ),
      );
    });

  program
    .command("chat")
    .description("chat with someone, interactively or from piped lines")
    .argument("<jid>", "the person (or bot) to chat with")
    .addHelpText("after", EXAMPLES.chat)
    .action(async (peer: string, _o, cmd: Command) => {
      const jid = targetJid(peer, "peer");
      catchSignals();
      await online(cmd, (s) => chat(s, jid, io));
    });

  const roster = program
    .command("roster")
    .description("list, add, remove contacts; approve or deny subscription requests")
    .addHelpText("after", EXAMPLES.roster);
  roster
    .command("list")
    .description("print the roster, sorted by JID, and the subscription requests waiting")
    .option("--json", "one JSON object a line")
    .option(
      "--no-pending",
      "skip looking for subscription requests (looking makes you available for a moment)",
    )
    .addHelpText("after", EXAMPLES.roster)
    .action(async (o: { json?: boolean; pending: boolean }, cmd: Command) => {
      await online(cmd, (s) => rosterList(s, { json: o.json === true, pending: o.pending }, io));
    });
  roster
    .command("add")
    .description("add or update a contact, and ask to see their presence")
    .argument("<jid>", "the contact's bare JID")
    .option("--name <name>", "display name")
    .option("-g, --group <group>", "group (repeat for several)", collect, [])
    .option("--no-subscribe", "do not ask for a presence subscription")
    .addHelpText("after", EXAMPLES.roster)
    .action(
      async (
        contact: string,
        o: { name?: string; group: string[]; subscribe: boolean },
        cmd: Command,
      ) => {
        const jid = accountJid(contact, "contact");
        await online(cmd, (s) =>
          rosterAdd(s, jid, { name: o.name, groups: o.group, subscribe: o.subscribe }, io),
        );
      },
    );
  roster
    .command("remove")
    .description("remove a contact (and the subscriptions both ways)")
    .argument("<jid>", "the contact's bare JID")
    .addHelpText("after", EXAMPLES.roster)
    .action(async (contact: string, _o, cmd: Command) => {
      const jid = accountJid(contact, "contact");
      await online(cmd, (s) => rosterRemove(s, jid, io));
    });
  roster
    .command("approve")
    .description("let someone who asked see your presence (RFC 6121 §3.1.4)")
    .argument("<jid>", "the bare JID that asked")
    .addHelpText("after", EXAMPLES.roster)
    .action(async (contact: string, _o, cmd: Command) => {
      const jid = accountJid(contact, "contact");
      await online(cmd, (s) => rosterApprove(s, jid, io));
    });
  roster
    .command("deny")
    .description("refuse a subscription request, or revoke one you approved (§3.2)")
    .argument("<jid>", "the bare JID that asked")
    .addHelpText("after", EXAMPLES.roster)
    .action(async (contact: string, _o, cmd: Command) => {
      const jid = accountJid(contact, "contact");
      await online(cmd, (s) => rosterDeny(s, jid, io));
    });

  program
    .command("presence")
    .description(
      "go online with a presence; print contacts' presence and incoming messages until Ctrl-C",
    )
    .addOption(new Option("--show <show>", "availability").choices(["away", "chat", "dnd", "xa"]))
    .option("--status <text>", "status message")
    .addOption(new Option("--priority <n>", "priority").argParser(integer(-128, 127)))
    .addHelpText("after", EXAMPLES.presence)
    .action(async (o: { show?: Show; status?: string; priority?: number }, cmd: Command) => {
      catchSignals();
      await online(cmd, (s) => stayPresent(s, { ...o, durationMs: durationMs(cmd) }, io));
    });

  program
    .command("ping")
    .description("XEP-0199 ping; prints the round trip time")
    .argument("[jid]", "whom to ping (default: your server)")
    .addHelpText("after", EXAMPLES.ping)
    .action(async (target: string | undefined, _o, cmd: Command) => {
      const jid = target === undefined ? undefined : targetJid(target, "ping target");
      await online(cmd, (s) => ping(s, jid, io));
    });

  program
    .command("disco")
    .description("XEP-0030 service discovery: identities and features, or items")
    .argument("[jid]", "entity to ask (default: your server)")
    .option("--items", "list items (disco#items) instead of info")
    .option("--node <node>", "node to ask about")
    .option("--json", "one JSON object")
    .addHelpText("after", EXAMPLES.disco)
    .action(
      async (
        target: string | undefined,
        o: { items?: boolean; node?: string; json?: boolean },
        cmd: Command,
      ) => {
        const jid = target === undefined ? undefined : targetJid(target, "disco target");
        await online(cmd, (s) =>
          disco(s, jid, { items: o.items === true, node: o.node, json: o.json === true }, io),
        );
      },
    );

  program
    .command("register")
    .description("create an account by in-band registration (XEP-0077)")
    .argument("<jid>", "the new account (user@domain)")
    .option("--password <password>", "its password (else $PARLEY_PASSWORD or a prompt)")
    .addHelpText("after", EXAMPLES.register)
    .action(async (account: string, o: { password?: string }, cmd: Command) => {
      const jid = accountJid(account, "new account");
      const { settings, password } = await resolveForRegistration(globals(cmd), o.password, io.env);
      await registerAccount(jid, password, settings);
      io.out(`registered ${jid.bare()}`);
    });

  program
    .command("console")
    .description("raw XML in and out, for debugging servers")
    .addHelpText("after", EXAMPLES.console)
    .action(async (_o, cmd: Command) => {
      await online(cmd, (s) => xmlConsole(s, { answerTimeoutMs: durationMs(cmd) ?? 30_000 }, io));
    });

  return program;
}

/** Runs the command line; resolves with the exit code. */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const program = build(io);
  if (argv.length === 0) {
    program.outputHelp({ error: true });
    return ExitCode.usage;
  }
  try {
    await program.parseAsync([...argv], { from: "user" });
    return ExitCode.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end "with an error" too; usage mistakes have been printed already.
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    const { message, exitCode } = describeFailure(error);
    io.err(`parley: ${message}`);
    return exitCode;
  }
}

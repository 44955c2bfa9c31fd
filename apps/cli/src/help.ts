// Help texts: examples under every command's --help, and the sections under `parley --help`.
import { EXIT_CODE_HELP } from "./errors";

export const PROGRAM_HELP = `
Account (first found wins):
  --jid / --password, then PARLEY_JID / PARLEY_PASSWORD, then the config file
  (--config FILE, default ~/.config/parley/config.toml, keys: jid, password, resource,
  host, port, websocket, direct_tls, insecure, timeout), then a hidden prompt for the
  password when stdin is a terminal.

Examples:
  $ parley --jid alice@example.org send bob@example.org "lunch?"
  $ echo "build done" | parley send ops@example.org
  $ parley listen --json --count 1
  $ parley chat bob@example.org
  $ parley --host 127.0.0.1 --insecure ping

${EXIT_CODE_HELP}`;

export const EXAMPLES = {
  send: `
Examples:
  $ parley send bob@example.org "see you at 8"
  $ parley send --type headline news@example.org < bulletin.txt
  $ parley send --receipt bob@example.org/phone "did you get this?"`,
  listen: `
Examples:
  $ parley listen
  $ parley listen --json | jq -r .body
  $ parley listen --count 1 --timeout 60     # exit 6 when nothing comes in a minute`,
  chat: `
In the chat: type a line to send it; /history shows this session's messages, /quit ends.
Piped input works too: every line is sent (or run as a command), the end of input ends the chat.

Examples:
  $ parley chat bob@example.org
  $ printf 'hello\\n/quit\\n' | parley chat bob@example.org`,
  roster: `
Examples:
  $ parley roster list
  $ parley roster add bob@example.org --name Bob --group Friends --group Work
  $ parley roster add feed@example.org --no-subscribe
  $ parley roster remove bob@example.org
  $ parley roster list                   # "alice@example.org (none, asks you)": a request waits
  $ parley roster approve alice@example.org
  $ parley roster deny spammer@example.org`,
  presence: `
Stays online until Ctrl-C or --timeout, printing the presence of your contacts and the messages
that reach you (as \`parley listen\` prints them).

Examples:
  $ parley presence --show away --status "at lunch"
  $ parley presence --priority 10 --timeout 3600`,
  ping: `
Examples:
  $ parley ping                          # your server (XEP-0199 §4.2)
  $ parley ping bob@example.org/phone    # a client (§4.3); exit 7 with its error condition`,
  disco: `
Examples:
  $ parley disco                         # your server's identities and features
  $ parley disco --items
  $ parley disco conference.example.org --json
  $ parley disco pubsub.example.org --items --node princely_musings`,
  register: `
Asks the server for a new account (XEP-0077 in-band registration). Most servers keep this off;
the command then says so and ends with exit code 7.

Examples:
  $ parley --host 127.0.0.1 register newbie@example.org --password 's3cret'
  $ parley register newbie@example.org       # asks for the password twice on a terminal`,
  console: `
Every stanza received is printed, indented. Lines typed (or piped) are sent once they form
complete, well-formed XML; a stanza may span several lines. Malformed input is reported and
not sent (exit code 2 at the end). At the end of input the console waits for the answers to the
iq get/set it sent (up to --timeout, default 30 s), then disconnects.

Examples:
  $ parley console
  $ echo '<iq type="get" id="v1" to="example.org"><query xmlns="jabber:iq:version"/></iq>' | parley console`,
} as const;

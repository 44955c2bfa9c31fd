// `parley chat JID`: an interactive conversation on node:readline. Works with a piped stdin too:
// every line is a message or a command, and the end of input ends the chat like /quit.
import { createInterface } from "node:readline";
import type { Jid } from "@parley/jid";
import { type MessageView, type PresenceView, message, presence } from "@parley/stanza";
import type { CliIo } from "../io";
import type { Session } from "../session";
import { deferred, waitForEnd } from "../wait";
import { CHAT_HELP, type HistoryEntry, chatLine, presenceLine } from "./chat-view";

export async function chat(s: Session, peer: Jid, io: CliIo): Promise<void> {
  const tty = io.stdin.isTTY === true;
  const rl = createInterface({
    input: io.stdin,
    ...(tty ? { output: process.stdout, terminal: true } : { terminal: false }),
  });
  rl.setPrompt("> ");
  const history: HistoryEntry[] = [];
  const me = s.client.jid?.bare().toString() ?? "me";
  const finished = deferred();

  // On a terminal, a line printed while the user types goes above the prompt line.
  const show = (line: string) => {
    if (!tty) return io.out(line);
    process.stdout.write("\r\u001b[K");
    io.out(line);
    rl.prompt(true);
  };
  const record = (who: string, text: string) => {
    const entry = { at: new Date(), who, text };
    history.push(entry);
    show(chatLine(entry));
  };

  const onMessage = (m: MessageView) => {
    const from = m.fromJid;
    if (m.isError) {
      show(
        `! ${m.from ?? "?"}: ${m.error?.condition ?? "undefined-condition"}${m.error?.text ? ` (${m.error.text})` : ""}`,
      );
      return;
    }
    const body = m.body;
    if (body === undefined || !from) return;
    record(from.bareEquals(peer) ? peer.bare().toString() : from.toString(), body);
  };
  const onPresence = (p: PresenceView) => {
    if (p.fromJid?.bareEquals(peer)) show(presenceLine(p, new Date()));
  };
  s.client.on("message", onMessage);
  s.client.on("presence", onPresence);

  // Lines are handled in order; a send that fails ends the chat with that error.
  let failure: unknown;
  rl.on("line", (input) => {
    const line = input.trimEnd();
    if (line === "") return;
    if (line === "/quit") return finished.resolve();
    if (line === "/history") {
      show(`--- history: ${history.length} message${history.length === 1 ? "" : "s"} ---`);
      for (const e of history) show(chatLine(e));
      show("--- end of history ---");
      return;
    }
    if (line === "/help" || line.startsWith("/"))
      return show(line === "/help" ? CHAT_HELP : `unknown command ${line}; ${CHAT_HELP}`);
    try {
      s.client.send(message({ to: peer, type: "chat", body: line }));
      record(me, line);
    } catch (error) {
      failure = error;
      finished.resolve();
    }
  });
  rl.on("close", () => finished.resolve());
  rl.on("SIGINT", () => finished.resolve());

  // RFC 6121 §4.2: available, so the server probes our contacts and routes chats here.
  s.client.send(presence());
  if (tty) {
    io.out(`chatting with ${peer} as ${s.client.jid}; ${CHAT_HELP}`);
    rl.prompt();
  }
  try {
    await waitForEnd(s.lost, finished.promise, undefined);
    if (failure !== undefined) throw failure;
    await s.flush(); // what was typed last reaches the server before the stream closes
  } finally {
    s.client.off("message", onMessage);
    s.client.off("presence", onPresence);
    rl.close();
  }
}

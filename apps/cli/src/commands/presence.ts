// `parley presence`: sets our presence (RFC 6121 §4.2, §4.7) and stays online, printing the
// presence of contacts as it arrives (the server probes them for us) and the messages delivered
// to this now available resource (as `listen` prints them), until SIGINT or --timeout.
import { type PresenceView, type Show, presence } from "@parley/stanza";
import type { CliIo } from "../io";
import type { Session } from "../session";
import { deferred, waitForEnd } from "../wait";
import { presenceLine } from "./chat-view";
import { printMessages } from "./incoming";

export interface PresenceOptions {
  show?: Show;
  status?: string;
  priority?: number;
  durationMs?: number;
}

export async function stayPresent(s: Session, o: PresenceOptions, io: CliIo): Promise<void> {
  const me = s.client.jid;
  const onPresence = (p: PresenceView) => {
    if (me && p.from === me.toString()) return; // our own broadcast coming back
    io.out(presenceLine(p, new Date()));
  };
  s.client.on("presence", onPresence);
  // Available means messages to the bare JID (and offline ones) come here: print, never drop.
  const printing = printMessages(s.client, io, { json: false });
  const init: Parameters<typeof presence>[0] = {};
  if (o.show !== undefined) init.show = o.show;
  if (o.status !== undefined) init.status = o.status;
  if (o.priority !== undefined) init.priority = o.priority;
  s.client.send(presence(init));
  await s.flush();
  const words = [
    o.show ?? "online",
    o.status === undefined ? "" : `"${o.status}"`,
    o.priority === undefined ? "" : `priority ${o.priority}`,
  ];
  io.err(`present as ${me} (${words.filter(Boolean).join(", ")}); Ctrl-C to go offline`);
  await waitForEnd(s.lost, deferred().promise, o.durationMs);
  s.client.off("presence", onPresence);
  printing.stop();
}

// `parley listen`: prints incoming messages until SIGINT, --count N messages, or --timeout.
import { TimeoutError } from "@parley/client";
import { type MessageView, presence } from "@parley/stanza";
import { jsonLine, messageRecord, textLine } from "../format/message";
import type { CliIo } from "../io";
import type { Session } from "../session";
import { deferred, waitForEnd } from "../wait";

export interface ListenOptions {
  json: boolean;
  count?: number;
  /** Stop after this long (--timeout); with `count`, not reaching it is a timeout error. */
  durationMs?: number;
  priority: number;
}

export async function listen(s: Session, o: ListenOptions, io: CliIo): Promise<void> {
  let seen = 0;
  const enough = deferred();
  const onMessage = (m: MessageView) => {
    if (m.isError) {
      io.err(`error message from ${m.from ?? "?"}: ${m.error?.condition ?? "undefined-condition"}`);
      return;
    }
    const record = messageRecord(m.element);
    if (!record) return;
    io.out(o.json ? jsonLine(record) : textLine(record));
    seen++;
    if (o.count !== undefined && seen >= o.count) enough.resolve();
  };
  s.client.on("message", onMessage);
  // RFC 6121 §4.2: initial presence makes this resource available, so messages to the bare JID
  // (and stored offline messages) are delivered here.
  s.client.send(presence({ priority: o.priority }));
  const end = await waitForEnd(s.lost, enough.promise, o.durationMs);
  s.client.off("message", onMessage);
  if (end.reason === "deadline" && o.count !== undefined) {
    throw new TimeoutError(`${seen} of ${o.count} messages received within --timeout`);
  }
}

// `parley listen`: prints incoming messages until SIGINT, --count N messages, or --timeout.
import { TimeoutError } from "@parley/client";
import { presence } from "@parley/stanza";
import type { CliIo } from "../io";
import type { Session } from "../session";
import { deferred, waitForEnd } from "../wait";
import { printMessages } from "./incoming";

export interface ListenOptions {
  json: boolean;
  count?: number;
  /** Stop after this long (--timeout); with `count`, not reaching it is a timeout error. */
  durationMs?: number;
  priority: number;
}

export async function listen(s: Session, o: ListenOptions, io: CliIo): Promise<void> {
  const enough = deferred();
  // Exactly `count` messages are printed, even when more arrive in one burst (incoming.ts).
  const printing = printMessages(s.client, io, {
    json: o.json,
    ...(o.count === undefined ? {} : { limit: o.count, onLimit: enough.resolve }),
  });
  // RFC 6121 §4.2: initial presence makes this resource available, so messages to the bare JID
  // (and stored offline messages) are delivered here.
  s.client.send(presence({ priority: o.priority }));
  const end = await waitForEnd(s.lost, enough.promise, o.durationMs);
  printing.stop();
  if (end.reason === "deadline" && o.count !== undefined) {
    throw new TimeoutError(`${printing.count} of ${o.count} messages received within --timeout`);
  }
}

// Incoming messages as `listen` prints them (also used by `presence`): a text line or one JSON
// object a line on stdout; error messages on stderr; bodiless messages (receipts, chat states)
// are not printed.
import type { Client } from "@parley/client";
import type { MessageView } from "@parley/stanza";
import { jsonLine, messageRecord, textLine } from "../format/message";
import type { CliIo } from "../io";

export interface PrintOptions {
  json: boolean;
  /** Print at most this many; then the client stops taking stanzas and `onLimit` runs. */
  limit?: number;
  onLimit?: () => void;
}

export interface Printing {
  /** Messages printed so far. */
  readonly count: number;
  stop(): void;
}

/** Prints the client's incoming messages until `stop()`. */
export function printMessages(client: Client, io: CliIo, o: PrintOptions): Printing {
  let printed = 0;
  const onMessage = (m: MessageView) => {
    if (o.limit !== undefined && printed >= o.limit) return;
    if (m.isError) {
      io.err(`error message from ${m.from ?? "?"}: ${m.error?.condition ?? "undefined-condition"}`);
      return;
    }
    const record = messageRecord(m.element);
    if (!record) return;
    io.out(o.json ? jsonLine(record) : textLine(record));
    printed++;
    if (o.limit !== undefined && printed >= o.limit) {
      // Messages of the same burst after this one are neither printed nor acknowledged: with
      // XEP-0198 the server keeps them (offline storage) for the next session.
      client.stopReceiving();
      o.onLimit?.();
    }
  };
  client.on("message", onMessage);
  return {
    get count() {
      return printed;
    },
    stop: () => client.off("message", onMessage),
  };
}
